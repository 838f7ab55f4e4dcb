/**
 * Runs one chaos scenario end to end: the seeded steps, healing, convergence, and every check
 * of chaos-checks.ts. Throws a ChaosFailure naming the seed and every problem found; returns
 * the figures the long mode reports.
 */
import {
  appendOnlyEntries,
  carriedEverything,
  confirmedPresent,
  deviceDocs,
  figuresOf,
  onlyGrew,
  outboxEmpty,
  projectionFromScratch,
  relayDocs,
  sameDocuments,
  sameFigures,
  sameProjection,
  validation,
} from './chaos-checks.ts';
import { PRACTICE_SOURCES } from '@aligned/shared';
import type { CommandTally } from './chaos-commands.ts';
import { ChaosWorld, type ChaosOptions, type FaultCounts, type MemorySample } from './chaos-world.ts';
import type { NetworkStats } from './chaos-network.ts';

export type ChaosReport = {
  seed: number;
  devices: number;
  steps: number;
  operations: CommandTally;
  faults: FaultCounts;
  network: NetworkStats;
  lostUncommittedWrites: number;
  confirmedUpdates: number;
  documents: number;
  appendOnlyEntries: number;
  /** From the end of the faults to every device caught up, in wall-clock ms. */
  convergeMs: number;
  runMs: number;
  memory: MemorySample[];
};

export class ChaosFailure extends Error {
  constructor(
    readonly seed: number,
    readonly steps: number,
    readonly problems: string[],
  ) {
    super(
      `chaos seed ${seed} failed after ${steps} steps (replay: CHAOS_SEED=${seed} CHAOS_STEPS=${steps} npx vitest run tests/chaos/chaos.test.ts, ` +
        `or npm run soak -- --seed ${seed} --steps ${steps}):\n  ${problems.slice(0, 25).join('\n  ')}` +
        (problems.length > 25 ? `\n  …and ${problems.length - 25} more` : ''),
    );
  }
}

/** How often (steps) the relay's append-only logs are read to check they only grow. */
const CHECKPOINT_EVERY = 25;

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now();
  const world = new ChaosWorld(options);
  const steps = options.steps ?? 200;
  const problems: string[] = [];
  let seen = new Map<string, string>();
  const checkpoint = async () => {
    const now = appendOnlyEntries(await relayDocs(world));
    problems.push(...onlyGrew(seen, now));
    // Everything seen stays expected, even if it went missing (reported once above).
    seen = new Map([...seen, ...now]);
  };
  try {
    await world.start();
    for (let i = 0; i < steps; i++) {
      await world.runStep();
      if (world.step % CHECKPOINT_EVERY === 0) await checkpoint();
      if (options.sampleEvery && world.step % options.sampleEvery === 0) await world.sampleMemory();
      if (options.log && world.step % 500 === 0) world.log(`step ${world.step}`);
    }
    await world.heal();
    const caughtUp = async () => {
      for (const device of world.devices) {
        const status = device.sync.status;
        if (status.connection !== 'online') return false;
        if (status.unconfirmed + status.unconfirmedBookkeeping > 0) return false;
        if (status.replication.done < status.replication.total) return false;
        await device.sync.flush();
        await device.idle();
      }
      const relay = await relayDocs(world);
      for (const device of world.devices)
        if (sameDocuments(relay, device, await deviceDocs(device)).length > 0) return false;
      return true;
    };
    let convergeMs: number;
    try {
      // What was added to merged-away records during the faults is carried by the devices as it
      // arrives (PAT-106): nobody has to open the survivors for the end checks to hold.
      convergeMs = await world.converge(60_000, caughtUp);
    } catch (error) {
      const relay = await relayDocs(world);
      for (const device of world.devices) {
        const s = device.sync.status;
        const outbox = await device.idb.readOutbox();
        problems.push(
          `${device.name}: ${s.connection}, ${s.unconfirmed} unconfirmed (${s.refused} refused; stored outbox ${JSON.stringify(outbox)}), ` +
            `${s.replication.done}/${s.replication.total} replicated, ${device.reloads} reloads${s.problem ? `, ${s.problem}` : ''}`,
        );
        problems.push(...sameDocuments(relay, device, await deviceDocs(device)).slice(0, 5));
      }
      throw new ChaosFailure(world.seed, steps, [String(error), ...problems]);
    }
    if (options.sampleEvery) await world.sampleMemory();

    const relay = await relayDocs(world);
    await checkpoint();
    const figures = figuresOf(relay);
    const projected = new Map(PRACTICE_SOURCES.map((s) => [s.name, projectionFromScratch(relay, s)]));
    problems.push(...validation(relay, world.registry));
    problems.push(...carriedEverything(relay));
    for (const device of world.devices) {
      const docs = await deviceDocs(device);
      problems.push(...sameDocuments(relay, device, docs));
      problems.push(...confirmedPresent(relay, device));
      problems.push(...(await outboxEmpty(device)));
      problems.push(...sameFigures(figures, device, docs));
      problems.push(...(await sameProjection(projected, device)));
    }
    if (problems.length > 0) throw new ChaosFailure(world.seed, steps, problems);
    return {
      seed: world.seed,
      devices: world.devices.length,
      steps,
      operations: world.tally,
      faults: world.faultCounts,
      network: world.network.stats,
      lostUncommittedWrites: world.devices.reduce((n, d) => n + d.lostWrites, 0),
      confirmedUpdates: world.devices.reduce((n, d) => n + d.confirmed.length, 0),
      documents: relay.size,
      appendOnlyEntries: seen.size,
      convergeMs,
      runMs: Date.now() - started,
      memory: world.memory,
    };
  } finally {
    await world.dispose();
  }
}
