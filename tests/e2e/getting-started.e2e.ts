/**
 * Screens a person can trust from the first hour: the getting-started checklist (START-1..3), a
 * location's details and the letterhead they print on (LOC-2, LOC-3), and the copy buttons beside
 * what is shown only once. The e2e practice is shared by every test: each test changes only what
 * it asserts on and puts back what others read (the checklist shown on Today, North office's
 * empty details).
 */
import type { Locator, Page } from '@playwright/test';
import { E2E_SECOND_LOCATION } from '../support/seed-practice.ts';
import {
  expect,
  expectAllConfirmed,
  expectNoAxeViolations,
  expectOnline,
  openApp,
  test,
  uniqueName,
} from './fixtures.ts';

/** Each step of the checklist, in order (START-1), with its title and the screen it links to. */
const STEPS = [
  ['locations', 'Locations: address and phone', '/settings#locations-title'],
  ['schedule', 'Schedule: opening hours and chairs', '/settings/schedule#hours-title'],
  ['appointment-types', 'Appointment types', '/settings/schedule#types-title'],
  ['staff', 'Staff and who sees patients', '/settings/staff'],
  ['payment-settings', 'Payment settings', '/settings#payments-title'],
  ['document-templates', 'Consent and financial agreement', '/settings/documents'],
  ['insurance-carriers', 'Insurance carriers', '/settings#carriers-title'],
] as const;

async function doneCount(page: Page): Promise<number> {
  const text = await page.getByTestId('getting-started-count').innerText();
  const match = /^(\d+) of 7 done$/.exec(text.trim());
  if (!match) throw new Error(`unexpected count: ${text}`);
  return Number(match[1]);
}

/** What a location shows for one detail (its `dd`), in Settings. */
const fact = (location: Locator, detail: string) => location.locator(`dt:text-is("${detail}") + dd`);

/** Opens Today and waits until it shows the practice (so an absent checklist is really absent). */
async function openToday(page: Page, appUrl: string) {
  await page.goto(appUrl);
  await expectOnline(page);
  await expect(page.getByRole('heading', { name: 'Today', level: 1 })).toBeVisible();
  await expect(page.getByText(/ · Bright Smiles Orthodontics$/)).toBeVisible();
}

