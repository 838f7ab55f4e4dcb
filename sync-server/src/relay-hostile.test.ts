/**
 * A bad client affects only its own connection. Each hostile act below is followed by proof
 * that a well-behaved client in another practice is still served within 1 s, and that stored
 * documents are unchanged.
 */
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  FRAME,
  MESSAGE,
  REFUSAL,
  SYNC,
  decodeFrame,
  encodeFrame,
  syncMessage,
  ticketProtocols,
} from '@aligned/shared/protocol';
import {
  PRACTICE_A,
  TICKET,
  bearer,
  closeCode,
  goodPair,
  rawSocket,
  startHarness,
  upgradeStatus,
  within,
  type Harness,
} from './test-support/relay-harness.ts';

const VICTIM = `${PRACTICE_A}/patients`;
let harness: Harness;
let good: Awaited<ReturnType<typeof goodPair>>;
let before: Map<string, Uint8Array | null>;

beforeAll(async () => {
  harness = await startHarness({
    maxFrameBytes: 64 * 1024,
    hub: {
      limits: {
        messagesPerSecond: 50,
        messageBurst: 100,
        bytesPerSecond: 32 * 1024,
        byteBurst: 128 * 1024,
        handshakeTimeoutMs: 300,
        idleTimeoutMs: 60_000,
      },
    },
  });
  // A stored victim document whose bytes must never change.
  const seed = new Y.Doc();
  seed.getMap('patients').set('pat_victim0000000001', 'stored');
  await harness.storage.append(VICTIM, Y.encodeStateAsUpdate(seed));
  good = await goodPair(harness);
});

afterAll(async () => {
  good.destroy();
  await harness.stop();
});

async function storedState(): Promise<Map<string, Uint8Array | null>> {
  const out = new Map<string, Uint8Array | null>();
  for (const name of [VICTIM, good.docName])
    out.set(name, (await harness.storage.load(name))?.update ?? null);
  return out;
}

beforeEach(async () => {
  before = await storedState();
});

afterEach(async () => {
  await good.assertServed();
  const after = await storedState();
  expect(after.get(VICTIM)).toEqual(before.get(VICTIM));
});

/** A crafted client on the multiplexed endpoint, with its ticket offered as a browser does. */
const mux = (ticket: string = TICKET.aWriter) => rawSocket(harness.url('/sync'), {}, ticketProtocols(ticket));
const hello = () => encodeFrame({ type: FRAME.HELLO, protocolVersion: 1, cursor: 0 });

