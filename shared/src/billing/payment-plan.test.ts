import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PAYMENT_SETTINGS,
  type PlanFrequency,
  type ResolvedPaymentSettings,
  type RoundingConvention,
} from './payment-settings.schema.ts';
import { daysBetween, splitLocalDate } from '../core/calendar.ts';
import {
  basisPointsOfCentsHalfUp,
  basisPointsOfCentsUp,
  defaultDownPaymentCents,
  downForMonthly,
  firstDueDate,
  formatBasisPoints,
  installmentCountFor,
  monthlyForDown,
  patientPortion,
  planPayments,
  replanRemaining,
  sliderBounds,
  type PaymentPlan,
  type PaymentPlanInput,
  type PaymentPlanProblem,
} from './payment-plan.ts';

/** Small deterministic PRNG (mulberry32): fast-check is not a dependency of shared. */
function random(seed: number): (max: number) => number {
  let a = seed;
  return (max) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (max + 1));
  };
}

function plan(input: PaymentPlanInput): PaymentPlan {
  const result = planPayments(input);
  if (!result.ok) throw new Error(`Expected a plan: ${result.error.message}`);
  return result.value;
}

function problem(input: PaymentPlanInput): PaymentPlanProblem {
  const result = planPayments(input);
  if (result.ok) throw new Error('Expected a problem');
  return result.error;
}

const amounts = (p: PaymentPlan) => p.installments.map((i) => i.amountCents);
const total = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** PLAN-2's worked example: fee $6,000, insurance $1,000, family discount $200, down $1,000, 12 months. */
const VENDOR_EXAMPLE: PaymentPlanInput = {
  feeCents: 600_000,
  insuranceCents: 100_000,
  discounts: { sibling: { kind: 'amount', cents: 20_000 } },
  downPaymentCents: 100_000,
  months: 12,
  startDate: '2026-03-02',
  settings: {},
};

