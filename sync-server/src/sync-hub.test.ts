import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  SyncClient,
  appendAudit,
  readAudit,
  createMemoryReplicaStore,
  createPatient,
  localOrigin,
  patientsDocName,
  practiceDocName,
  readAll,
  readRecord,
  PATIENTS,
  type ReplicaStore,
  type WriteContext,
} from '@aligned/shared';
import {
  CLOSE,
  FRAME,
  REFUSAL,
  SYNC,
  decodeFrame,
  encodeFrame,
  syncMessage,
  type Frame,
} from '@aligned/shared/protocol';
import { silentLogger } from './logger.ts';
import { createMemoryStorage } from './storage/memory-storage.ts';
import type { DocStorage } from './storage/storage.ts';
import { createSyncHub, type SyncHub } from './sync-hub.ts';
import { principalFor, socketTo, type TestSocket } from './test-support/socket-pair.ts';

const PRACTICE = 'prc_hubtest000000001';
const OTHER = 'prc_hubtest000000002';
const PATIENTS_DOC = patientsDocName(PRACTICE);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function hub(storage: DocStorage = createMemoryStorage()): SyncHub {
  const created = createSyncHub({ storage, logger: silentLogger, idleUnloadMs: 60_000 });
  cleanups.push(() => created.close());
  return created;
}

function client(
  target: SyncHub,
  options: {
    store?: ReplicaStore;
    access?: 'read' | 'write';
    practice?: string;
    userId?: string;
    bookkeeping?: (name: string) => boolean;
  } = {},
) {
  const sockets: TestSocket[] = [];
  const store = options.store ?? createMemoryReplicaStore();
  const sync = new SyncClient({
    store,
    openSocket: () => {
      const socket = socketTo(
        target,
        principalFor(options.practice ?? PRACTICE, options.access ?? 'write', options.userId),
      );
      sockets.push(socket);
      return socket;
    },
    minBackoffMs: 5,
    maxBackoffMs: 20,
    ...(options.bookkeeping ? { bookkeeping: options.bookkeeping } : {}),
  });
  cleanups.push(() => sync.stop());
  return { sync, store, sockets, lastSocket: () => sockets.at(-1)! };
}

function ctx(actor = 'stf_alice0000000000'): WriteContext {
  return { origin: localOrigin(actor, 'dev_test00000000000'), now: () => new Date().toISOString() };
}

function patientInput(firstName: string) {
  return {
    firstName,
    lastName: 'Garcia',
    preferredChannel: 'text' as const,
    language: 'en',
    locationId: 'loc_main00000000000',
    status: 'prospect' as const,
  };
}

