import AxeBuilder from '@axe-core/playwright';
/**
 * Shared end-to-end fixtures and page helpers. Every test gets fresh browser contexts (fresh
 * IndexedDB and service worker) against the run's real relay.
 */
import { expect, test as base, type BrowserContext, type Page } from '@playwright/test';
import { E2E_PASSWORD, E2E_USERS, type E2EUser } from '../support/seed-practice.ts';

export { E2E_PASSWORD, E2E_USERS, type E2EUser };

export const test = base.extend<{ appUrl: string }>({
  // eslint-disable-next-line no-empty-pattern
  appUrl: async ({}, use) => {
    const url = process.env.ALIGNED_URL;
    if (!url) throw new Error('ALIGNED_URL is not set: the global setup did not start the relay');
    await use(url);
  },
  // Every test's own page starts signed in as the treatment coordinator.
  page: async ({ page, appUrl }, use) => {
    await page.goto(appUrl);
    await signInAs(page, 'tc');
    await use(page);
  },
});

/**
 * Gets past whichever screen the app shows: sign-in on a fresh device, the "who is working?"
 * unlock on a device someone already used (a new tab), or nothing when the tab is signed in.
 */
export async function signInAs(page: Page, user: E2EUser, password = E2E_PASSWORD) {
  const signIn = page.getByRole('heading', { name: 'Sign in', exact: true });
  const who = page.getByRole('heading', { name: 'Who is working?' });
  const ready = page.getByTestId('sync-status');
  await expect(signIn.or(who).or(ready)).toBeVisible({ timeout: 20_000 });
  if (await signIn.isVisible()) {
    await page.locator('#signin-login').fill(E2E_USERS[user].login);
    await page.locator('#signin-password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  } else if (await who.isVisible()) {
    const person = page.getByRole('button', { name: new RegExp(E2E_USERS[user].name) });
    if (await person.isVisible()) await person.click();
    await page.locator('#unlock-password').fill(password);
    await page.getByRole('button', { name: 'Unlock' }).click();
  }
  await expect(ready).toBeVisible({ timeout: 20_000 });
}

export { expect };

/** A unique, obviously synthetic last name so tests sharing the relay never collide. */
export function uniqueName(prefix = 'Testa'): string {
  return `${prefix}${Math.random().toString(36).slice(2, 8)}`;
}

/** Opens a page of the app, signs in, and waits until it is connected to the relay. */
export async function openApp(context: BrowserContext, url: string, user: E2EUser = 'tc'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await signInAs(page, user);
  await expectOnline(page);
  return page;
}

export async function expectOnline(page: Page) {
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-connection', 'online');
}

export async function expectAllConfirmed(page: Page) {
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-unconfirmed', '0');
}

export type NewPatient = {
  first: string;
  last: string;
  dob?: string;
  phone?: string;
  email?: string;
  parent?: { first: string; phone: string };
};

/** Registers a patient through the New patient form; returns the patient page URL. */
export async function registerPatient(page: Page, appUrl: string, patient: NewPatient): Promise<string> {
  await page.goto(`${appUrl}/patients/new`);
  await page.locator('#patient-first').fill(patient.first);
  await page.locator('#patient-last').fill(patient.last);
  if (patient.dob) await page.locator('#patient-dob').fill(patient.dob);
  if (patient.phone) await page.locator('#patient-phone').fill(patient.phone);
  if (patient.email) await page.locator('#patient-email').fill(patient.email);
  if (patient.parent) {
    if ((await page.locator('#party-0-first').count()) === 0)
      await page.getByRole('button', { name: '+ Add parent or guardian' }).click();
    await page.locator('#party-0-first').fill(patient.parent.first);
    await page.locator('#party-0-phone').fill(patient.parent.phone);
  } else if ((await page.locator('#party-0-first').count()) > 0) {
    await page.getByRole('button', { name: 'Remove' }).first().click();
  }
  await page.getByRole('button', { name: 'Save patient' }).click();
  await expect(page.getByTestId('patient-name')).toHaveText(`${patient.last}, ${patient.first}`);
  return page.url();
}

/** Saves one field of a patient through the edit form. */
export async function editPatientField(page: Page, patientUrl: string, field: string, value: string) {
  await page.goto(`${patientUrl}/edit`);
  await page.locator(field).fill(value);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('patient-name')).toBeVisible();
}

/** Waits until the service worker has precached the app and controls the page (offline-ready). */
export async function untilOfflineReady(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

/**
 * Opens each path of the app and expects axe to find no accessibility violation there;
 * `prepare` can first open what the page hides until asked (a form, a panel).
 */
export async function expectNoAxeViolations(
  page: Page,
  appUrl: string,
  paths: readonly string[],
  prepare?: (path: string) => Promise<void>,
) {
  for (const path of paths) {
    await page.goto(`${appUrl}${path}`);
    await expectOnline(page);
    await prepare?.(path);
    const results = await new AxeBuilder({ page }).analyze();
    expect(
      results.violations.map((v) => `${path}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);
  }
}
