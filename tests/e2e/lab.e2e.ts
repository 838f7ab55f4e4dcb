/**
 * LAB-1, LAB-2, LAB-4 in a real browser against the real relay: a lab order placed on a patient's
 * page shows on the practice's lab worklist, moves through its steps there and leaves it once checked,
 * and a second device sees the steps.
 */
import { expect, expectAllConfirmed, openApp, test, uniqueName } from './fixtures.ts';
import { addInquiry, openFromBoard } from './pipeline-steps.ts';

test('REC-6, LAB-4: a medical alert is added once; an order placed on the patient’s page is on the lab worklist, received and then checked off it; a colleague’s device sees every step', async ({
  browser,
  appUrl,
}) => {
  const context = await browser.newContext();
  const page = await openApp(context, `${appUrl}/pipeline`, 'tc');
  const last = uniqueName('Labrecque');
  await addInquiry(page, appUrl, 'Lina', last);
  const patientUrl = await openFromBoard(page, appUrl, last);

  // REC-6: a medical alert on the chart, allergies shown where the patient is seen.
  const alerts = page.getByTestId('medical-alerts');
  await alerts.getByRole('button', { name: '+ Medical alert' }).click();
  await alerts.getByLabel('What').fill('Latex');
  await alerts.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(alerts.getByTestId('medical-alert')).toHaveText(/Allergy:\s*Latex/);
  await alerts.getByRole('button', { name: '+ Medical alert' }).click();
  await alerts.getByLabel('What').fill('latex');
  await alerts.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(alerts.getByRole('alert')).toHaveText('Already on the chart');
  await alerts.getByRole('button', { name: 'Cancel' }).click();

  const lab = page.getByTestId('lab-orders');
  await expect(lab).toContainText('No lab orders');
  await lab.getByRole('button', { name: '+ Lab order' }).click();
  const form = lab.getByRole('form', { name: 'New lab order' });
  await form.getByLabel('Lab').fill('ClearCo Lab');
  await form.getByLabel('Turnaround (days)').fill('abc');
  await form.getByRole('button', { name: 'Place order' }).click();
  await expect(form).toContainText('Whole days, 0 to 120');
  await form.getByLabel('Turnaround (days)').fill('3');
  await form.getByRole('button', { name: 'Place order' }).click();
  const order = lab.getByTestId('lab-order');
  await expect(order).toHaveAttribute('data-stage', 'ordered');
  await expect(order).toContainText('Aligner series · ClearCo Lab');
  await expectAllConfirmed(page);

  // The worklist: due within the week.
  await page.goto(`${appUrl}/records`);
  const row = page.getByTestId('lab-work-row').filter({ hasText: last });
  await expect(row).toHaveAttribute('data-reason', 'due-this-week');

  // Received: it waits to be checked, on a colleague's device too.
  await row.getByRole('link').click();
  await page.getByTestId('lab-orders').getByRole('button', { name: 'Received' }).click();
  await expect(page.getByTestId('lab-order')).toHaveAttribute('data-stage', 'received');
  await expectAllConfirmed(page);
  const colleagueContext = await browser.newContext();
  const colleague = await openApp(colleagueContext, `${appUrl}/records`, 'owner');
  await expect(colleague.getByTestId('lab-work-row').filter({ hasText: last })).toHaveAttribute(
    'data-reason',
    'unchecked',
  );

  // Checked: off the worklist; the history keeps both steps.
  await page.getByTestId('lab-orders').getByRole('button', { name: 'Checked' }).click();
  await expect(page.getByTestId('lab-order')).toHaveAttribute('data-stage', 'checked');
  await expect(page.getByTestId('lab-order').locator('.steps li')).toHaveCount(2);
  await expectAllConfirmed(page);
  await expect(colleague.getByTestId('lab-work-row').filter({ hasText: last })).toHaveCount(0);
  await colleague.goto(patientUrl);
  await expect(colleague.getByTestId('lab-order')).toHaveAttribute('data-stage', 'checked');
  await expect(colleague.getByTestId('medical-alert')).toHaveText(/Allergy:\s*Latex/);

  await colleagueContext.close();
  await context.close();
});