function namesIn(doc: Y.Doc) {
  return readAll(doc, PATIENTS)
    .records.map((p) => p.firstName)
    .sort();
}

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 2000 && !check(); i++) await new Promise((r) => setTimeout(r, 1));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe('sync through the hub', () => {
  it('SYNC-3: an edit on one device appears on another and is confirmed as stored', async () => {
    const h = hub();
    const a = client(h);
    const b = client(h);
    await a.sync.start();
    await b.sync.start();
    const docA = await a.sync.open(PATIENTS_DOC);
    const docB = await b.sync.open(PATIENTS_DOC);
    await a.sync.whenSynced(PATIENTS_DOC);
    await b.sync.whenSynced(PATIENTS_DOC);

    createPatient(docA.doc, ctx(), patientInput('Sofia'));
    expect(a.sync.status.unconfirmed).toBe(1);
    await a.sync.whenConfirmed();
    expect(a.sync.status.unconfirmed).toBe(0);
    expect(a.sync.status.lastConfirmedAt).not.toBeNull();
    await until(() => namesIn(docB.doc).length === 1, 'the edit to reach B');
    expect(namesIn(docB.doc)).toEqual(['Sofia']);
  });

  it('SYNC-1: a brand-new device receives every document of the practice without opening them', async () => {
    const h = hub();
    const a = client(h);
    await a.sync.start();
    const patients = await a.sync.open(PATIENTS_DOC);
    const practice = await a.sync.open(practiceDocName(PRACTICE));
    createPatient(patients.doc, ctx(), patientInput('Sofia'));
    practice.doc.getMap('meta').set('touched', true);
    await a.sync.whenConfirmed();

    const fresh = client(h);
    await fresh.sync.start();
    await fresh.sync.whenReplicated();
    await fresh.sync.flush();
    expect((await fresh.store.docNames()).sort()).toEqual([PATIENTS_DOC, practiceDocName(PRACTICE)].sort());
    const opened = await fresh.sync.open(PATIENTS_DOC);
    expect(namesIn(opened.doc)).toEqual(['Sofia']);
    expect(fresh.sync.status.replication).toEqual({ total: 2, done: 2 });
  });

  it('SYNC-8: replication counts as done only once the documents are written to local storage', async () => {
    const h = hub();
    const a = client(h);
    await a.sync.start();
    const patients = await a.sync.open(PATIENTS_DOC);
    createPatient(patients.doc, ctx(), patientInput('Sofia'));
    await a.sync.whenConfirmed();

    // A device whose storage is slow (IndexedDB on a busy tablet): appends land 30 ms late.
    const memory = createMemoryReplicaStore();
    const slow: ReplicaStore = {
      ...memory,
      append: async (name, update, entry) => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        return memory.append(name, update, entry);
      },
    };
    const fresh = client(h, { store: slow });
    await fresh.sync.start();
    await fresh.sync.whenReplicated();
    expect(await memory.docNames()).toEqual([PATIENTS_DOC]);
  });

  it('SYNC-9: bookkeeping writes are delivered but not counted among the person’s unconfirmed changes', async () => {
    const h = hub();
    const trail = `${PRACTICE}/audit/dev_counting00000000`;
    const a = client(h, { bookkeeping: (name) => name === trail });
    const patients = await a.sync.open(PATIENTS_DOC);
    const audit = await a.sync.open(trail);
    createPatient(patients.doc, ctx(), patientInput('Sofia'));
    audit.doc.getArray('entries').push(['viewed']);
    audit.doc.getArray('entries').push(['viewed again']);
    expect(a.sync.status.unconfirmed).toBe(1);
    expect(a.sync.status.unconfirmedBookkeeping).toBe(2);

    await a.sync.start();
    await a.sync.whenConfirmed();
    expect(a.sync.status.unconfirmedBookkeeping).toBe(0);
    const reader = client(h);
    await reader.sync.start();
    const copy = await reader.sync.open(trail);
    await reader.sync.whenSynced(trail);
    expect(copy.doc.getArray('entries').toArray()).toEqual(['viewed', 'viewed again']);
  });

  it('APPEND-1: keeps an audit trail whole when its own device tries to cut entries off', async () => {
    const h = hub();
    const name = `${PRACTICE}/audit/dev_cutting000000000`;
    const device = client(h);
    await device.sync.start();
    const trail = await device.sync.open(name);
    const origin = localOrigin('stf_alice0000000000', 'dev_cutting000000000');
    for (const id of ['pat_a000000000000000', 'pat_b000000000000000', 'pat_c000000000000000'])
      appendAudit(trail.doc, origin, {
        action: 'view',
        entity: 'patient',
        entityId: id,
        at: '2026-11-25T10:00:00.000Z',
      });
    await device.sync.whenConfirmed();

    trail.doc.getArray('entries').delete(1, 2);
    await until(() => device.sync.status.refused === 1, 'the relay to refuse the cut');
    const reader = client(h);
    await reader.sync.start();
    const copy = await reader.sync.open(name);
    await reader.sync.whenSynced(name);
    expect(readAudit(copy.doc)).toMatchObject({ verdict: { ok: true, count: 3 } });
  });

  it('SYNC-6: edits made while disconnected on both devices converge after reconnecting', async () => {
    const h = hub();
    const a = client(h);
    const b = client(h);
    await a.sync.start();
    await b.sync.start();
    const docA = await a.sync.open(PATIENTS_DOC);
    const docB = await b.sync.open(PATIENTS_DOC);
    const sofia = createPatient(docA.doc, ctx(), patientInput('Sofia'));
    await a.sync.whenConfirmed();
    await until(() => namesIn(docB.doc).length === 1, 'initial sync');
    if (!sofia.ok) throw new Error('create');

    a.sync.pause();
    b.sync.pause();
    createPatient(docA.doc, ctx(), patientInput('Mateo'));
    createPatient(docB.doc, ctx('stf_bob000000000000'), patientInput('Lucia'));
    (docB.doc.getMap('patients').get(sofia.value.id) as Y.Map<unknown>).set('notes', 'offline note');
    expect(a.sync.status.connection).toBe('paused');
    expect(b.sync.status.unconfirmed).toBe(2);

    a.sync.resume();
    b.sync.resume();
    await a.sync.whenConfirmed();
    await b.sync.whenConfirmed();
    await until(() => namesIn(docA.doc).length === 3 && namesIn(docB.doc).length === 3, 'convergence');
    expect(namesIn(docA.doc)).toEqual(['Lucia', 'Mateo', 'Sofia']);
    expect(Y.encodeStateVector(docA.doc)).toEqual(Y.encodeStateVector(docB.doc));
    const read = readRecord(docA.doc, PATIENTS, sofia.value.id);
    expect(read.status === 'ok' && read.record.notes).toBe('offline note');
  });

  it('SYNC-2: keeps the outbox across a restart of the app and confirms it on the next connection', async () => {
    const h = hub();
    const store = createMemoryReplicaStore();
    const first = client(h, { store });
    await first.sync.start();
    const doc = await first.sync.open(PATIENTS_DOC);
    first.sync.pause();
    createPatient(doc.doc, ctx(), patientInput('Sofia'));
    await first.sync.stop();
    expect((await store.readOutbox()).length).toBe(1);

    const second = client(h, { store });
    await second.sync.start();
    expect(second.sync.status.unconfirmed).toBe(1);
    await second.sync.whenConfirmed();
    expect(await store.readOutbox()).toEqual([]);

    const other = client(h);
    await other.sync.start();
    const opened = await other.sync.open(PATIENTS_DOC);
    await other.sync.whenSynced(PATIENTS_DOC);
    expect(namesIn(opened.doc)).toEqual(['Sofia']);
  });

  it('SYNC-3: confirms a change only after storage has finished appending it', async () => {
    const inner = createMemoryStorage();
    let release: () => void = () => undefined;
    let gate = new Promise<void>((r) => (release = r));
    const slow: DocStorage = {
      ...inner,
      append: async (doc, update) => {
        await gate;
        return inner.append(doc, update);
      },
    };
    const h = hub(slow);
    const a = client(h);
    await a.sync.start();
    const doc = await a.sync.open(PATIENTS_DOC);
    await a.sync.whenSynced(PATIENTS_DOC);
    createPatient(doc.doc, ctx(), patientInput('Sofia'));
    await new Promise((r) => setTimeout(r, 20));
    expect(a.sync.status.unconfirmed).toBe(1);
    expect(await inner.load(PATIENTS_DOC)).toBeNull();
    release();
    gate = Promise.resolve();
    await a.sync.whenConfirmed();
    expect(await inner.load(PATIENTS_DOC)).not.toBeNull();
  });

  it('SYNC-4: a change the relay could not store stays unconfirmed and is delivered on the next connection', async () => {
    const inner = createMemoryStorage();
    let failing = true;
    const flaky: DocStorage = {
      ...inner,
      append: async (doc, update) => {
        if (failing) throw new Error('disk full');
        return inner.append(doc, update);
      },
    };
    const h = hub(flaky);
    const a = client(h);
    await a.sync.start();
    const doc = await a.sync.open(PATIENTS_DOC);
    await a.sync.whenSynced(PATIENTS_DOC);
    createPatient(doc.doc, ctx(), patientInput('Sofia'));
    await until(() => a.sync.status.refused === 1, 'the refusal');
    expect(a.sync.status.unconfirmed).toBe(1);

    failing = false;
    a.lastSocket().drop();
    await a.sync.whenConfirmed();
    const check = new Y.Doc();
    Y.applyUpdate(check, (await inner.load(PATIENTS_DOC))!.update);
    expect(namesIn(check)).toEqual(['Sofia']);
  });
});

