/**
 * The long mode of the chaos test (`npm run soak`): thousands of steps, then the same checks as
 * the test suite's short run, reported as operations, faults injected, time to converge after
 * healing and the relay's memory over time.
 *
 *   npm run soak -- --steps 3000 --devices 8 --seed 7 [--runs 3]
 */
import { parseArgs } from 'node:util';
import { printTable } from '../bench/stats.ts';
import { ChaosFailure, runChaos, type ChaosReport } from './chaos-run.ts';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '3000' },
    devices: { type: 'string', default: '8' },
    seed: { type: 'string' },
    runs: { type: 'string', default: '1' },
    'sample-every': { type: 'string', default: '250' },
  },
});

const runs = Number(values.runs);
const firstSeed = values.seed ? Number(values.seed) : Math.floor(Math.random() * 1e9);

function report(r: ChaosReport) {
  const ops = Object.entries(r.operations)
    .map(([name, t]) => `${name} ${t.applied}/${t.applied + t.refused}`)
    .join(', ');
  const applied = Object.values(r.operations).reduce((n, t) => n + t.applied, 0);
  console.log(`\nseed ${r.seed}: ${r.devices} devices, ${r.steps} steps in ${(r.runMs / 1000).toFixed(1)} s`);
  console.log(`  operations applied ${applied} (applied/attempted: ${ops})`);
  console.log(`  faults ${JSON.stringify(r.faults)}`);
  console.log(
    `  network: ${r.network.connections} connections, ${r.network.delivered} messages, ${r.network.duplicated} duplicated, ` +
      `${r.network.lostInFlight} lost in flight, ${r.network.deliveredLate} delivered late, ${r.network.refusedConnects} refused connects`,
  );
  console.log(
    `  ${r.lostUncommittedWrites} uncommitted device writes lost in crashes; ${r.confirmedUpdates} confirmed updates all at the relay; ` +
      `${r.documents} documents, ${r.appendOnlyEntries} append-only entries`,
  );
  console.log(`  converged ${r.convergeMs} ms after healing`);
  if (r.memory.length > 0) {
    printTable(
      'Relay memory over time (its worker thread’s heap after GC)',
      r.memory.map((m) => ({
        metric: `step ${m.step}`,
        value: `${m.heapMb.toFixed(1)} MB`,
        target: '(reported)',
        met: null,
        samples: `${m.loadedDocs} documents in memory, SQLite file ${m.relayFileKb.toFixed(0)} KB`,
      })),
    );
  }
}

let failed = false;
for (let i = 0; i < runs; i++) {
  const seed = firstSeed + i;
  try {
    report(
      await runChaos({
        seed,
        devices: Number(values.devices),
        steps: Number(values.steps),
        sampleEvery: Number(values['sample-every']),
        log: (line) => console.log(`  … ${line}`),
      }),
    );
  } catch (error) {
    failed = true;
    console.error(error instanceof ChaosFailure ? error.message : error);
  }
}
process.exit(failed ? 1 : 0);
