/**
 * The blob store in a folder (by default `<data folder>/blobs`), beside the relay's database and
 * inside its backups' reach. Layout per practice and patient:
 *
 *   <hash>             the complete file, renamed into place only after its hash was checked
 *   <hash>.json        what it is (bytes, kind, when), written before the rename
 *   <hash>.part        the bytes received so far of an upload under way
 *   <hash>.upload.json the upload's declared length and kind
 *
 * Every write is fsynced before it is acknowledged, so "received" survives a crash (REC-3).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { err, FileKind, ok } from '@aligned/shared';
import { z } from 'zod';
import {
  assertBlobKey,
  createKeyedQueue,
  type BlobInfo,
  type BlobKey,
  type BlobStore,
  type UploadState,
} from './blob-store.ts';

const StoredInfo = z.object({ bytes: z.number().int().nonnegative(), kind: FileKind, storedAt: z.string() });
const StoredUpload = z.object({ total: z.number().int().nonnegative(), kind: FileKind });

async function readJson<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S> | null> {
  try {
    const parsed = schema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return parsed.success ? (parsed.data as z.output<S>) : null;
  } catch {
    return null;
  }
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch {
    return null;
  }
}

async function writeDurably(path: string, text: string): Promise<void> {
  await writeFile(path, text);
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function createFileBlobStore(root: string): BlobStore {
  const queue = createKeyedQueue();
  const paths = (key: BlobKey) => {
    assertBlobKey(key);
    const folder = join(root, key.practiceId, key.patientId);
    const file = join(folder, key.hash);
    return { folder, file, info: `${file}.json`, part: `${file}.part`, upload: `${file}.upload.json` };
  };

  async function stateOf(key: BlobKey): Promise<UploadState> {
    const p = paths(key);
    if ((await sizeOf(p.file)) !== null) {
      const info = await readJson(p.info, StoredInfo);
      if (info) return { state: 'complete', info };
    }
    const upload = await readJson(p.upload, StoredUpload);
    if (!upload) return { state: 'absent' };
    return {
      state: 'partial',
      received: (await sizeOf(p.part)) ?? 0,
      total: upload.total,
      kind: upload.kind,
    };
  }

  return {
    state: stateOf,
    append(key, upload, chunk, at) {
      const p = paths(key);
      return queue(key, async () => {
        const now = await stateOf(key);
        if (now.state === 'complete') return ok(now);
        if (now.state === 'partial' && (now.total !== upload.total || now.kind !== upload.kind)) {
          return err({ reason: 'upload-differs' as const });
        }
        const received = now.state === 'partial' ? now.received : 0;
        if (upload.offset !== received) return err({ reason: 'offset-mismatch' as const, received });
        if (upload.offset + chunk.length > upload.total) return err({ reason: 'too-long' as const });
        if (now.state === 'absent') {
          await mkdir(p.folder, { recursive: true });
          await writeDurably(p.upload, JSON.stringify({ total: upload.total, kind: upload.kind }));
        }
        const handle = await open(p.part, 'a');
        try {
          await handle.write(chunk);
          await handle.sync();
        } finally {
          await handle.close();
        }
        const total = received + chunk.length;
        if (total < upload.total)
          return ok({ state: 'partial' as const, received: total, total: upload.total, kind: upload.kind });
        if ((await hashFile(p.part)) !== key.hash) {
          await rm(p.part, { force: true });
          await rm(p.upload, { force: true });
          return err({ reason: 'hash-mismatch' as const });
        }
        const info: BlobInfo = { bytes: total, kind: upload.kind, storedAt: at.toISOString() };
        await writeDurably(p.info, JSON.stringify(info));
        await rename(p.part, p.file);
        await rm(p.upload, { force: true });
        return ok({ state: 'complete' as const, info });
      });
    },
    async read(key) {
      const p = paths(key);
      const now = await stateOf(key);
      if (now.state !== 'complete') return null;
      return { info: now.info, bytes: new Uint8Array(await readFile(p.file)) };
    },
    async close() {},
  };
}
