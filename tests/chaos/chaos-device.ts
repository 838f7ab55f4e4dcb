/**
 * One simulated device of the chaos test: the real SyncClient over the real encrypted IndexedDB
 * replica (web/src/lib/sync/idb-store.ts) on fake-indexeddb, through a recording layer that
 * knows which of the device's own updates the relay confirmed, and that can lose the writes
 * IndexedDB had not committed when the device crashes.
 */
import { IDBFactory } from 'fake-indexeddb';
// IDBKeyRange and friends as globals, as in a browser.
import 'fake-indexeddb/auto';
import * as Y from 'yjs';
import {
  MergeFollower,
  PRACTICE_SOURCES,
  ProjectionEngine,
  SyncClient,
  createAgingIndex,
  generateDataKey,
  ledgerDocName,
  parseDocName,
  readLedger,
  type AgingIndex,
  type DataKey,
  type OutboxEntry,
  type ProjectionContext,
  type ReplicaStore,
  type SocketLike,
} from '@aligned/shared';
import { openIdbStore, type EncryptedReplicaStore } from '../../web/src/lib/sync/idb-store.ts';
import { carryInto, mergesOn } from './chaos-commands.ts';

/** The aging index's day: far enough ahead that every simulated entry counts. */
export const AGING_AS_OF = '2027-12-31';
/** The device projection's context: the same day as the aging index, the default payment settings. */
export const PROJECTION_CONTEXT: ProjectionContext = { today: AGING_AS_OF, paymentSettings: {} };

type Held = { run: () => Promise<void>; reject: (error: unknown) => void };
/** How long appends wait before IndexedDB has them, in turn. */
const COMMIT_DELAYS_MS = [0, 2, 1, 6, 0, 12];

/**
 * Between the app and IndexedDB: appends wait here until the world lets them through (a
 * browser commits a moment after it is asked), so a crash loses the ones still waiting.
 */
function recordingStore(inner: ReplicaStore, device: Device) {
  let held: Held[] = [];
  let delays = 0;
  let crashed = false;
  const store: ReplicaStore & {
    release(fraction: number, chance: () => number): Promise<void>;
    crash(): void;
  } = {
    append(doc, update, entry) {
      if (crashed) return Promise.reject(new Error('device crashed'));
      if (entry) device.pendingOwn.set(entry.id, { doc, update: update.slice() });
      return new Promise<void>((resolve, reject) => {
        let ran = false;
        const item: Held = {
          run: () => {
            if (ran || crashed) return Promise.resolve();
            // IndexedDB commits in order: everything asked for before this goes first.
            const through = held.indexOf(item);
            const before = held.splice(0, through + 1);
            before.pop();
            ran = true;
            return Promise.all([
              ...before.map((h) => h.run()),
              inner.append(doc, update, entry).then(resolve, reject),
            ]).then(() => undefined);
          },
          reject,
        };
        held.push(item);
        // Committed a few milliseconds later (a reader of the document waits for it).
        setTimeout(() => void item.run(), COMMIT_DELAYS_MS[delays++ % COMMIT_DELAYS_MS.length]);
      });
    },
    readDoc: (doc) => (crashed ? Promise.reject(new Error('device crashed')) : inner.readDoc(doc)),
    readOutbox: () => inner.readOutbox(),
    async removeOutbox(ids) {
      if (crashed) throw new Error('device crashed');
      await inner.removeOutbox(ids);
      for (const id of ids) {
        const own = device.pendingOwn.get(id);
        if (own) device.confirmed.push(own);
        device.pendingOwn.delete(id);
      }
    },
    docNames: () => inner.docNames(),
    getMeta: (key) => inner.getMeta(key),
    setMeta: (key, value) =>
      crashed ? Promise.reject(new Error('device crashed')) : inner.setMeta(key, value),
    /** Hands some (or all) waiting appends to IndexedDB, in order. */
    async release(fraction, chance) {
      const count = fraction >= 1 ? held.length : Math.floor(held.length * fraction * chance());
      await Promise.all(held.slice(0, count).map((h) => h.run()));
    },
    crash() {
      crashed = true;
      const lost = held;
      held = [];
      device.lostWrites += lost.length;
      for (const h of lost) h.reject(new Error('device crashed'));
    },
  };
  return store;
}

export type DeviceOptions = {
  index: number;
  practiceId: string;
  /** Writes records with a field this version does not know (an older build's leftovers). */
  oldVersion: boolean;
  connect: (device: Device) => SocketLike;
};

export class Device {
  readonly name: string;
  readonly deviceId: string;
  readonly userId: string;
  readonly factory = new IDBFactory();
  readonly practiceId: string;
  readonly oldVersion: boolean;
  key!: DataKey;
  generation = 0;
  sync!: SyncClient;
  store!: ReturnType<typeof recordingStore>;
  #idb: EncryptedReplicaStore | null = null;
  #connect: (device: Device) => SocketLike;
  #stopListening: (() => void) | null = null;
  #refreshing: Promise<void> = Promise.resolve();
  /** Carries of merged-away records' changes into survivors, in turn (the app's carryOnArrival). */
  #carrying: Promise<void> = Promise.resolve();
  #stopCarrying: (() => void) | null = null;

