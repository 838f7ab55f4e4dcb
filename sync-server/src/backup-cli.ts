/**
 * `npm run backup -- --out backups/aligned-2026-11-25.db [--data ./data]`
 * Takes a consistent copy of the relay's database while the relay runs. Restore: see
 * docs/operations.md. Paths are relative to where npm was run.
 */
import { resolve } from 'node:path';
import { backupDatabase } from './storage/backup.ts';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const base = process.env.INIT_CWD ?? process.cwd();
const dataDir = resolve(base, option('--data') ?? process.env.DATA_DIR ?? 'data');
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const out = resolve(base, option('--out') ?? `backups/aligned-${stamp}.db`);

try {
  const summary = await backupDatabase(dataDir, out);
  process.stdout.write(
    `Backup written to ${summary.file}: ${summary.documents} documents, ${summary.updates} updates, ` +
      `${(summary.bytes / 1024 / 1024).toFixed(1)} MB, checked, in ${summary.seconds.toFixed(2)} s.\n`,
  );
} catch (error) {
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
