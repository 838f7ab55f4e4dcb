#!/usr/bin/env node
// Runs the project's pinned pnpm with only Node and npm on the machine.
// Corepack fails on these machines (signature check), so we go through npx instead,
// unless a global pnpm of exactly the pinned version is already on PATH.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];

function globalPnpmMatches() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' });
  return probe.status === 0 && probe.stdout.trim() === pinned;
}

/** Returns [command, prefixArgs] that run the pinned pnpm. */
export function pnpmCommand() {
  return globalPnpmMatches() ? ['pnpm', []] : ['npx', ['-y', `pnpm@${pinned}`]];
}

/** Runs pnpm with args; resolves with the exit code. Forwards SIGINT/SIGTERM to the child. */
export function runPnpm(args, options = {}) {
  const [cmd, prefix] = pnpmCommand();
  return new Promise((resolve) => {
    const child = spawn(cmd, [...prefix, ...args], { stdio: 'inherit', cwd: root, ...options });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exit(await runPnpm(process.argv.slice(2)));
}