describe('hostile input at the relay', () => {
  it('an oversized frame closes only that connection (1009)', async () => {
    const ws = await mux();
    const closed = closeCode(ws);
    ws.send(new Uint8Array(100 * 1024));
    expect(await closed).toBe(1009);
  });

  it('a malformed WebSocket frame (reserved bits set) closes only that connection', async () => {
    const socket = connect(harness.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      [
        `GET /sync HTTP/1.1`,
        `Host: 127.0.0.1:${harness.port}`,
        `Authorization: Bearer ${TICKET.aWriter}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        '',
        '',
      ].join('\r\n'),
    );
    await new Promise<void>((resolve) => socket.once('data', () => resolve()));
    // FIN + RSV2 + binary opcode, masked, 1 byte of payload.
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(Buffer.from([0b1010_0010, 0x81, 1, 2, 3, 4, 0x55]));
    await ended;
  });

  it('a text frame closes only that connection (4400)', async () => {
    const ws = await mux();
    const closed = closeCode(ws);
    ws.send('{"hello":"relay"}');
    expect(await closed).toBe(4400);
  });

  it('garbage and truncated varints close only that connection (4400)', async () => {
    for (const bytes of [
      new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
      new Uint8Array([0x80]),
      new Uint8Array([99, 1, 2, 3]),
      crypto.getRandomValues(new Uint8Array(512)),
    ]) {
      const ws = await mux();
      const closed = closeCode(ws);
      ws.send(hello());
      ws.send(bytes);
      expect(await closed).toBe(4400);
    }
  });

  it('an unknown message type inside a document frame closes only that connection (4400)', async () => {
    const ws = await mux();
    const closed = closeCode(ws);
    ws.send(hello());
    ws.send(encodeFrame({ type: FRAME.DOC, doc: VICTIM, message: new Uint8Array([42, 1, 2]) }));
    expect(await closed).toBe(4400);
  });

  it('a Yjs update that does not decode is refused and nothing is stored', async () => {
    const ws = await mux();
    const frames: ReturnType<typeof decodeFrame>[] = [];
    ws.on('message', (data: Buffer) => {
      const outer = decodeFrame(new Uint8Array(data));
      if ('error' in outer) return;
      frames.push(...(outer.type === FRAME.BATCH ? outer.frames.map((f) => decodeFrame(f)) : [outer]));
    });
    ws.send(hello());
    ws.send(
      encodeFrame({
        type: FRAME.DOC,
        doc: VICTIM,
        message: syncMessage(SYNC.UPDATE, new Uint8Array([1, 200, 7, 7, 7])),
      }),
    );
    await within(1000, () => frames.some((f) => !('error' in f) && f.type === FRAME.REFUSED), 'a refusal');
    expect(frames.find((f) => !('error' in f) && f.type === FRAME.REFUSED)).toMatchObject({
      code: REFUSAL.INVALID_UPDATE,
    });
    ws.close();
  });

  it('a message flood is closed for its rate (4429)', async () => {
    const ws = await mux();
    const closed = closeCode(ws);
    ws.send(hello());
    const query = encodeFrame({
      type: FRAME.DOC,
      doc: VICTIM,
      message: new Uint8Array([MESSAGE.QUERY_AWARENESS]),
    });
    for (let i = 0; i < 500 && ws.readyState === ws.OPEN; i++) ws.send(query);
    expect(await closed).toBe(4429);
  });

  it('a byte flood is closed for its rate (4429)', async () => {
    const ws = await mux();
    const closed = closeCode(ws);
    ws.send(hello());
    // Well-formed frames, each just under the size cap: only their volume is wrong.
    const big = encodeFrame({
      type: FRAME.DOC,
      doc: VICTIM,
      message: syncMessage(SYNC.STEP1, new Uint8Array(60 * 1024)),
    });
    for (let i = 0; i < 10 && ws.readyState === ws.OPEN; i++) ws.send(big);
    expect(await closed).toBe(4429);
  });

  it('a connection that never says HELLO is closed by the handshake timeout (4408)', async () => {
    const ws = await mux();
    expect(await closeCode(ws)).toBe(4408);
  });

  it('a read-only principal cannot write through sync step 2 or update', async () => {
    const ws = await mux(TICKET.aReader);
    const refusals: number[] = [];
    ws.on('message', (data: Buffer) => {
      const outer = decodeFrame(new Uint8Array(data));
      if ('error' in outer) return;
      for (const f of outer.type === FRAME.BATCH ? outer.frames.map((x) => decodeFrame(x)) : [outer]) {
        if (!('error' in f) && f.type === FRAME.REFUSED) refusals.push(f.code);
      }
    });
    const update = Y.encodeStateAsUpdate(
      (() => {
        const d = new Y.Doc();
        d.getMap('patients').set('pat_intruder00000001', 'x');
        return d;
      })(),
    );
    ws.send(hello());
    ws.send(encodeFrame({ type: FRAME.DOC, doc: VICTIM, message: syncMessage(SYNC.STEP2, update) }));
    ws.send(encodeFrame({ type: FRAME.DOC, doc: VICTIM, message: syncMessage(SYNC.UPDATE, update) }));
    await within(1000, () => refusals.length === 2, 'two refusals');
    expect(refusals).toEqual([REFUSAL.READ_ONLY, REFUSAL.READ_ONLY]);
    ws.close();
  });

  it('a credential for one practice can neither read nor create another practice’s documents', async () => {
    const ws = await rawSocket(harness.url('/sync'), bearer(TICKET.bWriter));
    const frames: ReturnType<typeof decodeFrame>[] = [];
    ws.on('message', (data: Buffer) => {
      const outer = decodeFrame(new Uint8Array(data));
      if (!('error' in outer))
        frames.push(...(outer.type === FRAME.BATCH ? outer.frames.map((f) => decodeFrame(f)) : [outer]));
    });
    ws.send(hello());
    ws.send(
      encodeFrame({ type: FRAME.DOC, doc: VICTIM, message: syncMessage(SYNC.STEP1, new Uint8Array([0])) }),
    );
    const fresh = `${PRACTICE_A}/chart/pat_neverexisted0001`;
    ws.send(
      encodeFrame({
        type: FRAME.DOC,
        doc: fresh,
        message: syncMessage(SYNC.UPDATE, Y.encodeStateAsUpdate(new Y.Doc())),
      }),
    );
    await within(
      1000,
      () => frames.filter((f) => !('error' in f) && f.type === FRAME.REFUSED).length === 2,
      'refusals',
    );
    const catalog = frames.find((f) => !('error' in f) && f.type === FRAME.CATALOG);
    expect(
      catalog &&
        !('error' in catalog) &&
        catalog.type === FRAME.CATALOG &&
        catalog.docs.some((d) => d.startsWith(PRACTICE_A)),
    ).toBe(false);
    expect(frames.some((f) => !('error' in f) && f.type === FRAME.DOC)).toBe(false);
    expect(await harness.storage.load(fresh)).toBeNull();
    ws.close();
  });
});

describe('connection limits', () => {
  it('refuses more connections from one address than configured (429)', async () => {
    const limited = await startHarness({ maxConnectionsPerIp: 3 });
    try {
      const open = await Promise.all(
        [0, 1, 2].map(() => rawSocket(limited.url('/sync'), bearer(TICKET.aWriter))),
      );
      expect(await upgradeStatus(limited.url('/sync'), bearer(TICKET.aWriter))).toBe(429);
      open[0]!.close();
      await closeCode(open[0]!);
      const status = await (async () => {
        for (let i = 0; i < 50; i++) {
          const s = await upgradeStatus(limited.url('/sync'), bearer(TICKET.aWriter));
          if (s === 101) return s;
          await new Promise((r) => setTimeout(r, 10));
        }
        return 0;
      })();
      expect(status).toBe(101);
      for (const ws of open) ws.close();
    } finally {
      await limited.stop();
    }
  });

  it('closes a connection that goes quiet for longer than the idle timeout (4408)', async () => {
    const quiet = await startHarness({ hub: { limits: { idleTimeoutMs: 200 } } });
    try {
      const ws = await rawSocket(quiet.url('/sync'), bearer(TICKET.aWriter));
      ws.send(hello());
      expect(await closeCode(ws)).toBe(4408);
    } finally {
      await quiet.stop();
    }
  });
});
