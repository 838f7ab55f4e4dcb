/**
 * The two servers the relay benchmarks compare, started the same way for both harnesses:
 * - `aligned`: our relay (sync-server/src/main.ts) with test credentials for N practices, its
 *   per-address and rate limits raised for one benchmarking address, persistence on
 *   (SQLite, `SQLITE_SYNCHRONOUS=FULL` unless asked otherwise), clients on its stock
 *   y-websocket endpoint `/sync/doc/<practice>/patients`.
 * - `reference`: `@y/websocket-server` 0.1.1 (pinned in tests/), memory only (no YPERSISTENCE).
 * Plus what the benchmarks read about a server process from /proc: CPU ticks and RSS.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ticketProtocols } from '@aligned/shared/protocol';
import { repoRoot, startRelay, tempDataDir } from '../support/relay.ts';

export type TargetKind = 'aligned' | 'reference';

export type BenchTarget = {
  kind: TargetKind;
  label: string;
  pid: number;
  /** Base URL a `WebsocketProvider` joins a room under (`serverUrl` argument). */
  providerUrl: string;
  /** The room (document) name of practice `room`. */
  roomName(room: number): string;
  /** WebSocket subprotocols client `client` of practice `room` offers (its ticket; never in the URL). */
  protocols(room: number, client: number): string[];
  /** The full WebSocket URL a raw client opens for practice `room`. */
  socketUrl(room: number): string;
  stop(): Promise<void>;
};

export type TargetOptions = {
  rooms: number;
  clientsPerRoom: number;
  /** Our relay only: SQLite synchronous mode (FULL, the default, is durable against power loss). */
  synchronous?: 'FULL' | 'NORMAL';
  /** Extra Node flags for the server process (e.g. --cpu-prof). */
  nodeArgs?: string[];
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');
export const practiceIdOf = (room: number) => `prc_bench${pad(room, 11)}`;
const userIdOf = (room: number, client: number) => `stf_bench${pad(room, 5)}u${pad(client, 5)}`;
const ticketOf = (room: number, client: number) => `bench-ticket-${pad(room, 6)}-${pad(client, 6)}`;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function waitForExit(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startTarget(kind: TargetKind, options: TargetOptions): Promise<BenchTarget> {
  return kind === 'aligned' ? startAligned(options) : startReference(options);
}

async function startAligned(options: TargetOptions): Promise<BenchTarget> {
  const dataDir = tempDataDir('bench-relay');
  const credentialsFile = join(dataDir, 'bench-credentials.json');
  const credentials = [];
  for (let room = 0; room < options.rooms; room++) {
    for (let client = 0; client < options.clientsPerRoom; client++) {
      credentials.push({
        ticket: ticketOf(room, client),
        practiceId: practiceIdOf(room),
        userId: userIdOf(room, client),
        name: `Bench ${room}.${client}`,
        access: 'write',
      });
    }
  }
  writeFileSync(credentialsFile, JSON.stringify(credentials));
  const synchronous = options.synchronous ?? 'FULL';
  const relay = await startRelay({
    dataDir,
    nodeArgs: options.nodeArgs,
    env: {
      AUTH_MODE: 'credentials',
      CREDENTIALS_FILE: credentialsFile,
      // startRelay defaults to NORMAL for end-to-end speed; the benchmark states it explicitly.
      SQLITE_SYNCHRONOUS: synchronous,
      MAX_CONNECTIONS_PER_IP: '20000',
      RATE_MESSAGES_PER_SECOND: '100000',
      RATE_MESSAGE_BURST: '100000',
      RATE_BYTES_PER_SECOND: '100000000',
      RATE_BYTE_BURST: '100000000',
      IDLE_TIMEOUT_MS: '3600000',
      HANDSHAKE_TIMEOUT_MS: '60000',
      LOG_LEVEL: 'warn',
    },
  });
  let stderr = '';
  relay.process.stderr?.on('data', (chunk) => {
    if (stderr.length < 4000) stderr += String(chunk);
  });
  const providerUrl = `ws://127.0.0.1:${relay.port}/sync/doc`;
  const roomName = (room: number) => `${practiceIdOf(room)}/patients`;
  return {
    kind: 'aligned',
    label: `Aligned relay (SQLite, synchronous=${synchronous})`,
    pid: relay.process.pid!,
    providerUrl,
    roomName,
    protocols: (room, client) => ticketProtocols(ticketOf(room, client % options.clientsPerRoom)),
    socketUrl: (room) => `${providerUrl}/${roomName(room)}`,
    async stop() {
      await relay.stop();
      if (stderr.trim()) console.warn(`  relay stderr (first 4 KB):\n${stderr.trim()}`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function startReference(options: TargetOptions): Promise<BenchTarget> {
  const port = await freePort();
  const serverJs = join(repoRoot, 'tests', 'node_modules', '@y', 'websocket-server', 'src', 'server.js');
  const env: Record<string, string | undefined> = { ...process.env, PORT: String(port), HOST: '127.0.0.1' };
  delete env.YPERSISTENCE;
  delete env.CALLBACK_URL;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), serverJs], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: unknown) => {
      output += String(chunk);
      if (output.includes('running at')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`reference server exited with ${code}:\n${output}`)));
  });
  const providerUrl = `ws://127.0.0.1:${port}`;
  const roomName = (room: number) => `${practiceIdOf(room)}/patients`;
  return {
    kind: 'reference',
    label: '@y/websocket-server 0.1.1 (memory only)',
    pid: child.pid!,
    providerUrl,
    roomName,
    protocols: () => [],
    socketUrl: (room) => `${providerUrl}/${roomName(room)}`,
    stop: () => waitForExit(child),
  };
}

