/** In-memory storage for unit tests: the same contract as SQLite, nothing survives the process. */
import * as Y from 'yjs';
import { practiceOf, type DocStorage } from './storage.ts';

type Entry = { seq: number; data: Uint8Array };

export function createMemoryStorage(): DocStorage {
  const logs = new Map<string, Entry[]>();
  const vectors = new Map<string, Uint8Array>();
  const settings = new Map<string, string>();
  let seq = 0;
  let closed = false;
  const ensureOpen = () => {
    if (closed) throw new Error('storage is closed');
  };

  return {
    async append(docName, update, stateVector) {
      ensureOpen();
      seq += 1;
      const log = logs.get(docName) ?? [];
      log.push({ seq, data: update.slice() });
      logs.set(docName, log);
      if (stateVector) vectors.set(docName, stateVector.slice());
      else vectors.delete(docName);
      return seq;
    },
    async load(docName) {
      ensureOpen();
      const log = logs.get(docName);
      if (!log || log.length === 0) return null;
      const update = log.length === 1 ? log[0]!.data.slice() : Y.mergeUpdates(log.map((e) => e.data));
      let stateVector = vectors.get(docName);
      if (!stateVector) vectors.set(docName, (stateVector = Y.encodeStateVectorFromUpdate(update)));
      return { update, stateVector: stateVector.slice() };
    },
    async changedSince(practiceId, since) {
      ensureOpen();
      const docs: string[] = [];
      for (const [name, log] of logs) {
        if (practiceOf(name) === practiceId && (log.at(-1)?.seq ?? 0) > since) docs.push(name);
      }
      return { cursor: seq, docs: docs.sort() };
    },
    async compact(docName) {
      ensureOpen();
      const log = logs.get(docName);
      if (!log || log.length < 2) return;
      logs.set(docName, [{ seq: log.at(-1)!.seq, data: Y.mergeUpdates(log.map((e) => e.data)) }]);
    },
    async entryCount(docName) {
      return logs.get(docName)?.length ?? 0;
    },
    async getSetting(key) {
      return settings.get(key) ?? null;
    },
    async setSetting(key, value) {
      settings.set(key, value);
    },
    async close() {
      closed = true;
    },
  };
}
