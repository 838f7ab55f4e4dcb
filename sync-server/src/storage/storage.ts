/**
 * Where the relay keeps documents: an append-only log of Yjs updates per document, compacted
 * in the background, plus a small settings table. Everything the relay confirms to a client
 * has returned from `append` first. Adapters: memory-storage.ts (unit tests) and
 * sqlite-storage.ts (the embedded default); both pass storage.contract.ts.
 *
 * The interface is asynchronous so that a shared database (PostgreSQL, for several relay
 * machines) can implement it later without changing the relay.
 */
export interface DocStorage {
  /**
   * Appends an update durably. Resolves with its sequence number, which increases across the
   * whole store: clients use the highest one they have seen as their catalog cursor.
   */
  append(docName: string, update: Uint8Array, stateVector?: Uint8Array): Promise<number>;
  /**
   * The document's stored state as one merged update with its state vector, or null if it was
   * never written. The state vector is the one passed with the last append (the relay passes
   * its document's, which is exact); without one it is computed from the update and kept.
   * Keeping it saves decoding every document when a new device asks for all of them.
   */
  load(docName: string): Promise<StoredDoc | null>;
  /**
   * The documents of a practice with updates after `seq`, and the store's current highest
   * sequence number (the new cursor).
   */
  changedSince(practiceId: string, seq: number): Promise<{ cursor: number; docs: string[] }>;
  /** Merges a document's log into one entry without changing what `load` returns or its last seq. */
  compact(docName: string): Promise<void>;
  /** How many log entries a document has (drives background compaction). */
  entryCount(docName: string): Promise<number>;
  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}

export type StoredDoc = { update: Uint8Array; stateVector: Uint8Array };

/** The practice a document belongs to: the first segment of its name (see shared doc-names). */
export function practiceOf(docName: string): string {
  const slash = docName.indexOf('/');
  return slash === -1 ? docName : docName.slice(0, slash);
}
