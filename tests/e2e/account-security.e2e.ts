import { base32Decode, hotp, totpStep } from '@aligned/sync-server/src/accounts/totp.ts';
import { expect, expectNoAxeViolations, expectOnline, openApp, test, uniqueName } from './fixtures.ts';

const FIRST_PASSWORD = 'amber lantern over the quarry';
const SECOND_PASSWORD = 'seven herons crossing at dusk';

/** The code an authenticator app shows for `secret`, `steps` time steps from now. */
const codeFor = (secret: string, steps = 0) => hotp(base32Decode(secret)!, totpStep(Date.now()) + steps);

test('a manager changes their own password and turns on two-step sign-in; the next sign-in asks for the code', async ({
  browser,
  appUrl,
}) => {
  // The owner invites a new manager.
  const ownerContext = await browser.newContext();
  const owner = await openApp(ownerContext, `${appUrl}/settings/staff`, 'owner');
  const login = `${uniqueName('mara').toLowerCase()}@example.com`;
  await owner.locator('#staff-name').fill('Mara Manager');
  await owner.locator('#staff-login').fill(login);
  await owner.locator('#staff-role').selectOption('manager');
  await owner.getByRole('button', { name: 'Add', exact: true }).click();
  const link = (await owner.getByTestId('invite-link').textContent())!.trim();

  const office = await browser.newContext();
  const page = await office.newPage();
  await page.goto(link);
  await page.locator('#invite-password').fill(FIRST_PASSWORD);
  await page.locator('#invite-confirm').fill(FIRST_PASSWORD);
  await page.getByRole('button', { name: 'Join the practice' }).click();
  await expectOnline(page);

  // Settings → Your account: a wrong current password is refused, the right one changes it.
  await page.goto(`${appUrl}/settings`);
  await page.getByRole('link', { name: 'Change your password or two-step sign-in' }).click();
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await page.locator('#account-current').fill('not my password at all');
  await page.locator('#account-password').fill(SECOND_PASSWORD);
  await page.locator('#account-confirm').fill(SECOND_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('alert')).toContainText('current password');
  await page.locator('#account-current').fill(FIRST_PASSWORD);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Password changed')).toBeVisible();

  // Two-step sign-in: the key shown, a first code from the app turns it on.
  await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
  const key = (await page.getByLabel('Key').textContent())!.replace(/\s/g, '');
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  await page.locator('#factor-code').fill('000000');
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByRole('alert')).toContainText('code is not right');
  await page.locator('#factor-code').fill(codeFor(key));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByText('To turn it off')).toBeVisible();
  await expectNoAxeViolations(page, appUrl, ['/settings/account']);

  // On another computer: the old password no longer works; the new one asks for a code.
  const laptop = await browser.newContext();
  const other = await laptop.newPage();
  await other.goto(appUrl);
  await other.locator('#signin-login').fill(login);
  await other.locator('#signin-password').fill(FIRST_PASSWORD);
  await other.getByRole('button', { name: 'Sign in' }).click();
  await expect(other.getByRole('alert')).toContainText('do not match');
  await other.locator('#signin-password').fill(SECOND_PASSWORD);
  await other.getByRole('button', { name: 'Sign in' }).click();
  await expect(other.locator('#signin-code')).toBeVisible();
  // The step after the one used to turn it on (a code works once; one step of drift is accepted).
  await other.locator('#signin-code').fill(codeFor(key, 1));
  await other.getByRole('button', { name: 'Sign in' }).click();
  await expectOnline(other);
  await expect(other.locator('header')).toContainText('Mara Manager');

  for (const context of [ownerContext, office, laptop]) await context.close();
});
