/**
 * PLAN-101 end to end: one case per payment setting walked through the presentation, the slider
 * (or a preset plan), the financial agreement, the contract it makes, the statement and the
 * printed contract, asserting every amount shown is the same to the cent, and the plan engine's.
 * One browser session; the practice's settings are switched between passes and put back after.
 */
import type { Locator, Page } from '@playwright/test';
import { formatCents, quoteOption, type PaymentChoice, type PaymentSettings } from '@aligned/shared';
import { expect, expectAllConfirmed, openApp, test, uniqueName } from './fixtures.ts';
import {
  presentOptions,
  addInquiry,
  addOption,
  drawSignature,
  moveCase,
  openFromBoard,
} from './pipeline-steps.ts';

type Pass = {
  name: string;
  settings: {
    rounding: NonNullable<PaymentSettings['rounding']>;
    discountPercent: number;
    aprPercent: number;
  };
  fee: number;
  insurance?: number;
  /** How the family chooses: pay in full, the slider, or a preset plan. */
  choose: { payInFull: true } | { down: number; months: number } | { preset: string };
  split?: { by: 'percent'; values: [string, string] } | { by: 'amount'; first: number };
};

const PRESET = { label: 'Standard', downPercent: 20, months: 12 };

const PASSES: Pass[] = [
  {
    name: 'pay in full with a 5% discount',
    settings: { rounding: 'remainder-last', discountPercent: 5, aprPercent: 0 },
    fee: 6_000,
    insurance: 1_000,
    choose: { payInFull: true },
  },
  {
    name: 'remainder on the last payment, split 60/40 by percent',
    settings: { rounding: 'remainder-last', discountPercent: 3, aprPercent: 0 },
    fee: 5_000,
    choose: { down: 1_000, months: 7 },
    split: { by: 'percent', values: ['60', '40'] },
  },
  {
    name: 'remainder on the first payment, from a preset plan',
    settings: { rounding: 'remainder-first', discountPercent: 3, aprPercent: 0 },
    fee: 5_000,
    insurance: 1_234.56,
    choose: { preset: PRESET.label },
  },
  {
    name: 'payments rounded up, split by fixed amounts',
    settings: { rounding: 'round-up', discountPercent: 3, aprPercent: 0 },
    fee: 5_000,
    choose: { down: 1_000, months: 7 },
    split: { by: 'amount', first: 2_000 },
  },
  {
    name: 'interest at 6% APR',
    settings: { rounding: 'remainder-last', discountPercent: 3, aprPercent: 6 },
    fee: 5_000,
    choose: { down: 1_000, months: 12 },
  },
];

/** Labelled figures of a `<dl>` as label → value. */
async function figuresOf(list: Locator): Promise<Map<string, string>> {
  const labels = await list.locator('dt').allInnerTexts();
  const values = await list.locator('dd').allInnerTexts();
  return new Map(labels.map((label, i) => [label.trim(), (values[i] ?? '').trim()]));
}

async function saveSettings(page: Page, appUrl: string, s: Pass['settings'], presets: boolean) {
  await page.goto(`${appUrl}/settings`);
  await page.getByLabel('Rounding of equal payments').selectOption(s.rounding);
  await page.getByLabel('Pay-in-full discount (%)').fill(String(s.discountPercent));
  await page.getByLabel('Interest (APR %)').fill(String(s.aprPercent));
  await page.getByLabel('Plan 1 name').fill(presets ? PRESET.label : '');
  await page.getByLabel('Plan 1 down (%)').fill(presets ? String(PRESET.downPercent) : '');
  await page.getByLabel('Plan 1 months').fill(presets ? String(PRESET.months) : '');
  await page.getByRole('button', { name: 'Save payment settings' }).click();
  await expect(page.getByText('Payment settings saved')).toBeVisible();
}

async function sign(page: Page, kind: string, signer: string) {
  const button = page.getByRole('button', { name: `Sign the ${kind}` });
  await expect(button).toBeVisible();
  await page.getByLabel('Printed name').fill(signer);
  await drawSignature(page);
  await button.click();
}

