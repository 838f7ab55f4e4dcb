import { describe, expect, it } from 'vitest';
import type { TreatmentOption } from '../pipeline/case.schema.ts';
import type { BenefitVerification, Policy } from './insurance.schema.ts';
import {
  bracesFeeOf,
  estimateAllOptions,
  estimateForOption,
  estimateInputFor,
  type OptionEstimateRequest,
} from './estimate-for-option.ts';

const stamps = (createdAt: string) => ({
  createdAt,
  createdBy: 'stf_alice0000000000',
  updatedAt: createdAt,
  updatedBy: 'stf_alice0000000000',
});

function policy(id: string, over: Partial<Policy> = {}): Policy {
  return {
    id,
    patientId: 'pat_a000000000',
    carrierId: 'car_delta0000000',
    memberId: 'M1',
    subscriber: { kind: 'patient' },
    relationship: 'self',
    effectiveDate: '2025-01-01',
    order: 'primary',
    ...stamps('2025-01-01T10:00:00.000Z'),
    ...over,
  };
}

let verificationCounter = 0;
function verification(policyId: string, over: Partial<BenefitVerification> = {}): BenefitVerification {
  verificationCounter += 1;
  return {
    id: `ver_${String(verificationCounter).padStart(8, '0')}`,
    policyId,
    coinsurancePercent: 50,
    lifetimeMaxCents: 150_000,
    usedToDateCents: 0,
    deductibleCents: 0,
    deductibleMetCents: 0,
    waitingMonths: 0,
    payment: {
      mode: 'installments',
      initial: { kind: 'amount', cents: 0 },
      frequency: 'lump-sum',
      installments: 0,
    },
    alignersAtBracesFee: false,
    cobRule: 'standard',
    verifiedBy: 'stf_alice0000000000',
    verifiedOn: '2026-05-01',
    ...stamps('2026-05-01T10:00:00.000Z'),
    ...over,
  };
}

const OPTION = { feeCents: 600_000, months: 24, appliance: 'metal-braces' } as const;

function request(over: Partial<OptionEstimateRequest> = {}): OptionEstimateRequest {
  return {
    option: OPTION,
    startDate: '2026-07-01',
    patientDateOfBirth: '2013-03-04',
    insurance: { policies: [policy('pol_primary')], verifications: [verification('pol_primary')] },
    ...over,
  };
}

