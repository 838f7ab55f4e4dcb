/**
 * The device's replica on IndexedDB: one database per practice (not one per document, which
 * y-indexeddb does and which costs seconds with thousands of documents, y-indexeddb#29).
 *
 *   updates  autoIncrement key, { doc, data }   index by-doc → a document's log in order
 *   outbox   keyPath id, { id, doc, createdAt }  this device's unconfirmed changes
 *   meta     key → value                         cursor, lastConfirmedAt
 *
 * Appends made in the same task are written in one transaction (the first sync of a large
 * practice makes thousands). A document's log is compacted inside the same transaction once it
 * grows past COMPACT_AFTER entries, so reads stay one or two rows.
 */
import * as Y from 'yjs';
import type { OutboxEntry, ReplicaStore } from '@aligned/shared';

const VERSION = 1;
const COMPACT_AFTER = 64;
/**
 * Appends wait this long to share a transaction. Sync messages arrive one event each; flushing
 * after every event would cost a transaction per document during a first sync (thousands).
 */
const BATCH_DELAY_MS = 8;
const BATCH_MAX_BYTES = 4 * 1024 * 1024;

type Pending = {
  doc: string;
  update: Uint8Array;
  entry?: OutboxEntry;
  resolve: () => void;
  reject: (e: unknown) => void;
};

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
    tx.onerror = () => reject(tx.error ?? new Error('transaction failed'));
  });
}

export function replicaDbName(practiceId: string): string {
  return `aligned-replica-${practiceId}`;
}

export async function openIdbStore(
  practiceId: string,
  factory: IDBFactory = indexedDB,
): Promise<ReplicaStore & { close(): void }> {
  const open = factory.open(replicaDbName(practiceId), VERSION);
  open.onupgradeneeded = () => {
    const db = open.result;
    const updates = db.createObjectStore('updates', { autoIncrement: true });
    updates.createIndex('by-doc', 'doc');
    db.createObjectStore('outbox', { keyPath: 'id' });
    db.createObjectStore('meta');
  };
  const db = await request(open);

  let pending: Pending[] = [];
  let pendingBytes = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function flush() {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const batch = pending;
    pending = [];
    pendingBytes = 0;
    if (batch.length === 0) return;
    let tx: IDBTransaction;
    try {
      tx = db.transaction(['updates', 'outbox'], 'readwrite');
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    const updates = tx.objectStore('updates');
    const outbox = tx.objectStore('outbox');
    const touched = new Set<string>();
    for (const item of batch) {
      updates.add({ doc: item.doc, data: item.update });
      if (item.entry) outbox.put(item.entry);
      touched.add(item.doc);
    }
    for (const doc of touched) {
      const index = updates.index('by-doc');
      const count = index.count(IDBKeyRange.only(doc));
      count.onsuccess = () => {
        if (count.result <= COMPACT_AFTER) return;
        const keys = index.getAllKeys(IDBKeyRange.only(doc));
        const rows = index.getAll(IDBKeyRange.only(doc));
        rows.onsuccess = () => {
          const merged = Y.mergeUpdates((rows.result as { data: Uint8Array }[]).map((r) => r.data));
          for (const key of keys.result) updates.delete(key);
          updates.add({ doc, data: merged });
        };
      };
    }
    done(tx).then(
      () => batch.forEach((item) => item.resolve()),
      (error) => batch.forEach((item) => item.reject(error)),
    );
  }

  return {
    append(doc, update, entry) {
      return new Promise<void>((resolve, reject) => {
        // Structured clone copies a typed array's whole buffer, not just the view: an update
        // that is a slice of a large received message must be copied out first.
        const own =
          update.byteOffset === 0 && update.byteLength === update.buffer.byteLength ? update : update.slice();
        pending.push({ doc, update: own, ...(entry ? { entry } : {}), resolve, reject });
        pendingBytes += update.byteLength;
        if (pendingBytes >= BATCH_MAX_BYTES) flush();
        else if (timer === null) timer = setTimeout(flush, BATCH_DELAY_MS);
      });
    },
    async readDoc(doc) {
      const tx = db.transaction('updates', 'readonly');
      const rows = await request(tx.objectStore('updates').index('by-doc').getAll(IDBKeyRange.only(doc)));
      return (rows as { data: Uint8Array }[]).map((r) => r.data);
    },
    async readOutbox() {
      const tx = db.transaction('outbox', 'readonly');
      return (await request(tx.objectStore('outbox').getAll())) as OutboxEntry[];
    },
    async removeOutbox(ids) {
      if (ids.length === 0) return;
      const tx = db.transaction('outbox', 'readwrite');
      const store = tx.objectStore('outbox');
      for (const id of ids) store.delete(id);
      await done(tx);
    },
    async docNames() {
      const tx = db.transaction('updates', 'readonly');
      const names: string[] = [];
      await new Promise<void>((resolve, reject) => {
        const cursor = tx.objectStore('updates').index('by-doc').openKeyCursor(null, 'nextunique');
        cursor.onsuccess = () => {
          if (!cursor.result) return resolve();
          names.push(cursor.result.key as string);
          cursor.result.continue();
        };
        cursor.onerror = () => reject(cursor.error);
      });
      return names;
    },
    async getMeta(key) {
      const tx = db.transaction('meta', 'readonly');
      return request(tx.objectStore('meta').get(key));
    },
    async setMeta(key, value) {
      const tx = db.transaction('meta', 'readwrite');
      tx.objectStore('meta').put(value, key);
      await done(tx);
    },
    close() {
      flush();
      db.close();
    },
  };
}
