import { describe, expect, it } from 'vitest';
import { random, randomDate } from '../test-support/random.ts';
import type { PaymentTerms } from './insurance.schema.ts';
import { InsurerScheduleFields } from './claims.schema.ts';
import { addMonthsClamped, insurerPaymentSchedule, type ScheduleInput } from './insurer-schedule.ts';
import { estimateInsurance, reEstimateFromChange, type EstimateBenefits } from './insurance-estimate.ts';

const total = (payments: readonly { amountCents: number }[]) =>
  payments.reduce((sum, p) => sum + p.amountCents, 0);

const START = '2026-06-01';
const PER_SLICE: PaymentTerms = { mode: 'per-slice', initialSlicePercent: 25, frequency: 'monthly' };

function perSlicePlan(over: Partial<EstimateBenefits> = {}): EstimateBenefits {
  return {
    coinsurancePercent: 50,
    lifetimeMaxCents: 200_000,
    usedToDateCents: 0,
    deductibleCents: 0,
    deductibleMetCents: 0,
    waitingMonths: 0,
    payment: PER_SLICE,
    alignersAtBracesFee: false,
    cobRule: 'standard',
    ...over,
  };
}

const policy = (id: string, order: 'primary' | 'secondary', endDate?: string) => ({
  id,
  order,
  effectiveDate: '2020-01-01',
  ...(endDate ? { endDate } : {}),
});

/** The issue's worked example: fee $5,000, 50%, maximum $2,000, 20 months, 25% at the start. */
function workedExample(over: Partial<EstimateBenefits> = {}, endDate?: string) {
  return estimateInsurance({
    feeCents: 500_000,
    startDate: START,
    months: 20,
    patientDateOfBirth: '2013-03-04',
    plans: [{ policy: policy('pol_primary00000000', 'primary', endDate), benefits: perSlicePlan(over) }],
  }).plans[0]!;
}

