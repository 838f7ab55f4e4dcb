/**
 * Idle capacity (issue "Relay"): how many connected, idle stock y-websocket clients a server
 * holds at ≤ 1 GB RSS.
 *
 * Clients are raw `ws` sockets (not providers, so this process stays small) spread round-robin
 * over 50 rooms, opened in steps (1,000 at a time, at most 200 handshakes in flight). Each one
 * completes the y-websocket handshake: it sends sync step 1 (empty state vector), answers the
 * server's step 1 with an (empty) step 2 and counts as connected once the server's step 2
 * arrives; after that it sends nothing (the `ws` library answers keepalive pings). After each
 * step the harness waits `settleMs` (2 s) and reads the server's VmRSS from /proc/<pid>/status.
 * It stops once RSS exceeds the limit (1 GB) or at `max` connections (12,000: the machine allows
 * 20,000 file descriptors per process). When `max` is reached below the limit, the largest count
 * at the limit is extrapolated linearly from the last step, with the larger of the last step's
 * marginal cost and the average cost per connection, and reported as extrapolated.
 */
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { startTarget, statusMb, type TargetKind } from './relay-targets.ts';
import { printTable, type Row } from './stats.ts';

export type IdleOptions = {
  rooms?: number;
  step?: number;
  max?: number;
  limitMb?: number;
  settleMs?: number;
  concurrency?: number;
  log: (line: string) => void;
};

export type IdleStep = { connections: number; rssMb: number; openMs: number };

export type IdleResult = {
  target: TargetKind;
  label: string;
  limitMb: number;
  baselineRssMb: number;
  steps: IdleStep[];
  /** Largest measured connection count whose RSS stayed within the limit. */
  largestMeasured: number;
  /** Largest count at the limit: measured, interpolated or extrapolated (see `how`). */
  largestAtLimit: number;
  how: 'measured' | 'interpolated' | 'extrapolated';
  marginalKbPerConnection: number;
  stoppedBecause: string;
  failures: number;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

const emptyDoc = new Y.Doc();
const MESSAGE_SYNC = 0;
const SYNC_STEP1 = message((e) => {
  encoding.writeVarUint(e, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(e, emptyDoc);
});
const SYNC_STEP2_EMPTY = message((e) => {
  encoding.writeVarUint(e, MESSAGE_SYNC);
  syncProtocol.writeSyncStep2(e, emptyDoc);
});

/** Opens one raw socket and resolves once the y-websocket handshake has completed. */
function openIdleClient(url: string, protocols: string[], timeoutMs = 30_000): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { perMessageDeflate: false });
    let synced = false;
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('handshake timed out'));
    }, timeoutMs);
    ws.on('open', () => ws.send(SYNC_STEP1));
    ws.on('message', (data: Buffer) => {
      // Messages start with varUint message type 0 (sync), then 0 (step 1) or 1 (step 2).
      if (data[0] !== MESSAGE_SYNC) return;
      if (data[1] === syncProtocol.messageYjsSyncStep1) ws.send(SYNC_STEP2_EMPTY);
      else if (data[1] === syncProtocol.messageYjsSyncStep2 && !synced) {
        synced = true;
        clearTimeout(timer);
        resolve(ws);
      }
    });
    ws.on('error', (error) => {
      clearTimeout(timer);
      if (!synced) reject(error);
    });
    ws.on('close', (code) => {
      clearTimeout(timer);
      if (!synced) reject(new Error(`closed with ${code} before the handshake`));
    });
  });
}

