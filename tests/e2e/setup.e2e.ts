import { rmSync } from 'node:fs';
import { startRelay, tempDataDir } from '../support/relay.ts';
import { expect, expectOnline, test } from './fixtures.ts';

test('on a relay with no practice the app offers setup with an owner account, shows the recovery code once, and opens the practice', async ({
  browser,
}) => {
  const dataDir = tempDataDir('setup');
  const relay = await startRelay({ dataDir });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${relay.url}/patients`);
    await expect(page.getByRole('heading', { name: 'Set up your practice' })).toBeVisible();
    await page.getByRole('button', { name: 'Create practice' }).click();
    await expect(page.locator('#setup-practice-error')).toHaveText('Required');
    await page.locator('#setup-practice').fill('Lakeside Orthodontics');
    await page.locator('#setup-owner').fill('Lena Park');
    await page.locator('#setup-login').fill('lena@example.com');
    await page.locator('#setup-password').fill('password1234');
    await page.locator('#setup-confirm').fill('password1234');
    await page.getByRole('button', { name: 'Create practice' }).click();
    await expect(page.locator('#setup-password-error')).toContainText(/common|guess/i);
    await page.locator('#setup-password').fill('mint tea on the porch at noon');
    await page.locator('#setup-confirm').fill('mint tea on the porch at noon');
    await page.getByRole('button', { name: 'Create practice' }).click();

    // The recovery code is shown once, and the practice opens only after it is kept.
    await expect(page.getByTestId('recovery-code')).toHaveText(/^[A-Z0-9]{5}(-[A-Z0-9]{5}){4}$/);
    await expect(page.getByRole('button', { name: 'Continue to the practice' })).toBeDisabled();
    await page.getByLabel('I have kept it safe').check();
    await page.getByRole('button', { name: 'Continue to the practice' }).click();
    await expect(page.getByRole('heading', { name: /^Patients/ })).toBeVisible();
    await expectOnline(page);
    await expect(page.locator('header')).toContainText('Lakeside Orthodontics');
    await expect(page.locator('header')).toContainText('Lena Park');

    // Setup is closed afterwards: another device is asked to sign in.
    const other = await browser.newContext();
    const second = await other.newPage();
    await second.goto(`${relay.url}/setup`);
    await expect(second.getByRole('heading', { name: 'Sign in', exact: true })).toBeVisible();
    await other.close();
  } finally {
    await context.close();
    await relay.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
