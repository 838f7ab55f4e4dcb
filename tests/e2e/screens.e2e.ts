/**
 * Every screen at a phone's, a tablet's and a desktop's width (UI-1, UI-2, UI-3): the page never
 * scrolls sideways, axe finds nothing, the title names the screen and not the person, the address
 * holds ids only, and nothing a person types about a patient is offered for the browser to keep.
 *
 * One relay of its own, seeded once with a small practice that has every kind of record
 * (support/showcase-practice.ts), and one browser page that opens every route in turn and looks at
 * it at each width; the problems are collected across all routes and widths and reported together.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { repoRoot, startRelay, type RunningRelay } from '../support/relay.ts';
import { showcaseDataDir, type ShowcaseIds } from '../support/showcase-practice.ts';

export const WIDTHS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'tablet', width: 820, height: 1180 },
  { name: 'desktop', width: 1280, height: 860 },
] as const;

/** How to open each route of the app with the showcase's records (some in more than one state). */
const ROUTES: Record<string, (ids: ShowcaseIds) => string | string[]> = {
  '/': () => '/',
  '/billing': () => '/billing',
  '/billing/[familyId]': (ids) => `/billing/${ids.treated.familyId}`,
  '/billing/[familyId]/contracts/[contractId]': (ids) =>
    `/billing/${ids.treated.familyId}/contracts/${ids.treated.contractId}`,
  '/billing/[familyId]/receipts/[entryId]': (ids) =>
    `/billing/${ids.treated.familyId}/receipts/${ids.treated.paymentId}`,
  '/communications': () => '/communications',
  '/families/[id]': (ids) => `/families/${ids.minor.familyId}`,
  // Opened choosing the other family, then with it chosen.
  '/families/[id]/merge': (ids) => [
    `/families/${ids.minor.familyId}/merge`,
    `/families/${ids.minor.familyId}/merge?with=${ids.treated.familyId}`,
  ],
  '/insurance': () => '/insurance',
  // Opened with no claims named and no letter recorded: their empty states.
  '/insurance/claim-forms': () => '/insurance/claim-forms',
  '/insurance/letter': (ids) => `/insurance/letter?p=${ids.treated.patientId}`,
  '/invite': () => '/invite',
  '/patients': () => '/patients',
  '/patients/[id]': (ids) => `/patients/${ids.treated.patientId}`,
  '/patients/[id]/cases/[caseId]/documents/[signatureId]': (ids) =>
    `/patients/${ids.treated.patientId}/cases/${ids.treated.caseId}/documents/${ids.treated.signatureId}`,
  '/patients/[id]/cases/[caseId]/present': (ids) =>
    `/patients/${ids.minor.patientId}/cases/${ids.minor.caseId}/present`,
  '/patients/[id]/edit': (ids) => `/patients/${ids.minor.patientId}/edit`,
  // Opened choosing the other record, then with it chosen.
  '/patients/[id]/merge': (ids) => [
    `/patients/${ids.minor.patientId}/merge`,
    `/patients/${ids.minor.patientId}/merge?with=${ids.sibling.patientId}`,
  ],
  '/patients/new': () => '/patients/new',
  '/pipeline': () => '/pipeline',
  '/pipeline/new': () => '/pipeline/new',
  '/pipeline/referrers': () => '/pipeline/referrers',
  '/records': () => '/records',
  '/reports': () => '/reports',
  '/schedule': (ids) => [
    `/schedule?date=${ids.bookDay}`,
    `/schedule?date=${ids.bookDay}&view=provider`,
    `/schedule?date=${ids.bookDay}&view=week`,
    '/schedule',
  ],
  '/schedule/recovery': () => '/schedule/recovery',
  '/schedule/reminders': () => '/schedule/reminders',
  '/settings': () => '/settings',
  '/settings/account': () => '/settings/account',
  '/settings/audit': () => '/settings/audit',
  '/settings/documents': () => '/settings/documents',
  '/settings/schedule': () => '/settings/schedule',
  '/settings/staff': () => '/settings/staff',
  '/setup': () => '/setup',
};

/** The app's routes, as SvelteKit names them, from its source folders. */
function appRoutes(): string[] {
  const root = join(repoRoot, 'web', 'src', 'routes');
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry === '+page.svelte')
        found.push(`/${relative(root, dir).split('\\').join('/')}`.replace(/\/$/, '') || '/');
    }
  };
  walk(root);
  return found.sort();
}

/** Autocomplete values that keep nothing about a patient: off, or the signed-in person's own sign-in. */
const KEEPS_NOTHING = new Set(['off', 'current-password', 'new-password', 'username', 'one-time-code']);

type PageFacts = {
  scrollWidth: number;
  innerWidth: number;
  /** The elements sticking out past the right edge, outermost first (for the report). */
  wide: string[];
  title: string;
  remembered: string[];
};

