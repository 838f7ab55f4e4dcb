/**
 * Password hashing and the random secrets of staff identity.
 *
 * Passwords: scrypt (memory-hard, in node:crypto, no native dependency) with a random 16-byte
 * salt per hash and a 32-byte key. The stored form `scrypt$N$r$p$<salt b64>$<key b64>` carries
 * its own parameters, so the cost can be raised later and old hashes still verify. The default
 * cost (N = 2^15, r = 8: 32 MiB, tens of milliseconds) follows OWASP's scrypt minimum; tests
 * inject a cheap one.
 *
 * Tokens (sessions, invites) and recovery codes carry 120+ random bits, so a fast SHA-256 is
 * enough to store them: nobody can guess their way back from the hash.
 */
import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export type ScryptCost = { N: number; r: number; p: number };

export type PasswordHasher = {
  hash(password: string): Promise<string>;
  /** False for a wrong password and for a stored value that is not a hash this module wrote. */
  verify(password: string, stored: string): Promise<boolean>;
};

export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Refuse to run absurd parameters read from a tampered database (memory/CPU exhaustion). */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

function validCost({ N, r, p }: ScryptCost): boolean {
  return (
    Number.isInteger(N) &&
    N > 1 &&
    N <= MAX_N &&
    (N & (N - 1)) === 0 &&
    Number.isInteger(r) &&
    r >= 1 &&
    r <= MAX_R &&
    Number.isInteger(p) &&
    p >= 1 &&
    p <= MAX_P
  );
}

function derive(password: string, salt: Buffer, keyBytes: number, cost: ScryptCost): Promise<Buffer> {
  // scrypt needs about 128·N·r bytes (plus 128·r·p); Node refuses above `maxmem` (32 MiB by default).
  const options: ScryptOptions = {
    N: cost.N,
    r: cost.r,
    p: cost.p,
    maxmem: 128 * cost.r * (cost.N + cost.p) * 2,
  };
  // NFKC so the same password typed on different keyboards or platforms hashes the same.
  const normalized = password.normalize('NFKC');
  return new Promise((resolve, reject) => {
    scrypt(normalized, salt, keyBytes, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export function createScryptHasher(cost: ScryptCost = DEFAULT_SCRYPT_COST): PasswordHasher {
  if (!validCost(cost)) throw new Error('invalid scrypt cost');
  return {
    async hash(password) {
      const salt = randomBytes(SALT_BYTES);
      const key = await derive(password, salt, KEY_BYTES, cost);
      return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
    },
    async verify(password, stored) {
      const parts = stored.split('$');
      if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
      const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
      const salt = Buffer.from(parts[4]!, 'base64');
      const expected = Buffer.from(parts[5]!, 'base64');
      if (!validCost({ N, r, p }) || salt.length === 0 || expected.length < 16 || expected.length > 64) {
        return false;
      }
      try {
        const actual = await derive(password, salt, expected.length, { N, r, p });
        return timingSafeEqual(actual, expected);
      } catch {
        return false;
      }
    },
  };
}

/** How session, invite and recovery secrets are stored and looked up. */
export function sha256Hex(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A bearer token: `bytes` random bytes, base64url (URL- and header-safe). */
export function randomBase64Url(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Letters and digits that cannot be misread on paper: no 0/O, 1/I/L. 31 symbols, so each
 * character is drawn with `randomInt` (uniform, no modulo bias).
 */
const RECOVERY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const RECOVERY_GROUPS = 5;
const RECOVERY_GROUP_LENGTH = 5;

function randomGroups(alphabet: string, groups: number, length: number): string {
  const out: string[] = [];
  for (let g = 0; g < groups; g++) {
    let group = '';
    for (let i = 0; i < length; i++) group += alphabet[randomInt(alphabet.length)];
    out.push(group);
  }
  return out.join('-');
}

/**
 * A practice recovery code, `XXXXX-XXXXX-XXXXX-XXXXX-XXXXX` (25 characters, about 124 bits),
 * meant to be printed and kept in the practice safe (HIPAA emergency access procedure).
 */
export function recoveryCode(): string {
  return randomGroups(RECOVERY_ALPHABET, RECOVERY_GROUPS, RECOVERY_GROUP_LENGTH);
}

/**
 * The canonical form of a typed recovery code (case, spaces and dashes do not matter), or null
 * when it cannot be one: wrong length or a character outside the alphabet.
 */
export function normalizeRecoveryCode(input: string): string | null {
  if (typeof input !== 'string' || input.length > 200) return null;
  const compact = input.toUpperCase().replace(/[\s-]+/g, '');
  const length = RECOVERY_GROUPS * RECOVERY_GROUP_LENGTH;
  if (compact.length !== length) return null;
  for (const char of compact) if (!RECOVERY_ALPHABET.includes(char)) return null;
  const groups: string[] = [];
  for (let i = 0; i < length; i += RECOVERY_GROUP_LENGTH)
    groups.push(compact.slice(i, i + RECOVERY_GROUP_LENGTH));
  return groups.join('-');
}

/**
 * A temporary password handed to a person by whoever created or reset their account: four
 * groups of five lowercase characters (23 characters, about 99 bits), easy to read aloud and
 * type once before the forced change.
 */
export function temporaryPassword(): string {
  return randomGroups(RECOVERY_ALPHABET.toLowerCase(), 4, 5);
}
