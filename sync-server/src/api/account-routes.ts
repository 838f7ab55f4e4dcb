/**
 * The account API over HTTP (docs/security.md, "Account API"): setup, sign-in, password change,
 * invitations, owner recovery, staff management and the relay's security events. Request and
 * answer shapes are the shared schemas (shared/src/protocol/accounts-api.ts); the rules live in
 * the account service; this file only translates between the two. When a session ends (reset,
 * revoke, disable), the relay closes its live sync connections at once; when a role or locations
 * change, it closes that person's connections so they come back under the new permissions.
 * State-changing requests are JSON with an allowed Origin (relay.ts checks both first).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PASSWORD_MESSAGES } from '@aligned/shared';
import {
  AcceptInviteRequest,
  ChangePasswordRequest,
  CreateStaffRequest,
  DisableSecondFactorRequest,
  EnableSecondFactorRequest,
  RecoverRequest,
  SetupRequest,
  SignInRequest,
  UpdateStaffRequest,
  type ApiError,
  type SignedIn,
  type StaffAccount,
} from '@aligned/shared/protocol';
import type {
  AccountService,
  AccountSummary,
  BoundDevice,
  IssuedSession,
} from '../accounts/account-service.ts';
import type { SessionRow } from '../accounts/account-store.ts';
import { bearerToken, readBody, sendError, sendJson } from './http-json.ts';

export type AccountRoutesOptions = {
  service: AccountService;
  /** Closes the live sync connections of the given sessions (revocation takes effect at once). */
  closeSessions: (sessionIds: ReadonlySet<string>) => void;
  /** Closes an account's live sync connections after its role or locations changed (PERM-7). */
  accessChanged: (accountId: string) => void;
  /** The client's network address (sign-in throttling); the socket's unless a proxy is trusted. */
  addressOf: (req: IncomingMessage) => string;
  mode: 'accounts';
};

type Failure =
  string | { kind: string; until?: string; problem?: string; field?: string; retryAfterSeconds?: number };

/** Maps a service failure to an HTTP status and the shared error shape. */
export function toApiError(failure: Failure): [number, ApiError] {
  if (typeof failure === 'string') {
    switch (failure) {
      case 'invalid-credentials':
        return [401, { error: 'invalid-credentials' }];
      case 'invalid':
        return [401, { error: 'unauthenticated' }];
      case 'expired':
        return [401, { error: 'expired' }];
      case 'revoked':
        return [401, { error: 'revoked' }];
      case 'disabled':
        return [403, { error: 'disabled' }];
      case 'password-change-required':
        return [403, { error: 'password-change-required' }];
      case 'forbidden':
        return [403, { error: 'forbidden' }];
      case 'not-found':
        return [404, { error: 'not-found' }];
      case 'already-set-up':
        return [409, { error: 'already-set-up' }];
      case 'login-taken':
        return [409, { error: 'login-taken' }];
      case 'invalid-invite':
        return [400, { error: 'invalid-invite' }];
      case 'invalid-recovery':
        return [400, { error: 'invalid-recovery' }];
      case 'second-factor-required':
        return [401, { error: 'second-factor-required' }];
      case 'invalid-code':
        return [400, { error: 'invalid-code' }];
      case 'already-enabled':
      case 'not-started':
      case 'not-enabled':
      case 'own-device':
        return [409, { error: 'conflict', problem: failure }];
      case 'same-password':
        return [
          400,
          { error: 'weak-password', problem: 'Choose a password different from the current one.' },
        ];
      default:
        return [500, { error: 'internal' }];
    }
  }
  if (failure.kind === 'throttled') {
    return [
      429,
      {
        error: 'throttled',
        ...(failure.retryAfterSeconds ? { retryAfterSeconds: failure.retryAfterSeconds } : {}),
      },
    ];
  }
  if (failure.kind === 'locked')
    return [423, { error: 'locked', ...(failure.until ? { until: failure.until } : {}) }];
  if (failure.kind === 'weak-password') {
    const problem = failure.problem as keyof typeof PASSWORD_MESSAGES | undefined;
    return [
      400,
      {
        error: 'weak-password',
        problem: problem ? PASSWORD_MESSAGES[problem] : 'Choose a stronger password.',
      },
    ];
  }
  if (failure.kind === 'invalid') {
    return [400, { error: 'bad-request', issues: [{ path: failure.field ?? '', message: 'Not valid' }] }];
  }
  return [500, { error: 'internal' }];
}

