/**
 * The device projection: the small values every practice-wide list reads (the pipeline board,
 * Today, A/R and collections, insurance worklists, recovery lists), computed on this device from
 * the stored documents by its sources (projection-source.ts), kept current from every change the
 * device stores, saved in the replica store and shown from there at the next start. The rules it
 * keeps are PROJ-1… in docs/spec/sync.md.
 *
 * One worker computes keys marked dirty, a batch per task; nothing else writes a value, so a
 * re-check or a first sync cannot overwrite what was learned meanwhile (PROJ-1, PROJ-2). Every
 * list also knows whether what it shows is complete: the device has received every document the
 * relay listed at least once, and every document stored is projected (PROJ-3, PROJ-4).
 *
 * Framework-free: the browser wraps it in Svelte state (web/src/lib/state/projection.svelte.ts);
 * tests drive it with the in-memory store and a scripted feed.
 */
import * as Y from 'yjs';
import { parseDocName } from '../documents/doc-names.ts';
import type { ReplicaStore } from '../sync/replica-store.ts';
import type { ConnectionState, SyncStatus } from '../sync/sync-client.ts';
import type { AnySource, ProjectionContext, ProjectionSource } from './projection-source.ts';
import {
  MANIFEST_KEY,
  keyRecordKey,
  newManifest,
  readKeyRecord,
  readManifest,
  readShard,
  shardKey,
  shardOf,
  type Manifest,
} from './projection-snapshot.ts';

/** What the projection needs from sync (`SyncClient` is one). */
export type ProjectionFeed = {
  /** Called with a document's name after a change to it is written to the store. */
  onDocStored(listener: (name: string) => void): () => void;
  onStatus(listener: (status: SyncStatus) => void): () => void;
  /** Resolves once every document the relay listed on this connection is stored. */
  whenReplicated(): Promise<void>;
  /** Whether this device completed such a catch-up before (in an earlier session). */
  replicatedBefore(): Promise<boolean>;
};

/** Whether a list can be trusted, and if not, how far along it is (PROJ-3). */
export type ListProgress =
  | { state: 'complete' }
  /** The saved projection is being read. */
  | { state: 'starting' }
  /** A first sync: the practice's documents are still arriving (`done` of `total` this connection). */
  | { state: 'arriving'; done: number; total: number; connection: ConnectionState }
  /** Everything is here; the lists are being computed from it. */
  | { state: 'preparing'; done: number; total: number };

export type ProjectionOptions = {
  store: ReplicaStore;
  feed: ProjectionFeed;
  practiceId: string;
  /** The app build: a projection saved by another build is computed again. */
  build: string;
  sources: readonly AnySource[];
  context: () => ProjectionContext;
  /** Keys computed per task (default 50). */
  batch?: number;
  /** Runs a task later, letting the screen update in between (default: a macrotask). */
  defer?: (task: () => void) => void;
  /** How long after a change the projection is saved (default 2 s; `saveNow` when hiding). */
  saveDelayMs?: number;
  /** How long after a per-key value is first retained it is checked against its document (default 2 s). */
  recheckDelayMs?: number;
};

type Slot = {
  source: AnySource;
  perKey: boolean;
  /** Shards: every key's value. Per-key: the retained keys' values only. */
  values: Map<string, unknown>;
  /** Per key, the ticket of the computation its value came from (0: read from the saved projection). */
  tickets: Map<string, number>;
  dirty: Set<string>;
  /**
   * Dirty keys whose documents just changed on this device or arrived from the relay: computed
   * before the rest (a re-check's thousands must not hold back the card someone just added).
   */
  fresh: Set<string>;
  /** Keys that must be computed before the source is complete (PROJ-4). */
  owed: Set<string>;
  owedTotal: number;
  unsavedShards: Set<number>;
  /** Per-key: keys whose record must be written, with values not kept in memory (not retained). */
  unsaved: Map<string, unknown>;
  retained: Map<string, number>;
  /** Per-key: reads of saved values under way. */
  loads: Map<string, Promise<void>>;
  /** Per-key: retained keys computed once this session (PROJ-6). */
  rechecked: Set<string>;
  /** Keys being computed now. */
  inflight: Set<string>;
  contextKey: string;
};

export type Retained = { release(): void; loaded: Promise<void> };

