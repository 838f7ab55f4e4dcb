/**
 * Relay fan-out under steady editing (issue "Relay"), the same harness against our relay
 * (persistence on) and against the reference `@y/websocket-server` 0.1.1 (memory only):
 *
 * - 50 rooms (practices) × 5 stock `y-websocket` `WebsocketProvider` clients, all in this
 *   process, on loopback, `disableBc` so every edit travels through the server.
 * - Once every client is synced, each room makes 5 edits per second for 60 s (`seconds`),
 *   round-robin across its clients: `getMap('bench').set(key, { t, from })` with `t` the
 *   sender's clock (performance.timeOrigin + performance.now(), same process as the receivers).
 *   Rooms are staggered evenly over the edit period so edits are spread over time.
 * - Every other client of the room records edit-to-remote-visibility latency when its map
 *   observer sees the key (remote transactions only): p50/p95/p99/max, and deliveries received
 *   against expected (clients − 1 per edit), after a drain of up to 10 s.
 * - Server: CPU from /proc/<pid>/stat utime+stime over the load phase ÷ wall time (% of one
 *   core); RSS sampled from /proc/<pid>/status every 250 ms (peak) and VmHWM at the end.
 * - This process (the clients): CPU % of one core (process.cpuUsage) and event-loop lag over
 *   the load phase, to tell client-side saturation apart from server latency. (The machine-wide
 *   busy % from /proc/stat is not reported: on this VM its tick sampling undercounts bursty
 *   event-loop work against the per-process figures.)
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  clkTck,
  cpuTicks,
  otherProcessesCpu,
  rssSampler,
  startTarget,
  statusMb,
  type TargetKind,
} from './relay-targets.ts';
import { fmt, percentile, printTable, type Row } from './stats.ts';

export type FanoutOptions = {
  rooms?: number;
  clientsPerRoom?: number;
  editsPerSecond?: number;
  seconds?: number;
  /** Our relay only: SQLite synchronous mode, FULL by default. */
  synchronous?: 'FULL' | 'NORMAL';
  /** Extra Node flags for the server (e.g. ['--cpu-prof', '--cpu-prof-dir=/tmp/relayprof']). */
  nodeArgs?: string[];
  log: (line: string) => void;
};

export type FanoutResult = {
  target: TargetKind;
  label: string;
  rooms: number;
  clientsPerRoom: number;
  editsPerSecond: number;
  seconds: number;
  setupMs: number;
  edits: number;
  deliveriesExpected: number;
  deliveriesReceived: number;
  latencyMs: { p50: number; p95: number; p99: number; p999: number; max: number; mean: number };
  /** p99 and max per 10 s of the load phase (by edit time), to show whether the tail is steady. */
  windows: { fromS: number; p99: number; max: number }[];
  server: { cpuPercent: number; peakRssMb: number; hwmMb: number; rssBeforeLoadMb: number };
  /** Event-loop lag: how late a 2 ms timer fired, p99 and max. */
  client: { cpuPercent: number; loopLagP99Ms: number; loopLagMaxMs: number; reconnects: number };
  /** Other processes on the machine during the load phase (interference), % of one core. */
  others: { cpuPercent: number; top: string };
};

type Client = { provider: WebsocketProvider; doc: Y.Doc; map: Y.Map<unknown> };
type Stamp = { t: number; from: number };

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const LOOP_RESOLUTION_MS = 2;

