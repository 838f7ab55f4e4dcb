/**
 * Test helpers for the projection: a scripted sync feed, a device whose documents are written to
 * the in-memory replica store as a sync client would (write, then tell), and small sources over
 * plain counters so the engine's interleavings can be explored quickly.
 */
import * as Y from 'yjs';
import { createMemoryReplicaStore, type ReplicaStore } from '../sync/replica-store.ts';
import type { SyncStatus } from '../sync/sync-client.ts';
import { docName, parseDocName, type DocKind } from '../documents/doc-names.ts';
import type { ProjectionFeed } from './projection-engine.ts';
import type { AnySource, ProjectionContext, ProjectionSource } from './projection-source.ts';

export const PRACTICE = 'prc_proj000000000001';

export const baseStatus = (): SyncStatus => ({
  connection: 'offline',
  problem: null,
  unconfirmed: 0,
  unconfirmedBookkeeping: 0,
  refused: 0,
  lastConfirmedAt: null,
  oldestUnconfirmedAt: null,
  replication: { total: 0, done: 0 },
});

/** What a `SyncClient` tells the projection, driven by the test. */
export class ScriptedFeed implements ProjectionFeed {
  status = baseStatus();
  before = false;
  #stored = new Set<(name: string) => void>();
  #status = new Set<(status: SyncStatus) => void>();
  #caughtUp = false;
  #waiting: (() => void)[] = [];

  onDocStored(listener: (name: string) => void) {
    this.#stored.add(listener);
    return () => this.#stored.delete(listener);
  }
  onStatus(listener: (status: SyncStatus) => void) {
    this.#status.add(listener);
    listener(this.status);
    return () => this.#status.delete(listener);
  }
  whenReplicated() {
    if (this.#caughtUp) return Promise.resolve();
    return new Promise<void>((resolve) => this.#waiting.push(resolve));
  }
  async replicatedBefore() {
    return this.before;
  }
  stored(name: string) {
    for (const listener of this.#stored) listener(name);
  }
  setStatus(patch: Partial<SyncStatus>) {
    this.status = { ...this.status, ...patch };
    for (const listener of this.#status) listener(this.status);
  }
  /** Every listed document is stored: the catch-up is done. */
  catchUp() {
    this.#caughtUp = true;
    for (const resolve of this.#waiting.splice(0)) resolve();
  }
  /** A new connection: its catalog is not yet caught up. */
  reconnect() {
    this.#caughtUp = false;
  }
}

/** A device's replica: documents change, are written to the store, and the feed is told. */
export class Device {
  readonly store: ReplicaStore = createMemoryReplicaStore();
  readonly feed = new ScriptedFeed();
  readonly #docs = new Map<string, Y.Doc>();

  /**
   * Changes a document and stores the change, as an arriving or local update would be. With
   * `tell: false` the feed is not told (the app stopped between the two: a crash).
   */
  async write(name: string, change: (doc: Y.Doc) => void, options: { tell?: boolean } = {}): Promise<void> {
    let doc = this.#docs.get(name);
    if (!doc) this.#docs.set(name, (doc = new Y.Doc()));
    const before = Y.encodeStateVector(doc);
    change(doc);
    await this.store.append(name, Y.encodeStateAsUpdate(doc, before));
    if (options.tell !== false) this.feed.stored(name);
  }
}

/** A projection computed from scratch: every stored document's keys, each computed once. */
export async function projectFromScratch(
  store: ReplicaStore,
  source: AnySource,
  context: ProjectionContext,
  practiceId = PRACTICE,
): Promise<Map<string, unknown>> {
  const keys = new Set<string>();
  for (const name of await store.docNames()) {
    const address = parseDocName(name);
    if (!address || address.practiceId !== practiceId || !source.kinds.includes(address.kind)) continue;
    const key = source.keyOf ? source.keyOf(address) : address.key;
    if (key) keys.add(key);
  }
  const out = new Map<string, unknown>();
  for (const key of [...keys].sort()) {
    const docs = await Promise.all(
      source.docsOf(practiceId, key).map(async (name) => {
        const doc = new Y.Doc();
        const updates = await store.readDoc(name);
        if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates));
        return doc;
      }),
    );
    const value = source.project(docs, key, context);
    if (value !== null) out.set(key, value);
  }
  return out;
}

// --- counter sources ------------------------------------------------------------------------

/** Adds a number to a counter document (a `Y.Array` of numbers). */
export const push = (n: number) => (doc: Y.Doc) => doc.getArray<number>('n').push([n]);
const numbers = (doc: Y.Doc) => doc.getArray<number>('n').toArray();

export const counterName = (kind: DocKind, key: string) => docName({ practiceId: PRACTICE, kind, key });

/** Like the cases source: two documents per patient (chart, comms), kept in shards. */
export const pairSource: ProjectionSource<{ chart: number[]; comms: number }> = {
  name: 'pairs',
  kinds: ['chart', 'comms'],
  docsOf: (practiceId, key) => [
    docName({ practiceId, kind: 'chart', key }),
    docName({ practiceId, kind: 'comms', key }),
  ],
  project([chart, comms]) {
    const c = numbers(chart!);
    const m = numbers(comms!);
    return c.length + m.length === 0 ? null : { chart: c, comms: m.reduce((a, b) => a + b, 0) };
  },
  storage: { kind: 'shards', count: 3 },
};

/** Like the accounts source: the value depends on today. */
export const datedSource: ProjectionSource<{ total: number; asOf: string }> = {
  name: 'dated',
  kinds: ['ledger'],
  docsOf: (practiceId, key) => [docName({ practiceId, kind: 'ledger', key })],
  project([doc], _key, context) {
    const n = numbers(doc!);
    return n.length === 0 ? null : { total: n.reduce((a, b) => a + b, 0), asOf: context.today };
  },
  contextKey: (context) => context.today,
  storage: { kind: 'shards', count: 2 },
};

/** Like the appointments source: one record per key, loaded when retained. */
export const weekSource: ProjectionSource<number[]> = {
  name: 'weeks',
  kinds: ['insurance'],
  docsOf: (practiceId, key) => [docName({ practiceId, kind: 'insurance', key })],
  project([doc]) {
    const n = numbers(doc!);
    return n.length === 0 ? null : n;
  },
  storage: { kind: 'per-key' },
  batch: 2,
};

export const COUNTER_SOURCES = [pairSource, datedSource, weekSource] as AnySource[];

/** Lets every timer and promise queued so far run (the engine defers its work to macrotasks). */
export async function settle(turns = 1): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
}
