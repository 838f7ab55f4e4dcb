/**
 * The relay's core, free of sockets so tests drive it directly: peers send frames of the
 * multiplexed protocol (shared/protocol/mux.ts, docs/sync-protocol.md) and receive frames.
 *
 * Invariants:
 * - A peer's frames are handled strictly in order, so STORED counts only grow.
 * - Writes to one document are serialized; an update is appended to storage before it is
 *   pushed to others or confirmed to its sender. An update that fails to decode or apply
 *   changes nothing stored, and the in-memory copy is discarded so it cannot drift.
 * - Reads (sync step 1) are answered from the loaded document or straight from storage,
 *   without loading a Y.Doc: the first sync of a large practice touches thousands of
 *   documents and must not instantiate them all.
 * - A principal only ever sees documents of its own practice that it may read.
 */
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { parseDocName, permissionOf, STORAGE, type DocPermission, type WriteScope } from '@aligned/shared';
import {
  CLOSE,
  FRAME,
  PROTOCOL_VERSION,
  REFUSAL,
  SYNC,
  createFrameBatcher,
  decodeFrame,
  encodeAwarenessMessage,
  encodeFrame,
  isDecodeError,
  messageKind,
  readSyncPayload,
  syncMessage,
  type Frame,
} from '@aligned/shared/protocol';
import type { Principal } from './auth/authorizer.ts';
import { stampIdentity } from './awareness-identity.ts';
import { guardUpdate } from './update-guard.ts';
import { decodedShapeProblem } from './update-shape.ts';
import { createBucket, take, type TokenBucket } from './rate-limit.ts';
import type { Logger } from './logger.ts';
import type { DocStorage } from './storage/storage.ts';

export type PeerSink = {
  send(bytes: Uint8Array): void;
  close(code: number, reason: string): void;
};

export type HubOptions = {
  storage: DocStorage;
  logger: Logger;
  /** Unload a document from memory after this long without writes. */
  idleUnloadMs?: number;
  /** Compact a document's log in the background once it has this many entries. */
  compactAfterEntries?: number;
  /** Close a peer that has this many frames waiting to be handled (a flood). */
  maxQueuedFrames?: number;
  limits?: Partial<PeerLimits>;
  /** Told once per connection and document when the relay refuses access (for the security log). */
  onRefused?: (principal: Principal, docName: string, reason: string) => void;
};

/** Per-connection limits; a peer that breaks one is closed, nobody else is affected. */
export type PeerLimits = {
  /** WebSocket messages per second a peer may send, sustained, and as a burst. */
  messagesPerSecond: number;
  messageBurst: number;
  /** Bytes per second a peer may send, sustained, and as a burst. */
  bytesPerSecond: number;
  byteBurst: number;
  /** A multiplexed peer must say HELLO within this long. */
  handshakeTimeoutMs: number;
  /** A peer that sends nothing for this long is closed (it reconnects if it still wants to). */
  idleTimeoutMs: number;
};

export const DEFAULT_LIMITS: PeerLimits = {
  messagesPerSecond: 200,
  messageBurst: 2_000,
  bytesPerSecond: 2 * 1024 * 1024,
  byteBurst: 16 * 1024 * 1024,
  handshakeTimeoutMs: 10_000,
  idleTimeoutMs: 30 * 60_000,
};

export type HubStats = {
  /** Connected peers by kind: multiplexed app clients and single-document (stock y-websocket) ones. */
  peers: { mux: number; doc: number };
  loadedDocs: number;
  presenceDocs: number;
  framesIn: number;
  bytesIn: number;
  updatesStored: number;
  refused: Record<string, number>;
  closed: Record<string, number>;
  /** Appends in flight and how long the oldest has waited (persistence lag). */
  appendsInFlight: number;
  oldestAppendMs: number;
  appendSecondsTotal: number;
};

