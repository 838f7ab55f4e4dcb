import type { Page } from '@playwright/test';
import { expect, expectAllConfirmed, openApp, test, uniqueName } from './fixtures.ts';

/** Adds an inquiry through the New inquiry form; returns nothing (the form clears for the next call). */
async function addInquiry(page: Page, appUrl: string, first: string, last: string) {
  await page.goto(`${appUrl}/pipeline/new`);
  await page.getByLabel('First name').fill(first);
  await page.getByLabel('Last name').fill(last);
  await page.getByLabel('Phone').fill('512 555 0190');
  await page.getByLabel('Concern').fill('Crowding');
  await page.getByLabel('Referral source').selectOption('web');
  await page.getByRole('button', { name: 'Add inquiry' }).click();
  await expect(page.getByText(`Inquiry added: ${first} ${last}`)).toBeVisible();
  await expect(page.getByLabel('First name')).toHaveValue('');
}

/** Opens the patient of a pipeline card; returns the patient page URL. */
async function openFromBoard(page: Page, appUrl: string, last: string): Promise<string> {
  await page.goto(`${appUrl}/pipeline`);
  const card = page.getByTestId('pipeline-card').filter({ hasText: last });
  await expect(card).toBeVisible();
  await card.getByRole('link').first().click();
  await expect(page.getByTestId('cases-panel')).toBeVisible();
  return page.url();
}

async function moveCase(
  page: Page,
  to: string,
  fill?: (form: ReturnType<Page['getByRole']>) => Promise<void>,
) {
  const panel = page.getByTestId('cases-panel');
  await panel
    .getByRole('group', { name: 'Move this case' })
    .getByRole('button', { name: to, exact: true })
    .click();
  const form = panel.getByRole('form', { name: `Move to ${to}` });
  if (fill) await fill(form);
  await form.getByRole('button', { name: `Move to ${to}` }).click();
  await expect(panel.getByTestId('case').first().locator('h3')).toContainText(to);
}

async function addOption(
  page: Page,
  option: { name: string; appliance?: string; fee: string; months: string; recommended?: boolean },
) {
  const panel = page.getByTestId('cases-panel');
  await panel.getByRole('button', { name: '+ Add option' }).click();
  const form = panel.getByRole('form', { name: 'New treatment option' });
  await form.getByLabel('Option name').fill(option.name);
  if (option.appliance) await form.getByLabel('Appliance').selectOption(option.appliance);
  await form.getByLabel('Fee ($)').fill(option.fee);
  await form.getByLabel('Estimated months').fill(option.months);
  if (option.recommended) await form.getByLabel('Doctor recommends this option').check();
  await form.getByRole('button', { name: 'Add option' }).click();
  await expect(panel.getByTestId('option').filter({ hasText: option.name })).toBeVisible();
}

test('an inquiry reaches the board, moves through exam to recommended with two options, and a bad fee is refused with a reason', async ({
  browser,
  appUrl,
}) => {
  const context = await browser.newContext();
  const page = await openApp(context, appUrl);
  const last = uniqueName('Navarro');
  await addInquiry(page, appUrl, 'Sofia', last);
  await openFromBoard(page, appUrl, last);
  await moveCase(page, 'Exam booked');
  await moveCase(page, 'Treatment recommended');

  // Money is typed in dollars and refused with a reason when it is not an amount.
  const panel = page.getByTestId('cases-panel');
  await panel.getByRole('button', { name: '+ Add option' }).click();
  const form = panel.getByRole('form', { name: 'New treatment option' });
  await form.getByLabel('Option name').fill('Metal braces');
  await form.getByLabel('Fee ($)').fill('58OO');
  await form.getByRole('button', { name: 'Add option' }).click();
  await expect(form.getByText(/Not an amount|Enter an amount|number/i).first()).toBeVisible();
  await form.getByRole('button', { name: 'Cancel' }).click();

  await addOption(page, { name: 'Metal braces', fee: '5,800', months: '24' });
  await addOption(page, {
    name: 'Clear aligners',
    appliance: 'clear-aligners',
    fee: '6400',
    months: '18',
    recommended: true,
  });
  await expect(panel.getByTestId('option').filter({ hasText: 'Clear aligners' })).toContainText('$6,400.00');
  await expect(panel.getByTestId('option').filter({ hasText: 'Clear aligners' })).toContainText(
    'Recommended',
  );

  // A recommended patient gets the first follow-up of the cadence, and shows in the Recommended column.
  await expect(page.getByTestId('follow-ups')).toContainText('Follow up');
  await page.goto(`${appUrl}/pipeline`);
  await expect(page.getByTestId('pipeline-card').filter({ hasText: last })).toContainText('$6,400.00');
  await expectAllConfirmed(page);
  await context.close();
});

