/**
 * The reports screen (issue #18, docs/spec/reports.md): a new inquiry is counted in this month's
 * new-patient inquiries (KPI-4) and its drill-down names the patient with a link to their page;
 * the front desk sees the pipeline and schedule figures but no money card. The relay is shared by
 * parallel tests, so only this test's own uniquely named patient is looked for, never a count.
 */
import { expect, expectAllConfirmed, expectNoAxeViolations, openApp, test, uniqueName } from './fixtures.ts';
import { addInquiry } from './pipeline-steps.ts';

test('KPI-4: a new inquiry is listed in the new-patient inquiries drill-down; the front desk sees no money figures', async ({
  browser,
  appUrl,
}) => {
  test.setTimeout(120_000);
  const ownerContext = await browser.newContext();
  const owner = await openApp(ownerContext, appUrl, 'owner');
  const last = uniqueName('Reyes');
  await addInquiry(owner, appUrl, 'Lucia', last);

  await owner.goto(`${appUrl}/reports`);
  const reports = owner.getByTestId('reports');
  await expect(reports).toHaveAttribute('data-ready', '');
  const inquiries = reports.getByTestId('kpi-KPI-4');
  await expect(inquiries).toContainText('Cases opened in the period');
  await expect(owner.getByTestId('kpi-group-money')).toBeVisible();
  // The drill-downs and the trend's table open, and axe finds nothing in them either.
  await expectNoAxeViolations(owner, appUrl, ['/reports'], async () => {
    await expect(owner.getByTestId('reports')).toHaveAttribute('data-ready', '');
    await inquiries.getByTestId('kpi-drill').locator('summary').click();
    await reports.getByTestId('report-trend').locator('summary').click();
  });
  // KPI-29: the trend's numbers are also a table.
  await expect(reports.getByTestId('report-trend').getByRole('table')).toBeVisible();
  const link = inquiries.getByRole('link', { name: new RegExp(last) });
  await expect(link).toBeVisible();

  // The inquiry is on the relay before the front desk opens (its KPI-4 drill-down then has a row).
  await expectAllConfirmed(owner);
  const deskContext = await browser.newContext();
  const desk = await openApp(deskContext, appUrl, 'desk');
  await desk.goto(`${appUrl}/reports`);
  await expect(desk.getByTestId('reports')).toHaveAttribute('data-ready', '');
  await expect(desk.getByTestId('kpi-group-pipeline')).toBeVisible();
  await expect(desk.getByTestId('kpi-group-schedule')).toBeVisible();
  await expect(desk.getByTestId('kpi-group-money')).toHaveCount(0);
  await expect(desk.getByTestId('no-money')).toBeVisible();
  // UI-1: on a phone the cards stack and the page never scrolls sideways.
  await desk.setViewportSize({ width: 390, height: 844 });
  await desk.getByTestId('kpi-KPI-4').getByTestId('kpi-drill').locator('summary').click();
  expect(await desk.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);

  // The owner's drill-down link opens the patient's page.
  await link.click();
  await expect(owner.getByRole('heading', { level: 1 })).toContainText(last);
  await ownerContext.close();
  await deskContext.close();
});
