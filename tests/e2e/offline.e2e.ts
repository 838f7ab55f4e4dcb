import {
  editPatientField,
  expect,
  expectAllConfirmed,
  expectOnline,
  openApp,
  registerPatient,
  test,
  uniqueName,
  untilOfflineReady,
} from './fixtures.ts';

test('edits made while one device is offline converge when it reconnects, and sync state is honest', async ({
  browser,
  appUrl,
}) => {
  const desk = await browser.newContext();
  const tablet = await browser.newContext();
  const a = await openApp(desk, appUrl);
  const b = await openApp(tablet, appUrl);
  const last = uniqueName('Okafor');
  const url = await registerPatient(a, appUrl, { first: 'Chidi', last });
  await b.goto(url);
  await expect(b.getByTestId('patient-name')).toBeVisible();
  await untilOfflineReady(b);

  await tablet.setOffline(true);
  await expect(b.getByTestId('sync-status')).not.toHaveAttribute('data-connection', 'online');
  await editPatientField(a, url, '#patient-phone', '512 555 0177');
  await editPatientField(b, url, '#patient-notes', 'Prefers afternoon calls');
  await editPatientField(b, url, '#patient-preferred', 'Chid');
  await expect(b.getByTestId('sync-status')).toHaveAttribute('data-unconfirmed', '2');
  await expect(b.getByTestId('sync-status')).toContainText('2 changes not yet on the server');

  await tablet.setOffline(false);
  await expectOnline(b);
  await expectAllConfirmed(b);
  for (const page of [a, b]) {
    await page.goto(url);
    await expect(page.getByTestId('patient-name')).toHaveText(`${last}, Chidi “Chid”`);
    await expect(page.getByRole('link', { name: '(512) 555-0177' })).toBeVisible();
    await expect(page.getByText('Prefers afternoon calls')).toBeVisible();
  }
  await desk.close();
  await tablet.close();
});

test('a reload with no network opens the app from the service worker and the data from this device', async ({
  browser,
  appUrl,
}) => {
  const context = await browser.newContext();
  const page = await openApp(context, appUrl);
  const last = uniqueName('Lindqvist');
  const url = await registerPatient(page, appUrl, { first: 'Elsa', last, phone: '512 555 0166' });
  await expectAllConfirmed(page);
  await untilOfflineReady(page);

  await context.setOffline(true);
  await page.goto(`${appUrl}/patients`);
  await expect(page.getByTestId('sync-status')).not.toHaveAttribute('data-connection', 'online');
  await page.locator('#patient-search').fill(last);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(url);
  await expect(page.getByTestId('patient-name')).toHaveText(`${last}, Elsa`);

  // An edit made offline waits on the device and is delivered after reconnecting.
  await editPatientField(page, url, '#patient-preferred', 'Els');
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-unconfirmed', '1');
  await page.reload();
  await expect(page.getByTestId('patient-name')).toHaveText(`${last}, Elsa “Els”`);
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-unconfirmed', '1');
  await context.setOffline(false);
  await expectAllConfirmed(page);
  await context.close();
});

test('a brand-new device receives everything from the relay, and keeps it for offline use', async ({
  browser,
  appUrl,
}) => {
  const writer = await browser.newContext();
  const a = await openApp(writer, appUrl);
  const family = uniqueName('Moreau');
  await registerPatient(a, appUrl, {
    first: 'Louis',
    last: family,
    parent: { first: 'Claire', phone: '5125550155' },
  });
  await registerPatient(a, appUrl, { first: 'Emma', last: family });
  await expectAllConfirmed(a);

  const fresh = await browser.newContext();
  const c = await openApp(fresh, `${appUrl}/patients`);
  await c.locator('#patient-search').fill(family);
  await expect(c.getByTestId('patient-row')).toHaveCount(2);
  await c.getByTestId('patient-row').filter({ hasText: 'Louis' }).click();
  await expect(c.getByTestId('responsible-party')).toContainText('Claire');

  await untilOfflineReady(c);
  await fresh.setOffline(true);
  await c.goto(`${appUrl}/patients`);
  await c.locator('#patient-search').fill(family);
  await expect(c.getByTestId('patient-row')).toHaveCount(2);
  await writer.close();
  await fresh.close();
});
