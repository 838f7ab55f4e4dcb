/**
 * The account service against the memory store, with a cheap scrypt cost and a clock the tests
 * move. After every test, every security event of every practice is scanned for the passwords,
 * tokens and recovery codes the test handled: none may appear.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { StaffRole } from '@aligned/shared';
import type { AccountStore, SecurityEvent, SecurityEventKind } from './account-store.ts';
import { createAccountService, UNATTRIBUTED_PRACTICE_ID, type AccountService } from './account-service.ts';
import { createMemoryAccountStore } from './memory-account-store.ts';
import { createScryptHasher, type PasswordHasher } from './passwords.ts';
import { base32Decode, hotp, totpStep } from './totp.ts';

const cheap = createScryptHasher({ N: 2 ** 10, r: 8, p: 1 });
const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const DEVICE = 'dev_0123456789abcdef';
const OTHER_DEVICE = 'dev_fedcba9876543210';
const OWNER_PASSWORD = 'violet tractor lantern 92';
const STRONG = 'amber-kettle-orbit-17';
const STRONGER = 'granite owl picnic 58';

type Harness = {
  store: AccountStore;
  service: AccountService;
  advance(ms: number): void;
  now(): Date;
  /** Remembers a secret so the after-test scan can look for it in events. */
  secret<T extends string | undefined>(value: T): T;
  verifications: () => number;
  events(practiceId?: string): Promise<SecurityEvent[]>;
  practiceId?: string;
};

const harnesses: { harness: Harness; secrets: Set<string> }[] = [];

function harness(): Harness {
  let clock = new Date('2026-11-25T14:00:00.000Z');
  let verifications = 0;
  const hasher: PasswordHasher = {
    hash: (password) => cheap.hash(password),
    verify: (password, stored) => {
      verifications += 1;
      return cheap.verify(password, stored);
    },
  };
  const store = createMemoryAccountStore();
  const secrets = new Set<string>([OWNER_PASSWORD, STRONG, STRONGER]);
  const h: Harness = {
    store,
    service: createAccountService({ store, hasher, now: () => clock }),
    advance: (ms) => {
      clock = new Date(clock.getTime() + ms);
    },
    now: () => clock,
    secret: (value) => {
      if (value) secrets.add(value);
      return value;
    },
    verifications: () => verifications,
    events: async (practiceId) => store.listEvents(practiceId ?? h.practiceId!),
  };
  harnesses.push({ harness: h, secrets });
  return h;
}

afterEach(async () => {
  for (const { harness: h, secrets } of harnesses.splice(0)) {
    const practices = (await h.store.listPractices()).map((p) => p.id);
    for (const practiceId of [...practices, UNATTRIBUTED_PRACTICE_ID]) {
      for (const event of await h.store.listEvents(practiceId)) {
        const text = JSON.stringify(event).toLowerCase();
        for (const secret of secrets) {
          // Also as event details would write it (whitespace turned into underscores).
          for (const form of [secret, secret.replace(/\s+/g, '_')]) {
            expect(text, `event ${event.kind} leaks a secret`).not.toContain(form.toLowerCase());
          }
        }
      }
    }
  }
});

async function setUp(h: Harness) {
  const result = await h.service.setUp({
    practice: { name: 'Bright Smiles', timeZone: 'America/Chicago' },
    owner: { name: 'Ana Ruiz', login: 'Ana@Example.com', password: OWNER_PASSWORD },
    deviceId: DEVICE,
  });
  if (!result.ok) throw new Error(`setup failed: ${JSON.stringify(result.error)}`);
  h.practiceId = result.value.practiceId;
  h.secret(result.value.session.token);
  h.secret(result.value.recoveryCode);
  return result.value;
}

/** Creates a member with a temporary password, then gives them `password` so they can work. */
async function addStaff(h: Harness, actorToken: string, login: string, role: StaffRole, password = STRONG) {
  const created = await h.service.createStaff(actorToken, {
    name: 'Sam Lee',
    login,
    role,
    method: 'temporary-password',
  });
  if (!created.ok) throw new Error(`createStaff failed: ${JSON.stringify(created.error)}`);
  const temporary = h.secret(created.value.temporaryPassword!);
  const signedIn = await h.service.signIn({ login, password: temporary, deviceId: OTHER_DEVICE });
  if (!signedIn.ok) throw new Error('temporary sign-in failed');
  const token = h.secret(signedIn.value.session.token);
  const changed = await h.service.changePassword({ token, current: temporary, next: password });
  if (!changed.ok) throw new Error(`change failed: ${JSON.stringify(changed.error)}`);
  return { id: created.value.account.id, token };
}

const kindsOf = (events: SecurityEvent[]) => events.map((e) => e.kind);
const hasEvent = (events: SecurityEvent[], kind: SecurityEventKind, accountId?: string) =>
  events.some((e) => e.kind === kind && (accountId === undefined || e.accountId === accountId));

