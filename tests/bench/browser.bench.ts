/**
 * Foundation benchmarks on the large synthetic practice in headless Chromium against the real
 * relay on loopback (issue "Foundation", docs/benchmarks.md):
 *   first sync of the whole practice into an empty browser, cold open from IndexedDB offline to a
 *   usable patient list, JS heap after open, search keystroke to results, opening a patient, and
 *   the JavaScript transferred on first load.
 * Each run uses a fresh relay data directory (a copy of the seeded database) and a fresh browser
 * profile; the browser is restarted between the first sync and the cold open.
 */
import { copyFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_LAUNCH } from '../support/chromium.ts';
import { repoRoot, startRelay, tempDataDir } from '../support/relay.ts';
import { seededPracticeFile } from '../support/seeded-practice.ts';
import { fmt, median, percentile, printTable } from './stats.ts';

const LAUNCH = { ...CHROMIUM_LAUNCH, headless: true };

export type BrowserBenchResult = {
  firstSyncMs: number[];
  coldOpenMs: number[];
  heapMb: number[];
  searchMs: number[];
  openPatientMs: number[];
  jsTransferredKb: number[];
  jsGzipKb: number[];
  editableMs: number[];
};

/** tsx compiles page functions with esbuild's keepNames helper; give the page a no-op one. */
export async function prepare(context: BrowserContext) {
  await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
}

export async function markTime(page: Page, name: string, timeout = 900_000): Promise<number> {
  await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, name, {
    timeout,
    polling: 50,
  });
  return page.evaluate((mark) => performance.getEntriesByName(mark)[0]!.startTime, name);
}

/** Gzip (level 9) size of the given app files as built, in KB. */
function gzipKb(paths: string[]): number {
  const build = join(repoRoot, 'web', 'build');
  let bytes = 0;
  for (const path of paths) bytes += gzipSync(readFileSync(join(build, path)), { level: 9 }).length;
  return bytes / 1024;
}

/** The scripts the page fetched while `load` ran: bytes on the wire and their paths. */
async function scriptsLoaded(
  context: BrowserContext,
  page: Page,
  load: () => Promise<unknown>,
): Promise<{ transferredKb: number; paths: string[] }> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const scripts = new Map<string, string>();
  let bytes = 0;
  cdp.on('Network.responseReceived', (event) => {
    if (event.type === 'Script') scripts.set(event.requestId, new URL(event.response.url).pathname);
  });
  cdp.on('Network.loadingFinished', (event) => {
    if (scripts.has(event.requestId)) bytes += event.encodedDataLength;
  });
  await load();
  await cdp.detach();
  return { transferredKb: bytes / 1024, paths: [...new Set(scripts.values())] };
}

async function measureSearch(page: Page): Promise<number[]> {
  const queries = [
    'garcia',
    'smith ma',
    '555-01',
    'john',
    '2014',
    'lee',
    'nguyen t',
    '@example.org',
    'williams',
    'chen',
  ];
  return page.evaluate(async (qs) => {
    const input = document.getElementById('patient-search') as HTMLInputElement;
    const samples: number[] = [];
    for (const q of qs) {
      for (let i = 1; i <= q.length; i++) {
        const t0 = performance.now();
        input.value = q.slice(0, i);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        // Svelte applies the change in a microtask; a macrotask runs after it. Forcing layout
        // includes the browser's style and layout work for the new results.
        await new Promise((r) => setTimeout(r, 0));
        document.body.getBoundingClientRect();
        samples.push(performance.now() - t0);
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      }
      input.value = '';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => setTimeout(r, 20));
    }
    return samples;
  }, queries);
}

async function measureOpenPatient(page: Page, index: number): Promise<number> {
  return page.evaluate(async (i) => {
    const rows = document.querySelectorAll<HTMLElement>('[data-testid="patient-row"]');
    const row = rows[i % rows.length]!;
    const name = row.querySelector('.person')?.textContent?.trim() ?? '';
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      const done = () => {
        const heading = document.querySelector('[data-testid="patient-name"]');
        if (heading && heading.textContent?.trim() === name) {
          observer.disconnect();
          document.body.getBoundingClientRect();
          resolve();
        }
      };
      const observer = new MutationObserver(done);
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      row.click();
    });
    return performance.now() - t0;
  }, index);
}

/** The large practice (seed 1) seeded into a relay database, generated once per generator version. */
export async function seededLargeDatabase(log: (line: string) => void): Promise<string> {
  const seeded = await seededPracticeFile('large', log);
  log(`relay database: ${(statSync(seeded).size / 1024 / 1024).toFixed(1)} MB`);
  return seeded;
}