test('START-1, START-2, START-3: an owner’s checklist on Today links each step to its screen, ticks the documents step once both templates are saved, is put away and shown again from Settings; the front desk never sees it', async ({
  browser,
  appUrl,
}) => {
  const context = await browser.newContext();
  const page = await openApp(context, appUrl, 'owner');
  await openToday(page, appUrl);
  const checklist = page.getByTestId('getting-started');
  await expect(checklist).toBeVisible();
  await expect(checklist.getByTestId('setup-step')).toHaveCount(STEPS.length);
  for (const [i, [key, title, href]] of STEPS.entries()) {
    const step = checklist.getByTestId('setup-step').nth(i);
    await expect(step).toHaveAttribute('data-step', key);
    await expect(step.getByRole('link', { name: title, exact: true })).toHaveAttribute('href', href);
  }

  // No test saves the consent or financial agreement template before this one: still to do.
  const documents = checklist.locator('[data-step="document-templates"]');
  await expect(documents).toHaveAttribute('data-done', 'false');
  await expect(documents).toContainText(
    'Review the consent and financial agreement families sign, and save your wording.',
  );
  const before = await doneCount(page);

  // The step's link opens the screen where it is done; saving both templates ticks it (START-2).
  await documents.getByRole('link', { name: 'Consent and financial agreement' }).click();
  await expect(page).toHaveURL(`${appUrl}/settings/documents`);
  const section = page.getByTestId('document-template');
  for (const label of ['Informed consent', 'Financial agreement']) {
    await page.getByRole('button', { name: label, exact: true }).click();
    await expect(section.getByRole('heading', { name: label, level: 2 })).toBeVisible();
    await section.getByRole('button', { name: 'Edit' }).click();
    // The practice's own version of the starter wording, unchanged, so agreements read the same.
    await page
      .getByRole('form', { name: `Edit ${label}` })
      .getByRole('button', { name: 'Save as a new version' })
      .click();
    await expect(section.getByTestId('template-version')).toHaveText(/^Version \d+$/);
  }
  await expectAllConfirmed(page);

  await openToday(page, appUrl);
  await expect(documents).toHaveAttribute('data-done', 'true');
  await expect(documents).not.toContainText('Review the consent');
  expect(await doneCount(page)).toBe(before + 1);

  // Put away: gone from Today, and it stays away (recorded on the practice, START-3).
  await checklist.getByRole('button', { name: 'Put away' }).click();
  await expect(page.getByText('Getting started put away; find it again in Settings')).toBeVisible();
  await expect(checklist).toHaveCount(0);
  await expectAllConfirmed(page);
  await openToday(page, appUrl);
  await expect(checklist).toHaveCount(0);

  // Found again in Settings, where the screens it links to pass axe with it shown.
  await expectNoAxeViolations(page, appUrl, ['/settings', '/settings/documents'], async (path) => {
    if (path === '/settings') await expect(checklist).toBeVisible();
  });
  await page.goto(`${appUrl}/settings`);
  await expect(checklist.locator('[data-step="document-templates"]')).toHaveAttribute('data-done', 'true');
  await expect(checklist.getByRole('button', { name: 'Put away' })).toHaveCount(0);
  await checklist.getByRole('button', { name: 'Show on Today again' }).click();
  await expect(page.getByText('Shown on Today again')).toBeVisible();
  await expect(checklist.getByRole('button', { name: 'Show on Today again' })).toHaveCount(0);
  await expectAllConfirmed(page);
  await openToday(page, appUrl);
  await expect(checklist).toBeVisible();
  await expect(documents).toHaveAttribute('data-done', 'true');

  // The front desk does not manage the practice: no checklist on Today, even while it is shown.
  const deskContext = await browser.newContext();
  const desk = await openApp(deskContext, appUrl, 'desk');
  await openToday(desk, appUrl);
  await expect(desk.getByTestId('getting-started')).toHaveCount(0);
  await expect(desk.getByRole('heading', { name: 'Getting started' })).toHaveCount(0);
  await deskContext.close();
  await context.close();
});

