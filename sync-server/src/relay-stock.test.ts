import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { SyncClient, createMemoryReplicaStore, type SocketLike } from '@aligned/shared';
import { SYNC_SUBPROTOCOL, ticketProtocols } from '@aligned/shared/protocol';
import {
  PRACTICE_A,
  PRACTICE_B,
  TICKET,
  bearer,
  rawSocket,
  startHarness,
  stockClient,
  upgradeStatus,
  within,
  type Harness,
} from './test-support/relay-harness.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness.stop();
});

describe('stock y-websocket clients', () => {
  it('converge through the relay, and a late joiner receives the full state', async () => {
    const doc = `${PRACTICE_A}/chart/pat_stockstock000001`;
    const one = stockClient(harness, doc, TICKET.aWriter);
    const two = stockClient(harness, doc, TICKET.aWriter);
    await Promise.all([one.synced(), two.synced()]);
    one.doc.getText('notes').insert(0, 'hello ');
    two.doc.getText('notes').insert(0, 'world ');
    await within(
      2000,
      () =>
        one.doc.getText('notes').toString() === two.doc.getText('notes').toString() &&
        one.doc.getText('notes').length === 12,
      'convergence',
    );

    const late = stockClient(harness, doc, TICKET.aWriter);
    await late.synced();
    await within(
      2000,
      () => late.doc.getText('notes').toString() === one.doc.getText('notes').toString(),
      'late joiner',
    );
    expect(late.doc.getText('notes').length).toBe(12);
    for (const c of [one, two, late]) c.destroy();
  });

  it('see edits made by the app’s multiplexed clients, and the other way round', async () => {
    const doc = `${PRACTICE_A}/comms/pat_stockstock000002`;
    const stock = stockClient(harness, doc, TICKET.aWriter);
    await stock.synced();
    const app = new SyncClient({
      store: createMemoryReplicaStore(),
      openSocket: () =>
        new WebSocket(harness.url('/sync'), ticketProtocols(TICKET.aWriter)) as unknown as SocketLike,
    });
    await app.start();
    const live = await app.open(doc);
    await app.whenSynced(doc);
    live.doc.getMap('log').set('from-app', 1);
    await within(2000, () => stock.doc.getMap('log').get('from-app') === 1, 'app edit at the stock client');
    stock.doc.getMap('log').set('from-stock', 2);
    await within(2000, () => live.doc.getMap('log').get('from-stock') === 2, 'stock edit at the app client');
    await app.whenConfirmed();
    await app.stop();
    stock.destroy();
  });

  it('store what they write, durably, where the app finds it', async () => {
    const doc = `${PRACTICE_A}/insurance/pat_stockstock000003`;
    const stock = stockClient(harness, doc, TICKET.aWriter);
    await stock.synced();
    stock.doc.getMap('policies').set('pol_1', 'x');
    await within(2000, () => harness.relay.hub.stats().updatesStored > 0, 'the update to be stored');
    let stored: Y.Doc | null = null;
    await within(
      2000,
      () => {
        void harness.storage.load(doc).then((s) => {
          if (!s) return;
          const check = new Y.Doc();
          Y.applyUpdate(check, s.update);
          stored = check;
        });
        return stored !== null && (stored as Y.Doc).getMap('policies').get('pol_1') === 'x';
      },
      'the stored document to hold the edit',
    );
    stock.destroy();
  });
});

describe('access at the door', () => {
  it('refuses a connection without valid credentials, before any message', async () => {
    expect(
      await upgradeStatus(harness.url(`/sync/doc/${PRACTICE_A}/patients`), bearer('nope-nope-nope')),
    ).toBe(401);
    expect(await upgradeStatus(harness.url(`/sync/doc/${PRACTICE_A}/patients`))).toBe(401);
    expect(await upgradeStatus(harness.url('/sync'), {}, ticketProtocols('nope-nope-nope'))).toBe(401);
  });

  it('AUTH-5: ignores a ticket in the URL, even a valid one; takes it from a header or a subprotocol', async () => {
    expect(await upgradeStatus(harness.url(`/sync?ticket=${TICKET.aWriter}`))).toBe(401);
    expect(
      await upgradeStatus(harness.url(`/sync/doc/${PRACTICE_A}/patients?ticket=${TICKET.aWriter}`)),
    ).toBe(401);
    expect(await upgradeStatus(harness.url('/sync'), bearer(TICKET.aWriter))).toBe(101);
    const ws = await rawSocket(harness.url('/sync'), {}, ticketProtocols(TICKET.aWriter));
    // The relay answers with the plain protocol name: the ticket is never echoed back.
    expect(ws.protocol).toBe(SYNC_SUBPROTOCOL);
    ws.close();
  });

  it('never opens a document of another practice for a stock client', async () => {
    const intruder = stockClient(harness, `${PRACTICE_B}/patients`, TICKET.aWriter);
    const code = await new Promise<number>((resolve) =>
      intruder.provider.on('connection-close', (event: { code: number } | null) => resolve(event?.code ?? 0)),
    );
    expect(code).toBe(4403);
    intruder.destroy();
  });

  it('lets a read-only stock client read but stores none of its writes', async () => {
    const doc = `${PRACTICE_A}/chart/pat_stockstock000004`;
    const writer = stockClient(harness, doc, TICKET.aWriter);
    await writer.synced();
    writer.doc.getMap('m').set('written', 'by writer');
    const reader = stockClient(harness, doc, TICKET.aReader);
    await reader.synced();
    await within(2000, () => reader.doc.getMap('m').get('written') === 'by writer', 'reader receives');
    reader.doc.getMap('m').set('sneaky', 'by reader');
    // The writer must never see it, and storage must not hold it.
    writer.doc.getMap('m').set('after', 'marker');
    await within(2000, () => reader.doc.getMap('m').get('after') === 'marker', 'later edits keep flowing');
    const stored = await harness.storage.load(doc);
    const check = new Y.Doc();
    Y.applyUpdate(check, stored!.update);
    expect(check.getMap('m').get('sneaky')).toBeUndefined();
    expect(writer.doc.getMap('m').get('sneaky')).toBeUndefined();
    writer.destroy();
    reader.destroy();
  });

  it('checks the Origin header of browsers against the relay’s own and the configured origins', async () => {
    const own = `http://127.0.0.1:${harness.port}`;
    expect(await upgradeStatus(harness.url('/sync'), { Origin: own, ...bearer(TICKET.aWriter) })).toBe(101);
    expect(
      await upgradeStatus(harness.url('/sync'), {
        Origin: 'https://evil.example',
        ...bearer(TICKET.aWriter),
      }),
    ).toBe(403);
    const other = await startHarness({ allowedOrigins: ['https://app.example.com'] });
    try {
      expect(
        await upgradeStatus(other.url('/sync'), {
          Origin: 'https://app.example.com',
          ...bearer(TICKET.aWriter),
        }),
      ).toBe(101);
      expect(
        await upgradeStatus(other.url('/sync'), {
          Origin: 'https://evil.example',
          ...bearer(TICKET.aWriter),
        }),
      ).toBe(403);
    } finally {
      await other.stop();
    }
  });

  it('serves metrics without any document content', async () => {
    const text = await (await fetch(`http://127.0.0.1:${harness.port}/metrics`)).text();
    expect(text).toContain('aligned_connections{kind="doc"}');
    expect(text).toContain('aligned_updates_stored_total');
    expect(text).not.toMatch(/pat_|prc_|ticket/);
  });
});
