import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { openIdbStore } from './idb-store.ts';

function edits(count: number): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) doc.getMap('m').set(`k${i}`, i);
  return { doc, updates };
}

function stateOf(updates: Uint8Array[]): unknown {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc.getMap('m').toJSON();
}

describe('IndexedDB replica store', () => {
  it('returns a document’s updates in the order they were appended', async () => {
    const store = await openIdbStore('prc_idbtest000000001', new IDBFactory());
    const { doc, updates } = edits(5);
    for (const u of updates) await store.append('prc_idbtest000000001/patients', u);
    expect(stateOf(await store.readDoc('prc_idbtest000000001/patients'))).toEqual(doc.getMap('m').toJSON());
    expect(await store.readDoc('prc_idbtest000000001/practice')).toEqual([]);
  });

  it('writes appends made together in one batch and keeps them in order', async () => {
    const store = await openIdbStore('prc_idbtest000000002', new IDBFactory());
    const { doc, updates } = edits(20);
    await Promise.all(updates.map((u) => store.append('d/x', u)));
    expect(stateOf(await store.readDoc('d/x'))).toEqual(doc.getMap('m').toJSON());
  });

  it('compacts a long log into one entry without changing the document', async () => {
    const store = await openIdbStore('prc_idbtest000000003', new IDBFactory());
    const { doc, updates } = edits(200);
    for (const u of updates) await store.append('d/x', u);
    const rows = await store.readDoc('d/x');
    expect(rows.length).toBeLessThan(70);
    expect(stateOf(rows)).toEqual(doc.getMap('m').toJSON());
  });

  it('SYNC-2: writes an outbox entry with its update, and removes it when confirmed', async () => {
    const store = await openIdbStore('prc_idbtest000000004', new IDBFactory());
    const { updates } = edits(2);
    await store.append('d/x', updates[0]!, { id: 1, doc: 'd/x', createdAt: '2026-11-25T10:00:00.000Z' });
    await store.append('d/x', updates[1]!, { id: 2, doc: 'd/x', createdAt: '2026-11-25T10:00:01.000Z' });
    expect((await store.readOutbox()).map((e) => e.id)).toEqual([1, 2]);
    await store.removeOutbox([1]);
    expect((await store.readOutbox()).map((e) => e.id)).toEqual([2]);
  });

  it('survives closing and reopening the database', async () => {
    const factory = new IDBFactory();
    const first = await openIdbStore('prc_idbtest000000005', factory);
    const { doc, updates } = edits(3);
    for (const u of updates) await first.append('d/x', u);
    await first.setMeta('cursor', 42);
    first.close();
    const second = await openIdbStore('prc_idbtest000000005', factory);
    expect(stateOf(await second.readDoc('d/x'))).toEqual(doc.getMap('m').toJSON());
    expect(await second.getMeta('cursor')).toBe(42);
    expect(await second.docNames()).toEqual(['d/x']);
  });

  it('lists each stored document once', async () => {
    const store = await openIdbStore('prc_idbtest000000006', new IDBFactory());
    const { updates } = edits(3);
    await store.append('d/b', updates[0]!);
    await store.append('d/a', updates[1]!);
    await store.append('d/b', updates[2]!);
    expect(await store.docNames()).toEqual(['d/a', 'd/b']);
  });
});
