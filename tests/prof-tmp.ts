import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { startRelay, tempDataDir } from './support/relay.ts';
const LAUNCH = {
  headless: true,
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
};
const dataDir = tempDataDir('dbg');
copyFileSync('/work/main/tests/.cache/large-seed1-g1.db', join(dataDir, 'aligned.db'));
const relay = await startRelay({ dataDir });
const profile = tempDataDir('dbgp');
const first = await chromium.launchPersistentContext(profile, LAUNCH);
const page = first.pages()[0]!;
const cdp = await first.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
await cdp.send('Profiler.start');
await page.goto(`${relay.url}/patients`);
await page.waitForFunction(() => performance.getEntriesByName('aligned:replicated').length > 0, null, {
  timeout: 120000,
  polling: 100,
});
const { profile: prof } = await cdp.send('Profiler.stop');
console.log(
  await page.evaluate(() =>
    performance
      .getEntriesByType('mark')
      .map((e) => e.name + ':' + e.startTime.toFixed(0))
      .join(' '),
  ),
);
const self = new Map<string, number>();
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const dt = prof.timeDeltas!;
const counts = new Map<number, number>();
prof.samples!.forEach((id, i) => counts.set(id, (counts.get(id) ?? 0) + (dt[i] ?? 0)));
for (const [id, us] of counts) {
  const n = byId.get(id)!;
  const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + us);
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log('total sampled ms', (total / 1000).toFixed(0));
for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log((v / 1000).toFixed(0).padStart(6), k);
await first.close();
await relay.stop();
