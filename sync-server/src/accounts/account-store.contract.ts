/**
 * The contract every AccountStore adapter passes. Each adapter's test file calls
 * `describeAccountStoreContract` with a factory; the same sentences run against each, so the
 * service tested against memory behaves the same against SQLite.
 */
import { describe, expect, it } from 'vitest';
import type { AccountRow, AccountStore, PracticeRow, SecurityEvent, SessionRow } from './account-store.ts';
import { FORGOTTEN_DEVICE } from './account-store.ts';

const T0 = '2026-11-25T14:00:00.000Z';
const T1 = '2026-11-25T15:00:00.000Z';
const T2 = '2026-11-25T16:00:00.000Z';

const practice = (id: string, overrides: Partial<PracticeRow> = {}): PracticeRow => ({
  id,
  name: 'Bright Smiles',
  timeZone: 'America/Chicago',
  createdAt: T0,
  recoveryHash: null,
  ...overrides,
});

const account = (id: string, overrides: Partial<AccountRow> = {}): AccountRow => ({
  id,
  practiceId: 'prc_contract00000001',
  login: `${id}@example.com`,
  name: 'Ana Ruiz',
  role: 'front-desk',
  locationIds: [],
  passwordHash: 'scrypt$1024$8$1$c2FsdA==$a2V5',
  mustChangePassword: false,
  failedAttempts: 0,
  lockedUntil: null,
  disabled: false,
  createdAt: T0,
  updatedAt: T0,
  ...overrides,
});

const session = (id: string, overrides: Partial<SessionRow> = {}): SessionRow => ({
  id,
  accountId: 'stf_contract00000001',
  deviceId: 'dev_contract00000001',
  tokenHash: `hash-of-${id}`,
  createdAt: T0,
  expiresAt: T2,
  revokedAt: null,
  ...overrides,
});

const event = (overrides: Partial<SecurityEvent> = {}): SecurityEvent => ({
  practiceId: 'prc_contract00000001',
  at: T0,
  kind: 'sign-in',
  accountId: 'stf_contract00000001',
  deviceId: 'dev_contract00000001',
  detail: null,
  ...overrides,
});