describe('EST-11: estimateInputFor', () => {
  it('carries the option’s fee, months and appliance, the start and the date of birth', () => {
    const input = estimateInputFor(request({ bracesFeeCents: 550_000 }));
    expect(input).toMatchObject({
      feeCents: 600_000,
      months: 24,
      appliance: 'metal-braces',
      startDate: '2026-07-01',
      patientDateOfBirth: '2013-03-04',
      bracesFeeCents: 550_000,
    });
  });

  it('leaves out a braces fee and a date of birth it was not given', () => {
    const input = estimateInputFor(request({ patientDateOfBirth: undefined }));
    expect(input).not.toHaveProperty('bracesFeeCents');
    expect(input).not.toHaveProperty('patientDateOfBirth');
  });

  it('skips policies that ended before the start, and keeps one ending on the start or later', () => {
    const input = estimateInputFor(
      request({
        insurance: {
          policies: [
            policy('pol_ended', { endDate: '2026-06-30' }),
            policy('pol_endsonstart', { endDate: '2026-07-01', order: 'secondary' }),
            policy('pol_endslater', { endDate: '2027-01-31', order: 'tertiary' }),
          ],
          verifications: [],
        },
      }),
    );
    expect(input.plans.map((p) => p.policy)).toEqual([
      { id: 'pol_endsonstart', order: 'secondary', effectiveDate: '2025-01-01', endDate: '2026-07-01' },
      { id: 'pol_endslater', order: 'tertiary', effectiveDate: '2025-01-01', endDate: '2027-01-31' },
    ]);
  });

  it('passes on a policy that starts after the treatment start: the engine says why it pays nothing', () => {
    const input = estimateInputFor(
      request({
        insurance: {
          policies: [policy('pol_new', { effectiveDate: '2026-09-01' })],
          verifications: [verification('pol_new')],
        },
      }),
    );
    expect(input.plans.map((p) => p.policy.id)).toEqual(['pol_new']);
    const estimate = estimateForOption(
      request({
        insurance: {
          policies: [policy('pol_new', { effectiveDate: '2026-09-01' })],
          verifications: [verification('pol_new')],
        },
      }),
    );
    expect(estimate.totalInsuranceCents).toBe(0);
  });

  it('orders plans primary, secondary, tertiary whatever order the policies are stored in', () => {
    const input = estimateInputFor(
      request({
        insurance: {
          policies: [
            policy('pol_3', { order: 'tertiary' }),
            policy('pol_1', { order: 'primary' }),
            policy('pol_2', { order: 'secondary' }),
          ],
          verifications: [],
        },
      }),
    );
    expect(input.plans.map((p) => p.policy.order)).toEqual(['primary', 'secondary', 'tertiary']);
  });

  it('orders two policies of the same order by effective date, then id', () => {
    const input = estimateInputFor(
      request({
        insurance: {
          policies: [
            policy('pol_b', { effectiveDate: '2024-01-01' }),
            policy('pol_c', { effectiveDate: '2023-01-01' }),
            policy('pol_a', { effectiveDate: '2024-01-01' }),
          ],
          verifications: [],
        },
      }),
    );
    expect(input.plans.map((p) => p.policy.id)).toEqual(['pol_c', 'pol_a', 'pol_b']);
  });

  it('gives each plan its own verification, and null when it was never verified', () => {
    const primary = verification('pol_1');
    const input = estimateInputFor(
      request({
        insurance: {
          policies: [policy('pol_1'), policy('pol_2', { order: 'secondary' })],
          verifications: [primary],
        },
      }),
    );
    expect(input.plans.map((p) => p.benefits)).toEqual([primary, null]);
  });

  it('uses a verification done later instead of an earlier one', () => {
    const earlier = verification('pol_primary', { verifiedOn: '2026-01-10', coinsurancePercent: 50 });
    const later = verification('pol_primary', {
      verifiedOn: '2026-05-10',
      coinsurancePercent: 80,
      ...stamps('2026-01-01T10:00:00.000Z'),
    });
    const input = estimateInputFor(
      request({ insurance: { policies: [policy('pol_primary')], verifications: [later, earlier] } }),
    );
    expect(input.plans[0]!.benefits).toBe(later);
  });

  it('uses the one recorded last of two verifications done the same day', () => {
    const first = verification('pol_primary', { ...stamps('2026-05-01T09:00:00.000Z') });
    const second = verification('pol_primary', {
      coinsurancePercent: 40,
      ...stamps('2026-05-01T16:00:00.000Z'),
    });
    const insurance = { policies: [policy('pol_primary')], verifications: [second, first] };
    expect(estimateInputFor(request({ insurance })).plans[0]!.benefits).toBe(second);
    const estimate = estimateForOption(request({ insurance }));
    // 40% (the second) of $6,000, not 50% (the first).
    expect(estimate.plans[0]!.steps.find((s) => s.step === 'coinsurance')!.amountAfterCents).toBe(240_000);
  });
});

describe('estimateForOption', () => {
  it('EST-11: estimates with the plan’s verified benefits', () => {
    const estimate = estimateForOption(request());
    expect(estimate).toMatchObject({
      feeCents: 600_000,
      totalInsuranceCents: 150_000,
      patientPortionCents: 450_000,
    });
    expect(estimate.plans.map((p) => p.policyId)).toEqual(['pol_primary']);
  });

  it('EST-10: gives a zero estimate with the whole fee as the patient portion when there are no policies', () => {
    const estimate = estimateForOption(request({ insurance: { policies: [], verifications: [] } }));
    expect(estimate).toEqual({
      feeCents: 600_000,
      plans: [],
      totalInsuranceCents: 0,
      patientPortionCents: 600_000,
      warnings: [],
    });
  });

  it('EST-9: counts nothing for an unverified plan, and says so', () => {
    const estimate = estimateForOption(
      request({ insurance: { policies: [policy('pol_primary')], verifications: [] } }),
    );
    expect(estimate.totalInsuranceCents).toBe(0);
    expect(estimate.warnings).toContain("The primary plan's benefits are not verified");
  });

  it('COB-1: coordinates a secondary plan after the primary', () => {
    const estimate = estimateForOption(
      request({
        insurance: {
          policies: [policy('pol_2', { order: 'secondary' }), policy('pol_1')],
          verifications: [verification('pol_1'), verification('pol_2')],
        },
      }),
    );
    expect(estimate.plans.map((p) => [p.policyId, p.estimateCents])).toEqual([
      ['pol_1', 150_000],
      ['pol_2', 150_000],
    ]);
  });
});

