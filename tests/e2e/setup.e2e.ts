import { rmSync } from 'node:fs';
import { startRelay, tempDataDir } from '../support/relay.ts';
import { expect, expectOnline, test } from './fixtures.ts';

test('on a relay with no practice the app offers setup, checks it, and opens the practice', async ({
  browser,
}) => {
  const dataDir = tempDataDir('setup');
  const relay = await startRelay({ dataDir });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${relay.url}/patients`);
    await expect(page.getByRole('heading', { name: 'Set up your practice' })).toBeVisible();
    await expectOnline(page);
    await page.getByRole('button', { name: 'Create practice' }).click();
    await expect(page.locator('#practice-name-error')).toHaveText('Required');
    await page.locator('#practice-name').fill('Lakeside Orthodontics');
    await page.getByRole('button', { name: 'Create practice' }).click();
    await expect(page.getByRole('heading', { name: 'Today', exact: true })).toBeVisible();
    await expect(page.locator('header')).toContainText('Lakeside Orthodontics');

    // Setup is closed afterwards: a second device goes straight to the practice.
    const other = await browser.newContext();
    const second = await other.newPage();
    await second.goto(`${relay.url}/setup`);
    await expect(second.getByRole('heading', { name: 'Today', exact: true })).toBeVisible();
    await other.close();
  } finally {
    await context.close();
    await relay.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