/** Measured in the page once it has settled. */
function facts(keepsNothing: string[]): PageFacts {
  const describe = (el: Element) =>
    `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList].map((c) => `.${c}`).join('')}`;
  const wide: string[] = [];
  const sticksOut = (el: Element) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > innerWidth + 1;
  };
  // The innermost elements past the right edge that no scrolling region of their own contains:
  // what makes the page wide.
  const overflows = document.documentElement.scrollWidth > innerWidth;
  for (const el of overflows ? document.querySelectorAll('main *, header *, nav *') : []) {
    if (!sticksOut(el) || [...el.children].some(sticksOut)) continue;
    let contained = false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement)
      if (getComputedStyle(up).overflowX !== 'visible') contained = true;
    if (!contained) wide.push(`${describe(el.parentElement ?? el)} > ${describe(el)}`);
    if (wide.length >= 6) break;
  }
  const remembered = [...document.querySelectorAll('input, textarea')]
    .filter((el) => {
      const type = (el as HTMLInputElement).type;
      if (['hidden', 'checkbox', 'radio', 'range', 'submit', 'button', 'file', 'color'].includes(type))
        return false;
      return !keepsNothing.includes((el.getAttribute('autocomplete') ?? '').trim());
    })
    .map((el) => `${describe(el)}[autocomplete=${el.getAttribute('autocomplete') ?? '(none)'}]`);
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth,
    wide,
    title: document.title,
    remembered,
  };
}

/** Waits until the screen has drawn what it opens with: its heading, nothing still loading. */
async function settle(page: Page) {
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-connection', 'online', {
    timeout: 30_000,
  });
  await expect(page.locator('main h1').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('main [aria-busy="true"]').filter({ visible: true })).toHaveCount(0, {
    timeout: 30_000,
  });
  await expect(page.locator('[data-testid="practice-syncing"]')).toHaveCount(0, { timeout: 60_000 });
}

let relay: RunningRelay;
let ids: ShowcaseIds;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const seeded = await showcaseDataDir();
  ids = seeded.ids;
  relay = await startRelay({ dataDir: seeded.dataDir, env: { AUTH_MODE: 'development' } });
});

test.afterAll(async () => {
  await relay?.stop();
  if (relay) rmSync(relay.dataDir, { recursive: true, force: true });
});

test('UI-1: the route table covers every screen of the app', () => {
  expect(Object.keys(ROUTES).sort()).toEqual(appRoutes());
});

/** What one width shows of the screen open in `page`: each problem found, named by route. */
async function checkWidth(page: Page, route: string, width: (typeof WIDTHS)[number]): Promise<string[]> {
  const problems: string[] = [];
  await page.setViewportSize({ width: width.width, height: width.height });
  // Resized: let observers (scroll regions) run and the layout settle before measuring.
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
  const seen = await page.evaluate(facts, [...KEEPS_NOTHING]);
  if (seen.scrollWidth > seen.innerWidth)
    problems.push(
      `${width.name} ${route}: the page scrolls sideways (${seen.scrollWidth} > ${seen.innerWidth}): ${seen.wide.join(', ')}`,
    );
  // Only violations are collected: axe skips gathering the nodes that pass, the slow part.
  const axe = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze();
  for (const v of axe.violations)
    problems.push(
      `${width.name} ${route}: axe ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  return problems;
}

/**
 * Each screen is opened once, at the phone's width, and then looked at as the window widens to a
 * tablet's and a desktop's (as a tablet turned, or a window dragged wider): one app load per
 * screen, not one per screen and width.
 */
test("UI-1, UI-2, UI-3: every screen at a phone's, a tablet's and a desktop's width", async ({ browser }) => {
  test.setTimeout(1_200_000);
  const [first] = WIDTHS;
  const context = await browser.newContext({ viewport: { width: first.width, height: first.height } });
  const page = await context.newPage();
  const problems: string[] = [];
  try {
    await page.goto(relay.url);
    await settle(page);
    for (const [route, url] of Object.entries(ROUTES).flatMap(([r, path]) =>
      [path(ids)].flat().map((u) => [r, u] as const),
    )) {
      const started = Date.now();
      await page.setViewportSize({ width: first.width, height: first.height });
      await page.goto(`${relay.url}${url}`);
      const unsettled = await settle(page).then(
        () => null,
        (error: Error) => error.message.split('\n')[0],
      );
      if (unsettled) {
        problems.push(`${route}: did not settle: ${unsettled}`);
        continue;
      }
      const settled = Date.now();
      const seen = await page.evaluate(facts, [...KEEPS_NOTHING]);
      const named = ids.names.filter(
        (n) => n.length > 2 && (seen.title.includes(n) || page.url().includes(n)),
      );
      if (named.length > 0) problems.push(`${route}: a name in the title or address (${named.join(', ')})`);
      if (!/^[A-Z][^·]* · Aligned$|^Aligned$/.test(seen.title))
        problems.push(`${route}: the title "${seen.title}" does not name a screen`);
      if (seen.remembered.length > 0)
        problems.push(`${route}: inputs the browser may remember: ${seen.remembered.join(', ')}`);
      for (const width of WIDTHS) problems.push(...(await checkWidth(page, route, width)));
      console.log(`${route}: settled in ${settled - started} ms, checked in ${Date.now() - settled} ms`);
    }
  } finally {
    await context.close();
  }
  expect(problems).toEqual([]);
});