const sameValue = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

export class ProjectionEngine {
  readonly #store: ReplicaStore;
  readonly #feed: ProjectionFeed;
  readonly #practiceId: string;
  readonly #build: string;
  readonly #context: () => ProjectionContext;
  readonly #batch: number;
  readonly #defer: (task: () => void) => void;
  readonly #saveDelayMs: number;
  readonly #slots = new Map<string, Slot>();
  #status: SyncStatus | null = null;
  #started = false;
  #caughtUp = false;
  #listing = false;
  /** The session's re-check has started: keys retained from now on are checked on their own. */
  #rechecking = false;
  #holding = false;
  #running = false;
  #stopped = false;
  #ticket = 0;
  #errors = 0;
  #saveTimer: ReturnType<typeof setTimeout> | null = null;
  #recheckTimer: ReturnType<typeof setTimeout> | null = null;
  readonly #recheckLater = new Set<[Slot, string]>();
  readonly #recheckDelayMs: number;
  #saving: Promise<void> = Promise.resolve();
  /** The manifest last written, as text: written again only when it would say something new. */
  #writtenManifest = '';
  #stop: (() => void)[] = [];
  #listeners = new Set<(sources: ReadonlySet<string>) => void>();
  #savedListeners = new Set<(complete: boolean) => void>();
  #idleWaiters: (() => void)[] = [];

