#!/usr/bin/env node
// `npm run admin -- …` and `npm run backup -- …`: installs what is missing (a fresh clone has no
// node_modules), then runs the relay's command-line tool with the arguments given.
import { checkNode, ensureInstalled } from './setup.mjs';
import { runPnpm } from './pnpm.mjs';

const [tool, ...args] = process.argv.slice(2);
if (tool !== 'admin' && tool !== 'backup') {
  console.error('usage: node scripts/relay-tool.mjs admin|backup [arguments]');
  process.exit(2);
}
checkNode();
await ensureInstalled();
// --silent: the tool's own output (ids, a recovery code) is what the operator needs to read.
process.exit(await runPnpm(['--silent', '--filter', '@aligned/sync-server', 'run', tool, ...args]));
