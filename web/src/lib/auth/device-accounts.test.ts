import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createDeviceAccounts } from './device-accounts.ts';

const fast = { password: 1_000, pin: 1_000 };
const person = {
  userId: 'stf_alice0000000000',
  practiceId: 'prc_0123456789abcdef',
  name: 'Alice Chen',
  login: 'alice@example.com',
  role: 'treatment-coordinator' as const,
  locationIds: [],
  tokenExpiresAt: '2026-11-26T09:00:00.000Z',
};

describe('device accounts (offline unlock)', () => {
  it('unlock with the password returns the sealed session token; a wrong password returns nothing', async () => {
    const accounts = createDeviceAccounts(new IDBFactory(), fast);
    await accounts.remember(person, 'correct horse battery', 'session-token-123');
    expect(await accounts.unlock(person.userId, 'correct horse battery', 'password')).toMatchObject({
      ok: true,
      token: 'session-token-123',
    });
    expect(await accounts.unlock(person.userId, 'wrong horse battery', 'password')).toEqual({
      ok: false,
      reason: 'wrong-secret',
    });
  });

  it('stores no password and no token in the clear', async () => {
    const factory = new IDBFactory();
    const accounts = createDeviceAccounts(factory, fast);
    const stored = await accounts.remember(person, 'correct horse battery', 'session-token-123');
    const text = JSON.stringify(stored, (_k, v) => (v instanceof Uint8Array ? Array.from(v) : v));
    expect(text).not.toContain('correct horse');
    expect(text).not.toContain('session-token');
  });

  it('a PIN works once set with the password, and is cleared by a new sign-in', async () => {
    const accounts = createDeviceAccounts(new IDBFactory(), fast);
    await accounts.remember(person, 'correct horse battery', 'token-1');
    expect(await accounts.unlock(person.userId, '482913', 'pin')).toEqual({ ok: false, reason: 'no-pin' });
    expect(await accounts.setPin(person.userId, 'not the password', '482913')).toBe(false);
    expect(await accounts.setPin(person.userId, 'correct horse battery', '482913')).toBe(true);
    expect(await accounts.unlock(person.userId, '482913', 'pin')).toMatchObject({
      ok: true,
      token: 'token-1',
    });
    expect(await accounts.unlock(person.userId, '000000', 'pin')).toEqual({
      ok: false,
      reason: 'wrong-secret',
    });
    await accounts.remember(person, 'correct horse battery', 'token-2');
    expect((await accounts.list())[0]?.hasPin).toBe(false);
  });

  it('lists who can unlock here, most recent first, and forgets on request', async () => {
    let t = Date.parse('2026-11-25T10:00:00.000Z');
    const accounts = createDeviceAccounts(new IDBFactory(), fast, () => new Date((t += 1000)));
    await accounts.remember(person, 'correct horse battery', 't1');
    await accounts.remember(
      { ...person, userId: 'stf_bob000000000000', name: 'Bob' },
      'another long pass',
      't2',
    );
    expect((await accounts.list()).map((a) => a.name)).toEqual(['Bob', 'Alice Chen']);
    await accounts.forget('stf_bob000000000000');
    expect((await accounts.list()).map((a) => a.name)).toEqual(['Alice Chen']);
    expect(await accounts.unlock('stf_bob000000000000', 'another long pass', 'password')).toEqual({
      ok: false,
      reason: 'unknown-user',
    });
  });
});
