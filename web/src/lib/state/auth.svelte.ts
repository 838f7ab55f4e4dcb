/**
 * Who is using this device right now, and whether the screen is locked.
 *
 * - A device needs the relay once: to set up the practice or sign in. The session token and the
 *   practice replica's data key are then sealed under the person's password (and PIN) in
 *   `device-accounts.ts`, so they can unlock offline later (data-key.ts: where the key comes from).
 * - The data key is held in memory only: here while unlocked, and in the key keeper across this
 *   tab's page loads (key-keeper.ts). Lock and sign-out drop it from both; a reload that finds no
 *   kept key shows the lock for the person who was working.
 * - The unlocked session (who, and the relay ticket; nothing of any patient) lives in this tab's
 *   sessionStorage, gone when the tab closes; locking removes it.
 * - The screen locks after inactivity (practice setting, default 10 minutes). Unlocking as the
 *   same person reveals the screen as it was; switching to someone else reloads the app, so the
 *   previous person's screen and unsaved input are never shown.
 */
import { randomBytes, type DataKey } from '@aligned/shared';
import type { SignedIn } from '@aligned/shared/protocol';
import type { Session } from '@aligned/shared/protocol';
import { Session as SessionSchema } from '@aligned/shared/protocol';
import { createAuthApi, type ApiFailure, type AuthApi } from '../auth/auth-api.ts';
import { ensureEscrow, obtainDataKey, type KeyOutcome, type KeySource } from '../auth/data-key.ts';
import {
  createDeviceAccounts,
  type DeviceAccounts,
  type PublicDeviceAccount,
} from '../auth/device-accounts.ts';
import { dropKey, keepKey, takeKey } from '../auth/key-keeper.ts';
import { deleteReplica, replicaKeyId, replicaPendingCount } from '../sync/idb-store.ts';
import { adoptDevice, deviceKey, loadSession } from '../sync/session-cache.ts';
import type { RelayAddress } from '../sync/relay-address.ts';

export type AuthScreen =
  | { kind: 'checking' }
  | { kind: 'unreachable' }
  | { kind: 'setup' }
  | { kind: 'sign-in'; reason?: string }
  | { kind: 'locked'; accounts: PublicDeviceAccount[]; current: string | null }
  | { kind: 'change-password'; signedIn: SignedIn }
  | { kind: 'ready' };

const ACTIVE_KEY = 'aligned.activeSession';
const LOCKED_KEY = 'aligned.locked';
/** Why the last person was sent back to sign-in (shown once on the sign-in screen). */
const ENDED_KEY = 'aligned.endedReason';
export const DEFAULT_AUTO_LOCK_MINUTES = 10;

/** What the person is told when the practice's data key cannot be had. */
export const KEY_PROBLEMS: Record<Exclude<KeyOutcome, { ok: true }>['reason'], string> = {
  unreachable:
    'This device’s copy of the practice was locked with a newer key. Connect to the practice network once to open it.',
  'held-by-others':
    'This device holds changes not yet sent by someone else. Ask them to unlock it while connected, then sign in again.',
};

export function sessionFromSignedIn(signedIn: SignedIn): Session {
  return {
    practiceId: signedIn.practiceId,
    user: {
      id: signedIn.user.id,
      name: signedIn.user.name,
      role: signedIn.user.role,
      login: signedIn.user.login,
      locationIds: signedIn.user.locationIds,
    },
    expiresAt: signedIn.expiresAt,
    identity: 'account',
    ticket: signedIn.token,
  };
}