export async function runIdleCapacity(target: TargetKind, options: IdleOptions): Promise<IdleResult> {
  const rooms = options.rooms ?? 50;
  const stepSize = options.step ?? 1000;
  const max = options.max ?? 12_000;
  const limitMb = options.limitMb ?? 1024;
  const settleMs = options.settleMs ?? 2000;
  const concurrency = options.concurrency ?? 200;
  const { log } = options;

  const server = await startTarget(target, { rooms, clientsPerRoom: 5 });
  const sockets: WebSocket[] = [];
  const steps: IdleStep[] = [];
  let failures = 0;
  let stoppedBecause = `reached ${max} connections`;
  try {
    await sleep(settleMs);
    const baselineRssMb = statusMb(server.pid, 'VmRSS');
    log(`${server.label}: pid ${server.pid}, RSS ${baselineRssMb.toFixed(1)} MB with no clients`);
    while (sockets.length < max) {
      const stepStart = performance.now();
      const first = sockets.length;
      const last = Math.min(max, first + stepSize);
      let next = first;
      const errors: string[] = [];
      const worker = async () => {
        while (next < last) {
          const i = next++;
          try {
            sockets.push(
              await openIdleClient(
                server.socketUrl(i % rooms),
                server.protocols(i % rooms, Math.floor(i / rooms)),
              ),
            );
          } catch (error) {
            failures += 1;
            if (errors.length < 3) errors.push(error instanceof Error ? error.message : String(error));
          }
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      const openMs = performance.now() - stepStart;
      await sleep(settleMs);
      const rssMb = statusMb(server.pid, 'VmRSS');
      steps.push({ connections: sockets.length, rssMb, openMs });
      log(
        `${String(sockets.length).padStart(6)} connections: RSS ${rssMb.toFixed(1)} MB (step opened in ${openMs.toFixed(0)} ms)`,
      );
      if (errors.length > 0) {
        stoppedBecause = `connections failed: ${errors.join('; ')}`;
        break;
      }
      if (rssMb > limitMb) {
        stoppedBecause = `RSS over ${limitMb} MB`;
        break;
      }
    }

    const within = steps.filter((s) => s.rssMb <= limitMb);
    const largestMeasured = within.at(-1)?.connections ?? 0;
    const lastStep = steps.at(-1);
    const previous = steps.at(-2) ?? { connections: 0, rssMb: baselineRssMb };
    const marginalMb =
      lastStep && lastStep.connections > previous.connections
        ? (lastStep.rssMb - previous.rssMb) / (lastStep.connections - previous.connections)
        : Number.NaN;
    const averageMb = lastStep ? (lastStep.rssMb - baselineRssMb) / lastStep.connections : Number.NaN;
    let largestAtLimit = largestMeasured;
    let how: IdleResult['how'] = 'measured';
    if (lastStep && lastStep.rssMb > limitMb && within.length > 0) {
      const below = within.at(-1)!;
      const slope = (lastStep.rssMb - below.rssMb) / (lastStep.connections - below.connections);
      if (slope > 0) {
        largestAtLimit = Math.floor(below.connections + (limitMb - below.rssMb) / slope);
        how = 'interpolated';
      }
    } else if (lastStep && lastStep.rssMb <= limitMb && lastStep.connections >= max) {
      const slope = Math.max(marginalMb, averageMb);
      if (slope > 0) {
        largestAtLimit = Math.floor(lastStep.connections + (limitMb - lastStep.rssMb) / slope);
        how = 'extrapolated';
      }
    }
    return {
      target,
      label: server.label,
      limitMb,
      baselineRssMb,
      steps,
      largestMeasured,
      largestAtLimit,
      how,
      marginalKbPerConnection: marginalMb * 1024,
      stoppedBecause,
      failures,
    };
  } finally {
    for (const ws of sockets) ws.terminate();
    await sleep(500);
    await server.stop();
  }
}

export const IDLE_TARGET = 10_000;

export function reportIdleCapacity(result: IdleResult) {
  const r = result;
  const isOurs = r.target === 'aligned';
  const rows: Row[] = [
    { metric: 'RSS with no clients', value: `${r.baselineRssMb.toFixed(1)} MB`, target: '—', met: null },
    ...r.steps.map((s): Row => ({
      metric: `${s.connections} idle clients`,
      value: `${s.rssMb.toFixed(1)} MB`,
      target: '—',
      met: null,
      samples: `opened in ${(s.openMs / 1000).toFixed(1)} s`,
    })),
    {
      metric: 'marginal RSS per client (last step)',
      value: `${r.marginalKbPerConnection.toFixed(1)} KB`,
      target: '—',
      met: null,
    },
    {
      metric: `largest measured at ≤ ${r.limitMb} MB`,
      value: String(r.largestMeasured),
      target: isOurs ? `≥ ${IDLE_TARGET}` : '—',
      met: isOurs ? r.largestMeasured >= IDLE_TARGET : null,
    },
    {
      metric: `largest at ${r.limitMb} MB (${r.how})`,
      value: String(r.largestAtLimit),
      target: isOurs ? `≥ ${IDLE_TARGET}` : '—',
      met: isOurs ? r.largestAtLimit >= IDLE_TARGET : null,
    },
  ];
  printTable(
    `Idle capacity, ${r.label} (stopped: ${r.stoppedBecause}; ${r.failures} failed connections)`,
    rows,
  );
}
