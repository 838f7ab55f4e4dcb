import { describe, expect, it } from 'vitest';
import { random, randomDate } from '../test-support/random.ts';
import type { PaymentTerms, PolicyOrder } from './insurance.schema.ts';
import {
  addMonthsClamped,
  insurerPaymentSchedule,
  percentOfCentsDown,
  percentOfCentsHalfUp,
  wholeMonthsBetween,
} from './insurer-schedule.ts';
import {
  birthdayRuleOrder,
  estimateInsurance,
  nthBirthday,
  reEstimateFromChange,
  type EstimateBenefits,
  type EstimatePlanInput,
  type EstimatePolicy,
  type EstimateStepKind,
  type InsuranceEstimateInput,
  type PlanEstimate,
} from './insurance-estimate.ts';

const LUMP_SUM: PaymentTerms = { mode: 'lump-sum' };

function monthly(installments: number, initialCents = 0): PaymentTerms {
  return {
    mode: 'installments',
    initial: { kind: 'amount', cents: initialCents },
    frequency: 'monthly',
    installments,
  };
}

function benefits(over: Partial<EstimateBenefits> = {}): EstimateBenefits {
  return {
    coinsurancePercent: 50,
    lifetimeMaxCents: 150_000,
    usedToDateCents: 0,
    deductibleCents: 0,
    deductibleMetCents: 0,
    waitingMonths: 0,
    payment: LUMP_SUM,
    alignersAtBracesFee: false,
    cobRule: 'standard',
    ...over,
  };
}

function plan(
  order: PolicyOrder,
  planBenefits: EstimateBenefits | null,
  policy: Partial<EstimatePolicy> = {},
): EstimatePlanInput {
  return {
    policy: { id: `pol_${order}00000000`, order, effectiveDate: '2020-01-01', ...policy },
    benefits: planBenefits,
  };
}

function estimateInput(over: Partial<InsuranceEstimateInput> = {}): InsuranceEstimateInput {
  return {
    feeCents: 600_000,
    startDate: '2026-06-01',
    months: 24,
    patientDateOfBirth: '2013-03-04',
    plans: [plan('primary', benefits())],
    ...over,
  };
}

const stepsOf = (p: PlanEstimate) => p.steps.map((s) => s.step);
const stepOf = (p: PlanEstimate, kind: EstimateStepKind) => p.steps.find((s) => s.step === kind)!;
const total = (payments: readonly { amountCents: number }[]) =>
  payments.reduce((sum, p) => sum + p.amountCents, 0);

