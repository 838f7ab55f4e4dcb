/**
 * An in-memory stand-in for the relay that speaks the multiplexed protocol (protocol/mux.ts), for
 * fast unit tests of the SyncClient. Each test decides what the relay does: confirm every update at
 * once or only when told, refuse, close with a code, push a change from another device, send
 * frames this client does not know. Frames are copied and delivered asynchronously, as over a
 * socket. The real relay is exercised with the client in sync-server's tests.
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import {
  FRAME,
  MESSAGE,
  REFUSAL,
  SYNC,
  decodeFrame,
  encodeFrame,
  isDecodeError,
  readSyncPayload,
  syncMessage,
  type Frame,
} from '../protocol/index.ts';
import type { SocketLike } from '../sync/sync-client.ts';

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

export type DoubleSocket = SocketLike & { readyState: number };

/** One update-bearing message the relay received: its number on the connection and its payload. */
export type ReceivedUpdate = { doc: string; n: number; sub: 'step2' | 'update'; update: Uint8Array };

export type DoubleConnection = {
  socket: DoubleSocket;
  hello: { protocolVersion: number; cursor: number } | null;
  /** Every frame the client sent, batches unpacked, in order. */
  frames: Frame[];
  updates: ReceivedUpdate[];
  /** Updates received but not yet stored (manual confirmation): lost if the connection drops. */
  pending: ReceivedUpdate[];
  counts: Map<string, number>;
  closed: boolean;
};

export type RelayDoubleOptions = {
  /** `auto` (default): store and confirm every update at once. `manual`: only on `confirm`. */
  confirm?: 'auto' | 'manual';
  /** Answers a HELLO: return a close to refuse the connection (version skew, revoked session). */
  onHello?: (hello: { protocolVersion: number; cursor: number }) => { code: number; reason: string } | null;
  /** Documents this client may not read: every frame naming one is refused as forbidden. */
  forbidden?: (doc: string) => boolean;
  /** Connection attempts fail before opening (the relay refused the session at the door). */
  refuseAtDoor?: () => boolean;
};

export type RelayDouble = {
  /** Pass as `SyncClientOptions.openSocket`. */
  openSocket: () => SocketLike;
  readonly connections: DoubleConnection[];
  /** The latest connection (throws when there is none). */
  current(): DoubleConnection;
  /** The relay's stored copy of a document. */
  doc(name: string): Y.Doc;
  /** The highest sequence number stored. */
  readonly seq: number;
  /** Switches between confirming at once and on demand. */
  setConfirm(mode: 'auto' | 'manual'): void;
  /** Stores the pending updates of `doc` up to message `upTo` (all by default) and confirms them. */
  confirm(doc: string, upTo?: number): void;
  /** Sends a frame (or raw bytes) to the client of the current connection. */
  send(frame: Frame | Uint8Array): void;
  /** The relay closes the current connection with a code. */
  close(code: number, reason?: string): void;
  /** The network goes away: the connection closes (1006) and unconfirmed updates are lost. */
  drop(): void;
  /** Another device's change, stored and pushed to every open connection. */
  storeFromElsewhere(doc: string, update: Uint8Array): void;
};

