/**
 * Fuzzing the hub's message handler (fast-check, fixed seeds): hostile peers send random bytes,
 * mutated valid frames and invalid Yjs updates, and the hub must neither throw nor let one
 * practice touch another's documents, nor store what it cannot load again. A failing run prints
 * its seed and path; pass them back to `fc.assert` (`{ seed, path }`) to replay it.
 *
 * The last two properties fail against the hub as written: it stores an update that leaves
 * structs pending exactly as sent, unchecked, and such an update can later make a writer's
 * well-formed update refused, or the stored document unloadable.
 */
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncClient, createMemoryReplicaStore, patientsDocName, practiceDocName } from '@aligned/shared';
import {
  CLOSE,
  FRAME,
  MESSAGE,
  PROTOCOL_VERSION,
  REFUSAL,
  SYNC,
  decodeFrame,
  encodeFrame,
  syncMessage,
  type Frame,
} from '@aligned/shared/protocol';
import type { Logger } from './logger.ts';
import { createMemoryStorage } from './storage/memory-storage.ts';
import type { DocStorage, StoredDoc } from './storage/storage.ts';
import { createSyncHub, type Peer, type SyncHub } from './sync-hub.ts';
import { principalFor, socketTo, type TestSocket } from './test-support/socket-pair.ts';

const PRACTICE_A = 'prc_fuzz000000000001';
const PRACTICE_B = 'prc_fuzz000000000002';
const A_PATIENTS = patientsDocName(PRACTICE_A);
const A_PRACTICE = practiceDocName(PRACTICE_A);
const A_CHART = `${PRACTICE_A}/chart/pat_fuzz00000001`;
const B_PATIENTS = patientsDocName(PRACTICE_B);
const B_PRACTICE = practiceDocName(PRACTICE_B);
const B_CHART = `${PRACTICE_B}/chart/pat_fuzz00000001`;
const A_DOCS = [A_PATIENTS, A_PRACTICE, A_CHART];
const B_DOCS = [B_PATIENTS, B_PRACTICE, B_CHART];
const BAD_NAMES = [
  '',
  PRACTICE_A,
  `${PRACTICE_A}/`,
  `${PRACTICE_A}/../${PRACTICE_B}/patients`,
  `${PRACTICE_A}/nonsense`,
  `${PRACTICE_A}/chart/PAT_UPPER0001`,
  `${PRACTICE_A}/patients/extra`,
  `${PRACTICE_A}/schedule/loc_main00000000000/2026-13`,
  `${PRACTICE_B}//patients`,
  `${PRACTICE_A}/patients`.replace('/', '\\'),
  'prc_FUZZ000000000001/patients',
  `${PRACTICE_A}/chart/${'x'.repeat(300)}`,
  `${PRACTICE_A}/chart/pat_\u{1F600}\u{1F600}`,
  'é'.repeat(150),
];
const CLOSE_CODES: ReadonlySet<number> = new Set(Object.values(CLOSE));

const SEED = 0x5eed;
/** Generous for a hang; a run takes milliseconds. */
const TEST_TIMEOUT_MS = 60_000;

// --- fixtures: real Yjs content with fixed client ids, so every run is reproducible -------------

function docOf(clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  return doc;
}

function contentUpdate(clientID: number, note: string): Uint8Array {
  const doc = docOf(clientID);
  doc.getMap('meta').set('note', note);
  doc.getArray('list').insert(0, [1, note]);
  return Y.encodeStateAsUpdate(doc);
}

const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());
const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());

/** Updates (full states, increments that depend on earlier ones, deletions) and state vectors. */
const FIXTURE = (() => {
  const doc = docOf(101);
  doc.getMap('meta').set('note', 'hello');
  doc.getArray('list').insert(0, [1, 'two', { three: 3 }, new Uint8Array([4, 5]), null, true, 2.5]);
  doc.getText('text').insert(0, 'abcdefgh', { bold: true });
  const full = Y.encodeStateAsUpdate(doc);
  const firstVector = Y.encodeStateVector(doc);
  const increments: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => increments.push(update));
  doc.getText('text').delete(1, 3);
  doc.getMap('meta').set('note', 'changed');
  const nested = new Y.Map<unknown>();
  doc.getMap('meta').set('nested', nested);
  nested.set('k', 'v');
  doc.getXmlFragment('xml').insert(0, [new Y.XmlElement('p'), new Y.XmlText('t')]);
  doc.getArray('list').delete(0, 2);
  const other = docOf(102);
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  other.getMap('meta').set('other', 102);
  other.getText('text').insert(2, 'concurrent');
  const concurrent = Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc));
  return {
    history: [full, ...increments],
    updates: [
      full,
      ...increments,
      Y.encodeStateAsUpdate(doc),
      concurrent,
      Y.encodeStateAsUpdate(other),
      Y.encodeStateAsUpdateV2(doc), // v2 bytes where v1 is expected
      EMPTY_UPDATE,
    ],
    stateVectors: [EMPTY_STATE_VECTOR, firstVector, Y.encodeStateVector(doc), Y.encodeStateVector(other)],
  };
})();

/** Awareness updates: a state, a removal, and one claiming to be someone else. */
const AWARENESS_UPDATES = (() => {
  const awareness = new awarenessProtocol.Awareness(docOf(101));
  awareness.setLocalState({ user: { id: 'stf_mallory00000000', name: 'Mallory' }, cursor: { index: 3 } });
  const state = awarenessProtocol.encodeAwarenessUpdate(awareness, [101]);
  awareness.setLocalState({ user: 'not an object', list: [1, 2, 3] });
  const odd = awarenessProtocol.encodeAwarenessUpdate(awareness, [101]);
  awareness.setLocalState(null);
  const removal = awarenessProtocol.encodeAwarenessUpdate(awareness, [101]);
  awareness.destroy();
  return [state, odd, removal];
})();

function awarenessMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE.AWARENESS);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

const docFrame = (doc: string, message: Uint8Array) => encodeFrame({ type: FRAME.DOC, doc, message });
const HELLO = encodeFrame({ type: FRAME.HELLO, protocolVersion: PROTOCOL_VERSION, cursor: 0 });

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Cheap deterministic filler for long frames (generating 100 KiB byte by byte is slow). */
function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed | 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

// --- arbitraries ---------------------------------------------------------------------------------

const arbLongBytes = fc
  .record({ length: fc.integer({ min: 4096, max: 256 * 1024 }), seed: fc.integer() })
  .map(({ length, seed }) => pseudoRandomBytes(length, seed));

const arbBytes = fc.oneof(
  { weight: 1, arbitrary: fc.constant(new Uint8Array(0)) },
  { weight: 6, arbitrary: fc.uint8Array({ maxLength: 48 }) },
  { weight: 2, arbitrary: fc.uint8Array({ minLength: 48, maxLength: 1024 }) },
  { weight: 1, arbitrary: arbLongBytes },
);

function arbDocName(weights: { a: number; b: number; bad: number }) {
  return fc.oneof(
    { weight: weights.a, arbitrary: fc.constantFrom(...A_DOCS) },
    { weight: weights.b, arbitrary: fc.constantFrom(...B_DOCS) },
    { weight: weights.bad, arbitrary: fc.oneof(fc.constantFrom(...BAD_NAMES), fc.string({ maxLength: 40 })) },
  );
}

/** Arbitrary bytes, some of them starting like a frame so the hub looks further in. */
function arbRandomFrame(names = arbDocName({ a: 3, b: 2, bad: 1 })) {
  return fc.oneof(
    { weight: 4, arbitrary: arbBytes },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.constantFrom(...Object.values(FRAME)), fc.uint8Array({ maxLength: 64 }))
        .map(([type, rest]) => concat(Uint8Array.of(type), rest)),
    },
    { weight: 3, arbitrary: fc.tuple(names, arbBytes).map(([doc, tail]) => docFrame(doc, tail)) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(names, fc.constantFrom(MESSAGE.SYNC, MESSAGE.AWARENESS), arbBytes)
        .map(([doc, type, tail]) => docFrame(doc, concat(Uint8Array.of(type), tail))),
    },
  );
}

/**
 * Syntactically valid Yjs v1 updates with random content and random references (origins,
 * parents, clocks, deletions): they get past the decoder and exercise the integration, including
 * parts that must wait for structs the relay does not have yet. Layout: yjs UpdateEncoderV1.
 */
function arbStructuredUpdate(options: {
  clients: fc.Arbitrary<number>;
  minClock?: number;
  /** Root names items may name as their parent, and keys they may set. */
  parents?: readonly string[];
  parentSubs?: readonly string[];
}) {
  const id = fc.record({ client: options.clients, clock: fc.nat(40) });
  const value = fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.boolean(), fc.constant(null));
  const struct = fc.record({
    // 0 GC, 1 deleted, 2 JSON, 3 binary, 4 string, 5 embed, 6 format, 7 type, 8 any, 9 subdocument, 10 skip
    ref: fc.integer({ min: 0, max: 10 }),
    origin: fc.option(id, { nil: undefined, freq: 3 }),
    rightOrigin: fc.option(id, { nil: undefined, freq: 3 }),
    parent: fc.oneof(
      fc.constantFrom(...(options.parents ?? ['meta', 'list', 'text', 'xml', 'fuzz', ''])),
      id.map((at) => ({ at })),
    ),
    parentSub: fc.option(fc.constantFrom(...(options.parentSubs ?? ['k', 'note', 'nested', ''])), {
      nil: undefined,
    }),
    length: fc.integer({ min: 1, max: 5 }),
    text: fc.string({ minLength: 1, maxLength: 6 }),
    values: fc.array(value, { minLength: 1, maxLength: 3 }),
    typeRef: fc.nat(7),
    key: fc.string({ maxLength: 4 }),
    bytes: fc.uint8Array({ maxLength: 6 }),
  });
  const block = fc.record({
    client: options.clients,
    clock: fc.integer({ min: options.minClock ?? 0, max: 40 }),
    structs: fc.array(struct, { minLength: 1, maxLength: 4 }),
  });
  const deletion = fc.record({
    client: options.clients,
    ranges: fc.array(fc.tuple(fc.nat(40), fc.integer({ min: 1, max: 5 })), { minLength: 1, maxLength: 2 }),
  });
  return fc
    .tuple(fc.array(block, { minLength: 1, maxLength: 2 }), fc.array(deletion, { maxLength: 2 }))
    .map(([blocks, deletions]) => {
      const e = encoding.createEncoder();
      const writeId = (at: { client: number; clock: number }) => {
        encoding.writeVarUint(e, at.client);
        encoding.writeVarUint(e, at.clock);
      };
      encoding.writeVarUint(e, blocks.length);
      for (const { client, clock, structs } of blocks) {
        encoding.writeVarUint(e, structs.length);
        encoding.writeVarUint(e, client);
        encoding.writeVarUint(e, clock);
        for (const s of structs) {
          if (s.ref === 0 || s.ref === 10) {
            encoding.writeUint8(e, s.ref);
            encoding.writeVarUint(e, s.length);
            continue;
          }
          const copyParent = !s.origin && !s.rightOrigin;
          const info =
            s.ref |
            (s.origin ? 0x80 : 0) |
            (s.rightOrigin ? 0x40 : 0) |
            (copyParent && s.parentSub !== undefined ? 0x20 : 0);
          encoding.writeUint8(e, info);
          if (s.origin) writeId(s.origin);
          if (s.rightOrigin) writeId(s.rightOrigin);
          if (copyParent) {
            if (typeof s.parent === 'string') {
              encoding.writeVarUint(e, 1);
              encoding.writeVarString(e, s.parent);
            } else {
              encoding.writeVarUint(e, 0);
              writeId(s.parent.at);
            }
            if (s.parentSub !== undefined) encoding.writeVarString(e, s.parentSub);
          }
          const json = (v: unknown) => JSON.stringify(v) ?? 'null';
          switch (s.ref) {
            case 1:
              encoding.writeVarUint(e, s.length);
              break;
            case 2:
              encoding.writeVarUint(e, s.values.length);
              for (const v of s.values) encoding.writeVarString(e, json(v));
              break;
            case 3:
              encoding.writeVarUint8Array(e, s.bytes);
              break;
            case 4:
              encoding.writeVarString(e, s.text);
              break;
            case 5:
              encoding.writeVarString(e, json(s.values[0]));
              break;
            case 6:
              encoding.writeVarString(e, s.key);
              encoding.writeVarString(e, json(s.values[0]));
              break;
            case 7:
              encoding.writeVarUint(e, s.typeRef);
              if (s.typeRef === 3 || s.typeRef === 5) encoding.writeVarString(e, s.key);
              break;
            case 8:
              encoding.writeVarUint(e, s.values.length);
              for (const v of s.values) encoding.writeAny(e, v);
              break;
            case 9:
              encoding.writeVarString(e, `guid-${s.key}`);
              encoding.writeAny(e, {});
              break;
          }
        }
      }
      encoding.writeVarUint(e, deletions.length);
      for (const { client, ranges } of deletions) {
        encoding.writeVarUint(e, client);
        encoding.writeVarUint(e, ranges.length);
        for (const [clock, length] of ranges) {
          encoding.writeVarUint(e, clock);
          encoding.writeVarUint(e, length);
        }
      }
      return encoding.toUint8Array(e);
    });
}