function readActive(): Session | null {
  try {
    const parsed = SessionSchema.safeParse(JSON.parse(sessionStorage.getItem(ACTIVE_KEY) ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export class AuthState {
  screen = $state<AuthScreen>({ kind: 'checking' });
  session = $state.raw<Session | null>(null);
  locked = $state(false);
  /** Set when the relay refused our session (expired, revoked): syncing needs a fresh sign-in. */
  problem = $state<string | null>(null);
  api: AuthApi | null = null;
  /** The practice replica's data key, in memory only while unlocked. */
  dataKey: DataKey | null = null;
  readonly devices: DeviceAccounts;
  #lockListeners = new Set<(key: DataKey | null) => void>();
  #deviceId: string;
  #lastActivity = Date.now();
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(deviceId: string, devices: DeviceAccounts = createDeviceAccounts()) {
    this.#deviceId = deviceId;
    this.devices = devices;
  }

  get deviceId() {
    return this.#deviceId;
  }

  /** What this device says about itself at sign-in: its id and the secret that proves it (PERM-2). */
  get deviceClaim(): { deviceId: string; deviceKey?: string } {
    const key = deviceKey();
    return key ? { deviceId: this.#deviceId, deviceKey: key } : { deviceId: this.#deviceId };
  }

  /** Decides the first screen: the tab's session, this device's people, or the relay. */
  async check(relay: RelayAddress): Promise<void> {
    this.api = createAuthApi(relay.httpBase);
    const active = readActive();
    if (active?.identity === 'development') return this.#activate(active);
    if (active) {
      const kept = await takeKey();
      if (kept && kept.practiceId === active.practiceId && kept.userId === active.user.id) {
        this.dataKey = kept.key;
        this.session = active;
        this.screen = { kind: 'ready' };
        return;
      }
      // A page load with no key kept in memory: the person who was working unlocks again.
      sessionStorage.removeItem(ACTIVE_KEY);
      sessionStorage.setItem(LOCKED_KEY, active.user.id);
    }
    // A tab locked before a reload: the lock names who was working, and only their password or
    // PIN (or someone else's) opens it; the session itself was not left in the tab.
    const lockedBy = sessionStorage.getItem(LOCKED_KEY);
    if (lockedBy) {
      const accounts = await this.devices.list().catch(() => []);
      if (accounts.length > 0) {
        this.screen = { kind: 'locked', accounts, current: lockedBy };
        return;
      }
    }
    const accounts = await this.devices.list().catch(() => []);
    if (accounts.length > 0) {
      this.screen = { kind: 'locked', accounts, current: null };
      return;
    }
    const info = await this.api.info();
    if (!info.ok) {
      // An older relay, or the development identity offline: fall back to the device's session.
      const legacy = await loadSession(relay.httpBase);
      if (legacy.status === 'ok') return this.#activate(legacy.session);
      this.screen = { kind: 'unreachable' };
      return;
    }
    if (info.value.mode === 'development') {
      const legacy = await loadSession(relay.httpBase);
      if (legacy.status === 'ok') return this.#activate(legacy.session);
      this.screen = { kind: 'unreachable' };
      return;
    }
    const ended = sessionStorage.getItem(ENDED_KEY);
    sessionStorage.removeItem(ENDED_KEY);
    this.screen = info.value.setupNeeded
      ? { kind: 'setup' }
      : ended
        ? { kind: 'sign-in', reason: ended }
        : { kind: 'sign-in' };
  }

  async #activate(session: Session) {
    if (session.identity === 'development') {
      // No secret to wrap with: the development identity's key is kept unwrapped (docs/security.md).
      this.dataKey = await this.devices.developmentKey(session.practiceId, async () => ({
        id: Array.from(randomBytes(8), (b) => b.toString(16).padStart(2, '0')).join(''),
        raw: randomBytes(32),
      }));
    } else if (this.dataKey) {
      keepKey({ practiceId: session.practiceId, userId: session.user.id, key: this.dataKey });
    }
    sessionStorage.setItem(ACTIVE_KEY, JSON.stringify(session));
    sessionStorage.removeItem(LOCKED_KEY);
    this.session = session;
    this.locked = false;
    this.screen = { kind: 'ready' };
    // A running app that was locked (the same person renewed an expired session) opens again.
    for (const listener of this.#lockListeners) listener(this.dataKey);
  }

  /** After setup, sign-in, invite or recovery: remember the person here and start. */
  async signedIn(signedIn: SignedIn, password: string): Promise<void> {
    // The relay binds the session to a device: ours, or a new id when ours was not proven.
    if (signedIn.device) {
      adoptDevice(signedIn.device);
      this.#deviceId = signedIn.device.id;
    }
    if (signedIn.mustChangePassword) {
      this.screen = { kind: 'change-password', signedIn };
      return;
    }
    // Someone unlocked in this tab (a password change) already holds the key; otherwise it
    // comes from the device escrow, the person's old wrap, or is made new (data-key.ts).
    const sameTab = this.dataKey && this.session?.practiceId === signedIn.practiceId ? this.dataKey : null;
    const outcome: KeyOutcome = sameTab
      ? { ok: true, key: sameTab, fresh: false }
      : await obtainDataKey({
          ...this.#keySource(signedIn.practiceId, signedIn.token),
          ownKey: () => this.devices.dataKeyByPassword(signedIn.user.id, password),
        });
    if (!outcome.ok) {
      this.screen = { kind: 'sign-in', reason: KEY_PROBLEMS[outcome.reason] };
      return;
    }
    await this.devices.remember(
      {
        userId: signedIn.user.id,
        practiceId: signedIn.practiceId,
        name: signedIn.user.name,
        login: signedIn.user.login,
        role: signedIn.user.role,
        locationIds: signedIn.user.locationIds,
        tokenExpiresAt: signedIn.expiresAt,
      },
      password,
      signedIn.token,
      outcome.key,
    );
    const previous = this.session;
    this.dataKey = outcome.key;
    await this.#activate(sessionFromSignedIn(signedIn));
    // Someone else was using this tab: start clean so nothing of theirs is on screen.
    if (previous && previous.user.id !== signedIn.user.id) location.reload();
  }

  /** `code`: the second factor's current code, when the relay asked for one. */
  async signIn(login: string, password: string, code?: string): Promise<ApiFailure | null> {
    if (!this.api) return { error: 'unreachable' };
    const result = await this.api.signIn({ login, password, ...this.deviceClaim, ...(code ? { code } : {}) });
    if (!result.ok) return result.failure;
    await this.signedIn(result.value, password);
    return null;
  }

  /** Unlocks with a password or PIN checked on this device; works offline. */
  async unlock(
    userId: string,
    secret: string,
    kind: 'password' | 'pin',
  ): Promise<'wrong-secret' | 'no-pin' | Exclude<KeyOutcome, { ok: true }>['reason'] | null> {
    const result = await this.devices.unlock(userId, secret, kind);
    if (!result.ok) return result.reason === 'unknown-user' ? 'wrong-secret' : result.reason;
    const { account, token } = result;
    // The person's own wrap opens the device's key; a missing or stale one (first unlock after an
    // upgrade, a rotated key) is replaced from the escrow while the relay answers.
    const source = this.#keySource(account.practiceId, token);
    const entry = await this.devices.keyring(account.practiceId);
    let key = result.dataKey && entry?.keyId === result.dataKey.id ? result.dataKey : null;
    if (!key) {
      const outcome = await obtainDataKey(source);
      if (!outcome.ok) return outcome.reason;
      key = outcome.key;
      await result.keep(key);
    } else {
      void ensureEscrow(source, key).catch(() => undefined);
    }
    const sameUser = this.session?.user.id === account.userId;
    const session: Session = {
      practiceId: account.practiceId,
      user: {
        id: account.userId,
        name: account.name,
        role: account.role,
        login: account.login,
        locationIds: account.locationIds,
      },
      expiresAt: account.tokenExpiresAt,
      identity: 'account',
      ticket: token,
    };
    // With the password in hand and the relay reachable, renew an expired session quietly.
    if (kind === 'password' && Date.parse(account.tokenExpiresAt) < Date.now() && this.api) {
      const renewed = await this.api.signIn({
        login: account.login,
        password: secret,
        ...this.deviceClaim,
      });
      if (renewed.ok) {
        this.dataKey = key;
        await this.signedIn(renewed.value, secret);
        if (!sameUser && this.session) location.reload();
        return null;
      }
    }
    if (sameUser && this.session) {
      this.locked = false;
      this.dataKey = key;
      keepKey({ practiceId: account.practiceId, userId: account.userId, key });
      sessionStorage.setItem(ACTIVE_KEY, JSON.stringify(this.session));
      sessionStorage.removeItem(LOCKED_KEY);
      this.#lastActivity = Date.now();
      for (const listener of this.#lockListeners) listener(key);
      return null;
    }
    const hadSomeoneElse = this.session !== null;
    this.dataKey = key;
    await this.#activate(session);
    if (hadSomeoneElse) location.reload();
    return null;
  }

  /**
   * Covers the screen; the same person unlocks to continue where they were. The session leaves
   * the tab's storage while locked, so clearing the lock flag and reloading opens nothing: it
   * comes back only by unsealing it with a password or PIN.
   */
  async lock(): Promise<void> {
    if (!this.session || this.session.identity !== 'account') return;
    this.locked = true;
    // CRYPT-8: the data key leaves memory (the app stops reading and syncing until unlock).
    this.dataKey = null;
    dropKey();
    for (const listener of this.#lockListeners) listener(null);
    sessionStorage.removeItem(ACTIVE_KEY);
    sessionStorage.setItem(LOCKED_KEY, this.session.user.id);
    this.screen = { kind: 'ready' };
    this.lockAccounts = await this.devices.list().catch(() => []);
  }

  /** People who can unlock this device (shown on the lock screen). */
  lockAccounts = $state<PublicDeviceAccount[]>([]);

  /**
   * The relay says this person's sessions were ended (a manager signed them out everywhere or
   * turned the account off): they may no longer unlock this device offline either, and the
   * screen goes back to sign-in now rather than at the next lock.
   */
  async endedByRelay(userId: string, reason: string): Promise<void> {
    await this.devices.forget(userId).catch(() => undefined);
    this.dataKey = null;
    dropKey();
    sessionStorage.removeItem(ACTIVE_KEY);
    sessionStorage.removeItem(LOCKED_KEY);
    sessionStorage.setItem(ENDED_KEY, reason);
    location.assign('/');
  }

  /** Ends this person's use of the tab (they can unlock again later with their password). */
  async signOut(): Promise<void> {
    this.dataKey = null;
    dropKey();
    sessionStorage.removeItem(ACTIVE_KEY);
    sessionStorage.removeItem(LOCKED_KEY);
    location.assign('/');
  }

  /** Told with the key at unlock and with null at lock (the app pauses its replica). */
  onLockChange(listener: (key: DataKey | null) => void): () => void {
    this.#lockListeners.add(listener);
    return () => this.#lockListeners.delete(listener);
  }

  #keySource(practiceId: string, token: string): KeySource {
    return {
      devices: this.devices,
      practiceId,
      deviceId: this.#deviceId,
      replica: {
        keyId: () => replicaKeyId(practiceId),
        pendingChanges: () => replicaPendingCount(practiceId),
        discard: () => deleteReplica(practiceId),
      },
      escrowKey: async () => {
        const answer = await this.api?.deviceKey(token);
        return answer?.ok ? base64urlBytes(answer.value.key) : null;
      },
    };
  }

  /** Starts the inactivity clock; `minutes()` reads the practice setting at each check. */
  watchInactivity(minutes: () => number): () => void {
    const mark = () => (this.#lastActivity = Date.now());
    const events = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
    for (const event of events) addEventListener(event, mark, { passive: true, capture: true });
    this.#timer = setInterval(() => {
      // Test hook: a shorter lock for end-to-end tests (never set by the app itself).
      const override = Number(localStorage.getItem('aligned.autoLockSeconds'));
      const limitMs = override > 0 ? override * 1000 : minutes() * 60_000;
      if (!this.locked && Date.now() - this.#lastActivity >= limitMs) void this.lock();
    }, 1000);
    return () => {
      for (const event of events) removeEventListener(event, mark, { capture: true });
      if (this.#timer) clearInterval(this.#timer);
    };
  }
}

function base64urlBytes(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
