/**
 * The chaos test's world (SYNC-20…SYNC-27, docs/spec/sync.md): N devices running the real
 * SyncClient over the real encrypted IndexedDB replica (fake-indexeddb), one real relay (the
 * sync hub over SQLite storage in a temporary file), a network the seeded schedule controls, and
 * faults: partitions, long offline stretches, device crashes and reloads, relay kills and
 * restarts, compaction at random moments, duplicated, delayed and replayed messages, and one
 * device of an older version. After healing, `checkConverged` (chaos-checks.ts) proves the end
 * state.
 *
 * **Relay kill**: the relay runs in a worker thread (chaos-relay-worker.ts), and a kill is
 * `worker.terminate()`: its JavaScript stops wherever it is, every connection is cut with whatever
 * was queued, nothing is flushed or closed in order; a new worker opens the same file. That is what
 * `kill -9` keeps and loses: the relay confirms (STORED) only after its append returned, and each
 * append is its own committed SQLite transaction (better-sqlite3, synchronous), which stopping the
 * process cannot undo; everything else (loaded documents, queued frames, scheduled compaction)
 * lived in memory. A thread, not a process, so a run stays fast and the relay's memory can be read
 * apart from the devices'; power loss (fsync) is not modelled here: the relay's durability test
 * kills a real child process with SIGKILL.
 *
 * Reproducible: the seed fixes the schedule of commands, faults and deliveries. Record ids,
 * Yjs client ids and timer interleavings are not seeded, so a failure replays the same story,
 * not always the same bytes.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FRAME, PROTOCOL_VERSION, decodeFrame, encodeFrame, isDecodeError } from '@aligned/shared/protocol';
import type { SocketLike } from '@aligned/shared';
import type { Principal } from '@aligned/sync-server/src/auth/authorizer.ts';
import { createSqliteStorage } from '@aligned/sync-server/src/storage/sqlite-storage.ts';
import { RelayProcess } from './chaos-relay.ts';
import { createRng, type Rng } from '../fixtures/random.ts';
import { emptyRegistry, randomCommand, type CommandTally, type Registry } from './chaos-commands.ts';
import { Device } from './chaos-device.ts';
import { createNetwork, type Network } from './chaos-network.ts';

export const PRACTICE = 'prc_chaos0000000001';
/** CHAOS_TRACE=1 logs every step (with a `log` option): what ran, how long it took. */
const TRACE = process.env.CHAOS_TRACE === '1';

export type FaultRates = {
  /** Per step, the chance that a device is cut off (partition) for a while. */
  partition: number;
  /** …that a device goes offline for a long stretch (days of simulated time). */
  offline: number;
  /** …that a device's tab crashes and reloads from what it stored. */
  reload: number;
  /** …that the relay is killed (and restarted some steps later). */
  kill: number;
  /** …that a compaction of a random document runs right then. */
  compact: number;
  /** …that captured device messages are replayed to the relay on another connection. */
  replay: number;
  /** When a connection is cut, the chance that what the device sent still arrives, late. */
  late: number;
  /** The chance that a relay → device message is delivered twice. */
  duplicate: number;
};

export const DEFAULT_FAULTS: FaultRates = {
  partition: 0.04,
  offline: 0.015,
  reload: 0.02,
  kill: 0.01,
  compact: 0.05,
  replay: 0.02,
  late: 0.4,
  duplicate: 0.05,
};

export type ChaosOptions = {
  seed: number;
  devices?: number;
  steps?: number;
  faults?: Partial<FaultRates>;
  /** Sample the relay's memory every this many steps (long mode). */
  sampleEvery?: number;
  log?: (line: string) => void;
};

export type FaultCounts = Record<
  'partition' | 'offline' | 'reload' | 'kill' | 'compact' | 'replay' | 'editsBeforeStart',
  number
>;

export type MemorySample = { step: number; heapMb: number; loadedDocs: number; relayFileKb: number };

type Scheduled = { at: number; run: () => Promise<void> | void };

export class ChaosWorld {
  readonly seed: number;
  readonly rng: Rng;
  readonly faults: FaultRates;
  readonly devices: Device[] = [];
  readonly registry: Registry = emptyRegistry();
  readonly tally: CommandTally = {};
  readonly faultCounts: FaultCounts = {
    partition: 0,
    offline: 0,
    reload: 0,
    kill: 0,
    compact: 0,
    replay: 0,
    editsBeforeStart: 0,
  };
  readonly memory: MemorySample[] = [];
  readonly network: Network;
  readonly dir = mkdtempSync(join(tmpdir(), 'aligned-chaos-'));
  readonly file = join(this.dir, 'relay.db');
  relayGeneration = 0;
  relay: RelayProcess | null = null;
  step = 0;
  /** Simulated time (commands' clocks): starts on a Monday morning, moves hours per step. */
  clock = Date.parse('2026-03-02T14:00:00.000Z');
  #scheduled: Scheduled[] = [];
  #stepRng: Rng;
  #captured: Uint8Array[] = [];
  #log: (line: string) => void;