/** Client ids of the fixtures and seeds, so references land on real structs. */
const arbKnownClient = fc.constantFrom(101, 102, 201, 202, 301, 7);

function arbYMessage(): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(...FIXTURE.stateVectors).map((sv) => syncMessage(SYNC.STEP1, sv)),
    },
    {
      weight: 5,
      arbitrary: fc
        .tuple(fc.constantFrom(SYNC.STEP2, SYNC.UPDATE), fc.constantFrom(...FIXTURE.updates))
        .map(([sub, update]) => syncMessage(sub, update)),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.constantFrom(SYNC.STEP2, SYNC.UPDATE), arbStructuredUpdate({ clients: arbKnownClient }))
        .map(([sub, update]) => syncMessage(sub, update)),
    },
    { weight: 3, arbitrary: fc.constantFrom(...AWARENESS_UPDATES).map(awarenessMessage) },
    { weight: 1, arbitrary: fc.constant(Uint8Array.of(MESSAGE.QUERY_AWARENESS)) },
    { weight: 1, arbitrary: fc.constant(Uint8Array.of(MESSAGE.AUTH, 0)) },
  );
}

/** Well-formed frames: HELLO (right or wrong version), DOC with each y-websocket message, BATCH. */
function arbValidFrame(names = arbDocName({ a: 3, b: 2, bad: 1 })): fc.Arbitrary<Uint8Array> {
  const hello = fc
    .tuple(fc.oneof(fc.constant(PROTOCOL_VERSION), fc.nat()), fc.nat())
    .map(([protocolVersion, cursor]) => encodeFrame({ type: FRAME.HELLO, protocolVersion, cursor }));
  const doc = fc.tuple(names, arbYMessage()).map(([name, message]) => docFrame(name, message));
  const single = fc.oneof({ weight: 1, arbitrary: hello }, { weight: 8, arbitrary: doc });
  const batch = fc
    .array(single, { minLength: 1, maxLength: 6 })
    .map((frames) => encodeFrame({ type: FRAME.BATCH, frames }));
  return fc.oneof({ weight: 4, arbitrary: single }, { weight: 1, arbitrary: batch });
}

type Mutation =
  | { kind: 'flip'; at: number; xor: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'extend'; bytes: Uint8Array }
  | { kind: 'splice'; at: number; remove: number; insert: Uint8Array };

const arbMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('extend' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 32 }) }),
  fc.record({
    kind: fc.constant('splice' as const),
    at: fc.nat(),
    remove: fc.nat(16),
    insert: fc.uint8Array({ maxLength: 16 }),
  }),
);

function mutate(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let out: Uint8Array = bytes.slice();
  for (const m of mutations) {
    if (m.kind === 'flip') {
      if (out.length === 0) continue;
      const i = m.at % out.length;
      out[i] = (out[i] ?? 0) ^ m.xor;
    } else if (m.kind === 'truncate') {
      out = out.slice(0, m.at % (out.length + 1));
    } else if (m.kind === 'extend') {
      out = concat(out, m.bytes);
    } else {
      const at = m.at % (out.length + 1);
      out = concat(out.slice(0, at), m.insert, out.slice(at + m.remove));
    }
  }
  return out;
}

