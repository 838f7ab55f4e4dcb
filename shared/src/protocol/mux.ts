/**
 * Aligned's multiplexed sync protocol: many Yjs documents over one WebSocket.
 *
 * A practice has thousands of small documents (docs/data-model.md); one socket per document
 * (stock y-websocket) would not survive the first sync of a large practice. Each frame here
 * names its document and carries an unchanged y-websocket message (sync step 1/2, update,
 * awareness, query-awareness), plus a few extension frames for the catalog, pushes and
 * server confirmation. docs/sync-protocol.md is the specification; keep them in step.
 *
 * Every frame starts with varUint(frame type). Strings are lib0 varString (UTF-8 with length),
 * byte arrays are lib0 varUint8Array.
 *
 *   client → server
 *     HELLO    varUint(protocolVersion) varUint(cursor)
 *     DOC      varString(docName) <y-websocket message>
 *   server → client
 *     CATALOG  varUint(cursor) varUint(n) n × varString(docName)
 *     DOC      varString(docName) <y-websocket message>
 *     UPDATE   varString(docName) varUint(seq) varUint8Array(update)
 *     STORED   varString(docName) varUint(count)
 *     REFUSED  varString(docName) varUint(messageNumber) varUint(code) varString(reason)
 *   both ways
 *     BATCH    varUint(n) n × varUint8Array(frame)   several frames in one WebSocket message
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { encodeAwarenessUpdate, type Awareness } from 'y-protocols/awareness';

/** Bumped on any incompatible change; the relay closes older clients with INCOMPATIBLE. */
export const PROTOCOL_VERSION = 1;

export const FRAME = {
  HELLO: 0,
  DOC: 1,
  CATALOG: 2,
  STORED: 3,
  REFUSED: 4,
  UPDATE: 6,
  BATCH: 7,
} as const;

/** Most frames one BATCH may carry; a sender splits longer runs. */
export const MAX_BATCH_FRAMES = 256;

/** y-websocket message types carried inside DOC frames (y-protocols PROTOCOL.md). */
export const MESSAGE = {
  SYNC: 0,
  AWARENESS: 1,
  AUTH: 2,
  QUERY_AWARENESS: 3,
} as const;

/**
 * The y-websocket awareness message (carried in a DOC frame) with the states of `clients`: the
 * one encoder the client and the relay share, for changes and for answers to a query.
 */
export function encodeAwarenessMessage(awareness: Awareness, clients: readonly number[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE.AWARENESS);
  encoding.writeVarUint8Array(e, encodeAwarenessUpdate(awareness, [...clients]));
  return encoding.toUint8Array(e);
}

/** y-protocols sync sub-types. */
export const SYNC = {
  STEP1: 0,
  STEP2: 1,
  UPDATE: 2,
} as const;

/** Why the relay refused one message for one document (REFUSED frame). */
export const REFUSAL = {
  /** The principal may not read this document (or it does not exist for them). */
  FORBIDDEN: 1,
  /** The principal may read but not write this document. */
  READ_ONLY: 2,
  /** The update could not be decoded or applied; nothing was stored. */
  INVALID_UPDATE: 3,
  /** The document name is not one this relay knows. */
  BAD_DOC_NAME: 4,
  /** The relay could not store the update (disk full, I/O error); send it again later. */
  STORAGE_FAILED: 5,
  /**
   * The update would remove, rewrite or reorder recorded history (an append-only log's entries,
   * APPEND-9); nothing was stored. Final: sending it again cannot succeed.
   */
  APPEND_ONLY: 6,
} as const;

export type Frame =
  | { type: typeof FRAME.HELLO; protocolVersion: number; cursor: number }
  | { type: typeof FRAME.DOC; doc: string; message: Uint8Array }
  | { type: typeof FRAME.CATALOG; cursor: number; docs: string[] }
  | { type: typeof FRAME.STORED; doc: string; count: number }
  | { type: typeof FRAME.REFUSED; doc: string; messageNumber: number; code: number; reason: string }
  | { type: typeof FRAME.UPDATE; doc: string; seq: number; update: Uint8Array }
  | { type: typeof FRAME.BATCH; frames: Uint8Array[] };

export function encodeFrame(frame: Frame): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, frame.type);
  switch (frame.type) {
    case FRAME.HELLO:
      encoding.writeVarUint(e, frame.protocolVersion);
      encoding.writeVarUint(e, frame.cursor);
      break;
    case FRAME.DOC:
      encoding.writeVarString(e, frame.doc);
      encoding.writeUint8Array(e, frame.message);
      break;
    case FRAME.CATALOG:
      encoding.writeVarUint(e, frame.cursor);
      encoding.writeVarUint(e, frame.docs.length);
      for (const doc of frame.docs) encoding.writeVarString(e, doc);
      break;
    case FRAME.STORED:
      encoding.writeVarString(e, frame.doc);
      encoding.writeVarUint(e, frame.count);
      break;
    case FRAME.REFUSED:
      encoding.writeVarString(e, frame.doc);
      encoding.writeVarUint(e, frame.messageNumber);
      encoding.writeVarUint(e, frame.code);
      encoding.writeVarString(e, frame.reason);
      break;
    case FRAME.UPDATE:
      encoding.writeVarString(e, frame.doc);
      encoding.writeVarUint(e, frame.seq);
      encoding.writeVarUint8Array(e, frame.update);
      break;
    case FRAME.BATCH:
      encoding.writeVarUint(e, frame.frames.length);
      for (const inner of frame.frames) encoding.writeVarUint8Array(e, inner);
      break;
  }
  return encoding.toUint8Array(e);
}

