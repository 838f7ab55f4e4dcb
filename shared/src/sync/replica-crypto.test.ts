import { encodeUtf8 } from 'lib0/string';
import { describe, expect, it } from 'vitest';
import {
  deriveSecretKeys,
  envelopeKeyId,
  generateDataKey,
  importWrappingKey,
  openRecord,
  openSecret,
  randomBytes,
  resealRecord,
  sameBytes,
  sealRecord,
  sealSecret,
  unwrapDataKey,
  wrapDataKey,
} from './replica-crypto.ts';

const text = (s: string) => encodeUtf8(s);
const same = (a: Uint8Array, b: Uint8Array) => sameBytes(a, b);
const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
const PRACTICE = 'prc_cryptotest00001';
const DOC = `${PRACTICE}/patients`;
// A low round count keeps the tests fast; the derivation is the same at 600,000.
const ROUNDS = 1_000;

describe('record envelope', () => {
  it('CRYPT-1: a sealed record opens under its key and does not contain the plaintext', async () => {
    const key = await generateDataKey();
    const plain = text('Zebediah Quuxworth 555-0199');
    const sealed = await sealRecord(key, `doc:${DOC}`, plain);
    expect(contains(sealed, plain)).toBe(false);
    expect(contains(sealed, text('Quuxworth'))).toBe(false);
    expect(envelopeKeyId(sealed)).toBe(key.id);
    const opened = await openRecord(key, `doc:${DOC}`, sealed);
    expect(opened).toEqual({ ok: true, value: plain });
  });

  it('CRYPT-1: sealing the same record twice gives different ciphertexts (fresh IV)', async () => {
    const key = await generateDataKey();
    const a = await sealRecord(key, 'meta:cursor', text('42'));
    const b = await sealRecord(key, 'meta:cursor', text('42'));
    expect(same(a, b)).toBe(false);
  });

  it('CRYPT-1: a wrong key of the same id is refused as tampered, another id as unknown', async () => {
    const key = await generateDataKey();
    const other = await generateDataKey();
    const sealed = await sealRecord(key, `doc:${DOC}`, text('x'));
    expect(await openRecord(other, `doc:${DOC}`, sealed)).toEqual({ ok: false, error: 'unknown-key' });
    const impostor = { id: key.id, key: other.key };
    expect(await openRecord(impostor, `doc:${DOC}`, sealed)).toEqual({ ok: false, error: 'tampered' });
  });

  it('CRYPT-1: any altered byte of the ciphertext or tag is detected', async () => {
    const key = await generateDataKey();
    const sealed = await sealRecord(key, `doc:${DOC}`, text('balance 50000'));
    for (const at of [21, 25, sealed.length - 1]) {
      const altered = sealed.slice();
      altered[at]! ^= 0x01;
      expect(await openRecord(key, `doc:${DOC}`, altered)).toEqual({ ok: false, error: 'tampered' });
    }
    const ivAltered = sealed.slice();
    ivAltered[10]! ^= 0x80;
    expect(await openRecord(key, `doc:${DOC}`, ivAltered)).toEqual({ ok: false, error: 'tampered' });
  });

  it('CRYPT-1: truncated bytes and other versions are malformed, not thrown', async () => {
    const key = await generateDataKey();
    const sealed = await sealRecord(key, 'meta:x', text('y'));
    expect(await openRecord(key, 'meta:x', sealed.subarray(0, 20))).toEqual({
      ok: false,
      error: 'malformed',
    });
    const v2 = sealed.slice();
    v2[0] = 2;
    expect(await openRecord(key, 'meta:x', v2)).toEqual({ ok: false, error: 'malformed' });
    expect(await openRecord(key, 'meta:x', new Uint8Array())).toEqual({ ok: false, error: 'malformed' });
  });

  it('CRYPT-2: a ciphertext moved to another record does not open there', async () => {
    const key = await generateDataKey();
    const ledger = await sealRecord(key, `doc:${PRACTICE}/ledger/fam_a`, text('payment 500'));
    expect(await openRecord(key, `doc:${PRACTICE}/ledger/fam_b`, ledger)).toEqual({
      ok: false,
      error: 'tampered',
    });
    expect(await openRecord(key, 'meta:snapshot:patients', ledger)).toEqual({ ok: false, error: 'tampered' });
    const outbox = await sealRecord(key, 'outbox:7', text('{}'));
    expect(await openRecord(key, 'outbox:8', outbox)).toEqual({ ok: false, error: 'tampered' });
  });

  it('CRYPT-2: relabelling an envelope with another key id does not open it, even under that key', async () => {
    const first = await generateDataKey();
    const second = await generateDataKey();
    const sealed = await sealRecord(first, 'meta:a', text('secret'));
    const relabelled = sealed.slice();
    relabelled.set(fromHex(second.id), 1);
    const withBoth = await openRecord([first, second], 'meta:a', relabelled);
    expect(withBoth).toEqual({ ok: false, error: 'tampered' });
  });

  it('CRYPT-5: after rotation a record opens under the new key only, and old ones still under the keyring', async () => {
    const old = await generateDataKey();
    const next = await generateDataKey();
    const sealed = await sealRecord(old, `doc:${DOC}`, text('chart'));
    const rotated = await resealRecord(old, next, `doc:${DOC}`, sealed);
    expect(rotated.ok).toBe(true);
    if (!rotated.ok) return;
    expect(envelopeKeyId(rotated.value)).toBe(next.id);
    expect(await openRecord(next, `doc:${DOC}`, rotated.value)).toEqual({ ok: true, value: text('chart') });
    expect(await openRecord(old, `doc:${DOC}`, rotated.value)).toEqual({ ok: false, error: 'unknown-key' });
    // A keyring holding both keys reads records from before and after the rotation.
    expect((await openRecord([next, old], `doc:${DOC}`, sealed)).ok).toBe(true);
    // Without the old key, a record not yet rotated is reported as such, not as damage.
    expect(await openRecord(next, `doc:${DOC}`, sealed)).toEqual({ ok: false, error: 'unknown-key' });
  });

  it('CRYPT-5: rotating a record that does not open fails instead of sealing garbage', async () => {
    const old = await generateDataKey();
    const next = await generateDataKey();
    const sealed = await sealRecord(old, 'meta:a', text('x'));
    sealed[30]! ^= 1;
    expect(await resealRecord(old, next, 'meta:a', sealed)).toEqual({ ok: false, error: 'tampered' });
  });
});

