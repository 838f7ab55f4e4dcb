#!/usr/bin/env node
// `npm run demo [-- --size typical|large] [--fresh] [--open]`: seeds a synthetic practice (no real
// PHI) into ./data-demo-<size>, starts the relay on it and prints the address. A fresh browser
// (or a private window) that opens it downloads the whole practice; --open launches Chromium with
// a throwaway profile when a display is available.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
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

const dataDir = join(root, `data-demo-${size}`);
if (args.includes('--fresh')) rmSync(dataDir, { recursive: true, force: true });
if (!existsSync(join(dataDir, 'aligned.db'))) {
  mkdirSync(dataDir, { recursive: true });
  console.log(`Generating the ${size} synthetic practice…`);
  const seeded = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'fixtures/seed-cli.ts', '--size', size, '--file', join(dataDir, 'aligned.db')],
    {
      cwd: join(root, 'tests'),
      stdio: 'inherit',
    },
  );
  if (seeded.status !== 0) process.exit(seeded.status ?? 1);
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
    `\n  Demo practice (${size}) at ${url}\n  Open it in a fresh browser profile or a private window: it downloads the whole practice,\n  then works offline. Everything in it is synthetic. Stop with Ctrl+C.\n`,
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
