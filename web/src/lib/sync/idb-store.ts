/**
 * The device's replica on IndexedDB, encrypted at rest: one database per practice (not one per
 * document, which y-indexeddb does and which costs seconds with thousands of documents,
 * y-indexeddb#29).
 *
 *   updates  autoIncrement key, { doc, sealed }  index by-doc → a document's log in order
 *   outbox   keyPath id, { id, sealed }          this device's unconfirmed changes
 *   meta     key → { sealed }                    cursor, lastConfirmedAt, snapshots (JSON)
 *
 * Every record's contents are sealed with the device data key (AES-GCM, bound to the record's
 * name: shared/src/sync/replica-crypto.ts, CRYPT-1/2). What stays readable: document names
 * (opaque ids by design), outbox ids, metadata key names, row counts and sizes.
 *
 * The key is held only in memory. `lock()` drops it: reads and writes then wait for `unlock`
 * (the app pauses sync while locked, so nothing piles up). A database written before encryption
 * (rows with `data` instead of `sealed`) is sealed in place when first opened with a key.
 *
 * Appends made in the same task are written in one transaction (the first sync of a large
 * practice makes thousands). A document's log is compacted once it grows past COMPACT_AFTER
 * entries, so reads stay one or two rows.
 */
import * as Y from 'yjs';
import {
  openRecord,
  resealRecord,
  sealRecord,
  type DataKey,
  type OutboxEntry,
  type ReplicaStore,
} from '@aligned/shared';

const VERSION = 1;
const COMPACT_AFTER = 64;
/**
 * Appends wait this long to share a transaction. Sync messages arrive one event each; flushing
 * after every event would cost a transaction per document during a first sync (thousands).
 */
const BATCH_DELAY_MS = 8;
const BATCH_MAX_BYTES = 4 * 1024 * 1024;
/** Rows sealed per transaction when sealing an older database or rotating the key. */
const RESEAL_CHUNK = 200;
/** Plaintext marker: which key the database is sealed under (ids only, never key material). */
const MARKER = '__replica';

type Pending = {
  doc: string;
  update: Uint8Array;
  entry?: OutboxEntry;
  resolve: () => void;
  reject: (e: unknown) => void;
};

type UpdateRow = { doc: string; sealed?: Uint8Array; data?: Uint8Array };
type OutboxRow = { id: number; sealed?: Uint8Array; doc?: string; createdAt?: string };
type SealedMeta = { sealed: Uint8Array };
export type ReplicaMarker = { format: 'sealed-v1'; keyId: string; previousKeyId?: string };

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