describe('rounding and calendar helpers', () => {
  it('EST-4: rounds a percent of cents half up to the cent', () => {
    expect(percentOfCentsHalfUp(1, 50)).toBe(1); // 0.5 → 1
    expect(percentOfCentsHalfUp(3, 50)).toBe(2); // 1.5 → 2
    expect(percentOfCentsHalfUp(1, 49)).toBe(0); // 0.49 → 0
    expect(percentOfCentsHalfUp(100_003, 33)).toBe(33_001); // 33,000.99 → 33,001
    expect(percentOfCentsHalfUp(100_001, 10)).toBe(10_000); // 10,000.1 → 10,000
    expect(percentOfCentsHalfUp(600_000, 100)).toBe(600_000);
    expect(percentOfCentsHalfUp(600_000, 0)).toBe(0);
  });

  it('PAYOUT-1: rounds a percent of cents down to the cent', () => {
    expect(percentOfCentsDown(3, 50)).toBe(1);
    expect(percentOfCentsDown(100_003, 33)).toBe(33_000);
  });

  it('EST-4: keeps the half-up share within half a cent of the true share', () => {
    const next = random(11);
    for (let i = 0; i < 2000; i += 1) {
      const cents = next(100_000_000);
      const percent = next(100);
      const share = percentOfCentsHalfUp(cents, percent);
      const error = share * 100 - cents * percent;
      expect(error).toBeGreaterThan(-50);
      expect(error).toBeLessThanOrEqual(50);
    }
  });

  it('MONEY-1: refuses a fractional percent or fractional cents: a bug, not a user error', () => {
    expect(() => percentOfCentsHalfUp(100, 33.3)).toThrow(RangeError);
    expect(() => percentOfCentsHalfUp(100.5, 50)).toThrow(RangeError);
    expect(() => percentOfCentsHalfUp(100, 101)).toThrow(RangeError);
  });

  it('CAL-7: adds months on the same day, clamped to the end of shorter months, without drifting', () => {
    expect(addMonthsClamped('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonthsClamped('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonthsClamped('2026-01-31', 2)).toBe('2026-03-31');
    expect(addMonthsClamped('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonthsClamped('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonthsClamped('2026-06-01', 0)).toBe('2026-06-01');
  });

  it('CAL-7: counts whole calendar months between two dates', () => {
    expect(wholeMonthsBetween('2026-01-15', '2026-07-01')).toBe(5);
    expect(wholeMonthsBetween('2026-01-15', '2026-07-15')).toBe(6);
    expect(wholeMonthsBetween('2026-01-31', '2026-02-28')).toBe(1);
    expect(wholeMonthsBetween('2026-07-01', '2026-01-15')).toBe(0);
  });

  it('CAL-3: puts the Nth birthday of a February 29 baby on March 1 in common years', () => {
    expect(nthBirthday('2008-02-29', 18)).toBe('2026-03-01');
    expect(nthBirthday('2012-02-29', 16)).toBe('2028-02-29');
    expect(nthBirthday('2010-09-10', 18)).toBe('2028-09-10');
  });
});

describe('estimating one plan, step by step', () => {
  it('EST-5: pays the coinsurance share up to the lifetime maximum: $6,000 at 50% with a $1,500 maximum pays $1,500 and the family owes $4,500', () => {
    const result = estimateInsurance(estimateInput());
    const [primary] = result.plans;
    expect(primary!.estimateCents).toBe(150_000);
    expect(result.totalInsuranceCents).toBe(150_000);
    expect(result.patientPortionCents).toBe(450_000);
    expect(stepsOf(primary!)).toEqual(['fee', 'coinsurance', 'maximum', 'payout']);
    expect(stepOf(primary!, 'coinsurance')).toMatchObject({
      amountAfterCents: 300_000,
      reductionCents: 300_000,
      reason: 'Plan pays 50% of $6,000.00 = $3,000.00 (rounded half up to the cent)',
    });
    expect(stepOf(primary!, 'maximum')).toEqual({
      step: 'maximum',
      amountAfterCents: 150_000,
      reductionCents: 150_000,
      reason: 'Lifetime maximum $1,500.00 with $0.00 used: at most $1,500.00 left',
    });
  });

  it('EST-6: matches the published example: age 13, 50%, age limit 18, lifetime maximum $1,000, fee $3,000 pays $1,000', () => {
    const limited = benefits({
      lifetimeMaxCents: 100_000,
      ageLimit: { age: 18, mode: 'covered-while-age-at-most' },
    });
    const result = estimateInsurance(
      estimateInput({
        feeCents: 300_000,
        startDate: '2026-06-01',
        patientDateOfBirth: '2013-01-10', // 13 on the start date
        plans: [plan('primary', limited)],
      }),
    );
    expect(result.plans[0]!.estimateCents).toBe(100_000);
    expect(result.patientPortionCents).toBe(200_000);
    expect(stepOf(result.plans[0]!, 'age-limit')).toMatchObject({
      reductionCents: 0,
      reason: 'Covered while age 18 or under: the patient is 13 on 06/01/2026',
    });
  });

  it('EST-6: pays nothing at age 20 under the same published plan', () => {
    const limited = benefits({
      lifetimeMaxCents: 100_000,
      ageLimit: { age: 18, mode: 'covered-while-age-at-most' },
    });
    const result = estimateInsurance(
      estimateInput({
        feeCents: 300_000,
        patientDateOfBirth: '2006-01-10', // 20 on 2026-06-01
        plans: [plan('primary', limited)],
      }),
    );
    expect(result.plans[0]!.estimateCents).toBe(0);
    expect(result.patientPortionCents).toBe(300_000);
    expect(stepOf(result.plans[0]!, 'age-limit')).toMatchObject({
      amountAfterCents: 0,
      reductionCents: 100_000,
      reason: 'Covered while age 18 or under: the patient is 20 on 06/01/2026, so the plan pays nothing',
    });
    expect(result.plans[0]!.schedule.payments).toEqual([]);
    expect(result.plans[0]!.schedule.cut).toEqual([
      expect.objectContaining({ amountCents: 100_000, cause: 'age-limit' }),
    ]);
  });

  it('EST-6: counts the age limit inclusively: 18 with limit 18 is covered, 19 is not', () => {
    const limited = benefits({ ageLimit: { age: 18, mode: 'covered-while-age-at-most' } });
    const at = (dateOfBirth: string) =>
      estimateInsurance(estimateInput({ patientDateOfBirth: dateOfBirth, plans: [plan('primary', limited)] }))
        .plans[0]!.estimateCents;
    expect(at('2008-06-02')).toBe(150_000); // 17, turns 18 the next day
    expect(at('2008-06-01')).toBe(150_000); // turns 18 on the start date
    expect(at('2007-06-02')).toBe(150_000); // 18, the last day before 19
    expect(at('2007-06-01')).toBe(0); // turns 19 on the start date
  });

  it('EST-6: counts nothing for a plan with an age limit when the date of birth is not recorded', () => {
    const limited = benefits({ ageLimit: { age: 18, mode: 'must-start-before' } });
    const result = estimateInsurance(
      estimateInput({ patientDateOfBirth: undefined, plans: [plan('primary', limited)] }),
    );
    expect(result.plans[0]!.estimateCents).toBe(0);
    expect(stepOf(result.plans[0]!, 'age-limit').reason).toBe(
      "Treatment must start before age 18, and the patient's date of birth is not recorded: no insurance is counted until it is",
    );
  });

  it('EST-2: figures benefits on the plan’s allowed fee when it is lower than the fee', () => {
    const result = estimateInsurance(
      estimateInput({
        plans: [plan('primary', benefits({ allowedFeeCents: 500_000, lifetimeMaxCents: 300_000 }))],
      }),
    );
    const primary = result.plans[0]!;
    expect(stepOf(primary, 'fee')).toEqual({
      step: 'fee',
      amountAfterCents: 500_000,
      reductionCents: 100_000,
      reason: "Fee $6,000.00; the plan's allowed fee is $5,000.00: benefits are figured on $5,000.00",
    });
    expect(primary.estimateCents).toBe(250_000);
    expect(result.patientPortionCents).toBe(350_000);
  });

  it('EST-2: never figures benefits on more than the fee, even when the allowed fee is higher', () => {
    const result = estimateInsurance(
      estimateInput({
        feeCents: 200_000,
        plans: [
          plan(
            'primary',
            benefits({ allowedFeeCents: 250_000, coinsurancePercent: 100, lifetimeMaxCents: 500_000 }),
          ),
        ],
      }),
    );
    expect(result.plans[0]!.estimateCents).toBe(200_000);
    expect(stepOf(result.plans[0]!, 'fee').reason).toContain('is above the fee, which caps it');
    expect(result.patientPortionCents).toBe(0);
  });

  it('EST-2: benefits clear aligners at the braces fee when the plan says so', () => {
    const atBraces = benefits({ alignersAtBracesFee: true, lifetimeMaxCents: 500_000 });
    const aligners = { feeCents: 700_000, bracesFeeCents: 600_000, plans: [plan('primary', atBraces)] };
    const result = estimateInsurance(estimateInput({ ...aligners, appliance: 'clear-aligners' }));
    expect(result.plans[0]!.estimateCents).toBe(300_000);
    expect(stepOf(result.plans[0]!, 'fee').reason).toBe(
      'Fee $7,000.00; aligners are benefited at the braces fee $6,000.00: benefits are figured on $6,000.00',
    );
    // Braces are not affected, and neither are aligners on a plan without the rule.
    expect(
      estimateInsurance(estimateInput({ ...aligners, appliance: 'metal-braces' })).plans[0]!.estimateCents,
    ).toBe(350_000);
    const plain = {
      ...aligners,
      appliance: 'clear-aligners' as const,
      plans: [plan('primary', benefits({ lifetimeMaxCents: 500_000 }))],
    };
    expect(estimateInsurance(estimateInput(plain)).plans[0]!.estimateCents).toBe(350_000);
  });

  it('EST-2: says so when the aligner rule applies but no braces fee was given', () => {
    const atBraces = benefits({ alignersAtBracesFee: true, lifetimeMaxCents: 500_000 });
    const result = estimateInsurance(
      estimateInput({ feeCents: 700_000, appliance: 'clear-aligners', plans: [plan('primary', atBraces)] }),
    );
    expect(result.plans[0]!.estimateCents).toBe(350_000);
    expect(stepOf(result.plans[0]!, 'fee').reason).toContain('no braces fee was given');
  });

  it('EST-3: takes the remaining deductible off before the percentage', () => {
    const at = (met: number) =>
      estimateInsurance(
        estimateInput({
          feeCents: 300_000,
          plans: [
            plan(
              'primary',
              benefits({ deductibleCents: 5_000, deductibleMetCents: met, lifetimeMaxCents: 200_000 }),
            ),
          ],
        }),
      ).plans[0]!;
    const unmet = at(0);
    expect(stepsOf(unmet)).toEqual(['fee', 'deductible', 'coinsurance', 'maximum', 'payout']);
    expect(stepOf(unmet, 'deductible')).toEqual({
      step: 'deductible',
      amountAfterCents: 295_000,
      reductionCents: 5_000,
      reason: 'Lifetime ortho deductible $50.00 with $0.00 met: $50.00 comes off first',
    });
    expect(unmet.estimateCents).toBe(147_500); // (3,000 − 50) × 50%
    expect(at(2_000).estimateCents).toBe(148_500); // (3,000 − 30) × 50%
    const met = at(5_000);
    expect(met.estimateCents).toBe(150_000);
    expect(stepOf(met, 'deductible')).toMatchObject({
      reductionCents: 0,
      reason: 'Lifetime ortho deductible $50.00, already met',
    });
  });

  it('EST-4: rounds the coinsurance half up to the cent', () => {
    const result = estimateInsurance(
      estimateInput({ feeCents: 100_001, plans: [plan('primary', benefits({ lifetimeMaxCents: 500_000 }))] }),
    );
    expect(result.plans[0]!.estimateCents).toBe(50_001); // $500.005 → $500.01
    expect(result.patientPortionCents).toBe(50_000);
  });

  it('EST-5: counts what was already used, including a previous carrier’s payments, against the maximum (transfer case)', () => {
    const result = estimateInsurance(
      estimateInput({ plans: [plan('primary', benefits({ usedToDateCents: 50_000 }))] }),
    );
    expect(result.plans[0]!.estimateCents).toBe(100_000);
    expect(stepOf(result.plans[0]!, 'maximum').reason).toBe(
      'Lifetime maximum $1,500.00 with $500.00 used: at most $1,000.00 left',
    );
  });

  it('EST-5: pays nothing when more than the maximum is already used', () => {
    const result = estimateInsurance(
      estimateInput({ plans: [plan('primary', benefits({ usedToDateCents: 200_000 }))] }),
    );
    expect(result.plans[0]!.estimateCents).toBe(0);
    expect(stepOf(result.plans[0]!, 'maximum').reason).toBe(
      'Lifetime maximum $1,500.00 with $2,000.00 used: at most $0.00 left',
    );
  });

  it('EST-7: pays nothing when the start falls inside the waiting period, and in full from its end', () => {
    const waiting = benefits({ waitingMonths: 12 });
    const at = (startDate: string) =>
      estimateInsurance(
        estimateInput({ startDate, plans: [plan('primary', waiting, { effectiveDate: '2026-01-15' })] }),
      ).plans[0]!;
    const early = at('2026-06-01');
    expect(early.estimateCents).toBe(0);
    expect(stepOf(early, 'waiting-period')).toEqual({
      step: 'waiting-period',
      amountAfterCents: 0,
      reductionCents: 150_000,
      reason:
        'Waiting period of 12 months from the effective date 01/15/2026: ortho is covered from 01/15/2027, ' +
        'after the start 06/01/2026, so the plan pays nothing',
    });
    expect(at('2027-01-14').estimateCents).toBe(0);
    const onTime = at('2027-01-15');
    expect(onTime.estimateCents).toBe(150_000);
    expect(stepOf(onTime, 'waiting-period').reductionCents).toBe(0);
  });

  it('EST-7: pays nothing when coverage is not yet in force on the start date', () => {
    const result = estimateInsurance(
      estimateInput({ plans: [plan('primary', benefits(), { effectiveDate: '2026-07-01' })] }),
    );
    expect(result.plans[0]!.estimateCents).toBe(0);
    expect(stepOf(result.plans[0]!, 'waiting-period').reason).toBe(
      'Coverage starts 07/01/2026, after the start 06/01/2026: the plan pays nothing',
    );
  });

  it('EST-8: counts only the payments on or before the last day of coverage', () => {
    const ending = (endDate: string) =>
      estimateInsurance(
        estimateInput({
          feeCents: 240_000,
          startDate: '2026-01-15',
          months: 12,
          plans: [plan('primary', benefits({ payment: monthly(12) }), { endDate })],
        }),
      ).plans[0]!;
    // $1,200 in 12 monthly installments of $100 from 02/15/2026; coverage ends 06/30/2026.
    const ended = ending('2026-06-30');
    expect(ended.estimateCents).toBe(50_000);
    expect(ended.schedule.payments.map((p) => p.date)).toEqual([
      '2026-02-15',
      '2026-03-15',
      '2026-04-15',
      '2026-05-15',
      '2026-06-15',
    ]);
    expect(stepOf(ended, 'coverage-ended')).toEqual({
      step: 'coverage-ended',
      amountAfterCents: 50_000,
      reductionCents: 70_000,
      reason: 'Coverage ends 06/30/2026: 7 payments totalling $700.00 after it will not be paid',
    });
    // The last day of coverage is covered.
    expect(ending('2026-06-15').estimateCents).toBe(50_000);
    expect(ending('2026-06-14').estimateCents).toBe(40_000);
    expect(stepOf(ending('2027-12-31'), 'coverage-ended')).toMatchObject({
      reductionCents: 0,
      reason: 'Coverage ends 12/31/2027: every expected payment falls on or before it',
    });
  });

  it('EST-8: pays nothing when coverage ended before the treatment starts', () => {
    const result = estimateInsurance(
      estimateInput({ plans: [plan('primary', benefits(), { endDate: '2026-05-31' })] }),
    );
    expect(result.plans[0]!.estimateCents).toBe(0);
    expect(result.patientPortionCents).toBe(600_000);
  });

  it('EST-9: counts nothing for a plan whose benefits are not verified, and says so', () => {
    const result = estimateInsurance(estimateInput({ plans: [plan('primary', null)] }));
    const primary = result.plans[0]!;
    expect(primary.estimateCents).toBe(0);
    expect(stepsOf(primary)).toEqual(['fee', 'not-verified']);
    expect(stepOf(primary, 'not-verified')).toEqual({
      step: 'not-verified',
      amountAfterCents: 0,
      reductionCents: 600_000,
      reason: 'Benefits not verified: no insurance is counted until they are',
    });
    expect(primary.schedule.payments).toEqual([]);
    expect(result.patientPortionCents).toBe(600_000);
    expect(result.warnings).toContain("The primary plan's benefits are not verified");
  });

  it('EST-10: leaves the whole fee to the family when there is no insurance', () => {
    const result = estimateInsurance(estimateInput({ plans: [] }));
    expect(result).toEqual({
      feeCents: 600_000,
      plans: [],
      totalInsuranceCents: 0,
      patientPortionCents: 600_000,
      warnings: [],
    });
  });

  it('EST-1: records the steps in order, the payout last', () => {
    const everything = benefits({
      deductibleCents: 5_000,
      ageLimit: { age: 19, mode: 'payments-stop-at-birthday' },
      waitingMonths: 6,
      payment: monthly(24),
    });
    const result = estimateInsurance(
      estimateInput({
        plans: [
          plan('primary', benefits()),
          plan('secondary', everything, { endDate: '2027-12-31', id: 'pol_second0000000' }),
        ],
      }),
    );
    expect(stepsOf(result.plans[1]!)).toEqual([
      'fee',
      'deductible',
      'coinsurance',
      'cob',
      'maximum',
      'age-limit',
      'waiting-period',
      'coverage-ended',
      'payout',
    ]);
  });
});

describe('EST-6: age limits', () => {
  it('pays when treatment starts before age N, and nothing when it starts on or after the Nth birthday', () => {
    const limited = benefits({ ageLimit: { age: 19, mode: 'must-start-before' } });
    const at = (patientDateOfBirth: string) =>
      estimateInsurance(estimateInput({ patientDateOfBirth, plans: [plan('primary', limited)] })).plans[0]!;
    expect(at('2007-06-02').estimateCents).toBe(150_000); // 18 on the start date
    const late = at('2007-06-01'); // turns 19 on the start date
    expect(late.estimateCents).toBe(0);
    expect(stepOf(late, 'age-limit').reason).toBe(
      'Treatment must start before age 19: the patient is 19 on 06/01/2026, so the plan pays nothing',
    );
  });

  it('counts only the payments before the Nth birthday when payments stop at it', () => {
    const stopping = benefits({
      lifetimeMaxCents: 300_000,
      ageLimit: { age: 18, mode: 'payments-stop-at-birthday' },
      payment: monthly(24),
    });
    const result = estimateInsurance(
      estimateInput({
        feeCents: 480_000,
        startDate: '2027-01-10',
        patientDateOfBirth: '2010-09-10', // 18th birthday 2028-09-10
        plans: [plan('primary', stopping)],
      }),
    );
    const primary = result.plans[0]!;
    // $2,400 in 24 × $100 from 02/10/2027; the 19 before 09/10/2028 are paid, the one on it is not.
    expect(primary.estimateCents).toBe(190_000);
    expect(primary.schedule.payments.at(-1)!.date).toBe('2028-08-10');
    expect(primary.schedule.cut[0]).toMatchObject({ date: '2028-09-10', cause: 'age-limit' });
    expect(total(primary.schedule.payments)).toBe(primary.estimateCents);
    expect(stepOf(primary, 'age-limit')).toEqual({
      step: 'age-limit',
      amountAfterCents: 190_000,
      reductionCents: 50_000,
      reason:
        'Payments stop at the 18th birthday (09/10/2028): 5 payments totalling $500.00 on or after it will not be paid',
    });
    expect(result.patientPortionCents).toBe(290_000);
  });

  it('pays nothing when payments stop at a birthday that is already past at the start', () => {
    const stopping = benefits({
      ageLimit: { age: 18, mode: 'payments-stop-at-birthday' },
      payment: monthly(24, 50_000),
    });
    const result = estimateInsurance(
      estimateInput({ patientDateOfBirth: '2008-05-01', plans: [plan('primary', stopping)] }),
    );
    expect(result.plans[0]!.estimateCents).toBe(0);
    expect(result.plans[0]!.schedule.payments).toEqual([]);
  });

  it('says every payment comes before the birthday when none is cut', () => {
    const stopping = benefits({
      ageLimit: { age: 21, mode: 'payments-stop-at-birthday' },
      payment: monthly(24),
    });
    const result = estimateInsurance(estimateInput({ plans: [plan('primary', stopping)] }));
    expect(stepOf(result.plans[0]!, 'age-limit')).toMatchObject({
      reductionCents: 0,
      reason: 'Payments stop at the 21st birthday (03/04/2034): every payment falls before it',
    });
  });
});

describe('COB-1: coordination of benefits', () => {
  // COB-1's example: fee $6,000, the primary pays $1,500, the secondary's own estimate is
  // $1,000 (20% of the fee after a $1,000 deductible).
  const primary = plan('primary', benefits());
  const secondaryWith = (cobRule: EstimateBenefits['cobRule'], over: Partial<EstimateBenefits> = {}) =>
    plan(
      'secondary',
      benefits({
        coinsurancePercent: 20,
        deductibleCents: 100_000,
        lifetimeMaxCents: 200_000,
        cobRule,
        ...over,
      }),
      { id: 'pol_second0000000' },
    );

  it('standard: the secondary pays its own estimate up to what the family still owes — $1,000', () => {
    const result = estimateInsurance(estimateInput({ plans: [primary, secondaryWith('standard')] }));
    expect(result.plans.map((p) => p.estimateCents)).toEqual([150_000, 100_000]);
    expect(result.patientPortionCents).toBe(350_000);
    expect(stepOf(result.plans[1]!, 'cob')).toEqual({
      step: 'cob',
      amountAfterCents: 100_000,
      reductionCents: 0,
      reason:
        'Standard coordination: pays at most the $4,500.00 left of the fee after $1,500.00 from the plans before it',
    });
  });

  it('basic: the secondary pays up to its allowed fee minus the primary payment — $1,000', () => {
    const result = estimateInsurance(estimateInput({ plans: [primary, secondaryWith('basic')] }));
    expect(result.plans[1]!.estimateCents).toBe(100_000);
  });

  it('carve-out: the secondary pays its own estimate minus the primary payment — $1,000 − $1,500 leaves $0', () => {
    const result = estimateInsurance(estimateInput({ plans: [primary, secondaryWith('carve-out')] }));
    expect(result.plans[1]!.estimateCents).toBe(0);
    expect(stepOf(result.plans[1]!, 'cob')).toMatchObject({
      reductionCents: 100_000,
      reason: 'Carve-out: its own $1,000.00 minus $1,500.00 from the plans before it, nothing left',
    });
  });

  it('standard: stops at the fee when both plans would pay more than it', () => {
    // Fee $3,000; the primary pays 80% = $2,400; the secondary would pay 50% = $1,500.
    const result = estimateInsurance(
      estimateInput({
        feeCents: 300_000,
        plans: [
          plan('primary', benefits({ coinsurancePercent: 80, lifetimeMaxCents: 300_000 })),
          secondaryWith('standard', { coinsurancePercent: 50, deductibleCents: 0 }),
        ],
      }),
    );
    expect(result.plans.map((p) => p.estimateCents)).toEqual([240_000, 60_000]);
    expect(result.patientPortionCents).toBe(0);
  });

  it('basic: uses the secondary’s own allowed fee', () => {
    // Secondary allowed $2,500: room $2,500 − $2,400 = $100 although its own estimate is $1,250.
    const result = estimateInsurance(
      estimateInput({
        feeCents: 300_000,
        plans: [
          plan('primary', benefits({ coinsurancePercent: 80, lifetimeMaxCents: 300_000 })),
          secondaryWith('basic', { coinsurancePercent: 50, deductibleCents: 0, allowedFeeCents: 250_000 }),
        ],
      }),
    );
    expect(result.plans[1]!.estimateCents).toBe(10_000);
    expect(stepOf(result.plans[1]!, 'cob').reason).toBe(
      'Basic coordination: pays at most its allowed $2,500.00 minus $2,400.00 from the plans before it = $100.00',
    );
  });

  it('COB-3: carve-out takes the primary payment off the secondary’s benefit after its own maximum', () => {
    // Primary $1,000 (max); secondary 50% of $6,000 = $3,000, normal benefit $1,500 after its own
    // maximum, minus the primary's $1,000 = $500 (not $3,000 − $1,000 = $2,000 capped at $1,500).
    const result = estimateInsurance(
      estimateInput({
        plans: [
          plan('primary', benefits({ lifetimeMaxCents: 100_000 })),
          secondaryWith('carve-out', {
            coinsurancePercent: 50,
            deductibleCents: 0,
            lifetimeMaxCents: 150_000,
          }),
        ],
      }),
    );
    expect(stepOf(result.plans[1]!, 'cob')).toMatchObject({
      amountAfterCents: 50_000,
      reason:
        'Carve-out: its normal benefit $1,500.00 (its $3,000.00 share, up to its remaining maximum ' +
        '$1,500.00) minus $1,000.00 from the plans before it = $500.00',
    });
    expect(result.plans[1]!.estimateCents).toBe(50_000);
  });

  it('coordinates with what the primary is actually expected to pay after its cut-offs', () => {
    // The primary's coverage ends after 5 of 12 monthly $125 payments: it pays $625, not $1,500.
    const result = estimateInsurance(
      estimateInput({
        feeCents: 300_000,
        startDate: '2026-01-15',
        months: 12,
        plans: [
          plan('primary', benefits({ payment: monthly(12) }), { endDate: '2026-06-30' }),
          secondaryWith('carve-out', {
            coinsurancePercent: 50,
            deductibleCents: 0,
            lifetimeMaxCents: 300_000,
          }),
        ],
      }),
    );
    expect(result.plans[0]!.estimateCents).toBe(62_500);
    expect(result.plans[1]!.estimateCents).toBe(150_000 - 62_500);
  });

  it('EST-10: estimates the plans in payment order whatever order they are given in', () => {
    const result = estimateInsurance(estimateInput({ plans: [secondaryWith('carve-out'), primary] }));
    expect(result.plans.map((p) => p.order)).toEqual(['primary', 'secondary']);
    expect(result.plans[1]!.estimateCents).toBe(0);
    expect(stepsOf(result.plans[0]!)).not.toContain('cob');
  });

  it('coordinates a tertiary plan with what the primary and secondary pay together', () => {
    const result = estimateInsurance(
      estimateInput({
        feeCents: 300_000,
        plans: [
          plan('primary', benefits({ coinsurancePercent: 50, lifetimeMaxCents: 300_000 })),
          secondaryWith('standard', { coinsurancePercent: 40, deductibleCents: 0 }),
          plan('tertiary', benefits({ coinsurancePercent: 50, lifetimeMaxCents: 300_000 }), {
            id: 'pol_third00000000',
          }),
        ],
      }),
    );
    // $1,500 + $1,200, then the tertiary may only fill the last $300.
    expect(result.plans.map((p) => p.estimateCents)).toEqual([150_000, 120_000, 30_000]);
    expect(result.patientPortionCents).toBe(0);
  });

  it('warns when the primary is not verified: the secondary is counted as if it paid first', () => {
    const result = estimateInsurance(
      estimateInput({ plans: [plan('primary', null), secondaryWith('standard')] }),
    );
    expect(result.plans[1]!.estimateCents).toBe(100_000);
    expect(stepOf(result.plans[1]!, 'cob').reason).toContain(
      'a plan before it is not verified and is counted as paying nothing',
    );
  });

  it('EST-10: warns about two primary plans and still never pays more than the fee', () => {
    const full = benefits({ coinsurancePercent: 100, lifetimeMaxCents: 1_000_000 });
    const result = estimateInsurance(
      estimateInput({ plans: [plan('primary', full), plan('primary', full, { id: 'pol_other0000000' })] }),
    );
    expect(result.warnings).toContain(
      '2 plans are marked primary: each after the first is coordinated with the plans before it',
    );
    expect(result.totalInsuranceCents).toBe(600_000);
    expect(result.plans[1]!.estimateCents).toBe(0);
  });

  it('EST-10: warns when there is no primary plan', () => {
    const result = estimateInsurance(estimateInput({ plans: [secondaryWith('standard')] }));
    expect(result.warnings).toContain('No primary plan: the secondary plan is estimated as if it paid first');
    expect(result.plans[0]!.estimateCents).toBe(100_000);
  });
});

describe('coordination of benefits: a plan’s normal benefit includes its own maximum', () => {
  // Fee $5,000; the primary pays 50% up to its $2,000 maximum; the secondary 50% up to $1,500.
  const primary = plan('primary', benefits({ lifetimeMaxCents: 200_000 }));
  const secondary = (cobRule: EstimateBenefits['cobRule'], lifetimeMaxCents = 150_000) =>
    plan('secondary', benefits({ lifetimeMaxCents, cobRule }), { id: 'pol_second0000000' });
  const twoPlans = (cobRule: EstimateBenefits['cobRule'], max?: number) =>
    estimateInsurance(estimateInput({ feeCents: 500_000, plans: [primary, secondary(cobRule, max)] }));

  it('COB-3: standard pays min($1,500, $5,000 − $2,000) = $1,500', () => {
    const result = twoPlans('standard');
    expect(result.plans.map((p) => p.estimateCents)).toEqual([200_000, 150_000]);
    expect(result.patientPortionCents).toBe(150_000);
  });

  it('COB-3: basic pays min($1,500, its $5,000 allowed − $2,000) = $1,500', () => {
    expect(twoPlans('basic').plans[1]!.estimateCents).toBe(150_000);
  });

  it('COB-3: carve-out takes the $2,000 primary payment off the secondary’s $1,500 after its maximum: $0, not $500', () => {
    const result = twoPlans('carve-out');
    expect(result.plans[1]!.estimateCents).toBe(0);
    expect(stepOf(result.plans[1]!, 'cob')).toEqual({
      step: 'cob',
      amountAfterCents: 0,
      reductionCents: 250_000,
      reason:
        'Carve-out: its normal benefit $1,500.00 (its $2,500.00 share, up to its remaining maximum ' +
        '$1,500.00) minus $2,000.00 from the plans before it, nothing left',
    });
    expect(result.patientPortionCents).toBe(300_000);
  });

  it('COB-3: carve-out with a $3,000 secondary maximum pays its $2,500 share less the $2,000 = $500', () => {
    const result = twoPlans('carve-out', 300_000);
    expect(result.plans[1]!.estimateCents).toBe(50_000);
    expect(stepOf(result.plans[1]!, 'cob').reason).toBe(
      'Carve-out: its own $2,500.00 minus $2,000.00 from the plans before it = $500.00',
    );
  });

  it('COB-3: counts what an earlier carrier already used against the secondary’s own maximum first', () => {
    // $1,500 maximum with $1,000 used: normal benefit $500, less the primary's $2,000: nothing.
    const used = plan(
      'secondary',
      benefits({ lifetimeMaxCents: 150_000, usedToDateCents: 100_000, cobRule: 'carve-out' }),
      {
        id: 'pol_second0000000',
      },
    );
    const result = estimateInsurance(estimateInput({ feeCents: 500_000, plans: [primary, used] }));
    expect(result.plans[1]!.estimateCents).toBe(0);
  });

  it('COB-4: whole-case ortho with two plans: a per-slice primary and an installment secondary pay the fee to the cent', () => {
    const result = estimateInsurance(
      estimateInput({
        feeCents: 500_000,
        months: 20,
        plans: [
          plan(
            'primary',
            benefits({
              lifetimeMaxCents: 200_000,
              payment: { mode: 'per-slice', initialSlicePercent: 25, frequency: 'monthly' },
            }),
          ),
          plan(
            'secondary',
            benefits({
              lifetimeMaxCents: 150_000,
              payment: {
                mode: 'installments',
                initial: { kind: 'percent', percent: 20 },
                frequency: 'quarterly',
                installments: 6,
              },
            }),
            { id: 'pol_second0000000' },
          ),
        ],
      }),
    );
    const [first, second] = result.plans;
    expect(first!.estimateCents).toBe(200_000);
    expect(second!.estimateCents).toBe(150_000);
    // The secondary: $300 at the start, then 6 quarterly installments of $200.
    expect(second!.schedule.payments.map((p) => p.amountCents)).toEqual([
      30_000, 20_000, 20_000, 20_000, 20_000, 20_000, 20_000,
    ]);
    expect(total(first!.schedule.payments) + total(second!.schedule.payments)).toBe(350_000);
    expect(result.patientPortionCents).toBe(500_000 - 350_000);
  });
});

describe('PAYOUT-1: the insurer payment schedule', () => {
  const schedule = (over: Partial<Parameters<typeof insurerPaymentSchedule>[0]>) =>
    insurerPaymentSchedule({
      amountCents: 100_000,
      terms: monthly(24),
      startDate: '2026-01-31',
      months: 24,
      ...over,
    });

  it('spreads monthly installments equally, rounded down, with the remainder on the last', () => {
    const result = schedule({});
    expect(result.payments).toHaveLength(24);
    expect(result.payments.slice(0, 23).every((p) => p.amountCents === 4_166)).toBe(true);
    expect(result.payments[23]!.amountCents).toBe(4_182);
    expect(result.totalCents).toBe(100_000);
    expect(total(result.payments)).toBe(100_000);
    expect(result.reasons).toEqual([
      'Then 24 monthly installments of $41.66, the last $41.82 (equal, rounded down to the cent; the last takes the remainder)',
    ]);
  });

  it('dates monthly installments one month apart, clamped to the month end without drifting', () => {
    const dates = schedule({})
      .payments.slice(0, 4)
      .map((p) => p.date);
    expect(dates).toEqual(['2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31']);
  });

  it('pays an initial amount at the start, then the installments', () => {
    const result = schedule({
      amountCents: 150_000,
      terms: monthly(18, 37_500),
      startDate: '2026-06-01',
      months: 18,
    });
    expect(result.payments[0]).toEqual({
      date: '2026-06-01',
      amountCents: 37_500,
      kind: 'initial',
      number: 0,
    });
    expect(result.payments).toHaveLength(19);
    expect(result.payments.slice(1).every((p) => p.amountCents === 6_250 && p.kind === 'installment')).toBe(
      true,
    );
    expect(result.payments[18]!.date).toBe('2027-12-01');
    expect(result.totalCents).toBe(150_000);
  });

  it('takes an initial percent of the estimate rounded down, and the installments pick up the cents', () => {
    const result = schedule({
      amountCents: 100_001,
      terms: {
        mode: 'installments',
        initial: { kind: 'percent', percent: 25 },
        frequency: 'monthly',
        installments: 3,
      },
      startDate: '2026-06-01',
      months: 3,
    });
    expect(result.payments.map((p) => p.amountCents)).toEqual([25_000, 25_000, 25_000, 25_001]);
    expect(result.reasons[0]).toBe(
      'Initial payment 25% of $1,000.01 = $250.00 (rounded down to the cent) at the start',
    );
    expect(result.totalCents).toBe(100_001);
  });

  it('never pays an initial amount larger than the estimate', () => {
    const result = schedule({ amountCents: 20_000, terms: monthly(12, 50_000) });
    expect(result.payments).toEqual([
      { date: '2026-01-31', amountCents: 20_000, kind: 'initial', number: 0 },
    ]);
  });

  it('pays quarterly installments three months apart', () => {
    const result = schedule({
      amountCents: 200_000,
      terms: {
        mode: 'installments',
        initial: { kind: 'amount', cents: 40_000 },
        frequency: 'quarterly',
        installments: 8,
      },
      startDate: '2026-06-01',
      months: 24,
    });
    expect(result.payments.map((p) => [p.date, p.amountCents])).toEqual([
      ['2026-06-01', 40_000],
      ['2026-09-01', 20_000],
      ['2026-12-01', 20_000],
      ['2027-03-01', 20_000],
      ['2027-06-01', 20_000],
      ['2027-09-01', 20_000],
      ['2027-12-01', 20_000],
      ['2028-03-01', 20_000],
      ['2028-06-01', 20_000],
    ]);
  });

  it('plans no more installments than fit in the estimated treatment months', () => {
    const result = schedule({
      amountCents: 120_000,
      terms: {
        mode: 'installments',
        initial: { kind: 'amount', cents: 0 },
        frequency: 'quarterly',
        installments: 12,
      },
      months: 24,
    });
    expect(result.payments).toHaveLength(8);
    expect(result.totalCents).toBe(120_000);
    expect(result.reasons[0]).toBe(
      '8 quarterly installments instead of 12: no more fit in the estimated 24 months',
    );
  });

  it('pays yearly installments twelve months apart', () => {
    const result = schedule({
      amountCents: 90_000,
      terms: {
        mode: 'installments',
        initial: { kind: 'amount', cents: 30_000 },
        frequency: 'annually',
        installments: 2,
      },
      startDate: '2026-06-01',
      months: 30,
    });
    expect(result.payments.map((p) => [p.date, p.amountCents])).toEqual([
      ['2026-06-01', 30_000],
      ['2027-06-01', 30_000],
      ['2028-06-01', 30_000],
    ]);
  });

  it('pays a lump sum all at once at the start', () => {
    const result = schedule({ amountCents: 150_000, terms: LUMP_SUM, startDate: '2026-06-01' });
    expect(result.payments).toEqual([
      { date: '2026-06-01', amountCents: 150_000, kind: 'lump-sum', number: 0 },
    ]);
    expect(result.reasons).toEqual(['$1,500.00 in one payment at the start (06/01/2026)']);
  });

  it('expects everything with the initial payment when no installment fits', () => {
    const result = schedule({
      amountCents: 90_000,
      terms: {
        mode: 'installments',
        initial: { kind: 'percent', percent: 50 },
        frequency: 'quarterly',
        installments: 4,
      },
      months: 2,
    });
    expect(result.payments).toEqual([
      { date: '2026-01-31', amountCents: 90_000, kind: 'initial', number: 0 },
    ]);
  });

  it('expects no payments for a zero estimate', () => {
    expect(schedule({ amountCents: 0 })).toEqual({
      scheduledCents: 0,
      payments: [],
      totalCents: 0,
      cut: [],
      payout: [],
      reasons: [],
    });
  });

  it('skips installments that round to nothing but still adds up to the amount', () => {
    const result = schedule({ amountCents: 5, terms: monthly(24) });
    expect(result.payments).toEqual([
      { date: '2028-01-31', amountCents: 5, kind: 'installment', number: 24 },
    ]);
  });

  it('PAYOUT-2: stops at the remaining maximum, paying the crossing payment in part', () => {
    const result = schedule({
      amountCents: 120_000,
      terms: monthly(12),
      months: 12,
      remainingMaximumCents: 25_000,
    });
    expect(result.payments.map((p) => p.amountCents)).toEqual([10_000, 10_000, 5_000]);
    expect(result.totalCents).toBe(25_000);
    expect(total(result.cut)).toBe(95_000);
    expect(result.reasons.at(-1)).toBe('Payments stop at the remaining maximum $250.00: $950.00 not paid');
  });

  it('PAYOUT-2: stops at the age cut-off birthday and at the coverage end, whichever comes first', () => {
    const base = { amountCents: 120_000, terms: monthly(12), startDate: '2026-01-15', months: 12 };
    const byBirthday = insurerPaymentSchedule({
      ...base,
      stopsAtBirthday: { age: 19, date: '2026-04-15' },
      coverageEndDate: '2026-06-30',
    });
    expect(byBirthday.payments.map((p) => p.date)).toEqual(['2026-02-15', '2026-03-15']);
    expect(byBirthday.cut.every((p) => p.cause === 'age-limit')).toBe(true);
    const byEnd = insurerPaymentSchedule({
      ...base,
      stopsAtBirthday: { age: 19, date: '2026-09-15' },
      coverageEndDate: '2026-03-14',
    });
    expect(byEnd.payments.map((p) => p.date)).toEqual(['2026-02-15']);
    expect(byEnd.cut.filter((p) => p.cause === 'coverage-ended')).toHaveLength(6);
    expect(byEnd.cut.filter((p) => p.cause === 'age-limit')).toHaveLength(5);
    expect(byEnd.reasons).toContain(
      'Coverage ends 03/14/2026: 6 payments totalling $600.00 after it will not be paid',
    );
  });

  it('PAYOUT-2: builds each plan’s estimate from its schedule, to the cent', () => {
    const result = estimateInsurance(
      estimateInput({
        feeCents: 612_345,
        plans: [
          plan(
            'primary',
            benefits({
              lifetimeMaxCents: 250_000,
              payment: {
                mode: 'installments',
                initial: { kind: 'percent', percent: 33 },
                frequency: 'monthly',
                installments: 23,
              },
            }),
          ),
        ],
      }),
    );
    const primary = result.plans[0]!;
    expect(primary.estimateCents).toBe(250_000);
    expect(total(primary.schedule.payments)).toBe(250_000);
    expect(primary.schedule.payments[0]!.amountCents).toBe(82_500);
  });
});

describe('COB-2: the birthday rule for a child covered by both parents', () => {
  it('makes primary the parent whose birthday comes first in the year, whatever the birth years', () => {
    const mother = { name: 'Ana', dateOfBirth: '1982-03-04' };
    const father = { name: 'Luis', dateOfBirth: '1979-07-09' };
    const result = birthdayRuleOrder(father, mother);
    expect(result.primary).toBe(mother);
    expect(result.secondary).toBe(father);
    expect(result.reason).toBe(
      "Ana's birthday (March 4) comes before Luis's (July 9) in the year: Ana's plan is primary",
    );
    expect(birthdayRuleOrder(mother, father).primary).toBe(mother);
  });

  it('compares the day when the months are the same, and puts February 29 before March 1', () => {
    expect(birthdayRuleOrder({ dateOfBirth: '1980-05-20' }, { dateOfBirth: '1980-05-03' }).reason).toBe(
      "Parent B's birthday (May 3) comes before Parent A's (May 20) in the year: Parent B's plan is primary",
    );
    const leap = { dateOfBirth: '1984-02-29' };
    expect(birthdayRuleOrder({ dateOfBirth: '1983-03-01' }, leap).primary).toBe(leap);
  });

  it('cannot decide when both birthdays fall on the same day, and says so', () => {
    const result = birthdayRuleOrder({ dateOfBirth: '1980-03-04' }, { dateOfBirth: '1985-03-04' });
    expect(result.primary).toBeNull();
    expect(result.reason).toBe(
      'Both birthdays fall on March 4: the birthday rule cannot decide. Ask the carriers (usually the plan that has covered the child longer is primary)',
    );
  });

  it('cannot decide without both dates of birth', () => {
    const result = birthdayRuleOrder({ name: 'Ana', dateOfBirth: '1982-03-04' }, { name: 'Luis' });
    expect(result.primary).toBeNull();
    expect(result.reason).toBe("The birthday rule needs both parents' dates of birth: missing for Luis");
  });
});

describe('PAYOUT-4: re-estimating after a coverage change', () => {
  // $6,000 at 50%, $1,200 maximum, 24 monthly payments of $50 from 02/15/2026.
  const primary = plan('primary', benefits({ lifetimeMaxCents: 120_000, payment: monthly(24) }));
  const caseInput = estimateInput({ startDate: '2026-01-15', plans: [primary] });
  const original = estimateInsurance(caseInput);

  it('changes nothing when the coverage stays the same', () => {
    const result = reEstimateFromChange({ original, changeDate: '2026-07-01', next: caseInput });
    expect(result.movedToPatientCents).toBe(0);
    expect(result.totalInsuranceCents).toBe(original.totalInsuranceCents);
    const [only] = result.plans;
    expect([...only!.keptPayments, ...only!.futurePayments]).toEqual(original.plans[0]!.schedule.payments);
    expect(only!.reasons).toEqual([]);
  });

  it('keeps the payments before the change and moves the rest to the family when the policy ends', () => {
    const ended = plan('primary', primary.benefits, { endDate: '2026-06-30' });
    const result = reEstimateFromChange({
      original,
      changeDate: '2026-07-01',
      next: { ...caseInput, plans: [ended] },
    });
    const [only] = result.plans;
    expect(only!.keptPayments).toEqual(original.plans[0]!.schedule.payments.slice(0, 5));
    expect(only!.keptCents).toBe(25_000);
    expect(only!.futurePayments).toEqual([]);
    expect(result.totalInsuranceCents).toBe(25_000);
    expect(result.movedToPatientCents).toBe(95_000);
    expect(result.patientPortionCents).toBe(575_000);
  });

  it('schedules a new carrier from the change date over the months left', () => {
    const ended = plan('primary', primary.benefits, { endDate: '2026-06-30' });
    const newCarrier = plan(
      'primary',
      benefits({ lifetimeMaxCents: 100_000, payment: monthly(18, 10_000) }),
      {
        id: 'pol_newcarrier000',
        effectiveDate: '2026-07-01',
      },
    );
    const result = reEstimateFromChange({
      original,
      changeDate: '2026-07-01',
      next: { ...caseInput, plans: [ended, newCarrier] },
    });
    const added = result.plans.find((p) => p.policyId === 'pol_newcarrier000')!;
    expect(added.keptCents).toBe(0);
    expect(added.futurePayments[0]).toEqual({
      date: '2026-07-01',
      amountCents: 10_000,
      kind: 'initial',
      number: 0,
    });
    expect(added.futurePayments[1]!.date).toBe('2026-08-01');
    expect(added.futurePayments).toHaveLength(19); // 19 months left: the initial, then 18 installments
    expect(added.futureCents).toBe(100_000);
    expect(added.reasons).toEqual(['New from 07/01/2026: scheduled over the 19 months left']);
    expect(result.totalInsuranceCents).toBe(125_000);
    expect(result.movedToPatientCents).toBe(-5_000);
  });

  it('stops a policy that is left out from the change date', () => {
    const result = reEstimateFromChange({
      original,
      changeDate: '2026-07-01',
      next: { ...caseInput, plans: [] },
    });
    expect(result.plans).toHaveLength(1);
    expect(result.plans[0]).toMatchObject({ keptCents: 25_000, futureCents: 0, totalCents: 25_000 });
    expect(result.plans[0]!.reasons).toEqual([
      'No longer covered from 07/01/2026: $950.00 of expected payments will not come',
    ]);
    expect(result.movedToPatientCents).toBe(95_000);
  });

  it('re-spreads what a lower re-verified maximum still allows over the remaining payment dates', () => {
    const lower = plan('primary', benefits({ lifetimeMaxCents: 60_000, payment: monthly(24) }));
    const result = reEstimateFromChange({
      original,
      changeDate: '2026-07-01',
      next: { ...caseInput, plans: [lower] },
    });
    const [only] = result.plans;
    expect(only!.keptCents).toBe(25_000);
    expect(only!.futurePayments).toHaveLength(19);
    expect(only!.futurePayments[0]!.date).toBe('2026-07-15');
    expect(only!.futurePayments.slice(0, 18).every((p) => p.amountCents === 1_842)).toBe(true);
    expect(only!.futurePayments[18]!.amountCents).toBe(1_844);
    expect(only!.totalCents).toBe(60_000);
    expect(result.movedToPatientCents).toBe(60_000);
  });

  it('never lets the plans pay more than the fee, counting the payments already made', () => {
    const generous = plan('primary', benefits({ coinsurancePercent: 100, lifetimeMaxCents: 1_000_000 }), {
      id: 'pol_generous00000',
      effectiveDate: '2026-07-01',
    });
    const result = reEstimateFromChange({
      original,
      changeDate: '2026-07-01',
      next: { ...caseInput, plans: [generous] },
    });
    const added = result.plans.find((p) => p.policyId === 'pol_generous00000')!;
    expect(added.futureCents).toBe(600_000 - 25_000);
    expect(added.reasons).toContain(
      'Insurance cannot pay more than the fee: from the change only $5,750.00 is left to pay',
    );
    expect(result.totalInsuranceCents).toBe(600_000);
    expect(result.patientPortionCents).toBe(0);
  });

  it('refuses the same policy listed twice: a bug in the caller', () => {
    expect(() =>
      reEstimateFromChange({
        original,
        changeDate: '2026-07-01',
        next: { ...caseInput, plans: [primary, primary] },
      }),
    ).toThrow(RangeError);
  });

  it('is an ordinary estimate when the change comes before the treatment starts', () => {
    const lower = plan('primary', benefits({ lifetimeMaxCents: 60_000, payment: monthly(24) }));
    const next = { ...caseInput, plans: [lower] };
    const result = reEstimateFromChange({ original, changeDate: '2026-01-01', next });
    expect(result.plans[0]!.keptPayments).toEqual([]);
    expect(result.plans[0]!.futurePayments).toEqual(estimateInsurance(next).plans[0]!.schedule.payments);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over random plans

function randomTerms(next: (max: number) => number): PaymentTerms {
  const frequency = (['monthly', 'quarterly', 'annually', 'lump-sum'] as const)[next(3)]!;
  const initial =
    next(1) === 0
      ? { kind: 'amount' as const, cents: next(3) === 0 ? 0 : next(200_000) }
      : { kind: 'percent' as const, percent: next(100) };
  return { mode: 'installments', initial, frequency, installments: next(36) };
}

function randomBenefits(next: (max: number) => number): EstimateBenefits {
  const deductibleCents = next(2) === 0 ? next(20_000) : 0;
  const modes = ['covered-while-age-at-most', 'must-start-before', 'payments-stop-at-birthday'] as const;
  return {
    coinsurancePercent: next(100),
    lifetimeMaxCents: next(400_000),
    usedToDateCents: next(2) === 0 ? next(300_000) : 0,
    deductibleCents,
    deductibleMetCents: next(deductibleCents),
    ageLimit: next(1) === 0 ? { age: 10 + next(15), mode: modes[next(2)]! } : undefined,
    waitingMonths: next(2) === 0 ? next(24) : 0,
    payment: randomTerms(next),
    alignersAtBracesFee: next(1) === 0,
    cobRule: (['standard', 'basic', 'carve-out'] as const)[next(2)]!,
    allowedFeeCents: next(2) === 0 ? next(900_000) : undefined,
  };
}

function randomInput(next: (max: number) => number): InsuranceEstimateInput {
  const orders = ['primary', 'secondary', 'tertiary'] as const;
  const plans = Array.from({ length: next(3) }, (_, i): EstimatePlanInput => ({
    policy: {
      id: `pol_random${i}0000000`,
      order: orders[next(9) === 0 ? next(2) : Math.min(i, 2)]!,
      effectiveDate: randomDate(next, 2022, 6),
      endDate: next(2) === 0 ? randomDate(next, 2025, 6) : undefined,
    },
    benefits: next(6) === 0 ? null : randomBenefits(next),
  }));
  return {
    feeCents: next(3) === 0 ? next(1_000) : next(1_200_000),
    appliance: next(1) === 0 ? 'clear-aligners' : 'metal-braces',
    bracesFeeCents: next(1) === 0 ? next(900_000) : undefined,
    startDate: randomDate(next, 2024, 6),
    months: next(40),
    patientDateOfBirth: next(8) === 0 ? undefined : randomDate(next, 2000, 20),
    plans,
  };
}

describe('properties of the estimate over random plans', () => {
  const CASES = 3000;

  it('EST-10: never estimates a plan below zero, above the fee or above its remaining maximum', () => {
    const next = random(2026);
    for (let i = 0; i < CASES; i += 1) {
      const input = randomInput(next);
      const result = estimateInsurance(input);
      for (const estimate of result.plans) {
        const given = input.plans.find((p) => p.policy.id === estimate.policyId)!;
        expect(estimate.estimateCents).toBeGreaterThanOrEqual(0);
        expect(estimate.estimateCents).toBeLessThanOrEqual(input.feeCents);
        if (given.benefits) {
          const remaining = Math.max(0, given.benefits.lifetimeMaxCents - given.benefits.usedToDateCents);
          expect(estimate.estimateCents).toBeLessThanOrEqual(remaining);
        } else {
          expect(estimate.estimateCents).toBe(0);
        }
      }
    }
  });

  it('EST-10: never lets the plans together pay more than the fee, and the family pays exactly the rest', () => {
    const next = random(77);
    for (let i = 0; i < CASES; i += 1) {
      const input = randomInput(next);
      const result = estimateInsurance(input);
      const sum = result.plans.reduce((s, p) => s + p.estimateCents, 0);
      const primaryAndSecondary = result.plans
        .filter((p) => p.order !== 'tertiary')
        .reduce((s, p) => s + p.estimateCents, 0);
      expect(primaryAndSecondary).toBeLessThanOrEqual(input.feeCents);
      expect(result.totalInsuranceCents).toBe(sum);
      expect(result.totalInsuranceCents).toBeLessThanOrEqual(input.feeCents);
      expect(result.patientPortionCents).toBe(input.feeCents - sum);
      expect(result.patientPortionCents).toBeGreaterThanOrEqual(0);
    }
  });

  it('PAYOUT-2: makes every plan’s schedule add up to its estimate to the cent, dated from the start and in order', () => {
    const next = random(4242);
    for (let i = 0; i < CASES; i += 1) {
      const input = randomInput(next);
      for (const estimate of estimateInsurance(input).plans) {
        const { payments, cut, totalCents } = estimate.schedule;
        expect(total(payments)).toBe(estimate.estimateCents);
        expect(totalCents).toBe(estimate.estimateCents);
        expect(payments.every((p) => p.amountCents > 0 && p.date >= input.startDate)).toBe(true);
        expect(payments.every((p, k) => k === 0 || payments[k - 1]!.date <= p.date)).toBe(true);
        expect(total(payments) + total(cut)).toBe(estimate.schedule.scheduledCents);
        const { endDate } = input.plans.find((p) => p.policy.id === estimate.policyId)!.policy;
        if (endDate !== undefined) expect(payments.every((p) => p.date <= endDate)).toBe(true);
      }
    }
  });

  it('EST-1: keeps the steps consistent: each one only lowers the amount, says by how much, and ends at the estimate', () => {
    const order: EstimateStepKind[] = [
      'fee',
      'not-verified',
      'deductible',
      'coinsurance',
      'cob',
      'maximum',
      'age-limit',
      'waiting-period',
      'coverage-ended',
      'payout',
    ];
    const next = random(9);
    for (let i = 0; i < CASES; i += 1) {
      const input = randomInput(next);
      for (const estimate of estimateInsurance(input).plans) {
        let previous = input.feeCents;
        for (const step of estimate.steps) {
          expect(step.amountAfterCents).toBeLessThanOrEqual(previous);
          expect(step.reductionCents).toBe(previous - step.amountAfterCents);
          expect(step.reason.length).toBeGreaterThan(0);
          previous = step.amountAfterCents;
        }
        expect(previous).toBe(estimate.estimateCents);
        const ranks = estimate.steps.map((s) => order.indexOf(s.step));
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      }
    }
  });

  it('PAYOUT-4: never rewrites payments before a coverage change and never pays more than the fee after it', () => {
    const next = random(31337);
    for (let i = 0; i < CASES; i += 1) {
      const input = randomInput(next);
      const original = estimateInsurance(input);
      const changed = randomInput(next);
      const added = changed.plans.map((p, k) => ({
        ...p,
        policy: { ...p.policy, id: `pol_added${k}0000000` },
      }));
      const nextInput = {
        ...input,
        plans: next(1) === 0 ? changed.plans : [...input.plans.slice(1), ...added],
      };
      const changeDate = randomDate(next, 2024, 6);
      const result = reEstimateFromChange({ original, changeDate, next: nextInput });
      for (const before of original.plans) {
        const after = result.plans.find((p) => p.policyId === before.policyId)!;
        expect(after.keptPayments).toEqual(before.schedule.payments.filter((p) => p.date < changeDate));
      }
      for (const p of result.plans) {
        expect(p.futurePayments.every((f) => f.date >= changeDate && f.amountCents > 0)).toBe(true);
        expect(p.totalCents).toBe(p.keptCents + p.futureCents);
        expect(total(p.futurePayments)).toBe(p.futureCents);
      }
      expect(result.totalInsuranceCents).toBeLessThanOrEqual(input.feeCents);
      expect(result.patientPortionCents).toBe(input.feeCents - result.totalInsuranceCents);
      expect(result.movedToPatientCents).toBe(original.totalInsuranceCents - result.totalInsuranceCents);
    }
  });

  it('PAYOUT-4: changes nothing when the plans after a change are the plans before it', () => {
    const next = random(5);
    for (let i = 0; i < 1000; i += 1) {
      const input = randomInput(next);
      const original = estimateInsurance(input);
      const result = reEstimateFromChange({ original, changeDate: randomDate(next, 2024, 6), next: input });
      expect(result.movedToPatientCents).toBe(0);
      for (const before of original.plans) {
        const after = result.plans.find((p) => p.policyId === before.policyId)!;
        expect([...after.keptPayments, ...after.futurePayments]).toEqual(before.schedule.payments);
      }
    }
  });

  it('PAYOUT-2: schedules any amount so that what is paid and what is cut add up to it', () => {
    const next = random(123);
    for (let i = 0; i < CASES; i += 1) {
      const amountCents = next(500_000);
      const startDate = randomDate(next, 2024, 4);
      const remainingMaximumCents = next(1) === 0 ? next(500_000) : undefined;
      const birthday = next(1) === 0 ? randomDate(next, 2024, 5) : undefined;
      const coverageEndDate = next(1) === 0 ? randomDate(next, 2024, 5) : undefined;
      const result = insurerPaymentSchedule({
        amountCents,
        terms: randomTerms(next),
        startDate,
        months: next(40),
        remainingMaximumCents,
        stopsAtBirthday: birthday ? { age: 18, date: birthday } : undefined,
        coverageEndDate,
      });
      expect(result.totalCents).toBe(total(result.payments));
      expect(result.totalCents + total(result.cut)).toBe(amountCents);
      if (remainingMaximumCents !== undefined)
        expect(result.totalCents).toBeLessThanOrEqual(remainingMaximumCents);
      if (birthday) expect(result.payments.every((p) => p.date < birthday)).toBe(true);
      if (coverageEndDate) expect(result.payments.every((p) => p.date <= coverageEndDate)).toBe(true);
      if (!birthday && !coverageEndDate && remainingMaximumCents === undefined)
        expect(result.totalCents).toBe(amountCents);
    }
  });
});