  /** Partitioned: no connection can be made. */
  partitioned = false;
  /** Offline stretch: the app paused sync (the browser said offline). */
  offline = false;
  /** This device's own updates with an outbox entry, by entry id, until the relay confirms them. */
  pendingOwn = new Map<number, { doc: string; update: Uint8Array }>();
  /** Own updates the relay confirmed as stored (STORED), which must be at the relay at the end. */
  confirmed: { doc: string; update: Uint8Array }[] = [];
  lostWrites = 0;
  reloads = 0;
  /** Practice aging kept current from stored ledger changes, as the app's projection does. */
  aging: AgingIndex = createAgingIndex(AGING_AS_OF);
  /**
   * The app's device projection (board, Today, Billing, worklists, recovery lists), run as the app
   * runs it: started from what it saved before sync starts, re-checked once per session, saved
   * shortly after each change, and lost with the tab when the device crashes.
   */
  projection: ProjectionEngine | null = null;

  constructor(options: DeviceOptions) {
    this.name = `device-${options.index}`;
    this.deviceId = `dev_chaos${String(options.index).padStart(11, '0')}`;
    this.userId = `stf_chaos${String(options.index).padStart(11, '0')}`;
    this.practiceId = options.practiceId;
    this.oldVersion = options.oldVersion;
    this.#connect = options.connect;
  }

  /** Opens the replica and starts syncing; `beforeStart` runs with documents open, as the app does. */
  async boot(beforeStart?: (device: Device) => Promise<void>): Promise<void> {
    this.key ??= await generateDataKey();
    this.#idb = await openIdbStore(this.practiceId, { key: this.key, factory: this.factory });
    // What survived: only outbox entries still stored can be confirmed later.
    const stored = new Set((await this.#idb.readOutbox()).map((e: OutboxEntry) => e.id));
    for (const id of [...this.pendingOwn.keys()]) if (!stored.has(id)) this.pendingOwn.delete(id);
    this.store = recordingStore(this.#idb, this);
    const generation = this.generation;
    this.sync = new SyncClient({
      store: this.store,
      openSocket: () => this.#connect(this),
      minBackoffMs: 2,
      maxBackoffMs: 40,
      window: 16,
      now: () => new Date().toISOString(),
    });
    void generation;
    this.projection = new ProjectionEngine({
      store: this.store,
      feed: this.sync,
      practiceId: this.practiceId,
      build: 'chaos',
      sources: PRACTICE_SOURCES,
      context: () => PROJECTION_CONTEXT,
      batch: 8,
      saveDelayMs: 3,
      recheckDelayMs: 0,
    });
    await this.projection.start();
    // The app's session re-check (after a crash a stored change may be missing from the save).
    void this.projection.recheck();
    await this.rebuildAging();
    this.#stopListening = this.sync.onDocStored((name) => {
      const address = parseDocName(name);
      if (address?.kind === 'ledger' && address.key) {
        const familyId = address.key;
        this.#refreshing = this.#refreshing.then(() => this.refreshAccount(familyId)).catch(() => undefined);
      }
    });
    this.#followMerges();
    if (beforeStart) await beforeStart(this);
    await this.sync.start();
    if (this.offline) this.sync.pause();
  }

  /** Crashes the tab: connections cut by the world first, writes not yet committed lost. */
  async crash(): Promise<void> {
    this.generation += 1;
    this.projection?.destroy();
    this.#stopCarrying?.();
    this.store.crash();
    this.#stopListening?.();
    await this.sync.stop();
    this.#idb?.close();
    this.#idb = null;
    this.reloads += 1;
  }

  /**
   * PAT-106 as the app does it (web/src/lib/state/carry-on-arrival.ts): each stored change to a
   * merged-away record's document, and each merge first seen, is carried into the survivor.
   */
  #followMerges() {
    const follower = new MergeFollower();
    let resolved: ReadonlyMap<string, string> | null = null;
    this.#stopCarrying = this.sync.onDocStored((name) => {
      this.#carrying = this.#carrying
        .then(async () => {
          if (resolved === null || parseDocName(name)?.kind === 'patients') resolved = await mergesOn(this);
          for (const carry of follower.noteStored(name, resolved))
            await carryInto(this, carry.survivorId, [carry.aliasId]);
        })
        .catch(() => undefined);
    });
  }

  /** Resolves once the aging index has taken in every change stored so far, and every carry ran. */
  async idle(): Promise<void> {
    let before: Promise<void>;
    do {
      before = this.#carrying;
      await Promise.all([this.#refreshing, before]);
    } while (before !== this.#carrying);
  }

  async release(fraction: number, chance: () => number) {
    await this.store.release(fraction, chance);
  }

  async readDoc(name: string): Promise<Y.Doc> {
    const doc = new Y.Doc();
    const updates = await this.store.readDoc(name);
    if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates));
    return doc;
  }

  async refreshAccount(familyId: string) {
    const doc = await this.readDoc(ledgerDocName(this.practiceId, familyId));
    this.aging.setAccount(familyId, readLedger(doc).entries);
    doc.destroy();
  }

  /** After a reload the app's memory is gone: the index is rebuilt from what is stored. */
  async rebuildAging() {
    this.aging = createAgingIndex(AGING_AS_OF);
    for (const name of await this.#idb!.docNames()) {
      const address = parseDocName(name);
      if (address?.kind === 'ledger' && address.key) await this.refreshAccount(address.key);
    }
  }

  get idb(): EncryptedReplicaStore {
    if (!this.#idb) throw new Error(`${this.name} is not running`);
    return this.#idb;
  }
}
