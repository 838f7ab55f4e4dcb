#!/usr/bin/env node
// `npm test`: installs what is missing (Chromium included), then runs every suite: format,
// lint, type check, unit and integration tests (Vitest), the app build, and end-to-end tests
// (Playwright, real Chromium, real relay). Ends with one line "N passed, N failed" summing all
// suites, and exits non-zero on any failure. A suite that runs no tests counts as failed.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkNode, ensureBuilt, ensureChromium, ensureInstalled, root, run } from './setup.mjs';

checkNode();
await ensureInstalled();
const chromium = ensureChromium();

const out = join(root, '.test-summary');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const bin = (pkg, name) => join(root, pkg, 'node_modules', '.bin', name);
const results = [];

function heading(title) {
  console.log(`\n\u001b[1m━━ ${title} ━━\u001b[0m`);
}

/** A check that is one pass or fail (format, lint, type check, build). */
async function check(name, command, args, cwd = root) {
  heading(name);
  const code = await run(command, args, { cwd });
  results.push({
    name,
    passed: code === 0 ? 1 : 0,
    failed: code === 0 ? 0 : 1,
    note: code === 0 ? '' : `exit ${code}`,
  });
  return code === 0;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

await check('Format (prettier --check)', bin('.', 'prettier'), ['--check', '.', '--log-level', 'warn']);
await check('Lint (eslint, dependency rule)', bin('.', 'eslint'), ['.', '--max-warnings', '0']);
await check('Type check: shared', bin('.', 'tsc'), ['-p', 'shared']);
await check('Type check: sync-server', bin('.', 'tsc'), ['-p', 'sync-server']);
await check('Type check: tests', bin('.', 'tsc'), ['-p', 'tests']);
await check(
  'Type check: web (svelte-check)',
  bin('web', 'svelte-check'),
  ['--tsconfig', './tsconfig.json', '--fail-on-warnings', '--output', 'human'],
  join(root, 'web'),
);

heading('Unit and integration tests (vitest)');
const vitestCode = await run(bin('.', 'vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${join(out, 'vitest.json')}`,
]);
const vitest = readJson(join(out, 'vitest.json'));
if (vitest) {
  const passed = vitest.numPassedTests ?? 0;
  const failed = (vitest.numFailedTests ?? 0) + (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
  const empty = passed + failed === 0;
  results.push({
    name: 'Unit and integration tests',
    passed,
    failed: failed + (empty || (vitestCode !== 0 && failed === 0) ? 1 : 0),
    note: empty ? 'ran no tests' : vitestCode !== 0 && failed === 0 ? `exit ${vitestCode}` : '',
  });
} else {
  results.push({
    name: 'Unit and integration tests',
    passed: 0,
    failed: 1,
    note: 'no report (vitest crashed)',
  });
}

heading('App build');
const built = await ensureBuilt({ force: true, exitOnFailure: false });
results.push({ name: 'App build', passed: built ? 1 : 0, failed: built ? 0 : 1, note: '' });

heading('End-to-end tests (Playwright, Chromium)');
const e2eCode = await run(bin('tests', 'playwright'), ['test', '--reporter=list,json'], {
  cwd: join(root, 'tests'),
  env: { ...process.env, CHROMIUM_PATH: chromium, PLAYWRIGHT_JSON_OUTPUT_NAME: join(out, 'e2e.json') },
});
const e2e = readJson(join(out, 'e2e.json'));
if (e2e?.stats) {
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = e2e.stats;
  const empty = expected + unexpected + flaky + skipped === 0;
  // A flaky test passed only on retry and a skipped test proved nothing: both count as failed.
  const failed = unexpected + flaky + skipped + (empty || (e2eCode !== 0 && unexpected === 0) ? 1 : 0);
  results.push({ name: 'End-to-end tests', passed: expected, failed, note: empty ? 'ran no tests' : '' });
} else {
  results.push({ name: 'End-to-end tests', passed: 0, failed: 1, note: 'no report (playwright crashed)' });
}

heading('Summary');
for (const r of results) {
  const mark = r.failed > 0 ? '\u001b[31m✗\u001b[0m' : '\u001b[32m✓\u001b[0m';
  console.log(`${mark} ${r.name}: ${r.passed} passed, ${r.failed} failed${r.note ? ` (${r.note})` : ''}`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