function isSealedMeta(value: unknown): value is SealedMeta {
  return typeof value === 'object' && value !== null && (value as SealedMeta).sealed instanceof Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const docRecord = (doc: string) => `doc:${doc}`;
const outboxRecord = (id: number) => `outbox:${id}`;
const metaRecord = (key: string) => `meta:${key}`;

/** Opening a replica with a key it is not sealed under: nothing was read or changed. */
export class ReplicaKeyError extends Error {
  override name = 'ReplicaKeyError';
}

export function replicaDbName(practiceId: string): string {
  return `aligned-replica-${practiceId}`;
}

export type EncryptedReplicaStore = ReplicaStore & {
  close(): void;
  /** Drops the key from memory; store calls wait until `unlock`. */
  lock(): void;
  unlock(key: DataKey): void;
  /** Re-seals every record under `next` (CRYPT-5); resumable with both keys after an interruption. */
  rotate(next: DataKey): Promise<void>;
  /** Records that did not open (damaged, or sealed under a key this device no longer has). */
  readonly unreadable: number;
};

export type IdbStoreOptions = {
  key: DataKey;
  /** A key the database may still hold records under (an interrupted rotation). */
  previousKey?: DataKey;
  factory?: IDBFactory;
  /** The most bytes of appends one transaction takes (tests use a small one). */
  batchMaxBytes?: number;
  /** Told when a record does not open (the record is kept, never rewritten). */
  onUnreadable?: (record: string) => void;
};

export async function openIdbStore(
  practiceId: string,
  options: IdbStoreOptions,
): Promise<EncryptedReplicaStore> {
  const factory = options.factory ?? indexedDB;
  const open = factory.open(replicaDbName(practiceId), VERSION);
  open.onupgradeneeded = () => {
    const db = open.result;
    const updates = db.createObjectStore('updates', { autoIncrement: true });
    updates.createIndex('by-doc', 'doc');
    db.createObjectStore('outbox', { keyPath: 'id' });
    db.createObjectStore('meta');
  };
  const db = await request(open);

  let key: DataKey | null = options.key;
  let previous: DataKey | null = options.previousKey ?? null;
  let unlocked: Promise<void> = Promise.resolve();
  let release: () => void = () => undefined;
  let unreadable = 0;
  const keyring = () => (previous ? [key!, previous] : [key!]);
  async function currentKey(): Promise<DataKey> {
    while (!key) await unlocked;
    return key;
  }
  function failed(record: string) {
    unreadable += 1;
    options.onUnreadable?.(record);
  }

  async function openBytes(record: string, sealed: Uint8Array): Promise<Uint8Array | null> {
    await currentKey();
    const opened = await openRecord(keyring(), record, sealed);
    if (opened.ok) return opened.value;
    failed(record);
    return null;
  }

  const pending: Pending[] = [];
  let pendingBytes = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** Batches are sealed and written one after another, in call order. */
  let chain: Promise<void> = Promise.resolve();

  type SealedRow = { update: UpdateRow; outbox: OutboxRow | null };

  /** Seals a batch's records; started as soon as the batch is taken, while an earlier one is written. */
  async function sealBatch(batch: Pending[]): Promise<SealedRow[]> {
    const sealWith = await currentKey();
    return Promise.all(
      batch.map(async (item) => ({
        update: { doc: item.doc, sealed: await sealRecord(sealWith, docRecord(item.doc), item.update) },
        outbox: item.entry
          ? {
              id: item.entry.id,
              sealed: await sealRecord(
                sealWith,
                outboxRecord(item.entry.id),
                encoder.encode(JSON.stringify({ doc: item.entry.doc, createdAt: item.entry.createdAt })),
              ),
            }
          : null,
      })),
    );
  }

  async function writeRows(rows: SealedRow[]) {
    const tx = db.transaction(['updates', 'outbox'], 'readwrite');
    const updates = tx.objectStore('updates');
    const outbox = tx.objectStore('outbox');
    const counts = new Map<string, IDBRequest<number>>();
    for (const row of rows) {
      updates.add(row.update);
      if (row.outbox) outbox.put(row.outbox);
      if (!counts.has(row.update.doc))
        counts.set(row.update.doc, updates.index('by-doc').count(IDBKeyRange.only(row.update.doc)));
    }
    await done(tx);
    for (const [doc, count] of counts) if (count.result > COMPACT_AFTER) void compact(doc);
  }

  /**
   * Group commit with a cap: at most two batches are under way (one being sealed while the one
   * before it is written), and whatever arrives meanwhile waits for the next, up to
   * BATCH_MAX_BYTES each. A transaction costs a commit however small it is, and a huge one holds
   * every sealed copy in memory at once; a first sync's thousands of appends become a few dozen
   * transactions of a few megabytes.
   */
  const BATCHES_IN_FLIGHT = 2;
  const batchMaxBytes = options.batchMaxBytes ?? BATCH_MAX_BYTES;
  let inFlight = 0;

  function takeBatch(): Pending[] {
    let bytes = 0;
    let n = 0;
    while (n < pending.length && (n === 0 || bytes < batchMaxBytes)) bytes += pending[n++]!.update.byteLength;
    pendingBytes -= bytes;
    return pending.splice(0, n);
  }

  function flush() {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    while (inFlight < BATCHES_IN_FLIGHT && pending.length > 0) {
      const batch = takeBatch();
      inFlight += 1;
      const sealed = sealBatch(batch);
      // Its failure is handled by the write below; this keeps it from counting as unhandled meanwhile.
      sealed.catch(() => undefined);
      const write = chain.then(() => sealed).then(writeRows);
      chain = write
        .then(
          () => batch.forEach((item) => item.resolve()),
          (error: unknown) => batch.forEach((item) => item.reject(error)),
        )
        .then(() => {
          inFlight -= 1;
          flush();
        });
    }
  }

  /**
   * Metadata writes share transactions the way appends do: those made while one is written go
   * in the next (a projection save writes thousands of records at once; one transaction each
   * cost seconds).
   */
  type MetaWrite = { name: string; plain: Uint8Array; resolve: () => void; reject: (e: unknown) => void };
  let metaPending: MetaWrite[] = [];
  let metaWriting: Promise<void> | null = null;
  function flushMeta() {
    const batch = metaPending;
    metaPending = [];
    metaWriting = (async () => {
      // Let the rest of the caller's task add its writes to this batch.
      await Promise.resolve();
      batch.push(...metaPending.splice(0));
      const sealWith = await currentKey();
      const sealed = await Promise.all(batch.map((w) => sealRecord(sealWith, metaRecord(w.name), w.plain)));
      const tx = db.transaction('meta', 'readwrite');
      const meta = tx.objectStore('meta');
      batch.forEach((w, i) => meta.put({ sealed: sealed[i] }, w.name));
      await done(tx);
    })().then(
      () => batch.forEach((w) => w.resolve()),
      (error: unknown) => batch.forEach((w) => w.reject(error)),
    );
    void metaWriting.then(() => {
      metaWriting = null;
      if (metaPending.length > 0) flushMeta();
    });
  }

  /** Resolves once every append made so far is written. */
  async function drained() {
    while (inFlight > 0 || pending.length > 0) {
      flush();
      await chain;
    }
  }

  /** Merges a long log into one row; rows that do not open are left as they are. */
  function compact(doc: string): Promise<void> {
    const run = chain.then(async () => {
      const read = db.transaction('updates', 'readonly').objectStore('updates').index('by-doc');
      const [keys, rows] = await Promise.all([
        request(read.getAllKeys(IDBKeyRange.only(doc))),
        request(read.getAll(IDBKeyRange.only(doc)) as IDBRequest<UpdateRow[]>),
      ]);
      if (rows.length <= COMPACT_AFTER) return;
      const opened = await Promise.all(rows.map((row) => rowBytes(row)));
      const merged = Y.mergeUpdates(opened.filter((u): u is Uint8Array => u !== null));
      const sealed = await sealRecord(await currentKey(), docRecord(doc), merged);
      const tx = db.transaction('updates', 'readwrite');
      const store = tx.objectStore('updates');
      keys.forEach((k, i) => opened[i] !== null && store.delete(k));
      store.add({ doc, sealed });
      await done(tx);
    });
    chain = run.catch(() => undefined);
    return run;
  }

  async function rowBytes(row: UpdateRow): Promise<Uint8Array | null> {
    if (row.sealed) return openBytes(docRecord(row.doc), row.sealed);
    return row.data ?? null;
  }

  /**
   * Seals rows written before encryption and re-seals rows under an older key, a chunk per
   * transaction (resumable: each row says what it is).
   */
  async function resealAll(to: DataKey, from: DataKey[]) {
    const needs = (sealed: Uint8Array | undefined) => !sealed || !startsWithKey(sealed, to.id);
    for (const storeName of ['updates', 'outbox', 'meta'] as const) {
      let after: IDBValidKey | null = null;
      for (;;) {
        const range: IDBKeyRange | null = after === null ? null : IDBKeyRange.lowerBound(after, true);
        const tx = db.transaction(storeName, 'readonly').objectStore(storeName);
        const [keys, values]: [IDBValidKey[], unknown[]] = await Promise.all([
          request(tx.getAllKeys(range, RESEAL_CHUNK)),
          request(tx.getAll(range, RESEAL_CHUNK) as IDBRequest<unknown[]>),
        ]);
        if (keys.length === 0) break;
        after = keys[keys.length - 1]!;
        const rewritten: [IDBValidKey, unknown][] = [];
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i]!;
          const value = values[i];
          if (storeName === 'meta' && k === MARKER) continue;
          const next = await resealValue(storeName, k, value, to, from, needs);
          if (next !== undefined) rewritten.push([k, next]);
        }
        if (rewritten.length === 0) continue;
        const write = db.transaction(storeName, 'readwrite');
        const store = write.objectStore(storeName);
        for (const [k, value] of rewritten) {
          if (storeName === 'outbox') store.put(value);
          else store.put(value, k);
        }
        await done(write);
      }
    }
  }

  async function resealValue(
    storeName: 'updates' | 'outbox' | 'meta',
    k: IDBValidKey,
    value: unknown,
    to: DataKey,
    from: DataKey[],
    needs: (sealed: Uint8Array | undefined) => boolean,
  ): Promise<unknown> {
    const reseal = async (record: string, sealed: Uint8Array | undefined, plain: () => Uint8Array) => {
      if (!needs(sealed)) return undefined;
      if (!sealed) return sealRecord(to, record, plain());
      const moved = await resealRecord(from, to, record, sealed);
      if (moved.ok) return moved.value;
      failed(record);
      return undefined;
    };
    if (storeName === 'updates') {
      const row = value as UpdateRow;
      const sealed = await reseal(docRecord(row.doc), row.sealed, () => row.data!);
      return sealed ? { doc: row.doc, sealed } : undefined;
    }
    if (storeName === 'outbox') {
      const row = value as OutboxRow;
      const sealed = await reseal(outboxRecord(row.id), row.sealed, () =>
        encoder.encode(JSON.stringify({ doc: row.doc, createdAt: row.createdAt })),
      );
      return sealed ? { id: row.id, sealed } : undefined;
    }
    const name = metaRecord(String(k));
    const sealed = await reseal(name, isSealedMeta(value) ? value.sealed : undefined, () =>
      encoder.encode(JSON.stringify(value)),
    );
    return sealed ? { sealed } : undefined;
  }

  async function readMarker(): Promise<ReplicaMarker | undefined> {
    const tx = db.transaction('meta', 'readonly');
    return (await request(tx.objectStore('meta').get(MARKER))) as ReplicaMarker | undefined;
  }

  async function writeMarker(marker: ReplicaMarker) {
    const tx = db.transaction('meta', 'readwrite');
    tx.objectStore('meta').put(marker, MARKER);
    await done(tx);
  }

  // An older plaintext database, or a rotation cut short: finish sealing before anything else.
  // A database sealed under another key is never touched (it is someone else's to open).
  const marker = await readMarker();
  if (marker && marker.keyId !== options.key.id) {
    db.close();
    throw new ReplicaKeyError(`This device's copy is sealed under another key (${marker.keyId}).`);
  }
  if (marker?.previousKeyId && previous?.id !== marker.previousKeyId) {
    db.close();
    throw new ReplicaKeyError('A key rotation was interrupted and its previous key is not at hand.');
  }
  if (!marker || marker.previousKeyId) {
    await resealAll(options.key, previous ? [previous] : []);
    await writeMarker({ format: 'sealed-v1', keyId: options.key.id });
    previous = null;
  }

  const store: EncryptedReplicaStore = {
    append(doc, update, entry) {
      return new Promise<void>((resolve, reject) => {
        pending.push({ doc, update, ...(entry ? { entry } : {}), resolve, reject });
        pendingBytes += update.byteLength;
        if (pendingBytes >= batchMaxBytes) flush();
        else if (timer === null) timer = setTimeout(flush, BATCH_DELAY_MS);
      });
    },
    async readDoc(doc) {
      const tx = db.transaction('updates', 'readonly');
      const rows = await request(
        tx.objectStore('updates').index('by-doc').getAll(IDBKeyRange.only(doc)) as IDBRequest<UpdateRow[]>,
      );
      const opened = await Promise.all(rows.map((row) => rowBytes(row)));
      return opened.filter((u): u is Uint8Array => u !== null);
    },
    async readOutbox() {
      const tx = db.transaction('outbox', 'readonly');
      const rows = (await request(tx.objectStore('outbox').getAll())) as OutboxRow[];
      const entries = await Promise.all(
        rows.map(async (row): Promise<OutboxEntry | null> => {
          if (!row.sealed)
            return row.doc ? { id: row.id, doc: row.doc, createdAt: row.createdAt ?? '' } : null;
          const bytes = await openBytes(outboxRecord(row.id), row.sealed);
          if (!bytes) return null;
          const body = JSON.parse(decoder.decode(bytes)) as { doc: string; createdAt: string };
          return { id: row.id, doc: body.doc, createdAt: body.createdAt };
        }),
      );
      return entries.filter((e): e is OutboxEntry => e !== null);
    },
    async removeOutbox(ids) {
      if (ids.length === 0) return;
      const tx = db.transaction('outbox', 'readwrite');
      const outbox = tx.objectStore('outbox');
      for (const id of ids) outbox.delete(id);
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
    async getMeta(name) {
      const tx = db.transaction('meta', 'readonly');
      const value = await request(tx.objectStore('meta').get(name));
      if (value === undefined || !isSealedMeta(value)) return undefined;
      const bytes = await openBytes(metaRecord(name), value.sealed);
      return bytes ? JSON.parse(decoder.decode(bytes)) : undefined;
    },
    setMeta(name, value) {
      return new Promise<void>((resolve, reject) => {
        // Encoded now: the caller may change the value after the call.
        metaPending.push({ name, plain: encoder.encode(JSON.stringify(value)), resolve, reject });
        if (!metaWriting) flushMeta();
      });
    },
    close() {
      void drained()
        .then(() => chain)
        .then(() => metaWriting)
        .finally(() => db.close());
    },
    lock() {
      if (!key) return;
      key = null;
      previous = null;
      unlocked = new Promise((resolve) => (release = resolve));
    },
    unlock(next) {
      key = next;
      release();
    },
    async rotate(next) {
      const from = await currentKey();
      await writeMarker({ format: 'sealed-v1', keyId: next.id, previousKeyId: from.id });
      previous = from;
      key = next;
      await resealAll(next, [from]);
      await writeMarker({ format: 'sealed-v1', keyId: next.id });
      previous = null;
    },
    get unreadable() {
      return unreadable;
    },
  };
  return store;
}