const arbMutations = fc.array(arbMutation, { minLength: 1, maxLength: 4 });

/** Valid frames with random mutations, either of the whole frame or inside a well-formed BATCH. */
function arbMutatedFrame(names = arbDocName({ a: 3, b: 2, bad: 1 })): fc.Arbitrary<Uint8Array> {
  const whole = fc.tuple(arbValidFrame(names), arbMutations).map(([bytes, ms]) => mutate(bytes, ms));
  const inner = fc
    .array(
      fc
        .tuple(arbValidFrame(names), fc.option(arbMutations, { nil: undefined }))
        .map(([bytes, ms]) => (ms ? mutate(bytes, ms) : bytes)),
      { minLength: 1, maxLength: 5 },
    )
    .map((frames) => encodeFrame({ type: FRAME.BATCH, frames }));
  // Mutating the Yjs payload but keeping the frame intact reaches the update decoder.
  const payload = fc
    .tuple(names, fc.constantFrom(SYNC.STEP1, SYNC.STEP2, SYNC.UPDATE), arbYPayload(), arbMutations)
    .map(([name, sub, bytes, ms]) => docFrame(name, syncMessage(sub, mutate(bytes, ms))));
  const presence = fc
    .tuple(names, fc.constantFrom(...AWARENESS_UPDATES), arbMutations)
    .map(([name, update, ms]) => docFrame(name, awarenessMessage(mutate(update, ms))));
  return fc.oneof(
    { weight: 4, arbitrary: whole },
    { weight: 2, arbitrary: inner },
    { weight: 3, arbitrary: payload },
    { weight: 1, arbitrary: presence },
  );
}

function arbYPayload(): fc.Arbitrary<Uint8Array> {
  return fc.constantFrom(...FIXTURE.updates, ...FIXTURE.stateVectors);
}

// --- harness -------------------------------------------------------------------------------------

function recordingLogger(): Logger & { errors: string[] } {
  const errors: string[] = [];
  return {
    errors,
    info: () => undefined,
    warn: () => undefined,
    error: (msg, fields) => void errors.push(`${msg} ${JSON.stringify(fields ?? {})}`),
  };
}

type Appended = { doc: string; update: Uint8Array };

async function seededStorage(seedB: boolean): Promise<{ storage: DocStorage; appends: Appended[] }> {
  const inner = createMemoryStorage();
  await inner.append(A_PATIENTS, contentUpdate(201, 'A patients'));
  await inner.append(A_PRACTICE, contentUpdate(202, 'A practice'));
  if (seedB) {
    await inner.append(B_PATIENTS, contentUpdate(301, 'B patients'));
    await inner.append(B_PRACTICE, contentUpdate(302, 'B practice'));
  }
  const appends: Appended[] = [];
  const storage: DocStorage = {
    ...inner,
    append: (doc, update, stateVector) => {
      appends.push({ doc, update: update.slice() });
      return inner.append(doc, update, stateVector);
    },
  };
  return { storage, appends };
}

async function snapshot(storage: DocStorage, docs: readonly string[]): Promise<(StoredDoc | null)[]> {
  return Promise.all(docs.map((doc) => storage.load(doc)));
}

const rejections: unknown[] = [];
const uncaught: unknown[] = [];
const onRejection = (reason: unknown) => void rejections.push(reason);
const onUncaught = (error: unknown) => void uncaught.push(error);
beforeEach(() => {
  rejections.length = 0;
  uncaught.length = 0;
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtExceptionMonitor', onUncaught);
});
afterEach(() => {
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtExceptionMonitor', onUncaught);
  expect(rejections).toEqual([]);
  expect(uncaught).toEqual([]);
});

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Lets any unhandled rejection of the run surface, then fails if one did. */
async function expectNoStrayErrors(logger: { errors: string[] }) {
  await turn();
  await turn();
  expect(rejections, 'unhandled rejections').toEqual([]);
  expect(uncaught, 'uncaught exceptions').toEqual([]);
  expect(
    logger.errors,
    'errors the hub logged (an internal throw is logged as "frame handling failed")',
  ).toEqual([]);
}

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 3000 && !check(); i++) await new Promise((r) => setTimeout(r, 1));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

/** Awaits a promise, failing with a message instead of hanging the test if it never settles. */
async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let settled = false;
  const watched = promise.finally(() => (settled = true));
  await until(() => settled, what);
  return watched;
}

/** A peer driven by hand that records what the hub sends it and whether it was closed. */
type Probe = {
  peer: Peer;
  frames: Frame[];
  undecodable: number;
  closed: { code: number; reason: string } | null;
  closeCalls: number;
  sentAfterClose: number;
};

function connectProbe(hub: SyncHub, access: 'read' | 'write', practice = PRACTICE_A): Probe {
  const probe: Probe = {
    peer: undefined as unknown as Peer,
    frames: [],
    undecodable: 0,
    closed: null,
    closeCalls: 0,
    sentAfterClose: 0,
  };
  probe.peer = hub.connect(principalFor(practice, access, 'stf_hostile00000001'), {
    send(bytes) {
      if (probe.closed) probe.sentAfterClose += 1;
      const outer = decodeFrame(bytes);
      if ('error' in outer) return void (probe.undecodable += 1);
      for (const frame of outer.type === FRAME.BATCH ? outer.frames.map(decodeFrame) : [outer]) {
        if ('error' in frame) probe.undecodable += 1;
        else probe.frames.push(frame);
      }
    },
    close(code, reason) {
      probe.closeCalls += 1;
      probe.closed ??= { code, reason };
    },
  });
  return probe;
}

