import { describe, expect, it } from 'vitest';
import {
  createScryptHasher,
  normalizeRecoveryCode,
  recoveryCode,
  sha256Hex,
  temporaryPassword,
} from './passwords.ts';

// Cheap cost for tests; the default (N = 2^15) is exercised once below.
const hasher = createScryptHasher({ N: 2 ** 10, r: 8, p: 1 });

describe('scrypt hasher', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hasher.hash('violet tractor lantern 92');
    expect(await hasher.verify('violet tractor lantern 92', stored)).toBe(true);
    expect(await hasher.verify('violet tractor lantern 93', stored)).toBe(false);
    expect(await hasher.verify('', stored)).toBe(false);
  });

  it('stores its parameters, a 16-byte salt and a 32-byte key, salted differently each time', async () => {
    const a = await hasher.hash('violet tractor lantern 92');
    const b = await hasher.hash('violet tractor lantern 92');
    expect(a).not.toBe(b);
    const [scheme, N, r, p, salt, key] = a.split('$');
    expect([scheme, N, r, p]).toEqual(['scrypt', '1024', '8', '1']);
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64')).toHaveLength(32);
    expect(a).not.toContain('violet');
  });

  it('verifies hashes made with other parameters, so the cost can be raised later', async () => {
    const strong = createScryptHasher();
    const stored = await strong.hash('amber-kettle-orbit-17');
    expect(stored.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(await hasher.verify('amber-kettle-orbit-17', stored)).toBe(true);
    expect(await strong.verify('amber-kettle-orbit-17', await hasher.hash('amber-kettle-orbit-17'))).toBe(
      true,
    );
  });

  it('treats Unicode presentation variants of a password as the same password', async () => {
    const stored = await hasher.hash('ｃａｆé lantern orbit');
    expect(await hasher.verify('café lantern orbit', stored)).toBe(true);
  });

  it('answers false, never throws, for stored values it did not write or that ask for absurd costs', async () => {
    for (const stored of [
      '',
      'plain text',
      'bcrypt$2b$10$abc',
      'scrypt$1024$8$1$$',
      'scrypt$1000$8$1$c2FsdHNhbHRzYWx0c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5',
      'scrypt$1073741824$8$1$c2FsdHNhbHRzYWx0c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5',
      'scrypt$1024$8$1$c2FsdA==$a2V5',
    ]) {
      expect(await hasher.verify('anything', stored)).toBe(false);
    }
  });

  it('refuses an invalid cost up front', () => {
    expect(() => createScryptHasher({ N: 1000, r: 8, p: 1 })).toThrow();
  });
});

describe('secrets', () => {
  it('hashes tokens with SHA-256 (hex)', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('makes recovery codes of 25 unambiguous characters in five groups', () => {
    const codes = new Set(Array.from({ length: 200 }, () => recoveryCode()));
    expect(codes.size).toBe(200);
    for (const code of codes) {
      expect(code).toMatch(/^[A-Z2-9]{5}(-[A-Z2-9]{5}){4}$/);
      expect(code).not.toMatch(/[01OIL]/);
    }
  });

  it('normalizes typed recovery codes and rejects what cannot be one', () => {
    const code = recoveryCode();
    expect(normalizeRecoveryCode(code)).toBe(code);
    expect(normalizeRecoveryCode(` ${code.toLowerCase().replaceAll('-', ' ')} `)).toBe(code);
    expect(normalizeRecoveryCode(code.replaceAll('-', ''))).toBe(code);
    expect(normalizeRecoveryCode(code.slice(0, -1))).toBeNull();
    expect(normalizeRecoveryCode(`${code.slice(0, -1)}0`)).toBeNull();
    expect(normalizeRecoveryCode('')).toBeNull();
  });

  it('makes temporary passwords of 16+ random characters', () => {
    const passwords = new Set(Array.from({ length: 100 }, () => temporaryPassword()));
    expect(passwords.size).toBe(100);
    for (const password of passwords) expect(password.length).toBeGreaterThanOrEqual(16);
  });
});
