import { describe, expect, it } from 'vitest';
import type { BenefitVerification, Policy } from './insurance.schema.ts';
import type { InsurerScheduleRecord } from './claims.schema.ts';
import {
  coverageChangeMessage,
  insuranceExpectation,
  planCoverageChange,
  schedulesInForce,
} from './coverage-change.ts';
import { estimateForOption } from './estimate-for-option.ts';

const STAMPS = {
  createdAt: '2026-01-05T15:00:00.000Z',
  createdBy: 'stf_0000000000000001',
  updatedAt: '2026-01-05T15:00:00.000Z',
  updatedBy: 'stf_0000000000000001',
};
const POLICY: Policy = {
  id: 'pol_0000000000000001',
  patientId: 'pat_0000000000000001',
  carrierId: 'car_0000000000000001',
  memberId: 'M1',
  subscriber: { kind: 'patient' },
  relationship: 'self',
  effectiveDate: '2025-01-01',
  order: 'primary',
  ...STAMPS,
};
const VERIFIED: BenefitVerification = {
  id: 'bv_00000000000000001',
  policyId: POLICY.id,
  coinsurancePercent: 50,
  lifetimeMaxCents: 150_000,
  usedToDateCents: 0,
  deductibleCents: 0,
  deductibleMetCents: 0,
  waitingMonths: 0,
  payment: {
    mode: 'installments',
    initial: { kind: 'percent', percent: 25 },
    frequency: 'monthly',
    installments: 24,
  },
  alignersAtBracesFee: false,
  cobRule: 'standard',
  verifiedBy: 'stf_0000000000000001',
  verifiedOn: '2026-01-02',
  ...STAMPS,
};
const OPTION = { feeCents: 600_000, months: 24, appliance: 'metal-braces' as const };
const START = '2026-01-05';

function startSchedule(): InsurerScheduleRecord {
  const estimate = estimateForOption({
    option: OPTION,
    startDate: START,
    insurance: { policies: [POLICY], verifications: [VERIFIED] },
  });
  const plan = estimate.plans[0]!;
  return {
    id: 'isc_0000000000000001',
    caseId: 'cas_0000000000000001',
    policyId: POLICY.id,
    reason: 'start',
    effectiveFrom: START,
    estimateCents: plan.estimateCents,
    payments: plan.schedule.payments.map(({ date, amountCents, kind, number }) => ({
      date,
      amountCents,
      kind,
      number,
    })),
    reasons: [],
    ...STAMPS,
  };
}

describe('PAYOUT-4: a coverage change during treatment', () => {
  it('keeps what was expected before the change, stops the ended policy’s later payments, and moves the rest to the family', () => {
    const original = startSchedule();
    expect(original.estimateCents).toBe(150_000);
    const ended = { ...POLICY, endDate: '2026-06-30' };
    const plan = planCoverageChange({
      caseId: 'cas_0000000000000001',
      option: OPTION,
      startDate: START,
      changeDate: '2026-07-01',
      insurance: { policies: [ended], verifications: [VERIFIED], schedules: [original] },
    });
    expect(plan.schedules).toHaveLength(1);
    const next = plan.schedules[0]!;
    expect(next).toMatchObject({
      reason: 'coverage-change',
      supersedesId: original.id,
      effectiveFrom: '2026-07-01',
    });
    expect(next.payments).toEqual([]);

    const recorded: InsurerScheduleRecord = {
      ...next,
      id: 'isc_0000000000000002',
      reasons: next.reasons,
      ...STAMPS,
      createdAt: '2026-07-01T15:00:00.000Z',
    } as InsurerScheduleRecord;
    const keptBefore = original.payments
      .filter((p) => p.date < '2026-07-01')
      .reduce((s, p) => s + p.amountCents, 0);
    const expectation = insuranceExpectation([original, recorded], 'cas_0000000000000001', '2026-07-01');
    expect(expectation.atStartCents).toBe(150_000);
    expect(expectation.nowCents).toBe(keptBefore);
    expect(expectation.movedToFamilyCents).toBe(150_000 - keptBefore);
    expect(plan.change.movedToPatientCents).toBe(150_000 - keptBefore);
    expect(schedulesInForce([original, recorded], 'cas_0000000000000001').map((s) => s.id)).toEqual([
      'isc_0000000000000002',
    ]);
  });

  it('changes nothing when the coverage is the same after the change date', () => {
    const original = startSchedule();
    const plan = planCoverageChange({
      caseId: 'cas_0000000000000001',
      option: OPTION,
      startDate: START,
      changeDate: '2026-07-01',
      insurance: { policies: [POLICY], verifications: [VERIFIED], schedules: [original] },
    });
    expect(plan.change.movedToPatientCents).toBe(0);
    const future = plan.schedules[0]!.payments.reduce((s, p) => s + p.amountCents, 0);
    const originalFuture = original.payments
      .filter((p) => p.date >= '2026-07-01')
      .reduce((s, p) => s + p.amountCents, 0);
    expect(future).toBe(originalFuture);
  });
});

