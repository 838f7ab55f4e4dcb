/**
 * Encryption at rest for the device's replica (docs/security.md, "Data at rest (device)";
 * rules CRYPT-1…CRYPT-8 in docs/spec/security.md). Pure WebCrypto: runs in browsers and Node.
 *
 * Key hierarchy on a device:
 *
 *   person's secret (password or PIN) ──PBKDF2──▶ master ──HKDF──▶ verifier, wrapping key
 *   wrapping key ──AES-GCM wrap──▶ device data key (one per practice replica, random 256 bits)
 *   device data key ──AES-GCM──▶ every stored record (document updates, outbox, metadata)
 *
 * A record's envelope is `version (1) | key id (8) | iv (12) | ciphertext + tag`. Its additional
 * data binds the key id and the record's name, so a ciphertext moved to another record (another
 * document, another metadata key) or relabelled with another key id does not open.
 */
import { decodeUtf8, encodeUtf8 } from 'lib0/string';
import { err, ok, type Result } from '../core/result.ts';

/** The slice of WebCrypto this module uses (shared has no DOM types). */
export interface WebCryptoKey {
  readonly type: string;
  readonly extractable: boolean;
  readonly usages: readonly string[];
}
type Params = Record<string, unknown>;
type Subtle = {
  generateKey(algorithm: Params, extractable: boolean, usages: string[]): Promise<WebCryptoKey>;
  importKey(
    format: 'raw',
    data: Uint8Array,
    algorithm: Params | string,
    extractable: boolean,
    usages: string[],
  ): Promise<WebCryptoKey>;
  encrypt(algorithm: Params, key: WebCryptoKey, data: Uint8Array): Promise<ArrayBuffer>;
  decrypt(algorithm: Params, key: WebCryptoKey, data: Uint8Array): Promise<ArrayBuffer>;
  deriveBits(algorithm: Params, key: WebCryptoKey, length: number): Promise<ArrayBuffer>;
  wrapKey(
    format: 'raw',
    key: WebCryptoKey,
    wrappingKey: WebCryptoKey,
    algorithm: Params,
  ): Promise<ArrayBuffer>;
  unwrapKey(
    format: 'raw',
    wrapped: Uint8Array,
    unwrappingKey: WebCryptoKey,
    unwrapAlgorithm: Params,
    unwrappedAlgorithm: Params | string,
    extractable: boolean,
    usages: string[],
  ): Promise<WebCryptoKey>;
};
declare const crypto: { subtle: Subtle; getRandomValues<T extends Uint8Array>(array: T): T };

export const ENVELOPE_VERSION = 1;
const KEY_ID_BYTES = 8;
const IV_BYTES = 12;
const HEADER_BYTES = 1 + KEY_ID_BYTES + IV_BYTES;
const TAG_BYTES = 16;

/** A device data key: AES-256-GCM, with the id its envelopes carry (16 hex characters). */
export type DataKey = { id: string; key: WebCryptoKey };

export type OpenFailure =
  /** Not an envelope of a version this build reads (or truncated). */
  | 'malformed'
  /** Sealed under a key this keyring does not hold. */
  | 'unknown-key'
  /** The key matches by id but authentication failed: altered bytes, or a record moved. */
  | 'tampered';

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function randomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length));
}

/** CRYPT-2: the additional data binds the envelope to its key id and its record's name. */
function recordAad(keyId: string, name: string): Uint8Array {
  return encodeUtf8(`aligned/replica/v${ENVELOPE_VERSION}\u0000${keyId}\u0000${name}`);
}

/**
 * A new random data key. Extractable, because it is wrapped for each person on the device (and
 * for the escrow); it never leaves memory unwrapped.
 */
export async function generateDataKey(): Promise<DataKey> {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  return { id: toHex(randomBytes(KEY_ID_BYTES)), key };
}

/** Imports raw key bytes (a development device keeps its key unwrapped; see docs/security.md). */
export async function importDataKey(id: string, raw: Uint8Array): Promise<DataKey> {
  const key = await crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, true, ['encrypt', 'decrypt']);
  return { id, key };
}

/** CRYPT-1: seals one record under the data key with a fresh random IV. */
export async function sealRecord(dataKey: DataKey, name: string, plaintext: Uint8Array): Promise<Uint8Array> {
  const iv = randomBytes(IV_BYTES);
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: recordAad(dataKey.id, name) },
      dataKey.key,
      plaintext,
    ),
  );
  return concat(Uint8Array.of(ENVELOPE_VERSION), fromHex(dataKey.id), iv, ciphertext);
}

/** The id of the key an envelope was sealed under, or null if it is not an envelope. */
export function envelopeKeyId(envelope: Uint8Array): string | null {
  if (envelope.length < HEADER_BYTES + TAG_BYTES || envelope[0] !== ENVELOPE_VERSION) return null;
  return toHex(envelope.subarray(1, 1 + KEY_ID_BYTES));
}

/** Opens a record sealed by `sealRecord` under any key of the keyring. */
export async function openRecord(
  keyring: DataKey | readonly DataKey[],
  name: string,
  envelope: Uint8Array,
): Promise<Result<Uint8Array, OpenFailure>> {
  const keyId = envelopeKeyId(envelope);
  if (keyId === null) return err('malformed');
  const keys = Array.isArray(keyring) ? (keyring as readonly DataKey[]) : [keyring as DataKey];
  const dataKey = keys.find((k) => k.id === keyId);
  if (!dataKey) return err('unknown-key');
  try {
    const plain = await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: envelope.subarray(1 + KEY_ID_BYTES, HEADER_BYTES),
        additionalData: recordAad(keyId, name),
      },
      dataKey.key,
      envelope.subarray(HEADER_BYTES),
    );
    return ok(new Uint8Array(plain));
  } catch {
    return err('tampered');
  }
}

