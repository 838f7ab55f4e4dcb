#!/usr/bin/env node
// `npm start`: installs what is missing, builds the app, and starts the relay serving the app
// and the sync endpoint on one port (PORT, default 8080), with data under ./data.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { checkNode, ensureBuilt, ensureInstalled, root } from './setup.mjs';

checkNode();
await ensureInstalled();
await ensureBuilt();

const port = process.env.PORT ?? '8080';
const dataDir = process.env.DATA_DIR ?? join(root, 'data');
const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
  cwd: join(root, 'sync-server'),
  stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  env: { ...process.env, PORT: port, DATA_DIR: dataDir, STATIC_DIR: join(root, 'web', 'build') },
});

child.on('message', (message) => {
  if (!message || typeof message !== 'object' || !('ready' in message)) return;
  const url = `http://localhost:${message.port}`;
  console.log(`
  Aligned is running at  ${url}

  What to do first:
    1. Open ${url} in Chrome, Edge or Safari.
    2. Set up your practice: name, time zone, first location and the owner's account
       (keep the recovery code it shows once).
    3. Add your staff (Settings → Staff) and a patient (Patients → New patient).
       Press / anywhere to search.
    4. Install it as an app from the address bar so it keeps working offline.

  Data is kept in ${dataDir}. Staff sign in with their own accounts; after the first sign-in a
  device unlocks offline with the person's password or PIN.
  Other devices need HTTPS (a reverse proxy) to work offline; localhost is fine as is.
  Stop with Ctrl+C.
`);
});

const stop = (signal) => child.kill(signal);
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', (code) => process.exit(code ?? 0));
