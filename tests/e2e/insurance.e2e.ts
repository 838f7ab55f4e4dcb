import type { Page } from '@playwright/test';
import { expect, expectAllConfirmed, openApp, test, uniqueName, expectNoAxeViolations } from './fixtures.ts';
import {
  addInquiry,
  addOption,
  addVerifiedPolicy,
  moveCase,
  openFromBoard,
  startTreatment,
} from './pipeline-steps.ts';

async function recommendedCase(page: Page, appUrl: string, first: string, last: string): Promise<string> {
  await addInquiry(page, appUrl, first, last);
  const url = await openFromBoard(page, appUrl, last);
  for (const to of ['Exam booked', 'Treatment recommended']) await moveCase(page, to);
  await addOption(page, { name: 'Metal braces', fee: '5800', months: '24' });
  await addOption(page, { name: 'Clear aligners', fee: '6400', months: '24' });
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
  await page.getByTestId('cases-panel').getByRole('link', { name: 'Present options' }).click();
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
  await page.getByTestId('cases-panel').getByRole('link', { name: 'Present options' }).click();
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

test('a policy never verified is on the verification worklist, and the insurance screens pass axe', async ({
  browser,
  appUrl,
}) => {
  const context = await browser.newContext();
  const page = await openApp(context, appUrl, 'owner');
  const last = uniqueName('Quinn');
  const url = await recommendedCase(page, appUrl, 'Rory', last);
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
  await expect(item).toContainText('Never verified');

  await expectNoAxeViolations(page, appUrl, ['/insurance', url.replace(appUrl, '')], async (path) => {
    if (path !== '/insurance')
      await page.getByTestId('insurance-panel').getByRole('button', { name: 'Verify benefits' }).click();
  });
  await context.close();
});
