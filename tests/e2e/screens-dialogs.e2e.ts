/**
 * What the route-by-route check (screens.e2e.ts) does not open: the dialogs and forms a screen
 * opens on request, and the setup and sign-in screens, at a phone's, a tablet's and a desktop's
 * width (UI-1, UI-2); and a patient searched for and opened, followed back through the browser's
 * history (UI-3).
 *
 * One relay of its own with the showcase practice (support/showcase-practice.ts) and the
 * development identity (an owner, so every control is on); the setup and sign-in screens get a
 * fresh relay with real sign-in.
 */
import { rmSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startRelay, tempDataDir, type RunningRelay } from '../support/relay.ts';
import { showcaseDataDir, type ShowcaseIds } from '../support/showcase-practice.ts';
import { PHONE, widthProblems } from './widths.ts';

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

/** Opens a screen of the app and waits until it has drawn what it opens with. */
async function open(page: Page, path: string) {
  await page.goto(`${relay.url}${path}`);
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-connection', 'online', {
    timeout: 30_000,
  });
  await expect(page.locator('main h1').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('[data-testid="practice-syncing"]')).toHaveCount(0, { timeout: 60_000 });
}

test("UI-1, UI-2: every dialog and form a screen opens fits a phone's, a tablet's and a desktop's width and axe finds nothing there", async ({
  browser,
}) => {
  test.setTimeout(600_000);
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const problems: string[] = [];
  const look = async (name: string, opened: Locator) => {
    await expect(opened, `${name} did not open`).toBeVisible();
    problems.push(...(await widthProblems(page, name, opened)));
  };
  try {
    // The appointment book: the booking form, the conflicts it raises, the finder, a visit's panel.
    await open(page, `/patients/${ids.treated.patientId}`);
    const last = (await page.getByTestId('patient-name').innerText()).split(',')[0]!.trim();
    await open(page, `/schedule?date=${ids.bookDay}&view=day`);
    await page.getByRole('button', { name: '+ New appointment' }).click();
    const booking = page.getByRole('form', { name: 'New appointment' });
    await look('booking form', booking);
    await booking.getByLabel('Patient').fill(last);
    await booking.getByRole('list', { name: 'Matching patients' }).getByRole('button').first().click();
    await look('booking form with a patient chosen', booking);
    await booking.getByLabel('Appointment type').selectOption({ index: 1 });
    await booking.getByLabel('Chair').selectOption({ index: 1 });
    await booking.getByLabel('Provider').selectOption({ index: 1 });
    await booking.getByLabel('Date').fill(ids.bookDay);
    // Three in the morning: outside the practice's hours, a conflict whatever the day.
    await booking.getByLabel('Time').fill('03:00');
    await booking.getByRole('button', { name: 'Book', exact: true }).click();
    await look('conflict dialog', page.getByTestId('conflict-dialog'));
    await page.getByTestId('conflict-dialog').getByRole('button', { name: 'Cancel' }).click();

    await open(page, `/schedule?date=${ids.bookDay}&view=day`);
    await page.getByRole('button', { name: 'Find next available' }).click();
    const finder = page.getByRole('form', { name: 'Find next available' });
    await look('slot finder', finder);
    await finder.getByRole('button', { name: /^Search the next/ }).click();
    await expect(finder.getByTestId('slots').or(finder.getByRole('alert')).first()).toBeVisible();
    await look('slot finder with its results', finder);

    await open(page, `/schedule?date=${ids.bookDay}&view=day`);
    await page.getByTestId('appointment').first().click();
    await look('appointment panel', page.getByTestId('appointment-panel'));

    // A family account: posting to the ledger, a contract's close confirmation.
    await open(page, `/billing/${ids.treated.familyId}`);
    await page.getByRole('button', { name: '+ Payment' }).click();
    await look('payment form', page.getByRole('form', { name: 'Post to the ledger' }));
    await page
      .getByRole('form', { name: 'Post to the ledger' })
      .getByRole('button', { name: 'Cancel' })
      .click();
    const closer = page.getByRole('button', { name: /^(Completed|Transferred|Cancel contract)$/ }).first();
    await closer.click();
    await look('close contract confirmation', page.locator('dialog[open]'));
    await page.locator('dialog[open]').getByRole('button', { name: 'Cancel' }).click();
    await expect(page.locator('dialog[open]')).toHaveCount(0);

    // A patient's page: removing a responsible party asks first.
    await open(page, `/patients/${ids.minor.patientId}`);
    await page
      .getByRole('button', { name: /^Remove .* responsible parties$/ })
      .first()
      .click();
    await look('remove relationship confirmation', page.locator('dialog[open]'));
    await page.locator('dialog[open]').getByRole('button', { name: 'Cancel' }).click();

    // Removing a treatment option asks first.
    const removeOption = page.getByRole('button', { name: 'Remove', exact: true }).first();
    await removeOption.click();
    await look('remove option confirmation', page.locator('dialog[open]'));
    await page.locator('dialog[open]').getByRole('button', { name: 'Cancel' }).click();

    // The presentation: choosing an option asks first.
    await open(page, `/patients/${ids.minor.patientId}/cases/${ids.minor.caseId}/present`);
    await page.getByRole('button', { name: 'Choose this option' }).first().click();
    await look('choose option confirmation', page.locator('dialog[open]'));
    await page.keyboard.press('Escape');
    await expect(page.locator('dialog[open]')).toHaveCount(0);

    // Merging two records asks first.
    await open(page, `/patients/${ids.minor.patientId}/merge?with=${ids.sibling.patientId}`);
    await page
      .getByRole('button', { name: /^Merge/ })
      .last()
      .click();
    await look('merge confirmation', page.locator('dialog[open]'));
    await page.keyboard.press('Escape');
  } finally {
    await context.close();
  }
  expect(problems).toEqual([]);
});