export async function runFanout(target: TargetKind, options: FanoutOptions): Promise<FanoutResult> {
  const rooms = options.rooms ?? 50;
  const clientsPerRoom = options.clientsPerRoom ?? 5;
  const editsPerSecond = options.editsPerSecond ?? 5;
  const seconds = options.seconds ?? 60;
  const editsPerRoom = Math.round(seconds * editsPerSecond);
  const period = 1000 / editsPerSecond;
  const { log } = options;

  const server = await startTarget(target, {
    rooms,
    clientsPerRoom,
    synchronous: options.synchronous,
    nodeArgs: options.nodeArgs,
  });
  log(`${server.label}: pid ${server.pid}, ${rooms} rooms × ${clientsPerRoom} clients`);

  const latencies: number[] = [];
  /** Edit time of each latency sample, ms since the load phase started. */
  const editedAt: number[] = [];
  let loadStart = 0;
  let received = 0;
  let reconnects = 0;
  let measuring = false;
  const clients: Client[][] = [];
  const timers: ReturnType<typeof setTimeout>[] = [];
  // Every provider adds a process 'exit' listener; hundreds of them are expected here.
  const maxListeners = process.getMaxListeners();
  process.setMaxListeners(maxListeners + rooms * clientsPerRoom);
  const setupStart = performance.now();
  try {
    for (let room = 0; room < rooms; room++) {
      const roomClients: Client[] = [];
      for (let c = 0; c < clientsPerRoom; c++) {
        const doc = new Y.Doc();
        const provider = new WebsocketProvider(server.providerUrl, server.roomName(room), doc, {
          WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
          protocols: server.protocols(room, c),
          disableBc: true,
        });
        let connectedOnce = false;
        provider.on('status', ({ status }) => {
          if (status !== 'connected') return;
          if (connectedOnce) reconnects += 1;
          connectedOnce = true;
        });
        const map = doc.getMap('bench');
        map.observe((event) => {
          if (event.transaction.local || !measuring) return;
          const at = now();
          for (const key of event.keysChanged) {
            const stamp = map.get(key) as Stamp | undefined;
            if (!stamp || stamp.from === c) continue;
            latencies.push(at - stamp.t);
            editedAt.push(stamp.t - loadStart);
            received += 1;
          }
        });
        roomClients.push({ provider, doc, map });
      }
      clients.push(roomClients);
    }
    const all = clients.flat();
    const deadline = performance.now() + 60_000;
    while (all.some((c) => !c.provider.synced)) {
      if (performance.now() > deadline) {
        throw new Error(`${all.filter((c) => !c.provider.synced).length} clients never synced`);
      }
      await sleep(50);
    }
    const setupMs = performance.now() - setupStart;
    log(`all ${all.length} clients synced in ${setupMs.toFixed(0)} ms`);
    await sleep(1000);
    (globalThis as { gc?: () => void }).gc?.();

    // Load phase.
    const rssBeforeLoadMb = statusMb(server.pid, 'VmRSS');
    const rss = rssSampler(server.pid, 250);
    const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    loop.enable();
    const others = otherProcessesCpu([server.pid, process.pid]);
    const ticks0 = cpuTicks(server.pid);
    const clientCpu0 = process.cpuUsage();
    const wall0 = performance.now();
    loadStart = now();
    measuring = true;
    let edits = 0;
    await new Promise<void>((resolve) => {
      let roomsDone = 0;
      for (let room = 0; room < rooms; room++) {
        const offset = (room / rooms) * period;
        const tick = (k: number) => {
          const roomClients = clients[room]!;
          const from = k % clientsPerRoom;
          roomClients[from]!.map.set(`${room}:${k}`, { t: now(), from } satisfies Stamp);
          edits += 1;
          if (k + 1 >= editsPerRoom) {
            if (++roomsDone === rooms) resolve();
            return;
          }
          const due = wall0 + offset + (k + 1) * period;
          timers[room] = setTimeout(() => tick(k + 1), Math.max(0, due - performance.now()));
        };
        timers[room] = setTimeout(() => tick(0), offset);
      }
    });
    const expected = edits * (clientsPerRoom - 1);
    const drainDeadline = performance.now() + 10_000;
    while (received < expected && performance.now() < drainDeadline) await sleep(20);
    const wallMs = performance.now() - wall0;
    const ticks1 = cpuTicks(server.pid);
    const othersCpu = others.stop();
    const clientCpu = process.cpuUsage(clientCpu0);
    loop.disable();
    const peakRssMb = rss.stop();
    const hwmMb = statusMb(server.pid, 'VmHWM');
    measuring = false;
    log(
      `${edits} edits in ${(wallMs / 1000).toFixed(1)} s (incl. drain), ${received}/${expected} deliveries`,
    );

    const windows: FanoutResult['windows'] = [];
    for (let fromS = 0; fromS < seconds; fromS += 10) {
      const inWindow = latencies.filter((_, i) => {
        const s = editedAt[i]! / 1000;
        return s >= fromS && s < fromS + 10;
      });
      windows.push({
        fromS,
        p99: percentile(inWindow, 99),
        max: inWindow.reduce((a, b) => Math.max(a, b), 0),
      });
    }
    return {
      target,
      label: server.label,
      rooms,
      clientsPerRoom,
      editsPerSecond,
      seconds,
      setupMs,
      edits,
      deliveriesExpected: expected,
      deliveriesReceived: received,
      latencyMs: {
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        p999: percentile(latencies, 99.9),
        max: latencies.reduce((a, b) => Math.max(a, b), 0),
        mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
      },
      windows,
      server: {
        cpuPercent: (((ticks1 - ticks0) / clkTck()) * 1000 * 100) / wallMs,
        peakRssMb,
        hwmMb,
        rssBeforeLoadMb,
      },
      client: {
        cpuPercent: (((clientCpu.user + clientCpu.system) / 1000) * 100) / wallMs,
        // The histogram records the interval between timer firings, resolution included.
        loopLagP99Ms: Math.max(0, loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
        loopLagMaxMs: Math.max(0, loop.max / 1e6 - LOOP_RESOLUTION_MS),
        reconnects,
      },
      others: { cpuPercent: othersCpu.percent, top: othersCpu.top },
    };
  } finally {
    measuring = false;
    for (const timer of timers) clearTimeout(timer);
    for (const roomClients of clients) {
      for (const { provider, doc } of roomClients) {
        provider.destroy();
        doc.destroy();
      }
    }
    await sleep(500);
    await server.stop();
    process.setMaxListeners(maxListeners);
  }
}

export const FANOUT_TARGETS = { p50Ms: 10, p99Ms: 50, rssMb: 300 };

export function reportFanout(result: FanoutResult) {
  const r = result;
  const isOurs = r.target === 'aligned';
  const rows: Row[] = [
    {
      metric: 'latency p50',
      value: fmt(r.latencyMs.p50, 'ms', 2),
      target: `≤ ${FANOUT_TARGETS.p50Ms} ms`,
      met: isOurs ? r.latencyMs.p50 <= FANOUT_TARGETS.p50Ms : null,
    },
    { metric: 'latency p95', value: fmt(r.latencyMs.p95, 'ms', 2), target: '—', met: null },
    {
      metric: 'latency p99',
      value: fmt(r.latencyMs.p99, 'ms', 2),
      target: `≤ ${FANOUT_TARGETS.p99Ms} ms`,
      met: isOurs ? r.latencyMs.p99 <= FANOUT_TARGETS.p99Ms : null,
    },
    { metric: 'latency p99.9', value: fmt(r.latencyMs.p999, 'ms', 2), target: '—', met: null },
    { metric: 'latency max', value: fmt(r.latencyMs.max, 'ms', 1), target: '—', met: null },
    {
      metric: 'p99/max per 10 s window',
      value: '',
      target: '—',
      met: null,
      samples: r.windows.map((w) => `${w.p99.toFixed(1)}/${w.max.toFixed(0)}`).join(' · ') + ' ms',
    },
    { metric: 'latency mean', value: fmt(r.latencyMs.mean, 'ms', 2), target: '—', met: null },
    {
      metric: 'deliveries received',
      value: `${r.deliveriesReceived}/${r.deliveriesExpected}`,
      target: 'all',
      met: r.deliveriesReceived === r.deliveriesExpected,
    },
    { metric: 'server CPU (one core)', value: fmt(r.server.cpuPercent, '%', 1), target: '—', met: null },
    {
      metric: 'server peak RSS',
      value: fmt(r.server.peakRssMb, 'MB', 1),
      target: `≤ ${FANOUT_TARGETS.rssMb} MB`,
      met: isOurs ? r.server.peakRssMb <= FANOUT_TARGETS.rssMb : null,
    },
    { metric: 'server VmHWM', value: fmt(r.server.hwmMb, 'MB', 1), target: '—', met: null },
    {
      metric: 'server RSS before load',
      value: fmt(r.server.rssBeforeLoadMb, 'MB', 1),
      target: '—',
      met: null,
    },
    { metric: 'clients CPU (one core)', value: fmt(r.client.cpuPercent, '%', 1), target: '—', met: null },
    {
      metric: 'clients event-loop lag p99/max',
      value: `${r.client.loopLagP99Ms.toFixed(1)}/${r.client.loopLagMaxMs.toFixed(1)} ms`,
      target: '—',
      met: null,
    },
    {
      metric: 'client reconnects',
      value: String(r.client.reconnects),
      target: '0',
      met: r.client.reconnects === 0,
    },
    {
      metric: 'other processes CPU (one core)',
      value: fmt(r.others.cpuPercent, '%', 1),
      target: '≈ 0 (interference)',
      met: null,
      samples: r.others.top || undefined,
    },
    { metric: 'setup (all synced)', value: fmt(r.setupMs, 'ms'), target: '—', met: null },
  ];
  printTable(
    `${r.label}: ${r.rooms} rooms × ${r.clientsPerRoom} clients, ${r.editsPerSecond} edits/s per room for ${r.seconds} s (${r.edits} edits)`,
    rows,
  );
}

export function reportFanoutComparison(ours: FanoutResult, reference: FanoutResult) {
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  printTable(`Ratios, ${ours.label} / ${reference.label}`, [
    {
      metric: 'latency p50',
      value: ratio(ours.latencyMs.p50, reference.latencyMs.p50),
      target: `ours ≤ ${FANOUT_TARGETS.p50Ms} ms`,
      met: ours.latencyMs.p50 <= FANOUT_TARGETS.p50Ms,
      samples: `${ours.latencyMs.p50.toFixed(2)} vs ${reference.latencyMs.p50.toFixed(2)} ms`,
    },
    {
      metric: 'latency p99',
      value: ratio(ours.latencyMs.p99, reference.latencyMs.p99),
      target: `ours ≤ ${FANOUT_TARGETS.p99Ms} ms and ≤ reference`,
      met: ours.latencyMs.p99 <= FANOUT_TARGETS.p99Ms && ours.latencyMs.p99 <= reference.latencyMs.p99,
      samples: `${ours.latencyMs.p99.toFixed(2)} vs ${reference.latencyMs.p99.toFixed(2)} ms`,
    },
    {
      metric: 'server CPU',
      value: ratio(ours.server.cpuPercent, reference.server.cpuPercent),
      target: '—',
      met: null,
      samples: `${ours.server.cpuPercent.toFixed(1)} vs ${reference.server.cpuPercent.toFixed(1)} %`,
    },
    {
      metric: 'server peak RSS',
      value: ratio(ours.server.peakRssMb, reference.server.peakRssMb),
      target: `ours ≤ ${FANOUT_TARGETS.rssMb} MB`,
      met: ours.server.peakRssMb <= FANOUT_TARGETS.rssMb,
      samples: `${ours.server.peakRssMb.toFixed(1)} vs ${reference.server.peakRssMb.toFixed(1)} MB`,
    },
  ]);
}
