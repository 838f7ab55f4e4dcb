/**
 * Schedule benchmarks on the large synthetic practice (targets in docs/benchmarks.md): 70,000
 * appointments in schedule documents per location and week, headless Chromium against the real
 * relay on loopback.
 *
 * 1. Day view cold: after a first full sync, the appointment book (`/schedule`, day by chair, a
 *    busy weekday of the first location) opened in a new browser process, offline, from IndexedDB;
 *    `aligned:ready` (the app is open) → the book rendered with its month read (`data-ready`),
 *    layout included. Target ≤ 200 ms.
 * 2. Switching days: "Next day" clicked in that page, click → the next day rendered. Target ≤ 50 ms.
 * 3. Find next available over the next 8 weeks: the search itself (`aligned:find-next-available`
 *    measure around the pure search) and click → free times shown. Target ≤ 100 ms.
 * 4. The recovery lists (every location, three months back and six ahead) after app open, and a
 *    patient's appointments panel (the patient with the most visits in that window): click →
 *    visits shown, on a page just loaded. Target ≤ 200 ms each (issue #17: from the projection).
 *
 * Figures are printed, never asserted.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_LAUNCH } from '../support/chromium.ts';
import { startRelay, tempDataDir } from '../support/relay.ts';
import { BOOK_WINDOW, addDays, localDateOf } from '@aligned/shared';
import { DEFAULT_AS_OF, PRACTICE_TIME_ZONE, generatePractice } from '../fixtures/practice-generator.ts';
import { markTime, prepare, seededLargeDatabase } from './browser.bench.ts';
import { fmt, median, percentile, printTable } from './stats.ts';

const LAUNCH = { ...CHROMIUM_LAUNCH, headless: true };
/**
 * The busiest day of the practice's book (the most appointments at one location on one local
 * day), worked out from the same generator that seeded the relay: the worst day to open.
 */
function busiestDay(practice: ReturnType<typeof generatePractice>): {
  locationId: string;
  day: string;
  count: number;
} {
  const counts = new Map<string, number>();
  let best = { locationId: '', day: '', count: 0 };
  for (const a of practice.appointments) {
    const key = `${a.locationId}|${localDateOf(a.start, PRACTICE_TIME_ZONE)}`;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    if (n > best.count) best = { locationId: a.locationId, day: key.split('|')[1]!, count: n };
  }
  return best;
}
/** The patient with the most appointments in the window the visits panel shows. */
function busiestPatient(practice: ReturnType<typeof generatePractice>): { patientId: string; count: number } {
  const from = addDays(DEFAULT_AS_OF, -BOOK_WINDOW.daysBack);
  const to = addDays(DEFAULT_AS_OF, BOOK_WINDOW.daysAhead);
  const counts = new Map<string, number>();
  for (const a of practice.appointments) {
    const on = localDateOf(a.start, PRACTICE_TIME_ZONE);
    if (on >= from && on <= to) counts.set(a.patientId, (counts.get(a.patientId) ?? 0) + 1);
  }
  const [patientId, count] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  return { patientId, count };
}
const BOOK = '[data-testid="schedule-book"][data-ready]';
const SWITCHES = 10;
const SEARCHES = 6;

export type ScheduleBenchResult = {
  coldMs: number[];
  appointmentsShown: number[];
  switchMs: number[];
  findComputeMs: number[];
  findClickMs: number[];
  slotsFound: number[];
  /** App open → recovery lists shown (reported; polled, so up to ~30 ms late). */
  recoveryMs: number[];
  recoveryRows: number[];
  /** A patient's appointments panel: click → visits shown. */
  patientVisitsMs: number[];
  patientVisitsShown: number[];
};

type Log = (line: string) => void;

