/**
 * Pipeline benchmarks on the large synthetic practice (targets in docs/benchmarks.md), headless
 * Chromium against the real relay on loopback:
 *
 * 1. Cold open of the pending board (`/pipeline`) and of Today (`/`): after a first full sync,
 *    each is opened in a new browser process, offline, from IndexedDB; measured from the
 *    `aligned:ready` mark (the app is open) to the screen rendered (its `data-ready` element in
 *    the DOM, layout included). Target ≤ 300 ms each.
 * 2. A new inquiry added on one device, seen on another: two browser contexts (two devices),
 *    both online through the relay; device A adds an inquiry on `/pipeline/new`, device B shows
 *    the board. Measured from A's click on "Add inquiry" to B's board showing the card (both
 *    pages read the same machine clock). 20 iterations after 2 warm-ups; target p95 ≤ 100 ms.
 *
 * Each cold-open run uses a fresh relay data directory (a copy of the seeded database) and a
 * fresh browser profile; the two-device part has its own fresh relay. Figures are printed,
 * never asserted.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_LAUNCH } from '../support/chromium.ts';
import { startRelay, tempDataDir, type RunningRelay } from '../support/relay.ts';
import { markTime, prepare, seededLargeDatabase } from './browser.bench.ts';
import { profileDir, startProfiling, stopProfiling } from './cpu-profile.ts';
import { fmt, median, percentile, printTable } from './stats.ts';

const LAUNCH = { ...CHROMIUM_LAUNCH, headless: true };

/** The screens measured and the element each shows once rendered (the UI's contract). */
const SCREENS = {
  board: { path: '/pipeline', selector: '[data-testid="pipeline-board"][data-ready]' },
  today: { path: '/', selector: '[data-testid="today"][data-ready]' },
  /** Practice-wide patient aging and the past-due (collections) list. */
  billing: { path: '/billing', selector: '[data-testid="billing"][data-ready]' },
} as const;
type Screen = keyof typeof SCREENS;

const CARD = '[data-testid="pipeline-card"]';
const WARM_UPS = 2;
const ITERATIONS = 20;

export type PipelineBenchResult = {
  /** `aligned:ready` → screen rendered, per run. */
  boardMs: number[];
  todayMs: number[];
  billingMs: number[];
  /** Navigation start → screen rendered (reported). */
  boardFromStartMs: number[];
  todayFromStartMs: number[];
  boardCards: number[];
  /** Click on "Add inquiry" on device A → card on device B's board. */
  inquiryMs: number[];
  /** Iterations whose card never showed on B (within 30 s). */
  inquiryMissed: number;
  /** Where each inquiry's time went: click → A's first sync message out; → B's first in; → card shown. */
  inquirySendMs: number[];
  inquiryRelayMs: number[];
  inquiryShowMs: number[];
};

/**
 * Notes when each page sends and receives WebSocket messages (Date.now(), one clock for both
 * pages of a browser), so an inquiry's latency splits into device A, the relay and device B.
 */
const WS_LOG = `(() => {
  const log = (globalThis.__alignedWs = { sent: [], received: [] });
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    log.sent.push(Date.now());
    return send.call(this, data);
  };
  const add = WebSocket.prototype.addEventListener;
  const seen = new WeakSet();
  Object.defineProperty(WebSocket.prototype, 'onmessage', {
    configurable: true,
    set(handler) {
      if (seen.has(this)) return;
      seen.add(this);
      add.call(this, 'message', (event) => {
        log.received.push(Date.now());
        handler.call(this, event);
      });
    },
  });
})();`;

type WsLog = { __alignedWs?: { sent: number[]; received: number[] } };

/** The first time at or after `from` in a page's log of sent or received messages. */
async function firstWsAfter(page: Page, kind: 'sent' | 'received', from: number): Promise<number | null> {
  return page.evaluate(
    ({ kind, from }) => (window as WsLog).__alignedWs?.[kind].find((at) => at >= from) ?? null,
    { kind, from },
  );
}

type Log = (line: string) => void;

type SeenWindow = { __alignedSeen?: Record<string, number> };

/**
 * Records, in the page, when each screen's ready element first appears: a MutationObserver
 * started before any app script, which forces layout before taking the time so the figure
 * includes the browser's style and layout work for the screen.
 */
async function watchScreens(context: BrowserContext) {
  const watched = Object.entries(SCREENS).map(([name, s]) => [name, s.selector]);
  await context.addInitScript((list: string[][]) => {
    const seen: Record<string, number> = {};
    (window as SeenWindow).__alignedSeen = seen;
    const check = () => {
      for (const [name, selector] of list) {
        if (name && selector && !(name in seen) && document.querySelector(selector)) {
          document.body?.getBoundingClientRect();
          seen[name] = performance.now();
        }
      }
    };
    new MutationObserver(check).observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-ready'],
    });
  }, watched);
}

