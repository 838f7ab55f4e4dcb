/**
 * Merging records across devices (PAT-101…PAT-106, FAM-101): real relay, real IndexedDB, two
 * browser contexts, one offline part of the time.
 */
import type { Page } from '@playwright/test';
import {
  expect,
  expectAllConfirmed,
  expectOnline,
  openApp,
  registerPatient,
  test,
  uniqueName,
  untilOfflineReady,
} from './fixtures.ts';
import { addInquiry, openFromBoard } from './pipeline-steps.ts';
import { book, weekdayAhead } from './book-steps.ts';

/** The family id of the patient page shown (from its Account link). */
async function familyIdOf(page: Page): Promise<string> {
  const href = await page.getByRole('link', { name: 'Account' }).getAttribute('href');
  const id = href?.split('/').pop();
  if (!id?.startsWith('fam_')) throw new Error(`no family on this page (${href})`);
  return id;
}

async function postLateFee(page: Page, appUrl: string, familyId: string, amount: string) {
  await page.goto(`${appUrl}/billing/${familyId}`);
  await page.getByRole('button', { name: 'Late fee' }).click();
  await page.getByLabel('Amount ($)').fill(amount);
  await expect(page.getByLabel('Reason'), 'a charge carries no reason').toHaveCount(0);
  await page.getByRole('button', { name: 'Post late fee' }).click();
  await expect(page.getByTestId('ledger-line').filter({ hasText: 'Late fee' })).toHaveCount(1);
}