describe('PAYOUT-4: re-estimating a policy that keeps paying', () => {
  it('uses the benefits verified at the start, not a later "used to date" that already counts this treatment', () => {
    const original = startSchedule();
    const reverified: BenefitVerification = {
      ...VERIFIED,
      id: 'bv_00000000000000002',
      verifiedOn: '2026-06-15',
      usedToDateCents: 60_000,
      createdAt: '2026-06-15T15:00:00.000Z',
    };
    const plan = planCoverageChange({
      caseId: 'cas_0000000000000001',
      option: OPTION,
      startDate: START,
      changeDate: '2026-07-01',
      insurance: { policies: [POLICY], verifications: [VERIFIED, reverified], schedules: [original] },
    });
    expect(plan.change.movedToPatientCents).toBe(0);
  });
});

describe('the re-estimate message', () => {
  it('says which way the money moved', () => {
    expect(coverageChangeMessage(12_550)).toBe('Re-estimated: $125.50 moves to the family.');
    expect(coverageChangeMessage(-100)).toBe('Re-estimated: insurance now expects $1.00 more.');
    expect(coverageChangeMessage(0)).toBe('Re-estimated: no change.');
  });
});

describe('a coverage change on a plan paid per fee slice', () => {
  const perSlice: BenefitVerification = {
    ...VERIFIED,
    lifetimeMaxCents: 200_000,
    payment: { mode: 'per-slice', initialSlicePercent: 25, frequency: 'monthly' },
  };
  const option = { feeCents: 500_000, months: 20, appliance: 'metal-braces' as const };
  function sliceSchedule(): InsurerScheduleRecord {
    const plan = estimateForOption({
      option,
      startDate: START,
      insurance: { policies: [POLICY], verifications: [perSlice] },
    }).plans[0]!;
    return { ...startSchedule(), estimateCents: plan.estimateCents, payments: plan.schedule.payments };
  }

  it('PAYOUT-8: keeps the same slices from the change when nothing changed, and stops them at a coverage end', () => {
    const original = sliceSchedule();
    expect(original.payments.map((p) => p.amountCents).slice(0, 3)).toEqual([62_500, 9_375, 9_375]);
    const same = planCoverageChange({
      caseId: 'cas_0000000000000001',
      option,
      startDate: START,
      changeDate: '2026-07-01',
      insurance: { policies: [POLICY], verifications: [perSlice], schedules: [original] },
    });
    expect(same.change.movedToPatientCents).toBe(0);
    expect(same.schedules[0]!.payments).toEqual(original.payments.filter((p) => p.date >= '2026-07-01'));

    const ended = planCoverageChange({
      caseId: 'cas_0000000000000001',
      option,
      startDate: START,
      changeDate: '2026-07-01',
      insurance: {
        policies: [{ ...POLICY, endDate: '2026-09-30' }],
        verifications: [perSlice],
        schedules: [original],
      },
    });
    // Kept: January to June (the initial and 5 slices); then July, August and September.
    expect(ended.schedules[0]!.payments.map((p) => [p.date, p.amountCents])).toEqual([
      ['2026-07-05', 9_375],
      ['2026-08-05', 9_375],
      ['2026-09-05', 9_375],
    ]);
    expect(ended.change.movedToPatientCents).toBe(200_000 - 62_500 - 8 * 9_375);
  });
});
