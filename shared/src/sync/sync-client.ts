/**
 * The device side of sync: keeps the local replica (ReplicaStore) in step with the relay over
 * one multiplexed WebSocket (shared/protocol/mux.ts, docs/sync-protocol.md).
 *
 * - Every document the catalog names is replicated into local storage without being loaded
 *   into memory, so the whole practice is available offline.
 * - Documents a screen needs are opened as live Y.Docs (refcounted); their edits are stored
 *   locally, recorded in the outbox and sent.
 * - The relay confirms each update-bearing message once it is durably stored (STORED); only
 *   then does a change leave the outbox. The outbox survives restarts, so the count of
 *   "changes not yet on the server" is true even after a week offline.
 *
 * Runs in browsers and in Node (tests, benchmarks, the demo loader): the socket and the
 * store are injected.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  FINAL_CLOSE_CODES,
  FRAME,
  MESSAGE,
  PROTOCOL_VERSION,
  REFUSAL,
  SYNC,
  createFrameBatcher,
  decodeFrame,
  encodeAwarenessMessage,
  encodeFrame,
  isDecodeError,
  readSyncPayload,
  syncMessage,
  type Frame,
} from '../protocol/index.ts';
import { isOwnChange, REMOTE, STORAGE } from '../documents/origins.ts';
import type { OutboxEntry, ReplicaStore } from './replica-store.ts';

export type SocketLike = {
  binaryType: string;
  readonly readyState: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
};

export type ConnectionState = 'connecting' | 'online' | 'offline' | 'paused' | 'stopped';

export type SyncStatus = {
  connection: ConnectionState;
  /** Set when the relay refused us for good (credentials, version) or local storage failed. */
  problem: string | null;
  /**
   * This device's changes the relay has not yet confirmed as stored: the person's own edits.
   * Bookkeeping writes (see `bookkeeping`) are delivered the same way but not counted here.
   */
  unconfirmed: number;
  /** Unconfirmed bookkeeping writes (the audit trail), for diagnostics. */
  unconfirmedBookkeeping: number;
  /** Of those, how many the relay refused (read-only, invalid); they stay until resolved. */
  refused: number;
  /** When the relay last confirmed a change of this device (ISO UTC). */
  lastConfirmedAt: string | null;
  /** When the oldest unconfirmed change was made. */
  oldestUnconfirmedAt: string | null;
  /** Progress of bringing every document of the catalog up to date on this device. */
  replication: { total: number; done: number };
};

export type LiveDoc = {
  readonly name: string;
  readonly doc: Y.Doc;
  /** Present when opened with `presence: true`. */
  readonly awareness: awarenessProtocol.Awareness | null;
  release(): void;
};

export type SyncClientOptions = {
  store: ReplicaStore;
  openSocket: () => SocketLike;
  now?: () => string;
  /** Document handshakes in flight at once while replicating. */
  window?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Replicate every document the catalog lists (the app does; a test client may not). */
  replicateAll?: boolean;
  /**
   * Asked after a connection attempt that never opened (the relay refuses an expired or
   * revoked session at the door, which a browser only sees as a failed socket). Resolve false
   * to stop reconnecting; the caller tells the person why.
   */
  shouldReconnect?: () => Promise<boolean>;
  /**
   * Documents the app writes on its own (the audit trail records every view): delivered and
   * retried like any change, but "3 changes not yet on the server" should mean the person's
   * edits, not that they opened three patients.
   */
  bookkeeping?: (name: string) => boolean;
  /** Told when the relay closed the connection for good (revoked, version), after the status says so. */
  onFinalClose?: (code: number) => void;
};

type Live = {
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness | null;
  refs: number;
  detach: () => void;
};

type Connection = {
  socket: SocketLike;
  out: ReturnType<typeof createFrameBatcher>;
  opened: boolean;
  catalogDone: boolean;
  catalogCursor: number;
  maxPushedSeq: number;
  pendingCatalog: Set<string>;
  queue: string[];
  queued: Set<string>;
  inFlight: Map<string, Uint8Array>;
  synced: Set<string>;
  forbidden: Set<string>;
  /** Documents re-handshaken once after a refusal on this connection. */
  retried: Set<string>;
  messageCounts: Map<string, number>;
  sentMessages: Map<string, { n: number; ids: number[] }[]>;
  chain: Promise<void>;
};

