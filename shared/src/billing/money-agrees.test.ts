/**
 * PLAN-101 over random practices: for any payment settings and any choice the family makes, the
 * presentation, the slider, the signed agreement, the contract made from it, the statement's
 * charges and a split between parents state the same amounts, to the cent.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { STAMPS, userContext } from '../test-support/fixtures.ts';
import { formatCents } from '../core/money.ts';
import type { TreatmentOption } from '../pipeline/case.schema.ts';
import { documentToSign, signatureRecordOf } from '../pipeline/signed-documents.ts';
import { DEFAULT_LATE_POLICY } from './ledger.schema.ts';
import { contractFromAgreement } from './agreement.workflow.ts';
import { readContracts } from './contracts-doc.ts';
import { contractPlan, familyAccount } from './contract-charges.ts';
import { monthlyForDown } from './payment-plan.ts';
import { optionFieldsOfChoice, planFigures, quoteOption, type PaymentChoice } from './payment-quote.ts';
import { readSplitForm } from './split-form.ts';
import type { PaymentSettings } from './payment-settings.schema.ts';

/** mulberry32: a small deterministic PRNG (fast-check is not a dependency of shared). */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

const CASE = 'cas_0000000000000001';

function randomSettings(rng: ReturnType<typeof random>): PaymentSettings {
  const apr = rng.chance(0.3) ? rng.int(1, 3_600) : 0;
  return {
    rounding: rng.pick(['remainder-last', 'remainder-first', 'round-up'] as const),
    payInFullDiscountBasisPoints: rng.pick([0, 300, 500, 250, rng.int(0, 1_000)]),
    payInFullDiscountBase: rng.pick(['patient-portion', 'fee'] as const),
    minimumDownPaymentBasisPoints: rng.pick([0, 1_000]),
    maximumMonths: rng.int(6, 60),
    dueDayOfMonth: rng.int(1, 28),
    aprBasisPoints: apr,
    interestStartsAfter: apr > 0 && rng.chance(0.3) ? rng.int(1, 6) : 0,
    frequency: rng.pick(['monthly', 'monthly', 'biweekly', 'weekly', 'quarterly'] as const),
  };
}

const figure = (figures: readonly { label: string; value: string }[], label: string) =>
  figures.find((f) => f.label === label)?.value;

