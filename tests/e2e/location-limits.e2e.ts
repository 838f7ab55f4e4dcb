/**
 * PERM-201: a colleague limited to one location works with that location's patients in the
 * practice-wide lists. The seeded practice has two locations (Main office, North office); the
 * limited colleague is a new staff member invited here, so the seeded users stay as they are.
 */
import type { Page } from '@playwright/test';
import { expect, expectAllConfirmed, expectOnline, openApp, test, uniqueName } from './fixtures.ts';

const PASSWORD = 'amber lantern beside the quiet bay';

/** An inquiry at a chosen location, through the pipeline's New inquiry form. */
async function inquiryAt(page: Page, appUrl: string, first: string, last: string, location: string) {
  await page.goto(`${appUrl}/pipeline/new`);
  await page.getByLabel('First name').fill(first);
  await page.getByLabel('Last name').fill(last);
  await page.getByLabel('Phone').fill('512 555 0170');
  await page.locator('#location').selectOption({ label: location });
  await page.getByLabel('Concern').fill('Crowding');
  await page.getByLabel('Referral source').selectOption('web');
  await page.getByRole('button', { name: 'Add inquiry' }).click();
  await expect(page.getByText(`Inquiry added: ${first} ${last}`)).toBeVisible();
}

test('PERM-201: a coordinator who works at North only sees North’s patients on the patients list, its search and the board; the owner sees both', async ({
  browser,
  appUrl,
}) => {
  const ownerContext = await browser.newContext();
  const owner = await openApp(ownerContext, `${appUrl}/settings/staff`, 'owner');

  // The owner adds a coordinator who works at North only.
  const login = `${uniqueName('nora').toLowerCase()}@example.com`;
  await owner.locator('#staff-name').fill('Nora North');
  await owner.locator('#staff-login').fill(login);
  await owner.locator('#staff-role').selectOption('treatment-coordinator');
  await owner
    .getByRole('group', { name: /Locations/ })
    .getByLabel('North office')
    .check();
  await owner.getByRole('button', { name: 'Add', exact: true }).click();
  const link = (await owner.getByTestId('invite-link').textContent())!.trim();
  const staffRow = owner.getByRole('row').filter({ hasText: 'Nora North' });
  await expect(staffRow.getByTestId('staff-locations')).toHaveText('North office');

  // Two inquiries sharing a distinctive last name: one at each location.
  const last = uniqueName('Lindqvist');
  await inquiryAt(owner, appUrl, 'Mina', last, 'Main office');
  await inquiryAt(owner, appUrl, 'Nils', last, 'North office');
  await expectAllConfirmed(owner);

  // Nora joins on her own device.
  const noraContext = await browser.newContext();
  const nora = await noraContext.newPage();
  await nora.goto(link);
  await nora.locator('#invite-password').fill(PASSWORD);
  await nora.locator('#invite-confirm').fill(PASSWORD);
  await nora.getByRole('button', { name: 'Join the practice' }).click();
  await expectOnline(nora);
  await expect(nora.locator('header')).toContainText('Nora North');

  // Patients list and its search: North's patient only, and the list says why.
  await nora.goto(`${appUrl}/patients`);
  await expect(nora.getByTestId('location-scope')).toHaveText('Your locations only: North office.');
  await nora.locator('#patient-search').fill(last);
  const noraRows = nora.getByTestId('patient-row').filter({ hasText: last });
  await expect(noraRows.filter({ hasText: 'Nils' })).toBeVisible();
  await expect(noraRows).toHaveCount(1);

  // The board: North's case only.
  await nora.goto(`${appUrl}/pipeline`);
  await expect(nora.getByTestId('location-scope')).toHaveText('Your locations only: North office.');
  const noraCards = nora.getByTestId('pipeline-card').filter({ hasText: last });
  await expect(noraCards.filter({ hasText: 'Nils' })).toBeVisible();
  await expect(noraCards).toHaveCount(1);

  // Today and Billing say the same limit.
  await nora.goto(appUrl);
  await expect(nora.getByTestId('location-scope')).toHaveText('Your locations only: North office.');
  await nora.goto(`${appUrl}/billing`);
  await expect(nora.getByTestId('location-scope')).toHaveText('Your locations only: North office.');

  // The owner, who works everywhere, sees both and no limit.
  await owner.goto(`${appUrl}/pipeline`);
  const ownerCards = owner.getByTestId('pipeline-card').filter({ hasText: last });
  await expect(ownerCards).toHaveCount(2);
  await expect(owner.getByTestId('location-scope')).toHaveCount(0);
  await owner.goto(`${appUrl}/patients`);
  await owner.locator('#patient-search').fill(last);
  await expect(owner.getByTestId('patient-row').filter({ hasText: last })).toHaveCount(2);

  await noraContext.close();
  await ownerContext.close();
});