describe('memory and storage upkeep', () => {
  it('unloads a document nobody writes to, and compacts its log in the background', async () => {
    const storage = createMemoryStorage();
    const h = createSyncHub({ storage, logger: silentLogger, idleUnloadMs: 50, compactAfterEntries: 5 });
    cleanups.push(() => h.close());
    const a = client(h);
    await a.sync.start();
    const live = await a.sync.open(PATIENTS_DOC);
    await a.sync.whenSynced(PATIENTS_DOC);
    for (let i = 0; i < 7; i++) {
      createPatient(live.doc, ctx(), patientInput(`P${i}`));
      await a.sync.whenConfirmed();
    }
    expect(h.stats().loadedDocs).toBe(1);
    await until(() => h.stats().loadedDocs === 0, 'the idle document to be unloaded');
    expect(await storage.entryCount(PATIENTS_DOC)).toBeLessThan(7);
    const check = new Y.Doc();
    Y.applyUpdate(check, (await storage.load(PATIENTS_DOC))!.update);
    expect(namesIn(check)).toHaveLength(7);
  });
});

describe('SYNC-4: recovery after a refusal', () => {
  it('a change the relay failed to store is sent again on the same connection once storage recovers', async () => {
    const inner = createMemoryStorage();
    let failures = 1;
    const flaky: DocStorage = {
      ...inner,
      append: async (doc, update, sv) => {
        if (failures-- > 0) throw new Error('disk hiccup');
        return inner.append(doc, update, sv);
      },
    };
    const h = hub(flaky);
    const a = client(h);
    await a.sync.start();
    const doc = await a.sync.open(PATIENTS_DOC);
    await a.sync.whenSynced(PATIENTS_DOC);
    createPatient(doc.doc, ctx(), patientInput('Sofia'));
    await a.sync.whenConfirmed();
    expect(a.sockets).toHaveLength(1);
    const check = new Y.Doc();
    Y.applyUpdate(check, (await inner.load(PATIENTS_DOC))!.update);
    expect(namesIn(check)).toEqual(['Sofia']);
  });
});

