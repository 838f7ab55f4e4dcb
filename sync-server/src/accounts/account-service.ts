/**
 * Staff identity: setting up a practice, signing in, sessions, managing staff, recovery. The
 * relay's HTTP layer and the admin CLI call this; it decides, the store only keeps rows.
 *
 * Why it looks the way it does (HIPAA 164.312; docs/security.md):
 * - Unique user identification: one account per person (`stf_…`), never shared, attributed in
 *   every security event.
 * - Person authentication: memory-hard password hashes (passwords.ts), the password policy from
 *   `@aligned/shared`, exponential delays per address and per login after repeated failures
 *   instead of a lock anyone could trigger (sign-in-throttle.ts, AUTH-3), an optional TOTP second
 *   factor (totp.ts, AUTH-6), the same answer for an unknown login and a wrong password, with a
 *   hash spent either way so the timing does not tell them apart either.
 * - Devices: a device id is bound at its first sign-in to the practice and a secret only that
 *   device keeps (PERM-2); a claim of another device's id gets a new id, so a session's device id,
 *   the audit trail it may add to, is one it proved.
 * - Sessions are bearer tokens stored only as SHA-256, expire (12 h by default), and can be revoked;
 *   revoking returns the rows so the relay can close their live connections.
 * - Emergency access: a practice recovery code, shown once, kept on paper; using it rotates it.
 * - Audit: every decision is a security event (`AccountStore.logEvent`) holding ids, roles and
 *   counts, never a password, token, recovery code, or a login nobody owns (people type their
 *   password into the login field).
 *
 * Expected failures are returned as values (`Result`); exceptions are for bugs and broken storage.
 * Inputs are checked here too, not only at the HTTP layer, because the CLI calls in directly.
 *
 * Concurrency: failure counters, the last-owner rule and one-time setup are read-then-write, so
 * they run under in-process locks (one relay process per database today). Invites and recovery
 * codes are single use at the store level (takeInvite, compare-and-set on the recovery hash).
 */
import { timingSafeEqual } from 'node:crypto';
import {
  Id,
  PersonName,
  StaffRole,
  TimeZone,
  can,
  canManage,
  checkPassword,
  err,
  newId,
  ok,
  randomToken,
  type Capability,
  type PasswordProblem,
  type Result,
} from '@aligned/shared';
import {
  SECURITY_EVENT_KINDS,
  type AccountRow,
  type AccountStore,
  type PracticeRow,
  type SecurityEvent,
  type SecurityEventFilter,
  type SecurityEventKind,
  type SessionRow,
} from './account-store.ts';
import { createSignInThrottle, type SignInThrottle } from './sign-in-throttle.ts';
import { matchTotp, newTotpSecret, otpauthUri } from './totp.ts';
import {
  normalizeRecoveryCode,
  randomBase64Url,
  recoveryCode,
  sha256Hex,
  temporaryPassword,
  type PasswordHasher,
} from './passwords.ts';

export type AccountServiceOptions = {
  store: AccountStore;
  hasher: PasswordHasher;
  now?: () => Date;
  /** Random bearer tokens (sessions, invites) of `bytes` random bytes. */
  token?: (bytes: number) => string;
  sessionTtlMs?: number;
  inviteTtlMs?: number;
  /** Sign-in delays (one per service, in memory); tests pass one with their own clock. */
  throttle?: SignInThrottle;
};

/** Why a session token does not authenticate. */
export type AuthFailure = 'invalid' | 'expired' | 'revoked' | 'disabled' | 'password-change-required';
/** Why an action taken with a session token was refused. */
export type ActorFailure = AuthFailure | 'forbidden';
export type InvalidInput = { kind: 'invalid'; field: string };
export type WeakPassword = { kind: 'weak-password'; problem: PasswordProblem };
/** Too many failures lately from this address or on this login: try again after the delay. */
export type Throttled = { kind: 'throttled'; retryAfterSeconds: number };
/** The device id a session is bound to; `key` is new (shown once) when the relay registered it now. */
export type BoundDevice = { id: string; key?: string };

/** An account as the outside world sees it: everything but the password hash. */
export type AccountSummary = Omit<AccountRow, 'passwordHash'> & { invitePending: boolean };
/** What the device keeps: the bearer token, shown once. */
export type IssuedSession = { id: string; token: string; expiresAt: string };
export type Authenticated = { account: AccountSummary; session: SessionRow };
export type PracticeSummary = Omit<PracticeRow, 'recoveryHash'>;

/** What a device says about itself at sign-in: its id and, once registered, its secret. */
export type DeviceClaim = { deviceId: string; deviceKey?: string | undefined };

export type SetUpInput = {
  practice: { name: string; timeZone: string };
  owner: { name: string; login: string; password: string };
} & DeviceClaim;
export type SetUpResult = {
  practiceId: string;
  ownerId: string;
  account: AccountSummary;
  session: IssuedSession;
  device: BoundDevice;
  /** Shown once: print it and keep it in the practice safe. */
  recoveryCode: string;
};
export type SignInInput = {
  login: string;
  password: string;
  /** The second factor's current code, when the account has one. */
  code?: string | undefined;
  /** The network address the attempt came from (throttling); 'unknown' when not given. */
  address?: string | undefined;
} & DeviceClaim;
export type SignInResult = {
  account: AccountSummary;
  session: IssuedSession;
  device: BoundDevice;
  mustChangePassword: boolean;
};
export type CreateStaffInput = {
  name: string;
  login: string;
  role: StaffRole;
  locationIds?: string[];
  method: 'invite' | 'temporary-password';
};
export type CreatedStaff = {
  account: AccountSummary;
  invite?: { token: string; expiresAt: string };
  temporaryPassword?: string;
};
export type StaffPatch = { name?: string; role?: StaffRole; locationIds?: string[]; disabled?: boolean };
export type RecoverInput = { code: string; login: string; newPassword: string } & DeviceClaim;
export type RecoverResult = {
  account: AccountSummary;
  session: IssuedSession;
  device: BoundDevice;
  /** The new code; the one just used no longer works. */
  recoveryCode: string;
  revoked: SessionRow[];
};

