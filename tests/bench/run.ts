/**
 * `npm run bench`: every benchmark, one command, figures printed (never asserted).
 *   --runs N     browser runs (default 5)
 *   --only NAME  data-model | browser
 * Needs the built app (npm run build; npm start and npm test build it too).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/relay.ts';
import { reportBrowserBench, runBrowserBench } from './browser.bench.ts';
import { reportDataModelBench, runDataModelBench } from './data-model.bench.ts';

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

if (!only || only === 'browser') {
  if (!existsSync(join(repoRoot, 'web', 'build', 'index.html'))) {
    console.error('web/build is missing: run `npm run build` first.');
    process.exit(1);
  }
  console.log(`\nBrowser (${runs} runs)`);
  reportBrowserBench(await runBrowserBench({ runs, log }));
}
