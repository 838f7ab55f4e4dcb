#!/usr/bin/env node
// `npm run demo [-- --size typical|large] [--as-of YYYY-MM-DD] [--fresh] [--open]`: seeds a
// synthetic practice (no real PHI) into ./data-demo-<size>, starts the relay on it and prints the
// address. The practice is seen from the day it is seeded (or --as-of), so its book, follow-ups and
// aging look like a living practice; a demo seeded on an earlier day is seeded again. A fresh
// browser (or a private window) that opens it downloads the whole practice; --open launches
// Chromium with a throwaway profile when a display is available.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkNode, ensureBuilt, ensureInstalled, root } from './setup.mjs';

const args = process.argv.slice(2);
const size = args.includes('--size') ? args[args.indexOf('--size') + 1] : 'typical';
if (size !== 'typical' && size !== 'large') {
  console.error('--size must be typical or large');
  process.exit(2);
}
checkNode();
await ensureInstalled();
await ensureBuilt();

// The demo practice's own day: today at the synthetic practice (America/Chicago), unless given.
const asOf = args.includes('--as-of')
  ? args[args.indexOf('--as-of') + 1]
  : new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date());
if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf ?? '')) {
  console.error('--as-of must be YYYY-MM-DD');
  process.exit(2);
}
const dataDir = join(root, `data-demo-${size}`);
const marker = join(dataDir, 'demo.json');
const seededOn = existsSync(marker) ? JSON.parse(readFileSync(marker, 'utf8')).asOf : null;
if (existsSync(join(dataDir, 'aligned.db')) && seededOn !== asOf) {
  console.log(`The demo practice was seeded for ${seededOn ?? 'another day'}; seeding it again for ${asOf}.`);
  rmSync(dataDir, { recursive: true, force: true });
}
if (args.includes('--fresh')) rmSync(dataDir, { recursive: true, force: true });
if (!existsSync(join(dataDir, 'aligned.db'))) {
  mkdirSync(dataDir, { recursive: true });
  console.log(`Generating the ${size} synthetic practice as of ${asOf}…`);
  const seeded = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'fixtures/seed-cli.ts',
      '--size',
      size,
      '--as-of',
      asOf,
      '--file',
      join(dataDir, 'aligned.db'),
    ],
    {
      cwd: join(root, 'tests'),
      stdio: 'inherit',
    },
  );
  if (seeded.status !== 0) process.exit(seeded.status ?? 1);
  writeFileSync(marker, JSON.stringify({ asOf }));
}

const port = process.env.PORT ?? '8080';
const relay = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
  cwd: join(root, 'sync-server'),
  stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  env: {
    ...process.env,
    PORT: port,
    DATA_DIR: dataDir,
    STATIC_DIR: join(root, 'web', 'build'),
    LOG_LEVEL: 'warn',
    // The synthetic practice is served by the development identity: it opens without sign-in.
    AUTH_MODE: 'development',
  },
});
relay.on('message', (message) => {
  if (!message?.ready) return;
  const url = `http://localhost:${message.port}`;
  console.log(
    `\n  Demo practice (${size}, as of ${asOf}) at ${url}\n  It opens without sign-in (the demo runs the relay's development identity; never use it with\n  real patients). Open it in a fresh browser profile or a private window: it downloads the whole\n  practice, then works offline. Everything in it is synthetic. Stop with Ctrl+C.\n`,
  );
  if (args.includes('--open') && process.env.DISPLAY) {
    const profile = mkdtempSync(join(tmpdir(), 'aligned-demo-profile-'));
    spawn(process.env.CHROMIUM_PATH ?? 'chromium', [`--user-data-dir=${profile}`, '--no-first-run', url], {
      stdio: 'ignore',
      detached: true,
    }).unref();
  }
});
const stop = (signal) => relay.kill(signal);
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
relay.on('exit', (code) => process.exit(code ?? 0));
