/**
 * Version skew between a device and the real relay (the hub over the in-memory socket pair): a
 * device speaking another protocol version, and documents written by a newer version of the app.
 * The fast unit tests of the same rules against a relay double are in shared/src/sync/sync-client.test.ts.
 */
import type * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  SyncClient,
  compatibility,
  createMemoryReplicaStore,
  createPatient,
  localOrigin,
  metaMap,
  patientsDocName,
  readAll,
  PATIENTS,
  type SocketLike,
  type WriteContext,
} from '@aligned/shared';
import { CLOSE, FRAME, PROTOCOL_VERSION, decodeFrame, encodeFrame } from '@aligned/shared/protocol';
import { silentLogger } from './logger.ts';
import { createMemoryStorage } from './storage/memory-storage.ts';
import { createSyncHub, type SyncHub } from './sync-hub.ts';
import { principalFor, socketTo } from './test-support/socket-pair.ts';

const PRACTICE = 'prc_skewtest00000001';
const PATIENTS_DOC = patientsDocName(PRACTICE);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function hub(): SyncHub {
  const created = createSyncHub({
    storage: createMemoryStorage(),
    logger: silentLogger,
    idleUnloadMs: 60_000,
  });
  cleanups.push(() => created.close());
  return created;
}

function client(
  target: SyncHub,
  options: { helloVersion?: number; onFinalClose?: (code: number) => void } = {},
) {
  const sockets: SocketLike[] = [];
  const sync = new SyncClient({
    store: createMemoryReplicaStore(),
    openSocket: () => {
      const socket = socketTo(target, principalFor(PRACTICE));
      const version = options.helloVersion;
      if (version !== undefined) {
        // A device built for another protocol version: its HELLO says so.
        const send = socket.send.bind(socket);
        socket.send = (data) => {
          const frame = decodeFrame(data);
          send(
            !('error' in frame) && frame.type === FRAME.HELLO
              ? encodeFrame({ ...frame, protocolVersion: version })
              : data,
          );
        };
      }
      sockets.push(socket);
      return socket;
    },
    minBackoffMs: 5,
    maxBackoffMs: 20,
    ...(options.onFinalClose ? { onFinalClose: options.onFinalClose } : {}),
  });
  cleanups.push(() => sync.stop());
  return { sync, sockets };
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

const names = (doc: Y.Doc) =>
  readAll(doc, PATIENTS)
    .records.map((p) => p.firstName)
    .sort();

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 2000 && !check(); i++) await new Promise((r) => setTimeout(r, 1));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe('version skew with the real relay', () => {
  it('SYNC-15: a device speaking another protocol version is closed as incompatible, stops and says why', async () => {
    const finalCodes: number[] = [];
    const device = client(hub(), {
      helloVersion: PROTOCOL_VERSION + 1,
      onFinalClose: (code) => finalCodes.push(code),
    });
    await device.sync.start();
    await until(() => device.sync.status.problem !== null, 'the relay to refuse the device');
    expect(device.sync.status).toMatchObject({
      connection: 'offline',
      problem: `protocol ${PROTOCOL_VERSION} required`,
    });
    expect(finalCodes).toEqual([CLOSE.INCOMPATIBLE]);
    expect(device.sockets).toHaveLength(1);
  });

  it('SYNC-14: a document a newer version wrote reaches an older device readable and read-only, and nothing is sent back', async () => {
    const relay = hub();
    const newer = client(relay);
    await newer.sync.start();
    const written = await newer.sync.open(PATIENTS_DOC);
    createPatient(written.doc, ctx('stf_bob000000000000'), patientInput('Lucia'));
    metaMap(written.doc).set('schemaVersion', 99);
    await newer.sync.whenConfirmed();
    const storedBefore = relay.stats().updatesStored;

    const older = client(relay);
    await older.sync.start();
    await older.sync.whenReplicated();
    const live = await older.sync.open(PATIENTS_DOC);
    expect(names(live.doc)).toEqual(['Lucia']);
    expect(compatibility(live.doc, 'patients')).toBe('too-new');
    expect(createPatient(live.doc, ctx(), patientInput('Sofia'))).toEqual({
      ok: false,
      error: { kind: 'read-only', reason: 'too-new' },
    });
    await older.sync.flush();
    expect(older.sync.status.unconfirmed).toBe(0);
    expect(relay.stats().updatesStored).toBe(storedBefore);
  });
});
