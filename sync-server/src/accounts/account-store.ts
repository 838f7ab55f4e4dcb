/**
 * Where the relay keeps staff identity: practices, accounts, sessions, invites and the
 * security event log (HIPAA §164.312(a)(2)(i) unique user ids, (b) audit controls,
 * §164.308(a)(5)(ii)(C) log-in monitoring). Adapters: memory-account-store.ts (unit tests) and
 * sqlite-account-store.ts (same file as the documents); both pass account-store.contract.ts.
 *
 * The store holds rows and nothing else: no rules, no hashing. account-service.ts decides.
 * Secrets are only ever stored hashed (password hashes, SHA-256 of session, invite and recovery
 * tokens). Timestamps are UTC ISO strings (`2026-11-25T14:03:00.000Z`), so they compare as text.
 *
 * Asynchronous so that a shared database (PostgreSQL, for several relay machines) can
 * implement it later without changing the service.
 */
import type { StaffRole } from '@aligned/shared';

export type PracticeRow = {
  id: string;
  name: string;
  timeZone: string;
  createdAt: string;
  /** SHA-256 of the normalized recovery code; null until one is issued. */
  recoveryHash: string | null;
};

export type AccountRow = {
  /** `stf_…`: the unique user id every edit and event is attributed to. */
  id: string;
  practiceId: string;
  /** Normalized (trimmed, lowercase); unique across the whole relay, so sign-in needs no practice. */
  login: string;
  name: string;
  role: StaffRole;
  /** Locations this person may work with; empty means every location. */
  locationIds: string[];
  /** Null while an invite is pending: such an account cannot sign in. */
  passwordHash: string | null;
  mustChangePassword: boolean;
  /** Consecutive failed password checks since the last success or lockout. */
  failedAttempts: number;
  lockedUntil: string | null;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
};

/** What `updateAccount` may change: identity (id, practice, login) and creation time are fixed. */
export type AccountPatch = Partial<
  Pick<
    AccountRow,
    | 'name'
    | 'role'
    | 'locationIds'
    | 'passwordHash'
    | 'mustChangePassword'
    | 'failedAttempts'
    | 'lockedUntil'
    | 'disabled'
    | 'updatedAt'
  >
>;

export type SessionRow = {
  id: string;
  accountId: string;
  deviceId: string;
  /** SHA-256 (hex) of the bearer token; the token itself is never stored. */
  tokenHash: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
};

export type InviteRow = { tokenHash: string; accountId: string; expiresAt: string };

/**
 * A device the relay knows (PERM-2): its id, bound at its first sign-in to the practice and to a
 * secret only that device holds (stored as SHA-256). A session's device id is one the session
 * proved, so a person cannot claim another device's audit trail.
 */
/** `keyHash` is {@link FORGOTTEN_DEVICE} once an owner or manager forgot the device (CRYPT-10). */
export type DeviceRow = { id: string; practiceId: string; keyHash: string; createdAt: string };

/** No device secret hashes to the empty string, so a forgotten device's id never binds again. */
export const FORGOTTEN_DEVICE = '';

/** An account's TOTP second factor (AUTH-6); `enabledAt` is null while enrolment waits for a first code. */
export type SecondFactorRow = {
  accountId: string;
  /** Base32 secret: the relay must read it back to check codes, so protect the database file. */
  secret: string;
  enabledAt: string | null;
  /** The last time step a code was accepted for (a code works once). */
  lastStep: number;
};

export const SECURITY_EVENT_KINDS = [
  'setup',
  'sign-in',
  'sign-in-failed',
  'locked-out',
  'session-revoked',
  'password-changed',
  'password-reset',
  'account-created',
  'account-updated',
  'invite-accepted',
  'recovery-used',
  'permission-refused',
  'sign-in-throttled',
  'device-registered',
  'device-forgotten',
  'second-factor-enabled',
  'second-factor-removed',
] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

export type SecurityEvent = {
  /** Assigned by the store; increases with every event across the whole relay. */
  seq?: number;
  practiceId: string;
  at: string;
  kind: SecurityEventKind;
  /** The account the event is about (the actor, when another person acted, is named in `detail`). */
  accountId: string | null;
  deviceId: string | null;
  /** Short `key=value` words. Never a password, token, recovery code or PHI. */
  detail: string | null;
};

