/**
 * The SyncClient against an in-memory relay double (test-support/relay-double.ts) that each test
 * steers: when it confirms, what it refuses, when it closes. Timers are fake, so backoff, batching
 * and the cursor's debounce run in simulated time and no test sleeps. The same client against the
 * real relay is tested in sync-server (sync-hub.test.ts, version-skew.test.ts).
 */
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SyncClient, type SyncClientOptions } from './sync-client.ts';
import { createMemoryReplicaStore, type ReplicaStore } from './replica-store.ts';
import { createRelayDouble, type RelayDouble } from '../test-support/relay-double.ts';
import { clock, patientInput, userContext } from '../test-support/fixtures.ts';
import { CLOSE, FRAME, PROTOCOL_VERSION, REFUSAL, encodeFrame } from '../protocol/index.ts';
import { auditDocName, appendAudit } from '../audit/audit-doc.ts';
import { compatibility, metaMap } from '../documents/doc-meta.ts';
import { readAll } from '../documents/collection.ts';
import { patientsDocName, practiceDocName } from '../documents/doc-names.ts';
import { createPatient, PATIENTS } from '../patients/patients-doc.ts';
import { localOrigin } from '../documents/origins.ts';

const PRACTICE = 'prc_synctest00000001';
const PATIENTS_DOC = patientsDocName(PRACTICE);

const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate'],
  });
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.useRealTimers();
});

/** Runs simulated time (and every promise it settles) until `check` holds; fails after 60 s of it. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 12_000 && !check(); i++) await vi.advanceTimersByTimeAsync(5);
  if (!check()) throw new Error(`Never happened: ${what}`);
}

/** Lets `ms` of simulated time pass. */
const pass = (ms: number) => vi.advanceTimersByTimeAsync(ms);

function device(
  relay: RelayDouble,
  store: ReplicaStore = createMemoryReplicaStore(),
  extra: Partial<SyncClientOptions> = {},
) {
  const sync = new SyncClient({
    store,
    openSocket: relay.openSocket,
    now: clock(),
    minBackoffMs: 10,
    maxBackoffMs: 40,
    ...extra,
  });
  cleanups.push(() => sync.stop());
  return { sync, store };
}

function names(doc: Y.Doc): string[] {
  return readAll(doc, PATIENTS)
    .records.map((p) => p.firstName)
    .sort();
}

/** An update made on another device that adds one patient. */
function patientFromElsewhere(firstName: string): Uint8Array {
  const doc = new Y.Doc();
  createPatient(doc, userContext('stf_bob000000000000', 'dev_other0000000000'), patientInput({ firstName }));
  return Y.encodeStateAsUpdate(doc);
}

/** A started device with the patients document open and its handshake done. */
async function connectedDevice(relay: RelayDouble, store?: ReplicaStore, extra?: Partial<SyncClientOptions>) {
  const client = device(relay, store, extra);
  await client.sync.start();
  const live = await client.sync.open(PATIENTS_DOC);
  let synced = false;
  void client.sync.whenSynced(PATIENTS_DOC).then(() => (synced = true));
  await until(() => synced, 'the handshake of the patients document');
  return { ...client, live };
}