describe('the plan for a contract', () => {
  it('PLAN-2: spreads the worked example as 11 × $316.66 and a last payment of $316.74', () => {
    const p = plan(VENDOR_EXAMPLE);
    expect(p.patientPortionCents).toBe(480_000);
    expect(p.financedCents).toBe(380_000);
    expect(amounts(p)).toEqual([...Array<number>(11).fill(31_666), 31_674]);
    expect(p.discountLines).toEqual([{ kind: 'sibling', label: 'Sibling discount', cents: 20_000 }]);
    expect(p.totalInterestCents).toBe(0);
    expect(p.totalPatientCents).toBe(480_000);
    expect(p.installments.every((i) => i.principalCents === i.amountCents && i.interestCents === 0)).toBe(
      true,
    );
  });

  it('PLAN-9: dates the installments on the 1st of each month from the first due date', () => {
    const p = plan(VENDOR_EXAMPLE);
    // Contract on Mar 2: Apr 1 is 30 days away, so the plan starts then.
    expect(p.installments.map((i) => i.dueOn)).toEqual([
      '2026-04-01',
      '2026-05-01',
      '2026-06-01',
      '2026-07-01',
      '2026-08-01',
      '2026-09-01',
      '2026-10-01',
      '2026-11-01',
      '2026-12-01',
      '2027-01-01',
      '2027-02-01',
      '2027-03-01',
    ]);
    expect(p.installments.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('PLAN-4: gives pay in full 3% off the patient portion: $6,000 − $2,000 insurance → pays $3,880', () => {
    const p = plan({
      feeCents: 600_000,
      insuranceCents: 200_000,
      discounts: { payInFull: true },
      startDate: '2026-03-02',
      settings: {},
    });
    expect(p.discountLines).toEqual([
      { kind: 'pay-in-full', label: 'Pay-in-full discount (3% of $4,000.00)', cents: 12_000 },
    ]);
    expect(p.patientPortionCents).toBe(388_000);
    expect(p.downPaymentCents).toBe(388_000);
    expect(p.financedCents).toBe(0);
    expect(p.installments).toEqual([]);
    expect(p.totalPatientCents).toBe(388_000);
    expect(p.payInFull).toBe(true);
  });

  it('PLAN-4: gives pay in full without insurance 3% of the fee: $5,000 → pays $4,850', () => {
    const p = plan({
      feeCents: 500_000,
      discounts: { payInFull: true },
      startDate: '2026-03-02',
      settings: {},
    });
    expect(p.totalPatientCents).toBe(485_000);
  });

  it('PLAN-4: takes the pay-in-full discount of the whole fee when the practice chooses that base', () => {
    const p = plan({
      feeCents: 600_000,
      insuranceCents: 200_000,
      discounts: { payInFull: true },
      startDate: '2026-03-02',
      settings: { payInFullDiscountBase: 'fee' },
    });
    expect(p.discountLines[0]).toEqual({
      kind: 'pay-in-full',
      label: 'Pay-in-full discount (3% of $6,000.00)',
      cents: 18_000,
    });
    expect(p.totalPatientCents).toBe(382_000);
  });

  it('PLAN-4: takes a 2.5% pay-in-full discount, rounded half up to the cent', () => {
    const p = plan({
      feeCents: 400_020, // 2.5% = 10,000.5 cents → 10,001
      discounts: { payInFull: true },
      startDate: '2026-03-02',
      settings: { payInFullDiscountBasisPoints: 250 },
    });
    expect(p.discountLines[0]?.label).toBe('Pay-in-full discount (2.5% of $4,000.20)');
    expect(p.discountLines[0]?.cents).toBe(10_001);
    expect(p.patientPortionCents).toBe(390_019);
  });

  it('PLAN-4: ignores the down payment and months when paying in full', () => {
    const p = plan({
      feeCents: 400_000,
      discounts: { payInFull: true },
      downPaymentCents: 1_000,
      months: 12,
      startDate: '2026-03-02',
      settings: {},
    });
    expect(p.downPaymentCents).toBe(388_000);
    expect(p.installments).toEqual([]);
  });

  it('PLAN-4: shows no pay-in-full line when the practice gives no such discount', () => {
    const p = plan({
      feeCents: 400_000,
      discounts: { payInFull: true },
      startDate: '2026-03-02',
      settings: { payInFullDiscountBasisPoints: 0 },
    });
    expect(p.discountLines).toEqual([]);
    expect(p.totalPatientCents).toBe(400_000);
  });

  it('PLAN-5: takes every percent discount from the portion before discounts, so they never compound', () => {
    const p = plan({
      feeCents: 600_000,
      insuranceCents: 200_000,
      discounts: {
        payInFull: true,
        sibling: { kind: 'percent', percent: 10 },
        courtesy: { cents: 5_000, reason: 'Staff family' },
      },
      startDate: '2026-03-02',
      settings: {},
    });
    expect(p.discountLines).toEqual([
      { kind: 'pay-in-full', label: 'Pay-in-full discount (3% of $4,000.00)', cents: 12_000 },
      { kind: 'sibling', label: 'Sibling discount (10% of $4,000.00)', cents: 40_000 },
      { kind: 'courtesy', label: 'Courtesy discount (Staff family)', cents: 5_000 },
    ]);
    expect(p.discountCents).toBe(57_000);
    expect(p.patientPortionCents).toBe(343_000);
  });

  it('PLAN-5: accepts a sibling percent with two decimals and refuses one with more, or outside 0–100', () => {
    const base = { feeCents: 100_000, months: 12, startDate: '2026-03-02', settings: {} };
    const p = plan({ ...base, discounts: { sibling: { kind: 'percent', percent: 7.25 } } });
    expect(p.discountLines[0]).toMatchObject({
      label: 'Sibling discount (7.25% of $1,000.00)',
      cents: 7_250,
    });
    for (const percent of [7.255, 101, -1, Number.NaN]) {
      expect(problem({ ...base, discounts: { sibling: { kind: 'percent', percent } } }).kind).toBe(
        'discount-percent-invalid',
      );
    }
  });

  it('PLAN-5: labels a courtesy discount without a reason plainly, and leaves out discounts of $0', () => {
    const p = plan({
      feeCents: 100_000,
      discounts: { courtesy: { cents: 2_500, reason: '  ' }, sibling: { kind: 'amount', cents: 0 } },
      months: 12,
      startDate: '2026-03-02',
      settings: {},
    });
    expect(p.discountLines).toEqual([{ kind: 'courtesy', label: 'Courtesy discount', cents: 2_500 }]);
  });

  it('PLAN-5: refuses discounts bigger than what the family owes, and allows them to bring it to exactly $0', () => {
    const base = { feeCents: 300_000, insuranceCents: 100_000, startDate: '2026-03-02', settings: {} };
    const refused = problem({ ...base, discounts: { courtesy: { cents: 200_001, reason: 'typo' } } });
    expect(refused).toMatchObject({
      kind: 'discounts-exceed-portion',
      discountCents: 200_001,
      portionCents: 200_000,
    });
    expect(refused.message).toBe('The discounts ($2,000.01) are more than the $2,000.00 the family owes');
    const zero = plan({ ...base, discounts: { courtesy: { cents: 200_000, reason: 'hardship' } } });
    expect(zero.patientPortionCents).toBe(0);
    expect(zero.installments).toEqual([]);
  });

  it('PLAN-1: caps the insurance estimate at the fee, so the family owes nothing rather than less than nothing', () => {
    const p = plan({
      feeCents: 300_000,
      insuranceCents: 350_000,
      months: 12,
      startDate: '2026-03-02',
      settings: {},
    });
    expect(p.insuranceCents).toBe(300_000);
    expect(p.patientPortionCents).toBe(0);
    expect(p.financedCents).toBe(0);
    expect(p.installments).toEqual([]);
  });

  it('PLAN-1: needs no months when the down payment covers the whole portion', () => {
    const p = plan({
      feeCents: 300_000,
      downPaymentCents: 300_000,
      months: 0,
      startDate: '2026-03-02',
      settings: {},
    });
    expect(p.financedCents).toBe(0);
    expect(p.installments).toEqual([]);
  });
});

describe('what a plan refuses', () => {
  const base: PaymentPlanInput = {
    feeCents: 500_000,
    downPaymentCents: 100_000,
    months: 12,
    startDate: '2026-03-02',
    settings: {},
  };

  it("PLAN-6: refuses a down payment below the practice's minimum amount", () => {
    const settings = { minimumDownPaymentCents: 50_000 };
    const refused = problem({ ...base, downPaymentCents: 49_999, settings });
    expect(refused).toEqual({
      kind: 'down-payment-below-minimum',
      message: "The down payment must be at least $500.00 (the practice's minimum)",
      minimumCents: 50_000,
    });
    expect(plan({ ...base, downPaymentCents: 50_000, settings }).financedCents).toBe(450_000);
  });

  it("PLAN-6: refuses a down payment below the practice's minimum percent, rounded up to the cent", () => {
    // 15% of $4,999.99 = $749.9985 → $750.00.
    const settings = { minimumDownPaymentBasisPoints: 1_500 };
    const input = { ...base, feeCents: 499_999, settings };
    expect(problem({ ...input, downPaymentCents: 74_999 })).toMatchObject({ minimumCents: 75_000 });
    expect(plan({ ...input, downPaymentCents: 75_000 }).downPaymentCents).toBe(75_000);
  });

  it('PLAN-6: applies the larger of the minimum amount and the minimum percent', () => {
    const settings = { minimumDownPaymentCents: 50_000, minimumDownPaymentBasisPoints: 2_000 };
    expect(problem({ ...base, downPaymentCents: 99_999, settings })).toMatchObject({ minimumCents: 100_000 });
    expect(problem({ ...base, feeCents: 100_000, downPaymentCents: 0, settings })).toMatchObject({
      minimumCents: 50_000,
    });
  });

  it('PLAN-6: never asks for a minimum down payment larger than what the family owes', () => {
    const p = plan({
      ...base,
      feeCents: 30_000,
      downPaymentCents: 30_000,
      settings: { minimumDownPaymentCents: 50_000 },
    });
    expect(p.downPaymentCents).toBe(30_000);
  });

  it('PLAN-6: refuses a down payment larger than the patient portion', () => {
    expect(problem({ ...base, downPaymentCents: 500_001 })).toEqual({
      kind: 'down-payment-above-portion',
      message: 'The down payment is more than the $5,000.00 the family owes',
      portionCents: 500_000,
    });
  });

  it("PLAN-7: refuses more months than the practice's longest plan", () => {
    expect(plan({ ...base, months: 24 }).installments).toHaveLength(24);
    expect(problem({ ...base, months: 25 })).toEqual({
      kind: 'months-above-maximum',
      message: "At most 24 months (the practice's longest plan)",
      maximumMonths: 24,
    });
    expect(problem({ ...base, months: 37, settings: { maximumMonths: 36 } }).kind).toBe(
      'months-above-maximum',
    );
  });

  it('PLAN-7: asks for months when something is financed', () => {
    expect(problem({ ...base, months: 0 }).kind).toBe('months-required');
    expect(problem({ ...base, months: undefined }).kind).toBe('months-required');
  });

  it('PLAN-3: refuses more payments than there are cents to spread', () => {
    expect(problem({ ...base, feeCents: 100_011, months: 12 }).kind).toBe('installments-too-small');
    expect(
      plan({ ...base, feeCents: 100_012, months: 12 }).installments.every((i) => i.amountCents === 1),
    ).toBe(true);
  });

  it('PLAN-3: refuses a round-up split whose last payment would be $0', () => {
    // $0.10 over 6 rounded up: 5 × $0.02 leaves $0.00 for the last.
    const settings = { rounding: 'round-up' as const };
    expect(problem({ ...base, feeCents: 100_010, months: 6, settings }).message).toBe(
      '$0.10 cannot be spread over 6 payments of at least one cent each: choose fewer months or a smaller down payment',
    );
  });

  it('MONEY-1: throws on input no schema would let through: those are bugs', () => {
    expect(() => planPayments({ ...base, feeCents: 12.5 })).toThrow(RangeError);
    expect(() => planPayments({ ...base, downPaymentCents: -1 })).toThrow(RangeError);
    expect(() => planPayments({ ...base, months: 1.5 })).toThrow(RangeError);
    expect(() => planPayments({ ...base, startDate: '2026-02-30' })).toThrow(RangeError);
    expect(() => planPayments({ ...base, settings: { dueDayOfMonth: 31 } })).toThrow(RangeError);
  });
});

describe('PLAN-3: rounding conventions', () => {
  const at = (rounding: RoundingConvention) => plan({ ...VENDOR_EXAMPLE, settings: { rounding } });

  it('PLAN-2: puts the remainder on the last payment by default', () => {
    expect(amounts(at('remainder-last'))).toEqual([...Array<number>(11).fill(31_666), 31_674]);
  });

  it('can put the remainder on the first payment', () => {
    expect(amounts(at('remainder-first'))).toEqual([31_674, ...Array<number>(11).fill(31_666)]);
  });

  it('can round every payment up and make the last one smaller', () => {
    // 11 × $316.67 = $3,483.37; $3,800 − $3,483.37 = $316.63.
    expect(amounts(at('round-up'))).toEqual([...Array<number>(11).fill(31_667), 31_663]);
  });

  it('makes every payment equal when the amount divides evenly, whatever the convention', () => {
    for (const rounding of ['remainder-last', 'remainder-first', 'round-up'] as const) {
      const p = plan({ feeCents: 360_000, months: 12, startDate: '2026-03-02', settings: { rounding } });
      expect(amounts(p)).toEqual(Array<number>(12).fill(30_000));
    }
  });
});

describe('PLAN-8: interest', () => {
  it('amortizes $3,000 at 6% APR over 12 months with a level payment rounded up and a smaller last one', () => {
    // By hand: r = 6% / 12 = 0.005. P·r / (1 − 1.005^−12) = 1,500 / 0.0580946… = 25,819.93 cents,
    // rounded up → $258.20. Each month's interest = remaining × 0.005, half up to the cent:
    //   1: 300,000 × 0.005 = 1,500      → principal 25,820 − 1,500 = 24,320, left 275,680
    //   2: 275,680 × 0.005 = 1,378.40   → 1,378, principal 24,442, left 251,238
    //   3: 251,238 × 0.005 = 1,256.19   → 1,256, principal 24,564, left 226,674
    //   4: 226,674 × 0.005 = 1,133.37   → 1,133, principal 24,687, left 201,987
    //   … (the same step) …
    //  12: left 25,689 × 0.005 = 128.445 → 128; the last pays 25,689 + 128 = 25,817 ($258.17).
    // Interest in all: 9,837 cents ($98.37); the family pays $3,098.37.
    const p = plan({
      feeCents: 300_000,
      months: 12,
      startDate: '2026-03-02',
      settings: { aprBasisPoints: 600 },
    });
    expect(p.installments.map((i) => [i.amountCents, i.principalCents, i.interestCents])).toEqual([
      [25_820, 24_320, 1_500],
      [25_820, 24_442, 1_378],
      [25_820, 24_564, 1_256],
      [25_820, 24_687, 1_133],
      [25_820, 24_810, 1_010],
      [25_820, 24_934, 886],
      [25_820, 25_059, 761],
      [25_820, 25_184, 636],
      [25_820, 25_310, 510],
      [25_820, 25_437, 383],
      [25_820, 25_564, 256],
      [25_817, 25_689, 128],
    ]);
    expect(p.totalInterestCents).toBe(9_837);
    expect(p.totalPatientCents).toBe(309_837);
    expect(total(p.installments.map((i) => i.principalCents))).toBe(300_000);
  });

  it('keeps the payment level when interest starts after 3 payments', () => {
    // By hand: the first 3 payments are principal only; what they leave is amortized over 9:
    // A = P / (3 + (1 − 1.005^−9) / 0.005) = 300,000 / (3 + 8.77906…) = 25,468.92 → $254.69.
    // Payment 4: left 300,000 − 3 × 25,469 = 223,593; × 0.005 = 1,117.965 → 1,118 interest.
    const p = plan({
      feeCents: 300_000,
      months: 12,
      startDate: '2026-03-02',
      settings: { aprBasisPoints: 600, interestStartsAfter: 3 },
    });
    expect(p.installments.slice(0, 4).map((i) => [i.amountCents, i.principalCents, i.interestCents])).toEqual(
      [
        [25_469, 25_469, 0],
        [25_469, 25_469, 0],
        [25_469, 25_469, 0],
        [25_469, 24_351, 1_118],
      ],
    );
    expect(p.installments.at(-1)).toMatchObject({
      amountCents: 25_468,
      principalCents: 25_341,
      interestCents: 127,
    });
    expect(p.totalInterestCents).toBe(5_627);
    expect(total(p.installments.map((i) => i.principalCents))).toBe(300_000);
  });

  it('charges no interest, and rounds by the convention, when interest would start after the last payment', () => {
    const p = plan({
      ...VENDOR_EXAMPLE,
      settings: { aprBasisPoints: 600, interestStartsAfter: 12, rounding: 'remainder-first' },
    });
    expect(p.totalInterestCents).toBe(0);
    expect(amounts(p)).toEqual([31_674, ...Array<number>(11).fill(31_666)]);
  });

  it('rounds the level payment up only for a real fraction of a cent, not for float noise', () => {
    // $1,200 at 6% for one month: exactly 120,000 × 1.005 = 120,600; the float formula gives
    // 120,600.0000000032, which must not become $1,206.01.
    const settings = { aprBasisPoints: 600 };
    expect(monthlyForDown({ patientPortionCents: 120_000, downPaymentCents: 0, months: 1, settings })).toBe(
      120_600,
    );
    expect(amounts(plan({ feeCents: 120_000, months: 1, startDate: '2026-03-02', settings }))).toEqual([
      120_600,
    ]);
  });

  it('divides the APR by 52 for weekly payments', () => {
    // $1,000 at 5.2%: one week's interest = 100,000 × 0.052 / 52 = 100 cents.
    const p = plan({
      feeCents: 100_000,
      months: 3,
      startDate: '2026-03-02',
      settings: { aprBasisPoints: 520, frequency: 'weekly' },
    });
    expect(p.installments).toHaveLength(13);
    expect(p.installments[0]?.interestCents).toBe(100);
  });

  it('divides the APR by 4 for quarterly payments', () => {
    // $10,000 at 8%: one quarter's interest = 1,000,000 × 0.02 = 20,000 cents.
    const p = plan({
      feeCents: 1_000_000,
      months: 24,
      startDate: '2026-03-02',
      settings: { aprBasisPoints: 800, frequency: 'quarterly' },
    });
    expect(p.installments).toHaveLength(8);
    expect(p.installments[0]?.interestCents).toBe(20_000);
  });
});

describe('PLAN-9: the first due date', () => {
  const defaults = DEFAULT_PAYMENT_SETTINGS;

  it('is the next 1st when it is exactly 21 days away', () => {
    expect(daysBetween('2026-03-11', '2026-04-01')).toBe(21);
    expect(firstDueDate('2026-03-11', defaults)).toBe('2026-04-01');
  });

  it('is the month after when the next 1st is only 20 days away', () => {
    expect(firstDueDate('2026-03-12', defaults)).toBe('2026-05-01');
  });

  it('is never the contract date itself, even with no minimum gap', () => {
    expect(firstDueDate('2026-03-01', { dueDayOfMonth: 1, firstDueMinDays: 0 })).toBe('2026-04-01');
    expect(firstDueDate('2026-03-01', { dueDayOfMonth: 2, firstDueMinDays: 0 })).toBe('2026-03-02');
  });

  it('uses the chosen day of the month', () => {
    expect(firstDueDate('2026-03-01', { dueDayOfMonth: 15, firstDueMinDays: 21 })).toBe('2026-04-15');
    expect(firstDueDate('2026-02-20', { dueDayOfMonth: 28, firstDueMinDays: 21 })).toBe('2026-03-28');
  });

  it('crosses the year end', () => {
    expect(firstDueDate('2026-12-20', defaults)).toBe('2027-02-01');
  });

  it('moves on month by month until the minimum gap is met', () => {
    expect(firstDueDate('2026-03-20', { dueDayOfMonth: 1, firstDueMinDays: 45 })).toBe('2026-06-01');
  });

  it('starts the plan', () => {
    expect(plan({ ...VENDOR_EXAMPLE, startDate: '2026-03-12' }).installments[0]?.dueOn).toBe('2026-05-01');
  });
});

describe('frequencies', () => {
  it('PLAN-7: count the whole periods that fit in the months', () => {
    expect(installmentCountFor(24, 'monthly')).toBe(24);
    expect(installmentCountFor(24, 'quarterly')).toBe(8);
    expect(installmentCountFor(4, 'quarterly')).toBe(1);
    expect(installmentCountFor(1, 'quarterly')).toBe(1);
    expect(installmentCountFor(24, 'biweekly')).toBe(52);
    expect(installmentCountFor(24, 'weekly')).toBe(104);
    expect(installmentCountFor(1, 'weekly')).toBe(4);
    expect(installmentCountFor(0, 'weekly')).toBe(0);
  });

  const datesFor = (frequency: PlanFrequency) =>
    plan({ feeCents: 120_000, months: 6, startDate: '2026-03-02', settings: { frequency } }).installments.map(
      (i) => i.dueOn,
    );

  it('PLAN-9: step weekly and every other week in days from the first due date', () => {
    expect(datesFor('weekly').slice(0, 3)).toEqual(['2026-04-01', '2026-04-08', '2026-04-15']);
    expect(datesFor('weekly')).toHaveLength(26);
    expect(datesFor('biweekly').slice(0, 3)).toEqual(['2026-04-01', '2026-04-15', '2026-04-29']);
    expect(datesFor('biweekly')).toHaveLength(13);
  });

  it('PLAN-9: step quarterly three months at a time', () => {
    expect(datesFor('quarterly')).toEqual(['2026-04-01', '2026-07-01']);
  });

  it('PLAN-7: check the maximum against months, not the number of payments', () => {
    const p = plan({
      feeCents: 1_000_000,
      months: 24,
      startDate: '2026-03-02',
      settings: { frequency: 'weekly' },
    });
    expect(p.installments).toHaveLength(104);
  });
});

describe('MONEY-4: rounding helpers', () => {
  it('take basis points of cents half up or up', () => {
    expect(basisPointsOfCentsHalfUp(400_000, 300)).toBe(12_000);
    expect(basisPointsOfCentsHalfUp(50, 100)).toBe(1); // 0.5 → 1
    expect(basisPointsOfCentsHalfUp(49, 100)).toBe(0); // 0.49 → 0
    expect(basisPointsOfCentsUp(1, 1)).toBe(1);
    expect(basisPointsOfCentsUp(0, 10_000)).toBe(0);
    expect(basisPointsOfCentsUp(100_000_000, 10_000)).toBe(100_000_000);
  });

  it('write basis points as a percent', () => {
    expect(formatBasisPoints(300)).toBe('3%');
    expect(formatBasisPoints(250)).toBe('2.5%');
    expect(formatBasisPoints(1_234)).toBe('12.34%');
    expect(formatBasisPoints(5)).toBe('0.05%');
    expect(formatBasisPoints(10_000)).toBe('100%');
    expect(() => formatBasisPoints(1.5)).toThrow(RangeError);
  });
});

describe('PLAN-10: the slider between down payment and monthly amount', () => {
  it("runs from the practice's minimum down payment to the whole portion, and 1 month to its maximum", () => {
    expect(
      sliderBounds({
        patientPortionCents: 480_000,
        settings: { minimumDownPaymentBasisPoints: 1_000, maximumMonths: 30 },
      }),
    ).toEqual({ minDownCents: 48_000, maxDownCents: 480_000, minMonths: 1, maxMonths: 30 });
  });

  it('is empty when the family owes nothing', () => {
    expect(sliderBounds({ patientPortionCents: 0, settings: { minimumDownPaymentCents: 50_000 } })).toEqual({
      minDownCents: 0,
      maxDownCents: 0,
      minMonths: 0,
      maxMonths: 0,
    });
  });

  it("suggests the practice's default down payment within the bounds", () => {
    expect(defaultDownPaymentCents({ patientPortionCents: 480_000, settings: {} })).toBe(96_000);
    expect(
      defaultDownPaymentCents({
        patientPortionCents: 480_000,
        settings: { minimumDownPaymentCents: 150_000 },
      }),
    ).toBe(150_000);
    expect(
      defaultDownPaymentCents({
        patientPortionCents: 100,
        settings: { defaultDownPaymentBasisPoints: 10_000 },
      }),
    ).toBe(100);
  });

  it("gives the worked example's monthly amount for its down payment", () => {
    expect(
      monthlyForDown({ patientPortionCents: 480_000, downPaymentCents: 100_000, months: 12, settings: {} }),
    ).toBe(31_666);
    expect(
      monthlyForDown({ patientPortionCents: 480_000, downPaymentCents: 480_000, months: 12, settings: {} }),
    ).toBe(0);
  });

  it('finds the smallest down payment for a monthly amount', () => {
    // floor((480,000 − d) / 12) ≤ 31,666 ⇔ 480,000 − d < 380,004 ⇔ d ≥ 99,997.
    expect(
      downForMonthly({ patientPortionCents: 480_000, monthlyCents: 31_666, months: 12, settings: {} }),
    ).toBe(99_997);
    expect(
      downForMonthly({
        patientPortionCents: 480_000,
        monthlyCents: 100_000,
        months: 12,
        settings: { minimumDownPaymentCents: 20_000 },
      }),
    ).toBe(20_000);
    // A monthly amount of $0.00 leaves at most 11 cents financed (11 ÷ 12 rounds down to 0).
    expect(downForMonthly({ patientPortionCents: 480_000, monthlyCents: 0, months: 12, settings: {} })).toBe(
      479_989,
    );
  });

  it('throws for a down payment above the portion: the slider never offers one', () => {
    expect(() =>
      monthlyForDown({ patientPortionCents: 100, downPaymentCents: 101, months: 12, settings: {} }),
    ).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over random contracts and settings

function randomSettings(next: (max: number) => number): ResolvedPaymentSettings {
  const roundings = ['remainder-last', 'remainder-first', 'round-up'] as const;
  const frequencies = ['monthly', 'monthly', 'weekly', 'biweekly', 'quarterly'] as const;
  const withInterest = next(2) === 0;
  return {
    ...DEFAULT_PAYMENT_SETTINGS,
    rounding: roundings[next(2)]!,
    payInFullDiscountBasisPoints: next(1_000),
    payInFullDiscountBase: next(1) === 0 ? 'patient-portion' : 'fee',
    minimumDownPaymentCents: next(3) === 0 ? next(100_000) : 0,
    minimumDownPaymentBasisPoints: next(3) === 0 ? next(3_000) : 0,
    maximumMonths: 12 + next(48),
    dueDayOfMonth: 1 + next(27),
    firstDueMinDays: next(40),
    aprBasisPoints: withInterest ? 1 + next(3_599) : 0,
    interestStartsAfter: next(2) === 0 ? next(15) : 0,
    frequency: frequencies[next(4)]!,
  };
}

/**
 * Every invariant a plan promises; `count` is the installments expected. Checks are gathered
 * into a few assertions (one `expect` per installment would make thousands of cases slow).
 */
function expectSound(p: PaymentPlan, input: PaymentPlanInput, count: number): void {
  const settings = p.settings;
  const xs = amounts(p);
  const paid = total(xs);
  expect(total(p.installments.map((i) => i.principalCents))).toBe(p.financedCents);
  expect(paid).toBe(p.financedCents + p.totalInterestCents);
  expect(p.totalPatientCents).toBe(p.downPaymentCents + paid);
  expect(p.totalPatientCents).toBe(p.patientPortionCents + p.totalInterestCents);
  expect(p.patientPortionCents).toBe(p.feeCents - p.insuranceCents - p.discountCents);
  expect(p.financedCents).toBe(p.patientPortionCents - p.downPaymentCents);
  expect(p.installments).toHaveLength(count);
  const broken = p.installments.filter(
    (i, index) =>
      i.number !== index + 1 ||
      i.amountCents <= 0 ||
      i.principalCents <= 0 ||
      i.interestCents < 0 ||
      i.amountCents !== i.principalCents + i.interestCents ||
      (index > 0 && i.dueOn <= p.installments[index - 1]!.dueOn),
  );
  expect(broken).toEqual([]);
  const first = p.installments[0];
  if (first) {
    expect(daysBetween(input.startDate, first.dueOn)).toBeGreaterThanOrEqual(
      Math.max(1, settings.firstDueMinDays),
    );
    const onDay =
      settings.frequency === 'monthly' || settings.frequency === 'quarterly' ? p.installments : [first];
    expect(onDay.filter((i) => splitLocalDate(i.dueOn)?.day !== settings.dueDayOfMonth)).toEqual([]);
  }
  if (count < 2) return;
  const withInterest = settings.aprBasisPoints > 0 && settings.interestStartsAfter < count;
  const others = (from: number, to: number, regular: number) =>
    xs.slice(from, to).filter((x) => x !== regular);
  if (withInterest) {
    // Level payments, then a last one that pays off what is left (never more than a cent over).
    const regular = xs[0]!;
    expect(others(0, -1, regular)).toEqual([]);
    expect(xs.at(-1)!).toBeLessThanOrEqual(regular + 1);
    const early = p.installments.slice(0, settings.interestStartsAfter);
    expect(early.filter((i) => i.interestCents !== 0)).toEqual([]);
  } else if (settings.rounding === 'remainder-first') {
    const regular = Math.floor(p.financedCents / count);
    expect(others(1, count, regular)).toEqual([]);
    expect(xs[0]! - regular).toBeGreaterThanOrEqual(0);
    expect(xs[0]! - regular).toBeLessThan(count);
  } else if (settings.rounding === 'remainder-last') {
    const regular = Math.floor(p.financedCents / count);
    expect(others(0, -1, regular)).toEqual([]);
    expect(xs.at(-1)! - regular).toBeGreaterThanOrEqual(0);
    expect(xs.at(-1)! - regular).toBeLessThan(count);
  } else {
    const regular = Math.ceil(p.financedCents / count);
    expect(others(0, -1, regular)).toEqual([]);
    expect(xs.at(-1)!).toBeLessThanOrEqual(regular);
  }
}

function randomDate(next: (max: number) => number): string {
  const month = 1 + next(11);
  const day = 1 + next(27);
  return `${2025 + next(3)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A contract whose discounts never exceed the portion: insurance ≤ half the fee, each discount ≤ 10%. */
function randomContract(next: (max: number) => number, settings: ResolvedPaymentSettings) {
  const feeCents = 20_000 + next(1_500_000);
  const insuranceCents = next(2) === 0 ? next(Math.floor(feeCents / 2)) : 0;
  const portionBefore = feeCents - insuranceCents;
  const sibling =
    next(2) !== 0
      ? undefined
      : next(1) === 0
        ? { kind: 'amount' as const, cents: next(Math.floor(portionBefore / 10)) }
        : { kind: 'percent' as const, percent: next(1_000) / 100 };
  const courtesy =
    next(3) === 0 ? { cents: next(Math.floor(portionBefore / 10)), reason: 'courtesy' } : undefined;
  const discounts = { payInFull: next(5) === 0, sibling, courtesy };
  const months = 1 + next(settings.maximumMonths - 1);
  return { feeCents, insuranceCents, discounts, months, startDate: randomDate(next), settings };
}

function portionOf(
  input: Pick<PaymentPlanInput, 'feeCents' | 'insuranceCents' | 'discounts' | 'settings'>,
): number {
  const result = patientPortion(input);
  if (!result.ok) throw new Error(result.error.message);
  return result.value.patientPortionCents;
}

describe('every plan, over random contracts and settings', () => {
  it('PLAN-3: adds up exactly, has no empty or negative payment, and keeps its rounding shape (3,000 valid contracts)', () => {
    const next = random(20_260_302);
    let withInstallments = 0;
    for (let n = 0; n < 3_000; n += 1) {
      const settings = randomSettings(next);
      const contract = randomContract(next, settings);
      const portion = portionOf(contract);
      const count = installmentCountFor(contract.months, settings.frequency);
      const { minDownCents } = sliderBounds({ patientPortionCents: portion, settings });
      // A down payment from the minimum to what still leaves count² cents to finance, or all of it.
      const room = portion - count * count - minDownCents;
      const downPaymentCents = room >= 0 && next(9) !== 0 ? minDownCents + next(room) : portion;
      const input: PaymentPlanInput = { ...contract, downPaymentCents };
      const result = planPayments(input);
      if (!result.ok) throw new Error(`${JSON.stringify(input)}: ${result.error.message}`);
      const p = result.value;
      const financed = !contract.discounts.payInFull && downPaymentCents < portion;
      expectSound(p, input, financed ? count : 0);
      if (financed) withInstallments += 1;
      if (contract.discounts.payInFull) expect(p.downPaymentCents).toBe(p.patientPortionCents);
    }
    expect(withInstallments).toBeGreaterThan(2_000);
  });

  it('PLAN-1: refuses only for a reason that holds (2,000 contracts with any down payment and months)', () => {
    const next = random(42);
    const seen = new Set<string>();
    for (let n = 0; n < 2_000; n += 1) {
      const settings = { ...randomSettings(next), minimumDownPaymentCents: next(1) * next(200_000) };
      const contract = randomContract(next, settings);
      const input: PaymentPlanInput = {
        ...contract,
        insuranceCents: next(3) === 0 ? next(2 * contract.feeCents) : contract.insuranceCents,
        discounts: {
          ...contract.discounts,
          courtesy: next(4) === 0 ? { cents: next(contract.feeCents), reason: 'big' } : undefined,
        },
        downPaymentCents: next(3) === 0 ? contract.feeCents - next(200) : next(contract.feeCents),
        months: next(settings.maximumMonths + 3),
      };
      const portion = patientPortion(input);
      const result = planPayments(input);
      if (result.ok) {
        const financed = result.value.financedCents > 0;
        expectSound(
          result.value,
          input,
          financed ? installmentCountFor(input.months!, settings.frequency) : 0,
        );
        continue;
      }
      const why = result.error;
      seen.add(why.kind);
      const down = input.downPaymentCents!;
      const months = input.months!;
      const owed = portion.ok ? portion.value.patientPortionCents : -1;
      switch (why.kind) {
        case 'discounts-exceed-portion':
          expect(portion.ok).toBe(false);
          expect(why.discountCents).toBeGreaterThan(why.portionCents);
          break;
        case 'down-payment-above-portion':
          expect(down).toBeGreaterThan(owed);
          break;
        case 'down-payment-below-minimum':
          expect(down).toBeLessThan(sliderBounds({ patientPortionCents: owed, settings }).minDownCents);
          break;
        case 'months-required':
          expect(months).toBe(0);
          break;
        case 'months-above-maximum':
          expect(months).toBeGreaterThan(settings.maximumMonths);
          break;
        case 'installments-too-small': {
          const count = installmentCountFor(months, settings.frequency);
          expect(owed - down).toBeLessThan(count * count);
          break;
        }
        default:
          throw new Error(`Unexpected refusal: ${why.message}`);
      }
    }
    expect([...seen].sort()).toEqual(
      [
        'discounts-exceed-portion',
        'down-payment-above-portion',
        'down-payment-below-minimum',
        'installments-too-small',
        'months-above-maximum',
        'months-required',
      ].sort(),
    );
  });

  it('PLAN-10: never gives a larger monthly amount for a larger down payment (2,000 pairs)', () => {
    const next = random(7);
    for (let n = 0; n < 2_000; n += 1) {
      const settings = randomSettings(next);
      const portion = next(2_000_000);
      const months = 1 + next(settings.maximumMonths - 1);
      const a = next(portion);
      const b = a + next(portion - a);
      const at = (down: number) =>
        monthlyForDown({ patientPortionCents: portion, downPaymentCents: down, months, settings });
      expect(at(b)).toBeLessThanOrEqual(at(a));
      expect(at(a)).toBeGreaterThanOrEqual(0);
    }
  });

  it('PLAN-10: shows on the slider the regular installment the plan will have (1,500 contracts)', () => {
    const next = random(99);
    for (let n = 0; n < 1_500; n += 1) {
      const settings = randomSettings(next);
      const contract = { ...randomContract(next, settings), discounts: { payInFull: false } };
      const portion = portionOf(contract);
      const { minDownCents } = sliderBounds({ patientPortionCents: portion, settings });
      const count = installmentCountFor(contract.months, settings.frequency);
      const room = portion - count * count - minDownCents;
      if (room < 0 || count < 2) continue;
      const downPaymentCents = minDownCents + next(room);
      const p = plan({ ...contract, downPaymentCents });
      const regular =
        settings.rounding === 'remainder-first' && p.totalInterestCents === 0
          ? p.installments[1]
          : p.installments[0];
      expect(
        monthlyForDown({ patientPortionCents: portion, downPaymentCents, months: contract.months, settings }),
      ).toBe(regular?.amountCents);
    }
  });

  it('PLAN-10: finds the smallest down payment for any monthly amount (1,500 cases)', () => {
    const next = random(1_234);
    for (let n = 0; n < 1_500; n += 1) {
      const settings = randomSettings(next);
      const portion = next(2_000_000);
      const months = 1 + next(settings.maximumMonths - 1);
      const monthlyCents = next(200_000);
      const down = downForMonthly({ patientPortionCents: portion, monthlyCents, months, settings });
      const { minDownCents, maxDownCents } = sliderBounds({ patientPortionCents: portion, settings });
      const at = (d: number) =>
        monthlyForDown({ patientPortionCents: portion, downPaymentCents: d, months, settings });
      expect(down).toBeGreaterThanOrEqual(minDownCents);
      expect(down).toBeLessThanOrEqual(maxDownCents);
      expect(at(down)).toBeLessThanOrEqual(monthlyCents);
      if (down > minDownCents) expect(at(down - 1)).toBeGreaterThan(monthlyCents);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Amendments

describe('CONTRACT-6: re-planning what is left of a plan', () => {
  const original = plan(VENDOR_EXAMPLE); // 12 × Apr 1 2026 … Mar 1 2027: 11 × 31,666 + 31,674.

  function replan(input: Parameters<typeof replanRemaining>[1], from: PaymentPlan = original): PaymentPlan {
    const result = replanRemaining(from, input);
    if (!result.ok) throw new Error(`Expected a plan: ${result.error.message}`);
    return result.value;
  }

  it('keeps the installments due before the amendment and spreads the rest on the same dates', () => {
    const p = replan({ asOf: '2026-09-15' });
    expect(p.installments.slice(0, 6)).toEqual(original.installments.slice(0, 6));
    // Left: 380,000 − 6 × 31,666 = 190,004 over 6, remainder last: 5 × 31,667 + 31,669.
    expect(p.installments.slice(6).map((i) => [i.number, i.dueOn, i.amountCents])).toEqual([
      [7, '2026-10-01', 31_667],
      [8, '2026-11-01', 31_667],
      [9, '2026-12-01', 31_667],
      [10, '2027-01-01', 31_667],
      [11, '2027-02-01', 31_667],
      [12, '2027-03-01', 31_669],
    ]);
    expect(p.financedCents).toBe(380_000);
  });

  it('spreads a fee increase over the installments still to come', () => {
    const p = replan({ asOf: '2026-09-15', newFinancedCents: 430_000 });
    expect(p.installments.slice(0, 6)).toEqual(original.installments.slice(0, 6));
    // 430,000 − 189,996 kept = 240,004 over 6 → 5 × 40,000 + 40,004.
    expect(amounts(p).slice(6)).toEqual([40_000, 40_000, 40_000, 40_000, 40_000, 40_004]);
    expect(p.patientPortionCents).toBe(530_000);
    expect(p.totalPatientCents).toBe(530_000);
  });

  it('re-plans over a new length from the next due date', () => {
    const p = replan({ asOf: '2026-09-15', newMonths: 10 });
    expect(p.installments).toHaveLength(16);
    expect(p.installments[6]).toMatchObject({ number: 7, dueOn: '2026-10-01', amountCents: 19_000 });
    expect(p.installments.at(-1)).toMatchObject({ number: 16, dueOn: '2027-07-01', amountCents: 19_004 });
  });

  it('keeps installments paid ahead and starts after them', () => {
    const p = replan({ asOf: '2026-09-15', paidInstallmentNumbers: [7] });
    expect(p.installments.slice(0, 7)).toEqual(original.installments.slice(0, 7));
    expect(p.installments[7]).toMatchObject({ number: 8, dueOn: '2026-11-01' });
    expect(p.installments).toHaveLength(12);
  });

  it('starts a new due day after the installments paid ahead, by the first-due rule', () => {
    // Paid through Nov 1 (#8); the 15th after Nov 1 is only 14 days away, so Dec 15.
    const p = replan({
      asOf: '2026-09-15',
      paidInstallmentNumbers: [7, 8],
      newSettings: { dueDayOfMonth: 15 },
    });
    expect(p.installments.slice(0, 8)).toEqual(original.installments.slice(0, 8));
    expect(p.installments.slice(8).map((i) => [i.number, i.dueOn])).toEqual([
      [9, '2026-12-15'],
      [10, '2027-01-15'],
      [11, '2027-02-15'],
      [12, '2027-03-15'],
    ]);
  });

  it('keeps the installments a total paid covers whole, oldest first, and leaves a part payment to the account', () => {
    const p = replan({ asOf: '2026-04-15', paidCents: 3 * 31_666 + 100, newFinancedCents: 390_000 });
    expect(p.installments.slice(0, 3)).toEqual(original.installments.slice(0, 3));
    // 390,000 − 94,998 = 295,002 over the 9 left: 8 × 32,778 + 32,778.
    expect(p.installments[3]).toMatchObject({ number: 4, dueOn: '2026-07-01', amountCents: 32_778 });
    expect(p.installments).toHaveLength(12);
    expect(total(p.installments.map((i) => i.principalCents))).toBe(390_000);
  });

  it('keeps the plan dates when amended before the first installment', () => {
    const p = replan({ asOf: '2026-03-20', newFinancedCents: 360_000 });
    expect(p.installments.map((i) => i.dueOn)).toEqual(original.installments.map((i) => i.dueOn));
    expect(amounts(p)).toEqual(Array<number>(12).fill(30_000));
  });

  it('refuses an amendment below what was already paid', () => {
    const result = replanRemaining(original, { asOf: '2026-09-15', newFinancedCents: 150_000 });
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'paid-more-than-financed',
        message:
          'The payments kept already cover $1,899.96, more than the $1,500.00 financed: $399.96 is owed back to the family',
        overpaidCents: 39_996,
      },
    });
  });

  it('ends the plan when what was paid is exactly the new financed amount', () => {
    const p = replan({ asOf: '2026-09-15', newFinancedCents: 6 * 31_666 });
    expect(p.installments).toEqual(original.installments.slice(0, 6));
  });

  it('asks for months when a finished plan grows, then continues its rhythm or starts by the first-due rule', () => {
    const done = replanRemaining(original, { asOf: '2027-06-10', newFinancedCents: 400_000 });
    expect(done.ok ? null : done.error.kind).toBe('months-required');
    const p = replan({ asOf: '2027-06-10', newFinancedCents: 400_000, newMonths: 2 });
    expect(p.installments.slice(0, 12)).toEqual(original.installments);
    // Mar 1 + 1 month is before the amendment; Jul 1 is 21 days away, so the next 1st.
    expect(p.installments.slice(12).map((i) => [i.number, i.dueOn, i.amountCents])).toEqual([
      [13, '2027-07-01', 10_000],
      [14, '2027-08-01', 10_000],
    ]);
    expect(p.installments.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });

  it('refuses a new length above the maximum', () => {
    const result = replanRemaining(original, { asOf: '2026-09-15', newMonths: 25 });
    expect(result.ok ? null : result.error.kind).toBe('months-above-maximum');
  });

  it('needs a length for a new frequency, and then starts it by the first-due rule', () => {
    const missing = replanRemaining(original, { asOf: '2026-09-15', newSettings: { frequency: 'biweekly' } });
    expect(missing.ok ? null : missing.error.kind).toBe('months-required');
    const p = replan({
      asOf: '2026-09-15',
      newSettings: { frequency: 'biweekly', dueDayOfMonth: 15 },
      newMonths: 6,
    });
    expect(p.installments.slice(6, 8).map((i) => i.dueOn)).toEqual(['2026-10-15', '2026-10-29']);
    expect(p.installments).toHaveLength(6 + 13);
    expect(p.settings.frequency).toBe('biweekly');
  });

  it('keeps the rounding convention of the plan, unless the amendment changes it', () => {
    // Kept: 31,674 + 5 × 31,666 = 190,004; an extra $0.05 financed leaves 190,001 over 6.
    const first = plan({ ...VENDOR_EXAMPLE, settings: { rounding: 'remainder-first' } });
    const amend = { asOf: '2026-09-15', newFinancedCents: 380_005 };
    expect(amounts(replan(amend, first)).slice(6)).toEqual([31_671, 31_666, 31_666, 31_666, 31_666, 31_666]);
    const up = replan({ ...amend, newSettings: { rounding: 'round-up' } }, first);
    expect(amounts(up).slice(6)).toEqual([31_667, 31_667, 31_667, 31_667, 31_667, 31_666]);
    expect(up.settings.rounding).toBe('round-up');
  });

  it('re-amortizes the principal left with interest, keeping the interest already charged', () => {
    const apr = plan({
      feeCents: 300_000,
      months: 12,
      startDate: '2026-03-02',
      settings: { aprBasisPoints: 600 },
    });
    const p = replan({ asOf: '2026-09-15', newFinancedCents: 350_000 }, apr);
    expect(p.installments.slice(0, 6)).toEqual(apr.installments.slice(0, 6));
    expect(total(p.installments.map((i) => i.principalCents))).toBe(350_000);
    // Kept principal: 24,320 + 24,442 + 24,564 + 24,687 + 24,810 + 24,934 = 147,757.
    // Left: 350,000 − 147,757 = 202,243; its first interest = 202,243 × 0.005 = 1,011.2 → 1,011.
    expect(p.installments[6]?.interestCents).toBe(1_011);
    expect(p.totalInterestCents).toBe(total(p.installments.map((i) => i.interestCents)));
  });

  it('counts the kept installments toward the payments before interest starts', () => {
    const delayed = plan({
      feeCents: 300_000,
      months: 12,
      startDate: '2026-03-02',
      settings: { aprBasisPoints: 600, interestStartsAfter: 3 },
    });
    const p = replan({ asOf: '2026-05-15', newFinancedCents: 310_000 }, delayed);
    expect(p.installments.map((i) => i.interestCents > 0).slice(0, 5)).toEqual([
      false,
      false,
      false,
      true,
      true,
    ]);
  });

  it('re-plans only the future, whatever the plan and the date (1,500 amendments)', () => {
    const next = random(2_027);
    let replanned = 0;
    for (let n = 0; n < 1_500; n += 1) {
      const settings = randomSettings(next);
      const contract = { ...randomContract(next, settings), discounts: { payInFull: false } };
      const portion = portionOf(contract);
      const { minDownCents } = sliderBounds({ patientPortionCents: portion, settings });
      const count = installmentCountFor(contract.months, settings.frequency);
      const room = portion - count * count - minDownCents;
      if (room < 0) continue;
      const before = plan({ ...contract, downPaymentCents: minDownCents + next(room) });
      const dates = before.installments.map((i) => i.dueOn);
      const asOf = next(4) === 0 ? randomDate(next) : dates[next(dates.length - 1)]!;
      const newMonths = next(1) === 0 ? 1 + next(settings.maximumMonths - 1) : undefined;
      const newFinancedCents = next(1) === 0 ? before.financedCents + next(200_000) : undefined;
      const paidCents = next(3) === 0 ? next(before.financedCents) : undefined;
      const result = replanRemaining(before, { asOf, newMonths, newFinancedCents, paidCents });
      if (!result.ok) {
        // Only a plan with no installments left asks for months (none were given), or too few cents.
        expect(['months-required', 'installments-too-small']).toContain(result.error.kind);
        if (result.error.kind === 'months-required') {
          expect(newMonths).toBeUndefined();
          expect(before.installments.at(-1)!.dueOn < asOf || paidCents !== undefined).toBe(true);
        }
        continue;
      }
      replanned += 1;
      const after = result.value;
      const kept = before.installments.filter((i) => i.dueOn < asOf);
      expect(after.installments.slice(0, kept.length)).toEqual(kept);
      // Installments carried over are the very same objects; the others are new.
      const carried = new Set(before.installments);
      const lastKept = after.installments.filter((i) => carried.has(i)).at(-1);
      const added = after.installments.filter((i) => !carried.has(i));
      const misplaced = added.filter(
        (i) =>
          i.dueOn < asOf ||
          (lastKept !== undefined && i.dueOn <= lastKept.dueOn) ||
          i.amountCents <= 0 ||
          i.principalCents <= 0,
      );
      expect(misplaced).toEqual([]);
      expect(after.installments.map((i) => i.number)).toEqual(after.installments.map((_, k) => k + 1));
      expect(total(after.installments.map((i) => i.principalCents))).toBe(after.financedCents);
      expect(after.financedCents).toBe(newFinancedCents ?? before.financedCents);
      expect(after.totalPatientCents).toBe(after.patientPortionCents + after.totalInterestCents);
    }
    expect(replanned).toBeGreaterThan(1_000);
  });
});