describe('PERM-5: access at the hub', () => {
  it('never lists or serves another practice’s documents', async () => {
    const storage = createMemoryStorage();
    const h = hub(storage);
    const other = client(h, { practice: OTHER });
    await other.sync.start();
    const theirs = await other.sync.open(patientsDocName(OTHER));
    createPatient(theirs.doc, ctx(), patientInput('Secret'));
    await other.sync.whenConfirmed();

    const mine = client(h);
    await mine.sync.start();
    await mine.sync.whenReplicated();
    expect(await mine.store.docNames()).toEqual([]);

    const raw = await rawPeer(h, PRACTICE);
    raw.send({
      type: FRAME.DOC,
      doc: patientsDocName(OTHER),
      message: syncMessage(SYNC.STEP1, new Uint8Array([0])),
    });
    const refusal = await raw.next(FRAME.REFUSED);
    expect(refusal).toMatchObject({ code: REFUSAL.FORBIDDEN, doc: patientsDocName(OTHER) });
    raw.send({
      type: FRAME.DOC,
      doc: patientsDocName(OTHER),
      message: syncMessage(SYNC.UPDATE, updateOf('x')),
    });
    await raw.next(FRAME.REFUSED);
    const check = new Y.Doc();
    Y.applyUpdate(check, (await storage.load(patientsDocName(OTHER)))!.update);
    expect(namesIn(check)).toEqual(['Secret']);
  });

  it('a read-only device receives changes but every write is refused and nothing is stored', async () => {
    const storage = createMemoryStorage();
    const h = hub(storage);
    const writer = client(h);
    await writer.sync.start();
    const docW = await writer.sync.open(PATIENTS_DOC);
    createPatient(docW.doc, ctx(), patientInput('Sofia'));
    await writer.sync.whenConfirmed();

    const reader = client(h, { access: 'read' });
    await reader.sync.start();
    const docR = await reader.sync.open(PATIENTS_DOC);
    await reader.sync.whenSynced(PATIENTS_DOC);
    expect(namesIn(docR.doc)).toEqual(['Sofia']);
    const before = await storage.load(PATIENTS_DOC);

    createPatient(docR.doc, ctx('stf_reader000000000'), patientInput('Intruder'));
    await until(() => reader.sync.status.refused === 1, 'refusal');

    const raw = await rawPeer(h, PRACTICE, 'read');
    raw.send({ type: FRAME.DOC, doc: PATIENTS_DOC, message: syncMessage(SYNC.STEP2, updateOf('y')) });
    expect(await raw.next(FRAME.REFUSED)).toMatchObject({ code: REFUSAL.READ_ONLY, messageNumber: 1 });
    expect(await storage.load(PATIENTS_DOC)).toEqual(before);
  });
});

