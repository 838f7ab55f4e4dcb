/**
 * A real relay on a free port (in this process) with test credentials for several practices,
 * plus well-behaved clients to prove the relay keeps serving others while one misbehaves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createCredentialsAuthorizer, type Credential } from '../auth/credentials-authorizer.ts';
import { silentLogger } from '../logger.ts';
import { ticketProtocols } from '@aligned/shared/protocol';
import { createRelay, type Relay, type RelayOptions } from '../relay.ts';
import { createSqliteStorage } from '../storage/sqlite-storage.ts';
import type { DocStorage } from '../storage/storage.ts';

export const PRACTICE_A = 'prc_harnessaaaaaaaa1';
export const PRACTICE_B = 'prc_harnessbbbbbbbb2';

export const CREDENTIALS: Credential[] = [
  {
    ticket: 'ticket-a-writer-0000001',
    practiceId: PRACTICE_A,
    userId: 'stf_awriter00000000',
    name: 'Ann Writer',
    access: 'write',
  },
  {
    ticket: 'ticket-a-reader-0000002',
    practiceId: PRACTICE_A,
    userId: 'stf_areader00000000',
    name: 'Rob Reader',
    access: 'read',
  },
  {
    ticket: 'ticket-b-writer-0000003',
    practiceId: PRACTICE_B,
    userId: 'stf_bwriter00000000',
    name: 'Bea Writer',
    access: 'write',
  },
];
export const TICKET = {
  aWriter: CREDENTIALS[0]!.ticket,
  aReader: CREDENTIALS[1]!.ticket,
  bWriter: CREDENTIALS[2]!.ticket,
};

export type Harness = {
  relay: Relay;
  storage: DocStorage;
  port: number;
  url: (path: string) => string;
  stop(): Promise<void>;
};

export async function startHarness(overrides: Partial<RelayOptions> = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'aligned-harness-'));
  const storage = createSqliteStorage({ file: join(dir, 'relay.db'), synchronous: 'NORMAL' });
  const relay = createRelay({
    storage,
    authorizer: createCredentialsAuthorizer(CREDENTIALS),
    logger: silentLogger,
    staticDir: null,
    maxFrameBytes: 64 * 1024,
    ...overrides,
  });
  const { port } = await relay.listen(0, '127.0.0.1');
  return {
    relay,
    storage,
    port,
    url: (path) => `ws://127.0.0.1:${port}${path}`,
    async stop() {
      await relay.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A stock y-websocket client (the library's own provider) for one document. */
export function stockClient(harness: Harness, docName: string, ticket: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(harness.url('/sync/doc'), docName, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    // The ticket travels as a subprotocol entry, never in the URL (docs/sync-protocol.md).
    protocols: ticketProtocols(ticket),
    // Node has a BroadcastChannel: without this, providers in one process sync around the relay.
    disableBc: true,
    maxBackoffTime: 200,
  });
  return {
    doc,
    provider,
    synced: () =>
      new Promise<void>((resolve) => {
        if (provider.synced) resolve();
        else provider.once('sync', (isSynced: boolean) => isSynced && resolve());
      }),
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Waits for a condition, failing after `ms`: a liveness bound, not a performance measurement. */
export async function within(ms: number, check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Two good clients on practice B's document: an edit by one must reach the other within 1 s. */
export async function goodPair(harness: Harness) {
  const docName = `${PRACTICE_B}/patients`;
  const one = stockClient(harness, docName, TICKET.bWriter);
  const two = stockClient(harness, docName, TICKET.bWriter);
  await Promise.all([one.synced(), two.synced()]);
  let n = 0;
  return {
    docName,
    async assertServed() {
      const value = `ping-${++n}-${Date.now()}`;
      one.doc.getMap('liveness').set('value', value);
      await within(
        1000,
        () => two.doc.getMap('liveness').get('value') === value,
        'a good client in another room to be served',
      );
    },
    destroy() {
      one.destroy();
      two.destroy();
    },
  };
}

/** `Authorization: Bearer` for a ticket, as a non-browser client sends it. */
export const bearer = (ticket: string): Record<string, string> => ({ Authorization: `Bearer ${ticket}` });

/** Opens a raw WebSocket and resolves once it is open. */
export function rawSocket(
  url: string,
  headers: Record<string, string> = {},
  protocols: string[] = [],
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

export function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    if (ws.readyState === ws.CLOSED) resolve(1006);
    ws.once('close', (code) => resolve(code));
  });
}

export function upgradeStatus(
  url: string,
  headers: Record<string, string> = {},
  protocols: string[] = [],
): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, protocols, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => undefined);
  });
}
