/**
 * The relay never loses an acknowledged edit. Three devices write continuously while the relay
 * process is killed with SIGKILL at random moments, 20 times, and restarted on the same data.
 * After every kill, every edit the relay had confirmed (STORED) must be in its database; at the
 * end, every device and the relay hold identical documents.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { SyncClient, createMemoryReplicaStore, type LiveDoc, type SocketLike } from '@aligned/shared';
import { ticketProtocols } from '@aligned/shared/protocol';
import { createSqliteStorage } from './storage/sqlite-storage.ts';

const serverDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = mkdtempSync(join(tmpdir(), 'aligned-durability-'));
const PRACTICE = 'prc_durability000001';
const DOCS = [`${PRACTICE}/chart/pat_durability000001`, `${PRACTICE}/comms/pat_durability000001`];
const TICKET = 'durability-ticket-0001';
const KILLS = 20;

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function startRelay(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    // stderr passes through: a relay that cannot start says why, and nothing fills an unread pipe.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      AUTH_MODE: 'development',
      DEV_TICKET: TICKET,
      LOG_LEVEL: 'error',
      SQLITE_SYNCHRONOUS: 'FULL',
    },
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`relay exited early (${code})`)));
    child.on('message', (m: { ready?: boolean }) => m?.ready && resolve(child));
  });
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** What the relay's database holds for a document, read while the relay is down. */
async function storedKeys(doc: string): Promise<Set<string>> {
  const storage = createSqliteStorage({ file: join(dataDir, 'aligned.db') });
  try {
    const stored = await storage.load(doc);
    const ydoc = new Y.Doc();
    if (stored) Y.applyUpdate(ydoc, stored.update);
    return new Set(ydoc.getMap('edits').keys());
  } finally {
    await storage.close();
  }
}

/** The development identity serves the practice named in storage; set it before the relay starts. */
async function ensurePractice() {
  const setup = createSqliteStorage({ file: join(dataDir, 'aligned.db') });
  await setup.setSetting('dev.practiceId', PRACTICE);
  await setup.close();
}

type Writer = { name: string; client: SyncClient; docs: LiveDoc[]; made: number; confirmedThrough: number };

/**
 * A clock that stamps each of a writer's changes with its own edit number (as milliseconds), so
 * the status's "oldest unconfirmed change" says exactly which edits are confirmed even while the
 * writer keeps writing (the relay may never drain the backlog completely on a busy machine).
 */
const stampOf = (n: number) => new Date(Date.UTC(2026, 0, 1) + n).toISOString();

describe('durability', () => {
  it(`keeps every confirmed edit through ${KILLS} kill -9 restarts while devices write, and everyone converges`, async () => {
    const port = await freePort();
    await ensurePractice();

    let relay = await startRelay(port);
    const writers: Writer[] = [];
    for (const name of ['desk', 'tablet', 'laptop']) {
      let writer: Writer | undefined = undefined;
      const client = new SyncClient({
        store: createMemoryReplicaStore(),
        openSocket: () =>
          new WebSocket(`ws://127.0.0.1:${port}/sync`, ticketProtocols(TICKET)) as unknown as SocketLike,
        minBackoffMs: 20,
        maxBackoffMs: 100,
        now: () => stampOf(writer?.made ?? 0),
      });
      writer = { name, client, docs: [], made: 0, confirmedThrough: 0 };
      const self = writer;
      // Edits and their outbox entries are created together, synchronously, so every edit older
      // than the oldest unconfirmed one is stored, and with nothing unconfirmed, every edit is.
      client.onStatus((status) => {
        const oldest = status.oldestUnconfirmedAt;
        const through = oldest === null ? self.made : Date.parse(oldest) - Date.UTC(2026, 0, 1);
        if (through > self.confirmedThrough) self.confirmedThrough = through;
      });
      await client.start();
      for (const doc of DOCS) self.docs.push(await client.open(doc));
      writers.push(self);
    }

    let writing = true;
    const loops = writers.map(async (writer) => {
      while (writing) {
        const doc = writer.docs[writer.made % writer.docs.length]!;
        doc.doc.getMap('edits').set(`${writer.name}-${writer.made}`, writer.made);
        writer.made += 1;
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 10));
      }
    });

    let checked = 0;
    for (let i = 0; i < KILLS; i++) {
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 300));
      const confirmed = writers.map((w) => ({ name: w.name, through: w.confirmedThrough }));
      await kill(relay);
      const stored = new Set<string>();
      for (const doc of DOCS) for (const key of await storedKeys(doc)) stored.add(key);
      for (const { name, through } of confirmed) {
        for (let n = 0; n < through; n++) {
          expect(stored.has(`${name}-${n}`), `${name}-${n} was confirmed before kill ${i + 1}`).toBe(true);
          checked += 1;
        }
      }
      relay = await startRelay(port);
    }

    writing = false;
    await Promise.all(loops);
    await Promise.all(writers.map((w) => w.client.whenConfirmed()));
    // Every device has every edit, and so does the relay.
    const expected = new Set(
      writers.flatMap((w) => Array.from({ length: w.made }, (_, n) => `${w.name}-${n}`)),
    );
    for (const doc of DOCS) {
      await Promise.all(writers.map((w) => w.client.whenSynced(doc)));
    }
    const deadline = Date.now() + 10_000;
    const allKeys = (w: Writer) => new Set(w.docs.flatMap((d) => [...d.doc.getMap('edits').keys()]));
    while (Date.now() < deadline && !writers.every((w) => allKeys(w).size === expected.size)) {
      await new Promise((r) => setTimeout(r, 20));
    }
    for (const w of writers) expect(allKeys(w)).toEqual(expected);
    await kill(relay);
    const stored = new Set<string>();
    for (const doc of DOCS) for (const key of await storedKeys(doc)) stored.add(key);
    expect(stored).toEqual(expected);
    expect(checked).toBeGreaterThan(100);
    for (const w of writers) await w.client.stop();
  }, 180_000);

  it('shuts down gracefully on SIGTERM: confirmed edits are stored, clients are told to come back later', async () => {
    const port = await freePort();
    await ensurePractice();
    const relay = await startRelay(port);
    const client = new SyncClient({
      store: createMemoryReplicaStore(),
      openSocket: () =>
        new WebSocket(`ws://127.0.0.1:${port}/sync`, ticketProtocols(TICKET)) as unknown as SocketLike,
    });
    await client.start();
    const live = await client.open(DOCS[0]!);
    await client.whenSynced(DOCS[0]!);
    for (let n = 0; n < 50; n++) live.doc.getMap('edits').set(`graceful-${n}`, n);
    await client.whenConfirmed();
    const closes: number[] = [];
    const exited = new Promise<number | null>((resolve) => {
      relay.removeAllListeners('exit');
      relay.once('exit', (code) => resolve(code));
    });
    client.onStatus((status) => {
      if (status.connection !== 'online') closes.push(1);
    });
    relay.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(closes.length).toBeGreaterThan(0);
    const stored = await storedKeys(DOCS[0]!);
    for (let n = 0; n < 50; n++) expect(stored.has(`graceful-${n}`)).toBe(true);
    await client.stop();
  }, 60_000);
});
