/**
 * One patient's journey across the front desk and the coordinator, on a real relay, two devices,
 * one of them offline part of the time: the call, the consult on the book and on Today, the exam,
 * the presentation and signatures, the bonding with its readiness, the start, the visit series at
 * the case's interval, a payment at the counter with its receipt, the debond and retention; and a
 * sibling's call that lands in the same family.
 */
import type { Page } from '@playwright/test';
import {
  expect,
  expectAllConfirmed,
  expectOnline,
  openApp,
  test,
  uniqueName,
  untilOfflineReady,
} from './fixtures.ts';
import { addOption, presentAcceptAndSign } from './pipeline-steps.ts';
import { book, chicagoDay, weekdayAhead } from './book-steps.ts';

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const usDate = (day: string) => `${day.slice(5, 7)}/${day.slice(8, 10)}/${day.slice(0, 4)}`;

/** Opens a patient's appointment on the book and moves its status through the given steps. */
async function setStatus(page: Page, panel: ReturnType<Page['getByTestId']>, ...steps: string[]) {
  for (const step of steps) {
    await panel.getByRole('button', { name: step, exact: true }).click();
    await expect(panel.getByTestId('appointment-status')).toHaveText(step);
  }
}

test('one journey: the call, the consult on the book and Today, exam, signatures, a ready bonding, the start, the visit series, a payment at the counter, debond and retention; a sibling joins the family', async ({
  browser,
  appUrl,
}) => {
  test.setTimeout(600_000);
  const deskContext = await browser.newContext();
  const clinicContext = await browser.newContext({ viewport: { width: 1180, height: 900 } });
  const desk = await openApp(deskContext, appUrl, 'desk');
  const clinic = await openApp(clinicContext, appUrl, 'tc');
  const last = uniqueName('Journey');
  const parent = `Lena ${last}`;

  // 1. The front desk takes the call: a new inquiry for Mia, her mother calling.
  await desk.goto(`${appUrl}/pipeline/new`);
  await desk.getByLabel('First name').fill('Mia');
  await desk.getByLabel('Last name').fill(last);
  await desk.getByLabel('Phone').fill('512 555 0177');
  await desk.getByLabel('Parent or guardian calling for them').fill(parent);
  await desk.getByLabel('Concern').fill('Crowding');
  await desk.getByRole('button', { name: 'Add inquiry' }).click();
  await expect(desk.getByText(`Inquiry added: Mia ${last}`)).toBeVisible();

  // 2. …and books the consult for today: it joins the inquiry (BOOK-101).
  const today = chicagoDay();
  const consult = await book(desk, appUrl, last, 'New patient exam (Exam / consultation)', today, '10:00');
  await expect(consult.getByTestId('appointment-status')).toHaveText('Scheduled');
  await expectAllConfirmed(desk);

  // 3. It is on the coordinator's Today, read from the book.
  await clinic.goto(appUrl);
  const consults = clinic.getByTestId('today-consults');
  await expect(consults).toHaveAttribute('data-ready', '');
  await expect(consults.getByTestId('today-consult').filter({ hasText: last })).toBeVisible();
  // The board reads the book too (BOOK-103): the front desk could not move the case, yet Mia's
  // card is at exam booked with the consult's time, and she is no longer an inquiry to call back.
  await expect(clinic.getByTestId('today-inquiries')).not.toContainText(last);
  await clinic.goto(`${appUrl}/pipeline`);
  const examColumn = clinic
    .locator('section.column')
    .filter({ has: clinic.getByRole('heading', { name: /^Exam booked/ }) });
  const card = examColumn.getByTestId('pipeline-card').filter({ hasText: last });
  await expect(card).toBeVisible();
  await expect(card.getByTestId('consult-booked')).toContainText('10:00 AM');
  await expect(clinic.getByTestId('pipeline-kept-exams')).toBeVisible();
  await clinic.goto(appUrl);

  // 4. The front desk checks Mia in.
  await setStatus(desk, consult, 'Arrived');
  await expectAllConfirmed(desk);

  // 5. The exam's outcome, on the coordinator's device: the case is at exam booked as the book says.
  await consults
    .getByTestId('today-consult')
    .filter({ hasText: last })
    .getByRole('link', { name: `${last}, Mia` })
    .click();
  await clinic.waitForURL(/\/patients\/pat_/);
  const patientUrl = clinic.url();
  const cases = clinic.getByTestId('cases-panel');
  const theCase = cases.getByTestId('case').first();
  await expect(theCase.locator('h3')).toContainText('Exam booked');
  // The desk's check-in shows here as the exam held, with its outcome the next step (BOOK-106).
  await theCase.getByTestId('exam-held').getByRole('link', { name: 'Record the outcome' }).click();
  await theCase
    .getByRole('form', { name: 'Move to Treatment recommended' })
    .getByRole('button', { name: 'Move to Treatment recommended' })
    .click();
  await expect(theCase.locator('h3')).toContainText('Treatment recommended');
  await expect(theCase.getByTestId('case-visit').first()).toContainText('arrived');

  // 6. Options, presentation, signatures.
  await addOption(clinic, { name: 'Metal braces', fee: '5000', months: '24' });
  await presentAcceptAndSign(clinic, 'Metal braces', parent);

  // 7. The contract made by the signed agreement; records taken; the bonding booked and all green.
  await clinic.goto(patientUrl);
  await clinic.getByRole('link', { name: 'Account' }).click();
  await clinic.waitForURL(/\/billing\/fam_/);
  const accountUrl = clinic.url();
  // Signing the agreement made the contract from its terms, signed by it (CONTRACT-101).
  await expect(clinic.getByTestId('contract')).toContainText('Signed');
  await expect(clinic.getByRole('button', { name: /Propose a contract/ })).toHaveCount(0);
  // The family pays the down payment the agreement states, so the start is ready (READY-1).
  const dueAtStart = (await clinic.getByTestId('contract-due-at-start').textContent())!.trim();
  await clinic.getByRole('button', { name: '+ Payment' }).click();
  await clinic.getByLabel('Amount ($)').fill(dueAtStart.replace(/[$,]/g, ''));
  await clinic.getByLabel('Method').selectOption('check');
  await clinic.getByLabel('Check number').fill('1042');
  await clinic.getByRole('button', { name: 'Post payment' }).click();
  await expect(clinic.getByTestId('ledger-line').filter({ hasText: dueAtStart }).first()).toBeVisible();

  // Records first thing on the bonding day (the book on screen holds both).
  const bondingDay = weekdayAhead(3);
  const records = await book(clinic, appUrl, last, 'Records (Records)', bondingDay, '08:00');
  await setStatus(clinic, records, 'Arrived', 'Completed');
  const bonding = await book(
    clinic,
    appUrl,
    last,
    'Bonding (braces on) (Bonding / start)',
    bondingDay,
    '09:00',
  );
  const checks = bonding.getByTestId('readiness').locator('li');
  await expect(checks.first()).toBeVisible();
  await expect(bonding.getByTestId('readiness')).toContainText('Informed consent signed');
  for (const check of await checks.all()) await expect(check).toHaveAttribute('data-ready', 'true');
  await expect(bonding).toContainText('Everything checked is in place.');

  // 8. The bonding is done: starting treatment is offered; the patient is in treatment.
  await setStatus(clinic, bonding, 'Arrived', 'Completed');
  await clinic.getByRole('button', { name: 'Start treatment…' }).click();
  await clinic.waitForURL(/next=start/);
  const startForm = clinic.getByTestId('case').first().getByRole('form', { name: 'Move to In treatment' });
  await startForm.getByRole('button', { name: 'Move to In treatment' }).click();
  await expect(clinic.getByTestId('case').first().locator('h3')).toContainText('In treatment');
  await expect(clinic.locator('.head').getByText('In treatment')).toBeVisible();

  // 9. Adjustments planned at the case's interval: six weeks after the bonding for braces, and
  // eight once the coordinator sets this case's own interval (CADENCE-101).
  await clinic.getByTestId('patient-appointments').locator('summary').click();
  const suggestions = clinic.getByTestId('visit-suggestions').locator('li').first();
  await expect(suggestions).toContainText(`Adjustment 1 · around ${usDate(addDays(bondingDay, 42))}`);
  await clinic.getByTestId('case').first().getByLabel('Adjustments every').selectOption('8');
  await expect(suggestions).toContainText(`Adjustment 1 · around ${usDate(addDays(bondingDay, 56))}`);

  // 10. The family pays at the front desk, which is offline for a while; the receipt prints.
  await untilOfflineReady(desk);
  await deskContext.setOffline(true);
  await desk.goto(accountUrl);
  await desk.getByRole('button', { name: '+ Payment' }).click();
  await expect(desk.getByRole('button', { name: 'Adjustment' })).toHaveCount(0);
  await desk.getByLabel('Amount ($)').fill('250');
  await desk.getByLabel('Method').selectOption('cash');
  await desk.getByRole('button', { name: 'Post payment' }).click();
  await desk.getByRole('button', { name: 'Print receipt' }).click();
  await desk.waitForURL(/\/receipts\/lge_/);
  await expect(desk.getByTestId('receipt-amount')).toHaveText('$250.00');
  await expect(desk.getByTestId('receipt-method')).toHaveText('Cash');

  // 11. While offline, the mother calls again, for Leo: the desk finds her family (INTAKE-101).
  await desk.goto(`${appUrl}/pipeline/new`);
  await desk.getByLabel('First name').fill('Leo');
  await desk.getByLabel('Last name').fill(last);
  await desk.getByLabel('Phone').fill('(512) 555-0177');
  await desk.getByLabel('Parent or guardian calling for them').fill(parent);
  const match = desk.getByTestId('intake-match').filter({ hasText: `${last} family` });
  await expect(match).toContainText('same phone');
  await match.getByRole('button', { name: 'Add as sibling to this family' }).click();
  await expect(desk.getByTestId('intake-target')).toContainText('joins');
  await desk.getByRole('button', { name: 'Add inquiry' }).click();
  await expect(desk.getByText(`Inquiry added: Leo ${last}`)).toBeVisible();
  await deskContext.setOffline(false);
  await expectOnline(desk);
  await expectAllConfirmed(desk);

  // 12. Debond, then retention.
  const debondDay = weekdayAhead(5);
  // Leo shares the last name now: the debond is Mia's.
  const debond = await book(clinic, appUrl, last, 'Debond (braces off) (Debond)', debondDay, '10:00', 'Mia');
  await setStatus(clinic, debond, 'Arrived', 'Completed');
  await clinic.getByRole('button', { name: 'Move to retention…' }).click();
  await clinic.waitForURL(/next=retention/);
  await clinic
    .getByTestId('case')
    .first()
    .getByRole('form', { name: 'Move to Retention' })
    .getByRole('button', { name: 'Move to Retention' })
    .click();
  await expect(clinic.getByTestId('case').first().locator('h3')).toContainText('Retention');
  await expect(clinic.locator('.head').getByText('Retention')).toBeVisible();

  // The coordinator sees what the desk did offline: the payment, and Leo beside Mia in one family.
  await clinic.goto(accountUrl);
  await expect(clinic.getByTestId('ledger')).toContainText('Cash');
  await clinic.goto(patientUrl);
  await expect(clinic.getByRole('heading', { name: 'Siblings' })).toBeVisible();
  await expect(clinic.getByRole('link', { name: `${last}, Leo` })).toBeVisible();
  await deskContext.close();
  await clinicContext.close();
});