describe('the outbox', () => {
  it('SYNC-2: records each local edit in the outbox, in the same write as the change, with its document and time', async () => {
    const relay = createRelayDouble({ confirm: 'manual' });
    const { sync, store, live } = await connectedDevice(relay);
    createPatient(live.doc, userContext(), patientInput());
    await sync.flush();

    const outbox = await store.readOutbox();
    expect(outbox).toEqual([{ id: 1, doc: PATIENTS_DOC, createdAt: expect.any(String) }]);
    expect(await store.readDoc(PATIENTS_DOC)).not.toEqual([]);
    expect(sync.status.unconfirmed).toBe(1);
    expect(sync.status.oldestUnconfirmedAt).toBe(outbox[0]!.createdAt);
  });

  it('SYNC-2: counts the changes kept from before a restart at once, before any connection answers', async () => {
    const relay = createRelayDouble({ confirm: 'manual' });
    const store = createMemoryReplicaStore();
    const first = await connectedDevice(relay, store);
    createPatient(first.live.doc, userContext(), patientInput());
    await until(() => relay.current().pending.length === 1, 'the change to reach the relay');
    await first.sync.stop();
    const [kept] = await store.readOutbox();

    const second = device(relay, store);
    expect(second.sync.status.unconfirmed).toBe(0);
    await second.sync.start();
    expect(second.sync.status.unconfirmed).toBe(1);
    expect(second.sync.status.oldestUnconfirmedAt).toBe(kept!.createdAt);
  });

  it('SYNC-2: delivers the changes kept from before a restart on the next connection, and empties the outbox once stored', async () => {
    const relay = createRelayDouble({ confirm: 'manual' });
    const store = createMemoryReplicaStore();
    const first = await connectedDevice(relay, store);
    createPatient(first.live.doc, userContext(), patientInput({ firstName: 'Sofia' }));
    await until(() => relay.current().pending.length === 1, 'the change to reach the relay');
    await first.sync.stop();
    expect(names(relay.doc(PATIENTS_DOC))).toEqual([]);

    const second = device(relay, store);
    await second.sync.start();
    // The new connection's handshake carries the change: the relay never stored it.
    await until(() => relay.current().pending.some((p) => p.sub === 'step2'), 'the handshake to carry it');
    relay.confirm(PATIENTS_DOC);
    await until(() => second.sync.status.unconfirmed === 0, 'the confirmation');
    expect(await store.readOutbox()).toEqual([]);
    expect(names(relay.doc(PATIENTS_DOC))).toEqual(['Sofia']);
  });

  it('SYNC-2: never puts changes from the relay or from local storage in the outbox', async () => {
    const relay = createRelayDouble();
    const store = createMemoryReplicaStore();
    const { sync, live } = await connectedDevice(relay, store);
    relay.storeFromElsewhere(PATIENTS_DOC, patientFromElsewhere('Lucia'));
    await until(() => names(live.doc).includes('Lucia'), 'the pushed change');
    await sync.flush();
    expect(sync.status.unconfirmed).toBe(0);
    expect(await store.readOutbox()).toEqual([]);
    await sync.stop();

    // SYNC-1: a document opened before any connection comes from local storage.
    const later = device(relay, store);
    const reopened = await later.sync.open(PATIENTS_DOC);
    expect(names(reopened.doc)).toEqual(['Lucia']);
    expect(later.sync.status.unconfirmed).toBe(0);
    expect(await store.readOutbox()).toEqual([]);
  });

  it('SYNC-9: counts bookkeeping writes (the audit trail) apart from the person’s changes', async () => {
    const relay = createRelayDouble({ confirm: 'manual' });
    const trail = auditDocName(PRACTICE, 'dev_laptop000000000');
    const { sync, live } = await connectedDevice(relay, undefined, { bookkeeping: (name) => name === trail });
    const audit = await sync.open(trail);
    appendAudit(audit.doc, localOrigin('stf_alice0000000000', 'dev_laptop000000000'), {
      at: '2026-11-25T15:00:00.000Z',
      action: 'view',
      entity: 'patient',
      entityId: 'pat_0123456789abcdef',
    });
    expect(sync.status).toMatchObject({ unconfirmed: 0, unconfirmedBookkeeping: 1 });
    createPatient(live.doc, userContext(), patientInput());
    expect(sync.status).toMatchObject({ unconfirmed: 1, unconfirmedBookkeeping: 1 });
  });
});