function startsWithKey(sealed: Uint8Array, keyId: string): boolean {
  for (let i = 0; i < 8; i++) if (sealed[1 + i] !== parseInt(keyId.slice(i * 2, i * 2 + 2), 16)) return false;
  return true;
}

/** Opens an existing replica database as it is (null when there is none), for a quick look. */
async function peek<T>(
  practiceId: string,
  factory: IDBFactory,
  look: (db: IDBDatabase) => Promise<T>,
): Promise<T | null> {
  const names = await factory.databases?.();
  if (names && !names.some((d) => d.name === replicaDbName(practiceId))) return null;
  const open = factory.open(replicaDbName(practiceId));
  open.onupgradeneeded = () => open.transaction?.abort();
  let db: IDBDatabase;
  try {
    db = await request(open);
  } catch {
    return null;
  }
  try {
    return db.objectStoreNames.contains('meta') ? await look(db) : null;
  } finally {
    db.close();
  }
}

/** The key id a replica database is sealed under, without opening anything (null: none yet). */
export async function replicaKeyId(
  practiceId: string,
  factory: IDBFactory = indexedDB,
): Promise<string | null> {
  const marker = await peek(
    practiceId,
    factory,
    (db) =>
      request(db.transaction('meta', 'readonly').objectStore('meta').get(MARKER)) as Promise<
        ReplicaMarker | undefined
      >,
  );
  return marker?.keyId ?? null;
}

/** Unsent changes in a replica, counted without its key. */
export async function replicaPendingCount(
  practiceId: string,
  factory: IDBFactory = indexedDB,
): Promise<number> {
  return (
    (await peek(practiceId, factory, (db) =>
      request(db.transaction('outbox', 'readonly').objectStore('outbox').count()),
    )) ?? 0
  );
}

/** Deletes a replica database (its contents are all at the relay; see data-key.ts). */
export async function deleteReplica(practiceId: string, factory: IDBFactory = indexedDB): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const req = factory.deleteDatabase(replicaDbName(practiceId));
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
    req.onblocked = () => undefined;
  });
}
