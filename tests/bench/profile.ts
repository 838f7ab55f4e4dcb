/**
 * CPU profiles of the large practice's first sync and cold open in headless Chromium, for finding
 * where a browser benchmark's time goes. Build with names kept first:
 *   ALIGNED_DEBUG_BUILD=1 npm run build && (cd tests && node --import tsx bench/profile.ts)
 * Writes `.cpuprofile` files (open them in Chromium's DevTools) into the folder given by
 * PROFILE_OUT (default: a temporary folder) and prints the functions with the most self time.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startProfiling, stopProfiling } from './cpu-profile.ts';
import { CHROMIUM_LAUNCH } from '../support/chromium.ts';
import { startRelay, tempDataDir } from '../support/relay.ts';
import { markTime, prepare, seededLargeDatabase } from './browser.bench.ts';

const LAUNCH = { ...CHROMIUM_LAUNCH, headless: true };
const out = process.env.PROFILE_OUT ?? mkdtempSync(join(tmpdir(), 'aligned-profile-'));
const log = (line: string) => console.log(line);

/** Every performance mark and navigation milestone the page made, in order. */
async function marks(page: Page): Promise<string> {
  const entries = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    const milestones: [string, number][] = nav
      ? [
          ['(navigation) response end', nav.responseEnd],
          ['(navigation) DOM content loaded', nav.domContentLoadedEventEnd],
          ['(navigation) load', nav.loadEventEnd],
        ]
      : [];
    const resources = performance
      .getEntriesByType('resource')
      .filter((r) => r.startTime < 3000)
      .map(
        (r) =>
          [`(fetch ${r.name.split('/').pop()}) ${Math.round(r.duration)} ms`, r.startTime] as [
            string,
            number,
          ],
      );
    return [
      ...milestones,
      ...resources,
      ...performance.getEntriesByType('mark').map((m) => [m.name, m.startTime] as [string, number]),
    ]
      .sort((a, b) => a[1] - b[1])
      .map(([name, at]) => [name, Math.round(at)] as const);
  });
  return entries.map(([name, at]) => `  ${String(at).padStart(7)} ms  ${name}`).join('\n');
}

const seeded = await seededLargeDatabase(log);
const dataDir = tempDataDir('profile');
copyFileSync(seeded, join(dataDir, 'aligned.db'));
// The relay is profiled too (its .cpuprofile lands in the same folder when it exits).
const relay = await startRelay({
  dataDir,
  env: { AUTH_MODE: 'development' },
  nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${out}`],
});
const profileDir = tempDataDir('profile-browser');
try {
  const first = await chromium.launchPersistentContext(profileDir, LAUNCH);
  await prepare(first);
  const page = first.pages()[0] ?? (await first.newPage());
  const cdp = await startProfiling(first, page);
  await page.goto(`${relay.url}/patients`);
  log(
    `first sync: patients usable ${(await markTime(page, 'aligned:patients-usable', 60_000)).toFixed(0)} ms`,
  );
  log(`first sync: replicated ${(await markTime(page, 'aligned:replicated')).toFixed(0)} ms`);
  log(await marks(page));
  await stopProfiling(cdp, out, 'first-sync', log);
  await first.close();

  const second = await chromium.launchPersistentContext(profileDir, LAUNCH);
  await prepare(second);
  await second.setOffline(true);
  const cold = second.pages()[0] ?? (await second.newPage());
  const cdp2 = await startProfiling(second, cold);
  await cold.goto(`${relay.url}/patients`);
  log(
    `cold open: patients usable ${(await markTime(cold, 'aligned:patients-usable', 30_000)).toFixed(0)} ms`,
  );
  log(`cold open: editable ${(await markTime(cold, 'aligned:editable', 30_000)).toFixed(0)} ms`);
  log(await marks(cold));
  await stopProfiling(cdp2, out, 'cold-open', log);
  await second.close();
} finally {
  await relay.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(profileDir, { recursive: true, force: true });
}