export type Peer = {
  receive(bytes: Uint8Array): void;
  disconnect(): void;
  /** Resolves when every frame received so far has been handled (tests, shutdown). */
  idle(): Promise<void>;
};

export type SyncHub = {
  /** A multiplexed connection (the app's protocol, docs/sync-protocol.md). */
  connect(principal: Principal, sink: PeerSink): Peer;
  /**
   * A connection bound to one document speaking plain y-websocket messages, for stock
   * `y-websocket` clients. An unknown or forbidden document closes the connection at once.
   */
  connectDoc(principal: Principal, docName: string, sink: PeerSink): Peer;
  stats(): HubStats;
  /** Closes every connection whose principal matches (revoked sessions, disabled accounts). */
  closeWhere(match: (principal: Principal) => boolean, code: number, reason: string): number;
  close(): Promise<void>;
};

type Room = {
  doc: Y.Doc;
  lastUsed: number;
  appendsSinceCompaction: number;
  /** Jittered per room, so documents written at the same pace do not all compact at once. */
  compactAt: number;
};

type WriteOutcome =
  | { kind: 'stored'; seq: number; update: Uint8Array | null }
  | { kind: 'noop' }
  | { kind: 'invalid'; reason: string }
  /** Beyond what the writer may change (update-guard.ts): append-only history or a partial scope. */
  | { kind: 'guarded'; code: 'append-only' | 'not-permitted'; reason: string }
  | { kind: 'storage-failed' };

type Presence = { awareness: awarenessProtocol.Awareness; clients: Map<PeerState, Set<number>> };

type PeerState = {
  principal: Principal;
  sink: PeerSink;
  /** Null for a multiplexed peer; the one document of a stock y-websocket peer. */
  onlyDoc: string | null;
  messages: TokenBucket;
  bytes: TokenBucket;
  lastActivity: number;
  handshakeTimer: ReturnType<typeof setTimeout> | null;
  /** Frames produced in one event-loop turn leave as one WebSocket message. */
  out: ReturnType<typeof createFrameBatcher>;
  hello: boolean;
  closed: boolean;
  queued: number;
  chain: Promise<void>;
  /** Update-bearing messages received per document (STORED counts). */
  counts: Map<string, number>;
  /** Documents whose refusal was already reported (once per connection is enough). */
  reported: Set<string>;
};

const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());
const COMPACTION_SPACING_MS = 25;
const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());

function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === 1 && stateVector[0] === 0;
}

function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === EMPTY_UPDATE.length && update.every((b, i) => b === EMPTY_UPDATE[i]);
}