describe('setup', () => {
  it('happens once: the first owner gets a session and a recovery code, then setup is closed', async () => {
    const h = harness();
    expect(await h.service.setupNeeded()).toBe(true);
    const done = await setUp(h);
    expect(done.practiceId).toMatch(/^prc_[0-9a-z]{16}$/);
    expect(done.ownerId).toMatch(/^stf_[0-9a-z]{16}$/);
    expect(done.recoveryCode).toMatch(/^[A-Z2-9]{5}(-[A-Z2-9]{5}){4}$/);
    expect(done.account).toMatchObject({ role: 'owner', login: 'ana@example.com', invitePending: false });
    expect(done.account).not.toHaveProperty('passwordHash');
    expect(await h.service.setupNeeded()).toBe(false);

    const me = await h.service.authenticate(done.session.token);
    expect(me.ok && me.value.account.id).toBe(done.ownerId);

    const again = await h.service.setUp({
      practice: { name: 'Takeover', timeZone: 'UTC' },
      owner: { name: 'Mallory', login: 'mallory@example.com', password: STRONGER },
      deviceId: DEVICE,
    });
    expect(again).toEqual({ ok: false, error: 'already-set-up' });
    expect(await h.store.practiceCount()).toBe(1);

    const setups = (await h.events()).filter((e) => e.kind === 'setup');
    expect(setups).toEqual([expect.objectContaining({ accountId: done.ownerId, deviceId: DEVICE })]);
  });

  it('lets only one of two racing setups through', async () => {
    const h = harness();
    const attempt = (login: string) =>
      h.service.setUp({
        practice: { name: 'Bright Smiles', timeZone: 'America/Chicago' },
        owner: { name: 'Ana Ruiz', login, password: OWNER_PASSWORD },
        deviceId: DEVICE,
      });
    const results = await Promise.all([attempt('ana@example.com'), attempt('eve@example.com')]);
    for (const r of results) if (r.ok) h.secret(r.value.session.token);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'already-set-up' }]);
    expect(await h.store.practiceCount()).toBe(1);
  });

  it('refuses weak passwords with the problem, and creates nothing', async () => {
    const h = harness();
    const withPassword = (password: string) =>
      h.service.setUp({
        practice: { name: 'Bright Smiles', timeZone: 'America/Chicago' },
        owner: { name: 'Ana Ruiz', login: 'ana@example.com', password: h.secret(password) },
        deviceId: DEVICE,
      });
    expect(await withPassword('short')).toEqual({
      ok: false,
      error: { kind: 'weak-password', problem: 'too-short' },
    });
    expect(await withPassword('Password123!')).toEqual({
      ok: false,
      error: { kind: 'weak-password', problem: 'too-common' },
    });
    expect(await withPassword('ruiz-kettle-orbit-17')).toEqual({
      ok: false,
      error: { kind: 'weak-password', problem: 'contains-personal-info' },
    });
    expect(await h.service.setupNeeded()).toBe(true);
  });

  it('refuses bad input as a value, never by throwing', async () => {
    const h = harness();
    const base = {
      practice: { name: 'Bright Smiles', timeZone: 'America/Chicago' },
      owner: { name: 'Ana Ruiz', login: 'ana@example.com', password: OWNER_PASSWORD },
      deviceId: DEVICE,
    };
    expect(await h.service.setUp({ ...base, practice: { name: 'X', timeZone: 'Mars/Olympus' } })).toEqual({
      ok: false,
      error: { kind: 'invalid', field: 'practice.timeZone' },
    });
    expect(await h.service.setUp({ ...base, owner: { ...base.owner, login: 'a b' } })).toEqual({
      ok: false,
      error: { kind: 'invalid', field: 'owner.login' },
    });
    expect(await h.service.setUp({ ...base, deviceId: 'not a device' })).toEqual({
      ok: false,
      error: { kind: 'invalid', field: 'deviceId' },
    });
    // What a careless HTTP layer might pass straight through.
    expect((await h.service.setUp({} as never)).ok).toBe(false);
    expect((await h.service.signIn({} as never)).ok).toBe(false);
    expect(await h.service.authenticate(undefined as never)).toEqual({ ok: false, error: 'invalid' });
  });
});