/** Every run of letters or digits of `text` at least three long, lower-cased: what must not leak. */
function parts(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\d]{3,}/gu) ?? []).filter((p) => !/^\d{1,3}$/.test(p));
}

test('UI-3: a patient searched for and opened leaves no name in the address, the history entries or any title, and their fields opt out of autofill', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ viewport: PHONE });
  try {
    // Who the patient is, read on a tab of its own so its history is not the one followed.
    const lookup = await context.newPage();
    await open(lookup, `/patients/${ids.treated.patientId}`);
    const [last, first] = (await lookup.getByTestId('patient-name').innerText())
      .split(',')
      .map((s) => s.trim());
    await lookup.close();
    expect(last, 'the patient page names the patient').toBeTruthy();
    const secret = parts(`${first} ${last}`);

    const page = await context.newPage();
    const leaks: string[] = [];
    const read = () =>
      page.evaluate(() => ({
        url: decodeURIComponent(location.href).toLowerCase(),
        title: document.title.toLowerCase(),
        state: JSON.stringify(history.state ?? null).toLowerCase(),
      }));
    const check = async (where: string) => {
      // A page loaded from history may still be settling (the app replaces its own entry once it
      // has drawn): read again once it has, rather than fail on a document being replaced.
      let seen: Awaited<ReturnType<typeof read>> | null = null;
      for (let attempt = 0; seen === null; attempt++) {
        try {
          seen = await read();
        } catch (error) {
          if (attempt >= 4 || !/Execution context was destroyed/.test(String(error))) throw error;
          await page.waitForLoadState('load');
        }
      }
      for (const p of secret) {
        if (seen.url.includes(p)) leaks.push(`${where}: "${p}" in the address ${seen.url}`);
        if (seen.title.includes(p)) leaks.push(`${where}: "${p}" in the title "${seen.title}"`);
        if (seen.state.includes(p)) leaks.push(`${where}: "${p}" in history.state ${seen.state}`);
      }
    };

    await open(page, '/');
    const start = page.url();
    // The "/" shortcut opens the patients list's search from anywhere.
    await page.keyboard.press('/');
    const search = page.locator('#patient-search');
    await expect(search).toBeFocused();
    await page.keyboard.type(`${last} ${first}`, { delay: 20 });
    const result = page.locator(`#patient-option-${ids.treated.patientId}`);
    await expect(result).toBeVisible();
    await check('patients list while searching');
    await expect(search).toHaveAttribute('autocomplete', 'off');
    await result.click();
    await expect(page).toHaveURL(new RegExp(`/patients/${ids.treated.patientId}$`));
    await expect(page.getByTestId('patient-name')).toHaveText(`${last}, ${first}`);
    await check('patient page');

    await page.locator('main a[href^="/families/"]').first().click();
    await expect(page).toHaveURL(/\/families\//);
    await expect(page.locator('main h1').first()).toBeVisible();
    await check('family page');

    await open(page, `/billing/${ids.treated.familyId}`);
    await check('billing account');

    // The book with this patient chosen in the booking form (as the patient page opens it).
    await open(page, `/schedule?patient=${ids.treated.patientId}`);
    await expect(page.getByRole('form', { name: 'New appointment' }).getByLabel('Patient')).toHaveValue(
      new RegExp(last!),
    );
    await check('appointment book with the patient chosen');

    // The book with a visit selected: its patient's name is no safer in the chrome.
    await open(page, `/schedule?date=${ids.bookDay}&view=day`);
    const visit = page.getByTestId('appointment').first();
    secret.push(...parts(await visit.locator('.who').innerText()));
    await visit.click();
    await expect(page.getByTestId('appointment-panel')).toBeVisible();
    await expect(page).toHaveURL(/[?&]appointment=/);
    await check('appointment book with a visit selected');

    await open(page, `/patients/${ids.treated.patientId}/edit`);
    await check('patient edit page');
    for (const label of [
      /^First name/,
      /^Last name/,
      /^Date of birth/,
      /^(Mobile )?phone/i,
      /^Email/,
      /^Street address/,
    ]) {
      const fields = page.getByLabel(label);
      await expect(fields.first(), `a field labelled ${label} on the edit page`).toBeVisible();
      for (const field of await fields.all())
        await expect(field, `${label} opts out of autofill`).toHaveAttribute('autocomplete', 'off');
    }

    // Back through every history entry this tab made, to where it started.
    for (let step = 0; step < 20 && page.url() !== start; step++) {
      await page.goBack();
      await expect(page.locator('main h1').first()).toBeVisible();
      await check(`history entry ${step + 1} back`);
    }
    expect(page.url(), 'history led back to where the tab started').toBe(start);
    expect(leaks).toEqual([]);
  } finally {
    await context.close();
  }
});