describe('money agrees everywhere', () => {
  it('PLAN-101: presentation, slider, agreement, contract, statement and split agree to the cent (200 random practices)', () => {
    const rng = random(20_260_302);
    let checked = 0;
    for (let i = 0; i < 200; i += 1) {
      const settings = randomSettings(rng);
      const feeCents = rng.int(50_000, 1_200_000);
      const insuranceCents = rng.chance(0.5) ? rng.int(0, Math.min(feeCents, 300_000)) : 0;
      const startDate = `2026-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
      const input = { feeCents, insuranceCents, settings, startDate };
      const portion = quoteOption(input, { payInFull: true }).patientPortionCents;
      const maximumMonths = settings.maximumMonths ?? 24;
      const choice: PaymentChoice = rng.chance(0.25)
        ? { payInFull: true }
        : {
            payInFull: false,
            downPaymentCents: rng.int(Math.ceil(portion / 10), Math.floor(portion * 0.6)),
            months: rng.int(1, maximumMonths),
          };
      const quote = quoteOption(input, choice);
      if (!quote.plan.ok) continue; // the engine refused the choice (too small payments): the screen says so
      const shown = quote.plan.value;

      // The slider's monthly amount is the plan's regular payment.
      if (!choice.payInFull)
        expect(
          monthlyForDown({
            patientPortionCents: portion,
            downPaymentCents: choice.downPaymentCents,
            months: choice.months,
            settings,
          }),
        ).toBe(shown.regularCents);
      if (choice.payInFull && quote.payInFull.ok)
        expect(shown.dueAtStartCents).toBe(quote.payInFull.value.dueAtStartCents);

      // The agreement the family signs for the option carrying the choice.
      const option: TreatmentOption = {
        id: 'opt_0000000000000001',
        caseId: CASE,
        name: 'Braces',
        appliance: 'metal-braces',
        feeCents,
        months: 24,
        recommended: true,
        insuranceEstimateCents: insuranceCents,
        ...optionFieldsOfChoice(choice),
        status: 'accepted',
        sortOrder: 0,
        ...STAMPS,
      };
      const context = {
        practiceName: 'Bright Smiles',
        patientName: 'Emma Rivera',
        cases: [{ id: CASE, type: 'comprehensive' as const }],
        options: [option],
        paymentSettings: settings,
        latePolicy: DEFAULT_LATE_POLICY,
        templates: [],
      };
      const document = documentToSign(
        { kind: 'financial-agreement', caseId: CASE, option },
        context,
        startDate,
      );
      if (!document.ok) throw new Error(document.error.message);
      const figures = document.value.terms.figures;
      expect(figure(figures, choice.payInFull ? 'Paid in full at the start' : 'Due at start')).toBe(
        formatCents(shown.dueAtStartCents),
      );
      expect(figure(figures, 'Total the family pays')).toBe(formatCents(shown.totalCents));
      if (shown.count > 0) {
        const regularLabel = shown.frequency === 'monthly' ? 'Monthly payment' : 'Payment';
        expect(figure(figures, regularLabel)).toBe(formatCents(shown.regularCents));
        expect(figure(figures, 'Last payment') ?? formatCents(shown.regularCents)).toBe(
          formatCents(shown.lastCents),
        );
        expect(figure(figures, 'First payment') ?? formatCents(shown.regularCents)).toBe(
          formatCents(shown.firstCents),
        );
      }

      // The contract made from the signed agreement, and its plan.
      const doc = new Y.Doc();
      const made = contractFromAgreement(doc, userContext(), {
        familyId: 'fam_0000000000000001',
        patientId: 'pat_0000000000000001',
        caseId: CASE,
        option,
        agreement: {
          id: 'sig_0000000000000001',
          caseId: CASE,
          optionId: option.id,
          kind: 'financial-agreement',
          signedAt: `${startDate}T15:00:00.000Z`,
          terms: signatureRecordOf(document.value).terms,
        },
        parties: [{ partyId: 'rp_00000000000000001', share: { kind: 'percent', percent: 100 } }],
        settings,
        startDate,
      });
      if (!made.ok) throw new Error(JSON.stringify(made.error));
      const contract = readContracts(doc).contracts[0]!;
      const plan = contractPlan(contract, [], {});
      if (!plan.ok) throw new Error(plan.error.message);
      expect(planFigures(plan.value)).toEqual(shown);

      // The statement's charges: the down payment, then each installment, adding up to the total.
      const account = familyAccount(
        { contracts: [contract], amendments: [], entries: [], settings: {} },
        startDate,
      );
      expect(account.problems).toEqual([]);
      const charged = account.charges.reduce((sum, c) => sum + c.amountCents, 0);
      expect(charged).toBe(shown.totalCents);
      const down = account.charges.find((c) => c.chargeKind === 'initial-fee');
      expect(down?.amountCents ?? 0).toBe(shown.dueAtStartCents);
      expect(account.charges.filter((c) => c.chargeKind === 'installment').map((c) => c.amountCents)).toEqual(
        plan.value.installments.map((p) => p.amountCents),
      );

      // A split between two parents, by percent or by fixed amounts, covers the total exactly.
      const total = shown.totalCents;
      const byAmount = rng.chance(0.5);
      const first = byAmount ? rng.int(0, total) : rng.int(0, 100);
      const split = readSplitForm({
        by: byAmount ? 'amount' : 'percent',
        values: byAmount
          ? [formatCents(first).slice(1), formatCents(total - first).slice(1)]
          : [String(first), String(100 - first)],
        partyIds: ['rp_00000000000000001', 'rp_00000000000000002'],
        totalCents: total,
      });
      if (!split.ok) throw new Error(split.error);
      if (byAmount)
        expect(split.value.reduce((sum, p) => sum + (p.share.kind === 'amount' ? p.share.cents : 0), 0)).toBe(
          total,
        );
      checked += 1;
    }
    expect(checked).toBeGreaterThan(150);
  }, 60_000);
});