async function mergeInto(page: Page, appUrl: string, path: string, survivorId: string, otherId: string) {
  await page.goto(`${appUrl}/${path}/${survivorId}/merge?with=${otherId}`);
  await page.getByRole('button', { name: 'Merge records' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Merge' }).click();
  await page.waitForURL(new RegExp(`/${path}/${survivorId}$`));
}

test('PAT-105, PAT-106, FAM-101: a family is merged while another device, offline, takes a payment on the old one: the payment joins the survivor and A/R counts it once, with nobody opening the survivor', async ({
  browser,
  appUrl,
}) => {
  test.slow(); // two records with charges, a merge, an offline payment, then convergence
  const office = await browser.newContext();
  const counter = await browser.newContext();
  const a = await openApp(office, appUrl, 'owner');
  const b = await openApp(counter, appUrl, 'owner');
  const oldLast = uniqueName('Mercer');
  const newLast = uniqueName('Halloran');
  await registerPatient(a, appUrl, { first: 'Ivy', last: oldLast });
  const oldFamily = await familyIdOf(a);
  await registerPatient(a, appUrl, { first: 'Ivy', last: newLast });
  const newFamily = await familyIdOf(a);
  await postLateFee(a, appUrl, newFamily, '40');
  await postLateFee(a, appUrl, oldFamily, '100');
  await expectAllConfirmed(a);

  // The counter has the old account open, then loses the network.
  await b.goto(`${appUrl}/billing/${oldFamily}`);
  await expect(b.getByTestId('balance')).toHaveText('$100.00');
  await untilOfflineReady(b);
  await counter.setOffline(true);

  // Meanwhile the office merges the old family into the new one: A/R lists one account, $140.
  await mergeInto(a, appUrl, 'families', newFamily, oldFamily);
  await expectAllConfirmed(a);
  await a.goto(`${appUrl}/billing`);
  const survivorRow = a
    .getByRole('listitem')
    .filter({ has: a.getByRole('link', { name: `${newLast} family` }) });
  await expect(survivorRow).toContainText('$140.00');
  await expect(a.getByRole('link', { name: `${oldLast} family` })).toHaveCount(0);

  // Not knowing of the merge, the counter takes $30 on the old account.
  await b.getByRole('button', { name: '+ Payment' }).click();
  await b.getByLabel('Amount ($)').fill('30');
  await b.getByRole('button', { name: 'Post payment' }).click();
  await expect(b.getByTestId('balance')).toHaveText('$70.00');
  // The counter moves on to the patient list: no account page is open anywhere to carry anything.
  await b.locator('nav a[href="/patients"]').first().click();
  await b.waitForURL(/\/patients$/);

  // Back online: the office's A/R takes the payment in, on the survivor, without a reload and
  // without anyone opening the survivor's account (PAT-106).
  await counter.setOffline(false);
  await expectOnline(b);
  await expectAllConfirmed(b);
  await expect(survivorRow).toContainText('$110.00');
  await expect(a.getByRole('link', { name: `${oldLast} family` })).toHaveCount(0);
  await expectAllConfirmed(a);

  // On the counter, the old account's address leads to the survivor, which holds every entry.
  await b.goto(`${appUrl}/billing/${oldFamily}`);
  await b.waitForURL(new RegExp(`/billing/${newFamily}$`));
  await expect(b.getByTestId('balance')).toHaveText('$110.00');
  await expect(b.getByTestId('ledger-line').filter({ hasText: 'Late fee' })).toHaveCount(2);
  await expect(b.getByTestId('ledger-line').filter({ hasText: 'Payment' })).toHaveCount(1);
  await office.close();
  await counter.close();
});

test('PAT-102, PAT-105: after two records of one patient are merged, the board lists the case once, under the survivor, and the visit booked for the old record is on the survivor’s page', async ({
  browser,
  appUrl,
}) => {
  const context = await browser.newContext();
  const page = await openApp(context, appUrl, 'tc');
  const oldLast = uniqueName('Lindgren');
  const newLast = uniqueName('Lindgren-Okoro');
  await addInquiry(page, appUrl, 'Maja', oldLast);
  const oldUrl = await openFromBoard(page, appUrl, oldLast);
  const newUrl = await registerPatient(page, appUrl, { first: 'Maja', last: newLast });
  const idOf = (url: string) => new URL(url).pathname.split('/').pop() ?? '';
  const [oldId, newId] = [idOf(oldUrl), idOf(newUrl)];
  // The old record's consult is booked before anyone notices the duplicate.
  await book(page, appUrl, oldLast, 'New patient exam (Exam / consultation)', weekdayAhead(3), '10:00');

  await mergeInto(page, appUrl, 'patients', newId, oldId);
  const appointments = page.getByTestId('patient-appointments');
  await appointments.locator('summary').click();
  await expect(appointments.getByTestId('upcoming-appointments').getByRole('listitem')).toHaveCount(1);
  await page.goto(`${appUrl}/pipeline`);
  await expect(page.getByTestId('pipeline-card').filter({ hasText: newLast })).toHaveCount(1);
  await expect(page.getByTestId('pipeline-card').filter({ hasText: oldLast })).toHaveCount(0);
  await expectAllConfirmed(page);
  await context.close();
});

test('INTAKE-101, INTAKE-102: a call about someone on file is found by name and date of birth while typing, and "the same patient" opens the inquiry on that record', async ({
  browser,
  appUrl,
}) => {
  const context = await browser.newContext();
  const page = await openApp(context, appUrl, 'tc');
  const last = uniqueName('Haddad');
  const url = await registerPatient(page, appUrl, { first: 'Noor', last, dob: '04/09/2013' });
  await page.goto(`${appUrl}/pipeline/new`);
  await page.getByLabel('First name').fill('Noor');
  await page.getByLabel('Last name').fill(last);
  await page.getByLabel('Date of birth').fill('04/09/2013');
  const match = page.getByTestId('intake-match').filter({ hasText: last });
  await expect(match).toContainText('same name and date of birth');
  await match.getByRole('button', { name: 'This is the same patient (reopen)' }).click();
  await expect(page.getByTestId('intake-target')).toContainText('no new patient');
  await page.getByLabel('Phone').fill('512 555 0142');
  await page.getByRole('button', { name: 'Add inquiry' }).click();
  await expect(page.getByText(`Inquiry added: Noor ${last}`)).toBeVisible();
  // No second record: the case is on the one on file.
  await page.goto(`${appUrl}/patients`);
  await page.locator('#patient-search').fill(last);
  await expect(page.getByTestId('patient-row').filter({ hasText: last })).toHaveCount(1);
  await page.goto(url);
  await expect(page.getByTestId('cases-panel')).toContainText('Inquiry');
  await context.close();
});

test('INTAKE-102: "New anyway" puts the suggestions away and the inquiry makes a new record beside the one on file', async ({
  browser,
  appUrl,
}) => {
  const context = await browser.newContext();
  const page = await openApp(context, appUrl, 'tc');
  const last = uniqueName('Petrov');
  await registerPatient(page, appUrl, { first: 'Anya', last, dob: '02/11/2014' });
  await page.goto(`${appUrl}/pipeline/new`);
  await page.getByLabel('First name').fill('Anya');
  await page.getByLabel('Last name').fill(last);
  // No date of birth given: the record of that name is offered, and this caller says it is not her.
  const matches = page.getByTestId('intake-matches');
  await expect(matches).toBeVisible();
  await matches.getByRole('button', { name: 'New anyway' }).click();
  await expect(matches).toHaveCount(0);
  await page.getByLabel('Phone').fill('512 555 0143');
  await page.getByRole('button', { name: 'Add inquiry' }).click();
  await expect(page.getByText(`Inquiry added: Anya ${last}`)).toBeVisible();
  await page.goto(`${appUrl}/patients`);
  await page.locator('#patient-search').fill(last);
  await expect(page.getByTestId('patient-row').filter({ hasText: last })).toHaveCount(2);
  await context.close();
});
