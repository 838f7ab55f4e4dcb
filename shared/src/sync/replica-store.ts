/**
 * The device's replica of the practice: every document as a log of Yjs updates, the outbox of
 * this device's own changes the relay has not yet confirmed, and small metadata (catalog
 * cursor, last confirmation time). The browser implements it on IndexedDB
 * (web/src/lib/sync/idb-store.ts); tests and Node tools use the in-memory one below.
 */
import * as Y from 'yjs';

export type OutboxEntry = {
  /** Increasing per device; assigned when the change is made. */
  id: number;
  doc: string;
  /** When the change was made (ISO UTC). */
  createdAt: string;
};

export interface ReplicaStore {
  /** The stored updates of a document, oldest first (empty if none). */
  readDoc(doc: string): Promise<Uint8Array[]>;
  /** Appends an update; with an outbox entry, both are written in one transaction. */
  append(doc: string, update: Uint8Array, outbox?: OutboxEntry): Promise<void>;
  readOutbox(): Promise<OutboxEntry[]>;
  removeOutbox(ids: readonly number[]): Promise<void>;
  docNames(): Promise<string[]>;
  getMeta(key: string): Promise<unknown>;
  setMeta(key: string, value: unknown): Promise<void>;
}

export function createMemoryReplicaStore(): ReplicaStore & { updateCount(doc: string): number } {
  const docs = new Map<string, Uint8Array[]>();
  const outbox = new Map<number, OutboxEntry>();
  const meta = new Map<string, unknown>();
  return {
    async readDoc(doc) {
      return [...(docs.get(doc) ?? [])];
    },
    async append(doc, update, entry) {
      const log = docs.get(doc) ?? [];
      log.push(update);
      // Same compaction policy as the browser store: keep logs short.
      docs.set(doc, log.length > 100 ? [Y.mergeUpdates(log)] : log);
      if (entry) outbox.set(entry.id, entry);
    },
    async readOutbox() {
      return [...outbox.values()].sort((a, b) => a.id - b.id);
    },
    async removeOutbox(ids) {
      for (const id of ids) outbox.delete(id);
    },
    async docNames() {
      return [...docs.keys()];
    },
    async getMeta(key) {
      return meta.get(key);
    },
    async setMeta(key, value) {
      meta.set(key, value);
    },
    updateCount: (doc) => docs.get(doc)?.length ?? 0,
  };
}