describe('EST-2: estimateAllOptions', () => {
  const alignersPlan = {
    policies: [policy('pol_primary')],
    verifications: [
      verification('pol_primary', {
        alignersAtBracesFee: true,
        coinsurancePercent: 50,
        lifetimeMaxCents: 1_000_000,
      }),
    ],
  };
  const option = (
    id: string,
    appliance: TreatmentOption['appliance'],
    feeCents: number,
    caseId = 'cas_1',
  ): Pick<TreatmentOption, 'id' | 'caseId' | 'feeCents' | 'months' | 'appliance'> => ({
    id,
    caseId,
    appliance,
    feeCents,
    months: 24,
  });

  it('estimates every option, by option id', () => {
    const estimates = estimateAllOptions(
      [option('opt_metal', 'metal-braces', 500_000), option('opt_ceramic', 'ceramic-braces', 600_000)],
      { startDate: '2026-07-01', insurance: alignersPlan },
    );
    expect([...estimates.keys()]).toEqual(['opt_metal', 'opt_ceramic']);
    expect(estimates.get('opt_metal')!.totalInsuranceCents).toBe(250_000);
    expect(estimates.get('opt_ceramic')!.totalInsuranceCents).toBe(300_000);
  });

  it('benefits aligners at the lowest braces fee of the same case', () => {
    const estimates = estimateAllOptions(
      [
        option('opt_ceramic', 'ceramic-braces', 550_000),
        option('opt_metal', 'metal-braces', 500_000),
        option('opt_lingual', 'lingual-braces', 400_000),
        option('opt_other_case', 'metal-braces', 300_000, 'cas_2'),
        option('opt_aligners', 'clear-aligners', 700_000),
      ],
      { startDate: '2026-07-01', insurance: alignersPlan },
    );
    const aligners = estimates.get('opt_aligners')!;
    expect(aligners.plans[0]!.steps[0]!.amountAfterCents).toBe(500_000);
    expect(aligners.totalInsuranceCents).toBe(250_000);
    expect(aligners.patientPortionCents).toBe(450_000);
  });

  it('benefits aligners at their own fee when the case has no braces option', () => {
    const estimates = estimateAllOptions([option('opt_aligners', 'clear-aligners', 700_000)], {
      startDate: '2026-07-01',
      insurance: alignersPlan,
    });
    expect(estimates.get('opt_aligners')!.totalInsuranceCents).toBe(350_000);
  });

  it('gives no braces fee to options other than aligners', () => {
    expect(bracesFeeOf([option('a', 'metal-braces', 1), option('b', 'ceramic-braces', 2)], 'cas_1')).toBe(1);
    expect(bracesFeeOf([option('a', 'lingual-braces', 1)], 'cas_1')).toBeUndefined();
    const estimates = estimateAllOptions(
      [option('opt_metal', 'metal-braces', 500_000), option('opt_lingual', 'lingual-braces', 900_000)],
      { startDate: '2026-07-01', insurance: alignersPlan },
    );
    expect(estimates.get('opt_lingual')!.plans[0]!.steps[0]!.amountAfterCents).toBe(900_000);
  });

  it('is empty for no options', () => {
    expect(estimateAllOptions([], { startDate: '2026-07-01', insurance: alignersPlan }).size).toBe(0);
  });
});
