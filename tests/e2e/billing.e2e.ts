import type { Page } from '@playwright/test';
import {
  expect,
  expectAllConfirmed,
  expectOnline,
  openApp,
  test,
  uniqueName,
  untilOfflineReady,
  expectNoAxeViolations,
} from './fixtures.ts';
import {
  presentOptions,
  addInquiry,
  addOption,
  addVerifiedPolicy,
  drawSignature,
  moveCase,
  openFromBoard,
} from './pipeline-steps.ts';

/** A new inquiry called in by a parent, walked to an accepted option; returns the patient page URL. */
async function acceptedCase(page: Page, appUrl: string, first: string, last: string): Promise<string> {
  await addInquiry(page, appUrl, first, last, { parent: `Dana ${last}` });
  const url = await openFromBoard(page, appUrl, last);
  for (const to of ['Exam booked', 'Treatment recommended']) await moveCase(page, to);
  await addOption(page, {
    name: 'Metal braces',
    fee: '6,000',
    months: '24',
    insurance: '1,000',
    down: '1,000',
  });
  await moveCase(page, 'Accepted');
  return url;
}

test('a contract is proposed, signed and locked; payments posted on two offline devices both count; an amendment re-plans the rest', async ({
  browser,
  appUrl,
}) => {
  const desk = await browser.newContext();
  const billing = await browser.newContext();
  const a = await openApp(desk, appUrl, 'tc');
  const b = await openApp(billing, appUrl, 'owner');
  const last = uniqueName('Nakamura');
  await acceptedCase(a, appUrl, 'Ken', last);
  await a.getByRole('link', { name: 'Account' }).click();
  await a.waitForURL(/\/billing\/fam_/);
  const accountUrl = a.url();

  // Propose a 12-month contract from the accepted option, sign it on paper, lock it at the start.
  await a.getByLabel('Months').first().fill('12');
  await a.getByRole('button', { name: /Propose a contract for Metal braces/ }).click();
  const contract = a.getByTestId('contract');
  await expect(contract).toContainText('Proposed');
  await expect(contract).toContainText('$5,000.00'); // the family's portion: $6,000 − $1,000 insurance
  await contract.getByRole('button', { name: 'Signed on paper…' }).click();
  await a.getByRole('button', { name: 'Record paper signature' }).click();
  await contract.getByRole('button', { name: 'Treatment started: lock' }).click();
  await expect(contract).toContainText('Active (locked)');
  // The down payment is due today.
  await expect(a.getByTestId('balance')).toHaveText('$1,000.00');
  await expectAllConfirmed(a);

  // Both devices open the account, then lose the network, and each posts a payment.
  await b.goto(accountUrl);
  await expect(b.getByTestId('balance')).toHaveText('$1,000.00');
  for (const page of [a, b]) await untilOfflineReady(page);
  await desk.setOffline(true);
  await billing.setOffline(true);
  for (const [page, amount, last4] of [
    [a, '600', '4242'],
    [b, '400', '1881'],
  ] as const) {
    await page.getByRole('button', { name: '+ Payment' }).click();
    await page.getByLabel('Amount ($)').fill(amount);
    await page.getByLabel('Last four digits').fill(last4);
    await page.getByRole('button', { name: 'Post payment' }).click();
  }
  await expect(a.getByTestId('balance')).toHaveText('$400.00');
  await expect(b.getByTestId('balance')).toHaveText('$600.00');

  await desk.setOffline(false);
  await billing.setOffline(false);
  for (const page of [a, b]) {
    await expectOnline(page);
    await expectAllConfirmed(page);
  }
  for (const page of [a, b]) {
    await expect(page.getByTestId('balance')).toHaveText('$0.00');
    await expect(page.getByTestId('ledger-line').filter({ hasText: 'Payment' })).toHaveCount(2);
    await expect(page.getByTestId('past-due')).toHaveText('$0.00');
  }

  // A full card number is refused where it is typed, and nothing is posted.
  await a.getByRole('button', { name: '+ Payment' }).click();
  await a.getByLabel('Amount ($)').fill('10');
  await a.getByLabel('Last four digits').fill('4242424242424242');
  await a.getByRole('button', { name: 'Post payment' }).click();
  await expect(a.getByRole('form', { name: 'Post to the ledger' }).locator('.field-error')).toBeVisible();
  await expect(a.getByTestId('ledger-line').filter({ hasText: 'Payment' })).toHaveCount(2);
  await a.getByRole('button', { name: 'Cancel', exact: true }).click();

  // Insurance drops to $600 (a coverage change): the amendment keeps what was due and re-plans the rest.
  await contract.getByRole('button', { name: 'Amend…' }).click();
  await a.getByLabel('Reason').fill('Secondary insurance ended');
  await a.getByLabel('Insurance estimate ($)').fill('600');
  await a.getByRole('button', { name: 'Record amendment' }).click();
  await expect(a.getByTestId('amendment')).toContainText('Secondary insurance ended');
  await expect(a.getByTestId('amendment')).toContainText('$1,000.00 → $600.00');
  await expect(contract).toContainText('$5,400.00');
  await expectAllConfirmed(a);
  await expect(b.getByTestId('amendment')).toContainText('Secondary insurance ended');
  await desk.close();
  await billing.close();
});