/**
 * What the server operator may do from the machine itself (admin-cli.ts), without a session:
 * whoever can run commands there can read the database anyway. Only the CLI uses these; the HTTP
 * layer must never expose them. Each action is still logged, with `by=operator`.
 */
export type OperatorActions = {
  /** Like setUp, but also when practices exist (a relay may host several) and without a session. */
  createPractice(input: {
    practice: { name: string; timeZone: string };
    owner: { name: string; login: string; password: string };
  }): Promise<
    Result<
      { practiceId: string; ownerId: string; recoveryCode: string },
      InvalidInput | WeakPassword | 'login-taken'
    >
  >;
  /** `password`: the operator chose a temporary password; it must pass the policy and be changed at first sign-in. */
  createAccount(
    practiceId: string,
    input: CreateStaffInput | (Omit<CreateStaffInput, 'method'> & { method: 'password'; password: string }),
  ): Promise<Result<CreatedStaff, InvalidInput | WeakPassword | 'login-taken' | 'not-found'>>;
  resetPassword(
    login: string,
  ): Promise<Result<{ temporaryPassword: string; revoked: SessionRow[] }, 'not-found'>>;
  listPractices(): Promise<PracticeSummary[]>;
  listAccounts(practiceId: string): Promise<AccountSummary[]>;
};

export type AccountService = {
  /** True until the first practice exists: the app then shows setup instead of sign-in. */
  setupNeeded(): Promise<boolean>;
  setUp(
    input: SetUpInput,
  ): Promise<Result<SetUpResult, 'already-set-up' | 'login-taken' | WeakPassword | InvalidInput>>;
  signIn(
    input: SignInInput,
  ): Promise<
    Result<
      SignInResult,
      'invalid-credentials' | Throttled | 'disabled' | 'second-factor-required' | InvalidInput
    >
  >;
  /** The account and session behind a bearer token, checked now. Logs nothing (called per request). */
  authenticate(token: string): Promise<Result<Authenticated, AuthFailure>>;
  /** Ends this one session (sign out, automatic logoff). */
  signOut(token: string): Promise<Result<SessionRow, 'invalid'>>;
  /** Allowed while a change is required; revokes the account's other sessions. */
  changePassword(input: {
    token: string;
    current: string;
    next: string;
    address?: string | undefined;
  }): Promise<
    Result<
      { revoked: SessionRow[] },
      | Exclude<AuthFailure, 'password-change-required'>
      | 'invalid-credentials'
      | Throttled
      | WeakPassword
      | 'same-password'
    >
  >;
  createStaff(
    actorToken: string,
    input: CreateStaffInput,
  ): Promise<Result<CreatedStaff, ActorFailure | InvalidInput | 'login-taken'>>;
  acceptInvite(
    input: {
      token: string;
      password: string;
    } & DeviceClaim,
  ): Promise<
    Result<
      { account: AccountSummary; session: IssuedSession; device: BoundDevice },
      'invalid-invite' | 'disabled' | WeakPassword | InvalidInput
    >
  >;
  /**
   * Disabling revokes the account's sessions (returned for the relay to close); a change of role
   * or locations sets `accessChanged`, for the relay to close the account's open connections so
   * they come back under the new permissions (PERM-7).
   */
  updateStaff(
    actorToken: string,
    id: string,
    patch: StaffPatch,
  ): Promise<
    Result<
      { account: AccountSummary; revoked: SessionRow[]; accessChanged: boolean },
      ActorFailure | 'not-found' | InvalidInput
    >
  >;
  resetPassword(
    actorToken: string,
    id: string,
  ): Promise<Result<{ temporaryPassword: string; revoked: SessionRow[] }, ActorFailure | 'not-found'>>;
  /** Anyone may end all of their own sessions; ending someone else's is for owners and managers. */
  revokeSessions(actorToken: string, id: string): Promise<Result<SessionRow[], ActorFailure | 'not-found'>>;
  /** The owner's way back in with the practice recovery code. */
  recover(
    input: RecoverInput,
  ): Promise<Result<RecoverResult, 'invalid-recovery' | WeakPassword | InvalidInput>>;
  /** Newest first; at most `limit` (default 500, at most 5,000). */
  securityEvents(
    actorToken: string,
    filter?: SecurityEventFilter,
  ): Promise<Result<SecurityEvent[], ActorFailure>>;
  listStaff(actorToken: string): Promise<Result<AccountSummary[], ActorFailure>>;
  /** Whether the signed-in person has a second factor (AUTH-6). */
  secondFactorStatus(token: string): Promise<Result<{ enabled: boolean }, AuthFailure>>;
  /** Owners and managers: a new secret to add to an authenticator app; enabled by the first code. */
  beginSecondFactor(
    token: string,
  ): Promise<Result<{ secret: string; uri: string }, AuthFailure | 'forbidden' | 'already-enabled'>>;
  enableSecondFactor(
    token: string,
    code: string,
  ): Promise<Result<{ enabled: true }, AuthFailure | 'forbidden' | 'invalid-code' | 'not-started'>>;
  /** Needs the password and a current code: a stolen session alone cannot remove it. */
  disableSecondFactor(
    token: string,
    input: { password: string; code: string; address?: string | undefined },
  ): Promise<Result<{ enabled: false }, AuthFailure | 'invalid-credentials' | Throttled | 'not-enabled'>>;
  operator: OperatorActions;
};

/** Where failed sign-ins for a login nobody owns are recorded when the relay hosts several practices. */
export const UNATTRIBUTED_PRACTICE_ID = 'relay';

const SESSION_TOKEN_BYTES = 32;
const DEVICE_KEY_BYTES = 32;
const INVITE_TOKEN_BYTES = 32;
const MAX_TOKEN_LENGTH = 512;
/** Longer than any password the policy accepts; anything beyond is refused before hashing. */
const MAX_PASSWORD_INPUT = 1024;
const DEFAULT_EVENT_LIMIT = 500;
const MAX_EVENT_LIMIT = 5000;

/** Logins are compared trimmed and lowercase: `Ana@Example.com ` is `ana@example.com`. */
export function normalizeLogin(login: string): string {
  return typeof login === 'string' ? login.trim().toLowerCase() : '';
}

export function toAccountSummary(row: AccountRow): AccountSummary {
  const { passwordHash: _hash, ...rest } = row;
  return { ...rest, invitePending: row.passwordHash === null };
}