async function seenTime(page: Page, screen: Screen, timeout: number): Promise<number> {
  try {
    await page.waitForFunction((name) => (window as SeenWindow).__alignedSeen?.[name] !== undefined, screen, {
      timeout,
      polling: 50,
    });
  } catch {
    throw new Error(
      `${SCREENS[screen].path}: ${SCREENS[screen].selector} did not appear within ${timeout / 1000} s (is the screen built?)`,
    );
  }
  return page.evaluate((name) => (window as SeenWindow).__alignedSeen![name]!, screen);
}

/**
 * Waits until the app has saved a complete projection to IndexedDB (its `aligned:projection-saved`
 * mark), so the cold open starts from a saved board as a returning user's would. Reads the replica
 * database directly (web/src/lib/sync/idb-store.ts; the records of shared/src/projection/
 * projection-snapshot.ts): they are sealed there (CRYPT-1), so this returns their size in KB, or
 * -1 if none was saved within the time.
 */
async function waitForSavedProjection(page: Page, timeoutMs = 120_000): Promise<number> {
  const read = () =>
    page.evaluate(async () => {
      const open = (name: string) =>
        new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open(name);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      const names = (await indexedDB.databases()).map((d) => d.name ?? '');
      const name = names.find((n) => n.startsWith('aligned-replica-'));
      if (!name) return -1;
      const db = await open(name);
      try {
        if (!db.objectStoreNames.contains('meta')) return -1;
        const shards = IDBKeyRange.bound('projection:cases:shard:', 'projection:cases:shard:\uffff');
        const values = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction('meta', 'readonly').objectStore('meta').getAll(shards);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        if (values.length === 0) return -1;
        const bytes = values.reduce<number>(
          (n, value) => n + ((value as { sealed?: Uint8Array }).sealed?.byteLength ?? 0),
          0,
        );
        return bytes > 0 ? Math.round(bytes / 1024) : -1;
      } finally {
        db.close();
      }
    });
  // The app marks the moment a projection of everything stored has been written.
  try {
    await markTime(page, 'aligned:projection-saved', timeoutMs);
  } catch {
    return -1;
  }
  return read();
}

