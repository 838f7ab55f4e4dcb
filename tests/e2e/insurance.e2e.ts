import type { Page } from '@playwright/test';
import { addMonthsClamped, localDateInZone } from '@aligned/shared';
import { expect, expectAllConfirmed, openApp, test, uniqueName, expectNoAxeViolations } from './fixtures.ts';
import {
  presentOptions,
  addInquiry,
  addOption,
  addVerifiedPolicy,
  moveCase,
  openFromBoard,
  startTreatment,
} from './pipeline-steps.ts';
import { book, weekdayAhead } from './book-steps.ts';

const BOTH_OPTIONS = [
  { name: 'Metal braces', fee: '5800', months: '24' },
  { name: 'Clear aligners', fee: '6400', months: '24' },
];

/** A new inquiry (called in by a parent, so the family has an account) with options recommended; returns the patient page URL. */
async function recommendedCase(
  page: Page,
  appUrl: string,
  first: string,
  last: string,
  options: Parameters<typeof addOption>[1][] = BOTH_OPTIONS,
): Promise<string> {
  await addInquiry(page, appUrl, first, last, { parent: `Pat ${last}` });
  const url = await openFromBoard(page, appUrl, last);
  for (const to of ['Exam booked', 'Treatment recommended']) await moveCase(page, to);
  for (const option of options) await addOption(page, option);
  return url;
}

test('verified benefits show on the presentation with their reasons; an approved pre-auth and a start bring the first claim to the worklist', async ({
  browser,
  appUrl,
}) => {
  const context = await browser.newContext();
  const page = await openApp(context, appUrl, 'tc');
  const last = uniqueName('Garza');
  const url = await recommendedCase(page, appUrl, 'Lucia', last);
  await addVerifiedPolicy(page, 'Lone Star Dental Benefits');

  // The estimate on the presentation: 50% of $6,400 is $3,200, capped by the $1,500 maximum.
  await presentOptions(page);
  const aligners = page.getByTestId('option-card').filter({ hasText: 'Clear aligners' });
  await expect(aligners.getByTestId('patient-portion')).toHaveText('$4,900.00');
  await aligners.getByText('How the insurance estimate is worked out').click();
  await expect(aligners.getByTestId('estimate-reasons')).toContainText('$1,500.00');
  await expect(aligners.getByTestId('estimate-reasons')).toContainText(/maximum/i);

  // A pre-authorization is submitted and approved.
  await page.goto(url);
  const insurance = page.getByTestId('insurance-panel');
  await insurance.getByRole('button', { name: '+ Pre-authorization submitted' }).click();
  await insurance.getByRole('button', { name: 'Record as submitted' }).click();
  await expect(insurance.getByTestId('preauth')).toContainText('Submitted');
  await insurance.getByTestId('preauth').getByRole('button', { name: 'Approved' }).click();
  await insurance.getByLabel('Approved amount ($)').fill('15OO');
  await insurance.getByRole('button', { name: 'Save approval' }).click();
  await expect(insurance.getByRole('alert')).toBeVisible();
  await insurance.getByLabel('Approved amount ($)').fill('1500');
  await insurance.getByRole('button', { name: 'Save approval' }).click();
  await expect(insurance.getByTestId('preauth')).toContainText('approved $1,500.00');

  // The family accepts; treatment starts today; the initial claim is due.
  await presentOptions(page);
  await page.getByRole('button', { name: 'Mark as presented' }).click();
  await aligners.getByRole('button', { name: 'Choose this option' }).click();
  await page.getByRole('button', { name: 'Accept Clear aligners' }).click();
  await expect(page.getByRole('button', { name: 'Sign the informed consent' })).toBeVisible();
  await page.goto(url);
  await startTreatment(page);
  const initial = insurance.getByTestId('claim').first();
  await expect(initial).toHaveAttribute('data-status', 'to-send');
  await expect(initial).toContainText('$375.00');
  await expect(insurance.getByTestId('insurance-expectation')).toContainText('$1,500.00');
  await expectAllConfirmed(page);

  await page.goto(`${appUrl}/insurance`);
  await expect(page.getByTestId('insurance-worklists')).toHaveAttribute('data-ready', '');
  await expect(
    page.getByTestId('claims-to-send').getByTestId('claim-item').filter({ hasText: last }),
  ).toContainText('$375.00');
  await expect(page.getByTestId('insurance-aging')).toContainText('Lone Star Dental Benefits');

  // Sending it takes it off the list; a partial payment puts it on the underpaid list.
  await page.goto(url);
  await insurance.getByTestId('claim').first().getByRole('button', { name: 'Sent' }).click();
  await insurance.getByRole('button', { name: 'Record sent' }).click();
  await expect(insurance.getByTestId('claim').first()).toHaveAttribute('data-status', 'sent');
  // A partial payment leaves the claim underpaid.
  await insurance.getByTestId('claim').first().getByRole('button', { name: 'Payment' }).click();
  await insurance.getByLabel('Amount the insurer paid ($)').fill('300');
  await insurance.getByRole('button', { name: 'Record payment' }).click();
  await expect(insurance.getByTestId('claim').first()).toHaveAttribute('data-status', 'partly-paid');
  await page.goto(`${appUrl}/insurance`);
  await expect(page.getByTestId('insurance-worklists')).toHaveAttribute('data-ready', '');
  await expect(page.getByTestId('verification-worklist')).not.toContainText(last);
  await expect(
    page.getByTestId('claims-to-send').getByTestId('claim-item').filter({ hasText: last }),
  ).toHaveCount(0);
  await expect(
    page.getByTestId('claims-underpaid').getByTestId('claim-item').filter({ hasText: last }),
  ).toContainText('$300.00');
  await context.close();
});

