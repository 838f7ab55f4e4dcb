import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate } from 'y-protocols/awareness';
import * as decoding from 'lib0/decoding';
import {
  decodeFrame,
  encodeAwarenessMessage,
  encodeFrame,
  MESSAGE,
  FRAME,
  MAX_BATCH_FRAMES,
  messageKind,
  readSyncPayload,
  syncMessage,
  SYNC,
  type Frame,
} from './mux.ts';
import { createFrameBatcher } from './batcher.ts';

const frames: Frame[] = [
  { type: FRAME.HELLO, protocolVersion: 1, cursor: 123456789 },
  {
    type: FRAME.DOC,
    doc: 'prc_0123456789abcdef/patients',
    message: syncMessage(SYNC.STEP1, new Uint8Array([0])),
  },
  {
    type: FRAME.CATALOG,
    cursor: 42,
    docs: ['prc_0123456789abcdef/patients', 'prc_0123456789abcdef/practice'],
  },
  { type: FRAME.STORED, doc: 'prc_0123456789abcdef/patients', count: 7 },
  {
    type: FRAME.REFUSED,
    doc: 'prc_0123456789abcdef/patients',
    messageNumber: 3,
    code: 2,
    reason: 'read-only',
  },
  { type: FRAME.UPDATE, doc: 'prc_0123456789abcdef/patients', seq: 99, update: new Uint8Array([1, 2, 3]) },
  {
    type: FRAME.BATCH,
    frames: [
      encodeFrame({ type: FRAME.STORED, doc: 'prc_0123456789abcdef/patients', count: 1 }),
      encodeFrame({ type: FRAME.STORED, doc: 'prc_0123456789abcdef/patients', count: 2 }),
    ],
  },
];

describe('multiplexed frames', () => {
  it('decode to exactly what was encoded, for every frame type', () => {
    for (const frame of frames) expect(decodeFrame(encodeFrame(frame))).toEqual(frame);
  });

  it('come back as an error value for truncated, unknown or trailing-garbage input', () => {
    for (const frame of frames) {
      const bytes = encodeFrame(frame);
      if (frame.type !== FRAME.DOC) {
        expect(decodeFrame(bytes.slice(0, bytes.length - 1))).toHaveProperty('error');
        expect(decodeFrame(new Uint8Array([...bytes, 0]))).toHaveProperty('error');
      }
    }
    expect(decodeFrame(new Uint8Array([]))).toEqual({ error: 'malformed' });
    expect(decodeFrame(new Uint8Array([250]))).toEqual({ error: 'malformed' });
    expect(decodeFrame(new Uint8Array([77]))).toEqual({ error: 'unknown-frame' });
    expect(
      decodeFrame(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])),
    ).toHaveProperty('error');
  });

  it('refuse a batch inside a batch, an empty batch and an oversized one', () => {
    const hello = encodeFrame({ type: FRAME.HELLO, protocolVersion: 1, cursor: 0 });
    const inner = encodeFrame({ type: FRAME.BATCH, frames: [hello] });
    expect(decodeFrame(encodeFrame({ type: FRAME.BATCH, frames: [inner] }))).toEqual({ error: 'malformed' });
    expect(decodeFrame(encodeFrame({ type: FRAME.BATCH, frames: [] }))).toEqual({ error: 'malformed' });
    const many = Array.from({ length: MAX_BATCH_FRAMES + 1 }, () => hello);
    expect(decodeFrame(encodeFrame({ type: FRAME.BATCH, frames: many }))).toEqual({ error: 'malformed' });
  });

  it('never throw on random bytes', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256;
    for (let i = 0; i < 5000; i++) {
      const bytes = new Uint8Array(1 + (next() % 40)).map(() => next());
      expect(() => decodeFrame(bytes)).not.toThrow();
      expect(() => messageKind(bytes)).not.toThrow();
    }
  });

  it('classify y-websocket messages so writes can be refused without decoding updates', () => {
    expect(messageKind(syncMessage(SYNC.STEP1, new Uint8Array([0])))).toBe('sync-step1');
    expect(messageKind(syncMessage(SYNC.STEP2, new Uint8Array([0, 0])))).toBe('sync-step2');
    expect(messageKind(syncMessage(SYNC.UPDATE, new Uint8Array([0, 0])))).toBe('sync-update');
    expect(messageKind(new Uint8Array([1, 0]))).toBe('awareness');
    expect(messageKind(new Uint8Array([3]))).toBe('query-awareness');
    expect(messageKind(new Uint8Array([0, 9]))).toBe('unknown');
    expect(messageKind(new Uint8Array([9]))).toBe('unknown');
  });

  it('read the payload of a sync message and reject trailing bytes', () => {
    expect(readSyncPayload(syncMessage(SYNC.UPDATE, new Uint8Array([5, 6])))).toEqual(new Uint8Array([5, 6]));
    expect(readSyncPayload(new Uint8Array([...syncMessage(SYNC.UPDATE, new Uint8Array([5])), 1]))).toBeNull();
  });
});

describe('frame batcher', () => {
  it('sends what one turn produced as one message, in order, and a single frame as itself', async () => {
    const sent: Uint8Array[] = [];
    const batcher = createFrameBatcher((bytes) => sent.push(bytes));
    const a = { type: FRAME.STORED, doc: 'd/a', count: 1 } as const;
    const b = { type: FRAME.STORED, doc: 'd/b', count: 2 } as const;
    batcher.push(a);
    batcher.push(b);
    await Promise.resolve();
    expect(sent).toHaveLength(1);
    expect(decodeFrame(sent[0]!)).toEqual({ type: FRAME.BATCH, frames: [encodeFrame(a), encodeFrame(b)] });
    batcher.push(a);
    await Promise.resolve();
    expect(decodeFrame(sent[1]!)).toEqual(a);
  });

  it('splits a long run into batches of at most MAX_BATCH_FRAMES', () => {
    const sent: Uint8Array[] = [];
    const batcher = createFrameBatcher(
      (bytes) => sent.push(bytes),
      () => undefined,
    );
    for (let i = 0; i < MAX_BATCH_FRAMES * 2 + 1; i++)
      batcher.push({ type: FRAME.STORED, doc: 'd/a', count: i });
    batcher.flush();
    expect(sent.map((bytes) => (decodeFrame(bytes) as Frame).type)).toEqual([
      FRAME.BATCH,
      FRAME.BATCH,
      FRAME.STORED,
    ]);
  });
});

describe('awareness messages', () => {
  it('carry the named clients’ states as a y-websocket awareness message another peer applies', () => {
    const sender = new Awareness(new Y.Doc());
    sender.setLocalStateField('user', { name: 'Alice' });
    const message = encodeAwarenessMessage(sender, [sender.clientID]);

    expect(messageKind(message)).toBe('awareness');
    const d = decoding.createDecoder(message);
    expect(decoding.readVarUint(d)).toBe(MESSAGE.AWARENESS);
    const receiver = new Awareness(new Y.Doc());
    applyAwarenessUpdate(receiver, decoding.readVarUint8Array(d), 'remote');
    expect(receiver.getStates().get(sender.clientID)).toEqual({ user: { name: 'Alice' } });
  });
});