describe('per fee slice payouts', () => {
  it('PAYOUT-6: pays $625 at the start, then $93.75 × 14, then $62.50, and nothing after', () => {
    const plan = workedExample();
    const { payments } = plan.schedule;
    expect(plan.estimateCents).toBe(200_000);
    expect(payments).toHaveLength(16);
    expect(payments[0]).toEqual({ date: START, amountCents: 62_500, kind: 'initial', number: 0 });
    for (let n = 1; n <= 14; n += 1) {
      expect(payments[n]).toEqual({
        date: addMonthsClamped(START, n),
        amountCents: 9_375,
        kind: 'installment',
        number: n,
      });
    }
    expect(payments[15]).toEqual({
      date: '2027-09-01',
      amountCents: 6_250,
      kind: 'installment',
      number: 15,
    });
    expect(total(payments)).toBe(200_000);
    // The five slices after the maximum runs out are not expected.
    expect(plan.schedule.cut.filter((c) => c.cause === 'maximum').map((c) => c.number)).toEqual([
      15, 16, 17, 18, 19, 20,
    ]);
  });

  it('PAYOUT-5: explains the per-slice payout in words as the estimate’s last step', () => {
    const plan = workedExample();
    const payout = plan.steps.at(-1)!;
    expect(payout).toMatchObject({ step: 'payout', amountAfterCents: 200_000, reductionCents: 0 });
    expect(payout.reason).toBe(
      'Paid per fee slice: 25% of the $5,000.00 fee ($1,250.00) is billed at the start, the rest ' +
        '($3,750.00) in 20 monthly slices of $187.50. The plan pays 50% of each slice as it is billed: ' +
        '$625.00 at the start, then $93.75 a month (rounded half up on the running total). The ' +
        'remaining maximum $2,000.00 is reached with the 15th monthly payment ($62.50 instead of $93.75), on ' +
        '09/01/2027: nothing after',
    );
  });

  it('PAYOUT-5: keeps its reasons short enough to be fixed with the insurer schedule at the start', () => {
    const plan = workedExample({
      deductibleCents: 5_000,
      ageLimit: { age: 19, mode: 'payments-stop-at-birthday' },
    });
    const fixed = InsurerScheduleFields.safeParse({
      caseId: 'cas_0000000000000001',
      policyId: plan.policyId,
      reason: 'start',
      effectiveFrom: START,
      estimateCents: plan.estimateCents,
      payments: plan.schedule.payments,
      reasons: plan.steps.map((step) => step.reason),
    });
    expect(fixed.error?.issues).toBeUndefined();
  });

  it('PAYOUT-6: bills quarterly three monthly slices at a time, the last claim at the end of treatment', () => {
    const plan = workedExample({
      payment: { ...PER_SLICE, frequency: 'quarterly' },
      lifetimeMaxCents: 400_000,
    });
    // 20 months: claims at months 3, 6, … 18, then 20 for the last two slices.
    expect(plan.schedule.payments.map((p) => [p.date, p.amountCents])).toEqual([
      [START, 62_500],
      ['2026-09-01', 28_125],
      ['2026-12-01', 28_125],
      ['2027-03-01', 28_125],
      ['2027-06-01', 28_125],
      ['2027-09-01', 28_125],
      ['2027-12-01', 28_125],
      ['2028-02-01', 18_750],
    ]);
    expect(plan.estimateCents).toBe(250_000);
  });

  it('PAYOUT-6: takes the deductible still to meet off the first slices', () => {
    const plan = workedExample({ deductibleCents: 5_000, lifetimeMaxCents: 400_000 });
    // 50% of ($1,250 − $50) at the start, then 50% of each $187.50 slice.
    expect(plan.schedule.payments[0]!.amountCents).toBe(60_000);
    expect(plan.schedule.payments[1]!.amountCents).toBe(9_375);
    expect(plan.estimateCents).toBe(247_500);
  });

  it('PAYOUT-6: rounds half up on the running total, so odd slices add up to the coinsurance exactly', () => {
    // $3,333.33 at 33%: monthly slices of $138.88 (the last $138.97) after a $833.33 initial slice.
    const result = estimateInsurance({
      feeCents: 333_333,
      startDate: START,
      months: 18,
      plans: [
        {
          policy: policy('pol_primary00000000', 'primary'),
          benefits: perSlicePlan({ coinsurancePercent: 33, lifetimeMaxCents: 900_000 }),
        },
      ],
    }).plans[0]!;
    expect(result.estimateCents).toBe(110_000); // 33% of $3,333.33 = $1,099.9989, half up
    expect(total(result.schedule.payments)).toBe(110_000);
    const amounts = result.schedule.payments.slice(1).map((p) => p.amountCents);
    expect(new Set(amounts.slice(0, -1))).toEqual(new Set([4_583, 4_584]));
  });

  it('PAYOUT-7: stops at the coverage end: the slices after it are not paid', () => {
    const plan = workedExample({}, '2027-01-15');
    // Payments on 2026-06-01 … 2027-01-01: the initial and 7 slices.
    expect(plan.schedule.payments).toHaveLength(8);
    expect(plan.estimateCents).toBe(62_500 + 7 * 9_375);
    expect(plan.steps.find((s) => s.step === 'coverage-ended')!.reductionCents).toBe(
      200_000 - (62_500 + 7 * 9_375),
    );
  });

  it('PAYOUT-5: mode (c) pays the whole estimate in one payment at the start', () => {
    const plan = workedExample({ payment: { mode: 'lump-sum' } });
    expect(plan.schedule.payments).toEqual([
      { date: START, amountCents: 200_000, kind: 'lump-sum', number: 0 },
    ]);
    expect(plan.steps.at(-1)!.reason).toBe('$2,000.00 in one payment at the start (06/01/2026)');
  });

  it('PAYOUT-5: mode (a) spreads the estimate as before: an initial share, then equal installments', () => {
    const plan = workedExample({
      payment: {
        mode: 'installments',
        initial: { kind: 'percent', percent: 25 },
        frequency: 'monthly',
        installments: 20,
      },
    });
    expect(plan.schedule.payments[0]!.amountCents).toBe(50_000);
    expect(plan.schedule.payments.slice(1).every((p) => p.amountCents === 7_500)).toBe(true);
    expect(plan.schedule.payments).toHaveLength(21);
  });

  it('PAYOUT-6: a secondary per-slice plan stops when coordination with the primary leaves nothing more', () => {
    // Standard: the primary pays $2,000 of $5,000; the secondary's own $1,500 maximum binds first.
    const result = estimateInsurance({
      feeCents: 500_000,
      startDate: START,
      months: 20,
      plans: [
        { policy: policy('pol_primary00000000', 'primary'), benefits: perSlicePlan() },
        {
          policy: policy('pol_second000000000', 'secondary'),
          benefits: perSlicePlan({ lifetimeMaxCents: 150_000 }),
        },
      ],
    });
    const secondary = result.plans[1]!;
    expect(secondary.estimateCents).toBe(150_000);
    // $625, then $93.75 × 9 = $1,468.75, then $31.25.
    expect(secondary.schedule.payments.map((p) => p.amountCents)).toEqual([
      62_500,
      ...Array.from({ length: 9 }, () => 9_375),
      3_125,
    ]);
    expect(result.patientPortionCents).toBe(150_000);
  });

  it('PAYOUT-8: a coverage change keeps paying the slices from the change date up to what the plan still owes', () => {
    const input = {
      feeCents: 500_000,
      startDate: START,
      months: 20,
      plans: [{ policy: policy('pol_primary00000000', 'primary'), benefits: perSlicePlan() }],
    };
    const original = estimateInsurance(input);
    // Re-verified on 2027-01-01: the maximum is $1,500, not $2,000.
    const next = {
      ...input,
      plans: [{ ...input.plans[0]!, benefits: perSlicePlan({ lifetimeMaxCents: 150_000 }) }],
    };
    const change = reEstimateFromChange({ original, changeDate: '2027-01-01', next });
    const plan = change.plans[0]!;
    expect(plan.keptCents).toBe(62_500 + 6 * 9_375);
    // $1,500 − $1,187.50 kept = $312.50: three more slices at $93.75, then $31.25.
    expect(plan.futurePayments.map((p) => [p.date, p.amountCents])).toEqual([
      ['2027-01-01', 9_375],
      ['2027-02-01', 9_375],
      ['2027-03-01', 9_375],
      ['2027-04-01', 3_125],
    ]);
    expect(change.movedToPatientCents).toBe(50_000);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over random schedules

function randomTerms(next: (max: number) => number): PaymentTerms {
  const mode = next(2);
  if (mode === 0) return { mode: 'lump-sum' };
  if (mode === 1)
    return {
      mode: 'per-slice',
      initialSlicePercent: next(100),
      frequency: next(1) === 0 ? 'monthly' : 'quarterly',
    };
  return {
    mode: 'installments',
    initial:
      next(1) === 0 ? { kind: 'amount', cents: next(200_000) } : { kind: 'percent', percent: next(100) },
    frequency: (['monthly', 'quarterly', 'annually', 'lump-sum'] as const)[next(3)]!,
    installments: next(36),
  };
}

function randomSchedule(next: (max: number) => number): ScheduleInput {
  const feeCents = next(1_000_000);
  const coinsurancePercent = next(100);
  const share = Math.floor((feeCents * coinsurancePercent + 50) / 100);
  return {
    amountCents: next(share),
    terms: randomTerms(next),
    startDate: randomDate(next, 2024, 3),
    months: next(40),
    remainingMaximumCents: next(1) === 0 ? next(400_000) : undefined,
    stopsAtBirthday: next(1) === 0 ? { age: 19, date: randomDate(next, 2024, 5) } : undefined,
    coverageEndDate: next(1) === 0 ? randomDate(next, 2024, 5) : undefined,
    slices: { feeCents, deductibleLeftCents: next(2) === 0 ? next(20_000) : 0, coinsurancePercent },
  };
}

describe('properties of the insurer payment schedule in every payout mode', () => {
  const CASES = 2000;

  it('PAYOUT-7: never pays more than the remaining maximum, on or after the age-limit birthday, or after coverage ends', () => {
    const next = random(16);
    for (let i = 0; i < CASES; i += 1) {
      const input = randomSchedule(next);
      const result = insurerPaymentSchedule(input);
      if (input.remainingMaximumCents !== undefined)
        expect(result.totalCents).toBeLessThanOrEqual(input.remainingMaximumCents);
      const birthday = input.stopsAtBirthday?.date;
      if (birthday) expect(result.payments.every((p) => p.date < birthday)).toBe(true);
      const end = input.coverageEndDate;
      if (end) expect(result.payments.every((p) => p.date <= end)).toBe(true);
      expect(result.totalCents).toBeLessThanOrEqual(input.amountCents);
      expect(result.totalCents).toBe(total(result.payments));
      expect(result.totalCents + total(result.cut)).toBe(result.scheduledCents);
      expect(result.payments.every((p) => p.amountCents > 0 && p.date >= input.startDate)).toBe(true);
      const last = addMonthsClamped(input.startDate, input.months);
      expect(result.payments.every((p) => p.date <= last)).toBe(true);
    }
  });

  it('PAYOUT-7: sums to the plan’s estimate to the cent in every mode, never above its remaining maximum or past its cut-offs', () => {
    const next = random(2027);
    for (let i = 0; i < CASES; i += 1) {
      const feeCents = next(1_200_000);
      const startDate = randomDate(next, 2024, 4);
      const dob = randomDate(next, 2006, 14);
      const benefits: EstimateBenefits = {
        coinsurancePercent: next(100),
        lifetimeMaxCents: next(400_000),
        usedToDateCents: next(2) === 0 ? next(200_000) : 0,
        deductibleCents: 10_000,
        deductibleMetCents: next(10_000),
        waitingMonths: 0,
        ageLimit: next(1) === 0 ? { age: 14 + next(10), mode: 'payments-stop-at-birthday' } : undefined,
        payment: randomTerms(next),
        alignersAtBracesFee: false,
        cobRule: (['standard', 'basic', 'carve-out'] as const)[next(2)]!,
      };
      const endDate = next(1) === 0 ? randomDate(next, 2024, 5) : undefined;
      const months = next(36);
      const result = estimateInsurance({
        feeCents,
        startDate,
        months,
        patientDateOfBirth: dob,
        plans: [
          {
            policy: policy('pol_primary00000000', 'primary'),
            benefits: { ...benefits, payment: randomTerms(next) },
          },
          { policy: policy('pol_second000000000', 'secondary', endDate), benefits },
        ],
      });
      const secondary = result.plans[1]!;
      const { payments } = secondary.schedule;
      expect(total(payments)).toBe(secondary.estimateCents);
      expect(secondary.estimateCents).toBeLessThanOrEqual(
        Math.max(0, benefits.lifetimeMaxCents - benefits.usedToDateCents),
      );
      if (endDate) expect(payments.every((p) => p.date <= endDate)).toBe(true);
      if (benefits.ageLimit) {
        const [y, m, d] = dob.split('-');
        const birthday = `${Number(y) + benefits.ageLimit.age}-${m}-${d}`;
        expect(payments.every((p) => p.date < birthday)).toBe(true);
      }
      expect(result.totalInsuranceCents).toBeLessThanOrEqual(feeCents);
    }
  });
});