export type SecurityEventFilter = {
  /** Inclusive lower bound on `at`. */
  from?: string;
  /** Exclusive upper bound on `at`. */
  to?: string;
  accountId?: string;
  kinds?: readonly SecurityEventKind[];
  /** At most this many events (the newest); all when absent. */
  limit?: number;
};

export interface AccountStore {
  practiceCount(): Promise<number>;
  createPractice(row: PracticeRow): Promise<void>;
  getPractice(id: string): Promise<PracticeRow | null>;
  /** Oldest first. */
  listPractices(): Promise<PracticeRow[]>;
  /**
   * Replaces the recovery hash. With `ifCurrent`, only when the stored hash still equals it
   * (compare-and-set, so a recovery code works once even when two recoveries race).
   * Resolves false when the practice is unknown or the stored hash differed.
   */
  setRecoveryHash(practiceId: string, hash: string, ifCurrent?: string | null): Promise<boolean>;

  /** 'login-taken' when another account already has this (normalized) login. */
  createAccount(row: AccountRow): Promise<'login-taken' | null>;
  getAccount(id: string): Promise<AccountRow | null>;
  findAccountByLogin(login: string): Promise<AccountRow | null>;
  /** Oldest first. */
  listAccounts(practiceId: string): Promise<AccountRow[]>;
  /** The updated row, or null when there is no such account. */
  updateAccount(id: string, patch: AccountPatch): Promise<AccountRow | null>;

  createSession(row: SessionRow): Promise<void>;
  findSessionByTokenHash(hash: string): Promise<SessionRow | null>;
  /** Revokes one session; the revoked row, or null if unknown or already revoked. */
  revokeSession(id: string, at: string): Promise<SessionRow | null>;
  /**
   * Revokes the account's live sessions (not yet revoked, not expired at `at`), except
   * `exceptSessionId`. Resolves with the rows it revoked so the relay can close their connections.
   */
  revokeSessions(accountId: string, at: string, exceptSessionId?: string): Promise<SessionRow[]>;

  createInvite(row: InviteRow): Promise<void>;
  /** An unused invite (expired or not), or null. Does not consume it. */
  findInvite(tokenHash: string): Promise<InviteRow | null>;
  /** Consumes an unused, unexpired invite: its account id, or null. Single use. */
  takeInvite(tokenHash: string, now: string): Promise<string | null>;

  getDevice(id: string): Promise<DeviceRow | null>;
  /** 'taken' when a device with this id exists already. */
  createDevice(row: DeviceRow): Promise<'taken' | null>;
  /** The practice's devices, oldest first, forgotten ones included. */
  listDevices(practiceId: string): Promise<DeviceRow[]>;
  /** Every session a device has had, newest first (revoked and expired included). */
  listDeviceSessions(deviceId: string): Promise<SessionRow[]>;
  /** Marks the device forgotten (its secret no longer binds); the row, or null when unknown. */
  forgetDevice(id: string): Promise<DeviceRow | null>;
  /** Revokes the device's live sessions (not revoked, not expired at `at`); the rows it revoked. */
  revokeDeviceSessions(deviceId: string, at: string): Promise<SessionRow[]>;

  getSecondFactor(accountId: string): Promise<SecondFactorRow | null>;
  /** Creates or replaces the account's second factor. */
  putSecondFactor(row: SecondFactorRow): Promise<void>;
  deleteSecondFactor(accountId: string): Promise<boolean>;
  /** Records that a code for `step` was used: false when that step or a later one already was (replay). */
  useSecondFactorStep(accountId: string, step: number): Promise<boolean>;

  /** Appends an event; the store assigns `seq`. Events are never changed or deleted. */
  logEvent(event: SecurityEvent): Promise<void>;
  /** Newest first. */
  listEvents(practiceId: string, filter?: SecurityEventFilter): Promise<SecurityEvent[]>;

  close(): Promise<void>;
}