test('the family chooses terms with the slider, signs, treatment starts, and the contract locks with those terms', async ({
  browser,
  appUrl,
}) => {
  test.slow(); // the whole walk from inquiry to a started case, two signatures on the way
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true });
  const page = await openApp(context, appUrl, 'tc');
  const last = uniqueName('Silva');
  await addInquiry(page, appUrl, 'Bea', last, { parent: `Rui ${last}` });
  const patientUrl = await openFromBoard(page, appUrl, last);
  const panel = page.getByTestId('cases-panel');
  for (const to of ['Exam booked', 'Treatment recommended']) await moveCase(page, to);
  await addOption(page, { name: 'Metal braces', fee: '5,000', months: '24' });

  // On the presentation, the slider trades down payment against the monthly amount.
  await presentOptions(page);
  await page.getByRole('button', { name: 'Mark as presented' }).click();
  const card = page.getByTestId('option-card').filter({ hasText: 'Metal braces' });
  const slider = card.getByTestId('plan-slider');
  // It starts at the practice's suggested down payment (20%) over the treatment's months.
  await expect(slider.getByTestId('plan-monthly')).toHaveText('$166.66 a month for 24 months');
  await slider.getByLabel('Months').fill('10');
  await slider.getByLabel(/Down payment/).fill('1000');
  await expect(slider.getByTestId('plan-monthly')).toHaveText('$400.00 a month for 10 months');
  await slider.getByLabel(/Down payment/).fill('2000');
  await expect(slider.getByTestId('plan-monthly')).toHaveText('$300.00 a month for 10 months');
  await card.getByRole('button', { name: 'Choose this option' }).click();
  await page.getByRole('button', { name: 'Accept Metal braces' }).click();
  for (const kind of ['informed consent', 'financial agreement']) {
    const sign = page.getByRole('button', { name: `Sign the ${kind}` });
    await expect(sign).toBeVisible();
    await page.getByLabel('Printed name').fill(`Rui ${last}`);
    await drawSignature(page);
    await sign.click();
  }
  // The accepted option now carries the chosen terms (what the financial agreement states), frozen.
  await expect(card.getByTestId('payment-choice').nth(1)).toContainText('$2,000.00 down');
  await expect(card.getByTestId('payment-choice').nth(1)).toContainText('10 monthly payments of $300.00');
  await expect(card.getByTestId('plan-slider')).toHaveCount(0);
  await expect(card.getByTestId('change-terms')).toBeVisible();

  // Signing the agreement made the contract from exactly those terms, signed by it: nothing to retype.
  await page.goto(patientUrl);
  await page.getByRole('link', { name: 'Account' }).click();
  await page.waitForURL(/\/billing\/fam_/);
  const accountUrl = page.url();
  const contract = page.getByTestId('contract');
  await expect(contract).toContainText('Signed');
  await expect(contract.getByTestId('contract-due-at-start')).toHaveText('$2,000.00');
  await expect(contract.getByTestId('contract-payments')).toHaveText('10 monthly payments of $300.00');
  await expect(page.getByRole('button', { name: /Propose a contract/ })).toHaveCount(0);

  // Starting treatment checks readiness: the down payment is not received, so it asks why.
  await page.goto(patientUrl);
  await panel
    .getByRole('group', { name: 'Move this case' })
    .getByRole('button', { name: 'In treatment', exact: true })
    .click();
  const move = panel.getByRole('form', { name: 'Move to In treatment' });
  await expect(move.getByTestId('start-check').filter({ hasText: 'Down payment received' })).toHaveAttribute(
    'data-ready',
    'false',
  );
  await expect(
    move.getByTestId('start-check').filter({ hasText: 'Financial agreement signed' }),
  ).toHaveAttribute('data-ready', 'true');
  await move.getByRole('button', { name: 'Start anyway' }).click();
  await expect(move.getByRole('alert')).toContainText('Say why treatment starts anyway');
  await move.getByLabel('Why start anyway? (required)').fill('Paying the down payment at the bonding visit');
  await move.getByRole('button', { name: 'Start anyway' }).click();
  await expect(panel.getByTestId('case').first().locator('h3')).toContainText('In treatment');
  await page.goto(accountUrl);
  await expect(page.getByTestId('contract')).toContainText('Active (locked)');
  await expect(page.getByTestId('balance')).toHaveText('$2,000.00');
  // Owed today, but not past due until the grace days have passed.
  await expect(page.getByTestId('past-due')).toHaveText('$0.00');
  await expect(page.getByTestId('due-now')).toHaveText('$2,000.00');

  // Treatment transferred to another practice: asked first; later charges stop, what is due stays.
  await page.getByTestId('contract').getByRole('button', { name: 'Transferred' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Close contract' }).click();
  await expect(page.getByTestId('contract')).toContainText('Transferred');
  await expect(page.getByTestId('balance')).toHaveText('$2,000.00');
  await context.close();
});