/** Click → the condition holds in the DOM (layout forced), timed in the page. */
async function timeClick(page: Page, click: string, until: string): Promise<number> {
  return page.evaluate(
    async ([clickSelector, condition]) => {
      const holds = new Function(`return (${condition})`) as () => boolean;
      const button = document.querySelector<HTMLElement>(clickSelector!);
      if (!button) throw new Error(`no ${clickSelector}`);
      const started = performance.now();
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${condition}`)), 30_000);
        const check = () => {
          if (!holds()) return;
          observer.disconnect();
          clearTimeout(timer);
          document.body.getBoundingClientRect();
          resolve();
        };
        const observer = new MutationObserver(check);
        observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
        button.click();
        check();
      });
      return performance.now() - started;
    },
    [click, until] as const,
  );
}

export async function runScheduleBench(options: { runs: number; log: Log }): Promise<ScheduleBenchResult> {
  const { runs, log } = options;
  const seeded = await seededLargeDatabase(log);
  const practice = generatePractice('large', { seed: 1 });
  const { locationId, day: DAY, count } = busiestDay(practice);
  const patient = busiestPatient(practice);
  log(`busiest day: ${DAY}, ${count} appointments at one location`);
  log(`busiest patient: ${patient.count} appointments in the panel's window`);
  const result: ScheduleBenchResult = {
    coldMs: [],
    appointmentsShown: [],
    switchMs: [],
    findComputeMs: [],
    findClickMs: [],
    slotsFound: [],
    recoveryMs: [],
    recoveryRows: [],
    patientVisitsMs: [],
    patientVisitsShown: [],
  };
  for (let run = 1; run <= runs; run++) {
    const dataDir = tempDataDir('bench-schedule');
    copyFileSync(seeded, join(dataDir, 'aligned.db'));
    const relay = await startRelay({ dataDir, env: { AUTH_MODE: 'development' } });
    const profile = tempDataDir('bench-schedule-profile');
    const url = `${relay.url}/schedule?location=${locationId}&date=${DAY}&view=day`;
    try {
      // First full sync, online, on the book.
      const first = await chromium.launchPersistentContext(profile, LAUNCH);
      try {
        await prepare(first);
        const page = first.pages()[0] ?? (await first.newPage());
        await page.goto(url);
        const synced = await markTime(page, 'aligned:replicated', 900_000);
        await page.waitForSelector(BOOK, { timeout: 300_000 });
        // The lists open from the projection the first sync leaves on the device.
        await markTime(page, 'aligned:projection-saved', 900_000);
        await page.evaluate(async () => {
          await navigator.serviceWorker.ready;
        });
        if (run === 1) log(`first sync ${fmt(synced, 'ms')}`);
      } finally {
        await first.close();
      }

      // Cold open, offline, in a new browser process.
      const context = await chromium.launchPersistentContext(profile, LAUNCH);
      try {
        await prepare(context);
        await context.addInitScript((selector: string) => {
          const w = window as { __bookSeen?: number };
          new MutationObserver(() => {
            if (w.__bookSeen === undefined && document.querySelector(selector)) {
              document.body?.getBoundingClientRect();
              w.__bookSeen = performance.now();
            }
          }).observe(document, { subtree: true, childList: true, attributes: true });
        }, BOOK);
        await context.setOffline(true);
        const page = context.pages()[0] ?? (await context.newPage());
        await page.goto(url);
        const ready = await markTime(page, 'aligned:ready', 30_000);
        await page.waitForFunction(() => (window as { __bookSeen?: number }).__bookSeen !== undefined, null, {
          timeout: 30_000,
          polling: 50,
        });
        const seen = await page.evaluate(() => (window as { __bookSeen?: number }).__bookSeen!);
        const shown = await page.locator('[data-testid="appointment"]').count();
        result.coldMs.push(seen - ready);
        result.appointmentsShown.push(shown);

        // Switching days, forward.
        const switches: number[] = [];
        let day = DAY;
        for (let i = 0; i < SWITCHES; i++) {
          const next = new Date(`${day}T12:00:00Z`);
          next.setUTCDate(next.getUTCDate() + 1);
          day = next.toISOString().slice(0, 10);
          switches.push(
            await timeClick(
              page,
              'button[aria-label="Next day"]',
              `document.querySelector('[data-testid="schedule-day"]')?.getAttribute('data-date') === '${day}' && !!document.querySelector('${BOOK}')`,
            ),
          );
        }
        result.switchMs.push(...switches);

        // Find next available from the fixture's today, any provider, 8 weeks.
        await page.getByRole('button', { name: 'Find next available' }).click();
        const finder = page.getByRole('form', { name: 'Find next available' });
        await finder.getByLabel('From', { exact: true }).fill(DEFAULT_AS_OF);
        for (let i = 0; i < SEARCHES; i++) {
          await page.evaluate(() => performance.clearMeasures('aligned:find-next-available'));
          // Alternate preferred days so each search is a different one.
          if (i % 2 === 1) await finder.getByLabel('Tue').check();
          else if (i > 0) await finder.getByLabel('Tue').uncheck();
          const clickMs = await timeClick(
            page,
            'form[aria-label="Find next available"] button[type="submit"]',
            `!!document.querySelector('form[aria-label="Find next available"] [data-search="${i + 1}"]')`,
          );
          const compute = await page.evaluate(
            () => performance.getEntriesByName('aligned:find-next-available').at(-1)?.duration ?? NaN,
          );
          result.findClickMs.push(clickMs);
          result.findComputeMs.push(compute);
          result.slotsFound.push(await finder.getByTestId('slots').getByRole('button').count());
        }
        // The recovery lists: every location's book from three months back to six ahead, from the
        // device projection: app open → lists shown.
        await page.goto(`${relay.url}/schedule/recovery`);
        const appOpen = await markTime(page, 'aligned:ready', 30_000);
        await page.waitForSelector('[data-testid="recovery"][data-ready]', { timeout: 120_000 });
        result.recoveryMs.push((await page.evaluate(() => performance.now())) - appOpen);
        result.recoveryRows.push(await page.getByTestId('recovery-item').count());

        // A patient's appointments, on the patient's page just loaded: click → visits shown.
        await page.goto(`${relay.url}/patients/${patient.patientId}`);
        await markTime(page, 'aligned:ready', 30_000);
        await page.waitForSelector('[data-testid="patient-appointments"] summary', { timeout: 30_000 });
        result.patientVisitsMs.push(
          await timeClick(
            page,
            '[data-testid="patient-appointments"] summary',
            `!!document.querySelector('[data-testid="upcoming-appointments"]')`,
          ),
        );
        result.patientVisitsShown.push(await page.locator('[data-testid="patient-appointments"] li').count());
        log(
          `run ${run}: day view ${fmt(seen - ready, 'ms')} after app open (${shown} appointments), switch median ${fmt(median(switches), 'ms')}`,
        );
      } finally {
        await context.close();
      }
    } finally {
      await relay.stop();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(profile, { recursive: true, force: true });
    }
  }
  return result;
}

export function reportScheduleBench(r: ScheduleBenchResult) {
  const row = (metric: string, samples: number[], target: number | null, unit = 'ms') => ({
    metric,
    value: fmt(median(samples), unit, 1),
    target: target === null ? '-' : `≤ ${target} ms`,
    met: target === null ? null : median(samples) <= target,
    samples: `p95 ${percentile(samples, 95).toFixed(1)}; n=${samples.length}`,
  });
  printTable('Schedule (large practice, 70,000 appointments; median, p95 in brackets)', [
    row('day view, cold, after app open', r.coldMs, 200),
    {
      metric: '  appointments on the day',
      value: String(median(r.appointmentsShown)),
      target: '-',
      met: null,
    },
    row('switch to the next day', r.switchMs, 50),
    row('find next available, 8 weeks: the search', r.findComputeMs, 100),
    row('  click → free times shown', r.findClickMs, null),
    { metric: '  free times listed per search', value: String(median(r.slotsFound)), target: '-', met: null },
    row('recovery lists, after app open (every location, 9 months)', r.recoveryMs, 200),
    { metric: '  rows on the three lists', value: String(median(r.recoveryRows)), target: '-', met: null },
    row("a patient's appointments: click → visits shown", r.patientVisitsMs, 200),
    {
      metric: '  visits and suggestions listed',
      value: String(median(r.patientVisitsShown)),
      target: '-',
      met: null,
    },
  ]);
}