test('PLAN-101: every amount the family sees agrees to the cent, from the chair to the contract, for every payment setting', async ({
  browser,
  appUrl,
}) => {
  test.setTimeout(PASSES.length * 150_000);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openApp(context, appUrl, 'owner');
  await page.goto(`${appUrl}/settings`);
  const before = {
    rounding: await page.getByLabel('Rounding of equal payments').inputValue(),
    discount: await page.getByLabel('Pay-in-full discount (%)').inputValue(),
    apr: await page.getByLabel('Interest (APR %)').inputValue(),
  };
  try {
    for (const pass of PASSES) {
      await test.step(pass.name, async () => {
        await saveSettings(page, appUrl, pass.settings, 'preset' in pass.choose);
        const settings: PaymentSettings = {
          rounding: pass.settings.rounding,
          payInFullDiscountBasisPoints: pass.settings.discountPercent * 100,
          aprBasisPoints: pass.settings.aprPercent * 100,
        };
        const feeCents = Math.round(pass.fee * 100);
        const insuranceCents = Math.round((pass.insurance ?? 0) * 100);
        const portion = feeCents - insuranceCents;
        const choice: PaymentChoice =
          'payInFull' in pass.choose
            ? { payInFull: true }
            : 'preset' in pass.choose
              ? {
                  payInFull: false,
                  downPaymentCents: Math.ceil((portion * PRESET.downPercent) / 100),
                  months: PRESET.months,
                }
              : { payInFull: false, downPaymentCents: pass.choose.down * 100, months: pass.choose.months };
        const quote = quoteOption({ feeCents, insuranceCents, settings, startDate: '2026-01-05' }, choice);
        if (!quote.plan.ok || !quote.payInFull.ok) throw new Error('the engine refuses the pass');
        const want = quote.plan.value;
        const money = (cents: number) => formatCents(cents);

        // A family with two parents, a case with one option.
        const last = uniqueName('Money');
        await addInquiry(page, appUrl, 'Lena', last, { parent: `Rosa ${last}` });
        const patientUrl = await openFromBoard(page, appUrl, last);
        if (pass.split) {
          await page.getByRole('button', { name: '+ Add parent or guardian' }).click();
          const form = page.locator('form.add-party');
          await form.getByLabel('First name').fill('Tomas');
          await form.getByLabel('Last name').fill(last);
          await form.getByLabel('Phone').fill('512 555 0191');
          await form.getByRole('button', { name: 'Save' }).click();
          await expect(page.getByText(`Tomas ${last}`)).toBeVisible();
        }
        for (const to of ['Exam booked', 'Treatment recommended']) await moveCase(page, to);
        await addOption(page, {
          name: 'Metal braces',
          fee: String(pass.fee),
          months: '24',
          ...(pass.insurance ? { insurance: String(pass.insurance) } : {}),
        });

        // The presentation: the portion, paying in full, and the family's choice.
        await presentOptions(page);
        await page.getByRole('button', { name: 'Mark as presented' }).click();
        const card = page.getByTestId('option-card').filter({ hasText: 'Metal braces' });
        await expect(card.getByTestId('patient-portion')).toHaveText(money(portion));
        await expect(card.getByTestId('quote-pay-in-full')).toHaveText(
          money(quote.payInFull.value.dueAtStartCents),
        );
        if (quote.payInFull.value.savingCents > 0)
          await expect(card.getByTestId('quote-saving')).toHaveText(money(quote.payInFull.value.savingCents));
        const slider = card.getByTestId('plan-slider');
        if ('payInFull' in pass.choose) {
          await slider.getByRole('button', { name: 'Pay in full instead' }).click();
          await expect(slider.getByTestId('plan-monthly')).toHaveText(
            `Paid in full at the start: ${money(want.dueAtStartCents)}`,
          );
        } else if ('preset' in pass.choose) {
          await slider.getByTestId('plan-preset').filter({ hasText: PRESET.label }).click();
        } else {
          await slider.getByLabel('Months').fill(String(pass.choose.months));
          await slider.getByLabel(/Down payment/).fill(String(pass.choose.down));
        }
        if (!want.payInFull) {
          await expect(slider.getByTestId('plan-monthly')).toHaveText(
            `${money(want.regularCents)} a month for ${want.count} months`,
          );
          await expect(card.getByTestId('quote-down')).toHaveText(money(want.dueAtStartCents));
          await expect(card.getByTestId('quote-count')).toHaveText(String(want.count));
          await expect(card.getByTestId('quote-regular')).toHaveText(money(want.regularCents));
          await expect(card.getByTestId('quote-total')).toHaveText(money(want.totalCents));
          if (want.firstCents !== want.regularCents)
            await expect(card.getByTestId('quote-first')).toHaveText(money(want.firstCents));
          if (want.lastCents !== want.regularCents)
            await expect(card.getByTestId('quote-last')).toHaveText(money(want.lastCents));
        }

        // Choosing freezes the terms; the agreement states the same figures.
        await card.getByRole('button', { name: 'Choose this option' }).click();
        await page.getByRole('button', { name: 'Accept Metal braces' }).click();
        await expect(card.getByTestId('plan-slider')).toHaveCount(0);
        await sign(page, 'informed consent', `Rosa ${last}`);
        await expect(page.getByRole('button', { name: 'Sign the financial agreement' })).toBeVisible();
        const agreement = await figuresOf(page.getByTestId('terms-to-sign').locator('dl'));
        expect(agreement.get('Patient portion')).toBe(money(portion));
        expect(agreement.get('Total the family pays')).toBe(money(want.totalCents));
        if (want.payInFull) {
          expect(agreement.get('Paid in full at the start')).toBe(money(want.dueAtStartCents));
        } else {
          expect(agreement.get('Due at start')).toBe(money(want.dueAtStartCents));
          expect(agreement.get('Number of monthly payments')).toBe(String(want.count));
          expect(agreement.get('Monthly payment')).toBe(money(want.regularCents));
          expect(agreement.get('First payment') ?? money(want.regularCents)).toBe(money(want.firstCents));
          expect(agreement.get('Last payment') ?? money(want.regularCents)).toBe(money(want.lastCents));
        }
        await sign(page, 'financial agreement', `Rosa ${last}`);
        await expect(page.getByText(/Contract signed/)).toBeVisible();

        // The contract made from it, and the statement.
        await page.goto(patientUrl);
        await page.getByRole('link', { name: 'Account' }).click();
        await page.waitForURL(/\/billing\/fam_/);
        const contract = page.getByTestId('contract');
        await expect(contract).toContainText('Signed');
        await expect(contract.getByTestId('contract-portion')).toHaveText(money(want.patientPortionCents));
        await expect(contract.getByTestId('contract-due-at-start')).toHaveText(money(want.dueAtStartCents));
        await expect(contract.getByTestId('contract-total')).toHaveText(money(want.totalCents));
        await expect(contract.getByTestId('contract-payments')).toHaveText(
          want.payInFull
            ? 'Paid in full at the start'
            : new RegExp(`^${want.count} monthly payments.*${money(want.regularCents).replace('$', '\\$')}`),
        );
        await expect(page.getByTestId('balance')).toHaveText(money(want.dueAtStartCents));
        await expect(
          page.getByTestId('ledger-line').filter({ hasText: 'Initial fee' }).first(),
        ).toContainText(money(want.dueAtStartCents));

        // A split between the parents covers exactly what the family pays.
        if (pass.split) {
          await contract.getByRole('button', { name: 'Split between parents…' }).click();
          const form = page.getByRole('form', { name: 'Split between parents' });
          const first =
            pass.split.by === 'percent' ? pass.split.values[0] : money(pass.split.first * 100).slice(1);
          const second =
            pass.split.by === 'percent'
              ? pass.split.values[1]
              : money(want.totalCents - pass.split.first * 100).slice(1);
          if (pass.split.by === 'amount') await form.getByLabel('Fixed amounts').check();
          await form.getByLabel(`Rosa ${last}`).fill(first);
          await form.getByLabel(`Tomas ${last}`).fill(second);
          await form.getByRole('button', { name: 'Save split' }).click();
          const firstCents =
            pass.split.by === 'percent'
              ? Math.floor((want.totalCents * Number(pass.split.values[0])) / 100)
              : pass.split.first * 100;
          const parties = contract.getByTestId('contract-parties');
          await expect(parties).toContainText(`Rosa ${last} (${money(firstCents)}`);
          await expect(parties).toContainText(`Tomas ${last} (${money(want.totalCents - firstCents)}`);
        }

        // The printed contract states the same terms and schedule.
        await contract.getByRole('link', { name: 'Print contract' }).click();
        const printed = page.getByTestId('contract-document');
        await expect(printed.getByTestId('contract-total')).toHaveText(money(want.totalCents));
        await expect(printed.getByTestId('contract-due-at-start')).toHaveText(money(want.dueAtStartCents));
        const rows = printed.getByTestId('schedule-row');
        await expect(rows).toHaveCount(want.count);
        if (want.count > 0) {
          await expect(rows.first()).toContainText(money(want.firstCents));
          await expect(rows.last()).toContainText(money(want.lastCents));
        }
        await expectAllConfirmed(page);
      });
    }
  } finally {
    await page.goto(`${appUrl}/settings`);
    await page.getByLabel('Rounding of equal payments').selectOption(before.rounding);
    await page.getByLabel('Pay-in-full discount (%)').fill(before.discount);
    await page.getByLabel('Interest (APR %)').fill(before.apr);
    await page.getByLabel('Plan 1 name').fill('');
    await page.getByRole('button', { name: 'Save payment settings' }).click();
    await expect(page.getByText('Payment settings saved')).toBeVisible();
    await context.close();
  }
});

