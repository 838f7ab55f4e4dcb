import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  SyncClient,
  createMemoryReplicaStore,
  createPatient,
  localOrigin,
  patientsDocName,
  readAll,
  PATIENTS,
  type SocketLike,
} from '@aligned/shared';
import { CLOSE, Session, ticketProtocols } from '@aligned/shared/protocol';
import { createDevAuthorizer } from './auth/dev-authorizer.ts';
import { silentLogger } from './logger.ts';
import { createRelay, type Relay } from './relay.ts';
import { createSqliteStorage } from './storage/sqlite-storage.ts';

const PRACTICE = 'prc_relaytest0000001';
const TICKET = 'test-ticket-123456';
let dir: string;
let relay: Relay;
let base: string;
const clients: SyncClient[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aligned-relay-'));
  const site = join(dir, 'site');
  mkdirSync(join(site, '_app', 'immutable'), { recursive: true });
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>Aligned</title>');
  writeFileSync(join(site, '_app', 'immutable', 'app.js'), 'console.log(1)');
  relay = createRelay({
    storage: createSqliteStorage({ file: join(dir, 'relay.db') }),
    authorizer: createDevAuthorizer({ practiceId: PRACTICE, ticket: TICKET }),
    logger: silentLogger,
    staticDir: site,
    maxFrameBytes: 64 * 1024,
  });
  const address = await relay.listen(0, '127.0.0.1');
  base = `127.0.0.1:${address.port}`;
});

afterEach(async () => {
  for (const client of clients.splice(0)) await client.stop();
});

afterAll(async () => {
  await relay.close();
  rmSync(dir, { recursive: true, force: true });
});

function syncClient() {
  const client = new SyncClient({
    store: createMemoryReplicaStore(),
    openSocket: () => new WebSocket(`ws://${base}/sync`, ticketProtocols(TICKET)) as unknown as SocketLike,
    minBackoffMs: 10,
  });
  clients.push(client);
  return client;
}

function closeOf(ws: WebSocket): Promise<{ code: number }> {
  return new Promise((resolve) => ws.on('close', (code) => resolve({ code })));
}

describe('relay over real WebSockets', () => {
  it('two devices converge through the relay and the edit is confirmed', async () => {
    const a = syncClient();
    const b = syncClient();
    await a.start();
    await b.start();
    const docA = await a.open(patientsDocName(PRACTICE));
    const docB = await b.open(patientsDocName(PRACTICE));
    await a.whenSynced(patientsDocName(PRACTICE));
    createPatient(
      docA.doc,
      {
        origin: localOrigin('stf_alice0000000000', 'dev_a00000000000000'),
        now: () => new Date().toISOString(),
      },
      {
        firstName: 'Sofia',
        lastName: 'Garcia',
        preferredChannel: 'text',
        language: 'en',
        locationId: 'loc_main00000000000',
        status: 'prospect',
      },
    );
    await a.whenConfirmed();
    await b.whenSynced(patientsDocName(PRACTICE));
    await new Promise<void>((resolve) => {
      const check = () =>
        readAll(docB.doc, PATIENTS).records.length === 1 ? resolve() : setTimeout(check, 5);
      check();
    });
    expect(readAll(docB.doc, PATIENTS).records[0]?.firstName).toBe('Sofia');
  });

  it('refuses a socket without the right ticket before any frame is exchanged', async () => {
    const ws = new WebSocket(`ws://${base}/sync`, ticketProtocols('wrong-ticket'));
    const status = await new Promise<number>((resolve) =>
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(401);
  });

  it('closes a connection that sends a text frame, and only that one', async () => {
    const ws = new WebSocket(`ws://${base}/sync`, ticketProtocols(TICKET));
    await new Promise((resolve) => ws.on('open', resolve));
    const closed = closeOf(ws);
    ws.send('hello');
    expect((await closed).code).toBe(CLOSE.PROTOCOL_ERROR);
    const res = await fetch(`http://${base}/healthz`);
    expect(res.status).toBe(200);
  });

  it('closes a connection whose frame exceeds the size cap', async () => {
    const ws = new WebSocket(`ws://${base}/sync`, ticketProtocols(TICKET));
    await new Promise((resolve) => ws.on('open', resolve));
    const closed = closeOf(ws);
    ws.send(new Uint8Array(128 * 1024));
    expect((await closed).code).toBe(1009);
  });

  it('hands out the development session', async () => {
    const res = await fetch(`http://${base}/api/session`);
    const session = Session.parse(await res.json());
    expect(session).toMatchObject({ practiceId: PRACTICE, identity: 'development', ticket: TICKET });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('serves the app shell for app routes, immutable assets with long caching, and 404 for unknown files', async () => {
    const route = await fetch(`http://${base}/patients/pat_0123456789abcdef`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>Aligned</title>');
    expect(route.headers.get('cache-control')).toBe('no-cache');
    const asset = await fetch(`http://${base}/_app/immutable/app.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`http://${base}/missing.js`)).status).toBe(404);
    expect((await fetch(`http://${base}/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });
});
