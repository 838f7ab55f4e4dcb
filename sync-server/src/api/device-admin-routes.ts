/**
 * The practice's devices over HTTP (CRYPT-10), for owners and managers:
 *
 *   GET  /api/devices                → PracticeDevice[]
 *   POST /api/devices/:id/forget  {} → { revoked }   sessions ended, escrow key dropped
 *
 * Tokens in the `Authorization` header only (AUTH-5); the relay checks JSON and Origin on the
 * POST before it gets here (AUTH-4).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { DeviceAdmin } from '../accounts/device-admin.ts';
import type { SessionRow } from '../accounts/account-store.ts';
import { toApiError } from './account-routes.ts';
import { bearerToken, readBody, sendError, sendJson } from './http-json.ts';

const FORGET_PATH = /^\/api\/devices\/([^/]+)\/forget$/;

export function createDeviceAdminRoutes(options: {
  devices: DeviceAdmin;
  /** Closes the live sync connections of the given sessions. */
  closeSessions: (sessionIds: ReadonlySet<string>) => void;
}) {
  const fail = (res: ServerResponse, failure: string) => {
    const [status, body] = toApiError(failure);
    sendError(res, status, body);
  };
  const closeRevoked = (revoked: readonly SessionRow[]) => {
    if (revoked.length > 0) options.closeSessions(new Set(revoked.map((s) => s.id)));
  };

  return async function route(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    const method = req.method ?? 'GET';
    if (pathname === '/api/devices' && method === 'GET') {
      const token = bearerToken(req);
      if (!token) return (fail(res, 'invalid'), true);
      const result = await options.devices.list(token);
      if (!result.ok) return (fail(res, result.error), true);
      sendJson(res, 200, result.value);
      return true;
    }
    const forget = FORGET_PATH.exec(pathname);
    if (forget && method === 'POST') {
      const token = bearerToken(req);
      if (!token) return (fail(res, 'invalid'), true);
      if (!(await readBody(req, res, z.object({}).strict()))) return true;
      const result = await options.devices.forget(token, decodeURIComponent(forget[1]!));
      if (!result.ok) return (fail(res, result.error), true);
      closeRevoked(result.value.revoked);
      sendJson(res, 200, { revoked: result.value.revoked.length });
      return true;
    }
    return false;
  };
}
