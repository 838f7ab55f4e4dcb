/**
 * The people who have signed in on this device, so they can unlock offline, and the device's
 * data keys (docs/security.md, "Data at rest (device)"; CRYPT rules).
 *
 * For each person: a verifier of their password (never the password) and optionally of a PIN,
 * derived with PBKDF2 (600,000 rounds) then HKDF (shared/src/sync/replica-crypto.ts); the same
 * derivation yields a wrapping key that seals their relay session token and wraps the practice
 * replica's data key. Someone with the browser's files but without the password or PIN has
 * neither the token nor the data key, nor a way to check guesses quickly.
 *
 * Per practice, the device keeps a keyring entry: the data key's id and an escrow wrap of the
 * key under a key the relay holds for this device (CRYPT-6), so a colleague signing in here for
 * the first time can open the same replica. A development relay has no secrets to wrap with:
 * its key is kept unwrapped and says so.
 *
 * Stored in its own IndexedDB database, apart from any practice's replica.
 */
import {
  deriveSecretKeys,
  importDataKey,
  openSecret,
  randomBytes,
  sameBytes,
  sealSecret,
  unwrapDataKey,
  wrapDataKey,
  type DataKey,
  type StaffRole,
  type WebCryptoKey,
  type WrappedKey,
} from '@aligned/shared';

const DB_NAME = 'aligned-device';
const ACCOUNTS = 'accounts';
const KEYRING = 'keyring';
export const PASSWORD_ROUNDS = 600_000;
export const PIN_ROUNDS = 600_000;

type Sealed = { iv: Uint8Array; ciphertext: Uint8Array };
type Secret = { salt: Uint8Array; rounds: number; verifier: Uint8Array };
/** Before encryption at rest: PBKDF2 verifier and a token sealed under a separate derivation. */
type LegacySealed = { salt: Uint8Array; iv: Uint8Array; ciphertext: Uint8Array };
type LegacyVerifier = { salt: Uint8Array; rounds: number; hash: Uint8Array };

export type DeviceAccount = {
  format: 2;
  userId: string;
  practiceId: string;
  name: string;
  login: string;
  role: StaffRole;
  locationIds: string[];
  password: Secret;
  pin: Secret | null;
  tokenByPassword: Sealed;
  tokenByPin: Sealed | null;
  /** The practice replica's data key, wrapped for this person (null until they have it). */
  dataKeyByPassword: WrappedKey | null;
  dataKeyByPin: WrappedKey | null;
  tokenExpiresAt: string;
  lastUnlockedAt: string;
};

type LegacyAccount = Omit<
  DeviceAccount,
  'format' | 'password' | 'pin' | 'tokenByPassword' | 'tokenByPin' | 'dataKeyByPassword' | 'dataKeyByPin'
> & {
  format?: undefined;
  password: LegacyVerifier;
  pin: LegacyVerifier | null;
  tokenByPassword: LegacySealed;
  tokenByPin: LegacySealed | null;
};

type StoredAccount = DeviceAccount | LegacyAccount;

/** A practice's data key on this device: which key, and how a newcomer obtains it. */
export type KeyringEntry = {
  practiceId: string;
  keyId: string;
  /** The data key wrapped under the relay-held escrow key of this device. */
  escrow: WrappedKey | null;
  /** Development identity only: the key itself (no secret to wrap it with). */
  development?: Uint8Array;
};

export type PublicDeviceAccount = Pick<DeviceAccount, 'userId' | 'practiceId' | 'name' | 'login' | 'role'> & {
  hasPin: boolean;
};

export type Person = Omit<
  DeviceAccount,
  | 'format'
  | 'password'
  | 'pin'
  | 'tokenByPassword'
  | 'tokenByPin'
  | 'dataKeyByPassword'
  | 'dataKeyByPin'
  | 'lastUnlockedAt'
>;

const purpose = (kind: 'password' | 'pin', userId: string) => `${kind}:${userId}`;
const tokenPurpose = (kind: 'password' | 'pin', userId: string) => `token:${kind}:${userId}`;

async function legacyPbkdf2(secret: string, salt: Uint8Array, rounds: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations: rounds },
    key,
    256,
  );
  return new Uint8Array(bits);
}

