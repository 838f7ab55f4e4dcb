import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStorage } from './sqlite-storage.ts';
import { describeStorageContract } from './storage.contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'aligned-sqlite-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeStorageContract('sqlite', () => createSqliteStorage({ file: join(dir, `contract-${n++}.db`) }));

describe('sqlite storage', () => {
  it('keeps appended updates across a reopen of the file', async () => {
    const file = join(dir, 'reopen.db');
    const first = createSqliteStorage({ file });
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    doc.getMap('m').set('k', 'v');
    await first.append('prc_0123456789abcdef/patients', updates[0]!);
    await first.close();

    const second = createSqliteStorage({ file });
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, (await second.load('prc_0123456789abcdef/patients'))!.update);
    expect(loaded.getMap('m').get('k')).toBe('v');
    expect(second.db.pragma('journal_mode', { simple: true })).toBe('wal');
    await second.close();
  });

  it('commits appends handed over together in one transaction (group commit), each with its own sequence, and reads see them at once', async () => {
    const doc = 'prc_0123456789abcdef/chart:pat_0123456789abcd';
    const updates = Array.from({ length: 50 }, (_, i) => {
      const d = new Y.Doc();
      d.getMap('m').set(`k${i}`, i);
      return Y.encodeStateAsUpdate(d);
    });
    const walBytes = (file: string) => statSync(`${file}-wal`).size;

    const groupedFile = join(dir, 'grouped.db');
    const grouped = createSqliteStorage({ file: groupedFile });
    const before = walBytes(groupedFile);
    const seqs = await Promise.all(updates.map((u) => grouped.append(doc, u)));
    const groupedGrowth = walBytes(groupedFile) - before;
    expect(new Set(seqs).size).toBe(50);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, (await grouped.load(doc))!.update);
    expect(loaded.getMap('m').size).toBe(50);

    // The same appends one at a time: one commit (and its pages in the log) each.
    const serialFile = join(dir, 'serial.db');
    const serial = createSqliteStorage({ file: serialFile });
    const serialBefore = walBytes(serialFile);
    for (const u of updates) await serial.append(doc, u);
    expect(groupedGrowth * 10).toBeLessThan(walBytes(serialFile) - serialBefore);
    await grouped.close();
    await serial.close();
  });

  it('a read right after an append it was handed sees it, before the commit was scheduled to run', async () => {
    const storage = createSqliteStorage({ file: join(dir, 'read-after.db') });
    const doc = 'prc_0123456789abcdef/patients';
    const d = new Y.Doc();
    d.getMap('m').set('k', 'v');
    const appended = storage.append(doc, Y.encodeStateAsUpdate(d));
    expect(await storage.entryCount(doc)).toBe(1);
    expect(await appended).toBeGreaterThan(0);
    await storage.close();
  });
});
