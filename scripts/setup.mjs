#!/usr/bin/env node
// Brings a fresh checkout to a runnable state with only Node and npm: installs dependencies
// with the pinned pnpm (through npx), builds the app when its sources changed, and finds or
// installs a Chromium for end-to-end tests. `npm start` and `npm test` both call it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPnpm } from './pnpm.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const INSTALL_MARKER = join(root, 'node_modules', '.aligned-install-stamp');

function say(message) {
  console.log(`\u001b[36m›\u001b[0m ${message}`);
}

export function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`Aligned needs Node.js 20.19 or newer; this is ${process.versions.node}.`);
    process.exit(1);
  }
}

function newestMtime(paths) {
  let newest = 0;
  const walk = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path))
        if (entry !== 'node_modules' && !entry.startsWith('.svelte-kit')) walk(join(path, entry));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  paths.forEach(walk);
  return newest;
}

/** Installs dependencies when node_modules is missing or older than the lockfile. */
export async function ensureInstalled() {
  const lock = join(root, 'pnpm-lock.yaml');
  const manifests = [
    'package.json',
    'shared/package.json',
    'sync-server/package.json',
    'web/package.json',
    'tests/package.json',
    'pnpm-workspace.yaml',
  ].map((p) => join(root, p));
  const stamp = existsSync(INSTALL_MARKER) ? statSync(INSTALL_MARKER).mtimeMs : 0;
  if (stamp > newestMtime([lock, ...manifests])) return;
  say('Installing dependencies (the first time compiles SQLite, about a minute)…');
  const code = await runPnpm(['install', '--frozen-lockfile', '--config.confirmModulesPurge=false']);
  if (code !== 0) {
    console.error('Dependency installation failed; see the messages above.');
    process.exit(code);
  }
  writeFileSync(INSTALL_MARKER, new Date().toISOString());
}

/** Builds the web app when web/build is missing or older than its sources. */
export async function ensureBuilt({ force = false, exitOnFailure = true } = {}) {
  const index = join(root, 'web', 'build', 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = newestMtime(
    [
      'web/src',
      'web/static',
      'web/svelte.config.js',
      'web/vite.config.ts',
      'web/package.json',
      'shared/src',
    ].map((p) => join(root, p)),
  );
  if (!force && built > sources) return true;
  say('Building the app…');
  const code = await run(join(root, 'web', 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], {
    cwd: join(root, 'web'),
  });
  if (code !== 0) {
    console.error('The app build failed; see the messages above.');
    if (exitOnFailure) process.exit(code);
  }
  return code === 0;
}

const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** Path of a Chromium for Playwright; installs Debian's package when running as root. */
export function ensureChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const found = CHROMIUM_CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
  if (isRoot && hasApt) {
    say('Installing Chromium for the end-to-end tests (Debian package)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install =
      update.status === 0
        ? spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env })
        : update;
    const installed = CHROMIUM_CANDIDATES.find((p) => existsSync(p));
    if (install.status === 0 && installed) return installed;
  }
  console.error(
    [
      'No Chromium found for the end-to-end tests.',
      isRoot
        ? 'Installing Debian\u2019s chromium package failed; see above.'
        : 'Install one and run again, for example:  sudo apt-get install chromium',
      'Or point CHROMIUM_PATH at an existing Chrome or Chromium binary.',
    ].join('\n'),
  );
  process.exit(1);
}

/** Runs a command, inheriting the terminal; resolves with its exit code. */
export function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', cwd: root, ...options });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', (error) => {
      console.error(`${command}: ${error.message}`);
      resolve(1);
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  checkNode();
  await ensureInstalled();
  await ensureBuilt();
  console.log('Ready.');
}