describe('bad input at the hub', () => {
  it('an update that does not decode is refused, stores nothing and the connection keeps working', async () => {
    const storage = createMemoryStorage();
    const h = hub(storage);
    const raw = await rawPeer(h, PRACTICE);
    raw.send({
      type: FRAME.DOC,
      doc: PATIENTS_DOC,
      message: syncMessage(SYNC.UPDATE, new Uint8Array([9, 9, 9, 9])),
    });
    expect(await raw.next(FRAME.REFUSED)).toMatchObject({ code: REFUSAL.INVALID_UPDATE, messageNumber: 1 });
    expect(await raw.next(FRAME.STORED)).toMatchObject({ count: 1 });
    expect(await storage.load(PATIENTS_DOC)).toBeNull();
    raw.send({ type: FRAME.DOC, doc: PATIENTS_DOC, message: syncMessage(SYNC.UPDATE, updateOf('fine')) });
    expect(await raw.next(FRAME.STORED)).toMatchObject({ count: 2 });
    expect(await storage.load(PATIENTS_DOC)).not.toBeNull();
  });

  it('garbage closes only the sender with a protocol error', async () => {
    const h = hub();
    const good = client(h);
    await good.sync.start();
    const doc = await good.sync.open(PATIENTS_DOC);
    await good.sync.whenSynced(PATIENTS_DOC);
    const socket = socketTo(h, principalFor(PRACTICE));
    await new Promise<void>((r) => (socket.onopen = () => r()));
    socket.send(new Uint8Array([0xff, 0xff, 0xff]));
    await until(() => socket.closedWith !== null, 'the bad socket to close');
    expect(socket.closedWith?.code).toBe(CLOSE.PROTOCOL_ERROR);
    createPatient(doc.doc, ctx(), patientInput('Still works'));
    await good.sync.whenConfirmed();
  });

  it('SYNC-16: refuses a document name it does not know', async () => {
    const raw = await rawPeer(hub(), PRACTICE);
    raw.send({
      type: FRAME.DOC,
      doc: `${PRACTICE}/../../etc`,
      message: syncMessage(SYNC.STEP1, new Uint8Array([0])),
    });
    expect(await raw.next(FRAME.REFUSED)).toMatchObject({ code: REFUSAL.BAD_DOC_NAME });
  });

  it('SYNC-15: closes a client that speaks another protocol version', async () => {
    const socket = socketTo(hub(), principalFor(PRACTICE));
    await new Promise<void>((r) => (socket.onopen = () => r()));
    socket.send(encodeFrame({ type: FRAME.HELLO, protocolVersion: 999, cursor: 0 }));
    await until(() => socket.closedWith !== null, 'close');
    expect(socket.closedWith?.code).toBe(CLOSE.INCOMPATIBLE);
  });
});

describe('presence', () => {
  it('shows who else has a document open, as the relay knows them, and forgets them when they leave', async () => {
    const h = hub();
    const a = client(h, { userId: 'stf_alice0000000000' });
    const b = client(h, { userId: 'stf_bob000000000000' });
    await a.sync.start();
    await b.sync.start();
    const docA = await a.sync.open(PATIENTS_DOC, { presence: true });
    const docB = await b.sync.open(PATIENTS_DOC, { presence: true });
    await a.sync.whenSynced(PATIENTS_DOC);
    await b.sync.whenSynced(PATIENTS_DOC);
    // Alice's device claims to be the doctor; the relay stamps who actually signed in.
    docA.awareness!.setLocalStateField('user', {
      id: 'stf_doctor000000000',
      name: 'Dr. Boss',
      color: '#123456',
    });
    docA.awareness!.setLocalStateField('viewing', 'pat_0123456789abcdef');
    const aliceAsSeenByBob = () =>
      [...docB.awareness!.getStates().values()].find(
        (s) => (s as { viewing?: string }).viewing === 'pat_0123456789abcdef',
      ) as { user?: { id?: string; name?: string; color?: string } } | undefined;
    await until(() => aliceAsSeenByBob() !== undefined, 'B to see Alice');
    expect(aliceAsSeenByBob()?.user).toEqual({
      id: 'stf_alice0000000000',
      name: 'Tester alic',
      color: '#123456',
    });
    a.lastSocket().drop();
    await until(() => aliceAsSeenByBob() === undefined, 'Alice to disappear');
  });
});

