/**
 * The embedded default: SQLite in WAL mode under the data directory. Appends commit before
 * they resolve; with `synchronous=FULL` (the default) each commit is fsynced, so a confirmed
 * update survives a power cut, not only a crash.
 *
 * Group commit: appends that arrive while a commit runs (SQLite blocks the event loop, so they
 * wait in the socket buffers) are written together in the next commit, one transaction and one
 * fsync for all of them, each resolving with its own sequence number once that commit is done.
 * Under a steady stream of edits this keeps the fsync count near one per event-loop turn instead
 * of one per update. Reads flush what is pending first, so a read never misses an append that
 * was handed over before it.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { practiceOf, type DocStorage } from './storage.ts';

export type SqliteStorageOptions = {
  file: string;
  synchronous?: 'FULL' | 'NORMAL';
};

const SCHEMA = `
CREATE TABLE IF NOT EXISTS updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  doc TEXT NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS updates_by_doc ON updates (doc, seq);
CREATE TABLE IF NOT EXISTS docs (
  doc TEXT PRIMARY KEY,
  practice TEXT NOT NULL,
  last_seq INTEGER NOT NULL,
  entries INTEGER NOT NULL,
  state_vector BLOB
);
CREATE INDEX IF NOT EXISTS docs_by_practice ON docs (practice, last_seq);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

export function createSqliteStorage(options: SqliteStorageOptions): DocStorage & { db: Database.Database } {
  mkdirSync(dirname(options.file), { recursive: true });
  const db = new Database(options.file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);

  const insert = db.prepare<[string, Uint8Array]>('INSERT INTO updates (doc, data) VALUES (?, ?)');
  const upsertDoc = db.prepare<[string, string, number, Uint8Array | null]>(
    `INSERT INTO docs (doc, practice, last_seq, entries, state_vector) VALUES (?, ?, ?, 1, ?)
     ON CONFLICT (doc) DO UPDATE SET last_seq = excluded.last_seq, entries = entries + 1,
       state_vector = excluded.state_vector`,
  );
  const selectVector = db.prepare<[string], { state_vector: Buffer | null }>(
    'SELECT state_vector FROM docs WHERE doc = ?',
  );
  const setVector = db.prepare<[Uint8Array, string]>('UPDATE docs SET state_vector = ? WHERE doc = ?');
  const selectLog = db.prepare<[string], { seq: number; data: Buffer }>(
    'SELECT seq, data FROM updates WHERE doc = ? ORDER BY seq',
  );
  const selectChanged = db.prepare<[string, number], { doc: string }>(
    'SELECT doc FROM docs WHERE practice = ? AND last_seq > ? ORDER BY doc',
  );
  const selectMaxSeq = db.prepare<[], { seq: number | null }>('SELECT MAX(seq) AS seq FROM updates');
  const selectEntries = db.prepare<[string], { entries: number }>('SELECT entries FROM docs WHERE doc = ?');
  const deleteUpTo = db.prepare<[string, number]>('DELETE FROM updates WHERE doc = ? AND seq <= ?');
  const insertAt = db.prepare<[number, string, Uint8Array]>(
    'INSERT INTO updates (seq, doc, data) VALUES (?, ?, ?)',
  );
  const setEntries = db.prepare<[number, string]>('UPDATE docs SET entries = ? WHERE doc = ?');
  const getSetting = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const putSetting = db.prepare<[string, string]>(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );

  type Pending = {
    docName: string;
    update: Uint8Array;
    stateVector: Uint8Array | null;
    resolve: (seq: number) => void;
    reject: (error: unknown) => void;
  };
  const appendAllTx = db.transaction((items: readonly Pending[]): number[] =>
    items.map(({ docName, update, stateVector }) => {
      const seq = Number(insert.run(docName, update).lastInsertRowid);
      upsertDoc.run(docName, practiceOf(docName), seq, stateVector);
      return seq;
    }),
  );
  let pending: Pending[] = [];
  let flushScheduled = false;
  /** Commits every pending append in one transaction, then settles each. */
  function flush(): void {
    flushScheduled = false;
    if (pending.length === 0) return;
    const items = pending;
    pending = [];
    let seqs: number[];
    try {
      seqs = appendAllTx(items);
    } catch (error) {
      for (const item of items) item.reject(error);
      return;
    }
    items.forEach((item, i) => item.resolve(seqs[i]!));
  }

  // Replaces the log with one merged entry that keeps the last seq, so catalog cursors are unaffected.
  const compactTx = db.transaction((docName: string) => {
    const rows = selectLog.all(docName);
    if (rows.length < 2) return;
    const lastSeq = rows.at(-1)!.seq;
    const merged = Y.mergeUpdates(rows.map((r) => new Uint8Array(r.data)));
    deleteUpTo.run(docName, lastSeq);
    insertAt.run(lastSeq, docName, merged);
    setEntries.run(1, docName);
  });

  return {
    db,
    append(docName, update, stateVector) {
      return new Promise<number>((resolve, reject) => {
        pending.push({ docName, update, stateVector: stateVector ?? null, resolve, reject });
        if (!flushScheduled) {
          flushScheduled = true;
          // After the I/O callbacks of this turn: everything that arrived meanwhile joins in.
          setImmediate(flush);
        }
      });
    },
    async load(docName) {
      flush();
      const rows = selectLog.all(docName);
      if (rows.length === 0) return null;
      const update =
        rows.length === 1
          ? new Uint8Array(rows[0]!.data)
          : Y.mergeUpdates(rows.map((r) => new Uint8Array(r.data)));
      const kept = selectVector.get(docName)?.state_vector;
      if (kept) return { update, stateVector: new Uint8Array(kept) };
      const stateVector = Y.encodeStateVectorFromUpdate(update);
      setVector.run(stateVector, docName);
      return { update, stateVector };
    },
    async changedSince(practiceId, since) {
      flush();
      const cursor = selectMaxSeq.get()?.seq ?? 0;
      return { cursor, docs: selectChanged.all(practiceId, since).map((r) => r.doc) };
    },
    async compact(docName) {
      flush();
      compactTx(docName);
    },
    async entryCount(docName) {
      flush();
      return selectEntries.get(docName)?.entries ?? 0;
    },
    async getSetting(key) {
      return getSetting.get(key)?.value ?? null;
    },
    async setSetting(key, value) {
      putSetting.run(key, value);
    },
    async close() {
      flush();
      if (db.open) db.close();
    },
  };
}