test('UI-1, UI-2: first-run setup, the recovery code, sign-in, owner recovery, staff confirmations, lock and unlock fit every width and axe finds nothing', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  // A relay with no practice yet and real sign-in.
  const fresh = await startRelay({ dataDir: tempDataDir('screens-setup') });
  const context = await browser.newContext({ viewport: PHONE });
  const problems: string[] = [];
  try {
    const page = await context.newPage();
    await page.goto(fresh.url);
    await expect(page.getByRole('heading', { name: 'Set up your practice' })).toBeVisible({
      timeout: 30_000,
    });
    problems.push(...(await widthProblems(page, 'setup form')));
    await page.getByRole('button', { name: 'Create practice' }).click();
    await expect(page.locator('#setup-practice-error')).toHaveText('Required');
    problems.push(...(await widthProblems(page, 'setup form with its errors')));
    await page.locator('#setup-practice').fill('Lakeside Orthodontics');
    await page.locator('#setup-owner').fill('Lena Park');
    await page.locator('#setup-login').fill('lena@example.com');
    await page.locator('#setup-password').fill('mint tea on the porch at noon');
    await page.locator('#setup-confirm').fill('mint tea on the porch at noon');
    await page.getByRole('button', { name: 'Create practice' }).click();
    await expect(page.getByTestId('recovery-code')).toBeVisible({ timeout: 30_000 });
    problems.push(...(await widthProblems(page, 'recovery code')));
    await page.getByLabel('I have kept it safe').check();
    await page.getByRole('button', { name: 'Continue to the practice' }).click();
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-connection', 'online', {
      timeout: 30_000,
    });

    // Staff settings: a new person's invitation, shown once; resetting a password asks first.
    await page.goto(`${fresh.url}/settings/staff`);
    const who = page.getByRole('heading', { name: 'Who is working?' });
    const staff = page.getByRole('heading', { name: 'Add a person' });
    await expect(who.or(staff)).toBeVisible({ timeout: 30_000 });
    if (await who.isVisible()) {
      await page.locator('#unlock-password').fill('mint tea on the porch at noon');
      await page.getByRole('button', { name: 'Unlock' }).click();
    }
    await expect(staff).toBeVisible();
    await page.locator('#staff-name').fill('Sam Lee');
    await page.locator('#staff-login').fill('sam@example.com');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByText('Shown only now.')).toBeVisible();
    problems.push(...(await widthProblems(page, 'staff with a new invitation shown')));
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Reset password' }).first().click();
    await expect(page.locator('dialog[open]')).toBeVisible();
    problems.push(
      ...(await widthProblems(page, 'reset password confirmation', page.locator('dialog[open]'))),
    );
    await page.locator('dialog[open]').getByRole('button', { name: 'Cancel' }).click();
    await expect(page.locator('dialog[open]')).toHaveCount(0);

    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Locked' })).toBeVisible();
    problems.push(...(await widthProblems(page, 'lock screen', page.locator('.lock-overlay'))));
    await page.getByRole('button', { name: 'Sign in as someone else' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in', exact: true })).toBeVisible();
    problems.push(...(await widthProblems(page, 'sign in as someone else')));
    await page.getByRole('button', { name: 'Owner recovery' }).click();
    await expect(page.locator('#recover-code')).toBeVisible();
    problems.push(...(await widthProblems(page, 'owner recovery')));

    // Another device: sign-in; then a second tab there: "who is working?".
    const other = await browser.newContext({ viewport: PHONE });
    try {
      const device = await other.newPage();
      await device.goto(fresh.url);
      await expect(device.getByRole('heading', { name: 'Sign in', exact: true })).toBeVisible({
        timeout: 30_000,
      });
      problems.push(...(await widthProblems(device, 'sign-in')));
      await device.locator('#signin-login').fill('lena@example.com');
      await device.locator('#signin-password').fill('wrong password entirely');
      await device.getByRole('button', { name: 'Sign in' }).click();
      await expect(device.getByRole('alert')).toBeVisible();
      problems.push(...(await widthProblems(device, 'sign-in with a wrong password')));
      await device.locator('#signin-password').fill('mint tea on the porch at noon');
      await device.getByRole('button', { name: 'Sign in' }).click();
      await expect(device.getByTestId('sync-status')).toBeVisible({ timeout: 30_000 });
      const tab = await other.newPage();
      await tab.goto(fresh.url);
      await expect(tab.getByRole('heading', { name: 'Who is working?' })).toBeVisible({ timeout: 30_000 });
      problems.push(...(await widthProblems(tab, 'who is working')));
    } finally {
      await other.close();
    }
  } finally {
    await context.close();
    await fresh.stop();
    rmSync(fresh.dataDir, { recursive: true, force: true });
  }
  expect(problems).toEqual([]);
});