test('CONTRACT-102: changing the terms after signing asks first, voids the agreement and withdraws its contract', async ({
  browser,
  appUrl,
}) => {
  test.slow(); // from inquiry through two signatures to the account
  const context = await browser.newContext();
  const page = await openApp(context, appUrl, 'tc');
  const last = uniqueName('Moreau');
  await addInquiry(page, appUrl, 'Lou', last, { parent: `Eve ${last}` });
  const patientUrl = await openFromBoard(page, appUrl, last);
  for (const to of ['Exam booked', 'Treatment recommended']) await moveCase(page, to);
  await addOption(page, { name: 'Metal braces', fee: '5,000', months: '24' });
  await presentOptions(page);
  await page.getByRole('button', { name: 'Mark as presented' }).click();
  const card = page.getByTestId('option-card').filter({ hasText: 'Metal braces' });
  await card.getByRole('button', { name: 'Choose this option' }).click();
  await page.getByRole('button', { name: 'Accept Metal braces' }).click();
  for (const kind of ['informed consent', 'financial agreement']) {
    const sign = page.getByRole('button', { name: `Sign the ${kind}` });
    await expect(sign).toBeVisible();
    await page.getByLabel('Printed name').fill(`Eve ${last}`);
    await drawSignature(page);
    await sign.click();
  }
  await expect(page.getByText(/Contract signed/)).toBeVisible();

  // Asked first; cancelling changes nothing.
  await card.getByTestId('change-terms').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(card.getByTestId('plan-slider')).toHaveCount(0);
  await card.getByTestId('change-terms').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Change terms' }).click();
  await card.getByTestId('plan-slider').getByLabel('Months').fill('12');
  await card.getByRole('button', { name: 'Keep these terms' }).click();
  await expect(card.getByTestId('plan-slider')).toHaveCount(0);
  const agreement = page.getByTestId('signed-document').filter({ hasText: 'Financial agreement' });
  await expect(agreement).toHaveAttribute('data-state', 'void');
  // The consent is bound to the treatment, which did not change.
  await expect(page.getByTestId('signed-document').filter({ hasText: 'Informed consent' })).toHaveAttribute(
    'data-state',
    'valid',
  );
  await expect(page.getByRole('button', { name: 'Sign the financial agreement' })).toBeVisible();

  await page.goto(patientUrl);
  await page.getByRole('link', { name: 'Account' }).click();
  await expect(page.getByTestId('contract')).toContainText('Cancelled');
  await context.close();
});