export function createRelayDouble(options: RelayDoubleOptions = {}): RelayDouble {
  let confirmMode = options.confirm ?? 'auto';
  const docs = new Map<string, Y.Doc>();
  const lastSeq = new Map<string, number>();
  const connections: DoubleConnection[] = [];
  let seq = 0;

  const docOf = (name: string) => {
    let doc = docs.get(name);
    if (!doc) docs.set(name, (doc = new Y.Doc()));
    return doc;
  };

  const deliver = (conn: DoubleConnection, bytes: Uint8Array) => {
    if (conn.closed) return;
    const copy = bytes.slice();
    queueMicrotask(() => {
      if (!conn.closed) conn.socket.onmessage?.({ data: copy.buffer });
    });
  };
  const sendTo = (conn: DoubleConnection, frame: Frame | Uint8Array) =>
    deliver(conn, frame instanceof Uint8Array ? frame : encodeFrame(frame));

  /** Applies an update to the stored copy; pushes it to the other connections when it changed anything. */
  const store = (name: string, update: Uint8Array, from: DoubleConnection | null) => {
    const doc = docOf(name);
    const before = Y.encodeStateVector(doc);
    Y.applyUpdate(doc, update);
    const after = Y.encodeStateVector(doc);
    if (before.length === after.length && before.every((b, i) => b === after[i])) return;
    seq += 1;
    lastSeq.set(name, seq);
    for (const conn of connections) {
      if (conn !== from && !conn.closed && conn.hello)
        sendTo(conn, { type: FRAME.UPDATE, doc: name, seq, update });
    }
  };

  const closeConnection = (conn: DoubleConnection, code: number, reason: string) => {
    if (conn.closed) return;
    conn.closed = true;
    conn.pending = [];
    conn.socket.readyState = CLOSED;
    queueMicrotask(() => conn.socket.onclose?.({ code, reason }));
  };

  const handle = (conn: DoubleConnection, bytes: Uint8Array) => {
    if (conn.closed) return;
    const frame = decodeFrame(bytes);
    if (isDecodeError(frame)) return closeConnection(conn, 4400, frame.error);
    if (frame.type === FRAME.BATCH) {
      for (const inner of frame.frames) handle(conn, inner);
      return;
    }
    conn.frames.push(frame);
    if (frame.type === FRAME.HELLO) {
      conn.hello = { protocolVersion: frame.protocolVersion, cursor: frame.cursor };
      const refusal = options.onHello?.(conn.hello) ?? null;
      if (refusal) return closeConnection(conn, refusal.code, refusal.reason);
      const changed = [...lastSeq].filter(([, s]) => s > frame.cursor).map(([name]) => name);
      return sendTo(conn, { type: FRAME.CATALOG, cursor: seq, docs: changed });
    }
    if (frame.type !== FRAME.DOC) return;
    const name = frame.doc;
    if (options.forbidden?.(name)) {
      return sendTo(conn, {
        type: FRAME.REFUSED,
        doc: name,
        messageNumber: 0,
        code: REFUSAL.FORBIDDEN,
        reason: 'not permitted',
      });
    }
    const d = decoding.createDecoder(frame.message);
    if (decoding.readVarUint(d) !== MESSAGE.SYNC) return;
    const sub = decoding.readVarUint(d);
    const payload = readSyncPayload(frame.message);
    if (!payload) return;
    if (sub === SYNC.STEP1) {
      const doc = docOf(name);
      sendTo(conn, {
        type: FRAME.DOC,
        doc: name,
        message: syncMessage(SYNC.STEP2, Y.encodeStateAsUpdate(doc, payload)),
      });
      sendTo(conn, {
        type: FRAME.DOC,
        doc: name,
        message: syncMessage(SYNC.STEP1, Y.encodeStateVector(doc)),
      });
      return;
    }
    const n = (conn.counts.get(name) ?? 0) + 1;
    conn.counts.set(name, n);
    const received: ReceivedUpdate = {
      doc: name,
      n,
      sub: sub === SYNC.STEP2 ? 'step2' : 'update',
      update: payload,
    };
    conn.updates.push(received);
    if (confirmMode === 'manual') {
      conn.pending.push(received);
      return;
    }
    store(name, payload, conn);
    sendTo(conn, { type: FRAME.STORED, doc: name, count: n });
  };

  const openSocket = (): SocketLike => {
    const socket: DoubleSocket = {
      binaryType: 'arraybuffer',
      readyState: CONNECTING,
      onopen: null,
      onclose: null,
      onmessage: null,
      onerror: null,
      send(data) {
        if (socket.readyState !== OPEN) return;
        const copy = data.slice();
        queueMicrotask(() => handle(conn, copy));
      },
      close(code = 1000, reason = '') {
        if (conn.closed) return;
        conn.closed = true;
        conn.pending = [];
        socket.readyState = CLOSED;
        queueMicrotask(() => socket.onclose?.({ code, reason }));
      },
    };
    const conn: DoubleConnection = {
      socket,
      hello: null,
      frames: [],
      updates: [],
      pending: [],
      counts: new Map(),
      closed: false,
    };
    connections.push(conn);
    queueMicrotask(() => {
      if (conn.closed) return;
      if (options.refuseAtDoor?.()) return closeConnection(conn, 1006, '');
      socket.readyState = OPEN;
      socket.onopen?.({});
    });
    return socket;
  };

  const current = () => {
    const conn = connections.at(-1);
    if (!conn) throw new Error('No connection to the relay double yet');
    return conn;
  };

  return {
    openSocket,
    connections,
    current,
    doc: docOf,
    get seq() {
      return seq;
    },
    setConfirm(mode) {
      confirmMode = mode;
    },
    confirm(doc, upTo) {
      const conn = current();
      const mine = conn.pending.filter((p) => p.doc === doc && (upTo === undefined || p.n <= upTo));
      if (mine.length === 0 && upTo === undefined) return;
      for (const p of mine) store(p.doc, p.update, conn);
      conn.pending = conn.pending.filter((p) => !mine.includes(p));
      const count = upTo ?? Math.max(...mine.map((p) => p.n));
      sendTo(conn, { type: FRAME.STORED, doc, count });
    },
    send: (frame) => sendTo(current(), frame),
    close: (code, reason = '') => closeConnection(current(), code, reason),
    drop: () => closeConnection(current(), 1006, 'network lost'),
    storeFromElsewhere: (doc, update) => store(doc, update, null),
  };
}