  constructor(options: ChaosOptions) {
    this.seed = options.seed;
    this.rng = createRng(options.seed, 'chaos');
    this.#stepRng = this.rng;
    this.faults = { ...DEFAULT_FAULTS, ...options.faults };
    this.network = createNetwork(createRng(options.seed, 'network'), { duplicate: this.faults.duplicate });
    this.#log = options.log ?? (() => undefined);
    const count = options.devices ?? 8;
    for (let i = 0; i < count; i++) {
      this.devices.push(
        new Device({
          index: i,
          practiceId: PRACTICE,
          // The last device runs an older build.
          oldVersion: i === count - 1,
          connect: (device) => this.#connect(device),
        }),
      );
    }
  }

  principalOf(device: { userId: string; deviceId: string }): Principal {
    return {
      practiceId: PRACTICE,
      userId: device.userId,
      displayName: device.userId,
      deviceId: device.deviceId,
      access: (doc) => (doc.practiceId === PRACTICE ? 'write' : 'none'),
    };
  }

  #connect(device: Device): SocketLike {
    const reachable = this.relay !== null && !device.partitioned;
    return this.network.connect(
      device.name,
      this.relay,
      this.relayGeneration,
      this.principalOf(device),
      reachable,
    );
  }

  now = (): string => {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  };

  get today(): string {
    return new Date(this.clock).toISOString().slice(0, 10);
  }

  startRelay() {
    // One relay process on the data directory at a time (two would split the devices between them).
    if (this.relay) return;
    this.relayGeneration += 1;
    this.relay = new RelayProcess(this.file);
  }

  /** kill -9: see the module comment. Returns false when the relay was already down. */
  async killRelay(): Promise<boolean> {
    if (!this.relay) return false;
    this.faultCounts.kill += 1;
    const relay = this.relay;
    this.relay = null;
    this.network.killRelay(this.relayGeneration);
    await relay.kill();
    return true;
  }

  /** The relay's storage as it is on disk right now (a fresh handle; close it after). */
  openStoredRelay() {
    return createSqliteStorage({ file: this.file, synchronous: 'NORMAL' });
  }

  async start() {
    this.startRelay();
    for (const device of this.devices) await device.boot();
  }

  #schedule(after: number, run: () => Promise<void> | void) {
    this.#scheduled.push({ at: this.step + after, run });
  }

  /** Lets timers, IndexedDB and the relay's async work run a little. */
  async settle(rounds = 2) {
    for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  }

  async runStep() {
    this.step += 1;
    // A stream per step: what one step draws never shifts the steps after it.
    const rng = createRng(this.seed, `step-${this.step}`);
    this.#stepRng = rng;
    this.clock += rng.int(10, 240) * 60_000;
    for (const due of this.#scheduled.filter((s) => s.at <= this.step)) {
      this.#scheduled.splice(this.#scheduled.indexOf(due), 1);
      await due.run();
    }
    for (const device of this.devices) await device.release(rng.next(), () => 1);
    this.#captureSome(createRng(this.seed, `capture-${this.step}`));
    this.network.deliver(rng.int(0, 16), createRng(this.seed, `deliver-${this.step}`));

    const device = rng.pick(this.devices);
    const roll = rng.next();
    const late = rng.chance(this.faults.late);
    const duration = rng.int(1, 25);
    const commandRng = createRng(this.seed, `command-${this.step}`);
    const f = this.faults;
    let edge = 0;
    const hit = (p: number) => roll >= edge && roll < (edge += p);
    const t0 = Date.now();
    let action: string;
    if (hit(f.partition)) action = (this.#partition(device, late, duration), 'partition');
    else if (hit(f.offline)) action = (this.#goOffline(device, duration * 3 + 20), 'offline');
    else if (hit(f.reload)) action = (await this.#reload(device, late, commandRng), 'reload');
    else if (hit(f.kill)) {
      if (await this.killRelay()) this.#schedule(Math.ceil(duration / 2), () => this.startRelay());
      action = 'kill';
    } else if (hit(f.compact)) action = (await this.#compact(commandRng), 'compact');
    else if (hit(f.replay)) action = (await this.#replay(device, commandRng), 'replay');
    else
      action = (
        await randomCommand(
          { device, rng: commandRng, registry: this.registry, now: this.now, today: this.today },
          this.tally,
        )
      ).name;
    await this.settle();
    if (TRACE)
      this.#log(
        `step ${this.step} ${device.name} ${action} ${Date.now() - t0} ms, ${this.network.queued()} queued`,
      );
  }

  #partition(device: Device, late: boolean, steps: number) {
    if (device.partitioned) return;
    this.faultCounts.partition += 1;
    device.partitioned = true;
    for (const connection of this.network.of(device.name)) this.network.cut(connection, late);
    this.#schedule(steps, () => {
      device.partitioned = false;
    });
  }

  /** A long stretch: a tablet in a drawer for days of simulated time while others work. */
  #goOffline(device: Device, steps: number) {
    if (device.offline) return;
    this.faultCounts.offline += 1;
    device.offline = true;
    device.sync.pause();
    this.#schedule(steps, () => {
      device.offline = false;
      device.sync.resume();
    });
  }

  async #reload(device: Device, late: boolean, rng: Rng) {
    this.faultCounts.reload += 1;
    // Sometimes mid-work: the change just made may not be committed when the tab dies.
    if (rng.chance(0.5))
      await randomCommand(
        { device, rng, registry: this.registry, now: this.now, today: this.today },
        this.tally,
      );
    for (const connection of this.network.of(device.name)) this.network.cut(connection, late);
    await device.crash();
    // The app opens documents and may record changes (an audit entry) before sync starts.
    const editFirst = rng.chance(0.5);
    await device.boot(
      editFirst
        ? async (d) => {
            this.faultCounts.editsBeforeStart += 1;
            await randomCommand(
              { device: d, rng, registry: this.registry, now: this.now, today: this.today },
              this.tally,
            );
          }
        : undefined,
    );
  }

  async #compact(rng: Rng) {
    if (!this.relay) return;
    const stored = this.openStoredRelay();
    const { docs } = await stored.changedSince(PRACTICE, 0);
    await stored.close();
    if (docs.length === 0) return;
    this.faultCounts.compact += 1;
    await this.relay.compact(rng.pick(docs));
  }

  /** Keeps copies of some update messages devices send, to replay later. */
  #captureSome(rng: Rng) {
    for (const connection of this.network.connections) {
      for (const bytes of connection.up) {
        if (this.#captured.length >= 64 || !rng.chance(0.05)) continue;
        const frame = decodeFrame(bytes);
        if (!isDecodeError(frame)) this.#captured.push(bytes.slice());
      }
    }
  }

  /** Sends captured device messages again on a connection of their own (a stale tab, a proxy retry). */
  async #replay(device: Device, rng: Rng) {
    if (!this.relay || this.#captured.length === 0) return;
    this.faultCounts.replay += 1;
    const peer = this.relay.connect(this.principalOf(device), { send() {}, close() {} });
    peer.receive(encodeFrame({ type: FRAME.HELLO, protocolVersion: PROTOCOL_VERSION, cursor: 0 }));
    for (let i = 0; i < rng.int(1, 4); i++) peer.receive(rng.pick(this.#captured));
    await peer.idle();
    peer.disconnect();
  }

  /** Ends every fault: partitions healed, devices online, the relay up. */
  async heal() {
    for (const s of this.#scheduled.splice(0)) await s.run();
    if (!this.relay) this.startRelay();
    for (const device of this.devices) {
      device.partitioned = false;
      if (device.offline) {
        device.offline = false;
        device.sync.resume();
      }
    }
  }

  /** Delivers everything until the world is quiet and every device has caught up, or throws. */
  async converge(limitMs: number, isDone: () => Promise<boolean>): Promise<number> {
    const started = Date.now();
    for (;;) {
      for (const device of this.devices) await device.release(1, () => 1);
      this.network.deliver(10_000, this.#stepRng);
      await this.settle(3);
      if (this.network.queued() === 0 && (await isDone())) return Date.now() - started;
      if (Date.now() - started > limitMs) throw new Error(`did not converge within ${limitMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** The relay's own heap (its worker's isolate, after GC), documents in memory, file size. */
  async sampleMemory() {
    if (!this.relay) return;
    const stats = await this.relay.stats();
    let relayFileKb = 0;
    try {
      relayFileKb = statSync(this.file).size / 1024;
    } catch {
      // No file yet.
    }
    this.memory.push({
      step: this.step,
      heapMb: stats?.heapMb ?? 0,
      loadedDocs: stats?.loadedDocs ?? 0,
      relayFileKb,
    });
  }

  log(line: string) {
    this.#log(line);
  }

  async dispose() {
    for (const device of this.devices) await device.crash().catch(() => undefined);
    await this.relay?.kill();
    this.relay = null;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