test('a mistaken payment is reversed, and the billing screens pass axe', async ({ browser, appUrl }) => {
  test.slow(); // an accepted case made first, then a post, a reversal and axe on the billing screens
  const context = await browser.newContext();
  const page = await openApp(context, appUrl, 'owner');
  const last = uniqueName('Okafor');
  await acceptedCase(page, appUrl, 'Ada', last);
  await page.getByRole('link', { name: 'Account' }).click();
  await page.waitForURL(/\/billing\/fam_/);
  const accountUrl = page.url();
  await page.getByRole('button', { name: '+ Payment' }).click();
  await page.getByLabel('Amount ($)').fill('250');
  await page.getByRole('button', { name: 'Post payment' }).click();
  await expect(page.getByTestId('ledger-line').filter({ hasText: 'Payment' })).toHaveCount(1);
  await page
    .getByTestId('ledger-line')
    .filter({ hasText: 'Payment' })
    .getByRole('button', { name: 'Reverse…' })
    .click();
  await page.getByLabel('Why is it reversed?').fill('Posted to the wrong family');
  await page.getByRole('button', { name: 'Reverse', exact: true }).click();
  await expect(page.getByTestId('ledger-line').filter({ hasText: '(reversed)' })).toHaveCount(1);
  await expect(page.getByTestId('balance')).toHaveText('$0.00');
  await expectAllConfirmed(page);

  // Payment settings: a due day past the 28th is refused with the reason; nothing is saved.
  await page.goto(`${appUrl}/settings`);
  await page.getByLabel('Payments due on day').fill('31');
  await page.getByRole('button', { name: 'Save payment settings' }).click();
  await expect(page.getByText('At most 28', { exact: true })).toBeVisible();

  await expectNoAxeViolations(page, appUrl, [
    '/billing',
    accountUrl.replace(appUrl, ''),
    '/settings',
    '/settings/documents',
  ]);
  await context.close();
});

test('a past-due account is on the collections list with its escalation step, and a promise to pay is logged there', async ({
  browser,
  appUrl,
}) => {
  const now = await browser.newContext();
  const page = await openApp(now, appUrl, 'owner');
  const last = uniqueName('Haddad');
  await acceptedCase(page, appUrl, 'Omar', last);
  await page.getByRole('link', { name: 'Account' }).click();
  await page.waitForURL(/\/billing\/fam_/);
  await page.getByLabel('Months').first().fill('12');
  await page.getByRole('button', { name: /Propose a contract for Metal braces/ }).click();
  const contract = page.getByTestId('contract');
  await contract.getByRole('button', { name: 'Signed on paper…' }).click();
  await page.getByRole('button', { name: 'Record paper signature' }).click();
  await contract.getByRole('button', { name: 'Autopay and financing…' }).click();
  await page.getByLabel('Autopay enrolled').check();
  // The field takes four digits at most: a full card number cannot even be typed in.
  await page.getByLabel('Last four digits only').fill('4242424242424242');
  await expect(page.getByLabel('Last four digits only')).toHaveValue('4242');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('contract-parties')).toContainText('autopay card ending 4242');
  await contract.getByRole('link', { name: 'Print contract' }).click();
  await expect(page.getByTestId('contract-document')).toContainText('Financial agreement');
  await expect(page.getByTestId('contract-document')).toContainText('$5,000.00');
  await expectAllConfirmed(page);

  // Forty days on, nothing paid: the down payment and the first installment are past due.
  const later = await browser.newContext();
  await later.clock.setFixedTime(Date.now() + 40 * 24 * 3600_000);
  const desk = await openApp(later, appUrl, 'owner');
  await desk.goto(`${appUrl}/billing`);
  await expect(desk.getByTestId('billing')).toHaveAttribute('data-ready', '');
  const row = desk.getByTestId('collection-row').filter({ hasText: last });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Reminder');
  await row.getByRole('button', { name: 'Promise…' }).click();
  await desk.getByLabel('Promised to pay by').fill('2027-01-15');
  await desk.getByRole('button', { name: 'Log promise' }).click();
  await expect(row).toContainText('01/15/2027');
  await now.close();
  await later.close();
});