test('VERIFY-101: a policy never verified of a patient with a consult the front desk booked is on the verification worklist, and the insurance screens pass axe', async ({
  browser,
  appUrl,
}) => {
  const context = await browser.newContext();
  const page = await openApp(context, appUrl, 'owner');
  const last = uniqueName('Quinn');
  await addInquiry(page, appUrl, 'Rory', last, { parent: `Pat ${last}` });
  // Only patients worth verifying are listed: this one has a consult within the window, booked by
  // the front desk (the case itself does not move for that: the worklist reads the book).
  const deskContext = await browser.newContext();
  const desk = await openApp(deskContext, appUrl, 'desk');
  await book(desk, appUrl, last, 'New patient exam (Exam / consultation)', weekdayAhead(2), '10:00');
  await expectAllConfirmed(desk);
  await deskContext.close();
  const url = await openFromBoard(page, appUrl, last);
  const panel = page.getByTestId('insurance-panel');
  await panel.getByRole('button', { name: '+ Add policy' }).click();
  const form = panel.getByRole('form', { name: 'New policy' });
  await form.getByRole('button', { name: 'Save policy' }).click();
  await expect(form.getByText('Choose the insurance company')).toBeVisible();
  await form.getByLabel('Or add a company').fill('Prairie Mutual Dental');
  await form.getByRole('button', { name: 'Add', exact: true }).click();
  await form.getByLabel('Member id').fill('PMD-1');
  await form.getByRole('button', { name: 'Save policy' }).click();
  await expect(panel.getByTestId('verification-state')).toHaveText('Never verified');
  await expectAllConfirmed(page);

  await page.goto(`${appUrl}/insurance`);
  await expect(page.getByTestId('insurance-worklists')).toHaveAttribute('data-ready', '');
  const item = page.getByTestId('verify-item').filter({ hasText: last });
  // Its consult is within the soon window, so that is the reason given; never verified beside it.
  await expect(item).toContainText('Visit soon');
  await expect(item).toContainText('Never');

  await expectNoAxeViolations(page, appUrl, ['/insurance', url.replace(appUrl, '')], async (path) => {
    if (path !== '/insurance')
      await page.getByTestId('insurance-panel').getByRole('button', { name: 'Verify benefits' }).click();
  });
  await context.close();
});

/** Today at the practice (its zone is America/Chicago), and `months` calendar months before it. */
function practiceDay(monthsBack = 0): string {
  return addMonthsClamped(localDateInZone(new Date(), 'America/Chicago'), -monthsBack);
}

