/**
 * The relay's account API (`/api/...`, JSON): request and response shapes, one schema each,
 * used by the app to build requests and read answers and by the relay to validate what arrives.
 * Documented in docs/security.md. Authenticated calls send `Authorization: Bearer <session token>`.
 */
import { z } from 'zod';
import { Id, IsoDateTime, PersonName, TimeZone } from '../core/common.schema.ts';
import { StaffRole } from '../identity/staff.schema.ts';

export const Login = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, { error: 'At least 3 characters' })
  .max(254)
  .regex(/^[^\s]+$/, { error: 'No spaces' });

const Password = z.string().min(1, { error: 'Required' }).max(256);

export const DeviceIdField = z.string().regex(/^dev_[0-9a-z]{8,32}$/);

export const SetupRequest = z.object({
  practice: z.object({ name: z.string().trim().min(1, { error: 'Required' }).max(120), timeZone: TimeZone }),
  location: z.object({ name: z.string().trim().min(1, { error: 'Required' }).max(80) }),
  owner: z.object({ name: PersonName, login: Login, password: Password }),
  deviceId: DeviceIdField,
});
export type SetupRequest = z.infer<typeof SetupRequest>;

export const SignInRequest = z.object({ login: Login, password: Password, deviceId: DeviceIdField });
export type SignInRequest = z.infer<typeof SignInRequest>;

export const ChangePasswordRequest = z.object({ current: Password, next: Password });

export const AcceptInviteRequest = z.object({
  token: z.string().min(16).max(200),
  password: Password,
  deviceId: DeviceIdField,
});

export const RecoverRequest = z.object({
  code: z.string().min(20).max(64),
  login: Login,
  newPassword: Password,
  deviceId: DeviceIdField,
});

export const CreateStaffRequest = z.object({
  name: PersonName,
  login: Login,
  role: StaffRole,
  locationIds: z.array(Id).default([]),
  method: z.enum(['invite', 'temporary-password']),
});
export type CreateStaffRequest = z.input<typeof CreateStaffRequest>;

export const UpdateStaffRequest = z.object({
  name: PersonName.optional(),
  role: StaffRole.optional(),
  locationIds: z.array(Id).optional(),
  disabled: z.boolean().optional(),
});
export type UpdateStaffRequest = z.input<typeof UpdateStaffRequest>;

/** What a device learns when someone signs in: who, for which practice, and the session. */
export const SignedIn = z.object({
  practiceId: Id,
  user: z.object({
    id: Id,
    name: z.string().min(1),
    login: z.string().min(1),
    role: StaffRole,
    locationIds: z.array(Id),
  }),
  token: z.string().min(16),
  expiresAt: IsoDateTime,
  mustChangePassword: z.boolean(),
});
export type SignedIn = z.infer<typeof SignedIn>;

export const SetupResponse = SignedIn.extend({
  /** Shown once: the owner's way back in if every manager is locked out. */
  recoveryCode: z.string().min(20),
});
export type SetupResponse = z.infer<typeof SetupResponse>;

export const StaffAccount = z.object({
  id: Id,
  name: z.string(),
  login: z.string(),
  role: StaffRole,
  locationIds: z.array(Id),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  lockedUntil: IsoDateTime.nullable(),
  invitePending: z.boolean(),
});
export type StaffAccount = z.infer<typeof StaffAccount>;

export const CreateStaffResponse = z.object({
  account: StaffAccount,
  invite: z.object({ token: z.string(), expiresAt: IsoDateTime }).optional(),
  temporaryPassword: z.string().optional(),
});
export type CreateStaffResponse = z.infer<typeof CreateStaffResponse>;

export const SecurityEventRecord = z.object({
  seq: z.number().int(),
  at: IsoDateTime,
  kind: z.string(),
  accountId: z.string().nullable(),
  deviceId: z.string().nullable(),
  detail: z.string().nullable(),
});
export type SecurityEventRecord = z.infer<typeof SecurityEventRecord>;

/** Every error the account API returns: a code the app maps to words, and optional details. */
export const ApiError = z.object({
  error: z.enum([
    'bad-request',
    'invalid-credentials',
    'locked',
    'disabled',
    'already-set-up',
    'weak-password',
    'unauthenticated',
    'expired',
    'revoked',
    'password-change-required',
    'forbidden',
    'not-found',
    'login-taken',
    'invalid-invite',
    'invalid-recovery',
    'internal',
  ]),
  problem: z.string().optional(),
  until: IsoDateTime.optional(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiError = z.infer<typeof ApiError>;

export const API_ERROR_MESSAGES: Record<ApiError['error'], string> = {
  'bad-request': 'Some of what was sent is not valid.',
  'invalid-credentials': 'That login and password do not match.',
  locked: 'Too many attempts. This account is locked for a few minutes.',
  disabled: 'This account has been turned off. Ask a manager.',
  'already-set-up': 'This relay already has a practice. Sign in instead.',
  'weak-password': 'Choose a stronger password.',
  unauthenticated: 'Please sign in.',
  expired: 'Your session has ended. Sign in again to sync.',
  revoked: 'Your session was ended by a manager. Sign in again.',
  'password-change-required': 'Choose a new password before you continue.',
  forbidden: 'Your role does not allow this.',
  'not-found': 'Not found.',
  'login-taken': 'Someone already uses that login.',
  'invalid-invite': 'This invitation is not valid any more. Ask for a new one.',
  'invalid-recovery': 'That recovery code and login do not match.',
  internal: 'Something went wrong on the relay. Try again.',
};
