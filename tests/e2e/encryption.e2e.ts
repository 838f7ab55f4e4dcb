/**
 * Encryption at rest on the device (CRYPT rules, docs/security.md): a real Chromium profile on
 * disk, a patient with a distinctive name and phone, then every byte of every file in the
 * profile is searched for them. The app still opens offline after unlocking.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from '@playwright/test';
import { CHROMIUM_LAUNCH } from '../support/chromium.ts';
import {
  E2E_PASSWORD,
  expect,
  expectAllConfirmed,
  expectOnline,
  registerPatient,
  signInAs,
  test,
  untilOfflineReady,
} from './fixtures.ts';

/** Every file under `dir` whose bytes contain any needle (ASCII, UTF-16LE and UTF-16BE). */
function filesContaining(dir: string, needles: string[]): string[] {
  const patterns = needles.flatMap((needle) => [
    Buffer.from(needle, 'latin1'),
    Buffer.from(needle, 'utf16le'),
    Buffer.from(needle, 'utf16le').swap16(),
  ]);
  const hits: string[] = [];
  const walk = (path: string) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return; // a lock file that came and went
    }
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) walk(join(path, entry));
      return;
    }
    if (!stat.isFile()) return;
    const bytes = readFileSync(path);
    const found = patterns.find((p) => bytes.includes(p));
    if (found) hits.push(`${path.slice(dir.length)} (${JSON.stringify(found.toString('latin1'))})`);
  };
  walk(dir);
  return hits;
}

async function launch(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    ...CHROMIUM_LAUNCH,
    headless: true,
    serviceWorkers: 'allow',
    viewport: { width: 1280, height: 860 },
  });
}

test('CRYPT-1, CRYPT-9: the profile’s files hold neither a new patient’s name nor phone, and the app opens offline after unlock', async ({
  appUrl,
}) => {
  test.setTimeout(180_000);
  const profile = mkdtempSync(join(tmpdir(), 'aligned-profile-'));
  try {
    const suffix = Math.random().toString(36).slice(2, 7);
    const last = `Quorvexia${suffix}`;
    const first = 'Zebulonna';
    const digits = String(1000 + Math.floor(Math.random() * 9000));
    const phone = `512 555 ${digits}`;
    const needles = [last, `${first} ${last}`, `555 ${digits}`, `555-${digits}`, `555${digits}`];

    const context = await launch(profile);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(appUrl);
    await signInAs(page, 'tc');
    await expectOnline(page);
    const url = await registerPatient(page, appUrl, { first, last, phone });
    // Work with it the way a coordinator does: search, open, come back.
    await page.goto(`${appUrl}/patients`);
    await page.locator('#patient-search').fill(last);
    await expect(page.getByTestId('patient-row')).toHaveCount(1);
    await page.goto(url);
    await expect(page.getByTestId('patient-name')).toHaveText(`${last}, ${first}`);
    await expectAllConfirmed(page);
    await untilOfflineReady(page);

    // CRYPT-8: locking drops the key: a reload of the locked tab opens nothing until unlocked.
    await page.getByRole('button', { name: 'Lock' }).click();
    await expect(page.getByRole('heading', { name: 'Locked' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Who is working?' })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('patient-name')).toHaveCount(0);
    await page.locator('#unlock-password').fill(E2E_PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByTestId('patient-name')).toHaveText(`${last}, ${first}`);
    // …while an unlocked tab's reload keeps working (the key keeper, memory only).
    await page.reload();
    await expect(page.getByTestId('patient-name')).toHaveText(`${last}, ${first}`);

    // What the page itself can see: the service worker's caches and the tab's storage.
    const practiceId = await page.evaluate(async (words) => {
      const leaks: string[] = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
          const text = await (await cache.match(request))!.text();
          if (words.some((w) => text.includes(w))) leaks.push(`cache ${request.url}`);
        }
      }
      for (const storage of [localStorage, sessionStorage])
        for (let i = 0; i < storage.length; i++) {
          const value = storage.getItem(storage.key(i)!) ?? '';
          if (words.some((w) => value.includes(w))) leaks.push(`storage ${storage.key(i)}`);
        }
      if (leaks.length > 0) throw new Error(`PHI in browser storage: ${leaks.join(', ')}`);
      return (JSON.parse(sessionStorage.getItem('aligned.activeSession')!) as { practiceId: string })
        .practiceId;
    }, needles);
    await context.close();

    expect(filesContaining(profile, needles)).toEqual([]);
    // The search is able to see the replica: the document names are stored as they are, by design.
    expect(filesContaining(profile, [`${practiceId}/patients`]).length).toBeGreaterThan(0);

    // A new browser process, no network: unlock, and the patient is there.
    const again = await launch(profile);
    await again.setOffline(true);
    const reopened = again.pages()[0] ?? (await again.newPage());
    await reopened.goto(appUrl);
    await expect(reopened.getByRole('heading', { name: 'Who is working?' })).toBeVisible({ timeout: 20_000 });
    await signInAs(reopened, 'tc', E2E_PASSWORD);
    await reopened.goto(url);
    await expect(reopened.getByTestId('patient-name')).toHaveText(`${last}, ${first}`);
    await expect(reopened.getByTestId('sync-status')).not.toHaveAttribute('data-connection', 'online');
    await again.close();
    expect(filesContaining(profile, needles)).toEqual([]);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});
