/**
 * The session, fetched from the relay when reachable and cached on the device so the app
 * starts offline. A cached session that no longer validates is treated as absent.
 */
import { Session } from '@aligned/shared/protocol';

const KEY = 'aligned.session';

export type SessionResult =
  | { status: 'ok'; session: Session; source: 'relay' | 'device' }
  | { status: 'sign-in-required' }
  | { status: 'unreachable' };

export function cachedSession(): Session | null {
  const raw = localStorage.getItem(KEY);
  if (!raw) return null;
  try {
    const parsed = Session.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function loadSession(httpBase: string): Promise<SessionResult> {
  const cached = cachedSession();
  try {
    const response = await fetch(`${httpBase}/api/session`, { cache: 'no-store', credentials: 'include' });
    if (response.status === 401) return { status: 'sign-in-required' };
    if (response.ok) {
      const parsed = Session.safeParse(await response.json());
      if (parsed.success) {
        localStorage.setItem(KEY, JSON.stringify(parsed.data));
        return { status: 'ok', session: parsed.data, source: 'relay' };
      }
    }
  } catch {
    // Unreachable: fall back to the device's copy below.
  }
  return cached ? { status: 'ok', session: cached, source: 'device' } : { status: 'unreachable' };
}

export function deviceId(newDeviceId: () => string): string {
  const existing = localStorage.getItem(DEVICE_ID_KEY);
  if (existing) return existing;
  const created = newDeviceId();
  localStorage.setItem(DEVICE_ID_KEY, created);
  return created;
}

const DEVICE_ID_KEY = 'aligned.deviceId';
const DEVICE_KEY_KEY = 'aligned.deviceKey';

/**
 * The secret the relay gave this device when it registered the device id: sent with every sign-in
 * so the relay binds the session to this device (and so to its audit trail). It proves only that.
 */
export function deviceKey(): string | undefined {
  return localStorage.getItem(DEVICE_KEY_KEY) ?? undefined;
}

/** Keeps the device id and secret the relay bound a session to (a new id when ours was taken). */
export function adoptDevice(device: { id: string; key?: string | undefined }): void {
  if (localStorage.getItem(DEVICE_ID_KEY) !== device.id) {
    localStorage.setItem(DEVICE_ID_KEY, device.id);
    localStorage.removeItem(DEVICE_KEY_KEY);
  }
  if (device.key) localStorage.setItem(DEVICE_KEY_KEY, device.key);
}
