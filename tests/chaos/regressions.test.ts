/**
 * The bugs the chaos test found, each pinned down without randomness (the seeds that found them
 * are replayed in chaos.test.ts as well).
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { SyncClient, createMemoryReplicaStore, localOrigin, type SocketLike } from '@aligned/shared';
import { silentLogger } from '@aligned/sync-server/src/logger.ts';
import { createMemoryStorage } from '@aligned/sync-server/src/storage/memory-storage.ts';
import { createSyncHub } from '@aligned/sync-server/src/sync-hub.ts';
import { principalFor, socketTo } from '@aligned/sync-server/src/test-support/socket-pair.ts';

const silentSocket = (): SocketLike => ({
  binaryType: 'arraybuffer',
  readyState: 0,
  send() {},
  close() {},
  onopen: null,
  onclose: null,
  onmessage: null,
  onerror: null,
});

function updateOf(key: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('m').set(key, 1);
  return Y.encodeStateAsUpdate(doc);
}

describe('sync client regressions found by the chaos test', () => {
  it('SYNC-27: a change made before start never takes the id of a change stored in an earlier session', async () => {
    const store = createMemoryReplicaStore();
    // The previous session left a change to document A unconfirmed.
    await store.append('prc_chaos0000000001/comms/pat_a', updateOf('a'), {
      id: 1,
      doc: 'prc_chaos0000000001/comms/pat_a',
      createdAt: '2026-03-02T10:00:00.000Z',
    });
    // The app opens a document and records a change before sync starts (a reload).
    const sync = new SyncClient({ store, openSocket: silentSocket });
    const live = await sync.open('prc_chaos0000000001/comms/pat_b');
    live.doc.transact(() => live.doc.getMap('m').set('b', 1), localOrigin('stf_a', 'dev_a'));
    live.release();
    await sync.start();
    await sync.flush();
    const outbox = await store.readOutbox();
    expect(outbox.map((e) => e.doc).sort()).toEqual([
      'prc_chaos0000000001/comms/pat_a',
      'prc_chaos0000000001/comms/pat_b',
    ]);
    expect(new Set(outbox.map((e) => e.id)).size).toBe(2);
    expect(sync.status.unconfirmed).toBe(2);
    await sync.stop();
  });

  it('SYNC-27: changes made before start are counted and kept after those of earlier sessions', async () => {
    const store = createMemoryReplicaStore();
    for (const id of [4, 9])
      await store.append(`prc_chaos0000000001/chart/pat_${id}`, updateOf(`k${id}`), {
        id,
        doc: `prc_chaos0000000001/chart/pat_${id}`,
        createdAt: '2026-03-02T10:00:00.000Z',
      });
    const sync = new SyncClient({ store, openSocket: silentSocket });
    const live = await sync.open('prc_chaos0000000001/patients');
    for (const key of ['x', 'y'])
      live.doc.transact(() => live.doc.getMap('m').set(key, 1), localOrigin('stf_a', 'dev_a'));
    live.release();
    await sync.start();
    await sync.flush();
    const ids = (await store.readOutbox()).map((e) => e.id).sort((a, b) => a - b);
    expect(ids).toEqual([4, 9, 10, 11]);
    expect(sync.status.unconfirmed).toBe(4);
    await sync.stop();
  });

  it('SYNC-28: a storage read that fails during a handshake is retried; the catalog waits for it', async () => {
    const practice = 'prc_chaos0000000001';
    const name = `${practice}/comms/pat_retry0000000001`;
    const hub = createSyncHub({ storage: createMemoryStorage(), logger: silentLogger });
    const writer = new SyncClient({
      store: createMemoryReplicaStore(),
      openSocket: () => socketTo(hub, principalFor(practice)),
    });
    await writer.start();
    const live = await writer.open(name);
    live.doc.transact(() => live.doc.getMap('m').set('from-relay', 1), localOrigin('stf_a', 'dev_a'));
    await writer.whenConfirmed();
    live.release();

    // The reader already holds an older copy of the document; its first read of it fails.
    const inner = createMemoryReplicaStore();
    await inner.append(name, updateOf('old'));
    let failures = 0;
    const store = {
      ...inner,
      async readDoc(doc: string) {
        if (doc === name && failures === 0) {
          failures += 1;
          throw new Error('disk hiccup');
        }
        return inner.readDoc(doc);
      },
    };
    const reader = new SyncClient({ store, openSocket: () => socketTo(hub, principalFor(practice)) });
    const problems: (string | null)[] = [];
    reader.onStatus((s) => problems.push(s.problem));
    await reader.start();
    await reader.whenReplicated();
    expect(failures).toBe(1);
    expect(problems.some((p) => p?.includes('disk hiccup'))).toBe(true);
    const doc = new Y.Doc();
    for (const u of await inner.readDoc(name)) Y.applyUpdate(doc, u);
    expect(doc.getMap('m').toJSON()).toEqual({ old: 1, 'from-relay': 1 });
    await Promise.all([writer.stop(), reader.stop()]);
    await hub.close();
  });

  it('SYNC-29: a change made while a handshake reads the stored copy is sent, not left waiting for the next connection', async () => {
    const practice = 'prc_chaos0000000001';
    const name = `${practice}/chart/pat_race00000000001`;
    const hub = createSyncHub({ storage: createMemoryStorage(), logger: silentLogger });
    const inner = createMemoryReplicaStore();
    // An unsent change from an earlier session: the handshake must send it, reading the stored copy.
    await inner.append(name, updateOf('earlier'), {
      id: 1,
      doc: name,
      createdAt: '2026-03-02T10:00:00.000Z',
    });
    let reads = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let gated: () => void = () => undefined;
    const reached = new Promise<void>((resolve) => (gated = resolve));
    const store = {
      ...inner,
      async readDoc(doc: string) {
        // The second read of the document is the handshake's (the first gave its state vector).
        if (doc === name && ++reads === 2) {
          gated();
          await gate;
        }
        return inner.readDoc(doc);
      },
    };
    const sync = new SyncClient({ store, openSocket: () => socketTo(hub, principalFor(practice)) });
    await sync.start();
    await reached;
    // While the handshake waits on storage, someone opens the document and edits it.
    const live = await sync.open(name);
    live.doc.transact(() => live.doc.getMap('m').set('during', 1), localOrigin('stf_a', 'dev_a'));
    release();
    await sync.whenConfirmed();
    expect(sync.status.unconfirmed).toBe(0);
    const reader = new SyncClient({
      store: createMemoryReplicaStore(),
      openSocket: () => socketTo(hub, principalFor(practice)),
    });
    await reader.start();
    const copy = await reader.open(name);
    await reader.whenSynced(name);
    expect(copy.doc.getMap('m').toJSON()).toEqual({ earlier: 1, during: 1 });
    copy.release();
    live.release();
    await Promise.all([sync.stop(), reader.stop()]);
    await hub.close();
  });
});
