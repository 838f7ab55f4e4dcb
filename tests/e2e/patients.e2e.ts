import {
  expect,
  expectAllConfirmed,
  expectOnline,
  openApp,
  registerPatient,
  test,
  uniqueName,
  expectNoAxeViolations,
} from './fixtures.ts';

test('a coordinator is told what is wrong beside each field and nothing is saved', async ({
  page,
  appUrl,
}) => {
  await page.goto(`${appUrl}/patients/new`);
  await expectOnline(page);
  await page.locator('#patient-phone').fill('555-01');
  await page.locator('#patient-dob').fill('2/30/2012');
  await page.getByRole('button', { name: 'Save patient' }).click();
  await expect(page.getByRole('alert').first()).toContainText('Please check');
  await expect(page.locator('#patient-first-error')).toHaveText('Required');
  await expect(page.locator('#patient-last-error')).toHaveText('Required');
  await expect(page.locator('#patient-phone-error')).toHaveText('Too few digits for a phone number');
  await expect(page.locator('#patient-dob-error')).toHaveText('Use MM/DD/YYYY or YYYY-MM-DD');
  await expect(page.locator('#patient-phone')).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/\/patients\/new$/);
});

test('a patient registered with a guarantor parent is found by phone, birthday and name', async ({
  page,
  appUrl,
}) => {
  const last = uniqueName('Garcia');
  const phoneTail = String(Math.floor(100 + Math.random() * 99)).padStart(2, '0');
  await page.goto(appUrl);
  await expectOnline(page);
  const url = await registerPatient(page, appUrl, {
    first: 'Sofia',
    last,
    dob: '03/04/2012',
    phone: `(512) 555-01${phoneTail.slice(-2)}`,
    parent: { first: 'Maria', phone: '512 555 0100' },
  });
  await expect(page.getByTestId('responsible-party')).toContainText('Maria');
  await expect(page.getByTestId('responsible-party')).toContainText('Guarantor');
  await expect(page.getByRole('link', { name: `${last} family` })).toBeVisible();
  await expectAllConfirmed(page);

  await page.goto(`${appUrl}/patients`);
  const search = page.locator('#patient-search');
  for (const query of [last.toLowerCase(), `sofia ${last.slice(0, 8)}`, '3/4/2012']) {
    await search.fill(query);
    await expect(page.getByTestId('patient-row').filter({ hasText: last })).toHaveCount(1);
  }
  await search.fill(`${last} 555-01${phoneTail.slice(-2)}`);
  await search.press('Enter');
  await expect(page).toHaveURL(url);
});

test('/ focuses search from anywhere and Enter opens the highlighted patient', async ({ page, appUrl }) => {
  const last = uniqueName('Nguyen');
  await page.goto(appUrl);
  await expectOnline(page);
  const url = await registerPatient(page, appUrl, { first: 'Minh', last, dob: '07/19/2014' });
  await page.goto(`${appUrl}/`);
  await page.locator('body').press('/');
  await expect(page.locator('#patient-search')).toBeFocused();
  await page.keyboard.type(last);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(url);
});

test('an edit can be undone and redone', async ({ page, appUrl }) => {
  const last = uniqueName('Patel');
  await page.goto(appUrl);
  await expectOnline(page);
  const url = await registerPatient(page, appUrl, { first: 'Anika', last });
  await page.goto(`${url}/edit`);
  await page.locator('#patient-preferred').fill('Ani');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('patient-name')).toHaveText(`${last}, Anika “Ani”`);
  await page.getByRole('button', { name: 'Undo your last change' }).click();
  await expect(page.getByTestId('patient-name')).toHaveText(`${last}, Anika`);
  await page.keyboard.press('Control+Shift+Z');
  await expect(page.getByTestId('patient-name')).toHaveText(`${last}, Anika “Ani”`);
});

test('the main screens have no accessibility violations', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  await expectOnline(page);
  const url = await registerPatient(page, appUrl, {
    first: 'Ava',
    last: uniqueName('Smith'),
    parent: { first: 'Jo', phone: '5125550111' },
  });
  await expectNoAxeViolations(page, appUrl, [
    '/',
    '/patients',
    '/patients/new',
    url.replace(appUrl, ''),
    `${url.replace(appUrl, '')}/edit`,
    '/pipeline',
    '/settings',
  ]);
});

test('works on a tablet in portrait', async ({ browser, appUrl }) => {
  const context = await browser.newContext({
    viewport: { width: 768, height: 1024 },
    hasTouch: true,
    isMobile: true,
  });
  const page = await openApp(context, `${appUrl}/patients`);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(768);
  await context.close();
});