describe('sign-in', () => {
  it('signs in with a normalized login and gives a session that authenticates', async () => {
    const h = harness();
    const { ownerId, device } = await setUp(h);
    const result = await h.service.signIn({
      login: '  ANA@example.COM ',
      password: OWNER_PASSWORD,
      deviceId: DEVICE,
      deviceKey: device.key,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    h.secret(result.value.session.token);
    expect(result.value.mustChangePassword).toBe(false);
    expect(result.value.account).not.toHaveProperty('passwordHash');
    expect(result.value.session.expiresAt).toBe('2026-11-26T02:00:00.000Z');
    const me = await h.service.authenticate(result.value.session.token);
    expect(me.ok && me.value.account.id).toBe(ownerId);
    expect(me.ok && me.value.session.deviceId).toBe(DEVICE);
    expect(hasEvent(await h.events(), 'sign-in', ownerId)).toBe(true);
  });

  it('gives the same answer for an unknown login and a wrong password, spending a hash on both', async () => {
    const h = harness();
    const { ownerId } = await setUp(h);
    const before = h.verifications();
    const unknown = await h.service.signIn({
      login: 'nobody@example.com',
      password: STRONG,
      deviceId: DEVICE,
    });
    expect(h.verifications()).toBe(before + 1);
    const wrong = await h.service.signIn({ login: 'ana@example.com', password: STRONG, deviceId: DEVICE });
    expect(h.verifications()).toBe(before + 2);
    expect(unknown).toEqual({ ok: false, error: 'invalid-credentials' });
    expect(wrong).toEqual(unknown);

    const failed = (await h.events()).filter((e) => e.kind === 'sign-in-failed');
    expect(failed.map((e) => [e.accountId, e.detail])).toEqual([
      [ownerId, 'reason=wrong-password attempt=1'],
      [null, 'reason=unknown-login'],
    ]);
    // People type their password into the login field: an unknown login is never recorded.
    expect(JSON.stringify(failed)).not.toContain('nobody');
  });

  it('AUTH-3: delays the attempt after six failures (1 s, doubling), even the right password, then lets it in; never locks', async () => {
    const h = harness();
    const { ownerId } = await setUp(h);
    const wrong = () =>
      h.service.signIn({
        login: 'ana@example.com',
        password: STRONG,
        deviceId: DEVICE,
        address: '203.0.113.7',
      });
    for (let i = 0; i < 6; i++) expect(await wrong()).toEqual({ ok: false, error: 'invalid-credentials' });
    expect(await wrong()).toEqual({ ok: false, error: { kind: 'throttled', retryAfterSeconds: 1 } });
    const right = () =>
      h.service.signIn({
        login: 'ana@example.com',
        password: OWNER_PASSWORD,
        deviceId: DEVICE,
        address: '203.0.113.7',
      });
    // Not even tried: the answer comes before any password check.
    const before = h.verifications();
    expect(await right()).toEqual({ ok: false, error: { kind: 'throttled', retryAfterSeconds: 1 } });
    expect(h.verifications()).toBe(before);

    h.advance(1000);
    const after = await right();
    expect(after.ok).toBe(true);
    if (after.ok) h.secret(after.value.session.token);
    expect((await h.store.getAccount(ownerId))?.failedAttempts).toBe(0);
    expect((await h.store.getAccount(ownerId))?.lockedUntil).toBeNull();

    const events = await h.events();
    expect(events.filter((e) => e.kind === 'sign-in-throttled')).toEqual([
      expect.objectContaining({ accountId: ownerId, detail: 'address-wait-s=1 login-wait-s=1' }),
    ]);
    expect(events.some((e) => e.kind === 'locked-out')).toBe(false);
  });

  it('AUTH-3: someone guessing from elsewhere cannot keep the person out of their own login', async () => {
    const h = harness();
    await setUp(h);
    const from = (address: string, password: string) =>
      h.service.signIn({ login: 'ana@example.com', password, deviceId: DEVICE, address });
    const usual = await from('192.168.1.20', OWNER_PASSWORD);
    if (usual.ok) h.secret(usual.value.session.token);
    for (let i = 0; i < 30; i++) await from(`203.0.113.${i}`, STRONG);
    expect(await from('203.0.113.99', OWNER_PASSWORD)).toMatchObject({
      ok: false,
      error: { kind: 'throttled' },
    });
    const again = await from('192.168.1.20', OWNER_PASSWORD);
    expect(again.ok).toBe(true);
    if (again.ok) h.secret(again.value.session.token);
  });

  it('resets the failure count on success', async () => {
    const h = harness();
    const { ownerId } = await setUp(h);
    const attempt = (password: string, address: string) =>
      h.service.signIn({ login: 'ana@example.com', password, deviceId: DEVICE, address });
    for (let i = 0; i < 4; i++) await attempt(STRONG, '192.168.1.20');
    const ok = await attempt(OWNER_PASSWORD, '192.168.1.20');
    if (ok.ok) h.secret(ok.value.session.token);
    // The login's count starts over (an address's does not: it only fades).
    for (let i = 0; i < 4; i++)
      expect(await attempt(STRONG, '192.168.1.21')).toEqual({ ok: false, error: 'invalid-credentials' });
    expect((await h.store.getAccount(ownerId))?.failedAttempts).toBe(4);
  });

  it('counts parallel guesses one by one: after the sixth of ten parallel guesses the rest wait', async () => {
    const h = harness();
    await setUp(h);
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        h.service.signIn({ login: 'ana@example.com', password: STRONG, deviceId: DEVICE }),
      ),
    );
    const waiting = results.filter(
      (r) => !r.ok && typeof r.error === 'object' && r.error.kind === 'throttled',
    );
    expect(waiting).toHaveLength(4);
    expect(results.slice(0, 6).every((r) => !r.ok && r.error === 'invalid-credentials')).toBe(true);
  });
});

describe('sessions', () => {
  it('expire after 12 hours', async () => {
    const h = harness();
    const { session } = await setUp(h);
    h.advance(12 * HOUR - 1);
    expect((await h.service.authenticate(session.token)).ok).toBe(true);
    h.advance(1);
    expect(await h.service.authenticate(session.token)).toEqual({ ok: false, error: 'expired' });
    expect(await h.service.authenticate('a'.repeat(43))).toEqual({ ok: false, error: 'invalid' });
    expect(await h.service.authenticate('')).toEqual({ ok: false, error: 'invalid' });
  });

  it('stop authenticating once revoked, and revocation returns the rows for the relay to close', async () => {
    const h = harness();
    const { session: owner } = await setUp(h);
    const sam = await addStaff(h, owner.token, 'sam@example.com', 'front-desk');
    const revoked = await h.service.revokeSessions(owner.token, sam.id);
    expect(revoked.ok && revoked.value.map((s) => s.accountId)).toEqual([sam.id]);
    expect(await h.service.authenticate(sam.token)).toEqual({ ok: false, error: 'revoked' });
    expect(hasEvent(await h.events(), 'session-revoked', sam.id)).toBe(true);
  });

  it('let anyone end their own sessions but nobody else’s unless they manage staff', async () => {
    const h = harness();
    const { session: owner, ownerId } = await setUp(h);
    const sam = await addStaff(h, owner.token, 'sam@example.com', 'front-desk');
    expect(await h.service.revokeSessions(sam.token, ownerId)).toEqual({ ok: false, error: 'forbidden' });
    expect((await h.service.authenticate(owner.token)).ok).toBe(true);
    expect(hasEvent(await h.events(), 'permission-refused', sam.id)).toBe(true);
    const own = await h.service.revokeSessions(sam.token, sam.id);
    expect(own.ok).toBe(true);
    expect(await h.service.authenticate(sam.token)).toEqual({ ok: false, error: 'revoked' });
  });

  it('sign out ends one session only', async () => {
    const h = harness();
    const { session } = await setUp(h);
    const second = await h.service.signIn({
      login: 'ana@example.com',
      password: OWNER_PASSWORD,
      deviceId: DEVICE,
    });
    if (!second.ok) throw new Error('sign-in failed');
    h.secret(second.value.session.token);
    expect((await h.service.signOut(session.token)).ok).toBe(true);
    expect(await h.service.signOut(session.token)).toEqual({ ok: false, error: 'invalid' });
    expect(await h.service.authenticate(session.token)).toEqual({ ok: false, error: 'revoked' });
    expect((await h.service.authenticate(second.value.session.token)).ok).toBe(true);
  });
});

