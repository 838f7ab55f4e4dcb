/** The blob store in memory, for unit tests: the same contract as the file store. */
import { createHash } from 'node:crypto';
import { err, ok } from '@aligned/shared';
import {
  assertBlobKey,
  createKeyedQueue,
  type BlobInfo,
  type BlobKey,
  type BlobStore,
  type Upload,
} from './blob-store.ts';

type PartialUpload = { total: number; kind: Upload['kind']; chunks: Uint8Array[]; received: number };

export function createMemoryBlobStore(): BlobStore {
  const complete = new Map<string, { info: BlobInfo; bytes: Uint8Array }>();
  const partial = new Map<string, PartialUpload>();
  const queue = createKeyedQueue();
  const idOf = (key: BlobKey) => {
    assertBlobKey(key);
    return `${key.practiceId}/${key.patientId}/${key.hash}`;
  };

  return {
    async state(key) {
      const id = idOf(key);
      const done = complete.get(id);
      if (done) return { state: 'complete', info: { ...done.info } };
      const part = partial.get(id);
      return part
        ? { state: 'partial', received: part.received, total: part.total, kind: part.kind }
        : { state: 'absent' };
    },
    append(key, upload, chunk, at) {
      const id = idOf(key);
      return queue(key, async () => {
        const done = complete.get(id);
        if (done) return ok({ state: 'complete' as const, info: { ...done.info } });
        const part = partial.get(id) ?? { total: upload.total, kind: upload.kind, chunks: [], received: 0 };
        if (part.total !== upload.total || part.kind !== upload.kind)
          return err({ reason: 'upload-differs' as const });
        if (upload.offset !== part.received)
          return err({ reason: 'offset-mismatch' as const, received: part.received });
        if (upload.offset + chunk.length > upload.total) return err({ reason: 'too-long' as const });
        part.chunks.push(chunk.slice());
        part.received += chunk.length;
        partial.set(id, part);
        if (part.received < part.total) {
          return ok({
            state: 'partial' as const,
            received: part.received,
            total: part.total,
            kind: part.kind,
          });
        }
        partial.delete(id);
        const bytes = Buffer.concat(part.chunks);
        if (createHash('sha256').update(bytes).digest('hex') !== key.hash)
          return err({ reason: 'hash-mismatch' as const });
        const info: BlobInfo = { bytes: bytes.length, kind: part.kind, storedAt: at.toISOString() };
        complete.set(id, { info, bytes: new Uint8Array(bytes) });
        return ok({ state: 'complete' as const, info: { ...info } });
      });
    },
    async read(key) {
      const done = complete.get(idOf(key));
      return done ? { info: { ...done.info }, bytes: done.bytes.slice() } : null;
    },
    async close() {},
  };
}