describe('SYNC-8: catalog cursor', () => {
  it('after a full replication, reconnecting asks only for documents changed since', async () => {
    const h = hub();
    const writer = client(h);
    await writer.sync.start();
    const patients = await writer.sync.open(PATIENTS_DOC);
    const practice = await writer.sync.open(practiceDocName(PRACTICE));
    createPatient(patients.doc, ctx(), patientInput('Sofia'));
    practice.doc.getMap('meta').set('x', 1);
    await writer.sync.whenConfirmed();

    const reader = client(h);
    await reader.sync.start();
    await reader.sync.whenReplicated();
    await new Promise((r) => setTimeout(r, 300)); // the cursor is saved on a short debounce
    reader.sync.pause();
    createPatient(patients.doc, ctx(), patientInput('Mateo'));
    await writer.sync.whenConfirmed();
    reader.sync.resume();
    await until(() => reader.sync.status.connection === 'online', 'reconnect');
    await reader.sync.whenReplicated();
    expect(reader.sync.status.replication).toEqual({ total: 1, done: 1 });
    const opened = await reader.sync.open(PATIENTS_DOC);
    expect(namesIn(opened.doc)).toEqual(['Mateo', 'Sofia']);
  });
});

describe('sessions ending while connected', () => {
  it('AUTH-7: closes a connection when its session expires (4401), not at the next reconnect', async () => {
    const h = createSyncHub({
      storage: createMemoryStorage(),
      logger: silentLogger,
      idleUnloadMs: 60_000,
      // The sweep that checks expiry runs every quarter of this (at least 50 ms).
      limits: { idleTimeoutMs: 200 },
    });
    cleanups.push(() => h.close());
    const expiresAt = new Date(Date.now() + 100).toISOString();
    let closedWith: number | null = null;
    const peer = h.connect(
      { ...principalFor(PRACTICE), expiresAt },
      { send() {}, close: (code) => void (closedWith = code) },
    );
    peer.receive(encodeFrame({ type: FRAME.HELLO, protocolVersion: 1, cursor: 0 }));
    // Kept busy so the idle timeout is not what closes it.
    const keepBusy = setInterval(
      () => peer.receive(encodeFrame({ type: FRAME.DOC, doc: PATIENTS_DOC, message: new Uint8Array([3]) })),
      20,
    );
    cleanups.push(() => clearInterval(keepBusy));
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (closedWith !== null) {
          clearInterval(poll);
          resolve();
        }
      }, 10);
    });
    expect(closedWith).toBe(CLOSE.UNAUTHENTICATED);
  });
});

// --- helpers ------------------------------------------------------------------------------

function updateOf(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('meta').set('note', text);
  return Y.encodeStateAsUpdate(doc);
}

/** A hand-driven peer that speaks raw frames, for probing the hub. */
async function rawPeer(h: SyncHub, practice: string, access: 'read' | 'write' = 'write') {
  const received: Frame[] = [];
  const waiting: { type: number; resolve: (f: Frame) => void }[] = [];
  const peer = h.connect(principalFor(practice, access), {
    send(bytes) {
      const outer = decodeFrame(bytes);
      if ('error' in outer) return;
      const frames = outer.type === FRAME.BATCH ? outer.frames.map((f) => decodeFrame(f)) : [outer];
      for (const frame of frames) {
        if ('error' in frame) continue;
        const index = waiting.findIndex((w) => w.type === frame.type);
        if (index >= 0) waiting.splice(index, 1)[0]!.resolve(frame);
        else received.push(frame);
      }
    },
    close() {},
  });
  peer.receive(encodeFrame({ type: FRAME.HELLO, protocolVersion: 1, cursor: 0 }));
  await peer.idle();
  return {
    send: (frame: Frame) => peer.receive(encodeFrame(frame)),
    next(type: number): Promise<Frame> {
      const index = received.findIndex((f) => f.type === type);
      if (index >= 0) return Promise.resolve(received.splice(index, 1)[0]!);
      return new Promise((resolve) => waiting.push({ type, resolve }));
    },
  };
}
