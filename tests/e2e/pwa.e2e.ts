import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, startRelay, tempDataDir } from '../support/relay.ts';
import { expect, expectOnline, signInAs, test, untilOfflineReady } from './fixtures.ts';

test('the web manifest is valid with icons of the declared sizes', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  await expectOnline(page);
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const response = await page.request.get(new URL(href ?? '', appUrl).toString());
  expect(response.headers()['content-type']).toContain('application/manifest+json');
  const manifest = await response.json();
  expect(manifest).toMatchObject({
    name: expect.any(String),
    short_name: 'Aligned',
    start_url: '/',
    display: 'standalone',
  });
  for (const [size, purpose] of [
    ['192x192', 'any'],
    ['512x512', 'any'],
    ['512x512', 'maskable'],
  ]) {
    const icon = manifest.icons.find(
      (i: { sizes: string; purpose: string }) => i.sizes === size && i.purpose === purpose,
    );
    expect(icon, `${size} ${purpose} icon`).toBeTruthy();
    const [w, h] = await page.evaluate(async (src: string) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      return [img.naturalWidth, img.naturalHeight];
    }, icon.src);
    expect(`${w}x${h}`).toBe(size);
  }
});

test('Chromium finds the app installable', async ({ playwright, appUrl }, testInfo) => {
  // Installability is never granted in incognito-like contexts: use a real profile.
  const profile = tempDataDir('profile');
  const context = await playwright.chromium.launchPersistentContext(profile, {
    ...testInfo.project.use.launchOptions,
    headless: true,
  });
  try {
    const page = await context.newPage();
    await page.goto(appUrl);
    await signInAs(page, 'tc');
    await untilOfflineReady(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test('the app asks the browser to keep its data', async ({ page, appUrl }) => {
  await page.goto(`${appUrl}/settings`);
  await expectOnline(page);
  await expect(page.getByText('Protected storage')).toBeVisible();
  // Headless Chromium grants persistence to a site it considers important only sometimes; what
  // matters is that the app asked and shows the answer rather than "Checking…".
  await expect(page.getByText('Checking…')).toHaveCount(0);
});

test('a new deploy shows "update available" and reloading switches to it without losing work', async ({
  browser,
}) => {
  // A relay of its own serving a copy of the build, so the test can "deploy" a new version.
  const site = tempDataDir('site');
  cpSync(join(repoRoot, 'web', 'build'), site, { recursive: true });
  const dataDir = tempDataDir('update');
  const relay = await startRelay({ dataDir, env: { STATIC_DIR: site } });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(relay.url);
    await expect(page.getByRole('heading', { name: 'Set up your practice' })).toBeVisible();
    await untilOfflineReady(page);
    await expect(page.getByText('A new version of Aligned is ready.')).toHaveCount(0);

    const worker = join(site, 'service-worker.js');
    writeFileSync(worker, `${readFileSync(worker, 'utf8')}\n// deploy ${Date.now()}\n`);
    rmSync(`${worker}.gz`, { force: true });
    rmSync(`${worker}.br`, { force: true });
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration?.update();
    });
    await expect(page.getByText('A new version of Aligned is ready.')).toBeVisible();
    const oldController = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
    await page.getByRole('button', { name: 'Reload now' }).click();
    await page.waitForEvent('load');
    await expect(page.getByRole('heading', { name: 'Set up your practice' })).toBeVisible();
    await expect(page.getByText('A new version of Aligned is ready.')).toHaveCount(0);
    expect(oldController).toContain('service-worker.js');
  } finally {
    await context.close();
    await relay.stop();
    rmSync(site, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
});
