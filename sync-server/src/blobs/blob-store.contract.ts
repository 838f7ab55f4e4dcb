/**
 * What every blob store must do (REC-1, REC-3), run against each implementation by its own test
 * file: resumable appends, the hash check, idempotent completion, isolation between patients.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BlobKey, BlobStore } from './blob-store.ts';

const AT = new Date('2026-12-08T15:00:00.000Z');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function file(size: number, seed = 1): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

export function blobStoreContract(name: string, create: () => Promise<BlobStore>) {
  describe(`${name} blob store contract`, () => {
    const bytes = file(10_000);
    const key: BlobKey = {
      practiceId: 'prc_blobs00000001',
      patientId: 'pat_blobs00000001',
      hash: sha256(bytes),
    };
    const upload = (offset: number) => ({ offset, total: bytes.length, kind: 'jpeg' as const });

    it('REC-3: takes a file in chunks, says how much arrived in between, and keeps it once the hash matches', async () => {
      const store = await create();
      expect(await store.state(key)).toEqual({ state: 'absent' });
      expect(await store.append(key, upload(0), bytes.subarray(0, 4_000), AT)).toEqual({
        ok: true,
        value: { state: 'partial', received: 4_000, total: 10_000, kind: 'jpeg' },
      });
      expect(await store.state(key)).toEqual({
        state: 'partial',
        received: 4_000,
        total: 10_000,
        kind: 'jpeg',
      });
      expect(await store.read(key)).toBeNull();
      const done = await store.append(key, upload(4_000), bytes.subarray(4_000), AT);
      const info = { bytes: 10_000, kind: 'jpeg', storedAt: AT.toISOString() };
      expect(done).toEqual({ ok: true, value: { state: 'complete', info } });
      expect(await store.state(key)).toEqual({ state: 'complete', info });
      const read = await store.read(key);
      expect(read?.info).toEqual(info);
      expect(sha256(read!.bytes)).toBe(key.hash);
      await store.close();
    });

    it('REC-3: refuses a chunk that does not continue where the bytes end, and says where to resume', async () => {
      const store = await create();
      await store.append(key, upload(0), bytes.subarray(0, 3_000), AT);
      expect(await store.append(key, upload(5_000), bytes.subarray(5_000, 6_000), AT)).toEqual({
        ok: false,
        error: { reason: 'offset-mismatch', received: 3_000 },
      });
      // A resent chunk (the answer to it was lost) is also refused: nothing is written twice.
      expect(await store.append(key, upload(0), bytes.subarray(0, 3_000), AT)).toEqual({
        ok: false,
        error: { reason: 'offset-mismatch', received: 3_000 },
      });
      expect(await store.append(key, { ...upload(3_000), kind: 'png' }, bytes.subarray(3_000), AT)).toEqual({
        ok: false,
        error: { reason: 'upload-differs' },
      });
      expect(await store.append(key, { ...upload(3_000), total: 3_500 }, bytes.subarray(3_000), AT)).toEqual({
        ok: false,
        error: { reason: 'upload-differs' },
      });
      expect(await store.append(key, upload(3_000), file(7_001), AT)).toEqual({
        ok: false,
        error: { reason: 'too-long' },
      });
      expect(await store.state(key)).toMatchObject({ state: 'partial', received: 3_000 });
      await store.close();
    });

    it('REC-1: bytes that are not the file their address names are discarded, and the upload can start again', async () => {
      const store = await create();
      const other = file(10_000, 2);
      expect(await store.append(key, upload(0), other, AT)).toEqual({
        ok: false,
        error: { reason: 'hash-mismatch' },
      });
      expect(await store.state(key)).toEqual({ state: 'absent' });
      expect(await store.read(key)).toBeNull();
      expect((await store.append(key, upload(0), bytes, AT)).ok).toBe(true);
      await store.close();
    });

    it('REC-1: adding a file that is already there changes nothing, and its first storing time stays', async () => {
      const store = await create();
      await store.append(key, upload(0), bytes, AT);
      const later = new Date(AT.getTime() + 60_000);
      const again = await store.append(key, upload(0), bytes, later);
      expect(again).toEqual({
        ok: true,
        value: { state: 'complete', info: { bytes: 10_000, kind: 'jpeg', storedAt: AT.toISOString() } },
      });
      await store.close();
    });

    it('REC-4: a file is kept per practice and patient: the same address elsewhere is another file', async () => {
      const store = await create();
      await store.append(key, upload(0), bytes, AT);
      expect(await store.state({ ...key, patientId: 'pat_blobs00000002' })).toEqual({ state: 'absent' });
      expect(await store.read({ ...key, practiceId: 'prc_blobs00000002' })).toBeNull();
      await store.close();
    });

    it('REC-3: two chunks sent at once for one address are taken one after the other', async () => {
      const store = await create();
      const [first, second] = await Promise.all([
        store.append(key, upload(0), bytes.subarray(0, 5_000), AT),
        store.append(key, upload(5_000), bytes.subarray(5_000), AT),
      ]);
      expect(first.ok && second.ok).toBe(true);
      expect(await store.state(key)).toMatchObject({ state: 'complete' });
      await store.close();
    });

    it('refuses keys that are not plain ids and a SHA-256, so none becomes a path', async () => {
      const store = await create();
      await expect(store.state({ ...key, patientId: '../../etc' })).rejects.toThrow('invalid blob key');
      await expect(store.read({ ...key, hash: 'ABC' })).rejects.toThrow('invalid blob key');
      await store.close();
    });
  });
}