export function createSyncHub(options: HubOptions): SyncHub {
  const { storage, logger } = options;
  const idleUnloadMs = options.idleUnloadMs ?? 30_000;
  const compactAfterEntries = options.compactAfterEntries ?? 200;
  const maxQueuedFrames = options.maxQueuedFrames ?? 10_000;
  const limits: PeerLimits = { ...DEFAULT_LIMITS, ...options.limits };

  const rooms = new Map<string, Promise<Room>>();
  const queues = new Map<string, Promise<unknown>>();
  const presences = new Map<string, Presence>();
  const peersByPractice = new Map<string, Set<PeerState>>();
  const counters = { framesIn: 0, bytesIn: 0, updatesStored: 0, appendSecondsTotal: 0 };
  const refusedByReason: Record<string, number> = {};
  const closedByCode: Record<string, number> = {};
  const appendsInFlight = new Set<{ started: number }>();
  let closing = false;

  const sweep = setInterval(() => void unloadIdleRooms(), Math.max(1000, idleUnloadMs / 2));
  sweep.unref?.();
  const idleSweep = setInterval(closeIdlePeers, Math.max(50, Math.min(30_000, limits.idleTimeoutMs / 4)));
  idleSweep.unref?.();

  // Compaction merges a document's log synchronously (SQLite): one document at a time, spaced
  // out, so a burst of documents reaching their threshold together never stalls everyone's sync.
  const compactionQueue = new Set<string>();
  let compactionTimer: ReturnType<typeof setTimeout> | null = null;
  function scheduleCompaction(docName: string) {
    compactionQueue.add(docName);
    if (compactionTimer === null) compactionTimer = setTimeout(compactNext, COMPACTION_SPACING_MS);
  }
  function compactNext() {
    compactionTimer = null;
    const next = compactionQueue.values().next();
    if (next.done) return;
    const docName = next.value;
    compactionQueue.delete(docName);
    void enqueue(docName, () => storage.compact(docName))
      .catch((error) => logger.error('compaction failed', { doc: docName, error: String(error) }))
      .finally(() => {
        if (compactionQueue.size > 0 && compactionTimer === null && !closing) {
          compactionTimer = setTimeout(compactNext, COMPACTION_SPACING_MS);
        }
      });
  }

  function closeIdlePeers() {
    const now = Date.now();
    for (const set of peersByPractice.values()) {
      for (const peer of [...set]) {
        if (now - peer.lastActivity > limits.idleTimeoutMs) closePeer(peer, CLOSE.TIMEOUT, 'idle');
        else if (peer.principal.expiresAt !== undefined && Date.parse(peer.principal.expiresAt) <= now) {
          // A session that ends while connected stops syncing then, not at the next reconnect.
          closePeer(peer, CLOSE.UNAUTHENTICATED, 'session expired');
        }
      }
    }
  }

  // Serializes work on one document; the chain is dropped once it drains.
  function enqueue<T>(docName: string, task: () => Promise<T>): Promise<T> {
    const previous = queues.get(docName) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    queues.set(docName, settled);
    void settled.then(() => {
      if (queues.get(docName) === settled) queues.delete(docName);
    });
    return next;
  }

  function loadRoom(docName: string): Promise<Room> {
    let room = rooms.get(docName);
    if (!room) {
      room = (async () => {
        const doc = new Y.Doc({ gc: true });
        const stored = await storage.load(docName);
        if (stored) Y.applyUpdate(doc, stored.update, STORAGE);
        return {
          doc,
          lastUsed: Date.now(),
          appendsSinceCompaction: 0,
          compactAt: compactAfterEntries + Math.floor(Math.random() * (compactAfterEntries / 2)),
        };
      })();
      rooms.set(docName, room);
      room.catch(() => rooms.delete(docName));
    }
    return room;
  }

  function discardRoom(docName: string) {
    const room = rooms.get(docName);
    rooms.delete(docName);
    void room?.then((r) => r.doc.destroy()).catch(() => undefined);
  }

  async function unloadIdleRooms() {
    const now = Date.now();
    for (const [docName, pending] of rooms) {
      if (queues.has(docName)) continue;
      const room = await pending.catch(() => null);
      if (room && now - room.lastUsed >= idleUnloadMs && !queues.has(docName)) {
        rooms.delete(docName);
        room.doc.destroy();
      }
    }
  }

  /** Applies an update to a document and appends what changed, serialized per document. */
  function write(docName: string, update: Uint8Array, scope: WriteScope): Promise<WriteOutcome> {
    return enqueue(docName, async (): Promise<WriteOutcome> => {
      // Checking the shape first rejects garbage and poisonous updates before they touch the document.
      let decoded: ReturnType<typeof Y.decodeUpdate>;
      try {
        decoded = Y.decodeUpdate(update);
      } catch {
        return { kind: 'invalid', reason: 'update does not decode' };
      }
      const problem = decodedShapeProblem(decoded);
      if (problem) return { kind: 'invalid', reason: problem };
      let room: Room;
      try {
        room = await loadRoom(docName);
      } catch (error) {
        logger.error('document load failed', { doc: docName, error: String(error) });
        return { kind: 'storage-failed' };
      }
      room.lastUsed = Date.now();
      const kind = parseDocName(docName)?.kind;
      if (!kind) return { kind: 'invalid', reason: 'unknown document name' };
      // Against the stored document, before applying: a refused update leaves it untouched.
      const refusal = guardUpdate(room.doc, decoded, kind, scope);
      if (refusal) return { kind: 'guarded', ...refusal };
      const marker = {};
      let effective: Uint8Array | null = null;
      const capture = (u: Uint8Array, origin: unknown) => {
        if (origin === marker) effective = u;
      };
      room.doc.on('update', capture);
      try {
        Y.applyUpdate(room.doc, update, marker);
      } catch {
        room.doc.off('update', capture);
        discardRoom(docName);
        return { kind: 'invalid', reason: 'update does not apply' };
      }
      room.doc.off('update', capture);
      // Parts waiting for changes the relay does not have would be stored but not applied, and
      // what is stored must be exactly what was applied. A client never needs this: its handshake
      // sends everything the relay lacks. Refuse, and forget the half-applied memory copy.
      if (room.doc.store.pendingStructs !== null || room.doc.store.pendingDs !== null) {
        discardRoom(docName);
        return { kind: 'invalid', reason: 'update depends on changes the relay does not have' };
      }
      const toStore: Uint8Array | null = effective;
      if (!toStore) return { kind: 'noop' };
      const inFlight = { started: Date.now() };
      appendsInFlight.add(inFlight);
      try {
        const seq = await storage.append(docName, toStore, Y.encodeStateVector(room.doc));
        counters.appendSecondsTotal += (Date.now() - inFlight.started) / 1000;
        counters.updatesStored += 1;
        room.appendsSinceCompaction += 1;
        if (room.appendsSinceCompaction >= room.compactAt) {
          room.appendsSinceCompaction = 0;
          scheduleCompaction(docName);
        }
        return { kind: 'stored', seq, update: effective };
      } catch (error) {
        logger.error('append failed', { doc: docName, error: String(error) });
        discardRoom(docName);
        return { kind: 'storage-failed' };
      } finally {
        appendsInFlight.delete(inFlight);
      }
    });
  }

  async function readState(
    docName: string,
    stateVector: Uint8Array,
  ): Promise<{ update: Uint8Array; sv: Uint8Array }> {
    const pending = rooms.get(docName);
    const room = pending ? await pending.catch(() => null) : null;
    if (room) {
      return { update: Y.encodeStateAsUpdate(room.doc, stateVector), sv: Y.encodeStateVector(room.doc) };
    }
    const stored = await storage.load(docName);
    if (!stored) return { update: EMPTY_UPDATE, sv: EMPTY_STATE_VECTOR };
    // A device that has nothing gets the stored state as it is: no decode, no re-encode.
    const update = isEmptyStateVector(stateVector) ? stored.update : Y.diffUpdate(stored.update, stateVector);
    return { update, sv: stored.stateVector };
  }

  const NO_PERMISSION: DocPermission = { read: false, write: 'none' };

  /** What the peer may do with a document: read it, and write all, nothing, or only new entries. */
  function permissionFor(peer: PeerState, docName: string): DocPermission {
    const address = parseDocName(docName);
    if (!address || address.practiceId !== peer.principal.practiceId) return NO_PERMISSION;
    const { principal } = peer;
    return principal.permission ? principal.permission(address) : permissionOf(principal.access(address));
  }

  const mayRead = (peer: PeerState, docName: string) => permissionFor(peer, docName).read;
  const mayOpen = (peer: PeerState, docName: string) => {
    const permission = permissionFor(peer, docName);
    return permission.read || permission.write !== 'none';
  };

  function send(peer: PeerState, frame: Frame) {
    if (peer.closed) return;
    if (peer.onlyDoc === null) return peer.out.push(frame);
    // A stock y-websocket peer understands only the messages of its document.
    if (frame.type === FRAME.DOC && frame.doc === peer.onlyDoc) peer.sink.send(frame.message);
    else if (frame.type === FRAME.UPDATE && frame.doc === peer.onlyDoc) {
      peer.sink.send(syncMessage(SYNC.UPDATE, frame.update));
    }
  }

  function pushToOthers(origin: PeerState | null, docName: string, frame: Frame) {
    const practice = parseDocName(docName)?.practiceId;
    if (!practice) return;
    const bytes = encodeFrame(frame);
    for (const peer of peersByPractice.get(practice) ?? []) {
      if (peer === origin || !peer.hello || peer.closed || !mayRead(peer, docName)) continue;
      if (peer.onlyDoc === null) peer.out.push(bytes);
      else if (peer.onlyDoc === docName) send(peer, frame);
    }
  }

  function presenceOf(docName: string): Presence {
    let presence = presences.get(docName);
    if (!presence) {
      const awareness = new awarenessProtocol.Awareness(new Y.Doc());
      awareness.setLocalState(null);
      const created: Presence = { awareness, clients: new Map() };
      awareness.on(
        'update',
        (
          { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
          origin: unknown,
        ) => {
          const owner = created.clients.get(origin as PeerState);
          if (owner) {
            for (const id of [...added, ...updated]) owner.add(id);
            for (const id of removed) owner.delete(id);
          }
          if (presences.get(docName) !== created) return; // being destroyed
          const changed = [...added, ...updated, ...removed];
          pushToOthers(origin as PeerState, docName, {
            type: FRAME.DOC,
            doc: docName,
            message: encodeAwarenessMessage(awareness, changed),
          });
          if (awareness.getStates().size === 0) {
            presences.delete(docName);
            queueMicrotask(() => awareness.destroy());
          }
        },
      );
      presences.set(docName, created);
      presence = created;
    }
    return presence;
  }

  const LOGGED_REFUSALS: ReadonlySet<number> = new Set([
    REFUSAL.FORBIDDEN,
    REFUSAL.READ_ONLY,
    REFUSAL.APPEND_ONLY,
  ]);

  /**
   * Whether `peer` may publish presence for `clientId`: nobody else's, except the same person's
   * (a reconnect before the old connection is noticed gone).
   */
  function mayPublishPresence(presence: Presence, peer: PeerState, clientId: number): boolean {
    for (const [owner, ids] of presence.clients) {
      if (owner === peer || !ids.has(clientId)) continue;
      if (owner.principal.userId === peer.principal.userId) {
        ids.delete(clientId);
        continue;
      }
      refusedByReason['presence of another connection'] =
        (refusedByReason['presence of another connection'] ?? 0) + 1;
      return false;
    }
    return true;
  }

  function refuse(peer: PeerState, doc: string, messageNumber: number, code: number, reason: string) {
    refusedByReason[reason] = (refusedByReason[reason] ?? 0) + 1;
    // The security log hears each kind of refusal once per connection and document.
    const key = `${code} ${reason} ${doc}`;
    if (LOGGED_REFUSALS.has(code) && !peer.reported.has(key)) {
      peer.reported.add(key);
      options.onRefused?.(peer.principal, doc, reason);
    }
    send(peer, { type: FRAME.REFUSED, doc, messageNumber, code, reason });
  }

  function closePeer(peer: PeerState, code: number, reason: string) {
    if (peer.closed) return;
    logger.warn('closing connection', { user: peer.principal.userId, code, reason });
    closedByCode[code] = (closedByCode[code] ?? 0) + 1;
    peer.out.flush();
    peer.sink.close(code, reason);
    detach(peer);
  }

  function detach(peer: PeerState) {
    if (peer.closed) return;
    peer.closed = true;
    if (peer.handshakeTimer) clearTimeout(peer.handshakeTimer);
    peersByPractice.get(peer.principal.practiceId)?.delete(peer);
    for (const [, presence] of presences) {
      const ids = presence.clients.get(peer);
      presence.clients.delete(peer);
      if (ids && ids.size > 0) awarenessProtocol.removeAwarenessStates(presence.awareness, [...ids], null);
    }
  }

  function subscribe(peer: PeerState) {
    let set = peersByPractice.get(peer.principal.practiceId);
    if (!set) peersByPractice.set(peer.principal.practiceId, (set = new Set()));
    set.add(peer);
  }

  async function handleHello(peer: PeerState, frame: Extract<Frame, { type: typeof FRAME.HELLO }>) {
    if (peer.hello) return closePeer(peer, CLOSE.PROTOCOL_ERROR, 'second HELLO');
    if (frame.protocolVersion !== PROTOCOL_VERSION) {
      return closePeer(peer, CLOSE.INCOMPATIBLE, `protocol ${PROTOCOL_VERSION} required`);
    }
    peer.hello = true;
    if (peer.handshakeTimer) clearTimeout(peer.handshakeTimer);
    // Subscribe before reading the catalog so no update between the two is missed.
    subscribe(peer);
    const { cursor, docs } = await storage.changedSince(peer.principal.practiceId, frame.cursor);
    send(peer, { type: FRAME.CATALOG, cursor, docs: docs.filter((d) => mayOpen(peer, d)) });
  }

  async function handleDoc(peer: PeerState, docName: string, message: Uint8Array) {
    const address = parseDocName(docName);
    if (!address)
      return refuse(peer, docName.slice(0, 200), 0, REFUSAL.BAD_DOC_NAME, 'unknown document name');
    const permission = permissionFor(peer, docName);
    // Same answer whether the document exists in another practice or not at all.
    if (!permission.read && permission.write === 'none')
      return refuse(peer, docName, 0, REFUSAL.FORBIDDEN, 'not permitted');
    const kind = messageKind(message);

    if (kind === 'sync-step1') {
      const stateVector = readSyncPayload(message);
      if (!stateVector) return refuse(peer, docName, 0, REFUSAL.INVALID_UPDATE, 'malformed state vector');
      let state: { update: Uint8Array; sv: Uint8Array };
      try {
        state = await readState(docName, stateVector);
      } catch {
        return refuse(peer, docName, 0, REFUSAL.INVALID_UPDATE, 'malformed state vector');
      }
      // A writer that may not read (a device adding to its own audit trail) learns only what the
      // relay already has, as a state vector, so it can send the rest: none of the content.
      const content = permission.read ? state.update : EMPTY_UPDATE;
      send(peer, { type: FRAME.DOC, doc: docName, message: syncMessage(SYNC.STEP2, content) });
      send(peer, { type: FRAME.DOC, doc: docName, message: syncMessage(SYNC.STEP1, state.sv) });
      return;
    }

    if (kind === 'sync-step2' || kind === 'sync-update') {
      const n = (peer.counts.get(docName) ?? 0) + 1;
      peer.counts.set(docName, n);
      const stored = () => send(peer, { type: FRAME.STORED, doc: docName, count: n });
      if (permission.write === 'none') {
        refuse(peer, docName, n, REFUSAL.READ_ONLY, 'read-only');
        return stored();
      }
      const update = readSyncPayload(message);
      if (!update) {
        refuse(peer, docName, n, REFUSAL.INVALID_UPDATE, 'malformed message');
        return stored();
      }
      if (isEmptyUpdate(update)) return stored();
      const outcome = await write(docName, update, permission.write);
      if (outcome.kind === 'stored' && outcome.update) {
        pushToOthers(peer, docName, {
          type: FRAME.UPDATE,
          doc: docName,
          seq: outcome.seq,
          update: outcome.update,
        });
      } else if (outcome.kind === 'invalid') {
        logger.warn('refused update', { user: peer.principal.userId, doc: docName, reason: outcome.reason });
        refuse(peer, docName, n, REFUSAL.INVALID_UPDATE, outcome.reason);
      } else if (outcome.kind === 'guarded') {
        logger.warn('refused update', { user: peer.principal.userId, doc: docName, reason: outcome.reason });
        const code = outcome.code === 'append-only' ? REFUSAL.APPEND_ONLY : REFUSAL.READ_ONLY;
        refuse(peer, docName, n, code, outcome.reason);
      } else if (outcome.kind === 'storage-failed') {
        refuse(peer, docName, n, REFUSAL.STORAGE_FAILED, 'could not store the update; send it again');
      }
      return stored();
    }

    if (kind === 'awareness' || kind === 'query-awareness') {
      // Presence tells who looks at what: only for those who may read the document. Dropped
      // without a refusal, which would tell the client the document is closed to it.
      if (!permission.read) return;
    }

    if (kind === 'awareness') {
      try {
        const d = decoding.createDecoder(message);
        decoding.readVarUint(d);
        const claimed = decoding.readVarUint8Array(d);
        const presence = presenceOf(docName);
        // Whatever the client says, presence shows who actually signed in, and it publishes or
        // removes only its own client ids (another person's are dropped, PERM-8).
        const update = stampIdentity(
          claimed,
          { id: peer.principal.userId, name: peer.principal.displayName },
          (clientId) => mayPublishPresence(presence, peer, clientId),
        );
        if (!update) return refuse(peer, docName, 0, REFUSAL.INVALID_UPDATE, 'malformed presence');
        if (!presence.clients.has(peer)) presence.clients.set(peer, new Set());
        awarenessProtocol.applyAwarenessUpdate(presence.awareness, update, peer);
      } catch {
        refuse(peer, docName, 0, REFUSAL.INVALID_UPDATE, 'malformed presence');
      }
      return;
    }

    if (kind === 'query-awareness') {
      const presence = presences.get(docName);
      if (!presence) return;
      const everyone = [...presence.awareness.getStates().keys()];
      send(peer, {
        type: FRAME.DOC,
        doc: docName,
        message: encodeAwarenessMessage(presence.awareness, everyone),
      });
      return;
    }

    closePeer(peer, CLOSE.PROTOCOL_ERROR, 'unknown message type');
  }

  async function handle(peer: PeerState, bytes: Uint8Array) {
    if (peer.closed) return;
    if (peer.onlyDoc !== null) {
      if (bytes.length === 0) return closePeer(peer, CLOSE.PROTOCOL_ERROR, 'empty message');
      return handleDoc(peer, peer.onlyDoc, bytes);
    }
    const frame = decodeFrame(bytes);
    if (isDecodeError(frame)) return closePeer(peer, CLOSE.PROTOCOL_ERROR, frame.error);
    if (frame.type === FRAME.HELLO) return handleHello(peer, frame);
    if (frame.type === FRAME.BATCH) {
      for (const inner of frame.frames) await handle(peer, inner);
      return;
    }
    if (frame.type !== FRAME.DOC)
      return closePeer(peer, CLOSE.PROTOCOL_ERROR, 'frame type not accepted from clients');
    if (!peer.hello) return closePeer(peer, CLOSE.PROTOCOL_ERROR, 'HELLO first');
    return handleDoc(peer, frame.doc, frame.message);
  }

  function createPeer(principal: Principal, sink: PeerSink, onlyDoc: string | null): PeerState {
    const now = Date.now();
    return {
      principal,
      sink,
      onlyDoc,
      messages: createBucket(limits.messagesPerSecond, limits.messageBurst, now),
      bytes: createBucket(limits.bytesPerSecond, limits.byteBurst, now),
      lastActivity: now,
      handshakeTimer: null,
      out: createFrameBatcher((bytes) => sink.send(bytes), setImmediate),
      hello: false,
      closed: closing,
      queued: 0,
      chain: Promise.resolve(),
      counts: new Map(),
      reported: new Set(),
    };
  }

  function peerApi(peer: PeerState): Peer {
    return {
      receive(bytes) {
        if (peer.closed) return;
        const now = Date.now();
        peer.lastActivity = now;
        counters.framesIn += 1;
        counters.bytesIn += bytes.length;
        if (!take(peer.messages, 1, now)) return closePeer(peer, CLOSE.RATE_LIMITED, 'message rate');
        if (!take(peer.bytes, bytes.length, now)) return closePeer(peer, CLOSE.RATE_LIMITED, 'byte rate');
        if (++peer.queued > maxQueuedFrames)
          return closePeer(peer, CLOSE.RATE_LIMITED, 'too many frames waiting');
        peer.chain = peer.chain
          .then(() => handle(peer, bytes))
          .catch((error) => {
            logger.error('frame handling failed', { user: peer.principal.userId, error: String(error) });
            closePeer(peer, CLOSE.PROTOCOL_ERROR, 'internal error');
          })
          .finally(() => {
            peer.queued -= 1;
          });
      },
      disconnect: () => detach(peer),
      idle: () => peer.chain,
    };
  }

  return {
    connect(principal, sink) {
      const peer = createPeer(principal, sink, null);
      if (closing) sink.close(CLOSE.GOING_AWAY, 'relay is shutting down');
      else {
        // Counted among the practice's peers for idle checks, but sent nothing until HELLO.
        peer.handshakeTimer = setTimeout(() => {
          if (!peer.hello) {
            peersByPractice.get(principal.practiceId)?.add(peer);
            closePeer(peer, CLOSE.TIMEOUT, 'no HELLO');
          }
        }, limits.handshakeTimeoutMs);
        peer.handshakeTimer.unref?.();
      }
      return peerApi(peer);
    },
    connectDoc(principal, docName, sink) {
      const peer = createPeer(principal, sink, docName);
      if (closing) sink.close(CLOSE.GOING_AWAY, 'relay is shutting down');
      else if (!parseDocName(docName)) {
        peer.closed = true;
        sink.close(CLOSE.PROTOCOL_ERROR, 'unknown document name');
      } else if (!mayOpen(peer, docName)) {
        peer.closed = true;
        sink.close(CLOSE.FORBIDDEN, 'not permitted');
      } else {
        peer.hello = true;
        subscribe(peer);
      }
      return peerApi(peer);
    },
    closeWhere(match, code, reason) {
      let closed = 0;
      for (const set of peersByPractice.values()) {
        for (const peer of [...set]) {
          if (match(peer.principal)) {
            closePeer(peer, code, reason);
            closed += 1;
          }
        }
      }
      return closed;
    },
    stats() {
      const peers = { mux: 0, doc: 0 };
      for (const set of peersByPractice.values()) {
        for (const peer of set) peers[peer.onlyDoc === null ? 'mux' : 'doc'] += 1;
      }
      let oldest: number | null = null;
      for (const { started } of appendsInFlight)
        oldest = oldest === null ? started : Math.min(oldest, started);
      return {
        peers,
        loadedDocs: rooms.size,
        presenceDocs: presences.size,
        framesIn: counters.framesIn,
        bytesIn: counters.bytesIn,
        updatesStored: counters.updatesStored,
        appendSecondsTotal: counters.appendSecondsTotal,
        refused: { ...refusedByReason },
        closed: { ...closedByCode },
        appendsInFlight: appendsInFlight.size,
        oldestAppendMs: oldest === null ? 0 : Date.now() - oldest,
      };
    },
    async close() {
      closing = true;
      clearInterval(sweep);
      clearInterval(idleSweep);
      if (compactionTimer !== null) clearTimeout(compactionTimer);
      for (const set of peersByPractice.values()) {
        for (const peer of [...set]) closePeer(peer, CLOSE.GOING_AWAY, 'relay is shutting down');
      }
      await Promise.all([...queues.values()]);
      for (const [name, room] of rooms) {
        rooms.delete(name);
        await room.then((r) => r.doc.destroy()).catch(() => undefined);
      }
      const remaining = [...presences.values()];
      presences.clear();
      for (const presence of remaining) presence.awareness.destroy();
    },
  };
}
