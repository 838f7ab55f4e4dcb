/**
 * The contract every DocStorage adapter passes. Each adapter's test file calls
 * `describeStorageContract` with a factory; the same sentences run against each.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { DocStorage, StoredDoc } from './storage.ts';

const P = 'prc_contract00000001';
const Q = 'prc_contract00000002';

function textUpdate(doc: Y.Doc, text: string): Uint8Array {
  const updates: Uint8Array[] = [];
  const capture = (u: Uint8Array) => updates.push(u);
  doc.on('update', capture);
  doc.getText('t').insert(doc.getText('t').length, text);
  doc.off('update', capture);
  return updates[0]!;
}

function textOf(stored: StoredDoc | null): string {
  const doc = new Y.Doc();
  if (stored) Y.applyUpdate(doc, stored.update);
  return doc.getText('t').toString();
}

export function describeStorageContract(name: string, create: () => Promise<DocStorage> | DocStorage) {
  describe(`${name} storage contract`, () => {
    it('loads null for a document that was never written', async () => {
      const storage = await create();
      expect(await storage.load(`${P}/patients`)).toBeNull();
      await storage.close();
    });

    it('loads exactly what was appended, merged, in order', async () => {
      const storage = await create();
      const doc = new Y.Doc();
      await storage.append(`${P}/patients`, textUpdate(doc, 'hello '));
      await storage.append(`${P}/patients`, textUpdate(doc, 'world'));
      expect(textOf(await storage.load(`${P}/patients`))).toBe('hello world');
      await storage.close();
    });

    it('gives increasing sequence numbers across documents', async () => {
      const storage = await create();
      const a = await storage.append(`${P}/patients`, textUpdate(new Y.Doc(), 'a'));
      const b = await storage.append(`${P}/practice`, textUpdate(new Y.Doc(), 'b'));
      const c = await storage.append(`${P}/patients`, textUpdate(new Y.Doc(), 'c'));
      expect(a).toBeLessThan(b);
      expect(b).toBeLessThan(c);
      await storage.close();
    });

    it('lists the documents of one practice changed after a cursor, and never another practice', async () => {
      const storage = await create();
      await storage.append(`${P}/patients`, textUpdate(new Y.Doc(), 'a'));
      const mid = await storage.append(`${P}/practice`, textUpdate(new Y.Doc(), 'b'));
      await storage.append(`${Q}/patients`, textUpdate(new Y.Doc(), 'other practice'));
      const last = await storage.append(`${P}/chart/pat_0123456789abcdef`, textUpdate(new Y.Doc(), 'c'));

      const all = await storage.changedSince(P, 0);
      expect(all.docs.sort()).toEqual([`${P}/chart/pat_0123456789abcdef`, `${P}/patients`, `${P}/practice`]);
      expect(all.cursor).toBe(last);
      expect((await storage.changedSince(P, mid)).docs).toEqual([`${P}/chart/pat_0123456789abcdef`]);
      expect((await storage.changedSince(P, last)).docs).toEqual([]);
      expect((await storage.changedSince(Q, 0)).docs).toEqual([`${Q}/patients`]);
      await storage.close();
    });

    it('compaction leaves one entry, the same content and the same cursor position', async () => {
      const storage = await create();
      const doc = new Y.Doc();
      let last = 0;
      for (const word of ['one ', 'two ', 'three'])
        last = await storage.append(`${P}/patients`, textUpdate(doc, word));
      expect(await storage.entryCount(`${P}/patients`)).toBe(3);
      await storage.compact(`${P}/patients`);
      expect(await storage.entryCount(`${P}/patients`)).toBe(1);
      expect(textOf(await storage.load(`${P}/patients`))).toBe('one two three');
      expect((await storage.changedSince(P, last - 1)).docs).toEqual([`${P}/patients`]);
      expect((await storage.changedSince(P, last)).docs).toEqual([]);
      const next = await storage.append(`${P}/patients`, textUpdate(doc, '!'));
      expect(next).toBeGreaterThan(last);
      expect(textOf(await storage.load(`${P}/patients`))).toBe('one two three!');
      await storage.close();
    });

    it('returns the state vector given with the last append, or computes it from the update', async () => {
      const storage = await create();
      const doc = new Y.Doc();
      await storage.append(`${P}/patients`, textUpdate(doc, 'abc'));
      const computed = await storage.load(`${P}/patients`);
      expect(computed?.stateVector).toEqual(Y.encodeStateVector(doc));
      await storage.append(`${P}/patients`, textUpdate(doc, 'def'), Y.encodeStateVector(doc));
      expect((await storage.load(`${P}/patients`))?.stateVector).toEqual(Y.encodeStateVector(doc));
      await storage.compact(`${P}/patients`);
      expect((await storage.load(`${P}/patients`))?.stateVector).toEqual(Y.encodeStateVector(doc));
      await storage.close();
    });

    it('keeps settings', async () => {
      const storage = await create();
      expect(await storage.getSetting('dev.practiceId')).toBeNull();
      await storage.setSetting('dev.practiceId', P);
      await storage.setSetting('dev.practiceId', Q);
      expect(await storage.getSetting('dev.practiceId')).toBe(Q);
      await storage.close();
    });
  });
}