export type DecodeError = { error: 'malformed' | 'unknown-frame' };

/**
 * Decodes one frame from untrusted bytes. Never throws: truncated varints, overlong
 * strings and unknown types come back as an error value.
 */
export function decodeFrame(bytes: Uint8Array): Frame | DecodeError {
  try {
    const d = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(d);
    let frame: Frame;
    switch (type) {
      case FRAME.HELLO:
        frame = { type, protocolVersion: decoding.readVarUint(d), cursor: decoding.readVarUint(d) };
        break;
      case FRAME.DOC: {
        const doc = decoding.readVarString(d);
        frame = { type, doc, message: decoding.readTailAsUint8Array(d) };
        if (frame.message.length === 0) return { error: 'malformed' };
        break;
      }
      case FRAME.CATALOG: {
        const cursor = decoding.readVarUint(d);
        const count = decoding.readVarUint(d);
        if (count > bytes.length) return { error: 'malformed' };
        const docs: string[] = [];
        for (let i = 0; i < count; i++) docs.push(decoding.readVarString(d));
        frame = { type, cursor, docs };
        break;
      }
      case FRAME.STORED:
        frame = { type, doc: decoding.readVarString(d), count: decoding.readVarUint(d) };
        break;
      case FRAME.REFUSED:
        frame = {
          type,
          doc: decoding.readVarString(d),
          messageNumber: decoding.readVarUint(d),
          code: decoding.readVarUint(d),
          reason: decoding.readVarString(d),
        };
        break;
      case FRAME.UPDATE:
        frame = {
          type,
          doc: decoding.readVarString(d),
          seq: decoding.readVarUint(d),
          update: decoding.readVarUint8Array(d),
        };
        break;
      case FRAME.BATCH: {
        const count = decoding.readVarUint(d);
        if (count === 0 || count > MAX_BATCH_FRAMES) return { error: 'malformed' };
        const frames: Uint8Array[] = [];
        for (let i = 0; i < count; i++) {
          const inner = decoding.readVarUint8Array(d);
          // No batches inside batches: one level keeps decoding bounded.
          if (inner.length === 0 || inner[0] === FRAME.BATCH) return { error: 'malformed' };
          frames.push(inner);
        }
        frame = { type, frames };
        break;
      }
      default:
        return { error: 'unknown-frame' };
    }
    if (frame.type !== FRAME.DOC && decoding.hasContent(d)) return { error: 'malformed' };
    return frame;
  } catch {
    return { error: 'malformed' };
  }
}

export function isDecodeError(value: Frame | DecodeError): value is DecodeError {
  return 'error' in value;
}

/**
 * The kind of a y-websocket message without decoding its payload, so the relay can
 * refuse writes from read-only principals before touching the document.
 */
export type MessageKind =
  'sync-step1' | 'sync-step2' | 'sync-update' | 'awareness' | 'query-awareness' | 'auth' | 'unknown';

export function messageKind(message: Uint8Array): MessageKind {
  try {
    const d = decoding.createDecoder(message);
    const type = decoding.readVarUint(d);
    if (type === MESSAGE.SYNC) {
      const sub = decoding.readVarUint(d);
      if (sub === SYNC.STEP1) return 'sync-step1';
      if (sub === SYNC.STEP2) return 'sync-step2';
      if (sub === SYNC.UPDATE) return 'sync-update';
      return 'unknown';
    }
    if (type === MESSAGE.AWARENESS) return 'awareness';
    if (type === MESSAGE.QUERY_AWARENESS) return 'query-awareness';
    if (type === MESSAGE.AUTH) return 'auth';
    return 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Builds the y-websocket sync messages (so callers need not know the varint layout). */
export function syncMessage(sub: (typeof SYNC)[keyof typeof SYNC], payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE.SYNC);
  encoding.writeVarUint(e, sub);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

/** Reads the payload of a sync message (state vector for step 1, update for step 2/update). */
export function readSyncPayload(message: Uint8Array): Uint8Array | null {
  try {
    const d = decoding.createDecoder(message);
    decoding.readVarUint(d);
    decoding.readVarUint(d);
    const payload = decoding.readVarUint8Array(d);
    return decoding.hasContent(d) ? null : payload;
  } catch {
    return null;
  }
}
