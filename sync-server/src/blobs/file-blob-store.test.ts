import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blobStoreContract } from './blob-store.contract.ts';
import { createFileBlobStore } from './file-blob-store.ts';

const folder = () => mkdtemp(join(tmpdir(), 'aligned-blobs-'));

blobStoreContract('file', async () => createFileBlobStore(await folder()));

describe('the file blob store', () => {
  it('REC-3: an upload cut short resumes after a restart of the relay, from the bytes on disk', async () => {
    const root = await folder();
    const bytes = new Uint8Array(5_000).map((_, i) => i & 0xff);
    const key = {
      practiceId: 'prc_blobs00000001',
      patientId: 'pat_blobs00000001',
      hash: createHash('sha256').update(bytes).digest('hex'),
    };
    const at = new Date('2026-12-08T15:00:00.000Z');
    const before = createFileBlobStore(root);
    await before.append(key, { offset: 0, total: 5_000, kind: 'png' }, bytes.subarray(0, 2_000), at);
    await before.close();

    const after = createFileBlobStore(root);
    expect(await after.state(key)).toEqual({ state: 'partial', received: 2_000, total: 5_000, kind: 'png' });
    expect(
      (await after.append(key, { offset: 2_000, total: 5_000, kind: 'png' }, bytes.subarray(2_000), at)).ok,
    ).toBe(true);
    expect((await readdir(join(root, key.practiceId, key.patientId))).sort()).toEqual([
      key.hash,
      `${key.hash}.json`,
    ]);
  });
});
