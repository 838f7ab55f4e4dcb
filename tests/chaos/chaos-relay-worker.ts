/**
 * The chaos test's relay, in a worker thread of its own: the real sync hub over SQLite on the
 * test's file. A kill is `worker.terminate()`: the relay's JavaScript stops wherever it is, its
 * memory is gone, and what SQLite committed stays (each append is its own transaction). Its own
 * isolate also gives the relay's memory apart from the devices'.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { silentLogger } from '@aligned/sync-server/src/logger.ts';
import { createSqliteStorage } from '@aligned/sync-server/src/storage/sqlite-storage.ts';
import { createSyncHub, type Peer } from '@aligned/sync-server/src/sync-hub.ts';

export type ToRelay =
  | { type: 'connect'; id: number; practiceId: string; userId: string; deviceId: string }
  | { type: 'receive'; id: number; bytes: Uint8Array }
  | { type: 'disconnect'; id: number }
  | { type: 'idle'; id: number; request: number }
  | { type: 'compact'; doc: string; request: number }
  | { type: 'stats'; request: number };

export type FromRelay =
  | { type: 'send'; id: number; bytes: Uint8Array }
  | { type: 'close'; id: number; code: number; reason: string }
  | { type: 'reply'; request: number; value: unknown };

const { file } = workerData as { file: string };
const port = parentPort!;
const storage = createSqliteStorage({ file, synchronous: 'NORMAL' });
const hub = createSyncHub({
  storage,
  logger: silentLogger,
  // Small enough that compaction and unloading happen all the time.
  compactAfterEntries: 6,
  idleUnloadMs: 300,
  limits: { messagesPerSecond: 1e6, messageBurst: 1e6, bytesPerSecond: 1e9, byteBurst: 1e9 },
});
const peers = new Map<number, Peer>();
// A garbage collection before each memory sample (a worker cannot be started with --expose-gc).
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const post = (message: FromRelay) => port.postMessage(message);

port.on('message', (message: ToRelay) => {
  switch (message.type) {
    case 'connect': {
      const { id, practiceId, userId, deviceId } = message;
      peers.set(
        id,
        hub.connect(
          {
            practiceId,
            userId,
            displayName: userId,
            deviceId,
            access: (doc) => (doc.practiceId === practiceId ? 'write' : 'none'),
          },
          {
            send: (bytes) => post({ type: 'send', id, bytes: bytes.slice() }),
            close: (code, reason) => post({ type: 'close', id, code, reason }),
          },
        ),
      );
      return;
    }
    case 'receive':
      peers.get(message.id)?.receive(message.bytes);
      return;
    case 'disconnect':
      peers.get(message.id)?.disconnect();
      peers.delete(message.id);
      return;
    case 'idle':
      void (peers.get(message.id)?.idle() ?? Promise.resolve()).then(() =>
        post({ type: 'reply', request: message.request, value: null }),
      );
      return;
    case 'compact':
      void storage
        .compact(message.doc)
        .catch(() => undefined)
        .then(() => post({ type: 'reply', request: message.request, value: null }));
      return;
    case 'stats': {
      collectGarbage();
      post({
        type: 'reply',
        request: message.request,
        value: {
          heapMb: getHeapStatistics().used_heap_size / 1024 / 1024,
          loadedDocs: hub.stats().loadedDocs,
        },
      });
      return;
    }
  }
});