export async function runBrowserBench(options: {
  runs: number;
  log: (line: string) => void;
}): Promise<BrowserBenchResult> {
  const seeded = await seededLargeDatabase(options.log);

  const result: BrowserBenchResult = {
    firstSyncMs: [],
    coldOpenMs: [],
    heapMb: [],
    searchMs: [],
    openPatientMs: [],
    jsTransferredKb: [],
    jsGzipKb: [],
    editableMs: [],
  };

  for (let run = 1; run <= options.runs; run++) {
    const dataDir = tempDataDir('bench');
    copyFileSync(seeded, join(dataDir, 'aligned.db'));
    // The seeded practice is served by the development identity (no sign-in screens in the way).
    const relay = await startRelay({ dataDir, env: { AUTH_MODE: 'development' } });
    const profile = tempDataDir('bench-profile');
    try {
      // 1. First sync into an empty browser.
      const first = await chromium.launchPersistentContext(profile, LAUNCH);
      await prepare(first);
      const page = first.pages()[0] ?? (await first.newPage());
      const js = await scriptsLoaded(first, page, () =>
        page.goto(`${relay.url}/patients`).then(() => markTime(page, 'aligned:patients-usable', 60_000)),
      );
      const synced = await markTime(page, 'aligned:replicated');
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      result.firstSyncMs.push(synced);
      result.jsTransferredKb.push(js.transferredKb);
      result.jsGzipKb.push(gzipKb(js.paths));
      if (run === 1) options.log(`initial scripts: ${js.paths.length} files`);
      if (process.env.BENCH_LIST_SCRIPTS) options.log(js.paths.join(' '));
      await first.close();

      // 2. Cold open: a new browser process, no network, data from IndexedDB.
      const second = await chromium.launchPersistentContext(profile, LAUNCH);
      await prepare(second);
      await second.setOffline(true);
      const cold = second.pages()[0] ?? (await second.newPage());
      await cold.goto(`${relay.url}/patients`);
      const usable = await markTime(cold, 'aligned:patients-usable', 30_000);
      result.coldOpenMs.push(usable);
      // Search and opening patients are measured once the document has loaded (editing possible).
      result.editableMs.push(await markTime(cold, 'aligned:editable', 30_000));

      const cdp = await second.newCDPSession(cold);
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = await cdp.send('Runtime.getHeapUsage');
      result.heapMb.push(heap.usedSize / 1024 / 1024);

      result.searchMs.push(...(await measureSearch(cold)));
      for (let i = 0; i < 5; i++) {
        result.openPatientMs.push(await measureOpenPatient(cold, i * 7 + run));
        await cold.goBack();
        await cold.waitForSelector('[data-testid="patient-row"]');
      }
      await second.close();
      options.log(
        `run ${run}: first sync ${fmt(synced, 'ms')}, cold open ${fmt(usable, 'ms')}, heap ${fmt(result.heapMb.at(-1)!, 'MB', 1)}`,
      );
    } finally {
      await relay.stop();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(profile, { recursive: true, force: true });
    }
  }
  return result;
}

export function reportBrowserBench(r: BrowserBenchResult) {
  const list = (xs: number[], digits = 0) => xs.map((x) => x.toFixed(digits)).join(', ');
  printTable('Foundation benchmarks, large practice, headless Chromium (medians)', [
    {
      metric: 'cold open offline → patient list usable',
      value: fmt(median(r.coldOpenMs), 'ms'),
      target: '≤ 1000 ms',
      met: median(r.coldOpenMs) <= 1000,
      samples: list(r.coldOpenMs),
    },
    {
      metric: '  … then patients document loaded (editable)',
      value: fmt(median(r.editableMs), 'ms'),
      target: '(reported)',
      met: null,
      samples: list(r.editableMs),
    },
    {
      metric: 'JS heap after open',
      value: fmt(median(r.heapMb), 'MB', 1),
      target: '≤ 150 MB',
      met: median(r.heapMb) <= 150,
      samples: list(r.heapMb, 1),
    },
    {
      metric: 'search keystroke → results (p95)',
      value: fmt(percentile(r.searchMs, 95), 'ms', 1),
      target: '≤ 30 ms',
      met: percentile(r.searchMs, 95) <= 30,
      samples: `median ${median(r.searchMs).toFixed(1)} ms of ${r.searchMs.length}`,
    },
    {
      metric: 'open a patient',
      value: fmt(median(r.openPatientMs), 'ms', 1),
      target: '≤ 100 ms',
      met: median(r.openPatientMs) <= 100,
      samples: `p95 ${percentile(r.openPatientMs, 95).toFixed(1)} ms of ${r.openPatientMs.length}`,
    },
    {
      metric: 'first sync of the practice (loopback)',
      value: fmt(median(r.firstSyncMs) / 1000, 's', 2),
      target: '≤ 10 s',
      met: median(r.firstSyncMs) <= 10_000,
      samples: list(
        r.firstSyncMs.map((x) => x / 1000),
        2,
      ),
    },
    {
      metric: 'initial JS, gzip -9 of the scripts loaded',
      value: fmt(median(r.jsGzipKb), 'KB', 1),
      target: '≤ 150 KB',
      met: median(r.jsGzipKb) <= 150,
    },
    {
      metric: 'initial JS as transferred (brotli)',
      value: fmt(median(r.jsTransferredKb), 'KB', 1),
      target: '(reported)',
      met: null,
    },
  ]);
}
