/**
 * Online backup of the relay's SQLite database: a consistent copy taken while the relay keeps
 * running and writing (SQLite's backup API copies a snapshot page by page; WAL mode lets the
 * relay write meanwhile). The copy is checked before it is reported as good.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';

export const DATABASE_FILE = 'aligned.db';

export type BackupSummary = {
  file: string;
  bytes: number;
  documents: number;
  updates: number;
  seconds: number;
};

export async function backupDatabase(dataDir: string, outFile: string): Promise<BackupSummary> {
  const source = join(dataDir, DATABASE_FILE);
  if (!existsSync(source)) throw new Error(`no database at ${source}`);
  if (existsSync(outFile)) throw new Error(`${outFile} exists; choose a new file name`);
  mkdirSync(dirname(outFile), { recursive: true });
  const started = performance.now();
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(outFile);
  } finally {
    db.close();
  }
  const copy = new Database(outFile, { readonly: true, fileMustExist: true });
  try {
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`the backup failed its integrity check: ${String(check)}`);
    const documents = (copy.prepare('SELECT COUNT(*) AS n FROM docs').get() as { n: number }).n;
    const updates = (copy.prepare('SELECT COUNT(*) AS n FROM updates').get() as { n: number }).n;
    const bytes = (
      copy
        .prepare('SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()')
        .get() as { n: number }
    ).n;
    return { file: outFile, bytes, documents, updates, seconds: (performance.now() - started) / 1000 };
  } finally {
    copy.close();
  }
}