describe('confirmations', () => {
  it('SYNC-3: a STORED removes from the outbox only the changes of the messages it covers', async () => {
    const relay = createRelayDouble({ confirm: 'manual' });
    const { sync, store, live } = await connectedDevice(relay);
    createPatient(live.doc, userContext(), patientInput({ firstName: 'Sofia' }));
    createPatient(live.doc, userContext(), patientInput({ firstName: 'Mateo' }));
    await until(() => relay.current().pending.length === 2, 'both changes to reach the relay');
    expect(relay.current().pending.map((p) => p.n)).toEqual([1, 2]);

    relay.confirm(PATIENTS_DOC, 1);
    await until(() => sync.status.unconfirmed === 1, 'the first confirmation');
    await sync.flush();
    expect((await store.readOutbox()).map((e) => e.id)).toEqual([2]);
    const confirmedAt = sync.status.lastConfirmedAt;
    expect(confirmedAt).not.toBeNull();
    expect(await store.getMeta('lastConfirmedAt')).toBe(confirmedAt);

    relay.confirm(PATIENTS_DOC, 2);
    await until(() => sync.status.unconfirmed === 0, 'the second confirmation');
    await sync.flush();
    expect(await store.readOutbox()).toEqual([]);
    expect(names(relay.doc(PATIENTS_DOC))).toEqual(['Mateo', 'Sofia']);
  });

  it('SYNC-3: a STORED for another document, or covering nothing sent, confirms nothing', async () => {
    const relay = createRelayDouble({ confirm: 'manual' });
    const { sync, live } = await connectedDevice(relay);
    createPatient(live.doc, userContext(), patientInput());
    await until(() => relay.current().pending.length === 1, 'the change to reach the relay');
    relay.send({ type: FRAME.STORED, doc: practiceDocName(PRACTICE), count: 1 });
    relay.send({ type: FRAME.STORED, doc: PATIENTS_DOC, count: 0 });
    await pass(50);
    expect(sync.status.unconfirmed).toBe(1);
    expect(sync.status.lastConfirmedAt).toBeNull();
  });

  it('SYNC-4: a refused change stays in the outbox and counts as refused, even when a STORED covers its message', async () => {
    const relay = createRelayDouble({ confirm: 'manual' });
    const { sync, store, live } = await connectedDevice(relay);
    createPatient(live.doc, userContext(), patientInput());
    await until(() => relay.current().pending.length === 1, 'the change to reach the relay');
    relay.send({
      type: FRAME.REFUSED,
      doc: PATIENTS_DOC,
      messageNumber: 1,
      code: REFUSAL.READ_ONLY,
      reason: 'read-only',
    });
    relay.send({ type: FRAME.STORED, doc: PATIENTS_DOC, count: 1 });
    await until(() => sync.status.refused === 1, 'the refusal');
    expect(sync.status.unconfirmed).toBe(1);
    await sync.flush();
    expect(await store.readOutbox()).toHaveLength(1);
  });

  it('SYNC-4: a reconnection gives a refused change a fresh chance', async () => {
    const relay = createRelayDouble({ confirm: 'manual' });
    const { sync, store, live } = await connectedDevice(relay);
    createPatient(live.doc, userContext(), patientInput({ firstName: 'Sofia' }));
    await until(() => relay.current().pending.length === 1, 'the change to reach the relay');
    relay.send({
      type: FRAME.REFUSED,
      doc: PATIENTS_DOC,
      messageNumber: 1,
      code: REFUSAL.STORAGE_FAILED,
      reason: 'disk full',
    });
    relay.send({ type: FRAME.STORED, doc: PATIENTS_DOC, count: 1 });
    await until(() => sync.status.refused === 1, 'the refusal');

    relay.setConfirm('auto');
    relay.drop();
    await until(() => sync.status.unconfirmed === 0, 'delivery on the next connection');
    expect(sync.status.refused).toBe(0);
    await sync.flush();
    expect(await store.readOutbox()).toEqual([]);
    expect(names(relay.doc(PATIENTS_DOC))).toEqual(['Sofia']);
  });

  it('SYNC-4: a document the relay forbids is not asked for again on that connection, and its changes count as refused', async () => {
    const relay = createRelayDouble({ forbidden: (doc) => doc === PATIENTS_DOC });
    const { sync } = device(relay);
    const live = await sync.open(PATIENTS_DOC);
    createPatient(live.doc, userContext(), patientInput({ firstName: 'Sofia' }));
    await sync.start();
    let replicated = false;
    void sync.whenReplicated().then(() => (replicated = true));
    await until(() => sync.status.refused === 1, 'the refusal');
    await until(() => replicated, 'replication to finish without the forbidden document');

    createPatient(live.doc, userContext(), patientInput({ firstName: 'Mateo' }));
    await pass(50);
    expect(sync.status).toMatchObject({ unconfirmed: 2, refused: 2 });
    const asked = relay.current().frames.filter((f) => f.type === FRAME.DOC && f.doc === PATIENTS_DOC);
    expect(asked).toHaveLength(1);
  });
});

