/**
 * The people who have signed in on this device, so they can unlock offline. For each: a verifier
 * of their password (PBKDF2-SHA-256, never the password), optionally of a PIN, and their relay
 * session token sealed with AES-GCM under keys derived from the password and the PIN. Someone
 * with the browser's files but without the password or PIN has neither the token nor a way to
 * check guesses quickly (600,000 PBKDF2 rounds per guess).
 *
 * Stored in its own IndexedDB database, apart from any practice's replica.
 */
import type { StaffRole } from '@aligned/shared';

const DB_NAME = 'aligned-device';
const STORE = 'accounts';
export const PASSWORD_ROUNDS = 600_000;
export const PIN_ROUNDS = 600_000;

type Sealed = { salt: Uint8Array; iv: Uint8Array; ciphertext: Uint8Array };
type Verifier = { salt: Uint8Array; rounds: number; hash: Uint8Array };

export type DeviceAccount = {
  userId: string;
  practiceId: string;
  name: string;
  login: string;
  role: StaffRole;
  locationIds: string[];
  password: Verifier;
  pin: Verifier | null;
  /** The session token, sealed under the password and (when set) the PIN. */
  tokenByPassword: Sealed;
  tokenByPin: Sealed | null;
  tokenExpiresAt: string;
  lastUnlockedAt: string;
};

export type PublicDeviceAccount = Pick<DeviceAccount, 'userId' | 'practiceId' | 'name' | 'login' | 'role'> & {
  hasPin: boolean;
};

const encoder = new TextEncoder();

function random(bytes: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(bytes));
}

async function pbkdf2(secret: string, salt: Uint8Array, rounds: number, length = 256): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations: rounds },
    key,
    length,
  );
  return new Uint8Array(bits);
}

async function aesKey(secret: string, salt: Uint8Array, rounds: number): Promise<CryptoKey> {
  const raw = await pbkdf2(`seal:${secret}`, salt, rounds);
  return crypto.subtle.importKey('raw', raw as BufferSource, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export async function makeVerifier(secret: string, rounds: number): Promise<Verifier> {
  const salt = random(16);
  return { salt, rounds, hash: await pbkdf2(secret, salt, rounds) };
}

export async function checkVerifier(secret: string, verifier: Verifier): Promise<boolean> {
  return sameBytes(await pbkdf2(secret, verifier.salt, verifier.rounds), verifier.hash);
}

export async function seal(secret: string, plaintext: string, rounds: number): Promise<Sealed> {
  const salt = random(16);
  const iv = random(12);
  const key = await aesKey(secret, salt, rounds);
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv as BufferSource }, key, encoder.encode(plaintext)),
  );
  return { salt, iv, ciphertext };
}

export async function unseal(secret: string, sealed: Sealed, rounds: number): Promise<string | null> {
  try {
    const key = await aesKey(secret, sealed.salt, rounds);
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: sealed.iv as BufferSource },
      key,
      sealed.ciphertext as BufferSource,
    );
    return new TextDecoder().decode(plain);
  } catch {
    return null;
  }
}

function open(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'userId' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run<T>(
  factory: IDBFactory,
  mode: IDBTransactionMode,
  fn: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await open(factory);
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = fn(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export type UnlockResult =
  | { ok: true; account: DeviceAccount; token: string }
  | { ok: false; reason: 'wrong-secret' | 'no-pin' | 'unknown-user' };

export function createDeviceAccounts(
  factory: IDBFactory = indexedDB,
  rounds = { password: PASSWORD_ROUNDS, pin: PIN_ROUNDS },
  now: () => Date = () => new Date(),
) {
  const get = (userId: string) => run<DeviceAccount | undefined>(factory, 'readonly', (s) => s.get(userId));
  const put = (account: DeviceAccount) => run(factory, 'readwrite', (s) => s.put(account));
  return {
    async list(): Promise<PublicDeviceAccount[]> {
      const all = await run<DeviceAccount[]>(factory, 'readonly', (s) => s.getAll());
      return all
        .sort((a, b) => b.lastUnlockedAt.localeCompare(a.lastUnlockedAt))
        .map((a) => ({
          userId: a.userId,
          practiceId: a.practiceId,
          name: a.name,
          login: a.login,
          role: a.role,
          hasPin: a.pin !== null,
        }));
    },

    /** After an online sign-in: remember who this is and seal their session token. */
    async remember(
      person: Omit<DeviceAccount, 'password' | 'pin' | 'tokenByPassword' | 'tokenByPin' | 'lastUnlockedAt'>,
      password: string,
      token: string,
    ): Promise<DeviceAccount> {
      const account: DeviceAccount = {
        ...person,
        password: await makeVerifier(password, rounds.password),
        tokenByPassword: await seal(password, token, rounds.password),
        // A PIN cannot unseal a new token it never saw: it must be set again after a new sign-in.
        pin: null,
        tokenByPin: null,
        lastUnlockedAt: now().toISOString(),
      };
      await put(account);
      return account;
    },

    async setPin(userId: string, password: string, pin: string): Promise<boolean> {
      const account = await get(userId);
      if (!account || !(await checkVerifier(password, account.password))) return false;
      const token = await unseal(password, account.tokenByPassword, rounds.password);
      if (token === null) return false;
      await put({
        ...account,
        pin: await makeVerifier(pin, rounds.pin),
        tokenByPin: await seal(pin, token, rounds.pin),
      });
      return true;
    },

    async unlock(userId: string, secret: string, kind: 'password' | 'pin'): Promise<UnlockResult> {
      const account = await get(userId);
      if (!account) return { ok: false, reason: 'unknown-user' };
      const verifier = kind === 'password' ? account.password : account.pin;
      const sealed = kind === 'password' ? account.tokenByPassword : account.tokenByPin;
      if (!verifier || !sealed) return { ok: false, reason: 'no-pin' };
      const r = kind === 'password' ? rounds.password : rounds.pin;
      if (!(await checkVerifier(secret, verifier))) return { ok: false, reason: 'wrong-secret' };
      const token = await unseal(secret, sealed, r);
      if (token === null) return { ok: false, reason: 'wrong-secret' };
      const updated = { ...account, lastUnlockedAt: now().toISOString() };
      await put(updated);
      return { ok: true, account: updated, token };
    },

    async forget(userId: string): Promise<void> {
      await run(factory, 'readwrite', (s) => s.delete(userId));
    },
  };
}

export type DeviceAccounts = ReturnType<typeof createDeviceAccounts>;