/** Opens a screen in a new browser process, offline, from the profile's IndexedDB. */
async function coldOpen(
  profile: string,
  url: string,
  screen: Screen,
): Promise<{ fromReady: number; fromStart: number; cards: number }> {
  const context = await chromium.launchPersistentContext(profile, LAUNCH);
  try {
    await prepare(context);
    await watchScreens(context);
    await context.setOffline(true);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${url}${SCREENS[screen].path}`);
    const ready = await markTime(page, 'aligned:ready', 30_000);
    const shown = await seenTime(page, screen, 30_000);
    const cards = await page.locator(CARD).count();
    return { fromReady: shown - ready, fromStart: shown, cards };
  } finally {
    await context.close();
  }
}

async function withRelay<T>(
  seeded: string,
  label: string,
  fn: (relay: RunningRelay) => Promise<T>,
): Promise<T> {
  const dataDir = tempDataDir(label);
  copyFileSync(seeded, join(dataDir, 'aligned.db'));
  // The seeded practice is served by the development identity (no sign-in screens in the way).
  const relay = await startRelay({ dataDir, env: { AUTH_MODE: 'development' } });
  try {
    return await fn(relay);
  } finally {
    await relay.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measureColdOpens(seeded: string, runs: number, log: Log, result: PipelineBenchResult) {
  for (let run = 1; run <= runs; run++) {
    await withRelay(seeded, 'bench-pipeline', async (relay) => {
      const profile = tempDataDir('bench-pipeline-profile');
      try {
        // First full sync, online, ending on the board so its projection is built and saved.
        const first = await chromium.launchPersistentContext(profile, LAUNCH);
        try {
          await prepare(first);
          await watchScreens(first);
          const page = first.pages()[0] ?? (await first.newPage());
          await page.goto(`${relay.url}${SCREENS.board.path}`);
          const synced = await markTime(page, 'aligned:replicated');
          await seenTime(page, 'board', 60_000);
          const saved = await waitForSavedProjection(page);
          if (saved < 0) log(`run ${run}: no saved pipeline projection found; the cold open may rebuild it`);
          await page.evaluate(async () => {
            await navigator.serviceWorker.ready;
          });
          if (run === 1) log(`first sync ${fmt(synced, 'ms')}; projection saved (${saved} KB sealed)`);
        } finally {
          await first.close();
        }

        const board = await coldOpen(profile, relay.url, 'board');
        result.boardMs.push(board.fromReady);
        result.boardFromStartMs.push(board.fromStart);
        result.boardCards.push(board.cards);
        const today = await coldOpen(profile, relay.url, 'today');
        result.todayMs.push(today.fromReady);
        result.todayFromStartMs.push(today.fromStart);
        const billing = await coldOpen(profile, relay.url, 'billing');
        result.billingMs.push(billing.fromReady);
        log(
          `run ${run}: board ${fmt(board.fromReady, 'ms')} after app open (${board.cards} cards), Today ${fmt(today.fromReady, 'ms')}`,
        );
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    });
  }
}

/** An obviously synthetic name of letters only, different every call. */
function uniqueName(prefix: string): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let out = prefix;
  for (let i = 0; i < 8; i++) out += letters[Math.floor(Math.random() * letters.length)];
  return out;
}

async function expectOnline(page: Page) {
  await page.waitForSelector('[data-testid="sync-status"][data-connection="online"]', { timeout: 60_000 });
}

/** Starts watching B's board for a card naming `name`; resolves with Date.now() when it shows, -1 after 30 s. */
async function watchForCard(page: Page, name: string) {
  await page.evaluate(
    ({ card, text }) => {
      const w = window as { __alignedCardSeen?: Promise<number> };
      w.__alignedCardSeen = new Promise<number>((resolve) => {
        const found = () =>
          [...document.querySelectorAll(card)].some((element) => element.textContent?.includes(text));
        const observer = new MutationObserver(() => {
          if (!found()) return;
          document.body.getBoundingClientRect();
          const at = Date.now();
          observer.disconnect();
          clearTimeout(timer);
          resolve(at);
        });
        const timer = setTimeout(() => {
          observer.disconnect();
          resolve(-1);
        }, 30_000);
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      });
    },
    { card: CARD, text: name },
  );
}

async function measureInquiryToSecondDevice(seeded: string, log: Log, result: PipelineBenchResult) {
  await withRelay(seeded, 'bench-pipeline-two', async (relay) => {
    const browser = await chromium.launch(LAUNCH);
    try {
      // Two devices: separate contexts have separate IndexedDB, service worker and device id.
      const devices = await Promise.all(
        ['A', 'B'].map(async () => {
          const context = await browser.newContext();
          await prepare(context);
          await context.addInitScript({ content: WS_LOG });
          const page = await context.newPage();
          await page.goto(`${relay.url}${SCREENS.board.path}`);
          return { context, page };
        }),
      );
      const [a, b] = devices.map((d) => d.page) as [Page, Page];
      await Promise.all([markTime(a, 'aligned:replicated'), markTime(b, 'aligned:replicated')]);
      await b.waitForSelector(SCREENS.board.selector, { timeout: 60_000 });
      await expectOnline(b);
      // The inquiry column shows its first 40 cards, oldest first; the large practice has more,
      // so device B shows the whole column (as a coordinator watching new calls would).
      const showAll = b.getByRole('region', { name: /^Inquiry/ }).getByRole('button', { name: /^Show all/ });
      if ((await showAll.count()) > 0) await showAll.click();
      log(`two devices synced; device B shows the board (${await b.locator(CARD).count()} cards)`);

      let missedWarmUps = 0;
      const profiling = profileDir();
      const profilers = profiling
        ? await Promise.all(devices.map((d) => startProfiling(d.context, d.page)))
        : null;
      for (let i = 0; i < WARM_UPS + ITERATIONS; i++) {
        await a.goto(`${relay.url}/pipeline/new`);
        await expectOnline(a);
        // Labels carry a visual "*" for required fields, hence the prefix match.
        const first = uniqueName('Bench');
        const last = uniqueName('Latency');
        await a.getByLabel(/^First name/).fill(first);
        await a.getByLabel(/^Last name/).fill(last);
        await a.getByLabel(/^Phone/).fill(`512 555 01${String(10 + i).padStart(2, '0')}`);
        await watchForCard(b, last);
        const clickedAt = await a.getByRole('button', { name: 'Add inquiry' }).evaluate((button) => {
          const at = Date.now();
          (button as HTMLButtonElement).click();
          return at;
        });
        const seenAt = await b.evaluate(
          () => (window as { __alignedCardSeen?: Promise<number> }).__alignedCardSeen,
        );
        const warmUp = i < WARM_UPS;
        if (seenAt === undefined || seenAt < 0) {
          const alerts = (await a.getByRole('alert').allTextContents()).join(' | ');
          log(
            `iteration ${i + 1}${warmUp ? ' (warm-up)' : ''}: the card never showed on device B within 30 s` +
              (alerts ? ` (device A: ${alerts})` : ''),
          );
          if (warmUp) missedWarmUps += 1;
          else result.inquiryMissed += 1;
          if (missedWarmUps === WARM_UPS) throw new Error('No inquiry reached device B during the warm-ups');
        } else if (!warmUp) {
          result.inquiryMs.push(seenAt - clickedAt);
          const sentAt = await firstWsAfter(a, 'sent', clickedAt);
          const receivedAt = sentAt === null ? null : await firstWsAfter(b, 'received', sentAt);
          if (sentAt !== null && receivedAt !== null && receivedAt <= seenAt) {
            result.inquirySendMs.push(sentAt - clickedAt);
            result.inquiryRelayMs.push(receivedAt - sentAt);
            result.inquiryShowMs.push(seenAt - receivedAt);
          }
        }
        // Let A's write be confirmed before the next page load.
        await a
          .waitForSelector('[data-testid="sync-status"][data-unconfirmed="0"]', { timeout: 10_000 })
          .catch(() => undefined);
      }
      if (profiling && profilers) {
        await stopProfiling(profilers[0]!, profiling, 'inquiry-device-a', log);
        await stopProfiling(profilers[1]!, profiling, 'inquiry-device-b', log);
      }
      log(
        `inquiry → second device: ${result.inquiryMs.map((x) => x.toFixed(0)).join(', ')} ms` +
          (result.inquiryMissed > 0 ? `; ${result.inquiryMissed} never showed` : ''),
      );
      await Promise.all(devices.map((d) => d.context.close()));
    } finally {
      await browser.close();
    }
  });
}

export async function runPipelineBench(options: { runs: number; log: Log }): Promise<PipelineBenchResult> {
  const seeded = await seededLargeDatabase(options.log);
  const result: PipelineBenchResult = {
    boardMs: [],
    todayMs: [],
    billingMs: [],
    boardFromStartMs: [],
    todayFromStartMs: [],
    boardCards: [],
    inquiryMs: [],
    inquiryMissed: 0,
    inquirySendMs: [],
    inquiryRelayMs: [],
    inquiryShowMs: [],
  };
  await measureColdOpens(seeded, options.runs, options.log, result);
  await measureInquiryToSecondDevice(seeded, options.log, result);
  return result;
}

export function reportPipelineBench(r: PipelineBenchResult) {
  const list = (xs: number[], digits = 0) => xs.map((x) => x.toFixed(digits)).join(', ');
  const p95 = (xs: number[]) => percentile(xs, 95);
  printTable('Pipeline benchmarks, large practice, headless Chromium', [
    {
      metric: 'cold open offline → pending board (median after app open)',
      value: fmt(median(r.boardMs), 'ms'),
      target: '≤ 300 ms',
      met: r.boardMs.length > 0 ? median(r.boardMs) <= 300 : null,
      samples: `p95 ${p95(r.boardMs).toFixed(0)} ms; ${list(r.boardMs)}`,
    },
    {
      metric: '  … from navigation start',
      value: fmt(median(r.boardFromStartMs), 'ms'),
      target: '(reported)',
      met: null,
      samples: `${median(r.boardCards)} cards`,
    },
    {
      metric: 'cold open offline → Today (median after app open)',
      value: fmt(median(r.todayMs), 'ms'),
      target: '≤ 300 ms',
      met: r.todayMs.length > 0 ? median(r.todayMs) <= 300 : null,
      samples: `p95 ${p95(r.todayMs).toFixed(0)} ms; ${list(r.todayMs)}`,
    },
    {
      metric: '  … from navigation start',
      value: fmt(median(r.todayFromStartMs), 'ms'),
      target: '(reported)',
      met: null,
    },
    {
      metric: 'cold open offline → Billing: aging + past-due list (after app open)',
      value: fmt(median(r.billingMs), 'ms'),
      target: '≤ 300 ms',
      met: r.billingMs.length > 0 ? median(r.billingMs) <= 300 : null,
      samples: `p95 ${p95(r.billingMs).toFixed(0)} ms; ${list(r.billingMs)}`,
    },
    {
      metric: 'add inquiry → on a second device via the relay (p95)',
      value: fmt(p95(r.inquiryMs), 'ms'),
      target: '≤ 100 ms',
      met: r.inquiryMs.length > 0 ? p95(r.inquiryMs) <= 100 && r.inquiryMissed === 0 : null,
      samples: `p50 ${median(r.inquiryMs).toFixed(0)} ms of ${r.inquiryMs.length}${r.inquiryMissed ? `, ${r.inquiryMissed} missed` : ''}`,
    },
    ...(
      [
        ['  … click → device A sends', r.inquirySendMs],
        ['  … A sends → device B receives (relay)', r.inquiryRelayMs],
        ['  … B receives → card shown', r.inquiryShowMs],
      ] as const
    ).map(([metric, xs]) => ({
      metric,
      value: xs.length > 0 ? fmt(median(xs), 'ms') : '-',
      target: '(reported)',
      met: null,
      samples: xs.length > 0 ? `p95 ${p95(xs).toFixed(0)} ms of ${xs.length}` : 'not measured',
    })),
  ]);
}
