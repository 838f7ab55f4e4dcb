/**
 * A fresh device's first sync of a whole synthetic practice (PROJ-3, PROJ-9): a relay of its own,
 * seeded with the generated practice (the large one by default, 3,000 patients, as the screens
 * must be trusted on it; E2E_FIRST_SYNC_SIZE=typical for the 1,500-patient one, about twice as
 * fast), and an empty browser. While the
 * practice arrives, Today, the pending board, Billing and the book are polled over and over (client-side
 * navigation, no reload): each time a screen must say it is syncing or show the true figure,
 * computed from scratch from the relay's own copy. Never an empty board, $0.00 owed or zero
 * follow-ups before the truth; and the truth, without a reload, once the sync is done.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { formatCents } from '@aligned/shared';
import { startRelay, tempDataDir, type RunningRelay } from '../support/relay.ts';
import { practiceTruth, seededPracticeFile, type PracticeTruth } from '../support/seeded-practice.ts';
import type { PracticeSize } from '../fixtures/practice-types.ts';

const SIZE = (process.env.E2E_FIRST_SYNC_SIZE ?? 'large') as PracticeSize;

let relay: RunningRelay;
let truth: PracticeTruth;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const seeded = await seededPracticeFile(SIZE);
  truth = await practiceTruth(seeded);
  const dataDir = tempDataDir('e2e-first-sync');
  copyFileSync(seeded, join(dataDir, 'aligned.db'));
  relay = await startRelay({ dataDir, env: { AUTH_MODE: 'development' } });
});

test.afterAll(async () => {
  await relay?.stop();
  if (relay) rmSync(relay.dataDir, { recursive: true, force: true });
});

type Screen = {
  path: string;
  testid: string;
  /** What shows the screen is there, when not its testid alone. */
  shown?: string;
  /** Runs in the page: "syncing", or the screen's figures as text, read in one go. */
  read: (testid: string) => string;
};
const SCREENS: Record<'today' | 'board' | 'billing' | 'book', Screen> = {
  today: {
    path: '/',
    testid: 'today',
    read: (testid) => {
      const root = document.querySelector(`[data-testid="${testid}"]`);
      if (root?.querySelector('[data-testid="practice-syncing"]')) return 'syncing';
      const tile = (label: string) =>
        [...(root?.querySelectorAll('.tiles li') ?? [])]
          .map((li) => li.textContent ?? '')
          .find((t) => t.includes(label)) ?? '';
      const pending = /Pending \((\d+) famil/.exec(tile('Pending'))?.[1];
      const overdue = /^\s*(\d+)/.exec(tile('Follow-ups overdue'))?.[1];
      return `pending ${pending}, overdue ${overdue}`;
    },
  },
  board: {
    path: '/pipeline',
    testid: 'pipeline-board',
    read: (testid) => {
      const root = document.querySelector(`[data-testid="${testid}"]`);
      if (root?.querySelector('[data-testid="practice-syncing"]')) return 'syncing';
      const due = root?.querySelector('[data-testid="due-list"] h2 .badge')?.textContent?.trim();
      return `due ${due}, cards ${root?.querySelectorAll('[data-testid="pipeline-card"]').length}`;
    },
  },
  billing: {
    path: '/billing',
    testid: 'billing',
    read: (testid) => {
      const root = document.querySelector(`[data-testid="${testid}"]`);
      if (root?.querySelector('[data-testid="practice-syncing"]')) return 'syncing';
      const aging = root?.querySelector('[data-testid="patient-aging"] h2 .muted')?.textContent;
      const collections = root?.querySelector('[data-testid="collections"] h2 .badge')?.textContent;
      return `${aging?.replace(/\s+/g, ' ').trim()}, collections ${collections?.trim()}`;
    },
  },
  // The appointment book opens during a first sync (it is needed at once), saying that it is still
  // arriving: a day that looks empty then may only be a day not yet here.
  book: {
    path: '/schedule',
    testid: 'day-grid',
    shown: '[data-testid="day-grid"], [data-testid="book-arriving"]',
    read: (testid) => {
      if (document.querySelector('[data-testid="book-arriving"]')) return 'syncing';
      const grid = document.querySelector(`[data-testid="${testid}"]`);
      return `visits ${grid?.querySelectorAll('[data-testid="appointment"]').length}`;
    },
  },
};

function expected(t: PracticeTruth): Record<keyof typeof SCREENS, RegExp> {
  return {
    today: new RegExp(`^pending ${t.pendingFamilies}, overdue ${t.overdueFollowUps}$`),
    // The board shows at most 40 cards a column; an empty board would show none.
    board: new RegExp(`^due ${t.dueOnBoard}, cards [1-9]\\d*$`),
    billing: new RegExp(
      `^${escape(formatCents(t.owedCents))} owed, ${escape(formatCents(t.pastDueCents))} past due, collections ${t.collections}$`,
    ),
    book: new RegExp(`^visits ${t.bookToday}$`),
  };
}
const escape = (text: string) => text.replace(/[$.*+?^{}()|[\]\\]/g, '\\$&');

/** Opens a screen through the app's own navigation and reads it. */
async function observe(page: Page, screen: Screen): Promise<string> {
  await page.locator(`nav a[href="${screen.path}"]`).first().click();
  await page
    .locator(screen.shown ?? `[data-testid="${screen.testid}"]`)
    .first()
    .waitFor({ state: 'attached' });
  return page.evaluate(screen.read, screen.testid);
}

test(`PROJ-3: a fresh device's first sync of the ${SIZE} practice shows "syncing" or the true figures, never an empty or zero one, and the truth without a reload`, async ({
  browser,
}) => {
  test.setTimeout(300_000);
  expect(truth.pendingFamilies, 'the practice has pending families').toBeGreaterThan(0);
  expect(truth.owedCents, 'the practice has A/R').toBeGreaterThan(0);
  const want = expected(truth);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(relay.url);
  await expect(page.getByTestId('sync-status')).toBeVisible({ timeout: 60_000 });

  const seen: Record<keyof typeof SCREENS, string[]> = { today: [], board: [], billing: [], book: [] };
  const names = Object.keys(SCREENS) as (keyof typeof SCREENS)[];
  // Polled until every screen has shown its figures twice in a row after the sync finished.
  let settled = 0;
  const arrivingTexts: string[] = [];
  while (settled < 2) {
    const arriving = await page.getByTestId('sync-arriving').count();
    if (arriving > 0) arrivingTexts.push((await page.getByTestId('sync-arriving').textContent()) ?? '');
    for (const name of names) seen[name].push(await observe(page, SCREENS[name]));
    const allShown = names.every((name) => seen[name].at(-1) !== 'syncing');
    settled = allShown && arriving === 0 ? settled + 1 : 0;
  }

  const observations = names.flatMap((name) => seen[name].map((value) => ({ name, value })));
  // The polls did run during the sync, …
  expect(observations.some((o) => o.value === 'syncing')).toBe(true);
  // … and every screen said "syncing" or showed exactly the truth, every time.
  for (const { name, value } of observations)
    if (value !== 'syncing') expect(value, name).toMatch(want[name]);
  // While the practice arrived, the sync control said how much of it had (UI: what is still arriving).
  const counts = arrivingTexts
    .map((text) => /receiving ([\d,]+) of ([\d,]+) records/.exec(text))
    .filter((m) => m !== null)
    .map((m) => [Number(m[1]!.replace(/,/g, '')), Number(m[2]!.replace(/,/g, ''))] as const);
  expect(counts.length, `arriving texts: ${JSON.stringify(arrivingTexts.slice(0, 3))}`).toBeGreaterThan(0);
  for (const [done, total] of counts) expect(done).toBeLessThanOrEqual(total);
  // The sync control speaks of this device's own changes, and nothing is still arriving.
  await expect(page.getByTestId('sync-status')).toContainText('all changes on the server');
  await expect(page.getByTestId('sync-arriving')).toHaveCount(0);
  console.log(
    `first sync of the ${SIZE} practice: ${observations.length} observations, ` +
      `${observations.filter((o) => o.value === 'syncing').length} "syncing"; truth ${JSON.stringify(truth)}`,
  );
  await context.close();
});