/** Every frame received so far handled, and what it produced flushed to the sink. */
async function settle(probe: Probe) {
  await probe.peer.idle();
  await turn();
}

function isSync(frame: Frame, doc: string, sub: number): boolean {
  return (
    frame.type === FRAME.DOC &&
    frame.doc === doc &&
    frame.message[0] === MESSAGE.SYNC &&
    frame.message[1] === sub
  );
}

/** Closed with a documented code, or still answering a sync step 1 for its own document. */
async function expectClosedProperlyOrWorking(probe: Probe) {
  expect(probe.undecodable, 'frames from the hub that do not decode').toBe(0);
  expect(probe.closeCalls, 'close calls').toBeLessThanOrEqual(1);
  expect(probe.sentAfterClose, 'frames sent after close').toBe(0);
  if (probe.closed) {
    expect(CLOSE_CODES, `close code ${probe.closed.code} (${probe.closed.reason})`).toContain(
      probe.closed.code,
    );
    return;
  }
  probe.frames.length = 0;
  probe.peer.receive(docFrame(A_PATIENTS, syncMessage(SYNC.STEP1, EMPTY_STATE_VECTOR)));
  await settle(probe);
  expect(probe.closed, 'closed by a well-formed sync step 1').toBeNull();
  expect(probe.frames.some((f) => isSync(f, A_PATIENTS, SYNC.STEP2))).toBe(true);
}

/** One hostile connection: frames before HELLO, HELLO, frames after. */
type Session = { before: Uint8Array[]; after: Uint8Array[]; stepwise: boolean };

function arbSessions(frame: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Session[]> {
  const session = fc.record({
    before: fc.oneof(
      { weight: 3, arbitrary: fc.constant<Uint8Array[]>([]) },
      { weight: 1, arbitrary: fc.array(frame, { minLength: 1, maxLength: 3 }) },
    ),
    after: fc.array(frame, { minLength: 1, maxLength: 10 }),
    stepwise: fc.boolean(),
  });
  return fc.array(session, { minLength: 1, maxLength: 3 });
}

/**
 * Runs hostile sessions of practice A against a hub holding documents of A and B, then checks
 * the guarantees every hostile input must leave intact.
 */
async function runHostileSessions(sessions: Session[], access: 'read' | 'write') {
  const { storage } = await seededStorage(true);
  const logger = recordingLogger();
  const hub = createSyncHub({ storage, logger, idleUnloadMs: 60_000 });
  const probes: Probe[] = [];
  try {
    const bBefore = await snapshot(storage, B_DOCS);
    const aBefore = await snapshot(storage, A_DOCS);
    const aCatalog = await storage.changedSince(PRACTICE_A, 0);
    const open = () => {
      const probe = connectProbe(hub, access);
      probes.push(probe);
      return probe;
    };
    // Earlier connections stay open: they receive what later ones cause to be pushed.
    for (const session of sessions) {
      let probe = open();
      for (const bytes of [...session.before, HELLO]) probe.peer.receive(bytes);
      for (const bytes of session.after) {
        // Step by step, a closed connection is replaced so the rest of the fuzz still lands.
        if (session.stepwise) {
          await settle(probe);
          if (probe.closed) {
            probe = open();
            probe.peer.receive(HELLO);
          }
        }
        probe.peer.receive(bytes);
      }
      await settle(probe);
    }
    for (const probe of probes) await expectClosedProperlyOrWorking(probe);
    expect(await snapshot(storage, B_DOCS), 'practice B’s documents').toEqual(bBefore);
    expect((await storage.changedSince(PRACTICE_B, 0)).docs).toEqual([B_PATIENTS, B_PRACTICE]);
    if (access === 'read') {
      expect(await snapshot(storage, A_DOCS), 'documents the peer may only read').toEqual(aBefore);
      expect((await storage.changedSince(PRACTICE_A, 0)).docs).toEqual(aCatalog.docs);
    }
    await expectNoStrayErrors(logger);
  } finally {
    for (const probe of probes) probe.peer.disconnect();
    await hub.close();
  }
}

const arbAccess = fc.constantFrom<'read' | 'write'>('write', 'write', 'read');

// --- properties ----------------------------------------------------------------------------------

describe('sync hub under hostile input (fuzz)', () => {
  it(
    'random bytes before and after HELLO never make the hub throw, and the sender keeps working or is closed with a documented code',
    async () => {
      await fc.assert(fc.asyncProperty(arbSessions(arbRandomFrame()), arbAccess, runHostileSessions), {
        seed: SEED,
        numRuns: 800,
      });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'mutated valid frames (HELLO, DOC sync/awareness messages, BATCH) never make the hub throw, and the sender keeps working or is closed with a documented code',
    async () => {
      const frame = fc.oneof(
        { weight: 4, arbitrary: arbMutatedFrame() },
        { weight: 1, arbitrary: arbValidFrame() },
      );
      await fc.assert(fc.asyncProperty(arbSessions(frame), arbAccess, runHostileSessions), {
        seed: SEED + 1,
        numRuns: 800,
      });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a hostile peer of one practice never changes another practice’s documents or disturbs its clients, nor writes what it may only read',
    async () => {
      const bNames = arbDocName({ a: 2, b: 4, bad: 1 });
      const hostileFrame = fc.oneof(
        { weight: 4, arbitrary: arbValidFrame(bNames) },
        { weight: 3, arbitrary: arbMutatedFrame(bNames) },
        { weight: 2, arbitrary: arbRandomFrame(bNames) },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.array(hostileFrame, { minLength: 5, maxLength: 25 }),
          fc.array(fc.string({ maxLength: 12 }), { minLength: 1, maxLength: 4 }),
          arbAccess,
          isolationRun,
        ),
        { seed: SEED + 2, numRuns: 80 },
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'an update that does not decode or apply is refused or ignored and never changes the stored document',
    async () => {
      const payload = fc.oneof(
        { weight: 4, arbitrary: arbBytes },
        {
          weight: 4,
          arbitrary: fc.tuple(arbYPayload(), arbMutations).map(([bytes, ms]) => mutate(bytes, ms)),
        },
        { weight: 4, arbitrary: arbStructuredUpdate({ clients: arbKnownClient }) },
        { weight: 1, arbitrary: arbYPayload() },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(A_PATIENTS, A_CHART),
          fc.array(fc.tuple(fc.constantFrom(SYNC.STEP2, SYNC.UPDATE), payload), {
            minLength: 1,
            maxLength: 8,
          }),
          invalidUpdateRun,
        ),
        { seed: SEED + 3, numRuns: 300 },
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'APPEND-9: whatever crafted updates a writer sends, every recorded entry of a ledger and of an audit trail stays as it was, in order',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...Object.keys(LOGS)),
          fc.array(
            fc.oneof(
              {
                weight: 4,
                arbitrary: arbStructuredUpdate({
                  clients: arbLogClient,
                  parents: LOG_ROOTS,
                  parentSubs: LOG_KEYS,
                }),
              },
              { weight: 1, arbitrary: arbLogEdit },
            ),
            { minLength: 1, maxLength: 6 },
          ),
          appendOnlyRun,
        ),
        { seed: SEED + 6, numRuns: 400 },
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'an update the hub confirmed as stored never makes it refuse a writer’s well-formed updates later',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(A_PATIENTS, A_CHART),
          fc.array(arbPendingHostileUpdate, { minLength: 1, maxLength: 6 }),
          hostileThenWriter('writer is accepted'),
        ),
        { seed: SEED + 4, numRuns: 300 },
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'whatever the hub confirmed as stored, the stored document still loads and takes writes after a restart',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(A_PATIENTS, A_CHART),
          fc.array(arbPendingHostileUpdate, { minLength: 1, maxLength: 6 }),
          hostileThenWriter('document still loads'),
        ),
        { seed: SEED + 5, numRuns: 300 },
      );
    },
    TEST_TIMEOUT_MS,
  );
});