describe('secrets and wrapped data keys', () => {
  it('CRYPT-3: the same secret and salt derive the same verifier; another secret does not', async () => {
    const salt = randomBytes(16);
    const a = await deriveSecretKeys('correct horse battery', salt, ROUNDS);
    const b = await deriveSecretKeys('correct horse battery', salt, ROUNDS);
    const c = await deriveSecretKeys('correct horse batterx', salt, ROUNDS);
    expect(same(a.verifier, b.verifier)).toBe(true);
    expect(same(a.verifier, c.verifier)).toBe(false);
    expect(a.wrappingKey.extractable).toBe(false);
  });

  it('CRYPT-4: a data key wrapped by a person’s secret unwraps with that secret only', async () => {
    const salt = randomBytes(16);
    const person = await deriveSecretKeys('123456', salt, ROUNDS);
    const wrong = await deriveSecretKeys('123457', salt, ROUNDS);
    const dataKey = await generateDataKey();
    const wrapped = await wrapDataKey(dataKey, person.wrappingKey, PRACTICE, 'pin:stf_a');
    expect(await unwrapDataKey(wrapped, wrong.wrappingKey, PRACTICE, 'pin:stf_a')).toBeNull();
    const unwrapped = await unwrapDataKey(wrapped, person.wrappingKey, PRACTICE, 'pin:stf_a');
    expect(unwrapped?.id).toBe(dataKey.id);
    // The unwrapped key opens what the original sealed.
    const sealed = await sealRecord(dataKey, 'meta:a', text('x'));
    expect((await openRecord(unwrapped!, 'meta:a', sealed)).ok).toBe(true);
  });

  it('CRYPT-4: a wrap is bound to its purpose and practice', async () => {
    const person = await deriveSecretKeys('pw', randomBytes(16), ROUNDS);
    const dataKey = await generateDataKey();
    const wrapped = await wrapDataKey(dataKey, person.wrappingKey, PRACTICE, 'password:stf_a');
    expect(await unwrapDataKey(wrapped, person.wrappingKey, PRACTICE, 'password:stf_b')).toBeNull();
    expect(
      await unwrapDataKey(wrapped, person.wrappingKey, 'prc_other0000000001', 'password:stf_a'),
    ).toBeNull();
    const tampered = { ...wrapped, wrapped: wrapped.wrapped.slice() };
    tampered.wrapped[0]! ^= 1;
    expect(await unwrapDataKey(tampered, person.wrappingKey, PRACTICE, 'password:stf_a')).toBeNull();
  });

  it('CRYPT-6: several people and the escrow wrap the same data key', async () => {
    const dataKey = await generateDataKey();
    const ana = await deriveSecretKeys('ana secret', randomBytes(16), ROUNDS);
    const ben = await deriveSecretKeys('ben secret', randomBytes(16), ROUNDS);
    const escrow = await importWrappingKey(randomBytes(32));
    const forAna = await wrapDataKey(dataKey, ana.wrappingKey, PRACTICE, 'password:stf_ana');
    const byEscrow = await wrapDataKey(dataKey, escrow, PRACTICE, 'escrow:dev_1');
    // Ben signs in on the device for the first time: the escrow opens the key, then it is his too.
    const fromEscrow = await unwrapDataKey(byEscrow, escrow, PRACTICE, 'escrow:dev_1');
    const forBen = await wrapDataKey(fromEscrow!, ben.wrappingKey, PRACTICE, 'password:stf_ben');
    const sealed = await sealRecord(dataKey, 'meta:a', text('shared'));
    for (const [wrap, keys, purpose] of [
      [forAna, ana, 'password:stf_ana'],
      [forBen, ben, 'password:stf_ben'],
    ] as const) {
      const key = await unwrapDataKey(wrap, keys.wrappingKey, PRACTICE, purpose);
      expect(await openRecord(key!, 'meta:a', sealed)).toEqual({ ok: true, value: text('shared') });
    }
  });

  it('CRYPT-3: a sealed session token opens with the same wrapping key and purpose only', async () => {
    const person = await deriveSecretKeys('pw', randomBytes(16), ROUNDS);
    const other = await deriveSecretKeys('pw2', randomBytes(16), ROUNDS);
    const sealed = await sealSecret(person.wrappingKey, 'token:stf_a', 'tok_123');
    expect(await openSecret(person.wrappingKey, 'token:stf_a', sealed)).toBe('tok_123');
    expect(await openSecret(person.wrappingKey, 'token:stf_b', sealed)).toBeNull();
    expect(await openSecret(other.wrappingKey, 'token:stf_a', sealed)).toBeNull();
  });
});
