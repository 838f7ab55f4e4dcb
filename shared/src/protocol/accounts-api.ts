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
/** The secret the relay gave this device when it registered its id (PERM-2); absent before that. */
export const DeviceKeyField = z.string().regex(/^[A-Za-z0-9_-]{16,200}$/);
/** A second-factor code from an authenticator app: six digits (spaces allowed while typing). */
export const TotpCode = z
  .string()
  .transform((value) => value.replace(/\s/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, { error: 'Six digits' }));

export const SetupRequest = z.object({
  practice: z.object({ name: z.string().trim().min(1, { error: 'Required' }).max(120), timeZone: TimeZone }),
  location: z.object({ name: z.string().trim().min(1, { error: 'Required' }).max(80) }),
  owner: z.object({ name: PersonName, login: Login, password: Password }),
  deviceId: DeviceIdField,
  deviceKey: DeviceKeyField.optional(),
});
export type SetupRequest = z.infer<typeof SetupRequest>;

export const SignInRequest = z.object({
  login: Login,
  password: Password,
  deviceId: DeviceIdField,
  deviceKey: DeviceKeyField.optional(),
  /** Required (after the password is right) for an account with a second factor. */
  code: TotpCode.optional(),
});
export type SignInRequest = z.infer<typeof SignInRequest>;

export const ChangePasswordRequest = z.object({ current: Password, next: Password });

export const AcceptInviteRequest = z.object({
  token: z.string().min(16).max(200),
  password: Password,
  deviceId: DeviceIdField,
  deviceKey: DeviceKeyField.optional(),
});

export const RecoverRequest = z.object({
  code: z.string().min(20).max(64),
  login: Login,
  newPassword: Password,
  deviceId: DeviceIdField,
  deviceKey: DeviceKeyField.optional(),
});

/** Second factor (AUTH-6): the first code from the app turns it on; password and a code turn it off. */
export const EnableSecondFactorRequest = z.object({ code: TotpCode });
export const DisableSecondFactorRequest = z.object({ password: Password, code: TotpCode });
export const SecondFactorStatus = z.object({ enabled: z.boolean() });
export const SecondFactorSetup = z.object({
  /** Base32, for typing into an authenticator app. */
  secret: z.string().regex(/^[A-Z2-7]{16,64}$/),
  /** `otpauth://totp/…`, for apps that open or scan it. */
  uri: z.string().startsWith('otpauth://totp/'),
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
  /**
   * The device id this session is bound to (PERM-2). When it differs from the one the device sent,
   * or comes with a `key`, the device keeps them and sends both next time.
   */
  device: z.object({ id: DeviceIdField, key: DeviceKeyField.optional() }).optional(),
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

/**
 * A device that has signed in to the practice (PERM-2, CRYPT-6), for owners and managers to review
 * and to forget a lost one (CRYPT-10). Ids and times only: what the device holds stays on it.
 */
export const PracticeDevice = z.object({
  id: z.string(),
  registeredAt: IsoDateTime,
  /** Forgotten devices keep their row so the security log's ids still mean something. */
  forgotten: z.boolean(),
  lastSignInAt: IsoDateTime.nullable(),
  /** The people who have signed in there, newest first (account ids). */
  accountIds: z.array(z.string()),
  /** Sessions not revoked and not expired. */
  liveSessions: z.number().int().nonnegative(),
  /** The device asking. */
  current: z.boolean(),
});
export type PracticeDevice = z.infer<typeof PracticeDevice>;

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
    'throttled',
    'second-factor-required',
    'invalid-code',
    'conflict',
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
  /** With `throttled`: seconds before the next attempt is tried. */
  retryAfterSeconds: z.number().int().positive().optional(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiError = z.infer<typeof ApiError>;

export const API_ERROR_MESSAGES: Record<ApiError['error'], string> = {
  'bad-request': 'Some of what was sent is not valid.',
  'invalid-credentials': 'That login and password do not match.',
  locked: 'Too many attempts. This account is locked for a few minutes.',
  throttled: 'Too many attempts. Wait a moment and try again.',
  'second-factor-required': 'Enter the six-digit code from your authenticator app.',
  'invalid-code': 'That code is not right. Codes change every 30 seconds; try the current one.',
  conflict: 'That was already done.',
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
