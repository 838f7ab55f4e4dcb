import { mkdtempSync, rmSync } from 'node:fs';
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
});
