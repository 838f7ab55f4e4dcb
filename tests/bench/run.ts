/**
 * `npm run bench`: every benchmark, one command, figures printed (never asserted).
 *   --runs N     runs of the browser, pipeline, insurance and billing benchmarks (default 5)
 *   --only NAME  data-model | insurance | billing | browser | pipeline | schedule | relay | guard
 *   --seconds N  relay fan-out load phase per target (default 60)
 *   --relay-normal       relay: also run our relay with SQLITE_SYNCHRONOUS=NORMAL (labelled)
 *   --relay-cpu-prof DIR relay: write a CPU profile of our relay's fan-out run to DIR
 *   --skip-idle          relay: fan-out only, no idle-capacity run
 *   BENCH_LIST_SCRIPTS=1 browser: also print the paths of the scripts counted as initial JS
 * The browser and pipeline benchmarks need the built app (npm run build; npm start and npm test build it too).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/relay.ts';
import { reportBillingBench, runBillingBench } from './billing.bench.ts';
import { reportBrowserBench, runBrowserBench } from './browser.bench.ts';
import { reportDataModelBench, runDataModelBench } from './data-model.bench.ts';
import { reportInsuranceBench, runInsuranceBench } from './insurance.bench.ts';
import { reportPipelineBench, runPipelineBench } from './pipeline.bench.ts';
import { reportScheduleBench, runScheduleBench } from './schedule.bench.ts';
import { reportFanout, reportFanoutComparison, runFanout } from './relay-fanout.bench.ts';
import { reportIdleCapacity, runIdleCapacity } from './relay-idle.bench.ts';
import { reportGuardBench, runGuardBench } from './update-guard.bench.ts';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const runs = Number(option('--runs') ?? 5);
const only = option('--only');
const log = (line: string) => console.log(`  ${line}`);

console.log(
  `Aligned benchmarks — ${new Date().toISOString()} — Node ${process.versions.node}, ${(await import('node:os')).cpus().length} cores`,
);

if (!only || only === 'data-model') {
  console.log('\nData model (Node, large practice)');
  reportDataModelBench(await runDataModelBench({ log }));
}

if (!only || only === 'insurance') {
  console.log(`\nInsurance estimates (Node, large practice, ${runs} runs)`);
  reportInsuranceBench(await runInsuranceBench({ runs, log }));
}

if (!only || only === 'billing') {
  console.log(`\nBilling: patient A/R aging (Node, large practice, ${runs} runs)`);
  reportBillingBench(await runBillingBench({ runs, log }));
}

const needsBuild = () => {
  if (!existsSync(join(repoRoot, 'web', 'build', 'index.html'))) {
    console.error('web/build is missing: run `npm run build` first.');
    process.exit(1);
  }
};

if (!only || only === 'browser') {
  needsBuild();
  console.log(`\nBrowser (${runs} runs)`);
  reportBrowserBench(await runBrowserBench({ runs, log }));
}

if (!only || only === 'pipeline') {
  needsBuild();
  console.log(`\nPipeline (${runs} cold-open runs; inquiry to a second device: 20 after 2 warm-ups)`);
  reportPipelineBench(await runPipelineBench({ runs, log }));
}

if (!only || only === 'schedule') {
  needsBuild();
  console.log(`\nSchedule (${runs} cold-open runs; 10 day switches and 6 searches each)`);
  reportScheduleBench(await runScheduleBench({ runs, log }));
}

if (!only || only === 'guard') {
  console.log(`\nRelay update guard (Node, ${runs} × 200 updates per case)`);
  reportGuardBench(await runGuardBench({ runs, log }));
}

if (!only || only === 'relay') {
  const seconds = Number(option('--seconds') ?? 60);
  const profileDir = option('--relay-cpu-prof');
  console.log(`\nRelay fan-out (50 rooms × 5 stock y-websocket clients, 5 edits/s per room, ${seconds} s)`);
  const ours = await runFanout('aligned', {
    seconds,
    log,
    nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : undefined,
  });
  reportFanout(ours);
  const reference = await runFanout('reference', { seconds, log });
  reportFanout(reference);
  reportFanoutComparison(ours, reference);
  if (args.includes('--relay-normal')) {
    console.log('\nFor comparison only — not durable against power loss: SQLITE_SYNCHRONOUS=NORMAL');
    reportFanout(await runFanout('aligned', { seconds, log, synchronous: 'NORMAL' }));
  }
  if (!args.includes('--skip-idle')) {
    console.log('\nRelay idle capacity (raw stock y-websocket clients, 1,000 per step, limit 1 GB RSS)');
    reportIdleCapacity(await runIdleCapacity('aligned', { log }));
    reportIdleCapacity(await runIdleCapacity('reference', { log }));
  }
}
