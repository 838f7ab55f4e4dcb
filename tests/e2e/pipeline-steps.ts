/**
 * Steps through the pipeline screens that several end-to-end specs share: a new inquiry, the
 * patient from the board, case moves, options, a drawn signature.
 */
import type { Page } from '@playwright/test';
import { E2E_PASSWORD, expect } from './fixtures.ts';

/** Adds an inquiry through the New inquiry form; returns nothing (the form clears for the next call). */
export async function addInquiry(
  page: Page,
  appUrl: string,
  first: string,
  last: string,
  options: { parent?: string } = {},
) {
  await page.goto(`${appUrl}/pipeline/new`);
  await page.getByLabel('First name').fill(first);
  await page.getByLabel('Last name').fill(last);
  await page.getByLabel('Phone').fill('512 555 0190');
  if (options.parent) await page.getByLabel('Parent or guardian calling for them').fill(options.parent);
  await page.getByLabel('Concern').fill('Crowding');
  await page.getByLabel('Referral source').selectOption('web');
  await page.getByRole('button', { name: 'Add inquiry' }).click();
  await expect(page.getByText(`Inquiry added: ${first} ${last}`)).toBeVisible();
  await expect(page.getByLabel('First name')).toHaveValue('');
}

/** Opens the patient of a pipeline card; returns the patient page URL. */
export async function openFromBoard(page: Page, appUrl: string, last: string): Promise<string> {
  await page.goto(`${appUrl}/pipeline`);
  const card = page.getByTestId('pipeline-card').filter({ hasText: last });
  await expect(card).toBeVisible();
  await card.getByRole('link').first().click();
  await page.waitForURL(/\/patients\/pat_/);
  await expect(page.getByTestId('cases-panel')).toBeVisible();
  return page.url();
}

export async function moveCase(
  page: Page,
  to: string,
  fill?: (form: ReturnType<Page['getByRole']>) => Promise<void>,
) {
  if (to === 'In treatment' && !fill) return startTreatment(page);
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

/**
 * Moves the case to In treatment once its readiness checks are shown; when one is not met, starts
 * anyway with `reason` (the form asks for one).
 */
export async function startTreatment(
  page: Page,
  reason = 'The doctor approved starting today',
  startDate?: string,
) {
  const panel = page.getByTestId('cases-panel');
  await panel
    .getByRole('group', { name: 'Move this case' })
    .getByRole('button', { name: 'In treatment', exact: true })
    .click();
  const form = panel.getByRole('form', { name: 'Move to In treatment' });
  if (startDate) await form.getByLabel('Start (bonding) date').fill(startDate);
  await expect(form.getByTestId('start-check').first()).toBeVisible();
  const anyway = form.getByLabel('Why start anyway? (required)');
  if (await anyway.isVisible()) await anyway.fill(reason);
  await form.getByRole('button', { name: /^(Start anyway|Move to In treatment)$/ }).click();
  await expect(panel.getByTestId('case').first().locator('h3')).toContainText('In treatment');
}

export async function addOption(
  page: Page,
  option: {
    name: string;
    appliance?: string;
    fee: string;
    months: string;
    recommended?: boolean;
    insurance?: string;
    down?: string;
  },
) {
  const panel = page.getByTestId('cases-panel');
  await panel.getByRole('button', { name: '+ Add option' }).click();
  const form = panel.getByRole('form', { name: 'New treatment option' });
  await form.getByLabel('Option name').fill(option.name);
  if (option.appliance) await form.getByLabel('Appliance').selectOption(option.appliance);
  await form.getByLabel('Fee ($)').fill(option.fee);
  await form.getByLabel('Estimated months').fill(option.months);
  if (option.insurance) await form.getByLabel('Insurance estimate ($)').fill(option.insurance);
  if (option.down) await form.getByLabel('Down payment ($)').fill(option.down);
  if (option.recommended) await form.getByLabel('Doctor recommends this option').check();
  await form.getByRole('button', { name: 'Add option' }).click();
  await expect(panel.getByTestId('option').filter({ hasText: option.name })).toBeVisible();
}

/** Leaves family mode (UI-4) as staff do: "Staff view", then a staff member's unlock. */
export async function backToStaffView(page: Page) {
  await page
    .getByTestId('family-bar')
    .getByRole('button', { name: /Staff view/ })
    .click();
  await expect(page.getByRole('heading', { name: 'Staff only' })).toBeVisible();
  await page.locator('#unlock-password').fill(E2E_PASSWORD);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByTestId('sync-status')).toBeVisible();
  await expect(page.getByTestId('family-bar')).toHaveCount(0);
}