type Actor =
  { kind: 'staff'; account: AccountRow; session: SessionRow } | { kind: 'operator'; practiceId: string };

/** Runs `fn` after every earlier call with the same key has settled. */
function createKeyedLock() {
  const tails = new Map<string, Promise<unknown>>();
  return async function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

/** `key=value` words for an event's detail; values are ids, roles, counts: never secrets. */
function words(parts: Record<string, string | number | boolean | null | undefined>): string | null {
  const out: string[] = [];
  for (const [key, value] of Object.entries(parts)) {
    if (value === undefined || value === null) continue;
    out.push(`${key}=${String(value).replace(/\s+/g, '_')}`);
  }
  return out.length > 0 ? out.join(' ') : null;
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const isString = (value: unknown): value is string => typeof value === 'string';

function validLogin(login: unknown): string | null {
  if (!isString(login)) return null;
  const normalized = normalizeLogin(login);
  return normalized.length >= 3 && normalized.length <= 254 && !/\s/.test(normalized) ? normalized : null;
}

function validPersonName(name: unknown): string | null {
  const parsed = PersonName.safeParse(name);
  return parsed.success ? parsed.data : null;
}

function validPracticeName(name: unknown): string | null {
  if (!isString(name)) return null;
  const trimmed = name.trim();
  return trimmed.length >= 1 && trimmed.length <= 120 ? trimmed : null;
}

const validDeviceId = (deviceId: unknown): deviceId is string => Id.safeParse(deviceId).success;

function validLocationIds(ids: unknown): string[] | null {
  if (ids === undefined) return [];
  if (!Array.isArray(ids) || ids.length > 200) return null;
  return ids.every((id) => Id.safeParse(id).success) ? [...new Set(ids as string[])] : null;
}

const invalid = (field: string): InvalidInput => ({ kind: 'invalid', field });

/** Who may add a TOTP second factor: the roles that administer people and sessions. */
const SECOND_FACTOR_ROLES: ReadonlySet<StaffRole> = new Set(['owner', 'manager']);

export function createAccountService(options: AccountServiceOptions): AccountService {
  const { store, hasher } = options;
  const now = options.now ?? (() => new Date());
  const makeToken = options.token ?? randomBase64Url;
  const sessionTtlMs = options.sessionTtlMs ?? 12 * 60 * 60 * 1000;
  const inviteTtlMs = options.inviteTtlMs ?? 7 * 24 * 60 * 60 * 1000;
  const throttle = options.throttle ?? createSignInThrottle({}, () => now().getTime());
  const withLock = createKeyedLock();

  const iso = (date: Date) => date.toISOString();
  const later = (date: Date, ms: number) => new Date(date.getTime() + ms).toISOString();

  // Verified against when there is no real hash to check, so an unknown login costs the same.
  let dummy: Promise<string> | undefined;
  const dummyHash = () => (dummy ??= hasher.hash(randomToken(24)));
  const spendHash = async (password: string) => {
    await hasher.verify(password, await dummyHash());
  };

  async function log(event: Omit<SecurityEvent, 'seq' | 'at'> & { at?: string }): Promise<void> {
    await store.logEvent({ ...event, at: event.at ?? iso(now()) });
  }

  /** The practice a login nobody owns is logged under: the only one, if there is only one. */
  async function unattributedPractice(): Promise<string> {
    const practices = await store.listPractices();
    return practices.length === 1 ? practices[0]!.id : UNATTRIBUTED_PRACTICE_ID;
  }

  /**
   * The device a session is bound to (PERM-2). A device id the relay has never seen is registered
   * to this practice with a new secret, returned once for the device to keep. A known id counts
   * only with its secret and practice; anything else (another device's id, a forgotten secret)
   * gets a new id, so nobody signs in as another device.
   */
  async function bindDevice(practiceId: string, claim: DeviceClaim, at: Date): Promise<BoundDevice> {
    const known = await store.getDevice(claim.deviceId);
    if (
      known &&
      known.practiceId === practiceId &&
      isString(claim.deviceKey) &&
      claim.deviceKey.length <= MAX_TOKEN_LENGTH &&
      sameHex(sha256Hex(claim.deviceKey), known.keyHash)
    ) {
      return { id: known.id };
    }
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const id = known || attempt > 0 ? newId('device') : claim.deviceId;
      const key = makeToken(DEVICE_KEY_BYTES);
      if (
        (await store.createDevice({ id, practiceId, keyHash: sha256Hex(key), createdAt: iso(at) })) === null
      ) {
        await log({
          practiceId,
          at: iso(at),
          kind: 'device-registered',
          accountId: null,
          deviceId: id,
          detail: words({ replaced: id !== claim.deviceId ? claim.deviceId : undefined }),
        });
        return { id, key };
      }
    }
    throw new Error('could not register a device id');
  }

  async function startSession(accountId: string, deviceId: string, at: Date): Promise<IssuedSession> {
    const token = makeToken(SESSION_TOKEN_BYTES);
    const row: SessionRow = {
      id: `ses_${randomToken()}`,
      accountId,
      deviceId,
      tokenHash: sha256Hex(token),
      createdAt: iso(at),
      expiresAt: later(at, sessionTtlMs),
      revokedAt: null,
    };
    await store.createSession(row);
    return { id: row.id, token, expiresAt: row.expiresAt };
  }

  async function resolveSession(
    token: unknown,
    allowPasswordChange: boolean,
  ): Promise<Result<{ account: AccountRow; session: SessionRow }, AuthFailure>> {
    if (!isString(token) || token.length < 16 || token.length > MAX_TOKEN_LENGTH) return err('invalid');
    const session = await store.findSessionByTokenHash(sha256Hex(token));
    if (!session) return err('invalid');
    if (session.revokedAt !== null) return err('revoked');
    if (session.expiresAt <= iso(now())) return err('expired');
    const account = await store.getAccount(session.accountId);
    if (!account) return err('invalid');
    if (account.disabled) return err('disabled');
    if (account.mustChangePassword && !allowPasswordChange) return err('password-change-required');
    return ok({ account, session });
  }

  async function actorFor(token: string): Promise<Result<Actor, AuthFailure>> {
    const resolved = await resolveSession(token, false);
    return resolved.ok ? ok({ kind: 'staff', ...resolved.value }) : resolved;
  }

  const practiceOfActor = (actor: Actor) =>
    actor.kind === 'operator' ? actor.practiceId : actor.account.practiceId;
  const byOf = (actor: Actor) => (actor.kind === 'operator' ? 'operator' : actor.account.id);
  const deviceOf = (actor: Actor) => (actor.kind === 'operator' ? null : actor.session.deviceId);

  /**
   * Whether the actor holds `capability` and may manage every role in `roles` (the target's
   * current role and, for a change, the new one). The operator may do anything.
   */
  function permits(actor: Actor, capability: Capability, roles: readonly StaffRole[]): boolean {
    if (actor.kind === 'operator') return true;
    const role = actor.account.role;
    return can(role, capability) && roles.every((target) => canManage(role, target));
  }

  async function refuse(actor: Actor, action: string, target: string | null, reason?: string) {
    if (actor.kind === 'staff') {
      await log({
        practiceId: actor.account.practiceId,
        kind: 'permission-refused',
        accountId: actor.account.id,
        deviceId: actor.session.deviceId,
        detail: words({ action, target, reason }),
      });
    }
    return err('forbidden' as const);
  }

  /**
   * Counts a failed password (or second-factor) check: the throttle's delays grow, the account's
   * counter shows in the staff list, and the security log says what happened. Never a lock.
   */
  async function recordFailure(
    login: string,
    address: string,
    account: AccountRow | null,
    deviceId: string | null,
    at: Date,
    reason: string,
  ): Promise<void> {
    const waits = throttle.failed(login, address);
    const practiceId = account?.practiceId ?? (await unattributedPractice());
    const attempts = account ? account.failedAttempts + 1 : undefined;
    if (account) await store.updateAccount(account.id, { failedAttempts: attempts });
    const base = { practiceId, accountId: account?.id ?? null, deviceId, at: iso(at) };
    await log({ ...base, kind: 'sign-in-failed', detail: words({ reason, attempt: attempts }) });
    if (waits.addressMs > 0 || waits.loginMs > 0) {
      await log({
        ...base,
        kind: 'sign-in-throttled',
        detail: words({
          'address-wait-s': Math.ceil(waits.addressMs / 1000) || undefined,
          'login-wait-s': Math.ceil(waits.loginMs / 1000) || undefined,
        }),
      });
    }
  }

  const throttled = (retryAfterMs: number): Throttled => ({
    kind: 'throttled',
    retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
  });

  async function weakness(
    password: unknown,
    person: { name: string; login: string },
  ): Promise<WeakPassword | InvalidInput | null> {
    if (!isString(password)) return invalid('password');
    const problem = checkPassword(password, person);
    return problem ? { kind: 'weak-password', problem } : null;
  }

  // ---- practices ----------------------------------------------------------------------------

  type PracticeInput = {
    practice: { name: string; timeZone: string };
    owner: { name: string; login: string; password: string };
  };

  async function createPracticeAs(
    input: PracticeInput,
    by: 'operator' | { deviceId: string },
  ): Promise<
    Result<
      { practice: PracticeRow; owner: AccountRow; recoveryCode: string },
      InvalidInput | WeakPassword | 'login-taken'
    >
  > {
    const practiceName = validPracticeName(input?.practice?.name);
    if (!practiceName) return err(invalid('practice.name'));
    const timeZone = TimeZone.safeParse(input.practice.timeZone);
    if (!timeZone.success) return err(invalid('practice.timeZone'));
    const ownerName = validPersonName(input.owner?.name);
    if (!ownerName) return err(invalid('owner.name'));
    const login = validLogin(input.owner.login);
    if (!login) return err(invalid('owner.login'));
    const weak = await weakness(input.owner.password, { name: ownerName, login });
    if (weak) return err(weak.kind === 'invalid' ? invalid('owner.password') : weak);
    if (await store.findAccountByLogin(login)) return err('login-taken');

    const at = now();
    const code = recoveryCode();
    const practice: PracticeRow = {
      id: newId('practice'),
      name: practiceName,
      timeZone: timeZone.data,
      createdAt: iso(at),
      recoveryHash: sha256Hex(code),
    };
    const owner: AccountRow = {
      id: newId('staff'),
      practiceId: practice.id,
      login,
      name: ownerName,
      role: 'owner',
      locationIds: [],
      passwordHash: await hasher.hash(input.owner.password),
      mustChangePassword: false,
      failedAttempts: 0,
      lockedUntil: null,
      disabled: false,
      createdAt: iso(at),
      updatedAt: iso(at),
    };
    await store.createPractice(practice);
    if ((await store.createAccount(owner)) === 'login-taken') return err('login-taken');
    await log({
      practiceId: practice.id,
      at: iso(at),
      kind: 'setup',
      accountId: owner.id,
      deviceId: by === 'operator' ? null : by.deviceId,
      detail: words({ role: 'owner', by: by === 'operator' ? 'operator' : undefined }),
    });
    return ok({ practice, owner, recoveryCode: code });
  }

  // ---- staff management (shared by the session-holding API and the operator) ----------------

  type CreateInput =
    CreateStaffInput | (Omit<CreateStaffInput, 'method'> & { method: 'password'; password: string });

  async function createStaffAs(
    actor: Actor,
    input: CreateInput,
  ): Promise<Result<CreatedStaff, 'forbidden' | InvalidInput | WeakPassword | 'login-taken'>> {
    if (!permits(actor, 'manage-staff', [])) return refuse(actor, 'create-staff', null);
    const name = validPersonName(input?.name);
    if (!name) return err(invalid('name'));
    const login = validLogin(input.login);
    if (!login) return err(invalid('login'));
    const role = StaffRole.safeParse(input.role);
    if (!role.success) return err(invalid('role'));
    const locationIds = validLocationIds(input.locationIds);
    if (!locationIds) return err(invalid('locationIds'));
    if (input.method !== 'invite' && input.method !== 'temporary-password' && input.method !== 'password') {
      return err(invalid('method'));
    }
    if (!permits(actor, 'manage-staff', [role.data]))
      return refuse(actor, 'create-staff', null, `role-${role.data}`);

    let temporary: string | undefined;
    if (input.method === 'password') {
      const weak = await weakness(input.password, { name, login });
      if (weak) return err(weak);
      temporary = input.password;
    } else if (input.method === 'temporary-password') {
      temporary = temporaryPassword();
    }

    const at = now();
    const account: AccountRow = {
      id: newId('staff'),
      practiceId: practiceOfActor(actor),
      login,
      name,
      role: role.data,
      locationIds,
      passwordHash: temporary === undefined ? null : await hasher.hash(temporary),
      mustChangePassword: temporary !== undefined,
      failedAttempts: 0,
      lockedUntil: null,
      disabled: false,
      createdAt: iso(at),
      updatedAt: iso(at),
    };
    if ((await store.createAccount(account)) === 'login-taken') return err('login-taken');

    let invite: CreatedStaff['invite'];
    if (input.method === 'invite') {
      const token = makeToken(INVITE_TOKEN_BYTES);
      invite = { token, expiresAt: later(at, inviteTtlMs) };
      await store.createInvite({
        tokenHash: sha256Hex(token),
        accountId: account.id,
        expiresAt: invite.expiresAt,
      });
    }
    await log({
      practiceId: account.practiceId,
      at: iso(at),
      kind: 'account-created',
      accountId: account.id,
      deviceId: deviceOf(actor),
      detail: words({ by: byOf(actor), role: account.role, method: input.method }),
    });
    const created: CreatedStaff = { account: toAccountSummary(account) };
    if (invite) created.invite = invite;
    if (input.method === 'temporary-password') created.temporaryPassword = temporary;
    return ok(created);
  }

  async function targetFor(actor: Actor, id: unknown): Promise<AccountRow | null> {
    if (!isString(id)) return null;
    const target = await store.getAccount(id);
    return target && target.practiceId === practiceOfActor(actor) ? target : null;
  }

  async function resetPasswordAs(
    actor: Actor,
    id: string,
  ): Promise<Result<{ temporaryPassword: string; revoked: SessionRow[] }, 'forbidden' | 'not-found'>> {
    if (!permits(actor, 'reset-passwords', [])) return refuse(actor, 'reset-password', id);
    const target = await targetFor(actor, id);
    if (!target) return err('not-found');
    if (!permits(actor, 'reset-passwords', [target.role])) return refuse(actor, 'reset-password', target.id);
    const password = temporaryPassword();
    const passwordHash = await hasher.hash(password);
    const at = now();
    await store.updateAccount(target.id, {
      passwordHash,
      mustChangePassword: true,
      failedAttempts: 0,
      lockedUntil: null,
      updatedAt: iso(at),
    });
    const revoked = await store.revokeSessions(target.id, iso(at));
    // A reset re-provisions the account (a lost phone is the usual reason): the second factor goes too.
    const factorRemoved = await store.deleteSecondFactor(target.id);
    await log({
      practiceId: target.practiceId,
      at: iso(at),
      kind: 'password-reset',
      accountId: target.id,
      deviceId: deviceOf(actor),
      detail: words({
        by: byOf(actor),
        revoked: revoked.length,
        'second-factor-removed': factorRemoved || undefined,
      }),
    });
    return ok({ temporaryPassword: password, revoked });
  }

  // ---- the service --------------------------------------------------------------------------

  const operator: OperatorActions = {
    async createPractice(input) {
      const created = await createPracticeAs(input, 'operator');
      if (!created.ok) return created;
      const { practice, owner, recoveryCode: code } = created.value;
      return ok({ practiceId: practice.id, ownerId: owner.id, recoveryCode: code });
    },
    async createAccount(practiceId, input) {
      if (!isString(practiceId) || !(await store.getPractice(practiceId))) return err('not-found');
      const created = await createStaffAs({ kind: 'operator', practiceId }, input);
      if (!created.ok && created.error === 'forbidden')
        throw new Error('unreachable: the operator is never refused');
      return created as Result<CreatedStaff, InvalidInput | WeakPassword | 'login-taken'>;
    },
    async resetPassword(login) {
      const account = await store.findAccountByLogin(normalizeLogin(login));
      if (!account) return err('not-found');
      const reset = await resetPasswordAs({ kind: 'operator', practiceId: account.practiceId }, account.id);
      if (!reset.ok && reset.error === 'forbidden')
        throw new Error('unreachable: the operator is never refused');
      return reset as Result<{ temporaryPassword: string; revoked: SessionRow[] }, 'not-found'>;
    },
    async listPractices() {
      return (await store.listPractices()).map(({ recoveryHash: _hash, ...rest }) => rest);
    },
    async listAccounts(practiceId) {
      return (await store.listAccounts(practiceId)).map(toAccountSummary);
    },
  };

  return {
    operator,

    async setupNeeded() {
      return (await store.practiceCount()) === 0;
    },

    async setUp(input) {
      if (!validDeviceId(input?.deviceId)) return err(invalid('deviceId'));
      // One at a time, so two devices racing on a fresh relay cannot both become the first owner.
      return withLock('setup', async () => {
        if ((await store.practiceCount()) > 0) return err('already-set-up');
        const created = await createPracticeAs(input, { deviceId: input.deviceId });
        if (!created.ok) return created;
        const { practice, owner, recoveryCode: code } = created.value;
        const at = now();
        const device = await bindDevice(practice.id, input, at);
        const session = await startSession(owner.id, device.id, at);
        return ok({
          practiceId: practice.id,
          ownerId: owner.id,
          account: toAccountSummary(owner),
          session,
          device,
          recoveryCode: code,
        });
      });
    },

    async signIn(input) {
      const login = validLogin(input?.login);
      const password = input?.password;
      if (!validDeviceId(input?.deviceId)) return err(invalid('deviceId'));
      if (!login || !isString(password) || password.length === 0 || password.length > MAX_PASSWORD_INPUT) {
        return err('invalid-credentials');
      }
      const deviceId = input.deviceId;
      const address = isString(input.address) && input.address ? input.address : 'unknown';
      // Per login, so parallel guesses are counted one by one.
      return withLock(`login:${login}`, async () => {
        const at = now();
        // Answered before any password is checked; a throttled attempt does not lengthen the wait.
        const verdict = throttle.check(login, address);
        if (!verdict.ok) return err(throttled(verdict.retryAfterMs));
        const account = await store.findAccountByLogin(login);
        if (!account || account.passwordHash === null) {
          await spendHash(password);
          const reason = account ? 'invite-pending' : 'unknown-login';
          await recordFailure(login, address, account, deviceId, at, reason);
          return err('invalid-credentials');
        }
        if (!(await hasher.verify(password, account.passwordHash))) {
          await recordFailure(login, address, account, deviceId, at, 'wrong-password');
          return err('invalid-credentials');
        }
        if (account.disabled) {
          await log({
            practiceId: account.practiceId,
            at: iso(at),
            kind: 'sign-in-failed',
            accountId: account.id,
            deviceId,
            detail: words({ reason: 'disabled' }),
          });
          return err('disabled');
        }
        const factor = await store.getSecondFactor(account.id);
        if (factor?.enabledAt) {
          if (!isString(input.code) || input.code.trim() === '') return err('second-factor-required');
          const step = matchTotp(factor.secret, input.code, at.getTime());
          if (step === null || !(await store.useSecondFactorStep(account.id, step))) {
            await recordFailure(login, address, account, deviceId, at, 'second-factor');
            return err('invalid-credentials');
          }
        }
        throttle.succeeded(login, address);
        const updated =
          account.failedAttempts !== 0 || account.lockedUntil !== null
            ? ((await store.updateAccount(account.id, { failedAttempts: 0, lockedUntil: null })) ?? account)
            : account;
        const device = await bindDevice(account.practiceId, input, at);
        const session = await startSession(account.id, device.id, at);
        await log({
          practiceId: account.practiceId,
          at: iso(at),
          kind: 'sign-in',
          accountId: account.id,
          deviceId: device.id,
          detail: words({
            session: session.id,
            'must-change-password': account.mustChangePassword || undefined,
            'second-factor': factor?.enabledAt ? true : undefined,
          }),
        });
        return ok({
          account: toAccountSummary(updated),
          session,
          device,
          mustChangePassword: account.mustChangePassword,
        });
      });
    },

    async authenticate(token) {
      const resolved = await resolveSession(token, false);
      if (!resolved.ok) return resolved;
      return ok({ account: toAccountSummary(resolved.value.account), session: resolved.value.session });
    },

    async signOut(token) {
      if (!isString(token) || token.length < 16 || token.length > MAX_TOKEN_LENGTH) return err('invalid');
      const session = await store.findSessionByTokenHash(sha256Hex(token));
      if (!session) return err('invalid');
      const at = iso(now());
      const revoked = await store.revokeSession(session.id, at);
      if (!revoked) return err('invalid');
      const account = await store.getAccount(session.accountId);
      if (account) {
        await log({
          practiceId: account.practiceId,
          at,
          kind: 'session-revoked',
          accountId: account.id,
          deviceId: session.deviceId,
          detail: words({ reason: 'sign-out', session: session.id }),
        });
      }
      return ok(revoked);
    },

    async changePassword(input) {
      const resolved = await resolveSession(input?.token, true);
      if (!resolved.ok)
        return resolved as { ok: false; error: Exclude<AuthFailure, 'password-change-required'> };
      const { session } = resolved.value;
      const { current, next } = input;
      if (!isString(current) || current.length > MAX_PASSWORD_INPUT) return err('invalid-credentials');
      const address = isString(input.address) && input.address ? input.address : 'unknown';
      return withLock(`login:${resolved.value.account.login}`, async () => {
        const at = now();
        const account = (await store.getAccount(session.accountId)) ?? resolved.value.account;
        const verdict = throttle.check(account.login, address);
        if (!verdict.ok) return err(throttled(verdict.retryAfterMs));
        if (account.passwordHash === null || !(await hasher.verify(current, account.passwordHash))) {
          await recordFailure(account.login, address, account, session.deviceId, at, 'wrong-password');
          return err('invalid-credentials' as const);
        }
        if (!isString(next)) return err({ kind: 'weak-password', problem: 'too-short' } as WeakPassword);
        const problem = checkPassword(next, { name: account.name, login: account.login });
        if (problem) return err({ kind: 'weak-password', problem } as WeakPassword);
        if (next.normalize('NFKC') === current.normalize('NFKC')) return err('same-password' as const);
        const passwordHash = await hasher.hash(next);
        await store.updateAccount(account.id, {
          passwordHash,
          mustChangePassword: false,
          failedAttempts: 0,
          lockedUntil: null,
          updatedAt: iso(at),
        });
        const revoked = await store.revokeSessions(account.id, iso(at), session.id);
        await log({
          practiceId: account.practiceId,
          at: iso(at),
          kind: 'password-changed',
          accountId: account.id,
          deviceId: session.deviceId,
          detail: words({ revoked: revoked.length, required: account.mustChangePassword || undefined }),
        });
        return ok({ revoked });
      });
    },

    async createStaff(actorToken, input) {
      const actor = await actorFor(actorToken);
      if (!actor.ok) return actor;
      const created = await createStaffAs(actor.value, { ...input, method: input?.method });
      // The session API has no 'password' method, so no weak-password can come back.
      return created as Result<CreatedStaff, ActorFailure | InvalidInput | 'login-taken'>;
    },

    async acceptInvite(input) {
      if (!validDeviceId(input?.deviceId)) return err(invalid('deviceId'));
      const token = input.token;
      if (!isString(token) || token.length < 16 || token.length > MAX_TOKEN_LENGTH)
        return err('invalid-invite');
      const tokenHash = sha256Hex(token);
      const invite = await store.findInvite(tokenHash);
      const at = now();
      if (!invite || invite.expiresAt <= iso(at)) return err('invalid-invite');
      const account = await store.getAccount(invite.accountId);
      if (!account) return err('invalid-invite');
      if (account.disabled) return err('disabled');
      // An invite sets the first password only. Once the account has one (a manager reset it
      // after sending the link), whoever holds an old link must not be able to take it over.
      if (account.passwordHash !== null) return err('invalid-invite');
      const weak = await weakness(input.password, { name: account.name, login: account.login });
      if (weak) return err(weak);
      const passwordHash = await hasher.hash(input.password);
      // The single-use guard: only one of two racing acceptances gets the account id back.
      if ((await store.takeInvite(tokenHash, iso(now()))) !== account.id) return err('invalid-invite');
      const updated =
        (await store.updateAccount(account.id, {
          passwordHash,
          mustChangePassword: false,
          failedAttempts: 0,
          lockedUntil: null,
          updatedAt: iso(at),
        })) ?? account;
      const device = await bindDevice(account.practiceId, input, at);
      const session = await startSession(account.id, device.id, at);
      await log({
        practiceId: account.practiceId,
        at: iso(at),
        kind: 'invite-accepted',
        accountId: account.id,
        deviceId: device.id,
        detail: words({ session: session.id }),
      });
      return ok({ account: toAccountSummary(updated), session, device });
    },

    async updateStaff(actorToken, id, patch) {
      const resolved = await actorFor(actorToken);
      if (!resolved.ok) return resolved;
      const actor = resolved.value;
      if (!permits(actor, 'manage-staff', [])) return refuse(actor, 'update-staff', isString(id) ? id : null);

      const name = patch?.name === undefined ? undefined : validPersonName(patch.name);
      if (name === null) return err(invalid('name'));
      let role: StaffRole | undefined;
      if (patch.role !== undefined) {
        const parsed = StaffRole.safeParse(patch.role);
        if (!parsed.success) return err(invalid('role'));
        role = parsed.data;
      }
      const locationIds = patch.locationIds === undefined ? undefined : validLocationIds(patch.locationIds);
      if (locationIds === null) return err(invalid('locationIds'));
      if (patch.disabled !== undefined && typeof patch.disabled !== 'boolean')
        return err(invalid('disabled'));
      const disabled = patch.disabled;

      // Per practice: two owners disabling each other at once must not leave the practice ownerless.
      return withLock(`practice:${practiceOfActor(actor)}`, async () => {
        const target = await targetFor(actor, id);
        if (!target) return err('not-found' as const);
        if (!permits(actor, 'manage-staff', role ? [target.role, role] : [target.role])) {
          return refuse(actor, 'update-staff', target.id);
        }
        const losesOwner =
          target.role === 'owner' &&
          !target.disabled &&
          (disabled === true || (role !== undefined && role !== 'owner'));
        if (losesOwner) {
          const owners = (await store.listAccounts(target.practiceId)).filter(
            (a) => a.role === 'owner' && !a.disabled,
          );
          if (owners.length <= 1) return refuse(actor, 'update-staff', target.id, 'last-owner');
        }

        // Nobody changes their own access: a manager could otherwise lift their own location
        // limit. Their name is theirs to correct.
        const ownAccess =
          actor.kind === 'staff' &&
          actor.account.id === target.id &&
          ((role !== undefined && role !== target.role) ||
            (locationIds !== undefined &&
              JSON.stringify(locationIds) !== JSON.stringify(target.locationIds)) ||
            (disabled !== undefined && disabled !== target.disabled));
        if (ownAccess) return refuse(actor, 'update-staff', target.id, 'own-access');

        const changes = {
          name: name !== undefined && name !== target.name ? 'changed' : undefined,
          role: role !== undefined && role !== target.role ? `${target.role}>${role}` : undefined,
          locations:
            locationIds !== undefined && JSON.stringify(locationIds) !== JSON.stringify(target.locationIds)
              ? locationIds.length
              : undefined,
          disabled: disabled !== undefined && disabled !== target.disabled ? disabled : undefined,
        };
        if (Object.values(changes).every((v) => v === undefined)) {
          return ok({ account: toAccountSummary(target), revoked: [], accessChanged: false });
        }
        const at = now();
        const updated =
          (await store.updateAccount(target.id, { name, role, locationIds, disabled, updatedAt: iso(at) })) ??
          target;
        const revoked = changes.disabled === true ? await store.revokeSessions(target.id, iso(at)) : [];
        await log({
          practiceId: target.practiceId,
          at: iso(at),
          kind: 'account-updated',
          accountId: target.id,
          deviceId: deviceOf(actor),
          detail: words({ by: byOf(actor), ...changes, revoked: revoked.length || undefined }),
        });
        const accessChanged = changes.role !== undefined || changes.locations !== undefined;
        return ok({ account: toAccountSummary(updated), revoked, accessChanged });
      });
    },

    async resetPassword(actorToken, id) {
      const actor = await actorFor(actorToken);
      if (!actor.ok) return actor;
      return resetPasswordAs(actor.value, id);
    },

    async revokeSessions(actorToken, id) {
      const resolved = await actorFor(actorToken);
      if (!resolved.ok) return resolved;
      const actor = resolved.value as Extract<Actor, { kind: 'staff' }>;
      const self = actor.account.id === id;
      if (!self && !permits(actor, 'revoke-sessions', [])) {
        return refuse(actor, 'revoke-sessions', isString(id) ? id : null);
      }
      const target = self ? actor.account : await targetFor(actor, id);
      if (!target) return err('not-found');
      if (!self && !permits(actor, 'revoke-sessions', [target.role])) {
        return refuse(actor, 'revoke-sessions', target.id);
      }
      const at = iso(now());
      const revoked = await store.revokeSessions(target.id, at);
      await log({
        practiceId: target.practiceId,
        at,
        kind: 'session-revoked',
        accountId: target.id,
        deviceId: actor.session.deviceId,
        detail: words({ by: actor.account.id, count: revoked.length }),
      });
      return ok(revoked);
    },

    async recover(input) {
      if (!validDeviceId(input?.deviceId)) return err(invalid('deviceId'));
      const code = isString(input.code) ? normalizeRecoveryCode(input.code) : null;
      const login = validLogin(input.login);
      const at = now();
      const account = login ? await store.findAccountByLogin(login) : null;
      const practice = account ? await store.getPractice(account.practiceId) : null;
      const expected = practice?.recoveryHash ?? null;
      const matches = code !== null && expected !== null && sameHex(sha256Hex(code), expected);
      if (!account || !practice || !matches || account.role !== 'owner' || account.disabled) {
        // One answer for every reason: the code, the login and the role are not confirmed separately.
        await log({
          practiceId: practice?.id ?? (await unattributedPractice()),
          at: iso(at),
          kind: 'sign-in-failed',
          accountId: account?.id ?? null,
          deviceId: input.deviceId,
          detail: words({ reason: 'recovery-refused' }),
        });
        return err('invalid-recovery');
      }
      const weak = await weakness(input.newPassword, { name: account.name, login: account.login });
      if (weak) return err(weak);
      const passwordHash = await hasher.hash(input.newPassword);
      const nextCode = recoveryCode();
      // Compare-and-set: if another recovery used this code meanwhile, this one loses.
      if (!(await store.setRecoveryHash(practice.id, sha256Hex(nextCode), expected)))
        return err('invalid-recovery');
      const updated =
        (await store.updateAccount(account.id, {
          passwordHash,
          mustChangePassword: false,
          failedAttempts: 0,
          lockedUntil: null,
          updatedAt: iso(at),
        })) ?? account;
      const revoked = await store.revokeSessions(account.id, iso(at));
      // The recovery code stands in for a lost second factor too: it is removed, to be added again.
      const factorRemoved = await store.deleteSecondFactor(account.id);
      const device = await bindDevice(practice.id, input, at);
      const session = await startSession(account.id, device.id, at);
      await log({
        practiceId: practice.id,
        at: iso(at),
        kind: 'recovery-used',
        accountId: account.id,
        deviceId: device.id,
        detail: words({
          revoked: revoked.length,
          'code-rotated': true,
          'second-factor-removed': factorRemoved || undefined,
        }),
      });
      return ok({ account: toAccountSummary(updated), session, device, recoveryCode: nextCode, revoked });
    },

    async securityEvents(actorToken, filter = {}) {
      const resolved = await actorFor(actorToken);
      if (!resolved.ok) return resolved;
      const actor = resolved.value;
      if (!permits(actor, 'view-audit', [])) return refuse(actor, 'security-events', null);
      const known = new Set<string>(SECURITY_EVENT_KINDS);
      const requested = Number.isFinite(filter.limit) ? Math.floor(filter.limit!) : DEFAULT_EVENT_LIMIT;
      const clean: SecurityEventFilter = { limit: Math.min(Math.max(requested, 1), MAX_EVENT_LIMIT) };
      if (isString(filter.from)) clean.from = filter.from;
      if (isString(filter.to)) clean.to = filter.to;
      if (isString(filter.accountId)) clean.accountId = filter.accountId;
      if (Array.isArray(filter.kinds)) {
        clean.kinds = filter.kinds.filter((k): k is SecurityEventKind => known.has(k));
      }
      return ok(await store.listEvents(practiceOfActor(actor), clean));
    },

    async secondFactorStatus(token) {
      const resolved = await resolveSession(token, false);
      if (!resolved.ok) return resolved;
      const factor = await store.getSecondFactor(resolved.value.account.id);
      return ok({ enabled: Boolean(factor?.enabledAt) });
    },

    async beginSecondFactor(token) {
      const resolved = await resolveSession(token, false);
      if (!resolved.ok) return resolved;
      const { account, session } = resolved.value;
      if (!SECOND_FACTOR_ROLES.has(account.role)) {
        return refuse({ kind: 'staff', account, session }, 'second-factor', account.id);
      }
      const existing = await store.getSecondFactor(account.id);
      if (existing?.enabledAt) return err('already-enabled');
      const secret = newTotpSecret();
      await store.putSecondFactor({ accountId: account.id, secret, enabledAt: null, lastStep: 0 });
      const practice = await store.getPractice(account.practiceId);
      return ok({ secret, uri: otpauthUri(secret, `Aligned ${practice?.name ?? ''}`.trim(), account.login) });
    },

    async enableSecondFactor(token, code) {
      const resolved = await resolveSession(token, false);
      if (!resolved.ok) return resolved;
      const { account, session } = resolved.value;
      if (!SECOND_FACTOR_ROLES.has(account.role)) {
        return refuse({ kind: 'staff', account, session }, 'second-factor', account.id);
      }
      const pending = await store.getSecondFactor(account.id);
      if (!pending || pending.enabledAt) return err('not-started');
      const at = now();
      const step = isString(code) ? matchTotp(pending.secret, code, at.getTime()) : null;
      if (step === null) return err('invalid-code');
      await store.putSecondFactor({ ...pending, enabledAt: iso(at), lastStep: step });
      await log({
        practiceId: account.practiceId,
        at: iso(at),
        kind: 'second-factor-enabled',
        accountId: account.id,
        deviceId: session.deviceId,
        detail: null,
      });
      return ok({ enabled: true as const });
    },

    async disableSecondFactor(token, input) {
      const resolved = await resolveSession(token, false);
      if (!resolved.ok) return resolved;
      const { account, session } = resolved.value;
      const factor = await store.getSecondFactor(account.id);
      if (!factor?.enabledAt) return err('not-enabled');
      const address = isString(input?.address) && input.address ? input.address : 'unknown';
      return withLock(`login:${account.login}`, async () => {
        const at = now();
        const verdict = throttle.check(account.login, address);
        if (!verdict.ok) return err(throttled(verdict.retryAfterMs));
        const password = input?.password;
        const passwordOk =
          isString(password) &&
          password.length <= MAX_PASSWORD_INPUT &&
          account.passwordHash !== null &&
          (await hasher.verify(password, account.passwordHash));
        const step =
          passwordOk && isString(input.code) ? matchTotp(factor.secret, input.code, at.getTime()) : null;
        if (!passwordOk || step === null || !(await store.useSecondFactorStep(account.id, step))) {
          await recordFailure(account.login, address, account, session.deviceId, at, 'second-factor-removal');
          return err('invalid-credentials' as const);
        }
        await store.deleteSecondFactor(account.id);
        await log({
          practiceId: account.practiceId,
          at: iso(at),
          kind: 'second-factor-removed',
          accountId: account.id,
          deviceId: session.deviceId,
          detail: words({ by: 'self' }),
        });
        return ok({ enabled: false as const });
      });
    },

    async listStaff(actorToken) {
      const resolved = await actorFor(actorToken);
      if (!resolved.ok) return resolved;
      const actor = resolved.value;
      if (!permits(actor, 'manage-staff', [])) return refuse(actor, 'list-staff', null);
      return ok((await store.listAccounts(practiceOfActor(actor))).map(toAccountSummary));
    },
  };
}