// ---------------------------------------------------------------------------------------------
// /proc readings

let clockTicks: number | null = null;
/** Clock ticks per second (`getconf CLK_TCK`), the unit of utime/stime in /proc/<pid>/stat. */
export function clkTck(): number {
  if (clockTicks === null) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** utime + stime of a process, in clock ticks. */
export function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at field 3 (state).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** A field of /proc/<pid>/status in MB (VmRSS, VmHWM), or NaN once the process is gone. */
export function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Samples a process's VmRSS at an interval and keeps the maximum. */
export function rssSampler(pid: number, intervalMs = 250) {
  let peak = statusMb(pid, 'VmRSS');
  const timer = setInterval(() => {
    const rss = statusMb(pid, 'VmRSS');
    if (rss > peak) peak = rss;
  }, intervalMs);
  return {
    peak: () => peak,
    stop() {
      clearInterval(timer);
      const rss = statusMb(pid, 'VmRSS');
      if (rss > peak) peak = rss;
      return peak;
    },
  };
}

/**
 * CPU used by every other process on the machine while the load runs, to flag interference
 * (this machine has 2 cores and may be shared). /proc/<pid>/stat is read every second; a
 * process's use is its last reading minus its first (zero if it started during the run), so
 * processes that live less than a second are missed: a lower bound.
 */
export function otherProcessesCpu(excludePids: readonly number[], intervalMs = 1000) {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const names = new Map<number, string>();
  let startedAt = performance.now();
  const read = (initial: boolean) => {
    const entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
    for (const entry of entries) {
      const pid = Number(entry);
      if (excludePids.includes(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const ticks = Number(fields[11]) + Number(fields[12]);
        if (!first.has(pid)) {
          first.set(pid, initial ? ticks : 0);
          names.set(pid, stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
        }
        last.set(pid, ticks);
      } catch {
        // exited between readdir and read
      }
    }
  };
  read(true);
  startedAt = performance.now();
  const timer = setInterval(() => read(false), intervalMs);
  return {
    /** % of one core used by other processes, and the busiest of them. */
    stop(): { percent: number; top: string } {
      clearInterval(timer);
      read(false);
      const seconds = (performance.now() - startedAt) / 1000;
      const used = [...last].map(([pid, ticks]) => ({
        pid,
        percent: ((ticks - (first.get(pid) ?? ticks)) / clkTck() / seconds) * 100,
      }));
      const total = used.reduce((a, u) => a + u.percent, 0);
      const top = used
        .filter((u) => u.percent >= 1)
        .sort((a, b) => b.percent - a.percent)
        .slice(0, 3)
        .map((u) => `${names.get(u.pid)} ${u.pid} ${u.percent.toFixed(0)}%`)
        .join(', ');
      return { percent: total, top };
    },
  };
}