// --- property bodies -------------------------------------------------------------------------------

/** Two stored logs: a ledger (entries keyed by id) and an audit trail (entries in order). */
const LOG_WRITER = 301;
const LOG_KEYS = ['e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'new', ''];
const LOG_ROOTS = ['entries', 'meta', 'other'];
const LOGS: Record<string, Y.Doc> = {
  [`${PRACTICE_A}/ledger/fam_fuzz00000001`]: (() => {
    const doc = docOf(LOG_WRITER);
    for (let i = 0; i < 6; i++) doc.getMap('entries').set(`e${i}`, { amountCents: 100 * (i + 1) });
    return doc;
  })(),
  [`${PRACTICE_A}/audit/dev_fuzz000000000001`]: (() => {
    const doc = docOf(LOG_WRITER);
    for (let i = 0; i < 6; i++) doc.getArray('entries').push([{ seq: i }]);
    return doc;
  })(),
};
const arbLogClient = fc.constantFrom(LOG_WRITER, LOG_WRITER, 0, 1, 500, 2 ** 31);

/** Edits a real client would make to the stored copy: append, delete, overwrite, insert anywhere. */
const arbLogEdit = fc
  .record({
    op: fc.constantFrom('append', 'delete', 'overwrite', 'insert'),
    at: fc.nat(5),
    client: arbLogClient,
  })
  .map(({ op, at, client }) => ({ op, at, client }));

function recordedEntries(doc: Y.Doc, name: string): unknown[] {
  return name.includes('/audit/')
    ? doc.getArray('entries').toArray()
    : [...doc.getMap('entries').entries()].filter(([key]) => /^e\d$/.test(key)).sort();
}

async function appendOnlyRun(
  name: string,
  attempts: (Uint8Array | { op: string; at: number; client: number })[],
) {
  const storage = createMemoryStorage();
  const seed = LOGS[name]!;
  await storage.append(name, Y.encodeStateAsUpdate(seed));
  const recorded = recordedEntries(seed, name);
  const logger = recordingLogger();
  const hub = createSyncHub({ storage, logger, idleUnloadMs: 60_000 });
  const writer = connectProbe(hub, 'write');
  try {
    writer.peer.receive(HELLO);
    for (const attempt of attempts) {
      let update: Uint8Array;
      if (attempt instanceof Uint8Array) update = attempt;
      else {
        const stored = (await storage.load(name))!;
        const device = docOf(attempt.client === LOG_WRITER ? 999 : attempt.client || 998);
        Y.applyUpdate(device, stored.update);
        const before = Y.encodeStateVector(device);
        if (name.includes('/audit/')) {
          const list = device.getArray('entries');
          const at = attempt.at % list.length;
          if (attempt.op === 'append') list.push([{ seq: 'new' }]);
          if (attempt.op === 'delete' || attempt.op === 'overwrite') list.delete(at, 1);
          if (attempt.op === 'overwrite' || attempt.op === 'insert') list.insert(at, [{ forged: true }]);
        } else {
          const map = device.getMap('entries');
          if (attempt.op === 'append') map.set(`n${attempt.at}`, { amountCents: 1 });
          if (attempt.op === 'delete') map.delete(`e${attempt.at}`);
          if (attempt.op === 'overwrite' || attempt.op === 'insert')
            map.set(`e${attempt.at}`, { forged: true });
        }
        update = Y.encodeStateAsUpdate(device, before);
      }
      writer.peer.receive(docFrame(name, syncMessage(SYNC.UPDATE, update)));
      await settle(writer);
      const stored = await storage.load(name);
      const check = new Y.Doc();
      Y.applyUpdate(check, stored!.update);
      const now = recordedEntries(check, name);
      // The recorded entries are all there, unchanged, and (for the trail) still first, in order.
      expect(now.slice(0, recorded.length), 'the recorded entries').toEqual(recorded);
    }
    expect(writer.closed, 'closed for well-formed frames').toBeNull();
    await expectNoStrayErrors(logger);
  } finally {
    writer.peer.disconnect();
    await hub.close();
  }
}

function goodClient(hub: SyncHub) {
  const sockets: TestSocket[] = [];
  const sync = new SyncClient({
    store: createMemoryReplicaStore(),
    openSocket: () => {
      const socket = socketTo(hub, principalFor(PRACTICE_B, 'write', 'stf_goodclient00001'));
      sockets.push(socket);
      return socket;
    },
    minBackoffMs: 5,
    maxBackoffMs: 20,
  });
  return { sync, sockets };
}

async function isolationRun(hostileFrames: Uint8Array[], edits: string[], access: 'read' | 'write') {
  const { storage, appends } = await seededStorage(false);
  const logger = recordingLogger();
  const hub = createSyncHub({ storage, logger, idleUnloadMs: 60_000 });
  const writer = goodClient(hub);
  const reader = goodClient(hub);
  const probes: Probe[] = [];
  try {
    const aBefore = await snapshot(storage, A_DOCS);
    const aCatalog = await storage.changedSince(PRACTICE_A, 0);
    await writer.sync.start();
    await reader.sync.start();
    const written = await writer.sync.open(B_PATIENTS, { presence: true });
    const read = await reader.sync.open(B_PATIENTS, { presence: true });
    await within(writer.sync.whenSynced(B_PATIENTS), 'the writer’s handshake');
    await within(reader.sync.whenSynced(B_PATIENTS), 'the reader’s handshake');

    // The hostile side reconnects whenever it is closed, so fuzz keeps arriving throughout.
    const hostile = (async () => {
      let probe: Probe | null = null;
      for (const bytes of hostileFrames) {
        if (!probe || probe.closed) {
          probe = connectProbe(hub, access);
          probes.push(probe);
          probe.peer.receive(HELLO);
        }
        probe.peer.receive(bytes);
        await settle(probe);
      }
    })();
    const expected: Record<string, string> = {};
    for (const [i, text] of edits.entries()) {
      written.doc.getMap('fuzz').set(`e${i}`, text);
      expected[`e${i}`] = text;
      await turn();
    }
    await within(writer.sync.whenConfirmed(), 'the writer’s edits to be confirmed');
    await within(hostile, 'the hostile frames to be handled');
    const fuzzMap = read.doc.getMap('fuzz');
    await until(
      () => edits.every((_, i) => fuzzMap.get(`e${i}`) === expected[`e${i}`]),
      'the reader to get the edits',
    );

    expect(writer.sync.status.refused).toBe(0);
    for (const socket of [...writer.sockets, ...reader.sockets]) expect(socket.closedWith).toBeNull();
    expect(writer.sockets.length + reader.sockets.length).toBe(2);
    for (const probe of probes) {
      if (probe.closed) expect(CLOSE_CODES).toContain(probe.closed.code);
    }

    // Everything ever appended to practice B came from B's writer.
    const writerId = written.doc.clientID;
    for (const { doc, update } of appends.filter((a) => a.doc.startsWith(`${PRACTICE_B}/`))) {
      expect(doc).toBe(B_PATIENTS);
      const decoded = Y.decodeUpdate(update);
      expect(new Set([...decoded.structs.map((s) => s.id.client), ...decoded.ds.clients.keys()])).toEqual(
        new Set([writerId]),
      );
    }
    expect((await storage.changedSince(PRACTICE_B, 0)).docs).toEqual([B_PATIENTS]);
    const stored = await storage.load(B_PATIENTS);
    expect(stored).not.toBeNull();
    const check = new Y.Doc();
    Y.applyUpdate(check, stored!.update);
    expect([...check.share.keys()]).toEqual(['fuzz']);
    expect(check.getMap('fuzz').toJSON()).toEqual(expected);
    expect([...Y.decodeStateVector(stored!.stateVector).keys()]).toEqual([writerId]);
    // No presence from outside the practice reaches B's clients.
    const own = new Set([writerId, read.doc.clientID]);
    for (const id of read.awareness!.getStates().keys()) expect(own).toContain(id);

    if (access === 'read') {
      expect(await snapshot(storage, A_DOCS), 'documents the peer may only read').toEqual(aBefore);
      expect((await storage.changedSince(PRACTICE_A, 0)).docs).toEqual(aCatalog.docs);
    }
    await expectNoStrayErrors(logger);
  } finally {
    for (const probe of probes) probe.peer.disconnect();
    await writer.sync.stop();
    await reader.sync.stop();
    await hub.close();
  }
}

/** Whether Yjs itself accepts the update on top of the stored state (so storing it is allowed). */
function appliesCleanly(stored: StoredDoc | null, update: Uint8Array): boolean {
  const scratch = new Y.Doc();
  try {
    if (stored) Y.applyUpdate(scratch, stored.update);
    Y.applyUpdate(scratch, update);
    return true;
  } catch {
    return false;
  } finally {
    scratch.destroy();
  }
}

type SyncSub = (typeof SYNC)[keyof typeof SYNC];

async function invalidUpdateRun(doc: string, messages: [SyncSub, Uint8Array][]) {
  const { storage } = await seededStorage(true);
  const logger = recordingLogger();
  const hub = createSyncHub({ storage, logger, idleUnloadMs: 60_000 });
  const probe = connectProbe(hub, 'write');
  try {
    probe.peer.receive(HELLO);
    await settle(probe);
    const send = async (n: number, sub: SyncSub, update: Uint8Array) => {
      probe.frames.length = 0;
      probe.peer.receive(docFrame(doc, syncMessage(sub, update)));
      await settle(probe);
      const refused = probe.frames.filter((f) => f.type === FRAME.REFUSED && f.messageNumber === n);
      const confirmed = probe.frames.some((f) => f.type === FRAME.STORED && f.doc === doc && f.count === n);
      return { refused, confirmed };
    };
    for (const [i, [sub, update]] of messages.entries()) {
      const n = i + 1;
      const before = await storage.load(doc);
      const valid = appliesCleanly(before, update);
      const { refused, confirmed } = await send(n, sub, update);
      const after = await storage.load(doc);
      expect(probe.closed, 'closed for a well-formed frame').toBeNull();
      expect(confirmed, `STORED for message ${n}`).toBe(true);
      for (const f of refused) expect(f).toMatchObject({ doc, code: REFUSAL.INVALID_UPDATE });
      if (refused.length > 0 || !valid)
        expect(after, 'stored state after a refused or invalid update').toEqual(before);
      // Whatever was stored, the document stays loadable.
      if (after) expect(appliesCleanly(null, after.update), 'the stored state applies').toBe(true);
    }
    // And it still accepts a well-formed update.
    const n = messages.length + 1;
    const { refused, confirmed } = await send(n, SYNC.UPDATE, contentUpdate(401, 'after the fuzz'));
    expect(refused).toEqual([]);
    expect(confirmed).toBe(true);
    await expectNoStrayErrors(logger);
  } finally {
    probe.peer.disconnect();
    await hub.close();
  }
}

/** Client 101's real history, in order: the first state, then each later edit. */
const WRITER_HISTORY = FIXTURE.history;

/**
 * Updates claiming client 101's clocks from 1 on (and a few random bytes): they wait (pending)
 * for 101's first struct, which only the writer's real history brings, so the hub cannot check
 * them when they arrive, and confirms them as stored.
 */
const arbPendingHostileUpdate = fc.oneof(
  { weight: 3, arbitrary: arbStructuredUpdate({ clients: fc.constantFrom(101, 101, 102), minClock: 1 }) },
  { weight: 1, arbitrary: arbBytes },
);

/**
 * A hostile writer of the practice sends updates to a document, then an ordinary writer sends
 * its history. Either the writer's updates must all be accepted, or the stored document must
 * still load (in a fresh Y.Doc, and in a restarted hub that takes a write).
 */
function hostileThenWriter(check: 'writer is accepted' | 'document still loads') {
  return async (doc: string, hostileUpdates: Uint8Array[]) => {
    const { storage } = await seededStorage(true);
    const logger = recordingLogger();
    const hub = createSyncHub({ storage, logger, idleUnloadMs: 60_000 });
    const hubs = [hub];
    const hostile = connectProbe(hub, 'write');
    const writer = connectProbe(hub, 'write');
    try {
      hostile.peer.receive(HELLO);
      for (const update of hostileUpdates) {
        hostile.peer.receive(docFrame(doc, syncMessage(SYNC.UPDATE, update)));
      }
      await settle(hostile);
      writer.peer.receive(HELLO);
      await settle(writer);
      writer.frames.length = 0;
      for (const update of WRITER_HISTORY)
        writer.peer.receive(docFrame(doc, syncMessage(SYNC.UPDATE, update)));
      await settle(writer);
      expect(writer.frames).toContainEqual({ type: FRAME.STORED, doc, count: WRITER_HISTORY.length });
      if (check === 'writer is accepted') {
        const refusals = writer.frames.filter((f) => f.type === FRAME.REFUSED);
        expect(refusals, 'refusals of the writer’s well-formed updates').toEqual([]);
      } else {
        const stored = await storage.load(doc);
        expect(stored && appliesCleanly(null, stored.update), 'the stored state applies').toBe(true);
        // A restart, or the room unloaded after idleUnloadMs: the document comes from storage.
        const restarted = createSyncHub({ storage, logger, idleUnloadMs: 60_000 });
        hubs.push(restarted);
        const later = connectProbe(restarted, 'write');
        later.peer.receive(HELLO);
        later.peer.receive(docFrame(doc, syncMessage(SYNC.UPDATE, contentUpdate(555, 'after a restart'))));
        await settle(later);
        later.peer.disconnect();
        expect(
          later.frames.filter((f) => f.type === FRAME.REFUSED),
          'refusals after a restart',
        ).toEqual([]);
      }
      await expectNoStrayErrors(logger);
    } finally {
      hostile.peer.disconnect();
      writer.peer.disconnect();
      for (const h of hubs) await h.close();
    }
  };
}