/** Opens a token sealed the way this device did before encryption at rest. */
async function legacyUnlock(
  secret: string,
  verifier: LegacyVerifier,
  sealed: LegacySealed,
): Promise<string | null> {
  if (!sameBytes(await legacyPbkdf2(secret, verifier.salt, verifier.rounds), verifier.hash)) return null;
  try {
    const raw = await legacyPbkdf2(`seal:${secret}`, sealed.salt, verifier.rounds);
    const key = await crypto.subtle.importKey('raw', raw as BufferSource, 'AES-GCM', false, ['decrypt']);
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
    const request = factory.open(DB_NAME, 2);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(ACCOUNTS)) db.createObjectStore(ACCOUNTS, { keyPath: 'userId' });
      if (!db.objectStoreNames.contains(KEYRING)) db.createObjectStore(KEYRING, { keyPath: 'practiceId' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run<T>(
  factory: IDBFactory,
  storeName: string,
  mode: IDBTransactionMode,
  fn: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await open(factory);
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(storeName, mode);
      const request = fn(tx.objectStore(storeName));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

/**
 * A successful unlock. `dataKey` is null when this person holds no wrap of the device's current
 * key (first time here after an upgrade, or the key was rotated): `keep` wraps a key obtained
 * otherwise (the escrow) under the secret just used, without deriving it again.
 */
export type Unlocked = {
  ok: true;
  account: DeviceAccount;
  token: string;
  dataKey: DataKey | null;
  keep(dataKey: DataKey): Promise<void>;
};

export type UnlockResult = Unlocked | { ok: false; reason: 'wrong-secret' | 'no-pin' | 'unknown-user' };

export function createDeviceAccounts(
  factory: IDBFactory = indexedDB,
  rounds = { password: PASSWORD_ROUNDS, pin: PIN_ROUNDS },
  now: () => Date = () => new Date(),
) {
  const get = (userId: string) =>
    run<StoredAccount | undefined>(factory, ACCOUNTS, 'readonly', (s) => s.get(userId));
  const put = (account: DeviceAccount) => run(factory, ACCOUNTS, 'readwrite', (s) => s.put(account));

  async function newSecret(
    secret: string,
    r: number,
  ): Promise<{ record: Secret; wrappingKey: WebCryptoKey }> {
    const salt = randomBytes(16);
    const keys = await deriveSecretKeys(secret, salt, r);
    return { record: { salt, rounds: r, verifier: keys.verifier }, wrappingKey: keys.wrappingKey };
  }

  return {
    async list(): Promise<PublicDeviceAccount[]> {
      const all = await run<StoredAccount[]>(factory, ACCOUNTS, 'readonly', (s) => s.getAll());
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

    /**
     * After an online sign-in: remember who this is, seal their session token and wrap the
     * practice's data key under their password.
     */
    async remember(
      person: Person,
      password: string,
      token: string,
      dataKey: DataKey,
    ): Promise<DeviceAccount> {
      const { record, wrappingKey } = await newSecret(password, rounds.password);
      const account: DeviceAccount = {
        ...person,
        format: 2,
        password: record,
        tokenByPassword: await sealSecret(wrappingKey, tokenPurpose('password', person.userId), token),
        dataKeyByPassword: await wrapDataKey(
          dataKey,
          wrappingKey,
          person.practiceId,
          purpose('password', person.userId),
        ),
        // A PIN cannot unseal a new token it never saw: it must be set again after a new sign-in.
        pin: null,
        tokenByPin: null,
        dataKeyByPin: null,
        lastUnlockedAt: now().toISOString(),
      };
      await put(account);
      return account;
    },

    /** The data key as this person's password opens it (a sign-in with an unchanged password). */
    async dataKeyByPassword(userId: string, password: string): Promise<DataKey | null> {
      const account = await get(userId);
      if (!account || account.format !== 2 || !account.dataKeyByPassword) return null;
      const keys = await deriveSecretKeys(password, account.password.salt, account.password.rounds);
      if (!sameBytes(keys.verifier, account.password.verifier)) return null;
      return unwrapDataKey(
        account.dataKeyByPassword,
        keys.wrappingKey,
        account.practiceId,
        purpose('password', userId),
      );
    },

    async setPin(userId: string, password: string, pin: string): Promise<boolean> {
      const unlocked = await this.unlock(userId, password, 'password', { touch: false });
      if (!unlocked.ok || !unlocked.dataKey) return false;
      const { account, token, dataKey } = unlocked;
      const { record, wrappingKey } = await newSecret(pin, rounds.pin);
      await put({
        ...account,
        pin: record,
        tokenByPin: await sealSecret(wrappingKey, tokenPurpose('pin', userId), token),
        dataKeyByPin: await wrapDataKey(dataKey, wrappingKey, account.practiceId, purpose('pin', userId)),
      });
      return true;
    },

    async unlock(
      userId: string,
      secret: string,
      kind: 'password' | 'pin',
      options: { touch?: boolean } = {},
    ): Promise<UnlockResult> {
      const stored = await get(userId);
      if (!stored) return { ok: false, reason: 'unknown-user' };
      if (kind === 'pin' && !stored.pin) return { ok: false, reason: 'no-pin' };
      const touched = {
        lastUnlockedAt: options.touch === false ? stored.lastUnlockedAt : now().toISOString(),
      };

      if (stored.format !== 2) {
        // Signed in before encryption at rest: check the old way, then rewrite in the new one.
        // An old PIN opens nothing new (its record cannot be rewritten without the password).
        if (kind === 'pin') return { ok: false, reason: 'no-pin' };
        const token = await legacyUnlock(secret, stored.password, stored.tokenByPassword);
        if (token === null) return { ok: false, reason: 'wrong-secret' };
        const { record, wrappingKey } = await newSecret(secret, rounds.password);
        const upgraded: DeviceAccount = {
          ...stored,
          ...touched,
          format: 2,
          password: record,
          tokenByPassword: await sealSecret(wrappingKey, tokenPurpose('password', userId), token),
          pin: null,
          tokenByPin: null,
          dataKeyByPassword: null,
          dataKeyByPin: null,
        };
        await put(upgraded);
        return this.keeper(upgraded, token, null, kind, wrappingKey);
      }

      const record = kind === 'password' ? stored.password : stored.pin!;
      const keys = await deriveSecretKeys(secret, record.salt, record.rounds);
      if (!sameBytes(keys.verifier, record.verifier)) return { ok: false, reason: 'wrong-secret' };
      const sealed = kind === 'password' ? stored.tokenByPassword : stored.tokenByPin!;
      const token = await openSecret(keys.wrappingKey, tokenPurpose(kind, userId), sealed);
      if (token === null) return { ok: false, reason: 'wrong-secret' };
      const wrapped = kind === 'password' ? stored.dataKeyByPassword : stored.dataKeyByPin;
      const dataKey = wrapped
        ? await unwrapDataKey(wrapped, keys.wrappingKey, stored.practiceId, purpose(kind, userId))
        : null;
      const updated = { ...stored, ...touched };
      if (options.touch !== false) await put(updated);
      return this.keeper(updated, token, dataKey, kind, keys.wrappingKey);
    },

    keeper(
      account: DeviceAccount,
      token: string,
      dataKey: DataKey | null,
      kind: 'password' | 'pin',
      wrappingKey: WebCryptoKey,
    ): Unlocked {
      return {
        ok: true,
        account,
        token,
        dataKey,
        keep: async (key: DataKey) => {
          const wrapped = await wrapDataKey(
            key,
            wrappingKey,
            account.practiceId,
            purpose(kind, account.userId),
          );
          const latest = await get(account.userId);
          if (!latest || latest.format !== 2) return;
          await put(
            kind === 'password'
              ? { ...latest, dataKeyByPassword: wrapped }
              : { ...latest, dataKeyByPin: wrapped },
          );
        },
      };
    },

    async forget(userId: string): Promise<void> {
      await run(factory, ACCOUNTS, 'readwrite', (s) => s.delete(userId));
    },

    keyring(practiceId: string): Promise<KeyringEntry | undefined> {
      return run<KeyringEntry | undefined>(factory, KEYRING, 'readonly', (s) => s.get(practiceId));
    },

    async setKeyring(entry: KeyringEntry): Promise<void> {
      await run(factory, KEYRING, 'readwrite', (s) => s.put(entry));
    },

    /** Development identity: the practice's key, created on first use and kept unwrapped. */
    async developmentKey(
      practiceId: string,
      make: () => Promise<{ id: string; raw: Uint8Array }>,
    ): Promise<DataKey> {
      const entry = await this.keyring(practiceId);
      if (entry?.development) return importDataKey(entry.keyId, entry.development);
      const made = await make();
      await this.setKeyring({ practiceId, keyId: made.id, escrow: null, development: made.raw });
      return importDataKey(made.id, made.raw);
    },
  };
}

export type DeviceAccounts = ReturnType<typeof createDeviceAccounts>;