function signedIn(
  account: AccountSummary,
  session: IssuedSession,
  mustChangePassword: boolean,
  device?: BoundDevice,
): SignedIn {
  return {
    ...(device ? { device } : {}),
    practiceId: account.practiceId,
    user: {
      id: account.id,
      name: account.name,
      login: account.login,
      role: account.role,
      locationIds: account.locationIds,
    },
    token: session.token,
    expiresAt: session.expiresAt,
    mustChangePassword,
  };
}

function staffAccount(account: AccountSummary): StaffAccount {
  return {
    id: account.id,
    name: account.name,
    login: account.login,
    role: account.role,
    locationIds: account.locationIds,
    disabled: account.disabled,
    mustChangePassword: account.mustChangePassword,
    lockedUntil: account.lockedUntil,
    invitePending: account.invitePending,
  };
}

export function createAccountRoutes(options: AccountRoutesOptions) {
  const { service } = options;
  const fail = (res: ServerResponse, failure: Failure) => {
    const [status, body] = toApiError(failure);
    if (body.retryAfterSeconds) res.setHeader('Retry-After', String(body.retryAfterSeconds));
    sendError(res, status, body);
  };
  const closeRevoked = (revoked: readonly SessionRow[]) => {
    if (revoked.length > 0) options.closeSessions(new Set(revoked.map((s) => s.id)));
  };

  /** Answers `/api/...` requests it knows; returns false for anything else. */
  return async function route(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    const method = req.method ?? 'GET';
    const token = bearerToken(req);

    if (pathname === '/api/auth' && method === 'GET') {
      sendJson(res, 200, { mode: options.mode, setupNeeded: await service.setupNeeded() });
      return true;
    }
    if (pathname === '/api/setup' && method === 'POST') {
      const body = await readBody(req, res, SetupRequest);
      if (!body) return true;
      const result = await service.setUp({
        practice: body.practice,
        owner: body.owner,
        deviceId: body.deviceId,
        deviceKey: body.deviceKey,
      });
      if (!result.ok) return (fail(res, result.error), true);
      sendJson(res, 200, {
        ...signedIn(result.value.account, result.value.session, false, result.value.device),
        recoveryCode: result.value.recoveryCode,
      });
      return true;
    }
    if (pathname === '/api/sign-in' && method === 'POST') {
      const body = await readBody(req, res, SignInRequest);
      if (!body) return true;
      const result = await service.signIn({ ...body, address: options.addressOf(req) });
      if (!result.ok) return (fail(res, result.error), true);
      const { account, session, mustChangePassword, device } = result.value;
      sendJson(res, 200, signedIn(account, session, mustChangePassword, device));
      return true;
    }
    if (pathname === '/api/session' && method === 'GET') {
      if (!token) return (fail(res, 'invalid'), true);
      const result = await service.authenticate(token);
      if (!result.ok) return (fail(res, result.error), true);
      const { account, session } = result.value;
      sendJson(res, 200, signedIn(account, { id: session.id, token, expiresAt: session.expiresAt }, false));
      return true;
    }
    if (pathname === '/api/password' && method === 'POST') {
      const body = await readBody(req, res, ChangePasswordRequest);
      if (!body) return true;
      if (!token) return (fail(res, 'invalid'), true);
      const result = await service.changePassword({
        token,
        current: body.current,
        next: body.next,
        address: options.addressOf(req),
      });
      if (!result.ok) return (fail(res, result.error), true);
      closeRevoked(result.value.revoked);
      const now = await service.authenticate(token);
      if (!now.ok) return (fail(res, now.error), true);
      sendJson(
        res,
        200,
        signedIn(
          now.value.account,
          { id: now.value.session.id, token, expiresAt: now.value.session.expiresAt },
          false,
        ),
      );
      return true;
    }
    if (pathname === '/api/invites/accept' && method === 'POST') {
      const body = await readBody(req, res, AcceptInviteRequest);
      if (!body) return true;
      const result = await service.acceptInvite(body);
      if (!result.ok) return (fail(res, result.error), true);
      sendJson(res, 200, signedIn(result.value.account, result.value.session, false, result.value.device));
      return true;
    }
    if (pathname === '/api/recover' && method === 'POST') {
      const body = await readBody(req, res, RecoverRequest);
      if (!body) return true;
      const result = await service.recover(body);
      if (!result.ok) return (fail(res, result.error), true);
      closeRevoked(result.value.revoked);
      sendJson(res, 200, {
        ...signedIn(result.value.account, result.value.session, false, result.value.device),
        recoveryCode: result.value.recoveryCode,
      });
      return true;
    }
    if (pathname === '/api/second-factor' && method === 'GET') {
      if (!token) return (fail(res, 'invalid'), true);
      const result = await service.secondFactorStatus(token);
      if (!result.ok) return (fail(res, result.error), true);
      sendJson(res, 200, result.value);
      return true;
    }
    if (pathname === '/api/second-factor/begin' && method === 'POST') {
      if (!token) return (fail(res, 'invalid'), true);
      const result = await service.beginSecondFactor(token);
      if (!result.ok) return (fail(res, result.error), true);
      sendJson(res, 200, result.value);
      return true;
    }
    if (pathname === '/api/second-factor/enable' && method === 'POST') {
      const body = await readBody(req, res, EnableSecondFactorRequest);
      if (!body) return true;
      if (!token) return (fail(res, 'invalid'), true);
      const result = await service.enableSecondFactor(token, body.code);
      if (!result.ok) return (fail(res, result.error), true);
      sendJson(res, 200, result.value);
      return true;
    }
    if (pathname === '/api/second-factor/disable' && method === 'POST') {
      const body = await readBody(req, res, DisableSecondFactorRequest);
      if (!body) return true;
      if (!token) return (fail(res, 'invalid'), true);
      const result = await service.disableSecondFactor(token, { ...body, address: options.addressOf(req) });
      if (!result.ok) return (fail(res, result.error), true);
      sendJson(res, 200, result.value);
      return true;
    }
    if (pathname === '/api/security-events' && method === 'GET') {
      if (!token) return (fail(res, 'invalid'), true);
      const result = await service.securityEvents(token);
      if (!result.ok) return (fail(res, result.error), true);
      sendJson(
        res,
        200,
        result.value.map((e) => ({
          seq: e.seq ?? 0,
          at: e.at,
          kind: e.kind,
          accountId: e.accountId,
          deviceId: e.deviceId,
          detail: e.detail,
        })),
      );
      return true;
    }
    if (pathname === '/api/staff') {
      if (!token) return (fail(res, 'invalid'), true);
      if (method === 'GET') {
        const result = await service.listStaff(token);
        if (!result.ok) return (fail(res, result.error), true);
        sendJson(res, 200, result.value.map(staffAccount));
        return true;
      }
      if (method === 'POST') {
        const body = await readBody(req, res, CreateStaffRequest);
        if (!body) return true;
        const result = await service.createStaff(token, body);
        if (!result.ok) return (fail(res, result.error), true);
        sendJson(res, 200, {
          account: staffAccount(result.value.account),
          ...(result.value.invite ? { invite: result.value.invite } : {}),
          ...(result.value.temporaryPassword ? { temporaryPassword: result.value.temporaryPassword } : {}),
        });
        return true;
      }
    }
    const staffMatch = /^\/api\/staff\/([^/]+)(\/reset-password|\/revoke)?$/.exec(pathname);
    if (staffMatch) {
      if (!token) return (fail(res, 'invalid'), true);
      const id = decodeURIComponent(staffMatch[1]!);
      const action = staffMatch[2];
      if (!action && method === 'PATCH') {
        const body = await readBody(req, res, UpdateStaffRequest);
        if (!body) return true;
        const result = await service.updateStaff(token, id, body);
        if (!result.ok) return (fail(res, result.error), true);
        closeRevoked(result.value.revoked);
        if (result.value.accessChanged) options.accessChanged(result.value.account.id);
        sendJson(res, 200, staffAccount(result.value.account));
        return true;
      }
      if (action === '/reset-password' && method === 'POST') {
        const result = await service.resetPassword(token, id);
        if (!result.ok) return (fail(res, result.error), true);
        closeRevoked(result.value.revoked);
        sendJson(res, 200, { temporaryPassword: result.value.temporaryPassword });
        return true;
      }
      if (action === '/revoke' && method === 'POST') {
        const result = await service.revokeSessions(token, id);
        if (!result.ok) return (fail(res, result.error), true);
        closeRevoked(result.value);
        sendJson(res, 200, { revoked: result.value.length });
        return true;
      }
    }
    return false;
  };
}