/**
 * CRYPT-5: re-seals a record under a new key (rotation). Fails, like `openRecord`, if the
 * record does not open under the old keyring; the record's name stays bound.
 */
export async function resealRecord(
  from: DataKey | readonly DataKey[],
  to: DataKey,
  name: string,
  envelope: Uint8Array,
): Promise<Result<Uint8Array, OpenFailure>> {
  const opened = await openRecord(from, name, envelope);
  if (!opened.ok) return opened;
  return ok(await sealRecord(to, name, opened.value));
}

// --- secrets and wrapped keys ------------------------------------------------------------

/** The keys a person's secret yields on this device: one slow derivation, two uses. */
export type SecretKeys = {
  /** Compared with the stored verifier: a wrong secret is told apart from damaged data. */
  verifier: Uint8Array;
  /** Wraps the data key (and seals the session token) for this person. */
  wrappingKey: WebCryptoKey;
};

/**
 * CRYPT-3: PBKDF2-SHA-256 (rounds as stored with the person, 600,000 by default) to a 256-bit
 * master, then HKDF-SHA-256 to a verifier and a non-extractable AES-GCM wrapping key, so an
 * unlock costs one slow derivation however many things the secret opens.
 */
export async function deriveSecretKeys(
  secret: string,
  salt: Uint8Array,
  rounds: number,
): Promise<SecretKeys> {
  const base = await crypto.subtle.importKey('raw', encodeUtf8(secret), 'PBKDF2', false, ['deriveBits']);
  const master = new Uint8Array(
    await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: rounds }, base, 256),
  );
  const hkdf = await crypto.subtle.importKey('raw', master, 'HKDF', false, ['deriveBits']);
  const expand = async (info: string) =>
    new Uint8Array(
      await crypto.subtle.deriveBits(
        { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: encodeUtf8(info) },
        hkdf,
        256,
      ),
    );
  const verifier = await expand('aligned/secret/verifier');
  const wrapping = await expand('aligned/secret/wrapping-key');
  const wrappingKey = await crypto.subtle.importKey('raw', wrapping, { name: 'AES-GCM' }, false, [
    'encrypt',
    'decrypt',
    'wrapKey',
    'unwrapKey',
  ]);
  return { verifier, wrappingKey };
}

/** Imports 32 random bytes handed over by the relay as an escrow wrapping key (CRYPT-6). */
export async function importWrappingKey(raw: Uint8Array): Promise<WebCryptoKey> {
  return crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['wrapKey', 'unwrapKey']);
}

/** A data key wrapped for one purpose (a person's password, their PIN, the device escrow). */
export type WrappedKey = { keyId: string; iv: Uint8Array; wrapped: Uint8Array };

/**
 * CRYPT-4: what a wrap is for is bound into it (practice, key id and e.g. `password:<userId>`),
 * so one person's wrap cannot be passed off as another's.
 */
function wrapAad(practiceId: string, keyId: string, purpose: string): Uint8Array {
  return encodeUtf8(`aligned/data-key/v1\u0000${practiceId}\u0000${keyId}\u0000${purpose}`);
}

export async function wrapDataKey(
  dataKey: DataKey,
  wrappingKey: WebCryptoKey,
  practiceId: string,
  purpose: string,
): Promise<WrappedKey> {
  const iv = randomBytes(IV_BYTES);
  const wrapped = new Uint8Array(
    await crypto.subtle.wrapKey('raw', dataKey.key, wrappingKey, {
      name: 'AES-GCM',
      iv,
      additionalData: wrapAad(practiceId, dataKey.id, purpose),
    }),
  );
  return { keyId: dataKey.id, iv, wrapped };
}

/** The data key, or null when the wrapping key or purpose is not the one it was wrapped with. */
export async function unwrapDataKey(
  wrapped: WrappedKey,
  wrappingKey: WebCryptoKey,
  practiceId: string,
  purpose: string,
): Promise<DataKey | null> {
  try {
    const key = await crypto.subtle.unwrapKey(
      'raw',
      wrapped.wrapped,
      wrappingKey,
      { name: 'AES-GCM', iv: wrapped.iv, additionalData: wrapAad(practiceId, wrapped.keyId, purpose) },
      { name: 'AES-GCM' },
      true,
      ['encrypt', 'decrypt'],
    );
    return { id: wrapped.keyId, key };
  } catch {
    return null;
  }
}

/** Seals a small secret (the session token) under a person's wrapping key, bound to `purpose`. */
export async function sealSecret(wrappingKey: WebCryptoKey, purpose: string, plaintext: string) {
  const iv = randomBytes(IV_BYTES);
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: encodeUtf8(`aligned/secret/v1\u0000${purpose}`) },
      wrappingKey,
      encodeUtf8(plaintext),
    ),
  );
  return { iv, ciphertext };
}

export async function openSecret(
  wrappingKey: WebCryptoKey,
  purpose: string,
  sealed: { iv: Uint8Array; ciphertext: Uint8Array },
): Promise<string | null> {
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: sealed.iv, additionalData: encodeUtf8(`aligned/secret/v1\u0000${purpose}`) },
      wrappingKey,
      sealed.ciphertext,
    );
    return decodeUtf8(new Uint8Array(plain));
  } catch {
    return null;
  }
}

/** Constant-time comparison (verifiers). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
