/**
 * Convergence under chaos (SYNC-20…SYNC-26): a short seeded run in the normal test suite, and
 * every seed that once found a bug, kept as a regression case. `CHAOS_SEED=<n> CHAOS_STEPS=<n>`
 * replays one seed (what a failure prints); `npm run soak` is the long mode.
 */
import { describe, expect, it } from 'vitest';
import { runChaos } from './chaos-run.ts';

/** Seeds that found bugs (see docs/spec/sync.md, "Convergence under chaos"), replayed every run. */
const REGRESSIONS: { seed: number; steps: number; found: string }[] = [
  {
    seed: 13,
    steps: 160,
    found:
      'SYNC-27: a change made right after a reload, before sync started, took the outbox id of an unsent change from before; that change was never sent',
  },
  {
    seed: 102,
    steps: 200,
    found:
      'SYNC-29: a change made while a handshake read the stored copy was neither in the handshake nor sent; it waited for the next connection',
  },
  {
    seed: 4,
    steps: 300,
    found:
      'PAT-105: after merges, a case carried into the survivor was on the board twice (and an invalid record carried with it is reported in the survivor’s document too)',
  },
];

const replay = process.env.CHAOS_SEED ? Number(process.env.CHAOS_SEED) : null;
const steps = Number(process.env.CHAOS_STEPS ?? 160);
/** The suite's seed: its schedule has every kind of fault (checked below). */
const DEFAULT_SEED = 21;
const seed = replay ?? DEFAULT_SEED;

describe('convergence under chaos', () => {
  it(`SYNC-20..SYNC-26: 8 devices, partitions, offline stretches, reloads, relay kills, compaction, duplicates, merges and an old version converge (seed ${seed}, ${steps} steps)`, async () => {
    const report = await runChaos({ seed, devices: 8, steps });
    // The run did what it claims: commands applied, and every kind of fault happened.
    const applied = Object.values(report.operations).reduce((n, t) => n + t.applied, 0);
    expect(applied).toBeGreaterThan(40);
    expect(report.confirmedUpdates).toBeGreaterThan(20);
    expect(report.documents).toBeGreaterThan(5);
    // Records were merged while other devices kept editing them (PAT-103, PAT-105, PAT-106). Which
    // merges a device can make depends on what it has received, which timing decides: the seed fixes
    // the attempts, not how many succeed.
    const merges = ['mergePatients', 'mergeFamilies'].map((name) => report.operations[name]);
    for (const tally of merges) expect((tally?.applied ?? 0) + (tally?.refused ?? 0)).toBeGreaterThan(0);
    expect(merges.reduce((n, tally) => n + (tally?.applied ?? 0), 0)).toBeGreaterThan(0);
  }, 120_000);

  for (const regression of replay === null ? REGRESSIONS : [])
    it(`SYNC-20: seed ${regression.seed} converges (found: ${regression.found})`, async () => {
      await runChaos({ seed: regression.seed, devices: 8, steps: regression.steps });
    }, 120_000);
});
