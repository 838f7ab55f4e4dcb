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
await page.goto(`${relay.url}/patients`);
await page.waitForFunction(() => performance.getEntriesByName('aligned:replicated').length > 0, null, {
  timeout: 120000,
  polling: 100,
});
console.log(
  'replicated',
  await page.evaluate(() =>
    performance
      .getEntriesByType('mark')
      .map((e) => e.name + ':' + e.startTime.toFixed(0))
      .join(' '),
  ),
);
await first.close();
for (let i = 0; i < 3; i++) {
  const second = await chromium.launchPersistentContext(profile, LAUNCH);
  await second.setOffline(true);
  const p2 = second.pages()[0]!;
  await p2.goto(`${relay.url}/patients`);
  await p2.waitForFunction(() => performance.getEntriesByName('aligned:patients-usable').length > 0, null, {
    timeout: 30000,
    polling: 50,
  });
  console.log(
    await p2
      .evaluate(() => [
        ...performance
          .getEntriesByType('navigation')
          .map((e) => `domInteractive:${(e as PerformanceNavigationTiming).domInteractive.toFixed(0)}`),
        ...performance
          .getEntriesByType('mark')
          .map((e) => `${e.name.replace('aligned:', '')}:${e.startTime.toFixed(0)}`),
      ])
      .then((x) => x.join('  ')),
  );
  await second.close();
}
await relay.stop();