test('PAYOUT-6: a plan paying per fee slice is verified, explained on the presentation, and its claims follow it; the claim form prints', async ({
  browser,
  appUrl,
}) => {
  const context = await browser.newContext();
  const page = await openApp(context, appUrl, 'tc');
  const last = uniqueName('Okafor');
  const carrier = uniqueName('Slice Mutual ');
  const url = await recommendedCase(page, appUrl, 'Ada', last, [
    { name: 'Metal braces', fee: '5000', months: '20' },
  ]);
  const policy = await addVerifiedPolicy(page, carrier, { maximum: '2,000', perSlice: true });
  await expect(policy.getByTestId('payout-mode')).toContainText('Its share of each fee slice');

  // The presentation explains it: $625 at the start, $93.75 a month, the maximum reached with $62.50.
  await presentOptions(page);
  const braces = page.getByTestId('option-card').filter({ hasText: 'Metal braces' });
  await expect(braces.getByTestId('patient-portion')).toHaveText('$3,000.00');
  await braces.getByText('How the insurance estimate is worked out').click();
  const reasons = braces.getByTestId('estimate-reasons');
  await expect(reasons).toContainText('Paid per fee slice');
  await expect(reasons).toContainText('$625.00 at the start, then $93.75 a month');
  await expect(reasons).toContainText('15th monthly payment ($62.50 instead of $93.75)');

  // Treatment starts today: the schedule is $625, then fourteen $93.75, then $62.50.
  await page.goto(url);
  await moveCase(page, 'Accepted');
  await moveCase(page, 'In treatment');
  const insurance = page.getByTestId('insurance-panel');
  const claims = insurance.getByTestId('claim');
  await expect(claims).toHaveCount(16);
  await expect(claims.first()).toContainText('$625.00');
  await expect(claims.first()).toHaveAttribute('data-status', 'to-send');
  for (const n of [1, 14]) await expect(claims.nth(n)).toContainText('$93.75');
  await expect(claims.nth(15)).toContainText('$62.50');
  await expect(insurance.getByTestId('insurer-schedule-reasons')).toContainText('Paid per fee slice');
  await expectAllConfirmed(page);

  // The worklist prints the initial claim's form with the orthodontic items filled.
  await page.goto(`${appUrl}/insurance`);
  await expect(page.getByTestId('insurance-worklists')).toHaveAttribute('data-ready', '');
  const item = page.getByTestId('claims-to-send').getByTestId('claim-item').filter({ hasText: last });
  await expect(item).toContainText('$625.00');
  await item.getByRole('checkbox').check();
  await page.getByTestId('print-claim-forms').click();
  await page.waitForURL(/\/insurance\/claim-forms/);
  const formsPath = page.url().replace(appUrl, '');
  await expect(page.getByTestId('claim-forms')).toHaveAttribute('data-ready', '');
  const form = page.getByTestId('claim-form');
  await expect(form).toHaveCount(1);
  await expect(form.locator('[data-item="3"]').first()).toContainText(carrier);
  await expect(form.locator('[data-item="40"]')).toContainText('Yes');
  const [y, m, d] = practiceDay().split('-');
  await expect(form.locator('[data-item="41"]')).toContainText(`${m}/${d}/${y}`);
  await expect(form.locator('[data-item="42"]')).toContainText('20');
  await expect(form.locator('[data-item="35"]')).toContainText('20 months in all, 20 remaining');
  await expect(form.getByTestId('claim-line')).toContainText('$1,250.00');
  // The seeded location has no NPI: a labelled blank saying where to record it (LOC-3).
  await expect(form.locator('[data-item="49"]')).toContainText('The location’s NPI is not recorded');
  await expect(form.locator('[data-item="50"]')).toContainText('Not recorded in Aligned');

  await expectNoAxeViolations(page, appUrl, [formsPath, url.replace(appUrl, '')], async (path) => {
    if (path === formsPath) await expect(page.getByTestId('claim-forms')).toHaveAttribute('data-ready', '');
    else {
      await expect(page.getByTestId('claim')).toHaveCount(16);
      await page.getByTestId('claim').first().getByRole('button', { name: 'Payment' }).click();
    }
  });
  await context.close();
});

/** The number of pages in a PDF that Chromium printed (its page objects are not compressed). */
function pdfPages(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)\b/g)?.length ?? 0;
}

