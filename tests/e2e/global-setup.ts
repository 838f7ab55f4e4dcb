/**
 * Starts one real relay for the run, on a free port, with a fresh data directory seeded with a
 * set-up practice. Tests read its address from ALIGNED_URL (workers inherit the environment).
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, startRelay, tempDataDir } from '../support/relay.ts';

export default async function globalSetup() {
  const dataDir = tempDataDir('e2e');
  const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'support/seed-practice.ts', dataDir], {
    cwd: join(repoRoot, 'tests'),
    encoding: 'utf8',
  });
  if (seeded.status !== 0) throw new Error(`seeding the e2e practice failed:\n${seeded.stderr}`);
  const relay = await startRelay({ dataDir });
  process.env.ALIGNED_URL = relay.url;
  process.env.ALIGNED_DATA_DIR = dataDir;
  return async () => {
    await relay.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
