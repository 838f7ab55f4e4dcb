/**
 * Starts the real relay (sync-server/src/main.ts) as a child process on a free port with its own
 * data directory, serving the built app. Used by Playwright's global setup and by tests that
 * need a relay of their own (first-run setup, restarts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export type RunningRelay = {
  url: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
};

export function tempDataDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `aligned-${label}-`));
}

export function startRelay(options: {
  dataDir: string;
  port?: number;
  env?: Record<string, string>;
  /** Extra Node flags, e.g. --cpu-prof for profiling the relay. */
  nodeArgs?: string[];
}): Promise<RunningRelay> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', 'src/main.ts'], {
    cwd: join(repoRoot, 'sync-server'),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      ...process.env,
      PORT: String(options.port ?? 0),
      HOST: '127.0.0.1',
      DATA_DIR: options.dataDir,
      STATIC_DIR: join(repoRoot, 'web', 'build'),
      LOG_LEVEL: 'warn',
      SQLITE_SYNCHRONOUS: 'NORMAL',
      ...options.env,
    },
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`relay exited with ${code} before it was ready:\n${output}`)),
    );
    child.on('message', (message: unknown) => {
      const ready = message as { ready?: boolean; port?: number };
      if (!ready?.ready || !ready.port) return;
      const port = ready.port;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        dataDir: options.dataDir,
        process: child,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
