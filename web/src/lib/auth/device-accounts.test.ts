import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDataKey, type DataKey } from '@aligned/shared';
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

let key: DataKey;
beforeAll(async () => {
  key = await generateDataKey();
});

describe('device accounts (offline unlock)', () => {
  it('unlock with the password returns the sealed session token; a wrong password returns nothing', async () => {
    const accounts = createDeviceAccounts(new IDBFactory(), fast);
    await accounts.remember(person, 'correct horse battery', 'session-token-123', key);
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
    const stored = await accounts.remember(person, 'correct horse battery', 'session-token-123', key);
    const text = JSON.stringify(stored, (_k, v) => (v instanceof Uint8Array ? Array.from(v) : v));
    expect(text).not.toContain('correct horse');
    expect(text).not.toContain('session-token');
  });

  it('a PIN works once set with the password, and is cleared by a new sign-in', async () => {
    const accounts = createDeviceAccounts(new IDBFactory(), fast);
    await accounts.remember(person, 'correct horse battery', 'token-1', key);
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
    await accounts.remember(person, 'correct horse battery', 'token-2', key);
    expect((await accounts.list())[0]?.hasPin).toBe(false);
  });

  it('lists who can unlock here, most recent first, and forgets on request', async () => {
    let t = Date.parse('2026-11-25T10:00:00.000Z');
    const accounts = createDeviceAccounts(new IDBFactory(), fast, () => new Date((t += 1000)));
    await accounts.remember(person, 'correct horse battery', 't1', key);
    await accounts.remember(
      { ...person, userId: 'stf_bob000000000000', name: 'Bob' },
      'another long pass',
      't2',
      key,
    );
    expect((await accounts.list()).map((a) => a.name)).toEqual(['Bob', 'Alice Chen']);
    await accounts.forget('stf_bob000000000000');
    expect((await accounts.list()).map((a) => a.name)).toEqual(['Alice Chen']);
    expect(await accounts.unlock('stf_bob000000000000', 'another long pass', 'password')).toEqual({
      ok: false,
      reason: 'unknown-user',
    });
  });

  it('CRYPT-4: the password and, once set, the PIN each unwrap the same data key; a wrong one nothing', async () => {
    const accounts = createDeviceAccounts(new IDBFactory(), fast);
    await accounts.remember(person, 'correct horse battery', 'tok', key);
    const byPassword = await accounts.unlock(person.userId, 'correct horse battery', 'password');
    expect(byPassword.ok && byPassword.dataKey?.id).toBe(key.id);
    expect(await accounts.setPin(person.userId, 'correct horse battery', '482913')).toBe(true);
    const byPin = await accounts.unlock(person.userId, '482913', 'pin');
    expect(byPin.ok && byPin.dataKey?.id).toBe(key.id);
    expect((await accounts.unlock(person.userId, '482914', 'pin')).ok).toBe(false);
    expect((await accounts.dataKeyByPassword(person.userId, 'correct horse battery'))?.id).toBe(key.id);
    expect(await accounts.dataKeyByPassword(person.userId, 'wrong')).toBeNull();
  });

  it('CRYPT-4: stores no key material in the clear, and two people’s wraps of one key differ', async () => {
    const factory = new IDBFactory();
    const accounts = createDeviceAccounts(factory, fast);
    const alice = await accounts.remember(person, 'correct horse battery', 'tok', key);
    const bob = await accounts.remember(
      { ...person, userId: 'stf_bob000000000000' },
      'another long pass',
      'tok',
      key,
    );
    const raw = new Uint8Array(await crypto.subtle.exportKey('raw', key.key as CryptoKey));
    const text = (v: unknown) =>
      JSON.stringify(v, (_k, x) => (x instanceof Uint8Array ? Array.from(x).join(',') : x));
    for (const stored of [alice, bob]) expect(text(stored)).not.toContain(Array.from(raw).join(','));
    expect(text(alice.dataKeyByPassword)).not.toBe(text(bob.dataKeyByPassword));
  });

  it('CRYPT-6: a wrap kept after an unlock (from the escrow) opens at the next unlock', async () => {
    const accounts = createDeviceAccounts(new IDBFactory(), fast);
    await accounts.remember(person, 'correct horse battery', 'tok', key);
    const rotated = await generateDataKey();
    const first = await accounts.unlock(person.userId, 'correct horse battery', 'password');
    if (!first.ok) throw new Error('unlock failed');
    await first.keep(rotated);
    const second = await accounts.unlock(person.userId, 'correct horse battery', 'password');
    expect(second.ok && second.dataKey?.id).toBe(rotated.id);
  });

  it('CRYPT-7: a person remembered before encryption unlocks with the password and is rewritten', async () => {
    const factory = new IDBFactory();
    // The old record: PBKDF2 verifier and a token sealed under `seal:` + password.
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const sealSalt = crypto.getRandomValues(new Uint8Array(16));
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const bits = async (secret: string, s: Uint8Array) => {
      const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), 'PBKDF2', false, [
        'deriveBits',
      ]);
      return new Uint8Array(
        await crypto.subtle.deriveBits(
          { name: 'PBKDF2', hash: 'SHA-256', salt: s as BufferSource, iterations: 1_000 },
          base,
          256,
        ),
      );
    };
    const sealKey = await crypto.subtle.importKey(
      'raw',
      await bits('seal:old password here', sealSalt),
      'AES-GCM',
      false,
      ['encrypt'],
    );
    const ciphertext = new Uint8Array(
      await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, sealKey, new TextEncoder().encode('legacy-token')),
    );
    const hash = await bits('old password here', salt);
    await new Promise<void>((resolve, reject) => {
      const open = factory.open('aligned-device', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('accounts', { keyPath: 'userId' });
      open.onsuccess = () => {
        const tx = open.result.transaction('accounts', 'readwrite');
        tx.objectStore('accounts').put({
          ...person,
          password: { salt, rounds: 1_000, hash },
          pin: null,
          tokenByPassword: { salt: sealSalt, iv, ciphertext },
          tokenByPin: null,
          lastUnlockedAt: '2026-01-01T00:00:00.000Z',
        });
        tx.oncomplete = () => (open.result.close(), resolve());
        tx.onerror = () => reject(tx.error);
      };
    });
    const accounts = createDeviceAccounts(factory, fast);
    expect((await accounts.unlock(person.userId, 'wrong password here', 'password')).ok).toBe(false);
    const upgraded = await accounts.unlock(person.userId, 'old password here', 'password');
    expect(upgraded).toMatchObject({ ok: true, token: 'legacy-token', dataKey: null });
    if (!upgraded.ok) return;
    await upgraded.keep(key);
    const again = await accounts.unlock(person.userId, 'old password here', 'password');
    expect(again).toMatchObject({ ok: true, token: 'legacy-token' });
    expect(again.ok && again.dataKey?.id).toBe(key.id);
  });
});
