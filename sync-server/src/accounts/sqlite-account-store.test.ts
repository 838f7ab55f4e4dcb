import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStorage } from '../storage/sqlite-storage.ts';
import { describeAccountStoreContract } from './account-store.contract.ts';
import { createSqliteAccountStore } from './sqlite-account-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'aligned-accounts-'));
let n = 0;
const opened: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const storage of opened) await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(file: string) {
  const storage = createSqliteStorage({ file, synchronous: 'NORMAL' });
  opened.push(storage);
  return { storage, accounts: createSqliteAccountStore(storage.db) };
}

describeAccountStoreContract('sqlite', () => open(join(dir, `contract-${n++}.db`)).accounts);

describe('sqlite account store', () => {
  it('keeps accounts and events across a reopen of the file, next to the documents', async () => {
    const file = join(dir, 'reopen.db');
    const first = open(file);
    await first.accounts.createPractice({
      id: 'prc_0123456789abcdef',
      name: 'Bright Smiles',
      timeZone: 'America/Chicago',
      createdAt: '2026-11-25T14:00:00.000Z',
      recoveryHash: null,
    });
    await first.accounts.logEvent({
      practiceId: 'prc_0123456789abcdef',
      at: '2026-11-25T14:00:00.000Z',
      kind: 'setup',
      accountId: null,
      deviceId: null,
      detail: null,
    });
    await first.storage.close();

    const second = open(file);
    expect(await second.accounts.practiceCount()).toBe(1);
    expect((await second.accounts.listEvents('prc_0123456789abcdef')).map((e) => e.kind)).toEqual(['setup']);
    const tables = second.storage.db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((t) => t.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'accounts',
        'docs',
        'invites',
        'practices',
        'security_events',
        'sessions',
        'updates',
      ]),
    );
  });

  it('refuses to change or delete security events', async () => {
    const { storage, accounts } = open(join(dir, 'append-only.db'));
    await accounts.logEvent({
      practiceId: 'prc_0123456789abcdef',
      at: '2026-11-25T14:00:00.000Z',
      kind: 'sign-in-failed',
      accountId: null,
      deviceId: null,
      detail: 'reason=unknown-login',
    });
    expect(() => storage.db.prepare("UPDATE security_events SET detail = 'x'").run()).toThrow(/append-only/);
    expect(() => storage.db.prepare('DELETE FROM security_events').run()).toThrow(/append-only/);
    expect(await accounts.listEvents('prc_0123456789abcdef')).toHaveLength(1);
  });

  it('reads a role it does not know as read-only', async () => {
    const { storage, accounts } = open(join(dir, 'unknown-role.db'));
    await accounts.createAccount({
      id: 'stf_0123456789abcdef',
      practiceId: 'prc_0123456789abcdef',
      login: 'ana@example.com',
      name: 'Ana Ruiz',
      role: 'manager',
      locationIds: [],
      passwordHash: null,
      mustChangePassword: false,
      failedAttempts: 0,
      lockedUntil: null,
      disabled: false,
      createdAt: '2026-11-25T14:00:00.000Z',
      updatedAt: '2026-11-25T14:00:00.000Z',
    });
    storage.db.prepare("UPDATE accounts SET role = 'superuser'").run();
    expect((await accounts.getAccount('stf_0123456789abcdef'))?.role).toBe('read-only');
  });
});
