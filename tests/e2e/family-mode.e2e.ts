/**
 * Family mode (UI-4): the coordinator hands the presentation to the family; staff chrome and
 * toasts are hidden, a reload keeps it so, and leaving the family's screen by a link, by the
 * "Staff view" button or by an address typed into the browser takes a staff member's unlock.
 */
import type { Page } from '@playwright/test';
import { E2E_PASSWORD, expect, test, uniqueName } from './fixtures.ts';
import { addInquiry, addOption, moveCase, openFromBoard } from './pipeline-steps.ts';

async function handToFamily(page: Page) {
  await expect(page.getByTestId('presentation')).toBeVisible();
  await page.getByTestId('family-handoff').getByRole('button', { name: 'Hand to the family' }).click();
  await expectFamilyView(page);
}

async function expectFamilyView(page: Page) {
  await expect(page.getByTestId('family-bar')).toBeVisible();
  await expect(page.getByTestId('presentation')).toBeVisible();
  await expect(page.getByTestId('sync-status')).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Undo your last change' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Lock', exact: true })).toHaveCount(0);
  await expect(page.locator('.toasts')).toHaveCount(0);
}

async function unlockAsStaff(page: Page) {
  await expect(page.getByRole('heading', { name: 'Staff only' })).toBeVisible();
  await page.locator('#unlock-password').fill(E2E_PASSWORD);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByTestId('sync-status')).toBeVisible();
  await expect(page.getByTestId('family-bar')).toHaveCount(0);
}

test('UI-4: the presentation handed to the family shows only it, and only a staff unlock leads back', async ({
  page,
  appUrl,
}) => {
  const last = uniqueName('Family');
  await addInquiry(page, appUrl, 'Lia', last);
  const patientUrl = await openFromBoard(page, appUrl, last);
  for (const to of ['Exam booked', 'Treatment recommended']) await moveCase(page, to);
  await addOption(page, { name: 'Metal braces', fee: '5000', months: '24' });
  await page.getByTestId('cases-panel').getByRole('link', { name: 'Present options' }).click();
  // The click returns before the app has navigated: read the address once it is the presentation's.
  await page.waitForURL(/\/cases\/[^/]+\/present$/);
  const presentUrl = page.url();
  // Opened from the app, the presentation is the family's at once: no staff chrome (UI-4).
  await expectFamilyView(page);
  // The family works the presentation; no staff message appears over it.
  await page.getByRole('button', { name: 'Mark as presented' }).click();
  await expectFamilyView(page);

  // A reload is no way out.
  await page.reload();
  await expectFamilyView(page);

  // A link off the family's screen asks for a staff member first, then goes where it led.
  await page.getByRole('link', { name: 'Back to patient' }).click();
  await expect(page).toHaveURL(presentUrl);
  await unlockAsStaff(page);
  await expect(page).toHaveURL(patientUrl);

  // "Staff view" unlocks back to the staff view of the same presentation.
  await page.goto(presentUrl);
  await handToFamily(page);
  await page
    .getByTestId('family-bar')
    .getByRole('button', { name: /Staff view/ })
    .click();
  await unlockAsStaff(page);
  await expect(page).toHaveURL(presentUrl);
  await expect(page.getByTestId('family-handoff')).toBeVisible();

  // An address typed into the tablet's browser shows nothing until a staff member unlocks.
  await handToFamily(page);
  await page.goto(`${appUrl}/patients`);
  await expect(page.getByRole('heading', { name: 'Staff only' })).toBeVisible();
  await expect(page.locator('.app-frame')).toHaveAttribute('aria-hidden', 'true');
  await unlockAsStaff(page);
  await expect(page).toHaveURL(`${appUrl}/patients`);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
});
