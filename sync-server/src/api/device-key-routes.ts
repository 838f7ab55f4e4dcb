/**
 * Escrow keys for devices' encrypted replicas (docs/security.md, "Data at rest (device)";
 * CRYPT-6). A device seals its replica under a data key it made itself and never sends; besides
 * wrapping that key for each person who signs in there, it wraps it under a random key the relay
 * keeps for that device. A colleague signing in on the device for the first time gets the escrow
 * key from here (with a valid session of that device) and so opens the same replica.
 *
 * The relay holds nothing that opens data by itself: the escrow key is useless without the
 * device's files, and the device's files are useless without it or a person's secret. Forgetting
 * a device's escrow key (`forget`) leaves a lost device openable only by people whose own secret
 * is wrapped there.
 *
 *   POST /api/device-key   session (Authorization header) → { deviceId, key }   base64url, 32 bytes
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DocStorage } from '../storage/storage.ts';
import { bearerToken, sendError, sendJson } from './http-json.ts';

export type DeviceSession = { practiceId: string; deviceId: string };

export type DeviceKeyStore = {
  /** The device's escrow key, made on first request. */
  keyFor(practiceId: string, deviceId: string): Promise<Buffer>;
  forget(practiceId: string, deviceId: string): Promise<void>;
};

const settingName = (practiceId: string, deviceId: string) => `device-key:${practiceId}:${deviceId}`;

/** Escrow keys kept in the relay's settings table (same file and backups as the documents). */
export function createDeviceKeyStore(storage: Pick<DocStorage, 'getSetting' | 'setSetting'>): DeviceKeyStore {
  // Two first requests of one device at once must get the same key.
  const making = new Map<string, Promise<Buffer>>();
  return {
    keyFor(practiceId, deviceId) {
      const name = settingName(practiceId, deviceId);
      const inFlight = making.get(name);
      if (inFlight) return inFlight;
      const made = (async () => {
        const existing = await storage.getSetting(name);
        if (existing) return Buffer.from(existing, 'base64url');
        const key = randomBytes(32);
        await storage.setSetting(name, key.toString('base64url'));
        return key;
      })().finally(() => making.delete(name));
      making.set(name, made);
      return made;
    },
    async forget(practiceId, deviceId) {
      await storage.setSetting(settingName(practiceId, deviceId), '');
    },
  };
}

export function createDeviceKeyRoutes(options: {
  /** The practice and device of a valid session, or null. */
  authenticate: (token: string) => Promise<DeviceSession | null>;
  keys: DeviceKeyStore;
}) {
  return async function route(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    if (pathname !== '/api/device-key') return false;
    if (req.method !== 'POST') {
      sendError(res, 405, { error: 'bad-request', problem: 'POST only' });
      return true;
    }
    // Only a header: a key handed out for a token in a URL would follow the URL into logs.
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? bearerToken(req) : null;
    const session = token ? await options.authenticate(token) : null;
    if (!session) {
      sendError(res, 401, { error: 'unauthenticated' });
      return true;
    }
    const key = await options.keys.keyFor(session.practiceId, session.deviceId);
    sendJson(res, 200, { deviceId: session.deviceId, key: key.toString('base64url') });
    return true;
  };
}

type Route = (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<boolean>;

/** Tries each route in turn; the first that answers wins. */
export function firstRoute(...routes: Route[]): Route {
  return async (req, res, pathname) => {
    for (const route of routes) if (await route(req, res, pathname)) return true;
    return false;
  };
}