test('DOC-101, DOC-102: the practice words its own documents; fields of another document are refused; values show as text', async ({
  browser,
  appUrl,
}) => {
  const context = await browser.newContext();
  const page = await openApp(context, appUrl, 'owner');
  await page.goto(`${appUrl}/settings/documents`);
  await page.getByRole('button', { name: 'Photo release' }).click();
  const section = page.getByTestId('document-template');
  const before = await section.getByTestId('template-version').innerText();
  await section.getByRole('button', { name: 'Edit' }).click();
  const form = page.getByRole('form', { name: 'Edit Photo release' });
  await form.getByLabel(/^Text/).fill('Photos of {{patient.name}} for <b>records</b>, fee {{plan.fee}}.');
  await form.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(form.getByRole('alert')).toContainText(
    'Unknown merge field {{ plan.fee }}: not a field of this document',
  );
  await expect(section.getByTestId('template-version')).toHaveText(before);
  await form.getByLabel(/^Text/).fill('Photos of {{patient.name}} for <b>records</b> at {{practice.name}}.');
  await form.getByRole('button', { name: 'Save as a new version' }).click();
  await expect(section.getByTestId('template-version')).not.toHaveText(before);
  // Merge values and markup are text: the preview shows the tags as typed.
  await expect(section.getByTestId('template-preview')).toContainText(
    'Photos of Emma Rivera for <b>records</b> at Bright Smiles Orthodontics.',
  );
  await expect(section.getByTestId('template-preview').locator('b')).toHaveCount(0);
  await context.close();
});