describe('reconnecting', () => {
  it('SYNC-5: sends again on the next connection a change that was in flight when the connection dropped', async () => {
    const relay = createRelayDouble({ confirm: 'manual' });
    const { sync, store, live } = await connectedDevice(relay);
    createPatient(live.doc, userContext(), patientInput({ firstName: 'Sofia' }));
    await until(() => relay.current().pending.length === 1, 'the change to reach the relay');

    relay.drop(); // the relay never stored it
    relay.setConfirm('auto');
    await until(() => sync.status.unconfirmed === 0, 'delivery on the next connection');
    expect(relay.connections).toHaveLength(2);
    expect(relay.current().updates.map((u) => u.sub)).toEqual(['step2']);
    expect(names(relay.doc(PATIENTS_DOC))).toEqual(['Sofia']);
    await sync.flush();
    expect(await store.readOutbox()).toEqual([]);
  });

  it('SYNC-29: a device writing without pause still finishes its handshakes and gets its changes confirmed', async () => {
    const relay = createRelayDouble();
    const { sync, live } = await connectedDevice(relay);
    let made = 0;
    let drained = 0;
    sync.onStatus((status) => {
      if (status.connection === 'online' && status.unconfirmed === 0) drained += 1;
    });
    const write = async (times: number) => {
      for (let i = 0; i < times; i++) {
        createPatient(live.doc, userContext(), patientInput({ firstName: `Edit${made++}` }));
        await pass(10);
      }
    };
    await write(30);
    expect(drained).toBeGreaterThan(0);

    // The connection drops while the device keeps writing: the next handshake is answered while
    // changes are still being made, and must neither stall nor start over for ever.
    relay.drop();
    await write(30);
    expect(relay.connections).toHaveLength(2);
    expect(sync.status.replication.done).toBe(sync.status.replication.total);
    drained = 0;
    await write(30);
    expect(drained).toBeGreaterThan(0);
    await until(() => sync.status.unconfirmed === 0, 'every change confirmed');
    expect(names(relay.doc(PATIENTS_DOC))).toHaveLength(made);
  });

  it('SYNC-5: reconnects after a close that is not final, and is online again', async () => {
    const relay = createRelayDouble();
    const { sync } = await connectedDevice(relay);
    expect(sync.status.connection).toBe('online');
    relay.close(CLOSE.TIMEOUT, 'idle');
    await until(
      () => relay.connections.length === 2 && sync.status.connection === 'online',
      'a reconnection',
    );
    expect(sync.status.problem).toBeNull();
  });

  it('SYNC-5: a change pushed by the relay reaches an open document and local storage', async () => {
    const relay = createRelayDouble();
    const { sync, store, live } = await connectedDevice(relay);
    relay.storeFromElsewhere(PATIENTS_DOC, patientFromElsewhere('Lucia'));
    await until(() => names(live.doc).includes('Lucia'), 'the pushed change');
    await sync.flush();
    const stored = new Y.Doc();
    for (const update of await store.readDoc(PATIENTS_DOC)) Y.applyUpdate(stored, update);
    expect(names(stored)).toEqual(['Lucia']);
  });
});