/** A local date `days` from now; far enough ahead that it is after today in any practice zone. */
function daysAhead(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

test('a coverage change on a started case amends its locked contract from the change date', async ({
  browser,
  appUrl,
}) => {
  const context = await browser.newContext();
  const page = await openApp(context, appUrl, 'tc');
  const last = uniqueName('Okafor');
  await addInquiry(page, appUrl, 'Ada', last, { parent: `Chi ${last}` });
  const patientUrl = await openFromBoard(page, appUrl, last);
  for (const to of ['Exam booked', 'Treatment recommended']) await moveCase(page, to);
  await addOption(page, { name: 'Metal braces', fee: '6,000', months: '24', down: '1,000' });
  await addVerifiedPolicy(page, 'Gulf Coast Dental');

  // Accepted on the presentation: the insurance estimate ($1,500, the lifetime maximum) goes with it.
  await presentOptions(page);
  await page.getByRole('button', { name: 'Mark as presented' }).click();
  const braces = page.getByTestId('option-card').filter({ hasText: 'Metal braces' });
  await expect(braces.getByTestId('patient-portion')).toHaveText('$4,500.00');
  await braces.getByRole('button', { name: 'Choose this option' }).click();
  await page.getByRole('button', { name: 'Accept Metal braces' }).click();
  await expect(page.getByRole('button', { name: 'Sign the informed consent' })).toBeVisible();

  // A 12-month contract, signed on paper; the start locks it and fixes the insurer's schedule.
  await page.goto(patientUrl);
  await page.getByRole('link', { name: 'Account' }).click();
  await page.waitForURL(/\/billing\/fam_/);
  const accountUrl = page.url();
  await page.getByLabel('Months').first().fill('12');
  await page.getByRole('button', { name: /Propose a contract for Metal braces/ }).click();
  const contract = page.getByTestId('contract');
  await expect(contract).toContainText('$4,500.00');
  await contract.getByRole('button', { name: 'Signed on paper…' }).click();
  await page.getByRole('button', { name: 'Record paper signature' }).click();
  await expect(contract).toContainText('Signed');
  await page.goto(patientUrl);
  await moveCase(page, 'In treatment');
  await page.goto(accountUrl);
  await expect(contract).toContainText('Active (locked)');

  // The policy ends; the coordinator re-estimates from the day after its last covered day.
  await page.goto(patientUrl);
  const insurance = page.getByTestId('insurance-panel');
  await insurance.getByText('Coverage ended').click();
  await insurance.getByLabel('Last covered day').fill(daysAhead(40));
  await expect(insurance.getByText(/^Ended /)).toHaveCount(0);
  await insurance.getByLabel('Coverage changed on').fill(daysAhead(41));
  await insurance.getByRole('button', { name: 'Re-estimate from that date' }).click();
  await expect(page.getByText(/The contract is amended from/)).toBeVisible();
  const moved = (await insurance.getByTestId('moved-to-family').textContent())?.match(/\$[\d,]+\.\d\d/)?.[0];
  expect(moved).toBeTruthy();

  // The account shows the amendment: insurance expects what moved less, and the rest is re-planned.
  await page.goto(accountUrl);
  const amendment = page.getByTestId('amendment');
  await expect(amendment).toContainText(`Coverage changed: insurance is expected to pay ${moved} less`);
  await expect(amendment).toContainText('$1,500.00 →');
  await expectAllConfirmed(page);
  await context.close();
});