  constructor(options: ProjectionOptions) {
    this.#store = options.store;
    this.#feed = options.feed;
    this.#practiceId = options.practiceId;
    this.#build = options.build;
    this.#context = options.context;
    this.#batch = options.batch ?? 50;
    this.#defer = options.defer ?? ((task) => void setTimeout(task, 0));
    this.#saveDelayMs = options.saveDelayMs ?? 2_000;
    this.#recheckDelayMs = options.recheckDelayMs ?? 2_000;
    for (const source of options.sources)
      this.#slots.set(source.name, {
        source,
        perKey: source.storage.kind === 'per-key',
        values: new Map(),
        tickets: new Map(),
        dirty: new Set(),
        fresh: new Set(),
        owed: new Set(),
        owedTotal: 0,
        unsavedShards: new Set(),
        unsaved: new Map(),
        retained: new Map(),
        loads: new Map(),
        rechecked: new Set(),
        inflight: new Set(),
        contextKey: '',
      });
  }

  // --- reading ------------------------------------------------------------------------------

  /** A source's values by key (`per-key` sources: the retained keys). Read-only. */
  values<V>(source: ProjectionSource<V>): ReadonlyMap<string, V> {
    return this.#slot(source.name).values as Map<string, V>;
  }

  /** Whether a source's values can be trusted as the whole practice, and progress if not. */
  progress(source: AnySource | string): ListProgress {
    const slot = this.#slot(typeof source === 'string' ? source : source.name);
    if (!this.#started) return { state: 'starting' };
    if (!this.#caughtUp) {
      const status = this.#status;
      return {
        state: 'arriving',
        done: status?.replication.done ?? 0,
        total: status?.replication.total ?? 0,
        connection: status?.connection ?? 'offline',
      };
    }
    if (this.#listing || slot.owed.size > 0)
      return { state: 'preparing', done: slot.owedTotal - slot.owed.size, total: slot.owedTotal };
    return { state: 'complete' };
  }

  /** Stored values that could not be computed (bad data from another device); the last good value stays. */
  get errors(): number {
    return this.#errors;
  }

  /** Called with the names of the sources whose values or progress changed. */
  onChange(listener: (sources: ReadonlySet<string>) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Called after each save, with whether the saved projection was complete. */
  onSaved(listener: (complete: boolean) => void): () => void {
    this.#savedListeners.add(listener);
    return () => this.#savedListeners.delete(listener);
  }

  /** Resolves when no key is waiting to be computed (tests, benchmarks). */
  whenIdle(): Promise<void> {
    if (this.#idle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  // --- life cycle ---------------------------------------------------------------------------

  /**
   * Reads the saved projection and starts following the device's stored changes. Without a
   * complete saved projection, every stored document is projected (and owed: PROJ-4).
   */
  async start(): Promise<void> {
    this.#stop.push(
      this.#feed.onDocStored((name) => this.#noteStored(name)),
      this.#feed.onStatus((status) => this.#onStatus(status)),
    );
    void this.#feed.whenReplicated().then(() => this.#onCaughtUp());
    const [manifest, before] = await Promise.all([this.#readManifest(), this.#replicatedBefore()]);
    if (this.#stopped) return;
    if (manifest?.caughtUp || before) this.#caughtUp = true;
    const current = manifest?.build === this.#build ? manifest : null;
    const loaded = current !== null && current.complete && (await this.#loadShards(current));
    if (this.#stopped) return;
    for (const slot of this.#slots.values()) slot.contextKey = current?.contexts[slot.source.name] ?? '';
    this.#started = true;
    if (!loaded) {
      // Every shard is written at the next save, the empty ones too: a missing shard means "unsaved".
      for (const slot of this.#slots.values())
        if (!slot.perKey) for (let n = 0; n < shardCount(slot); n++) slot.unsavedShards.add(n);
      void this.#projectAllStored(true);
    }
    this.contextChanged();
    this.#emit(new Set(this.#slots.keys()));
    this.#pump();
  }

  /**
   * Computes every stored document's values again in the background (a projection saved just
   * before a crash may miss a last change). Values stay shown meanwhile; keys no document feeds
   * any more are dropped when computed empty, never by a list taken earlier (PROJ-2).
   */
  async recheck(): Promise<void> {
    this.#rechecking = true;
    await this.#projectAllStored(false);
    await this.whenIdle();
  }

  /**
   * The context may have changed (a new day, new payment settings): sources whose values depend
   * on what changed compute them again, and their lists are not complete until they have
   * (yesterday's aging is not today's: PROJ-5).
   */
  contextChanged(): void {
    if (!this.#started) return;
    const context = this.#context();
    const changed = new Set<string>();
    for (const slot of this.#slots.values()) {
      const key = slot.source.contextKey?.(context) ?? '';
      if (key === slot.contextKey) continue;
      slot.contextKey = key;
      changed.add(slot.source.name);
      // A computation under way uses the old context: it is done again.
      const keys = [...(slot.perKey ? slot.retained.keys() : slot.values.keys()), ...slot.inflight];
      for (const k of keys) {
        slot.dirty.add(k);
        this.#owe(slot, k);
      }
    }
    this.#emit(changed);
    this.#pump();
  }

  /**
   * Keeps a `per-key` source's keys in memory (reading their saved values) until released;
   * `loaded` resolves once they are there. Each retained key is computed again once per session
   * in the background, with the session's re-check or after it (PROJ-6).
   */
  retain(source: AnySource, keys: Iterable<string>): Retained {
    const slot = this.#slot(source.name);
    if (!slot.perKey) throw new Error(`${source.name} keeps every value in memory`);
    const wanted = [...new Set(keys)];
    const loads: Promise<void>[] = [];
    for (const key of wanted) {
      const count = slot.retained.get(key) ?? 0;
      slot.retained.set(key, count + 1);
      if (count === 0) {
        const load = this.#loadKey(slot, key).finally(() => slot.loads.delete(key));
        slot.loads.set(key, load);
        loads.push(load);
      } else {
        // Retained already: ready once the first holder's read is done.
        const load = slot.loads.get(key);
        if (load) loads.push(load);
      }
    }
    let released = false;
    return {
      loaded: Promise.all(loads).then(() => undefined),
      release: () => {
        if (released) return;
        released = true;
        for (const key of wanted) {
          const count = (slot.retained.get(key) ?? 1) - 1;
          if (count > 0) {
            slot.retained.set(key, count);
            continue;
          }
          slot.retained.delete(key);
          // A value not yet written stays in `unsaved` until the next save.
          slot.values.delete(key);
        }
      },
    };
  }

  /** Writes what changed now (the app is being hidden or closed). */
  saveNow(): Promise<void> {
    if (this.#saveTimer !== null) clearTimeout(this.#saveTimer);
    this.#saveTimer = null;
    this.#saving = this.#saving.then(() => this.#save());
    return this.#saving;
  }

  destroy(): void {
    this.#stopped = true;
    for (const stop of this.#stop.splice(0)) stop();
    if (this.#saveTimer !== null) clearTimeout(this.#saveTimer);
    if (this.#recheckTimer !== null) clearTimeout(this.#recheckTimer);
    this.#listeners.clear();
    this.#savedListeners.clear();
  }

  // --- following the store -------------------------------------------------------------------

  #slot(name: string): Slot {
    const slot = this.#slots.get(name);
    if (!slot) throw new Error(`No projection source ${name}`);
    return slot;
  }

  #noteStored(name: string) {
    const address = parseDocName(name);
    if (!address || address.practiceId !== this.#practiceId) return;
    for (const slot of this.#slots.values()) {
      if (!slot.source.kinds.includes(address.kind)) continue;
      const key = slot.source.keyOf ? slot.source.keyOf(address) : address.key;
      if (!key) continue;
      slot.dirty.add(key);
      slot.fresh.add(key);
    }
    this.#pump();
  }

  /**
   * While the device catches up with the relay (thousands of documents in a first sync), changes
   * are only noted: computing each as it lands would double the sync's work, and until the
   * catch-up is done no list claims to be complete anyway. Offline, local edits show at once.
   */
  #onStatus(status: SyncStatus) {
    this.#status = status;
    const holding = status.connection === 'online' && status.replication.done < status.replication.total;
    const changed = holding !== this.#holding;
    this.#holding = holding;
    if (!this.#caughtUp) this.#emit(new Set(this.#slots.keys()));
    if (changed && !holding) this.#pump();
  }

  /** Every listed document is stored: what is still to compute is owed before lists are complete. */
  #onCaughtUp() {
    if (this.#stopped || this.#caughtUp) return;
    this.#caughtUp = true;
    for (const slot of this.#slots.values()) for (const key of slot.dirty) this.#owe(slot, key);
    this.#emit(new Set(this.#slots.keys()));
    this.#pump();
  }

  #owe(slot: Slot, key: string) {
    if (slot.owed.has(key)) return;
    if (slot.owed.size === 0) slot.owedTotal = 0;
    slot.owed.add(key);
    slot.owedTotal += 1;
  }

  async #projectAllStored(owe: boolean) {
    if (owe) this.#listing = true;
    let names: string[] = [];
    try {
      names = await this.#store.docNames();
    } catch {
      // The store could not list its documents: what is followed from now on still lands.
    }
    if (this.#stopped) return;
    for (const name of names) {
      const address = parseDocName(name);
      if (!address || address.practiceId !== this.#practiceId) continue;
      for (const slot of this.#slots.values()) {
        if (!slot.source.kinds.includes(address.kind)) continue;
        // A re-check of a per-key source covers what screens hold; the rest when retained.
        if (!owe && slot.perKey) continue;
        const key = slot.source.keyOf ? slot.source.keyOf(address) : address.key;
        if (!key) continue;
        slot.dirty.add(key);
        if (owe) this.#owe(slot, key);
      }
    }
    for (const slot of this.#slots.values()) {
      // Keys no stored document names any more are computed too: empty, they are dropped.
      if (!slot.perKey) for (const key of slot.values.keys()) slot.dirty.add(key);
      else if (!owe)
        for (const key of slot.retained.keys()) {
          slot.dirty.add(key);
          slot.rechecked.add(key);
        }
    }
    if (owe) this.#listing = false;
    this.#emit(new Set(this.#slots.keys()));
    this.#pump();
  }

  // --- computing ------------------------------------------------------------------------------

  #idle() {
    if (this.#running) return false;
    for (const slot of this.#slots.values()) if (slot.dirty.size > 0) return false;
    return true;
  }

  #pump() {
    if (this.#running || this.#stopped || !this.#started || this.#holding) return this.#settle();
    if (this.#idle()) return this.#settle();
    this.#running = true;
    this.#defer(() => void this.#drain());
  }

  #settle() {
    if (!this.#idle()) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  async #drain() {
    try {
      while (!this.#stopped && !this.#holding) {
        const batch = this.#take();
        if (batch.length === 0) break;
        const context = this.#context();
        const results = await Promise.all(batch.map(([slot, key]) => this.#compute(slot, key, context)));
        if (this.#stopped) return;
        const touched = new Set<string>();
        results.forEach((result, i) => {
          const [slot, key] = batch[i]!;
          slot.inflight.delete(key);
          this.#apply(slot, key, result);
          touched.add(slot.source.name);
        });
        this.#emit(touched);
        this.#scheduleSave();
        if (this.#hasDirty()) await new Promise<void>((resolve) => this.#defer(resolve));
      }
    } finally {
      this.#running = false;
      this.#pump();
    }
  }

  #hasDirty() {
    for (const slot of this.#slots.values()) if (slot.dirty.size > 0) return true;
    return false;
  }

  /**
   * The next keys to compute: fresh changes first (someone is waiting to see them), then owed
   * ones (they hold a list back), then the rest; sources in order.
   */
  #take(): [Slot, string][] {
    const batch: [Slot, string][] = [];
    const taken = new Map<Slot, number>();
    for (const pass of ['fresh', 'owed', 'rest'] as const)
      for (const slot of this.#slots.values()) {
        const limit = slot.source.batch ?? this.#batch;
        for (const key of pass === 'fresh' ? slot.fresh : slot.dirty) {
          if (batch.length >= this.#batch || (taken.get(slot) ?? 0) >= limit) break;
          if (pass === 'fresh' && !slot.dirty.has(key)) {
            slot.fresh.delete(key);
            continue;
          }
          if (pass === 'owed' && !slot.owed.has(key)) continue;
          if (pass === 'rest' && slot.owed.has(key)) continue;
          slot.dirty.delete(key);
          slot.fresh.delete(key);
          slot.inflight.add(key);
          taken.set(slot, (taken.get(slot) ?? 0) + 1);
          batch.push([slot, key]);
        }
      }
    return batch;
  }

  async #compute(
    slot: Slot,
    key: string,
    context: ProjectionContext,
  ): Promise<{ ticket: number; ok: boolean; value: unknown }> {
    const ticket = ++this.#ticket;
    const docs: Y.Doc[] = [];
    try {
      for (const update of await Promise.all(
        slot.source.docsOf(this.#practiceId, key).map((name) => this.#store.readDoc(name)),
      )) {
        const doc = new Y.Doc({ guid: key });
        docs.push(doc);
        if (update.length > 0) Y.applyUpdate(doc, update.length === 1 ? update[0]! : Y.mergeUpdates(update));
      }
      return { ticket, ok: true, value: slot.source.project(docs, key, context) };
    } catch {
      return { ticket, ok: false, value: null };
    } finally {
      for (const doc of docs) doc.destroy();
    }
  }

  /** A computed value lands unless a later computation of the same key already did (PROJ-1). */
  #apply(slot: Slot, key: string, result: { ticket: number; ok: boolean; value: unknown }) {
    const previous = slot.tickets.get(key);
    if (previous !== undefined && previous >= result.ticket) return;
    slot.tickets.set(key, result.ticket);
    slot.owed.delete(key);
    if (!result.ok) {
      this.#errors += 1;
      return;
    }
    const value = result.value;
    if (slot.perKey && !slot.retained.has(key)) {
      slot.unsaved.set(key, value);
      return;
    }
    const had = slot.values.get(key);
    if (value === null ? had === undefined : had !== undefined && sameValue(had, value)) return;
    if (value === null) slot.values.delete(key);
    else slot.values.set(key, value);
    if (slot.perKey) slot.unsaved.set(key, value);
    else slot.unsavedShards.add(shardOf(key, shardCount(slot)));
  }

  #emit(sources: ReadonlySet<string>) {
    if (sources.size === 0) return;
    for (const listener of this.#listeners) listener(sources);
  }

  // --- the saved projection -------------------------------------------------------------------

  async #readManifest(): Promise<Manifest | null> {
    try {
      return readManifest(await this.#store.getMeta(MANIFEST_KEY));
    } catch {
      return null;
    }
  }

  async #replicatedBefore(): Promise<boolean> {
    try {
      return await this.#feed.replicatedBefore();
    } catch {
      return false;
    }
  }

  /** Reads every `shards` source's saved values; false when any record is missing or unusable. */
  async #loadShards(manifest: Manifest): Promise<boolean> {
    const reads: Promise<boolean>[] = [];
    for (const slot of this.#slots.values()) {
      if (slot.perKey) continue;
      if (!(slot.source.name in manifest.contexts)) return false;
      for (let n = 0; n < shardCount(slot); n++)
        reads.push(
          this.#store.getMeta(shardKey(slot.source.name, n)).then(
            (value) => {
              const shard = readShard(value, this.#build);
              if (!shard) return false;
              for (const [key, v] of shard.entries)
                if (!slot.tickets.has(key)) {
                  slot.tickets.set(key, 0);
                  slot.values.set(key, v);
                }
              return true;
            },
            () => false,
          ),
        );
    }
    return (await Promise.all(reads)).every(Boolean);
  }

  async #loadKey(slot: Slot, key: string) {
    if (slot.unsaved.has(key)) {
      // Computed and not yet written: the newest value is in memory.
      const value = slot.unsaved.get(key);
      if (value !== null && value !== undefined) slot.values.set(key, value);
    } else {
      const before = slot.tickets.get(key);
      const value = readKeyRecord(
        await this.#store.getMeta(keyRecordKey(slot.source.name, key)).catch(() => undefined),
        this.#build,
      );
      // Computed while reading, or released meanwhile: the newer value, or nothing, stays.
      if (slot.tickets.get(key) === before && slot.retained.has(key) && !slot.values.has(key)) {
        if (value === undefined) slot.dirty.add(key);
        else if (value !== null) slot.values.set(key, value);
      }
    }
    // Checked against its document once per session: by the session's re-check, or shortly after
    // it is retained when that has run already (after the screen has shown what was saved).
    if (this.#rechecking && !slot.rechecked.has(key)) {
      slot.rechecked.add(key);
      this.#recheckLater.add([slot, key]);
      this.#recheckTimer ??= setTimeout(() => {
        this.#recheckTimer = null;
        for (const [s, k] of this.#recheckLater) if (s.retained.has(k)) s.dirty.add(k);
        this.#recheckLater.clear();
        this.#pump();
      }, this.#recheckDelayMs);
    }
    this.#emit(new Set([slot.source.name]));
    this.#pump();
  }

  #scheduleSave() {
    this.#saveTimer ??= setTimeout(() => {
      this.#saveTimer = null;
      this.#saving = this.#saving.then(() => this.#save());
    }, this.#saveDelayMs);
  }

  async #save() {
    if (this.#stopped) return;
    const writes: Promise<void>[] = [];
    let wrote = false;
    for (const slot of this.#slots.values()) {
      const name = slot.source.name;
      if (slot.perKey) {
        for (const [key, value] of slot.unsaved)
          writes.push(
            this.#store.setMeta(keyRecordKey(name, key), {
              build: this.#build,
              json: value === null || value === undefined ? null : JSON.stringify(value),
            }),
          );
        wrote ||= slot.unsaved.size > 0;
        slot.unsaved.clear();
        continue;
      }
      const count = shardCount(slot);
      const entries = new Map<number, [string, unknown][]>();
      for (const shard of slot.unsavedShards) entries.set(shard, []);
      for (const [key, value] of slot.values) entries.get(shardOf(key, count))?.push([key, value]);
      for (const [shard, list] of entries)
        writes.push(this.#store.setMeta(shardKey(name, shard), { build: this.#build, entries: list }));
      wrote ||= slot.unsavedShards.size > 0;
      slot.unsavedShards.clear();
    }
    // Complete: nothing owed. Keys merely re-checked or edited since are as current as a crash
    // would leave them, and the next start's re-check covers them (PROJ-7).
    const complete =
      this.#caughtUp && !this.#listing && [...this.#slots.values()].every((slot) => slot.owed.size === 0);
    const manifest: Manifest = {
      ...newManifest(this.#build),
      caughtUp: this.#caughtUp,
      complete,
      contexts: Object.fromEntries([...this.#slots.values()].map((s) => [s.source.name, s.contextKey])),
    };
    const text = JSON.stringify(manifest);
    if (!wrote && text === this.#writtenManifest) return;
    this.#writtenManifest = text;
    try {
      await Promise.all(writes);
      // Last: a manifest saying "complete" is only written once every value it covers is.
      await this.#store.setMeta(MANIFEST_KEY, manifest);
    } catch {
      // Not saved: the next start computes what is missing from the documents.
      return;
    }
    for (const listener of this.#savedListeners) listener(complete && this.#idle());
  }
}

const shardCount = (slot: Slot) => (slot.source.storage.kind === 'shards' ? slot.source.storage.count : 1);