describe('offline', () => {
  it('SYNC-6: while paused it holds no connection and sends nothing; edits wait in the outbox and go on resume', async () => {
    const relay = createRelayDouble();
    const { sync, live } = await connectedDevice(relay);
    sync.pause();
    expect(sync.status.connection).toBe('paused');
    const sent = relay.current().frames.length;
    createPatient(live.doc, userContext(), patientInput({ firstName: 'Sofia' }));
    createPatient(live.doc, userContext(), patientInput({ firstName: 'Mateo' }));
    await pass(1_000);
    expect(sync.status.unconfirmed).toBe(2);
    expect(relay.connections).toHaveLength(1);
    expect(relay.current().frames).toHaveLength(sent);
    expect(names(relay.doc(PATIENTS_DOC))).toEqual([]);

    sync.resume();
    await until(() => sync.status.unconfirmed === 0, 'delivery after resuming');
    expect(names(relay.doc(PATIENTS_DOC))).toEqual(['Mateo', 'Sofia']);
  });

  it('SYNC-6: edits made offline on two devices converge once both are back', async () => {
    const relay = createRelayDouble();
    const a = await connectedDevice(relay);
    const b = await connectedDevice(relay);
    a.sync.pause();
    b.sync.pause();
    createPatient(a.live.doc, userContext(), patientInput({ firstName: 'Sofia' }));
    createPatient(b.live.doc, userContext('stf_bob000000000000'), patientInput({ firstName: 'Mateo' }));
    a.sync.resume();
    b.sync.resume();
    await until(
      () => names(a.live.doc).length === 2 && names(b.live.doc).length === 2,
      'both devices to hold both patients',
    );
    expect(names(a.live.doc)).toEqual(['Mateo', 'Sofia']);
    expect(Y.encodeStateVector(a.live.doc)).toEqual(Y.encodeStateVector(b.live.doc));
  });
});

describe('when the relay says stop', () => {
  it('SYNC-7: stops reconnecting after a final close and says why', async () => {
    const relay = createRelayDouble({ onHello: () => ({ code: CLOSE.REVOKED, reason: 'session revoked' }) });
    const finalCodes: number[] = [];
    const { sync } = device(relay, undefined, { onFinalClose: (code) => finalCodes.push(code) });
    await sync.start();
    await until(() => sync.status.problem !== null, 'the refusal');
    expect(sync.status).toMatchObject({ connection: 'offline', problem: 'session revoked' });
    expect(finalCodes).toEqual([CLOSE.REVOKED]);
    await pass(60_000);
    expect(relay.connections).toHaveLength(1);
  });

  it('SYNC-7: asks whether the session still stands when a connection never opened, and stops when it does not', async () => {
    const relay = createRelayDouble({ refuseAtDoor: () => true });
    let asked = 0;
    const { sync } = device(relay, undefined, {
      shouldReconnect: async () => {
        asked += 1;
        return asked < 2;
      },
    });
    await sync.start();
    await until(() => sync.status.problem !== null, 'the client to give up');
    expect(sync.status.problem).toBe('The relay no longer accepts this session.');
    expect(asked).toBe(2);
    expect(relay.connections).toHaveLength(2);
    await pass(60_000);
    expect(relay.connections).toHaveLength(2);
  });
});

