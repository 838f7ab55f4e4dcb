import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { backupDatabase, DATABASE_FILE } from './backup.ts';
import { createSqliteStorage } from './sqlite-storage.ts';

const dir = mkdtempSync(join(tmpdir(), 'aligned-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function update(key: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('m').set(key, key);
  return Y.encodeStateAsUpdate(doc);
}

describe('online backup and restore', () => {
  it('copies a database that is being written to, and the copy restores every document', async () => {
    const live = join(dir, 'live');
    const storage = createSqliteStorage({ file: join(live, DATABASE_FILE) });
    const names = Array.from(
      { length: 50 },
      (_, i) => `prc_backup0000000001/chart/pat_backup${String(i).padStart(10, '0')}`,
    );
    for (const name of names) await storage.append(name, update(name));

    // Writes keep coming while the backup runs.
    let writing = true;
    let extra = 0;
    const writer = (async () => {
      while (writing) {
        await storage.append(names[extra % names.length]!, update(`extra-${extra++}`));
        await new Promise((r) => setImmediate(r));
      }
    })();
    const summary = await backupDatabase(live, join(dir, 'backups', 'copy.db'));
    writing = false;
    await writer;
    expect(summary.documents).toBe(50);
    expect(summary.updates).toBeGreaterThanOrEqual(50);

    // Restore: the backup file becomes the database of a fresh data directory.
    const restoredDir = join(dir, 'restored');
    mkdirSync(restoredDir);
    copyFileSync(summary.file, join(restoredDir, DATABASE_FILE));
    const restored = createSqliteStorage({ file: join(restoredDir, DATABASE_FILE) });
    for (const name of names) {
      const stored = await restored.load(name);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, stored!.update);
      expect(doc.getMap('m').get(name)).toBe(name);
    }
    expect((await restored.changedSince('prc_backup0000000001', 0)).docs).toHaveLength(50);
    await restored.close();
    await storage.close();
  });

  it('refuses to overwrite an existing file or to back up a missing database', async () => {
    await expect(backupDatabase(join(dir, 'nowhere'), join(dir, 'x.db'))).rejects.toThrow('no database');
    const live = join(dir, 'live2');
    const storage = createSqliteStorage({ file: join(live, DATABASE_FILE) });
    await storage.append('prc_backup0000000001/patients', update('a'));
    await backupDatabase(live, join(dir, 'once.db'));
    await expect(backupDatabase(live, join(dir, 'once.db'))).rejects.toThrow('exists');
    await storage.close();
  });
});