test('LOC-2, LOC-3: a location’s address, phone, email, tax id and NPI are edited in Settings; a bad NPI is refused beside its field with nothing saved; the saved details head the family statement', async ({
  browser,
  appUrl,
}) => {
  const context = await browser.newContext();
  const page = await openApp(context, appUrl, 'owner');
  await page.goto(`${appUrl}/settings`);
  await expectOnline(page);
  // North office: no other test reads its details (the claim form reads Main office's blank NPI).
  const north = page.getByTestId('location').filter({
    has: page.getByRole('heading', { name: E2E_SECOND_LOCATION, level: 3 }),
  });
  const form = page.getByRole('form', { name: `Edit ${E2E_SECOND_LOCATION}` });
  await expect(fact(north, 'NPI')).toHaveText('—');

  async function fill(npi: string) {
    await north.getByRole('button', { name: `Edit ${E2E_SECOND_LOCATION}` }).click();
    await form.getByLabel('Street address', { exact: true }).fill('400 North Loop Blvd');
    await form.getByLabel('Apartment, suite (optional)', { exact: true }).fill('Suite 12');
    await form.getByLabel('City', { exact: true }).fill('Austin');
    await form.getByLabel('State', { exact: true }).fill('TX');
    await form.getByLabel('ZIP code', { exact: true }).fill('78751');
    await form.getByLabel('Phone', { exact: true }).fill('512 555 0142');
    await form.getByLabel('Email', { exact: true }).fill('north@brightsmiles.example');
    await form.getByLabel('Tax id (EIN)', { exact: true }).fill('741234567');
    await form.getByLabel('NPI', { exact: true }).fill(npi);
    await form.getByRole('button', { name: 'Save location' }).click();
  }

  // A typo in the NPI (its check digit does not match): said beside the field, nothing saved.
  await fill('1234567890');
  const npi = form.getByLabel('NPI', { exact: true });
  await expect(npi).toHaveAttribute('aria-invalid', 'true');
  const npiError = form.locator(`#${await npi.getAttribute('id')}-error`);
  await expect(npiError).toHaveText('Not a valid NPI: check the digits');
  await expect(form.getByRole('alert')).toHaveCount(1);
  await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(form).toHaveCount(0);
  for (const detail of ['Address', 'Phone', 'Email', 'Tax id', 'NPI'])
    await expect(fact(north, detail)).toHaveText('—');

  // The right NPI: every detail saved and shown as stored.
  await fill('1234 567 893');
  await expect(page.getByText(`${E2E_SECOND_LOCATION} saved`)).toBeVisible();
  await expect(form).toHaveCount(0);
  await expect(fact(north, 'Address')).toHaveText('400 North Loop BlvdSuite 12Austin, TX 78751');
  await expect(fact(north, 'Phone')).toHaveText('(512) 555-0142');
  await expect(fact(north, 'Email')).toHaveText('north@brightsmiles.example');
  await expect(fact(north, 'Tax id')).toHaveText('74-1234567');
  await expect(fact(north, 'NPI')).toHaveText('1234567893');
  await expectAllConfirmed(page);

  // Where they are used: the statement of a family whose patient's home is North office (LOC-3).
  const last = uniqueName('Norte');
  await page.goto(`${appUrl}/patients/new`);
  await page.locator('#patient-first').fill('Nia');
  await page.locator('#patient-last').fill(last);
  await page.locator('#patient-location').selectOption({ label: E2E_SECOND_LOCATION });
  if ((await page.locator('#party-0-first').count()) === 0)
    await page.getByRole('button', { name: '+ Add parent or guardian' }).click();
  await page.locator('#party-0-first').fill('Nadia');
  await page.locator('#party-0-phone').fill('512 555 0177');
  await page.getByRole('button', { name: 'Save patient' }).click();
  await expect(page.getByTestId('patient-name')).toHaveText(`${last}, Nia`);
  await page.getByRole('link', { name: 'Account' }).click();
  await expect(page).toHaveURL(/\/billing\/fam_[^/]+$/);
  await page.emulateMedia({ media: 'print' });
  const letterhead = page.getByTestId('letterhead');
  await expect(letterhead).toBeVisible();
  await expect(letterhead).toContainText('Bright Smiles Orthodontics');
  await expect(letterhead).toContainText(E2E_SECOND_LOCATION);
  await expect(letterhead).toContainText('400 North Loop Blvd');
  await expect(letterhead).toContainText('Austin, TX 78751');
  await expect(letterhead).toContainText('(512) 555-0142 · north@brightsmiles.example');
  await expect(letterhead).toContainText('Tax id 74-1234567 · NPI 1234567893');
  await expect(page.getByTestId('letterhead-missing')).toHaveCount(0);
  await page.emulateMedia({ media: 'screen' });

  // Put North office back as seeded: emptying a field clears it (LOC-2).
  await page.goto(`${appUrl}/settings`);
  await north.getByRole('button', { name: `Edit ${E2E_SECOND_LOCATION}` }).click();
  for (const label of [
    'Street address',
    'Apartment, suite (optional)',
    'City',
    'State',
    'ZIP code',
    'Phone',
    'Email',
    'Tax id (EIN)',
    'NPI',
  ])
    await form.getByLabel(label, { exact: true }).fill('');
  await form.getByRole('button', { name: 'Save location' }).click();
  await expect(form).toHaveCount(0);
  for (const detail of ['Address', 'Phone', 'Email', 'Tax id', 'NPI'])
    await expect(fact(north, detail)).toHaveText('—');
  await expectAllConfirmed(page);
  await context.close();
});

test('the invitation link is copied to the clipboard with one click, and the button says so', async ({
  browser,
  appUrl,
}) => {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await openApp(context, `${appUrl}/settings/staff`, 'owner');
  const login = `${uniqueName('cora').toLowerCase()}@example.com`;
  await page.locator('#staff-name').fill('Cora Copy');
  await page.locator('#staff-login').fill(login);
  await page.locator('#staff-role').selectOption('front-desk');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const link = (await page.getByTestId('invite-link').textContent())!.trim();
  expect(link).toContain('/invite#token=');

  await page.getByRole('button', { name: 'Copy the link' }).click();
  await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^Copied to the clipboard$/ })).toHaveCount(1);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await context.close();
});