test('an illegal move is not offered and a decline needs its reason', async ({ browser, appUrl }) => {
  const context = await browser.newContext();
  const page = await openApp(context, appUrl);
  const last = uniqueName('Bauer');
  await addInquiry(page, appUrl, 'Jonas', last);
  await openFromBoard(page, appUrl, last);
  const moves = page.getByTestId('cases-panel').getByRole('group', { name: 'Move this case' });
  await expect(moves.getByRole('button', { name: 'In treatment' })).toHaveCount(0);
  await moves.getByRole('button', { name: 'Declined', exact: true }).click();
  const form = page.getByRole('form', { name: 'Move to Declined' });
  await form.getByRole('button', { name: 'Move to Declined' }).click();
  // The browser's required check stops an empty reason; the case stays an inquiry.
  await expect(page.getByTestId('case').first().locator('h3')).toContainText('Inquiry');
  await form.getByLabel('Why did they decline?').fill('Moving out of state');
  await form.getByRole('button', { name: 'Move to Declined' }).click();
  await expect(page.getByTestId('case').first().locator('h3')).toContainText('Declined');
  await page.goto(`${appUrl}/pipeline`);
  await expect(page.getByTestId('reactivation')).toContainText(last);
  await context.close();
});

test('overdue follow-ups appear on Today and a two-click log plans the next one', async ({
  browser,
  appUrl,
}) => {
  const now = await browser.newContext();
  const page = await openApp(now, appUrl);
  const last = uniqueName('Moreau');
  await addInquiry(page, appUrl, 'Camille', last);
  await openFromBoard(page, appUrl, last);
  await moveCase(page, 'Exam booked');
  await moveCase(page, 'Treatment recommended');
  await addOption(page, { name: 'Metal braces', fee: '5200', months: '22', recommended: true });
  await expectAllConfirmed(page);

  // Today on Today, the first follow-up (day 2) is not due yet.
  await page.goto(appUrl);
  await expect(page.getByTestId('today')).toHaveAttribute('data-ready', '');
  await expect(page.getByTestId('today-overdue')).not.toContainText(last);
  await expect(page.getByTestId('today-inquiries')).not.toContainText(last);

  // Five days later on another device, it is overdue and cannot be missed.
  const later = await browser.newContext();
  await later.clock.setFixedTime(Date.now() + 5 * 24 * 3600_000);
  const tablet = await openApp(later, appUrl);
  await expect(tablet.getByTestId('today')).toHaveAttribute('data-ready', '');
  const overdue = tablet.getByTestId('today-overdue').getByTestId('overdue-item').filter({ hasText: last });
  await expect(overdue).toBeVisible();
  await expect(overdue).toContainText('Overdue since');

  await overdue.getByRole('button', { name: 'Log' }).click();
  await overdue.getByRole('button', { name: 'Called: left message' }).click();
  await expect(tablet.getByTestId('today-overdue')).not.toContainText(last);
  await tablet.goto(`${appUrl}/pipeline`);
  await expect(tablet.getByTestId('pipeline-card').filter({ hasText: last })).toContainText('Follow up');
  await expectAllConfirmed(tablet);

  // The first device sees the call in the log and the next follow-up.
  await page.goto(`${appUrl}/pipeline`);
  await page.getByTestId('pipeline-card').filter({ hasText: last }).getByRole('link').first().click();
  await expect(page.getByTestId('comms-log')).toContainText('Left a message');
  await now.close();
  await later.close();
});