describe('staff accounts', () => {
  it('a temporary password forces a change before the session authenticates', async () => {
    const h = harness();
    const { session: owner } = await setUp(h);
    const created = await h.service.createStaff(owner.token, {
      name: 'Sam Lee',
      login: 'Sam@Example.com',
      role: 'front-desk',
      locationIds: ['loc_0123456789abcdef'],
      method: 'temporary-password',
    });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const temporary = h.secret(created.value.temporaryPassword!);
    expect(temporary.length).toBeGreaterThanOrEqual(16);
    expect(created.value.invite).toBeUndefined();
    expect(created.value.account).toMatchObject({
      login: 'sam@example.com',
      role: 'front-desk',
      locationIds: ['loc_0123456789abcdef'],
      mustChangePassword: true,
      invitePending: false,
    });

    const signedIn = await h.service.signIn({
      login: 'sam@example.com',
      password: temporary,
      deviceId: OTHER_DEVICE,
    });
    if (!signedIn.ok) throw new Error('sign-in failed');
    expect(signedIn.value.mustChangePassword).toBe(true);
    const token = h.secret(signedIn.value.session.token);
    expect(await h.service.authenticate(token)).toEqual({ ok: false, error: 'password-change-required' });
    // Nor can it act: every action authenticates first.
    expect(await h.service.listStaff(token)).toEqual({ ok: false, error: 'password-change-required' });

    expect(await h.service.changePassword({ token, current: STRONGER, next: STRONG })).toEqual({
      ok: false,
      error: 'invalid-credentials',
    });
    expect(
      await h.service.changePassword({ token, current: temporary, next: h.secret('samlee-orbit-17') }),
    ).toEqual({
      ok: false,
      error: { kind: 'weak-password', problem: 'contains-personal-info' },
    });
    expect(await h.service.changePassword({ token, current: temporary, next: temporary })).toEqual({
      ok: false,
      error: 'same-password',
    });
    expect((await h.service.changePassword({ token, current: temporary, next: STRONG })).ok).toBe(true);

    const me = await h.service.authenticate(token);
    expect(me.ok && me.value.account.mustChangePassword).toBe(false);
    expect(
      await h.service.signIn({ login: 'sam@example.com', password: temporary, deviceId: DEVICE }),
    ).toEqual({
      ok: false,
      error: 'invalid-credentials',
    });
    const events = await h.events();
    expect(hasEvent(events, 'account-created', created.value.account.id)).toBe(true);
    expect(hasEvent(events, 'password-changed', created.value.account.id)).toBe(true);
  });

  it('changing a password ends the other sessions of that account', async () => {
    const h = harness();
    const { session: first } = await setUp(h);
    const second = await h.service.signIn({
      login: 'ana@example.com',
      password: OWNER_PASSWORD,
      deviceId: OTHER_DEVICE,
    });
    if (!second.ok) throw new Error('sign-in failed');
    h.secret(second.value.session.token);
    const changed = await h.service.changePassword({
      token: first.token,
      current: OWNER_PASSWORD,
      next: STRONGER,
    });
    expect(changed.ok && changed.value.revoked.map((s) => s.id)).toEqual([second.value.session.id]);
    expect((await h.service.authenticate(first.token)).ok).toBe(true);
    expect(await h.service.authenticate(second.value.session.token)).toEqual({ ok: false, error: 'revoked' });
  });

  it('an invite no longer works once a manager has reset the password it was meant to set', async () => {
    const h = harness();
    const { session: owner } = await setUp(h);
    const created = await h.service.createStaff(owner.token, {
      name: 'Dr Kim',
      login: 'kim@example.com',
      role: 'doctor',
      method: 'invite',
    });
    if (!created.ok) throw new Error('create failed');
    h.secret(created.value.invite!.token);
    // The link went to the wrong inbox; the owner gives Dr Kim a temporary password instead.
    const reset = await h.service.resetPassword(owner.token, created.value.account.id);
    if (!reset.ok) throw new Error('reset failed');
    h.secret(reset.value.temporaryPassword);
    expect(
      await h.service.acceptInvite({
        token: created.value.invite!.token,
        password: STRONG,
        deviceId: DEVICE,
      }),
    ).toEqual({ ok: false, error: 'invalid-invite' });
  });

  it('an invite is accepted once, sets the password, and expires after 7 days', async () => {
    const h = harness();
    const { session: owner } = await setUp(h);
    const created = await h.service.createStaff(owner.token, {
      name: 'Dr Kim',
      login: 'kim@example.com',
      role: 'doctor',
      method: 'invite',
    });
    if (!created.ok) throw new Error('create failed');
    const invite = created.value.invite!;
    h.secret(invite.token);
    expect(invite.expiresAt).toBe('2026-12-02T14:00:00.000Z');
    expect(created.value.temporaryPassword).toBeUndefined();
    expect(created.value.account.invitePending).toBe(true);
    expect(await h.service.signIn({ login: 'kim@example.com', password: STRONG, deviceId: DEVICE })).toEqual({
      ok: false,
      error: 'invalid-credentials',
    });

    // A weak password does not use up the invite.
    expect(
      await h.service.acceptInvite({ token: invite.token, password: 'short', deviceId: DEVICE }),
    ).toEqual({
      ok: false,
      error: { kind: 'weak-password', problem: 'too-short' },
    });
    const accepted = await h.service.acceptInvite({
      token: invite.token,
      password: STRONG,
      deviceId: DEVICE,
    });
    if (!accepted.ok) throw new Error('accept failed');
    h.secret(accepted.value.session.token);
    expect(accepted.value.account.invitePending).toBe(false);
    const me = await h.service.authenticate(accepted.value.session.token);
    expect(me.ok && me.value.account.role).toBe('doctor');
    expect(
      await h.service.acceptInvite({ token: invite.token, password: STRONGER, deviceId: DEVICE }),
    ).toEqual({
      ok: false,
      error: 'invalid-invite',
    });
    const signedIn = await h.service.signIn({ login: 'kim@example.com', password: STRONG, deviceId: DEVICE });
    expect(signedIn.ok).toBe(true);
    if (signedIn.ok) h.secret(signedIn.value.session.token);
    expect(hasEvent(await h.events(), 'invite-accepted', created.value.account.id)).toBe(true);

    const late = await h.service.createStaff(owner.token, {
      name: 'Lee Park',
      login: 'lee@example.com',
      role: 'assistant',
      method: 'invite',
    });
    if (!late.ok) throw new Error('create failed');
    h.secret(late.value.invite!.token);
    h.advance(7 * DAY);
    expect(
      await h.service.acceptInvite({ token: late.value.invite!.token, password: STRONG, deviceId: DEVICE }),
    ).toEqual({ ok: false, error: 'invalid-invite' });
    expect(
      await h.service.acceptInvite({ token: 'x'.repeat(43), password: STRONG, deviceId: DEVICE }),
    ).toEqual({
      ok: false,
      error: 'invalid-invite',
    });
  });

  it('refuses a login that is taken and input that is not valid', async () => {
    const h = harness();
    const { session: owner } = await setUp(h);
    const create = (input: Partial<Parameters<AccountService['createStaff']>[1]>) =>
      h.service.createStaff(owner.token, {
        name: 'Sam Lee',
        login: 'sam@example.com',
        role: 'front-desk',
        method: 'invite',
        ...input,
      });
    expect(await create({ login: ' ANA@example.com' })).toEqual({ ok: false, error: 'login-taken' });
    expect(await create({ role: 'superuser' as StaffRole })).toEqual({
      ok: false,
      error: { kind: 'invalid', field: 'role' },
    });
    expect(await create({ name: '  ' })).toEqual({ ok: false, error: { kind: 'invalid', field: 'name' } });
    expect(await create({ locationIds: ['nope'] })).toEqual({
      ok: false,
      error: { kind: 'invalid', field: 'locationIds' },
    });
    expect(await create({ method: 'magic' as 'invite' })).toEqual({
      ok: false,
      error: { kind: 'invalid', field: 'method' },
    });
  });

  it('only owners and managers manage staff, list staff and read security events', async () => {
    const h = harness();
    const { session: owner, ownerId } = await setUp(h);
    const sam = await addStaff(h, owner.token, 'sam@example.com', 'treatment-coordinator');
    expect(
      await h.service.createStaff(sam.token, {
        name: 'X Y',
        login: 'xy@example.com',
        role: 'read-only',
        method: 'invite',
      }),
    ).toEqual({ ok: false, error: 'forbidden' });
    expect(await h.service.updateStaff(sam.token, sam.id, { role: 'owner' })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(await h.service.resetPassword(sam.token, ownerId)).toEqual({ ok: false, error: 'forbidden' });
    expect(await h.service.listStaff(sam.token)).toEqual({ ok: false, error: 'forbidden' });
    expect(await h.service.securityEvents(sam.token)).toEqual({ ok: false, error: 'forbidden' });

    const refused = (await h.events()).filter((e) => e.kind === 'permission-refused');
    expect(refused.map((e) => e.detail)).toEqual([
      'action=security-events',
      'action=list-staff',
      `action=reset-password target=${ownerId}`,
      `action=update-staff target=${sam.id}`,
      'action=create-staff',
    ]);
    expect(refused.every((e) => e.accountId === sam.id)).toBe(true);

    const staff = await h.service.listStaff(owner.token);
    expect(staff.ok && staff.value.map((a) => a.login)).toEqual(['ana@example.com', 'sam@example.com']);
    expect(staff.ok && staff.value.some((a) => 'passwordHash' in a)).toBe(false);
  });

  it('a manager cannot create, change, reset or sign out an owner, nor make anyone an owner', async () => {
    const h = harness();
    const { session: owner, ownerId } = await setUp(h);
    const manager = await addStaff(h, owner.token, 'max@example.com', 'manager');
    const desk = await addStaff(h, owner.token, 'dee@example.com', 'front-desk', STRONGER);

    expect(
      await h.service.createStaff(manager.token, {
        name: 'New Owner',
        login: 'new@example.com',
        role: 'owner',
        method: 'invite',
      }),
    ).toEqual({ ok: false, error: 'forbidden' });
    expect(await h.service.updateStaff(manager.token, ownerId, { name: 'Renamed' })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(await h.service.updateStaff(manager.token, ownerId, { disabled: true })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(await h.service.resetPassword(manager.token, ownerId)).toEqual({ ok: false, error: 'forbidden' });
    expect(await h.service.revokeSessions(manager.token, ownerId)).toEqual({ ok: false, error: 'forbidden' });
    expect(await h.service.updateStaff(manager.token, desk.id, { role: 'owner' })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(await h.service.updateStaff(manager.token, manager.id, { role: 'owner' })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect((await h.service.authenticate(owner.token)).ok).toBe(true);
    expect((await h.store.getAccount(ownerId))?.name).toBe('Ana Ruiz');
    expect((await h.events()).filter((e) => e.kind === 'permission-refused')).toHaveLength(7);

    // What a manager may do: manage everyone else.
    const updated = await h.service.updateStaff(manager.token, desk.id, {
      role: 'billing',
      locationIds: ['loc_0123456789abcdef'],
    });
    expect(updated.ok && updated.value.account).toMatchObject({
      role: 'billing',
      locationIds: ['loc_0123456789abcdef'],
    });
    const events = await h.events();
    expect(events.find((e) => e.kind === 'account-updated')?.detail).toBe(
      `by=${manager.id} role=front-desk>billing locations=1`,
    );
    const reset = await h.service.resetPassword(manager.token, desk.id);
    expect(reset.ok).toBe(true);
    if (reset.ok) h.secret(reset.value.temporaryPassword);

    // Nor their own access: a manager limited to one location cannot lift the limit.
    await h.service.updateStaff(owner.token, manager.id, { locationIds: ['loc_0123456789abcdef'] });
    expect(await h.service.updateStaff(manager.token, manager.id, { locationIds: [] })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect((await h.store.getAccount(manager.id))?.locationIds).toEqual(['loc_0123456789abcdef']);
    const renamed = await h.service.updateStaff(manager.token, manager.id, { name: 'Maria Lopez-Ruiz' });
    expect(renamed.ok).toBe(true);
  });

  it('nobody can disable or demote the last active owner; with two owners one can go', async () => {
    const h = harness();
    const { session: owner, ownerId } = await setUp(h);
    expect(await h.service.updateStaff(owner.token, ownerId, { disabled: true })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(await h.service.updateStaff(owner.token, ownerId, { role: 'manager' })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect((await h.events()).filter((e) => e.kind === 'permission-refused').map((e) => e.detail)).toEqual([
      `action=update-staff target=${ownerId} reason=last-owner`,
      `action=update-staff target=${ownerId} reason=last-owner`,
    ]);

    const second = await addStaff(h, owner.token, 'olga@example.com', 'owner');
    const disabled = await h.service.updateStaff(second.token, ownerId, { disabled: true });
    expect(disabled.ok && disabled.value.revoked.map((s) => s.accountId)).toEqual([ownerId]);
    expect(await h.service.authenticate(owner.token)).toEqual({ ok: false, error: 'revoked' });
    expect(
      await h.service.signIn({ login: 'ana@example.com', password: OWNER_PASSWORD, deviceId: DEVICE }),
    ).toEqual({
      ok: false,
      error: 'disabled',
    });
    // The remaining owner is now the last one.
    expect(await h.service.updateStaff(second.token, second.id, { disabled: true })).toEqual({
      ok: false,
      error: 'forbidden',
    });
    const events = await h.events();
    expect(events.find((e) => e.kind === 'account-updated' && e.accountId === ownerId)?.detail).toBe(
      `by=${second.id} disabled=true revoked=1`,
    );
  });

  it('a password reset gives a temporary password and ends the sessions of that account', async () => {
    const h = harness();
    const { session: owner } = await setUp(h);
    const sam = await addStaff(h, owner.token, 'sam@example.com', 'billing');
    const reset = await h.service.resetPassword(owner.token, sam.id);
    if (!reset.ok) throw new Error('reset failed');
    const temporary = h.secret(reset.value.temporaryPassword);
    expect(reset.value.revoked.map((s) => s.accountId)).toEqual([sam.id]);
    expect(await h.service.authenticate(sam.token)).toEqual({ ok: false, error: 'revoked' });
    expect(await h.service.signIn({ login: 'sam@example.com', password: STRONG, deviceId: DEVICE })).toEqual({
      ok: false,
      error: 'invalid-credentials',
    });
    const signedIn = await h.service.signIn({
      login: 'sam@example.com',
      password: temporary,
      deviceId: DEVICE,
    });
    expect(signedIn.ok && signedIn.value.mustChangePassword).toBe(true);
    if (signedIn.ok) h.secret(signedIn.value.session.token);
    expect(hasEvent(await h.events(), 'password-reset', sam.id)).toBe(true);
    expect(await h.service.resetPassword(owner.token, 'stf_0000000000000000')).toEqual({
      ok: false,
      error: 'not-found',
    });
  });

  it('never reaches into another practice', async () => {
    const h = harness();
    const { session: owner } = await setUp(h);
    const other = await h.service.operator.createPractice({
      practice: { name: 'Other Practice', timeZone: 'UTC' },
      owner: { name: 'Otto Berg', login: 'otto@example.com', password: STRONGER },
    });
    if (!other.ok) throw new Error('provision failed');
    h.secret(other.value.recoveryCode);
    expect(await h.service.updateStaff(owner.token, other.value.ownerId, { disabled: true })).toEqual({
      ok: false,
      error: 'not-found',
    });
    expect(await h.service.resetPassword(owner.token, other.value.ownerId)).toEqual({
      ok: false,
      error: 'not-found',
    });
    expect(await h.service.revokeSessions(owner.token, other.value.ownerId)).toEqual({
      ok: false,
      error: 'not-found',
    });
    const staff = await h.service.listStaff(owner.token);
    expect(staff.ok && staff.value.map((a) => a.login)).toEqual(['ana@example.com']);
    // With two practices, a failed sign-in for an unknown login belongs to neither.
    await h.service.signIn({ login: 'ghost@example.com', password: STRONG, deviceId: DEVICE });
    expect(kindsOf(await h.events(UNATTRIBUTED_PRACTICE_ID))).toEqual(['sign-in-failed']);
  });
});

describe('recovery', () => {
  it('the recovery code works once, resets the owner, ends their sessions and is replaced', async () => {
    const h = harness();
    const { session, recoveryCode, ownerId } = await setUp(h);
    // Forgot the password after some tries.
    for (let i = 0; i < 5; i++)
      await h.service.signIn({ login: 'ana@example.com', password: STRONG, deviceId: DEVICE });

    const typed = recoveryCode.toLowerCase().replaceAll('-', ' ');
    const recovered = await h.service.recover({
      code: typed,
      login: 'ana@example.com',
      newPassword: STRONGER,
      deviceId: OTHER_DEVICE,
    });
    if (!recovered.ok) throw new Error(`recover failed: ${JSON.stringify(recovered.error)}`);
    h.secret(recovered.value.session.token);
    h.secret(recovered.value.recoveryCode);
    expect(recovered.value.recoveryCode).not.toBe(recoveryCode);
    expect(recovered.value.revoked.map((s) => s.id)).toEqual([session.id]);
    expect(await h.service.authenticate(session.token)).toEqual({ ok: false, error: 'revoked' });
    expect((await h.service.authenticate(recovered.value.session.token)).ok).toBe(true);
    expect((await h.store.getAccount(ownerId))?.lockedUntil).toBeNull();
    const signedIn = await h.service.signIn({
      login: 'ana@example.com',
      password: STRONGER,
      deviceId: DEVICE,
    });
    expect(signedIn.ok).toBe(true);
    if (signedIn.ok) h.secret(signedIn.value.session.token);

    const again = { code: recoveryCode, login: 'ana@example.com', newPassword: STRONG, deviceId: DEVICE };
    expect(await h.service.recover(again)).toEqual({ ok: false, error: 'invalid-recovery' });
    const fresh = await h.service.recover({ ...again, code: recovered.value.recoveryCode });
    expect(fresh.ok).toBe(true);
    if (fresh.ok) {
      h.secret(fresh.value.session.token);
      h.secret(fresh.value.recoveryCode);
    }
    const events = await h.events();
    expect(events.filter((e) => e.kind === 'recovery-used')).toHaveLength(2);
    expect(events.some((e) => e.kind === 'sign-in-failed' && e.detail === 'reason=recovery-refused')).toBe(
      true,
    );
  });

  it('refuses a wrong code, a non-owner login and a weak password, with nothing changed', async () => {
    const h = harness();
    const { session: owner, recoveryCode } = await setUp(h);
    await addStaff(h, owner.token, 'max@example.com', 'manager');
    const attempt = (input: Partial<Parameters<AccountService['recover']>[0]>) =>
      h.service.recover({
        code: recoveryCode,
        login: 'ana@example.com',
        newPassword: STRONGER,
        deviceId: DEVICE,
        ...input,
      });
    expect(await attempt({ code: 'AAAAA-AAAAA-AAAAA-AAAAA-AAAAA' })).toEqual({
      ok: false,
      error: 'invalid-recovery',
    });
    expect(await attempt({ code: 'not a code' })).toEqual({ ok: false, error: 'invalid-recovery' });
    expect(await attempt({ login: 'max@example.com' })).toEqual({ ok: false, error: 'invalid-recovery' });
    expect(await attempt({ login: 'nobody@example.com' })).toEqual({ ok: false, error: 'invalid-recovery' });
    expect(await attempt({ newPassword: 'short' })).toEqual({
      ok: false,
      error: { kind: 'weak-password', problem: 'too-short' },
    });
    expect((await h.service.authenticate(owner.token)).ok).toBe(true);
    // The code was not used up by any of those.
    const recovered = await attempt({});
    expect(recovered.ok).toBe(true);
    if (recovered.ok) {
      h.secret(recovered.value.session.token);
      h.secret(recovered.value.recoveryCode);
    }
  });

  it('two recoveries racing with one code: only one wins', async () => {
    const h = harness();
    const { recoveryCode } = await setUp(h);
    const input = { code: recoveryCode, login: 'ana@example.com', newPassword: STRONGER, deviceId: DEVICE };
    const results = await Promise.all([h.service.recover(input), h.service.recover(input)]);
    for (const r of results) {
      if (r.ok) {
        h.secret(r.value.session.token);
        h.secret(r.value.recoveryCode);
      }
    }
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });
});

describe('security events', () => {
  it('are readable by owners, filtered, newest first', async () => {
    const h = harness();
    const { session: owner, ownerId } = await setUp(h);
    await h.service.signIn({ login: 'ana@example.com', password: STRONG, deviceId: DEVICE });
    h.advance(HOUR);
    const sam = await addStaff(h, owner.token, 'sam@example.com', 'front-desk');

    const all = await h.service.securityEvents(owner.token);
    if (!all.ok) throw new Error('events refused');
    expect(kindsOf(all.value)).toEqual([
      'password-changed',
      'sign-in',
      'device-registered',
      'account-created',
      'sign-in-failed',
      'device-registered',
      'setup',
    ]);
    const failures = await h.service.securityEvents(owner.token, {
      kinds: ['sign-in-failed', 'sign-in-throttled'],
    });
    expect(failures.ok && failures.value.map((e) => e.accountId)).toEqual([ownerId]);
    const later = await h.service.securityEvents(owner.token, { from: '2026-11-25T15:00:00.000Z' });
    expect(later.ok && kindsOf(later.value)).toEqual([
      'password-changed',
      'sign-in',
      'device-registered',
      'account-created',
    ]);
    const samOnly = await h.service.securityEvents(owner.token, { accountId: sam.id, limit: 1 });
    expect(samOnly.ok && kindsOf(samOnly.value)).toEqual(['password-changed']);
  });
});

describe('devices (PERM-2)', () => {
  it('registers a new device id once, with a secret only that device gets', async () => {
    const h = harness();
    const { device, session } = await setUp(h);
    expect(device.id).toBe(DEVICE);
    expect(h.secret(device.key)).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect((await h.service.authenticate(session.token)).ok && session).toBeTruthy();
    const again = await h.service.signIn({
      login: 'ana@example.com',
      password: OWNER_PASSWORD,
      deviceId: DEVICE,
      deviceKey: device.key,
    });
    if (!again.ok) throw new Error('sign-in failed');
    h.secret(again.value.session.token);
    // Known and proved: same id, no new secret.
    expect(again.value.device).toEqual({ id: DEVICE });
  });

  it('gives a claim of another device’s id (no secret, or a wrong one) a new id of its own', async () => {
    const h = harness();
    const { session: owner, device } = await setUp(h);
    h.secret(device.key);
    await addStaff(h, owner.token, 'sam@example.com', 'front-desk');
    for (const deviceKey of [undefined, 'a-wrong-secret-of-enough-length']) {
      const claimed = await h.service.signIn({
        login: 'sam@example.com',
        password: STRONG,
        deviceId: DEVICE,
        ...(deviceKey ? { deviceKey } : {}),
      });
      if (!claimed.ok) throw new Error('sign-in failed');
      h.secret(claimed.value.session.token);
      h.secret(claimed.value.device.key);
      expect(claimed.value.device.id).not.toBe(DEVICE);
      expect(claimed.value.device.key).toBeDefined();
      const me = await h.service.authenticate(claimed.value.session.token);
      expect(me.ok && me.value.session.deviceId).toBe(claimed.value.device.id);
    }
    const registered = (await h.events()).filter((e) => e.kind === 'device-registered');
    expect(registered.filter((e) => e.detail === `replaced=${DEVICE}`)).toHaveLength(2);
  });
});

describe('second factor (AUTH-6)', () => {
  async function enrolled(h: Harness) {
    const setup = await setUp(h);
    const begun = await h.service.beginSecondFactor(setup.session.token);
    if (!begun.ok) throw new Error('begin failed');
    h.secret(begun.value.secret);
    return { ...setup, secret: begun.value.secret, uri: begun.value.uri };
  }
  const codeAt = (secret: string, h: Harness, offsetSteps = 0) =>
    hotp(base32Decode(secret)!, totpStep(h.now().getTime()) + offsetSteps);

  it('turns on with a first code from the app, then sign-in needs a current code, once', async () => {
    const h = harness();
    const { session, secret, uri, device } = await enrolled(h);
    expect(uri).toContain('otpauth://totp/');
    expect(await h.service.enableSecondFactor(session.token, '000000')).toEqual({
      ok: false,
      error: 'invalid-code',
    });
    expect(await h.service.enableSecondFactor(session.token, codeAt(secret, h))).toEqual({
      ok: true,
      value: { enabled: true },
    });
    expect(await h.service.secondFactorStatus(session.token)).toEqual({ ok: true, value: { enabled: true } });

    h.advance(MINUTE);
    const base = {
      login: 'ana@example.com',
      password: OWNER_PASSWORD,
      deviceId: DEVICE,
      deviceKey: device.key,
    };
    expect(await h.service.signIn(base)).toEqual({ ok: false, error: 'second-factor-required' });
    const code = codeAt(secret, h);
    const signedIn = await h.service.signIn({ ...base, code });
    expect(signedIn.ok).toBe(true);
    if (signedIn.ok) h.secret(signedIn.value.session.token);
    // The same code again (a replay) is refused, as is a wrong one, and each counts as a failure.
    expect(await h.service.signIn({ ...base, code })).toEqual({ ok: false, error: 'invalid-credentials' });
    expect(await h.service.signIn({ ...base, code: '123456' })).toEqual({
      ok: false,
      error: 'invalid-credentials',
    });
    expect((await h.events()).filter((e) => e.detail?.startsWith('reason=second-factor'))).toHaveLength(2);
  });

  it('is offered to owners and managers only', async () => {
    const h = harness();
    const { session: owner } = await setUp(h);
    const desk = await addStaff(h, owner.token, 'sam@example.com', 'front-desk');
    expect(await h.service.beginSecondFactor(desk.token)).toEqual({ ok: false, error: 'forbidden' });
    const manager = await addStaff(h, owner.token, 'max@example.com', 'manager', STRONGER);
    const begun = await h.service.beginSecondFactor(manager.token);
    expect(begun.ok).toBe(true);
    if (begun.ok) h.secret(begun.value.secret);
  });

  it('comes off only with the password and a current code; a stolen session alone cannot', async () => {
    const h = harness();
    const { session, secret } = await enrolled(h);
    await h.service.enableSecondFactor(session.token, codeAt(secret, h));
    h.advance(MINUTE);
    expect(
      await h.service.disableSecondFactor(session.token, { password: STRONG, code: codeAt(secret, h) }),
    ).toEqual({ ok: false, error: 'invalid-credentials' });
    expect(
      await h.service.disableSecondFactor(session.token, { password: OWNER_PASSWORD, code: '000000' }),
    ).toEqual({ ok: false, error: 'invalid-credentials' });
    expect(
      await h.service.disableSecondFactor(session.token, {
        password: OWNER_PASSWORD,
        code: codeAt(secret, h, 1),
      }),
    ).toEqual({ ok: true, value: { enabled: false } });
    expect(kindsOf(await h.events())).toContain('second-factor-removed');
  });

  it('is removed by owner recovery (a lost phone), so the owner gets back in', async () => {
    const h = harness();
    const { session, secret, recoveryCode } = await enrolled(h);
    await h.service.enableSecondFactor(session.token, codeAt(secret, h));
    const recovered = await h.service.recover({
      code: recoveryCode,
      login: 'ana@example.com',
      newPassword: STRONGER,
      deviceId: OTHER_DEVICE,
    });
    if (!recovered.ok) throw new Error('recover failed');
    h.secret(recovered.value.session.token);
    h.secret(recovered.value.recoveryCode);
    expect(await h.service.secondFactorStatus(recovered.value.session.token)).toEqual({
      ok: true,
      value: { enabled: false },
    });
  });
});

describe('live permission changes (PERM-7)', () => {
  it('says when a role or locations changed, so the relay closes that person’s connections', async () => {
    const h = harness();
    const { session: owner } = await setUp(h);
    const sam = await addStaff(h, owner.token, 'sam@example.com', 'billing');
    const demoted = await h.service.updateStaff(owner.token, sam.id, { role: 'read-only' });
    expect(demoted.ok && demoted.value.accessChanged).toBe(true);
    const limited = await h.service.updateStaff(owner.token, sam.id, {
      locationIds: ['loc_0123456789abcdef'],
    });
    expect(limited.ok && limited.value.accessChanged).toBe(true);
    const renamed = await h.service.updateStaff(owner.token, sam.id, { name: 'Samuel Lee' });
    expect(renamed.ok && renamed.value.accessChanged).toBe(false);
  });
});
