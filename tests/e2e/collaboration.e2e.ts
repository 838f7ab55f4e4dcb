import {
  E2E_USERS,
  editPatientField,
  expect,
  expectAllConfirmed,
  openApp,
  registerPatient,
  test,
  uniqueName,
} from './fixtures.ts';

test('two people editing different fields of the same patient both keep their edits', async ({
  browser,
  appUrl,
}) => {
  const front = await browser.newContext();
  const coordinator = await browser.newContext();
  const a = await openApp(front, appUrl);
  const b = await openApp(coordinator, appUrl);
  const last = uniqueName('Rivera');
  const url = await registerPatient(a, appUrl, { first: 'Lucia', last });
  await b.goto(url);
  await expect(b.getByTestId('patient-name')).toHaveText(`${last}, Lucia`);

  // Both open the edit form before either saves: each form still shows the other's old value.
  await a.goto(`${url}/edit`);
  await b.goto(`${url}/edit`);
  await a.locator('#patient-phone').fill('512 555 0142');
  await b.locator('#patient-email').fill('lucia@example.com');
  await a.getByRole('button', { name: 'Save changes' }).click();
  await expectAllConfirmed(a);
  await b.getByRole('button', { name: 'Save changes' }).click();

  for (const page of [a, b]) {
    await page.goto(url);
    await expect(page.getByRole('link', { name: '(512) 555-0142' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'lucia@example.com' })).toBeVisible();
  }
  await front.close();
  await coordinator.close();
});

test('two people editing the same field end with one value on both devices', async ({ browser, appUrl }) => {
  const one = await browser.newContext();
  const two = await browser.newContext();
  const a = await openApp(one, appUrl);
  const b = await openApp(two, appUrl);
  const last = uniqueName('Kim');
  const url = await registerPatient(a, appUrl, { first: 'Jisoo', last });
  await b.goto(url);
  await expect(b.getByTestId('patient-name')).toBeVisible();
  await Promise.all([
    editPatientField(a, url, '#patient-preferred', 'Jis'),
    editPatientField(b, url, '#patient-preferred', 'Soo'),
  ]);
  await expectAllConfirmed(a);
  await expectAllConfirmed(b);
  await expect
    .poll(async () => {
      const [x, y] = [
        await a.getByTestId('patient-name').textContent(),
        await b.getByTestId('patient-name').textContent(),
      ];
      return x === y && /“(Jis|Soo)”/.test(x ?? '');
    })
    .toBe(true);
  await one.close();
  await two.close();
});

test('each person sees who else is looking at the same patient', async ({ browser, appUrl }) => {
  const one = await browser.newContext();
  const two = await browser.newContext();
  const a = await openApp(one, appUrl, 'tc');
  const b = await openApp(two, appUrl, 'desk');
  const url = await registerPatient(a, appUrl, { first: 'Omar', last: uniqueName('Haddad') });
  await b.goto(url);
  await expect(a.getByTestId('presence')).toContainText(E2E_USERS.desk.name);
  await expect(b.getByTestId('presence')).toContainText(E2E_USERS.tc.name);
  await b.goto(`${appUrl}/patients`);
  await expect(a.getByTestId('presence')).toHaveCount(0);
  await one.close();
  await two.close();
});