/**
 * Opens the presentation of the case on screen, which hands it to the family (UI-4), and comes back
 * to its staff view, for steps that are about the presentation's figures rather than the family.
 */
export async function presentOptions(page: Page) {
  await page.getByTestId('cases-panel').getByRole('link', { name: 'Present options' }).click();
  await expect(page.getByTestId('presentation')).toBeVisible();
  await expect(page.getByTestId('family-bar')).toBeVisible();
  await backToStaffView(page);
  await expect(page.getByTestId('presentation')).toBeVisible();
}

/**
 * On the presentation of the case on screen, as the family sees it (UI-4): presents, chooses one
 * option, accepts it and signs the consent and the financial agreement (the signer's printed name
 * as given); then a staff member unlocks back to the staff view.
 */
export async function presentAcceptAndSign(page: Page, option: string, signer: string) {
  await page.getByTestId('cases-panel').getByRole('link', { name: 'Present options' }).click();
  await expect(page.getByTestId('presentation')).toBeVisible();
  await expect(page.getByTestId('family-bar')).toBeVisible();
  await page.getByRole('button', { name: 'Mark as presented' }).click();
  await page
    .getByTestId('option-card')
    .filter({ hasText: option })
    .getByRole('button', { name: 'Choose this option' })
    .click();
  await page.getByRole('button', { name: `Accept ${option}` }).click();
  for (const kind of ['informed consent', 'financial agreement']) {
    const sign = page.getByRole('button', { name: `Sign the ${kind}` });
    await expect(sign).toBeVisible();
    await page.getByLabel('Printed name').fill(signer);
    await drawSignature(page);
    await sign.click();
  }
  await expect(page.getByTestId('signed-document')).toHaveCount(2);
  for (const doc of await page.getByTestId('signed-document').all())
    await expect(doc).toHaveAttribute('data-state', 'valid');
  await backToStaffView(page);
}

/** Draws a signature on the pad with the mouse. */
export async function drawSignature(page: Page) {
  const pad = page.getByTestId('signature-pad').locator('svg');
  // Mouse coordinates are the viewport's: the pad must be on screen.
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.6);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) {
    await page.mouse.move(
      box.x + box.width * (0.1 + i * 0.06),
      box.y + box.height * (0.6 - 0.25 * Math.sin(i)),
    );
  }
  await page.mouse.up();
}

/**
 * Adds a policy with a carrier and verifies its benefits: plan pays 50% (a 150% try is refused
 * first), $1,500 lifetime maximum unless `maximum` says otherwise, paid out in installments unless
 * `perSlice` (25% of the fee billed at the start, the rest monthly), in force from today unless
 * `effective` says otherwise. Returns the policy's card.
 */
export async function addVerifiedPolicy(
  page: Page,
  carrier: string,
  {
    maximum = '1,500',
    perSlice = false,
    effective,
  }: { maximum?: string; perSlice?: boolean; effective?: string } = {},
) {
  const panel = page.getByTestId('insurance-panel');
  await panel.getByRole('button', { name: '+ Add policy' }).click();
  const form = panel.getByRole('form', { name: 'New policy' });
  await form.getByLabel('Or add a company').fill(carrier);
  await form.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(form.getByLabel('Insurance company')).not.toHaveValue('');
  await form.getByLabel('Member id').fill('LSD-4471');
  if (effective) await form.getByLabel('Effective date').fill(effective);
  await form.getByRole('button', { name: 'Save policy' }).click();
  const policy = panel.getByTestId('policy').filter({ hasText: carrier });
  await expect(policy.getByTestId('verification-state')).toHaveText('Never verified');

  await policy.getByRole('button', { name: 'Verify benefits' }).click();
  const verify = policy.getByRole('form', { name: 'Verify benefits' });
  await verify.getByLabel('Ortho lifetime maximum ($)').fill(maximum);
  if (perSlice) {
    await verify.getByLabel('The insurer pays out').selectOption('per-slice');
    await verify.getByLabel('Fee billed at the start (%)').fill('25');
    await verify.getByLabel('The rest is billed').selectOption('monthly');
  }
  await verify.getByLabel('Plan pays (%)').fill('150');
  await verify.getByRole('button', { name: 'Save verification' }).click();
  // A percent above 100 is refused with the reason, and nothing is saved.
  await expect(verify.getByText('At most 100%')).toBeVisible();
  await expect(policy.getByTestId('verification-state')).toHaveText('Never verified');
  await verify.getByLabel('Plan pays (%)').fill('50');
  await verify.getByRole('button', { name: 'Save verification' }).click();
  await expect(policy.getByTestId('verification-state')).toHaveText('Verified');
  return policy;
}