test('CLAIM-13: the claims worklist prints a batch: two patients’ claims ticked, one form each in the worklist’s order, each starting its own printed page', async ({
  browser,
  appUrl,
}) => {
  // Two cases walked to treatment before the batch: longer than the default budget on two cores.
  test.slow();
  const context = await browser.newContext();
  const page = await openApp(context, appUrl, 'tc');
  const patients = [
    { first: 'Ines', last: uniqueName('Batista'), carrier: uniqueName('Batch Dental ') },
    { first: 'Omar', last: uniqueName('Bello'), carrier: uniqueName('Batch Mutual ') },
  ];
  for (const p of patients) {
    await recommendedCase(page, appUrl, p.first, p.last, [BOTH_OPTIONS[0]!]);
    await addVerifiedPolicy(page, p.carrier);
    await moveCase(page, 'Accepted');
    await moveCase(page, 'In treatment');
    const initial = page.getByTestId('insurance-panel').getByTestId('claim').first();
    await expect(initial).toHaveAttribute('data-status', 'to-send');
  }
  await expectAllConfirmed(page);

  await page.goto(`${appUrl}/insurance`);
  await expect(page.getByTestId('insurance-worklists')).toHaveAttribute('data-ready', '');
  const items = page.getByTestId('claims-to-send').getByTestId('claim-item');
  for (const p of patients) await expect(items.filter({ hasText: p.last })).toHaveCount(1);
  const rows = await items.allInnerTexts();
  const row = (p: (typeof patients)[number]) => rows.findIndex((text) => text.includes(p.last));
  const listed = [...patients].sort((a, b) => row(a) - row(b));
  // Ticked from the bottom up: the forms still come in the worklist's order.
  for (const p of [...listed].reverse())
    await items.filter({ hasText: p.last }).getByRole('checkbox').check();
  await expect(page.getByTestId('print-claim-forms')).toContainText('Print 2 claim forms');
  await page.getByTestId('print-claim-forms').click();
  await page.waitForURL(/\/insurance\/claim-forms/);
  const formsPath = page.url().replace(appUrl, '');
  await expect(page.getByTestId('claim-forms')).toHaveAttribute('data-ready', '');
  const forms = page.getByTestId('claim-form');
  await expect(forms).toHaveCount(2);
  for (const [i, p] of listed.entries()) {
    const other = listed[1 - i]!;
    await expect(forms.nth(i).locator('header')).toContainText(`${p.last}, ${p.first} · Initial claim`);
    await expect(forms.nth(i).locator('[data-item="3"]').first()).toContainText(p.carrier);
    await expect(forms.nth(i)).not.toContainText(other.last);
    await expect(forms.nth(i)).not.toContainText(other.carrier);
  }
  await expect(page.getByRole('button', { name: 'Print 2 claim forms' })).toBeEnabled();

  // On paper, every form but the last ends its page; on a sheet tall enough for both, still two pages.
  await page.emulateMedia({ media: 'print' });
  expect(await forms.evaluateAll((all) => all.map((f) => getComputedStyle(f).breakAfter))).toEqual([
    'page',
    'auto',
  ]);
  expect(pdfPages(await page.pdf({ width: '8.5in', height: '60in' }))).toBe(2);
  // A real ADA claim form is one sheet: on US Letter each form fits its one page.
  expect(pdfPages(await page.pdf({ format: 'Letter', printBackground: false }))).toBe(2);
  await page.emulateMedia({ media: 'screen' });

  await expectNoAxeViolations(page, appUrl, [formsPath], async () => {
    await expect(page.getByTestId('claim-forms')).toHaveAttribute('data-ready', '');
    await expect(forms).toHaveCount(2);
  });
  await context.close();
});

