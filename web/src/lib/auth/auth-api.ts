/**
 * Calls to the relay's account API. Every answer is validated with the shared schema; network
 * failures and error answers come back as values, never as exceptions.
 */
import type { z } from 'zod';
import {
  API_ERROR_MESSAGES,
  ApiError,
  CreateStaffResponse,
  PracticeDevice,
  SecondFactorSetup,
  SecondFactorStatus,
  SecurityEventRecord,
  SetupResponse,
  SignedIn,
  StaffAccount,
  type CreateStaffRequest,
  type SetupRequest,
  type SignInRequest,
  type UpdateStaffRequest,
} from '@aligned/shared/protocol';
import { z as zod } from 'zod';

export type ApiFailure = ApiError | { error: 'unreachable' };
export type ApiResult<T> = { ok: true; value: T } | { ok: false; failure: ApiFailure };

/** What went wrong, in words: the relay's own problem where it gave one, else the code's message. */
export const failureText = (failure: ApiFailure, unreachable = 'The relay cannot be reached.'): string =>
  failure.error === 'unreachable' ? unreachable : (failure.problem ?? API_ERROR_MESSAGES[failure.error]);

export const AuthInfo = zod.object({
  mode: zod.enum(['accounts', 'development', 'credentials']),
  setupNeeded: zod.boolean(),
});
export type AuthInfo = z.infer<typeof AuthInfo>;

async function call<S extends z.ZodType>(
  base: string,
  path: string,
  schema: S,
  init: { method?: string; body?: unknown; token?: string } = {},
): Promise<ApiResult<z.infer<S>>> {
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      cache: 'no-store',
      headers: {
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  } catch {
    return { ok: false, failure: { error: 'unreachable' } };
  }
  const json: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const parsed = schema.safeParse(json);
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, failure: { error: 'internal' } };
  }
  const error = ApiError.safeParse(json);
  return { ok: false, failure: error.success ? error.data : { error: 'internal' } };
}

export function createAuthApi(base: string) {
  return {
    info: () => call(base, '/api/auth', AuthInfo),
    setUp: (body: SetupRequest) => call(base, '/api/setup', SetupResponse, { body }),
    signIn: (body: SignInRequest) => call(base, '/api/sign-in', SignedIn, { body }),
    refresh: (token: string) => call(base, '/api/session', SignedIn, { token }),
    changePassword: (token: string, body: { current: string; next: string }) =>
      call(base, '/api/password', SignedIn, { token, body }),
    acceptInvite: (body: { token: string; password: string; deviceId: string; deviceKey?: string }) =>
      call(base, '/api/invites/accept', SignedIn, { body }),
    recover: (body: {
      code: string;
      login: string;
      newPassword: string;
      deviceId: string;
      deviceKey?: string;
    }) => call(base, '/api/recover', SetupResponse, { body }),
    secondFactorStatus: (token: string) => call(base, '/api/second-factor', SecondFactorStatus, { token }),
    beginSecondFactor: (token: string) =>
      call(base, '/api/second-factor/begin', SecondFactorSetup, { token, body: {} }),
    enableSecondFactor: (token: string, code: string) =>
      call(base, '/api/second-factor/enable', SecondFactorStatus, { token, body: { code } }),
    disableSecondFactor: (token: string, body: { password: string; code: string }) =>
      call(base, '/api/second-factor/disable', SecondFactorStatus, { token, body }),
    listStaff: (token: string) => call(base, '/api/staff', zod.array(StaffAccount), { token }),
    createStaff: (token: string, body: CreateStaffRequest) =>
      call(base, '/api/staff', CreateStaffResponse, { token, body }),
    updateStaff: (token: string, id: string, body: UpdateStaffRequest) =>
      call(base, `/api/staff/${encodeURIComponent(id)}`, StaffAccount, { token, body, method: 'PATCH' }),
    resetPassword: (token: string, id: string) =>
      call(
        base,
        `/api/staff/${encodeURIComponent(id)}/reset-password`,
        zod.object({ temporaryPassword: zod.string() }),
        {
          token,
          body: {},
        },
      ),
    revokeSessions: (token: string, id: string) =>
      call(base, `/api/staff/${encodeURIComponent(id)}/revoke`, zod.object({ revoked: zod.number() }), {
        token,
        body: {},
      }),
    /** The practice's devices (CRYPT-10), owners and managers. */
    listDevices: (token: string) => call(base, '/api/devices', zod.array(PracticeDevice), { token }),
    /** Forgets a lost device: its sessions end and the relay drops its escrow key (CRYPT-10). */
    forgetDevice: (token: string, id: string) =>
      call(base, `/api/devices/${encodeURIComponent(id)}/forget`, zod.object({ revoked: zod.number() }), {
        token,
        body: {},
      }),
    /** The relay's escrow key for this device's replica key (data-key.ts). */
    deviceKey: (token: string) =>
      call(base, '/api/device-key', zod.object({ deviceId: zod.string(), key: zod.string() }), {
        token,
        // A state-changing request: JSON like every other (AUTH-4), even with nothing to say.
        body: {},
      }),
    securityEvents: (token: string) =>
      call(base, '/api/security-events', zod.array(SecurityEventRecord), { token }),
  };
}

export type AuthApi = ReturnType<typeof createAuthApi>;