const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());
// Computed once: a Y.Doc costs a random uuid, and a first sync asks for thousands of empty ones.
const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());
const OPEN = 1;

function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === EMPTY_UPDATE.length && update.every((b, i) => b === EMPTY_UPDATE[i]);
}

/** True when `a` has anything `b` lacks, judging by state vectors. */
function stateVectorExceeds(a: Uint8Array, b: Uint8Array): boolean {
  const left = Y.decodeStateVector(a);
  const right = Y.decodeStateVector(b);
  for (const [client, clock] of left) if (clock > (right.get(client) ?? 0)) return true;
  return false;
}

function toBytes(data: unknown): Uint8Array | null {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return null;
}

export class SyncClient {
  readonly #store: ReplicaStore;
  readonly #openSocket: () => SocketLike;
  readonly #now: () => string;
  readonly #window: number;
  readonly #minBackoff: number;
  readonly #maxBackoff: number;
  readonly #replicateAll: boolean;
  readonly #bookkeeping: (name: string) => boolean;
  readonly #onFinalClose: (code: number) => void;
  readonly #shouldReconnect: (() => Promise<boolean>) | null;

  #status: SyncStatus = {
    connection: 'offline',
    problem: null,
    unconfirmed: 0,
    unconfirmedBookkeeping: 0,
    refused: 0,
    lastConfirmedAt: null,
    oldestUnconfirmedAt: null,
    replication: { total: 0, done: 0 },
  };
  #listeners = new Set<(status: SyncStatus) => void>();
  #live = new Map<string, Live>();
  #loading = new Map<string, Promise<Live>>();
  /** Remote updates that arrived while a document was being loaded into memory. */
  #buffered = new Map<string, Uint8Array[]>();
  #outbox = new Map<number, OutboxEntry>();
  #refused = new Set<number>();
  #nextOutboxId = 1;
  #cursor = 0;
  #conn: Connection | null = null;
  #wanted: 'running' | 'paused' | 'stopped' = 'stopped';
  #backoff = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  #cursorTimer: ReturnType<typeof setTimeout> | null = null;
  #progressTimer: ReturnType<typeof setTimeout> | null = null;
  #writes: Promise<void> = Promise.resolve();
  /** The last pending local write per document: readers of one document wait only for its own. */
  #docWrites = new Map<string, Promise<void>>();
  /** Documents this device has stored anything for (no need to read storage for the others). */
  #known = new Set<string>();
  #knownLoaded: Promise<void>;
  #outboxLoaded: Promise<void>;
  #outboxReady = false;
  #outboxError: unknown = null;
  #knownReady = false;
  #waiters: { check: () => boolean; resolve: () => void }[] = [];

  constructor(options: SyncClientOptions) {
    this.#store = options.store;
    this.#openSocket = options.openSocket;
    this.#now = options.now ?? (() => new Date().toISOString());
    this.#window = options.window ?? 256;
    this.#minBackoff = options.minBackoffMs ?? 500;
    this.#maxBackoff = options.maxBackoffMs ?? 10_000;
    this.#replicateAll = options.replicateAll ?? true;
    this.#bookkeeping = options.bookkeeping ?? (() => false);
    this.#onFinalClose = options.onFinalClose ?? (() => undefined);
    this.#shouldReconnect = options.shouldReconnect ?? null;
    // Changes made before the stored outbox is read get their ids after it (see #onLiveUpdate).
    this.#outboxLoaded = this.#store.readOutbox().then(
      (entries) => {
        for (const entry of entries) this.#outbox.set(entry.id, entry);
        this.#nextOutboxId = Math.max(this.#nextOutboxId, ...entries.map((e) => e.id + 1));
        this.#outboxReady = true;
      },
      (error: unknown) => {
        this.#outboxError = error;
        this.#outboxReady = true;
      },
    );
    // Documents may be opened before `start`; reads wait for this list, not for `start`.
    this.#knownLoaded = this.#store.docNames().then(
      (names) => {
        names.forEach((name) => this.#known.add(name));
        this.#knownReady = true;
      },
      () => undefined,
    );
  }

  get status(): SyncStatus {
    return this.#status;
  }

  onStatus(listener: (status: SyncStatus) => void): () => void {
    this.#listeners.add(listener);
    listener(this.#status);
    return () => this.#listeners.delete(listener);
  }

  /** Loads the outbox and cursor from local storage, then connects. */
  async start(): Promise<void> {
    const [cursor, lastConfirmedAt] = await Promise.all([
      this.#store.getMeta('cursor'),
      this.#store.getMeta('lastConfirmedAt'),
      this.#knownLoaded,
      this.#outboxLoaded,
    ]);
    if (this.#outboxError) throw this.#outboxError;
    this.#cursor = typeof cursor === 'number' ? cursor : 0;
    this.#update({ lastConfirmedAt: typeof lastConfirmedAt === 'string' ? lastConfirmedAt : null });
    // The restored outbox counts at once: "not yet on the server" must be true before any connection.
    this.#refreshCounts();
    this.#wanted = 'running';
    this.#connect();
  }

  /** Disconnects until `resume` (the browser went offline). Edits keep working locally. */
  pause(): void {
    if (this.#wanted !== 'running') return;
    this.#wanted = 'paused';
    this.#disconnect();
    this.#update({ connection: 'paused' });
  }

  resume(): void {
    if (this.#wanted !== 'paused') return;
    this.#wanted = 'running';
    this.#backoff = 0;
    this.#connect();
  }

  /** Disconnects for good and releases every live document. */
  async stop(): Promise<void> {
    this.#wanted = 'stopped';
    this.#disconnect();
    for (const [name, live] of this.#live) {
      live.detach();
      live.doc.destroy();
      this.#live.delete(name);
    }
    await this.flush();
    this.#update({ connection: 'stopped' });
  }

  /** Resolves when every local write started so far has reached the store. */
  async flush(): Promise<void> {
    await this.#writes;
    if (this.#conn) await this.#conn.chain;
    await this.#writes;
  }

  /** Opens a document as a live Y.Doc, loaded from local storage; call `release` when done. */
  async open(name: string, options: { presence?: boolean } = {}): Promise<LiveDoc> {
    let live = this.#live.get(name);
    if (!live) {
      let loading = this.#loading.get(name);
      if (!loading) {
        loading = this.#load(name, options.presence ?? false);
        this.#loading.set(name, loading);
      }
      live = await loading;
    } else if (options.presence && !live.awareness) {
      this.#attachPresence(name, live);
    }
    live.refs += 1;
    const handle = live;
    let released = false;
    return {
      name,
      doc: handle.doc,
      get awareness() {
        return handle.awareness;
      },
      release: () => {
        if (released) return;
        released = true;
        this.#release(name);
      },
    };
  }

  /** Resolves once the relay has confirmed every change this device has made. */
  whenConfirmed(): Promise<void> {
    return this.#waitFor(() => this.#outbox.size === 0);
  }

  /**
   * Resolves once every document of the catalog is up to date on this device (this connection)
   * and written to local storage, so a reader of the store (the audit screen) finds them all.
   */
  async whenReplicated(): Promise<void> {
    await this.#waitFor(() => this.#conn?.catalogDone === true);
    await this.#writes;
  }

  /**
   * Whether this device has brought every document of a catalog up to date before (in this or an
   * earlier session): the catalog cursor is written only after a complete catch-up.
   */
  async replicatedBefore(): Promise<boolean> {
    const cursor = await this.#store.getMeta('cursor');
    return typeof cursor === 'number' && cursor > 0;
  }

  /** Resolves once a document has completed its handshake on the current connection. */
  whenSynced(name: string): Promise<void> {
    return this.#waitFor(() => this.#conn?.synced.has(name) === true);
  }

  // --- live documents -------------------------------------------------------------------

  async #load(name: string, presence: boolean): Promise<Live> {
    const doc = new Y.Doc();
    this.#buffered.set(name, []);
    try {
      const updates = await this.#readStored(name);
      if (updates.length > 0)
        Y.applyUpdate(doc, updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates), STORAGE);
      for (const update of this.#buffered.get(name) ?? []) Y.applyUpdate(doc, update, REMOTE);
    } finally {
      this.#buffered.delete(name);
      this.#loading.delete(name);
    }
    const onUpdate = (update: Uint8Array, origin: unknown) => this.#onLiveUpdate(name, update, origin);
    doc.on('update', onUpdate);
    const live: Live = { doc, awareness: null, refs: 0, detach: () => doc.off('update', onUpdate) };
    this.#live.set(name, live);
    if (presence) this.#attachPresence(name, live);
    // A document opened while connected joins the live set of the connection.
    if (this.#conn?.opened && !this.#conn.synced.has(name)) this.#enqueueHandshake(name, true);
    return live;
  }

  #attachPresence(name: string, live: Live) {
    const awareness = new awarenessProtocol.Awareness(live.doc);
    const onChange = (
      { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
      origin: unknown,
    ) => {
      if (origin !== 'local') return;
      this.#sendAwareness(name, awareness, [...added, ...updated, ...removed]);
    };
    awareness.on('update', onChange);
    const previousDetach = live.detach;
    live.awareness = awareness;
    live.detach = () => {
      previousDetach();
      awarenessProtocol.removeAwarenessStates(awareness, [live.doc.clientID], 'local');
      awareness.off('update', onChange);
      awareness.destroy();
    };
  }

  #release(name: string) {
    const live = this.#live.get(name);
    if (!live) return;
    live.refs -= 1;
    if (live.refs > 0) return;
    live.detach();
    live.doc.destroy();
    this.#live.delete(name);
  }

  #onLiveUpdate(name: string, update: Uint8Array, origin: unknown) {
    if (origin === STORAGE) return;
    if (!isOwnChange(origin)) {
      this.#persist(name, update);
      return;
    }
    const createdAt = this.#now();
    if (!this.#outboxReady) {
      // SYNC-27: before the stored outbox is read its highest id is unknown, and an id taken now
      // could be one of its entries' (overwriting it: that change would never be sent). The
      // entry gets its id once the outbox is read; nothing is sent before `start` anyway.
      this.#persist(
        name,
        update,
        this.#outboxLoaded.then(() => this.#newEntry(name, createdAt)),
      );
      return;
    }
    const entry = this.#newEntry(name, createdAt);
    this.#persist(name, update, entry);
    const conn = this.#conn;
    // A document the relay forbade is not asked for again on this connection: the change is refused too.
    if (conn?.forbidden.has(name)) this.#refused.add(entry.id);
    this.#refreshCounts();
    if (conn?.opened && conn.synced.has(name)) {
      this.#sendUpdate(conn, name, SYNC.UPDATE, update, [entry.id]);
    } else if (conn?.opened && !conn.inFlight.has(name) && !conn.queued.has(name)) {
      // A document new to the relay (or not yet handshaken): its handshake carries the change.
      this.#enqueueHandshake(name, true);
    }
  }

  /**
   * Calls `listener` with a document's name whenever a change to it (from this device or the
   * relay) has been written to local storage, whether or not the document is open: local
   * projections (the pending board) stay current from it. Returns the function that stops it.
   */
  onDocStored(listener: (name: string) => void): () => void {
    this.#storedListeners.add(listener);
    return () => this.#storedListeners.delete(listener);
  }

  readonly #storedListeners = new Set<(name: string) => void>();

  #newEntry(name: string, createdAt: string): OutboxEntry {
    const entry: OutboxEntry = { id: this.#nextOutboxId++, doc: name, createdAt };
    this.#outbox.set(entry.id, entry);
    this.#refreshCounts();
    return entry;
  }

  #persist(name: string, update: Uint8Array, entry?: OutboxEntry | Promise<OutboxEntry>) {
    // Started at once (the store keeps appends in call order and may batch them into one
    // transaction); `#docWrites` lets a reader of this document wait for its own writes only,
    // and `#writes` lets `flush` wait for everything.
    this.#known.add(name);
    const appended =
      entry instanceof Promise
        ? entry.then((e) => this.#store.append(name, update, e))
        : this.#store.append(name, update, entry);
    const write = appended.catch((error: unknown) => {
      this.#update({ problem: `Could not save on this device: ${String(error)}` });
    });
    this.#docWrites.set(name, write);
    void write.then(() => {
      if (this.#docWrites.get(name) === write) this.#docWrites.delete(name);
      for (const listener of this.#storedListeners) listener(name);
    });
    this.#writes = this.#writes.then(() => write);
  }

  /** The document's stored updates, after this client's own pending writes to it have landed. */
  async #readStored(name: string): Promise<Uint8Array[]> {
    // Before the list of stored documents is known (a document opened at app start), read
    // directly rather than wait for the list: that is what stands between a cold start and the screen.
    if (this.#knownReady && !this.#known.has(name)) return [];
    await this.#docWrites.get(name);
    return this.#store.readDoc(name);
  }

  // --- connection -----------------------------------------------------------------------

  #connect() {
    if (this.#wanted !== 'running' || this.#conn) return;
    this.#update({ connection: 'connecting' });
    let socket: SocketLike;
    try {
      socket = this.#openSocket();
    } catch (error) {
      this.#update({ problem: `Cannot open the connection: ${String(error)}` });
      return this.#scheduleReconnect();
    }
    socket.binaryType = 'arraybuffer';
    const conn: Connection = {
      socket,
      out: createFrameBatcher(
        (bytes) => {
          if (socket.readyState === OPEN) socket.send(bytes);
        },
        (run) => setTimeout(run, 0),
      ),
      opened: false,
      catalogDone: false,
      catalogCursor: 0,
      maxPushedSeq: 0,
      pendingCatalog: new Set(),
      queue: [],
      queued: new Set(),
      inFlight: new Map(),
      synced: new Set(),
      forbidden: new Set(),
      retried: new Set(),
      messageCounts: new Map(),
      sentMessages: new Map(),
      chain: Promise.resolve(),
    };
    this.#conn = conn;
    socket.onopen = () => {
      conn.opened = true;
      socket.send(
        encodeFrame({ type: FRAME.HELLO, protocolVersion: PROTOCOL_VERSION, cursor: this.#cursor }),
      );
    };
    socket.onmessage = (event) => {
      const bytes = toBytes(event.data);
      if (!bytes || this.#conn !== conn) return;
      conn.chain = conn.chain
        .then(() => this.#handle(conn, bytes))
        .catch((error: unknown) => this.#update({ problem: `Sync error: ${String(error)}` }));
    };
    socket.onerror = () => undefined;
    socket.onclose = (event) => {
      if (this.#conn !== conn) return;
      this.#conn = null;
      this.#refused.clear();
      this.#refreshCounts();
      if (FINAL_CLOSE_CODES.has(event.code)) {
        this.#wanted = 'stopped';
        this.#update({
          connection: 'offline',
          problem: event.reason || `Refused by the relay (${event.code})`,
        });
        this.#onFinalClose(event.code);
        return;
      }
      if (this.#wanted !== 'running') return;
      this.#update({ connection: 'offline' });
      if (!conn.opened && this.#shouldReconnect) {
        void this.#shouldReconnect().then((again) => {
          if (again) return this.#scheduleReconnect();
          this.#wanted = 'stopped';
          this.#update({ connection: 'offline', problem: 'The relay no longer accepts this session.' });
        });
        return;
      }
      this.#scheduleReconnect();
    };
  }

  #disconnect() {
    if (this.#reconnectTimer !== null) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
    const conn = this.#conn;
    this.#conn = null;
    this.#refused.clear();
    this.#refreshCounts();
    if (conn) {
      conn.socket.onclose = null;
      conn.socket.onmessage = null;
      try {
        conn.socket.close(1000, 'client disconnect');
      } catch {
        // already closed
      }
    }
  }

  #scheduleReconnect() {
    if (this.#reconnectTimer !== null) return;
    const base = this.#backoff === 0 ? this.#minBackoff : Math.min(this.#maxBackoff, this.#backoff * 2);
    this.#backoff = base;
    const delay = base / 2 + Math.random() * (base / 2);
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      this.#connect();
    }, delay);
  }

  async #handle(conn: Connection, bytes: Uint8Array) {
    const frame = decodeFrame(bytes);
    if (isDecodeError(frame)) return;
    switch (frame.type) {
      case FRAME.BATCH:
        for (const inner of frame.frames) await this.#handle(conn, inner);
        return;
      case FRAME.CATALOG:
        return this.#onCatalog(conn, frame);
      case FRAME.DOC:
        return this.#onDocMessage(conn, frame.doc, frame.message);
      case FRAME.UPDATE:
        await this.#applyRemote(frame.doc, frame.update);
        conn.maxPushedSeq = Math.max(conn.maxPushedSeq, frame.seq);
        if (conn.catalogDone) this.#advanceCursor(frame.seq);
        return;
      case FRAME.STORED:
        return this.#onStored(conn, frame.doc, frame.count);
      case FRAME.REFUSED:
        return this.#onRefused(conn, frame);
      default:
        return;
    }
  }

  async #onCatalog(conn: Connection, frame: Extract<Frame, { type: typeof FRAME.CATALOG }>) {
    this.#backoff = 0;
    conn.catalogCursor = frame.cursor;
    const wanted = new Set<string>();
    if (this.#replicateAll) for (const doc of frame.docs) wanted.add(doc);
    for (const name of this.#live.keys()) wanted.add(name);
    for (const entry of this.#outbox.values()) wanted.add(entry.doc);
    // Documents opened before the catalog arrived may have finished their handshake already.
    for (const name of conn.synced) wanted.delete(name);
    conn.pendingCatalog = new Set(wanted);
    this.#update({ connection: 'online', problem: null, replication: { total: wanted.size, done: 0 } });
    // Live documents first: they are what the person is looking at.
    const ordered = [...wanted].sort((a, b) => Number(this.#live.has(b)) - Number(this.#live.has(a)));
    for (const name of ordered) this.#enqueueHandshake(name, false);
    this.#checkCatalogDone(conn);
  }

  #enqueueHandshake(name: string, urgent: boolean) {
    const conn = this.#conn;
    if (!conn?.opened || conn.forbidden.has(name) || conn.queued.has(name) || conn.inFlight.has(name)) return;
    if (conn.synced.has(name)) return;
    conn.queued.add(name);
    if (urgent) conn.queue.unshift(name);
    else conn.queue.push(name);
    this.#pump(conn);
  }

  #pump(conn: Connection) {
    while (conn.inFlight.size < this.#window && conn.queue.length > 0 && this.#conn === conn) {
      const name = conn.queue.shift()!;
      conn.queued.delete(name);
      conn.inFlight.set(name, new Uint8Array());
      void this.#sendStep1(conn, name).catch((error: unknown) => this.#handshakeFailed(conn, name, error));
    }
  }

  /**
   * SYNC-28: local storage failed while handshaking a document: it stays pending (the catalog is not done
   * and the cursor does not pass its changes) and is tried again shortly on this connection.
   */
  #handshakeFailed(conn: Connection, name: string, error: unknown) {
    if (this.#conn !== conn) return;
    conn.inFlight.delete(name);
    this.#update({ problem: `Could not read this device's copy: ${String(error)}` });
    setTimeout(() => {
      if (this.#conn === conn) this.#enqueueHandshake(name, false);
    }, 1000);
  }

  async #sendStep1(conn: Connection, name: string) {
    let stateVector: Uint8Array;
    const live = this.#live.get(name);
    if (live) {
      stateVector = Y.encodeStateVector(live.doc);
    } else {
      const updates = await this.#readStored(name);
      stateVector =
        updates.length === 0
          ? EMPTY_STATE_VECTOR
          : Y.encodeStateVectorFromUpdate(updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
    }
    if (this.#conn !== conn) return;
    conn.inFlight.set(name, stateVector);
    this.#send(conn, { type: FRAME.DOC, doc: name, message: syncMessage(SYNC.STEP1, stateVector) });
  }

  async #onDocMessage(conn: Connection, name: string, message: Uint8Array) {
    const d = decoding.createDecoder(message);
    const type = decoding.readVarUint(d);
    if (type === MESSAGE.SYNC) {
      const sub = decoding.readVarUint(d);
      const payload = readSyncPayload(message);
      if (!payload) return;
      if (sub === SYNC.STEP2 || sub === SYNC.UPDATE) return this.#applyRemote(name, payload);
      if (sub === SYNC.STEP1)
        return this.#completeHandshake(conn, name, payload).catch((error: unknown) =>
          this.#handshakeFailed(conn, name, error),
        );
      return;
    }
    if (type === MESSAGE.AWARENESS) {
      const awareness = this.#live.get(name)?.awareness;
      if (awareness)
        awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(d), 'remote');
    }
  }

  async #completeHandshake(conn: Connection, name: string, serverStateVector: Uint8Array) {
    const clientStateVector = conn.inFlight.get(name);
    if (clientStateVector === undefined) return;
    const ids = [...this.#outbox.values()].filter((e) => e.doc === name).map((e) => e.id);
    if (ids.length > 0 || stateVectorExceeds(clientStateVector, serverStateVector)) {
      const live = this.#live.get(name);
      let update: Uint8Array;
      if (live) {
        update = Y.encodeStateAsUpdate(live.doc, serverStateVector);
      } else {
        const stored = await this.#readStored(name);
        update = stored.length === 0 ? EMPTY_UPDATE : Y.diffUpdate(Y.mergeUpdates(stored), serverStateVector);
      }
      if (this.#conn !== conn) return;
      // A fresh chance for changes refused earlier on this connection.
      for (const id of ids) this.#refused.delete(id);
      this.#sendUpdate(conn, name, SYNC.STEP2, update, ids);
    }
    conn.inFlight.delete(name);
    conn.synced.add(name);
    const live = this.#live.get(name);
    if (live?.awareness) {
      this.#sendAwareness(name, live.awareness, [live.doc.clientID]);
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, MESSAGE.QUERY_AWARENESS);
      this.#send(conn, { type: FRAME.DOC, doc: name, message: encoding.toUint8Array(e) });
    }
    if (conn.pendingCatalog.delete(name)) this.#reportProgress(conn);
    this.#checkCatalogDone(conn);
    // SYNC-29: a change made while this handshake read the stored copy is not in what it sent
    // (nor sent on its own: the document was in flight). A fresh handshake carries it.
    const sent = new Set((conn.sentMessages.get(name) ?? []).flatMap((m) => m.ids));
    for (const entry of this.#outbox.values()) {
      if (entry.doc !== name || sent.has(entry.id) || this.#refused.has(entry.id)) continue;
      conn.synced.delete(name);
      this.#enqueueHandshake(name, true);
      break;
    }
    this.#pump(conn);
    this.#notifyWaiters();
  }

  /** Replication progress, at most every 250 ms: thousands of documents must not mean thousands of renders. */
  #reportProgress(conn: Connection) {
    const report = () => {
      this.#progressTimer = null;
      const { total } = this.#status.replication;
      this.#update({ replication: { total, done: total - conn.pendingCatalog.size } });
    };
    if (conn.pendingCatalog.size === 0) {
      if (this.#progressTimer !== null) clearTimeout(this.#progressTimer);
      report();
    } else if (this.#progressTimer === null) {
      this.#progressTimer = setTimeout(report, 250);
    }
  }

  #checkCatalogDone(conn: Connection) {
    if (conn.catalogDone || conn.pendingCatalog.size > 0) return;
    conn.catalogDone = true;
    this.#advanceCursor(Math.max(conn.catalogCursor, conn.maxPushedSeq));
    this.#notifyWaiters();
  }

  #advanceCursor(seq: number) {
    if (seq <= this.#cursor) return;
    this.#cursor = seq;
    if (this.#cursorTimer !== null) return;
    this.#cursorTimer = setTimeout(() => {
      this.#cursorTimer = null;
      // The cursor says "everything before this is stored": write it only after the updates it
      // covers have landed, or a crash in between would skip them on the next catalog.
      const cursor = this.#cursor;
      // A cursor that could not be written only makes the next catalog longer.
      void this.#writes.then(() => this.#store.setMeta('cursor', cursor)).catch(() => undefined);
    }, 250);
  }

  async #applyRemote(name: string, update: Uint8Array) {
    if (isEmptyUpdate(update)) return;
    const live = this.#live.get(name);
    if (live) {
      Y.applyUpdate(live.doc, update, REMOTE);
      return;
    }
    const buffer = this.#buffered.get(name);
    if (buffer) buffer.push(update);
    this.#persist(name, update);
  }

  #sendUpdate(
    conn: Connection,
    name: string,
    sub: typeof SYNC.STEP2 | typeof SYNC.UPDATE,
    update: Uint8Array,
    ids: number[],
  ) {
    const n = (conn.messageCounts.get(name) ?? 0) + 1;
    conn.messageCounts.set(name, n);
    const sent = conn.sentMessages.get(name) ?? [];
    sent.push({ n, ids });
    conn.sentMessages.set(name, sent);
    this.#send(conn, { type: FRAME.DOC, doc: name, message: syncMessage(sub, update) });
  }

  #sendAwareness(name: string, awareness: awarenessProtocol.Awareness, clients: number[]) {
    const conn = this.#conn;
    if (!conn?.opened || !conn.synced.has(name)) return;
    this.#send(conn, { type: FRAME.DOC, doc: name, message: encodeAwarenessMessage(awareness, clients) });
  }

  #send(conn: Connection, frame: Frame) {
    if (conn.socket.readyState === OPEN) conn.out.push(frame);
  }

  #onStored(conn: Connection, name: string, count: number) {
    const sent = conn.sentMessages.get(name);
    if (!sent) return;
    const confirmed: number[] = [];
    while (sent.length > 0 && sent[0]!.n <= count) {
      for (const id of sent.shift()!.ids)
        if (!this.#refused.has(id) && this.#outbox.has(id)) confirmed.push(id);
    }
    if (confirmed.length === 0) return;
    for (const id of confirmed) this.#outbox.delete(id);
    const at = this.#now();
    this.#writes = this.#writes
      .then(() => this.#store.removeOutbox(confirmed))
      .then(() => this.#store.setMeta('lastConfirmedAt', at))
      .catch(() => undefined);
    this.#update({ lastConfirmedAt: at });
    this.#refreshCounts();
    this.#notifyWaiters();
  }

  #onRefused(conn: Connection, frame: Extract<Frame, { type: typeof FRAME.REFUSED }>) {
    if (frame.code === REFUSAL.FORBIDDEN || frame.code === REFUSAL.BAD_DOC_NAME) {
      conn.forbidden.add(frame.doc);
      conn.inFlight.delete(frame.doc);
      for (const entry of this.#outbox.values()) if (entry.doc === frame.doc) this.#refused.add(entry.id);
      if (conn.pendingCatalog.delete(frame.doc)) this.#checkCatalogDone(conn);
      this.#pump(conn);
    } else if (frame.messageNumber > 0) {
      const message = conn.sentMessages.get(frame.doc)?.find((m) => m.n === frame.messageNumber);
      for (const id of message?.ids ?? []) this.#refused.add(id);
      // The relay could not store it, or lacked what it builds on: one fresh handshake on this
      // connection sends the document's whole difference again. Read-only and append-only
      // refusals stay refused.
      if (
        frame.code !== REFUSAL.READ_ONLY &&
        frame.code !== REFUSAL.APPEND_ONLY &&
        !conn.retried.has(frame.doc)
      ) {
        conn.retried.add(frame.doc);
        setTimeout(() => {
          if (this.#conn !== conn) return;
          conn.synced.delete(frame.doc);
          this.#enqueueHandshake(frame.doc, true);
        }, 1000);
      }
    }
    this.#refreshCounts();
  }

  // --- status ---------------------------------------------------------------------------

  #refreshCounts() {
    let oldest: string | null = null;
    let bookkeeping = 0;
    let refused = 0;
    for (const entry of this.#outbox.values()) {
      if (this.#bookkeeping(entry.doc)) {
        bookkeeping += 1;
        continue;
      }
      if (oldest === null || entry.createdAt < oldest) oldest = entry.createdAt;
      if (this.#refused.has(entry.id)) refused += 1;
    }
    this.#update({
      unconfirmed: this.#outbox.size - bookkeeping,
      unconfirmedBookkeeping: bookkeeping,
      refused,
      oldestUnconfirmedAt: oldest,
    });
  }

  #update(patch: Partial<SyncStatus>) {
    this.#status = { ...this.#status, ...patch };
    for (const listener of this.#listeners) listener(this.#status);
    this.#notifyWaiters();
  }

  #waitFor(check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ check, resolve }));
  }

  #notifyWaiters() {
    this.#waiters = this.#waiters.filter((waiter) => {
      if (!waiter.check()) return true;
      waiter.resolve();
      return false;
    });
  }
}