test('CLAIM-8, CLAIM-9, CLAIM-10: a denied claim is appealed, then written off and an underpaid one moved to the family: insurance A/R and the family’s balance move by the same cents', async ({
  browser,
  appUrl,
}) => {
  // A long walk (a case to treatment, then three claims to their ends): about a minute on a busy
  // two-core machine, longer than the default budget. Nothing in it waits on time.
  test.slow();
  const context = await browser.newContext();
  const page = await openApp(context, appUrl, 'tc');
  const last = uniqueName('Lindqvist');
  const carrier = uniqueName('Closeout Dental ');
  const started = practiceDay(3);
  const url = await recommendedCase(page, appUrl, 'Elin', last, [BOTH_OPTIONS[0]!]);
  await addVerifiedPolicy(page, carrier, { effective: practiceDay(12) });
  await moveCase(page, 'Accepted');
  // Started three months ago: the initial claim ($375) and three $46.87 continuations are due.
  await startTreatment(page, 'The doctor approved starting then', started);
  const insurance = page.getByTestId('insurance-panel');
  const claims = insurance.getByTestId('claim');
  await expect(claims.first()).toContainText('$375.00');
  await expect(claims.nth(3)).toHaveAttribute('data-status', 'to-send');
  await expectAllConfirmed(page);

  const arRow = () => page.getByTestId('insurance-aging').getByRole('row').filter({ hasText: carrier });
  await page.goto(`${appUrl}/insurance`);
  await expect(page.getByTestId('insurance-worklists')).toHaveAttribute('data-ready', '');
  await expect(arRow()).toContainText('$515.61');
  await page.goto(url);
  await page.getByRole('link', { name: 'Account' }).click();
  await page.waitForURL(/\/billing\/fam_/);
  const accountUrl = page.url();
  await expect(page.getByTestId('balance')).toHaveText('$0.00');

  // The insurer pays $300 of the $375 initial claim, dated as on its check.
  await page.goto(url);
  const initial = claims.first();
  await initial.getByRole('button', { name: 'Payment' }).click();
  const payment = insurance.getByRole('form', { name: 'Payment for this claim' });
  await payment.getByLabel('Date (as on the EOB)').fill(started);
  await payment.getByLabel('EOB, check or claim number').fill('CHK 5521');
  await payment.getByLabel('Amount the insurer paid ($)').fill('300');
  await payment.getByRole('button', { name: 'Record payment' }).click();
  await expect(initial).toHaveAttribute('data-status', 'partly-paid');
  await expect(initial).toContainText('ref. CHK 5521');

  // The $75 it will not pay moves to the family as a charge.
  await initial.getByRole('button', { name: 'Move to the family' }).click();
  const move = insurance.getByRole('form', { name: 'Move to the family for this claim' });
  await expect(move.getByLabel('Amount to move ($)')).toHaveValue('75.00');
  await move.getByRole('button', { name: 'Move $75.00' }).click();
  await expect(initial).toHaveAttribute('data-status', 'transferred');
  await expect(initial.getByTestId('claim-settled')).toContainText('$75.00 moved to the family');

  // The first continuation is denied, and written off.
  const first = claims.nth(1);
  await first.getByRole('button', { name: 'Denied' }).click();
  const denial = insurance.getByRole('form', { name: 'Denied for this claim' });
  await denial.getByLabel('Why was it denied?').fill('Frequency limit');
  await denial.getByRole('button', { name: 'Record denied' }).click();
  await expect(first).toHaveAttribute('data-status', 'denied');
  // It is appealed with the starter letter, filled from the claim, kept as sent and printable.
  await first.getByRole('button', { name: 'Appeal' }).click();
  const appeal = insurance.getByRole('form', { name: 'Appeal this claim' });
  await expect(appeal.getByLabel(/The letter/)).toHaveValue(/for this reason: Frequency limit/);
  await appeal.getByRole('button', { name: 'Record the appeal and print the letter' }).click();
  await page.waitForURL(/\/insurance\/letter/);
  const letterPath = page.url().replace(appUrl, '');
  await expect(page.getByTestId('appeal-letter')).toContainText(carrier);
  await expect(page.getByTestId('appeal-letter')).toContainText('$46.87 is still unpaid');
  await page.goto(url);
  await expect(first).toHaveAttribute('data-status', 'appealed');
  // The appeal fails: it is written off.
  await first.getByRole('button', { name: 'Write off' }).click();
  const writeOff = insurance.getByRole('form', { name: 'Write off for this claim' });
  await writeOff.getByRole('button', { name: 'Write off $46.87' }).click();
  await expect(writeOff.getByText('Say why it is written off')).toBeVisible();
  await writeOff.getByLabel('Why is it written off?').fill('The plan will not pay it');
  await writeOff.getByRole('button', { name: 'Write off $46.87' }).click();
  await expect(first).toHaveAttribute('data-status', 'written-off');
  await expectAllConfirmed(page);

  // Insurance A/R: $515.61 − $300 paid − $75 moved − $46.87 written off. The family: + $75.
  await page.goto(`${appUrl}/insurance`);
  await expect(page.getByTestId('insurance-worklists')).toHaveAttribute('data-ready', '');
  await expect(arRow()).toContainText('$93.74');
  await page.goto(accountUrl);
  await expect(page.getByTestId('balance')).toHaveText('$75.00');
  await expect(page.getByTestId('ledger-line').filter({ hasText: 'Not paid by insurance' })).toContainText(
    '$75.00',
  );
  await expectNoAxeViolations(page, appUrl, [letterPath], () =>
    expect(page.getByTestId('appeal-letter')).toBeVisible(),
  );
  await context.close();
});
