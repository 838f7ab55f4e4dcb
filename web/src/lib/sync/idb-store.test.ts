import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import * as Y from 'yjs';
import { describe, expect, it, vi } from 'vitest';
import { generateDataKey, type DataKey } from '@aligned/shared';
import { openIdbStore, replicaDbName, replicaKeyId, ReplicaKeyError } from './idb-store.ts';

function edits(count: number, prefix = 'k'): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) doc.getMap('m').set(`${prefix}${i}`, i);
  return { doc, updates };
}

function stateOf(updates: Uint8Array[]): unknown {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc.getMap('m').toJSON();
}

async function rawRows(factory: IDBFactory, practiceId: string, storeName: string) {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = factory.open(replicaDbName(practiceId));
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const rows = await new Promise<unknown[]>((resolve, reject) => {
    const req = db.transaction(storeName, 'readonly').objectStore(storeName).getAll();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
    const req = db.transaction(storeName, 'readonly').objectStore(storeName).getAllKeys();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  return { db, rows, keys };
}

/** Every byte the database holds for a store, as one string (to search for plaintext). */
async function rawText(factory: IDBFactory, practiceId: string): Promise<string> {
  let text = '';
  for (const name of ['updates', 'outbox', 'meta']) {
    const { db, rows } = await rawRows(factory, practiceId, name);
    db.close();
    text += JSON.stringify(rows, (_k, v: unknown) =>
      v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v,
    );
  }
  return text;
}

const named = (name: string) => {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  doc.getMap('m').set('name', name);
  return updates;
};

let n = 0;
const nextPractice = () => `prc_idbtest${String(++n).padStart(9, '0')}`;

async function fresh(key?: DataKey) {
  const factory = new IDBFactory();
  const practiceId = nextPractice();
  const dataKey = key ?? (await generateDataKey());
  const store = await openIdbStore(practiceId, { key: dataKey, factory });
  return { factory, practiceId, key: dataKey, store };
}

describe('IndexedDB replica store', () => {
  it('returns a document’s updates in the order they were appended', async () => {
    const { store, practiceId } = await fresh();
    const { doc, updates } = edits(5);
    for (const u of updates) await store.append(`${practiceId}/patients`, u);
    expect(stateOf(await store.readDoc(`${practiceId}/patients`))).toEqual(doc.getMap('m').toJSON());
    expect(await store.readDoc(`${practiceId}/practice`)).toEqual([]);
  });

  it('writes appends made together in one batch and keeps them in order', async () => {
    const { store } = await fresh();
    const { doc, updates } = edits(20);
    await Promise.all(updates.map((u) => store.append('d/x', u)));
    expect(stateOf(await store.readDoc('d/x'))).toEqual(doc.getMap('m').toJSON());
  });

  it('writes a burst of appends in a few capped transactions, not one each nor one for all, every append kept', async () => {
    const factory = new IDBFactory();
    // Scaled down: 12 appends of 10 KB against a 32 KB cap stand for megabytes against 4 MB.
    const store = await openIdbStore(nextPractice(), {
      key: await generateDataKey(),
      factory,
      batchMaxBytes: 32 * 1024,
    });
    const writes = vi.spyOn(IDBDatabase.prototype, 'transaction');
    try {
      const chunk = (i: number) => new Uint8Array(10 * 1024).fill(i);
      const docs = Array.from({ length: 12 }, (_, i) => `d/big${i}`);
      await Promise.all(docs.map((doc, i) => store.append(doc, chunk(i + 1))));
      const readwrite = writes.mock.calls.filter(([, mode]) => mode === 'readwrite').length;
      // One per append would be 12; one for all would hold every sealed copy at once.
      expect(readwrite).toBeGreaterThanOrEqual(3);
      expect(readwrite).toBeLessThanOrEqual(6);
      for (const [i, doc] of docs.entries()) expect(await store.readDoc(doc)).toEqual([chunk(i + 1)]);
    } finally {
      writes.mockRestore();
    }
  });

  it('writes metadata set together in one transaction, the last value of a key winning', async () => {
    const { store } = await fresh();
    const writes = vi.spyOn(IDBDatabase.prototype, 'transaction');
    try {
      await Promise.all([
        ...Array.from({ length: 300 }, (_, i) => store.setMeta(`projection/key/${i}`, { n: i })),
        store.setMeta('projection/key/7', { n: 'seven' }),
      ]);
      expect(writes.mock.calls.filter(([, mode]) => mode === 'readwrite')).toHaveLength(1);
    } finally {
      writes.mockRestore();
    }
    expect(await store.getMeta('projection/key/299')).toEqual({ n: 299 });
    expect(await store.getMeta('projection/key/7')).toEqual({ n: 'seven' });
  });

  it('compacts a long log into one entry without changing the document', async () => {
    const { store } = await fresh();
    const { doc, updates } = edits(200);
    for (const u of updates) await store.append('d/x', u);
    const rows = await store.readDoc('d/x');
    expect(rows.length).toBeLessThan(70);
    expect(stateOf(rows)).toEqual(doc.getMap('m').toJSON());
  });

  it('SYNC-2: writes an outbox entry with its update, and removes it when confirmed', async () => {
    const { store } = await fresh();
    const { updates } = edits(2);
    await store.append('d/x', updates[0]!, { id: 1, doc: 'd/x', createdAt: '2026-11-25T10:00:00.000Z' });
    await store.append('d/x', updates[1]!, { id: 2, doc: 'd/x', createdAt: '2026-11-25T10:00:01.000Z' });
    expect(await store.readOutbox()).toEqual([
      { id: 1, doc: 'd/x', createdAt: '2026-11-25T10:00:00.000Z' },
      { id: 2, doc: 'd/x', createdAt: '2026-11-25T10:00:01.000Z' },
    ]);
    await store.removeOutbox([1]);
    expect((await store.readOutbox()).map((e) => e.id)).toEqual([2]);
  });

  it('survives closing and reopening the database with the same key', async () => {
    const { factory, practiceId, key, store: first } = await fresh();
    const { doc, updates } = edits(3);
    for (const u of updates) await first.append('d/x', u);
    await first.setMeta('cursor', 42);
    await first.setMeta('snapshot', { build: 'b', items: { a: [1, 'two'] } });
    first.close();
    const second = await openIdbStore(practiceId, { key, factory });
    expect(stateOf(await second.readDoc('d/x'))).toEqual(doc.getMap('m').toJSON());
    expect(await second.getMeta('cursor')).toBe(42);
    expect(await second.getMeta('snapshot')).toEqual({ build: 'b', items: { a: [1, 'two'] } });
    expect(await second.getMeta('absent')).toBeUndefined();
    expect(await second.docNames()).toEqual(['d/x']);
    expect(await replicaKeyId(practiceId, factory)).toBe(key.id);
  });

  it('lists each stored document once', async () => {
    const { store } = await fresh();
    const { updates } = edits(3);
    await store.append('d/b', updates[0]!);
    await store.append('d/a', updates[1]!);
    await store.append('d/b', updates[2]!);
    expect(await store.docNames()).toEqual(['d/a', 'd/b']);
  });
});

describe('IndexedDB replica store, encrypted at rest', () => {
  it('CRYPT-1: no stored byte holds a document’s text, an outbox entry or a snapshot in the clear', async () => {
    const { store, factory, practiceId } = await fresh();
    const doc = `${practiceId}/patients`;
    for (const u of named('Zebediah Quuxworth'))
      await store.append(doc, u, { id: 1, doc, createdAt: '2026-01-02T03:04:05.000Z' });
    await store.setMeta('snapshot:patients', { patients: [{ phone: '+1 555 013 9876' }] });
    store.close();
    const raw = await rawText(factory, practiceId);
    expect(raw).not.toContain('Quuxworth');
    expect(raw).not.toContain('555 013 9876');
    expect(raw).not.toContain('2026-01-02');
    // What stays readable by design: the document's opaque name and the key id.
    expect(raw).toContain(doc);
  });

  it('CRYPT-7: an older plaintext database is sealed in place when first opened, its outbox kept', async () => {
    const factory = new IDBFactory();
    const practiceId = nextPractice();
    // Written the way the store did before encryption.
    await new Promise<void>((resolve, reject) => {
      const open = factory.open(replicaDbName(practiceId), 1);
      open.onupgradeneeded = () => {
        const db = open.result;
        db.createObjectStore('updates', { autoIncrement: true }).createIndex('by-doc', 'doc');
        db.createObjectStore('outbox', { keyPath: 'id' });
        db.createObjectStore('meta');
      };
      open.onsuccess = () => {
        const db = open.result;
        const tx = db.transaction(['updates', 'outbox', 'meta'], 'readwrite');
        for (const u of named('Olwen Plaintext')) tx.objectStore('updates').add({ doc: 'd/x', data: u });
        tx.objectStore('outbox').put({ id: 3, doc: 'd/x', createdAt: '2026-02-03T00:00:00.000Z' });
        tx.objectStore('meta').put(17, 'cursor');
        tx.oncomplete = () => (db.close(), resolve());
        tx.onerror = () => reject(tx.error);
      };
    });
    expect(await rawText(factory, practiceId)).toContain('Olwen Plaintext');
    const key = await generateDataKey();
    const store = await openIdbStore(practiceId, { key, factory });
    expect(stateOf(await store.readDoc('d/x'))).toEqual({ name: 'Olwen Plaintext' });
    expect(await store.readOutbox()).toEqual([{ id: 3, doc: 'd/x', createdAt: '2026-02-03T00:00:00.000Z' }]);
    expect(await store.getMeta('cursor')).toBe(17);
    store.close();
    expect(await rawText(factory, practiceId)).not.toContain('Olwen Plaintext');
  });

  it('CRYPT-1: a database sealed under another key is refused and left untouched', async () => {
    const { store, factory, practiceId, key } = await fresh();
    for (const u of named('Kept Safe')) await store.append('d/x', u);
    store.close();
    const other = await generateDataKey();
    await expect(openIdbStore(practiceId, { key: other, factory })).rejects.toBeInstanceOf(ReplicaKeyError);
    const again = await openIdbStore(practiceId, { key, factory });
    expect(stateOf(await again.readDoc('d/x'))).toEqual({ name: 'Kept Safe' });
  });

  it('CRYPT-1: a damaged row is skipped and counted, never rewritten, and the rest still reads', async () => {
    const { store, factory, practiceId, key } = await fresh();
    const first = named('First');
    const second = edits(1, 'other').updates;
    await store.append('d/x', first[0]!);
    await store.append('d/x', second[0]!);
    store.close();
    const { db, rows, keys } = await rawRows(factory, practiceId, 'updates');
    const row = rows[0] as { doc: string; sealed: Uint8Array };
    const damaged = row.sealed.slice();
    damaged[damaged.length - 1]! ^= 1;
    await new Promise<void>((resolve) => {
      const tx = db.transaction('updates', 'readwrite');
      tx.objectStore('updates').put({ doc: row.doc, sealed: damaged }, keys[0]!);
      tx.oncomplete = () => resolve();
    });
    db.close();
    const seen: string[] = [];
    const reopened = await openIdbStore(practiceId, { key, factory, onUnreadable: (r) => seen.push(r) });
    expect(stateOf(await reopened.readDoc('d/x'))).toEqual({ other0: 0 });
    expect(reopened.unreadable).toBe(1);
    expect(seen).toEqual(['doc:d/x']);
    reopened.close();
    const after = await rawRows(factory, practiceId, 'updates');
    after.db.close();
    expect((after.rows[0] as { sealed: Uint8Array }).sealed).toEqual(damaged);
  });

  it('CRYPT-1: while locked, reads and writes wait for the key and then complete', async () => {
    const { store, key } = await fresh();
    const { doc, updates } = edits(2);
    await store.append('d/x', updates[0]!);
    store.lock();
    let read = false;
    const reading = store.readDoc('d/x').then((rows) => ((read = true), rows));
    const writing = store.append('d/x', updates[1]!);
    const meta = store.setMeta('cursor', 5);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(read).toBe(false);
    store.unlock(key);
    await Promise.all([writing, meta]);
    expect((await reading).length).toBe(1);
    expect(stateOf(await store.readDoc('d/x'))).toEqual(doc.getMap('m').toJSON());
    expect(await store.getMeta('cursor')).toBe(5);
  });

  it('CRYPT-5: rotation re-seals every record under the new key; the old key no longer opens the database', async () => {
    const { store, factory, practiceId, key } = await fresh();
    const { doc, updates } = edits(10);
    for (const u of updates) await store.append('d/x', u, { id: 9, doc: 'd/x', createdAt: 't' });
    await store.setMeta('cursor', 8);
    const next = await generateDataKey();
    await store.rotate(next);
    expect(stateOf(await store.readDoc('d/x'))).toEqual(doc.getMap('m').toJSON());
    store.close();
    await expect(openIdbStore(practiceId, { key, factory })).rejects.toBeInstanceOf(ReplicaKeyError);
    const reopened = await openIdbStore(practiceId, { key: next, factory });
    expect(stateOf(await reopened.readDoc('d/x'))).toEqual(doc.getMap('m').toJSON());
    expect(await reopened.readOutbox()).toEqual([{ id: 9, doc: 'd/x', createdAt: 't' }]);
    expect(await reopened.getMeta('cursor')).toBe(8);
    expect(reopened.unreadable).toBe(0);
  });

  it('CRYPT-5: a rotation cut short resumes when opened with both keys, and needs both', async () => {
    const { store, factory, practiceId, key } = await fresh();
    const { doc, updates } = edits(5);
    for (const u of updates) await store.append('d/x', u);
    store.close();
    // The marker says a rotation to `next` began; no row has moved yet.
    const next = await generateDataKey();
    const { db } = await rawRows(factory, practiceId, 'meta');
    await new Promise<void>((resolve) => {
      const tx = db.transaction('meta', 'readwrite');
      tx.objectStore('meta').put({ format: 'sealed-v1', keyId: next.id, previousKeyId: key.id }, '__replica');
      tx.oncomplete = () => resolve();
    });
    db.close();
    await expect(openIdbStore(practiceId, { key: next, factory })).rejects.toBeInstanceOf(ReplicaKeyError);
    const resumed = await openIdbStore(practiceId, { key: next, previousKey: key, factory });
    expect(stateOf(await resumed.readDoc('d/x'))).toEqual(doc.getMap('m').toJSON());
    resumed.close();
    const alone = await openIdbStore(practiceId, { key: next, factory });
    expect(stateOf(await alone.readDoc('d/x'))).toEqual(doc.getMap('m').toJSON());
    expect(alone.unreadable).toBe(0);
  });
});
