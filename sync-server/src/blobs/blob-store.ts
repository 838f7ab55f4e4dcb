/**
 * Where the bytes of clinical files live (REC-1, REC-3): outside the Yjs documents, addressed by
 * their SHA-256, per practice and patient so the chart's permission check covers them. Uploads are
 * resumable: a dropped connection leaves what arrived, `state` says how much, and the client
 * continues from there. A file is complete only when its bytes hash to its address; nothing is ever
 * deleted through this interface (records are corrected by adding, REC-5).
 */
import type { FileKind, Result } from '@aligned/shared';

export type BlobKey = { practiceId: string; patientId: string; hash: string };
export type BlobInfo = { bytes: number; kind: FileKind; storedAt: string };
export type Upload = { offset: number; total: number; kind: FileKind };

export type UploadState =
  | { state: 'absent' }
  | { state: 'partial'; received: number; total: number; kind: FileKind }
  | { state: 'complete'; info: BlobInfo };

export type AppendFailure =
  /** The chunk does not start where the stored bytes end: resume from `received`. */
  | { reason: 'offset-mismatch'; received: number }
  /** An upload of this address is under way with another length or kind. */
  | { reason: 'upload-differs' }
  /** The chunk runs past the declared length. */
  | { reason: 'too-long' }
  /** All bytes arrived and they are not the file the address names; what arrived is discarded. */
  | { reason: 'hash-mismatch' };

export interface BlobStore {
  state(key: BlobKey): Promise<UploadState>;
  /**
   * Adds a chunk at `upload.offset`. When the bytes reach `upload.total` they are checked against
   * the address and the file becomes complete. Appending to a complete file changes nothing.
   */
  append(
    key: BlobKey,
    upload: Upload,
    chunk: Uint8Array,
    at: Date,
  ): Promise<Result<UploadState, AppendFailure>>;
  /** A complete file, or null. */
  read(key: BlobKey): Promise<{ info: BlobInfo; bytes: Uint8Array } | null>;
  close(): Promise<void>;
}

const ID_PART = /^[0-9a-z_]{1,40}$/;
const HASH = /^[0-9a-f]{64}$/;

/** Keys become folder names: anything but plain ids and hex is a bug upstream, never a path. */
export function assertBlobKey(key: BlobKey): void {
  if (!ID_PART.test(key.practiceId) || !ID_PART.test(key.patientId) || !HASH.test(key.hash)) {
    throw new Error('invalid blob key');
  }
}

/** One operation at a time per address, so two tabs resuming the same upload cannot interleave. */
export function createKeyedQueue() {
  const tails = new Map<string, Promise<unknown>>();
  return function run<T>(key: BlobKey, work: () => Promise<T>): Promise<T> {
    const id = `${key.practiceId}/${key.patientId}/${key.hash}`;
    const result = (tails.get(id) ?? Promise.resolve()).then(work, work);
    const tail = result.catch(() => undefined);
    tails.set(id, tail);
    void tail.then(() => {
      if (tails.get(id) === tail) tails.delete(id);
    });
    return result;
  };
}