describe('versions', () => {
  it('SYNC-15: a relay that speaks a newer protocol closes as incompatible; the client stops and says why', async () => {
    const relay = createRelayDouble({
      onHello: (hello) =>
        hello.protocolVersion < PROTOCOL_VERSION + 1
          ? { code: CLOSE.INCOMPATIBLE, reason: `protocol ${PROTOCOL_VERSION + 1} required` }
          : null,
    });
    const finalCodes: number[] = [];
    const { sync } = device(relay, undefined, { onFinalClose: (code) => finalCodes.push(code) });
    await sync.start();
    await until(() => sync.status.problem !== null, 'the refusal');
    expect(relay.current().hello?.protocolVersion).toBe(PROTOCOL_VERSION);
    expect(sync.status.problem).toBe(`protocol ${PROTOCOL_VERSION + 1} required`);
    expect(finalCodes).toEqual([CLOSE.INCOMPATIBLE]);
    await pass(60_000);
    expect(relay.connections).toHaveLength(1);
  });

  it('SYNC-15: ignores frames it does not understand and keeps working', async () => {
    const relay = createRelayDouble();
    const { sync, live } = await connectedDevice(relay);
    relay.send(new Uint8Array([9, 1, 2, 3])); // a frame type from a newer relay
    relay.send(new Uint8Array([FRAME.STORED])); // cut short
    relay.send(
      encodeFrame({ type: FRAME.REFUSED, doc: PATIENTS_DOC, messageNumber: 7, code: 99, reason: '?' }),
    );
    createPatient(live.doc, userContext(), patientInput({ firstName: 'Sofia' }));
    await until(() => sync.status.unconfirmed === 0, 'the change to be confirmed');
    expect(sync.status).toMatchObject({ connection: 'online', problem: null, refused: 0 });
    expect(names(relay.doc(PATIENTS_DOC))).toEqual(['Sofia']);
  });

  it('SYNC-14: replicates and reads a document written by a newer schema version, and refuses to write it', async () => {
    const relay = createRelayDouble();
    const newer = new Y.Doc();
    createPatient(
      newer,
      userContext('stf_bob000000000000', 'dev_other0000000000'),
      patientInput({ firstName: 'Lucia' }),
    );
    metaMap(newer).set('schemaVersion', 99);
    relay.storeFromElsewhere(PATIENTS_DOC, Y.encodeStateAsUpdate(newer));

    const { sync, store } = device(relay);
    await sync.start();
    let replicated = false;
    void sync.whenReplicated().then(() => (replicated = true));
    await until(() => replicated, 'replication');
    const live = await sync.open(PATIENTS_DOC);
    expect(names(live.doc)).toEqual(['Lucia']);
    expect(compatibility(live.doc, 'patients')).toBe('too-new');

    const write = createPatient(live.doc, userContext(), patientInput({ firstName: 'Sofia' }));
    expect(write).toEqual({ ok: false, error: { kind: 'read-only', reason: 'too-new' } });
    await pass(50);
    expect(sync.status.unconfirmed).toBe(0);
    expect(await store.readOutbox()).toEqual([]);
    expect(relay.current().updates).toEqual([]);
  });

  it('SYNC-8: says its protocol version and cursor, and stores the cursor only once the catalog is replicated', async () => {
    const relay = createRelayDouble();
    relay.storeFromElsewhere(PATIENTS_DOC, patientFromElsewhere('Lucia'));
    relay.storeFromElsewhere(practiceDocName(PRACTICE), patientFromElsewhere('Ana'));
    const store = createMemoryReplicaStore();
    const first = device(relay, store);
    await first.sync.start();
    expect(await store.getMeta('cursor')).toBeUndefined();
    let replicated = false;
    void first.sync.whenReplicated().then(() => (replicated = true));
    await until(() => replicated, 'replication');
    expect(relay.current().hello).toEqual({ protocolVersion: PROTOCOL_VERSION, cursor: 0 });
    expect(first.sync.status.replication).toEqual({ total: 2, done: 2 });
    await until(() => store.updateCount(PATIENTS_DOC) > 0, 'the documents to be stored');
    await pass(300); // the cursor is written on a short debounce
    expect(await store.getMeta('cursor')).toBe(relay.seq);
    await first.sync.stop();

    const second = device(relay, store);
    await second.sync.start();
    await until(() => relay.connections.length === 2 && relay.current().hello !== null, 'the second HELLO');
    expect(relay.current().hello).toEqual({ protocolVersion: PROTOCOL_VERSION, cursor: 2 });
    await until(() => second.sync.status.connection === 'online', 'the catalog');
    expect(second.sync.status.replication).toEqual({ total: 0, done: 0 });
  });
});