export function describeAccountStoreContract(
  name: string,
  create: () => Promise<AccountStore> | AccountStore,
) {
  describe(`${name} account store contract`, () => {
    it('creates, reads and lists practices', async () => {
      const store = await create();
      expect(await store.practiceCount()).toBe(0);
      expect(await store.getPractice('prc_contract00000001')).toBeNull();
      await store.createPractice(practice('prc_contract00000001', { recoveryHash: 'r1' }));
      await store.createPractice(practice('prc_contract00000002', { name: 'Second' }));
      expect(await store.practiceCount()).toBe(2);
      expect(await store.getPractice('prc_contract00000001')).toEqual(
        practice('prc_contract00000001', { recoveryHash: 'r1' }),
      );
      expect((await store.listPractices()).map((p) => p.id)).toEqual([
        'prc_contract00000001',
        'prc_contract00000002',
      ]);
      await store.close();
    });

    it('replaces the recovery hash, and compare-and-sets it only against the current one', async () => {
      const store = await create();
      await store.createPractice(practice('prc_contract00000001'));
      expect(await store.setRecoveryHash('prc_contract00000001', 'first')).toBe(true);
      expect(await store.setRecoveryHash('prc_contract00000001', 'second', 'stale')).toBe(false);
      expect((await store.getPractice('prc_contract00000001'))?.recoveryHash).toBe('first');
      expect(await store.setRecoveryHash('prc_contract00000001', 'second', 'first')).toBe(true);
      expect((await store.getPractice('prc_contract00000001'))?.recoveryHash).toBe('second');
      expect(await store.setRecoveryHash('prc_unknown000000001', 'x')).toBe(false);
      await store.createPractice(practice('prc_contract00000002'));
      expect(await store.setRecoveryHash('prc_contract00000002', 'from-null', null)).toBe(true);
      await store.close();
    });

    it('creates accounts and reads them back exactly, by id and by login', async () => {
      const store = await create();
      const row = account('stf_contract00000001', {
        role: 'treatment-coordinator',
        locationIds: ['loc_contract00000001', 'loc_contract00000002'],
        mustChangePassword: true,
        failedAttempts: 2,
        lockedUntil: T1,
        disabled: true,
        passwordHash: null,
      });
      expect(await store.createAccount(row)).toBeNull();
      expect(await store.getAccount(row.id)).toEqual(row);
      expect(await store.findAccountByLogin(row.login)).toEqual(row);
      expect(await store.getAccount('stf_unknown000000001')).toBeNull();
      expect(await store.findAccountByLogin('nobody@example.com')).toBeNull();
      await store.close();
    });

    it('refuses a second account with the same login, in any practice', async () => {
      const store = await create();
      expect(
        await store.createAccount(account('stf_contract00000001', { login: 'ana@example.com' })),
      ).toBeNull();
      expect(
        await store.createAccount(
          account('stf_contract00000002', { login: 'ana@example.com', practiceId: 'prc_contract00000002' }),
        ),
      ).toBe('login-taken');
      expect(await store.getAccount('stf_contract00000002')).toBeNull();
      await store.close();
    });

    it('lists the accounts of one practice only, oldest first', async () => {
      const store = await create();
      await store.createAccount(account('stf_contract00000001'));
      await store.createAccount(account('stf_contract00000002', { practiceId: 'prc_contract00000002' }));
      await store.createAccount(account('stf_contract00000003'));
      expect((await store.listAccounts('prc_contract00000001')).map((a) => a.id)).toEqual([
        'stf_contract00000001',
        'stf_contract00000003',
      ]);
      expect(await store.listAccounts('prc_unknown000000001')).toEqual([]);
      await store.close();
    });

    it('updates only the fields a patch names and returns the new row', async () => {
      const store = await create();
      const row = account('stf_contract00000001');
      await store.createAccount(row);
      const updated = await store.updateAccount(row.id, {
        role: 'manager',
        locationIds: ['loc_contract00000001'],
        failedAttempts: 3,
        lockedUntil: T1,
        updatedAt: T1,
        name: undefined,
      });
      const expected = {
        ...row,
        role: 'manager',
        locationIds: ['loc_contract00000001'],
        failedAttempts: 3,
        lockedUntil: T1,
        updatedAt: T1,
      };
      expect(updated).toEqual(expected);
      expect(await store.getAccount(row.id)).toEqual(expected);
      const cleared = await store.updateAccount(row.id, {
        lockedUntil: null,
        passwordHash: null,
        disabled: true,
      });
      expect(cleared).toMatchObject({
        lockedUntil: null,
        passwordHash: null,
        disabled: true,
        role: 'manager',
      });
      expect(await store.updateAccount('stf_unknown000000001', { name: 'x' })).toBeNull();
      await store.close();
    });

    it('hands out copies: changing a returned row changes nothing stored', async () => {
      const store = await create();
      await store.createAccount(account('stf_contract00000001', { locationIds: ['loc_contract00000001'] }));
      const read = (await store.getAccount('stf_contract00000001'))!;
      read.locationIds.push('loc_contract00000009');
      read.role = 'owner';
      expect(await store.getAccount('stf_contract00000001')).toMatchObject({
        role: 'front-desk',
        locationIds: ['loc_contract00000001'],
      });
      await store.close();
    });

    it('finds sessions by token hash', async () => {
      const store = await create();
      await store.createSession(session('ses_contract00000001'));
      expect(await store.findSessionByTokenHash('hash-of-ses_contract00000001')).toEqual(
        session('ses_contract00000001'),
      );
      expect(await store.findSessionByTokenHash('hash-of-nothing')).toBeNull();
      await store.close();
    });

    it('revokes one session once', async () => {
      const store = await create();
      await store.createSession(session('ses_contract00000001'));
      expect(await store.revokeSession('ses_contract00000001', T1)).toEqual(
        session('ses_contract00000001', { revokedAt: T1 }),
      );
      expect(await store.revokeSession('ses_contract00000001', T2)).toBeNull();
      expect((await store.findSessionByTokenHash('hash-of-ses_contract00000001'))?.revokedAt).toBe(T1);
      expect(await store.revokeSession('ses_unknown000000001', T1)).toBeNull();
      await store.close();
    });

    it("revokes an account's live sessions, except one if asked, and returns what it revoked", async () => {
      const store = await create();
      await store.createSession(session('ses_contract00000001'));
      await store.createSession(session('ses_contract00000002'));
      await store.createSession(session('ses_contract00000003'));
      await store.createSession(session('ses_contract00000004', { expiresAt: T0 }));
      await store.createSession(session('ses_contract00000005', { revokedAt: T0 }));
      await store.createSession(session('ses_contract00000006', { accountId: 'stf_contract00000002' }));

      const revoked = await store.revokeSessions('stf_contract00000001', T1, 'ses_contract00000003');
      expect(revoked.map((s) => s.id).sort()).toEqual(['ses_contract00000001', 'ses_contract00000002']);
      expect(revoked.every((s) => s.revokedAt === T1)).toBe(true);
      expect((await store.findSessionByTokenHash('hash-of-ses_contract00000003'))?.revokedAt).toBeNull();
      expect((await store.findSessionByTokenHash('hash-of-ses_contract00000005'))?.revokedAt).toBe(T0);
      expect((await store.findSessionByTokenHash('hash-of-ses_contract00000006'))?.revokedAt).toBeNull();

      const rest = await store.revokeSessions('stf_contract00000001', T1);
      expect(rest.map((s) => s.id)).toEqual(['ses_contract00000003']);
      expect(await store.revokeSessions('stf_contract00000001', T2)).toEqual([]);
      await store.close();
    });

    it('takes an invite once, and never after it expired', async () => {
      const store = await create();
      await store.createInvite({ tokenHash: 'invite-1', accountId: 'stf_contract00000001', expiresAt: T1 });
      await store.createInvite({ tokenHash: 'invite-2', accountId: 'stf_contract00000002', expiresAt: T1 });
      expect(await store.findInvite('invite-1')).toEqual({
        tokenHash: 'invite-1',
        accountId: 'stf_contract00000001',
        expiresAt: T1,
      });
      expect(await store.takeInvite('invite-1', T0)).toBe('stf_contract00000001');
      expect(await store.takeInvite('invite-1', T0)).toBeNull();
      expect(await store.findInvite('invite-1')).toBeNull();

      expect(await store.takeInvite('invite-2', T1)).toBeNull();
      expect(await store.takeInvite('invite-2', T2)).toBeNull();
      expect((await store.findInvite('invite-2'))?.accountId).toBe('stf_contract00000002');
      expect(await store.takeInvite('unknown', T0)).toBeNull();
      await store.close();
    });

    it('keeps events per practice, newest first, with increasing seq', async () => {
      const store = await create();
      await store.logEvent(event({ at: T0, kind: 'setup', detail: 'role=owner' }));
      await store.logEvent(event({ at: T1, kind: 'sign-in' }));
      await store.logEvent(event({ practiceId: 'prc_contract00000002', at: T1 }));
      await store.logEvent(event({ at: T2, kind: 'sign-in-failed', accountId: null, deviceId: null }));

      const events = await store.listEvents('prc_contract00000001');
      expect(events.map((e) => e.kind)).toEqual(['sign-in-failed', 'sign-in', 'setup']);
      const seqs = events.map((e) => e.seq!);
      expect(seqs[0]).toBeGreaterThan(seqs[1]!);
      expect(seqs[1]).toBeGreaterThan(seqs[2]!);
      expect(events[2]).toEqual({ ...event({ at: T0, kind: 'setup', detail: 'role=owner' }), seq: seqs[2] });
      expect(events[0]).toMatchObject({ accountId: null, deviceId: null, detail: null });
      expect(await store.listEvents('prc_contract00000003')).toEqual([]);
      await store.close();
    });

    it('filters events by time range, account, kinds and limit', async () => {
      const store = await create();
      await store.logEvent(event({ at: T0, kind: 'setup' }));
      await store.logEvent(event({ at: T1, kind: 'sign-in', accountId: 'stf_contract00000002' }));
      await store.logEvent(event({ at: T1, kind: 'sign-in-failed' }));
      await store.logEvent(event({ at: T2, kind: 'locked-out' }));
      const P = 'prc_contract00000001';
      const kinds = async (filter: Parameters<AccountStore['listEvents']>[1]) =>
        (await store.listEvents(P, filter)).map((e) => e.kind);

      expect(await kinds({ from: T1 })).toEqual(['locked-out', 'sign-in-failed', 'sign-in']);
      expect(await kinds({ to: T1 })).toEqual(['setup']);
      expect(await kinds({ from: T1, to: T2 })).toEqual(['sign-in-failed', 'sign-in']);
      expect(await kinds({ accountId: 'stf_contract00000002' })).toEqual(['sign-in']);
      expect(await kinds({ kinds: ['setup', 'locked-out'] })).toEqual(['locked-out', 'setup']);
      expect(await kinds({ kinds: [] })).toEqual([]);
      expect(await kinds({ limit: 2 })).toEqual(['locked-out', 'sign-in-failed']);
      await store.close();
    });

    it('binds a device id once, to one practice and key hash', async () => {
      const store = await create();
      const device = {
        id: 'dev_contract00000009',
        practiceId: 'prc_contract00000001',
        keyHash: 'h1',
        createdAt: T0,
      };
      expect(await store.getDevice(device.id)).toBeNull();
      expect(await store.createDevice(device)).toBeNull();
      expect(await store.createDevice({ ...device, keyHash: 'h2', practiceId: 'prc_contract00000002' })).toBe(
        'taken',
      );
      expect(await store.getDevice(device.id)).toEqual(device);
      await store.close();
    });

    it("lists a practice's devices and each device's sessions, and forgets a device so its secret never binds again (CRYPT-10)", async () => {
      const store = await create();
      const device = (id: string, practiceId = 'prc_contract00000001') => ({
        id,
        practiceId,
        keyHash: `key-of-${id}`,
        createdAt: T0,
      });
      await store.createDevice(device('dev_contract00000001'));
      await store.createDevice(device('dev_contract00000002'));
      await store.createDevice(device('dev_contract00000003', 'prc_contract00000002'));
      expect((await store.listDevices('prc_contract00000001')).map((d) => d.id)).toEqual([
        'dev_contract00000001',
        'dev_contract00000002',
      ]);

      await store.createSession(session('ses_contract00000001'));
      await store.createSession(session('ses_contract00000002', { accountId: 'stf_contract00000002' }));
      await store.createSession(session('ses_contract00000003', { expiresAt: T0 }));
      await store.createSession(session('ses_contract00000004', { deviceId: 'dev_contract00000002' }));
      expect((await store.listDeviceSessions('dev_contract00000001')).map((s) => s.id)).toEqual([
        'ses_contract00000003',
        'ses_contract00000002',
        'ses_contract00000001',
      ]);

      const revoked = await store.revokeDeviceSessions('dev_contract00000001', T1);
      expect(revoked.map((s) => s.id).sort()).toEqual(['ses_contract00000001', 'ses_contract00000002']);
      expect(revoked.every((s) => s.revokedAt === T1)).toBe(true);
      expect((await store.findSessionByTokenHash('hash-of-ses_contract00000004'))?.revokedAt).toBeNull();
      expect(await store.revokeDeviceSessions('dev_contract00000001', T2)).toEqual([]);

      expect(await store.forgetDevice('dev_contract00000001')).toEqual({
        ...device('dev_contract00000001'),
        keyHash: FORGOTTEN_DEVICE,
      });
      expect((await store.getDevice('dev_contract00000001'))?.keyHash).toBe(FORGOTTEN_DEVICE);
      expect((await store.getDevice('dev_contract00000002'))?.keyHash).toBe('key-of-dev_contract00000002');
      expect(await store.forgetDevice('dev_unknown000000001')).toBeNull();
      await store.close();
    });

    it('keeps one second factor per account and accepts each time step once', async () => {
      const store = await create();
      const factor = {
        accountId: 'stf_contract00000001',
        secret: 'JBSWY3DPEHPK3PXP',
        enabledAt: null,
        lastStep: 0,
      };
      expect(await store.getSecondFactor(factor.accountId)).toBeNull();
      await store.putSecondFactor(factor);
      expect(await store.getSecondFactor(factor.accountId)).toEqual(factor);
      await store.putSecondFactor({ ...factor, enabledAt: T1 });
      expect((await store.getSecondFactor(factor.accountId))?.enabledAt).toBe(T1);
      expect(await store.useSecondFactorStep(factor.accountId, 100)).toBe(true);
      expect(await store.useSecondFactorStep(factor.accountId, 100)).toBe(false);
      expect(await store.useSecondFactorStep(factor.accountId, 99)).toBe(false);
      expect(await store.useSecondFactorStep(factor.accountId, 101)).toBe(true);
      expect(await store.useSecondFactorStep('stf_contract00000002', 5)).toBe(false);
      expect(await store.deleteSecondFactor(factor.accountId)).toBe(true);
      expect(await store.deleteSecondFactor(factor.accountId)).toBe(false);
      expect(await store.getSecondFactor(factor.accountId)).toBeNull();
      await store.close();
    });
  });
}
