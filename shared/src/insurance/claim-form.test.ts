import { describe, expect, it } from 'vitest';
import type { ClaimView } from './claims.ts';
import type { BenefitVerification, Policy } from './insurance.schema.ts';
import type { InsurerScheduleRecord } from './claims.schema.ts';
import {
  adaClaimForm,
  claimFeeCents,
  claimFormInputOf,
  monthsInTreatment,
  type AdaClaimForm,
  type ClaimFormSources,
} from './claim-form.ts';
import { claimLetterValues } from './claim-letter.ts';
import { mergeValues, renderTemplate } from '../comms/template.ts';
import { STARTER_TEMPLATES } from '../comms/starter-templates.ts';

const STAMPS = {
  createdAt: '2026-05-01T10:00:00.000Z',
  createdBy: 'stf_alice0000000000',
  updatedAt: '2026-05-01T10:00:00.000Z',
  updatedBy: 'stf_alice0000000000',
};

const PRIMARY: Policy = {
  id: 'pol_primary0000000',
  patientId: 'pat_0000000000000001',
  carrierId: 'car_lonestar000000',
  memberId: 'LS-448812',
  groupNumber: 'G-100',
  employer: 'Acme Corp',
  subscriber: { kind: 'party', partyId: 'rp_maria000000000' },
  relationship: 'child',
  effectiveDate: '2025-01-01',
  order: 'primary',
  ...STAMPS,
};
const SECONDARY: Policy = {
  ...PRIMARY,
  id: 'pol_second00000000',
  carrierId: 'car_prairie0000000',
  memberId: 'PM-9',
  groupNumber: undefined,
  subscriber: { kind: 'party', partyId: 'rp_jorge000000000' },
  order: 'secondary',
};

function verification(
  payment: BenefitVerification['payment'],
  verifiedOn = '2026-05-10',
): BenefitVerification {
  return {
    id: `bv_${verifiedOn.replaceAll('-', '')}00000`,
    policyId: PRIMARY.id,
    coinsurancePercent: 50,
    lifetimeMaxCents: 200_000,
    usedToDateCents: 0,
    deductibleCents: 0,
    deductibleMetCents: 0,
    waitingMonths: 0,
    payment,
    alignersAtBracesFee: false,
    cobRule: 'standard',
    verifiedBy: 'stf_alice0000000000',
    verifiedOn,
    ...STAMPS,
  };
}

const SCHEDULE: InsurerScheduleRecord = {
  id: 'sch_start00000000',
  caseId: 'cas_0000000000000001',
  policyId: PRIMARY.id,
  reason: 'start',
  effectiveFrom: '2026-06-01',
  estimateCents: 200_000,
  payments: Array.from({ length: 16 }, (_, n) => ({
    date: `20${n < 7 ? '26' : '27'}-${String(((5 + n) % 12) + 1).padStart(2, '0')}-01`,
    amountCents: n === 0 ? 62_500 : n === 15 ? 6_250 : 9_375,
    kind: n === 0 ? ('initial' as const) : ('installment' as const),
    number: n,
  })),
  reasons: [],
  ...STAMPS,
};

function claim(number: number, dueOn: string, expectedCents: number): ClaimView {
  return {
    scheduleId: SCHEDULE.id,
    policyId: PRIMARY.id,
    caseId: 'cas_0000000000000001',
    paymentNumber: number,
    kind: number === 0 ? 'initial' : 'continuation',
    dueOn,
    expectedCents,
    status: 'to-send',
    paidCents: 0,
    writtenOffCents: 0,
    transferredCents: 0,
    overSettledCents: 0,
  };
}

function sources(over: Partial<ClaimFormSources> = {}): ClaimFormSources {
  return {
    claim: claim(0, '2026-06-01', 62_500),
    insurance: {
      policies: [PRIMARY, SECONDARY],
      verifications: [verification({ mode: 'per-slice', initialSlicePercent: 25, frequency: 'monthly' })],
      preauths: [
        {
          id: 'pa_00000000000001',
          policyId: PRIMARY.id,
          caseId: 'cas_0000000000000001',
          status: 'approved',
          submittedOn: '2026-05-12',
          referenceNumber: 'PA-5521',
          ...STAMPS,
        },
      ],
      schedules: [SCHEDULE],
    },
    carrierOf: (id) =>
      id === PRIMARY.carrierId
        ? { name: 'Lone Star Dental Benefits', payerId: 'LSD01' }
        : { name: 'Prairie Mutual Dental', payerId: undefined },
    patient: { id: 'pat_0000000000000001', firstName: 'Lucia', lastName: 'Garza', dateOfBirth: '2013-03-04' },
    partyOf: (id) =>
      id === 'rp_maria000000000'
        ? { firstName: 'Maria', lastName: 'Garza', dateOfBirth: '1984-02-10' }
        : { firstName: 'Jorge', lastName: 'Garza' },
    familyAddress: { line1: '12 Elm St', city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' },
    theCase: { startDate: '2026-06-01' },
    option: { name: 'Metal braces', feeCents: 500_000, months: 20, cdtCode: 'D8080' },
    billing: { name: 'Bright Smiles Orthodontics, Main Street', phone: '(512) 555-0123' },
    ...over,
  };
}

const itemOf = (form: AdaClaimForm, item: string) =>
  [...form.top, ...form.bottom].flatMap((s) => s.items).filter((i) => i.item === item);

describe('the ADA claim form', () => {
  it('CLAIM-13: fills the orthodontic items from the case: date appliance placed, months in all, months remaining', () => {
    const form = adaClaimForm(claimFormInputOf(sources())!);
    expect(form.version).toBe('2024');
    expect(itemOf(form, '40')[0]!.value).toBe('Yes');
    expect(itemOf(form, '41')[0]!.value).toBe('06/01/2026');
    expect(itemOf(form, '42')[0]!.value).toBe('20');
    expect(form.months).toEqual({ total: 20, remaining: 20 });
    expect(form.remarks).toBe(
      'Orthodontic treatment began 06/01/2026: 20 months in all, 20 remaining. Initial claim. ' +
        "The plan's schedule expects $625.00 on this claim.",
    );
  });

  it('CLAIM-13: fills the plan, subscriber, patient and other coverage, and the approved pre-authorization number', () => {
    const form = adaClaimForm(claimFormInputOf(sources())!);
    expect(itemOf(form, '2')[0]!.value).toBe('PA-5521');
    expect(itemOf(form, '3')[0]!.value).toBe('Lone Star Dental Benefits');
    expect(itemOf(form, '3a')[0]!.value).toBe('LSD01');
    expect(itemOf(form, '12')[0]!.value).toBe('Garza, Maria');
    expect(itemOf(form, '12')[1]!.value).toBe('12 Elm St, Austin, TX 78701');
    expect(itemOf(form, '13')[0]!.value).toBe('02/10/1984');
    expect(itemOf(form, '15')[0]!.value).toBe('LS-448812');
    expect(itemOf(form, '18')[0]!.value).toBe('Dependent child');
    expect(itemOf(form, '20')[0]!.value).toBe('Garza, Lucia');
    expect(itemOf(form, '21')[0]!.value).toBe('03/04/2013');
    // The secondary plan is the other coverage (items 4–11), its missing payer id a plain blank.
    expect(itemOf(form, '5')[0]!.value).toBe('Garza, Jorge');
    expect(itemOf(form, '11')[0]!.value).toBe('Prairie Mutual Dental');
    expect(itemOf(form, '11a')[0]!.value).toBeNull();
  });

  it('CLAIM-13: leaves what the practice has not recorded as labelled blanks', () => {
    const form = adaClaimForm(claimFormInputOf(sources())!);
    expect(itemOf(form, '49')[0]).toEqual({
      item: '49',
      label: 'NPI',
      value: null,
      missing: 'The location’s NPI is not recorded',
    });
    expect(itemOf(form, '50')[0]!.missing).toBe('Not recorded in Aligned: fill in by hand');
    expect(itemOf(form, '48')[1]!.missing).toBe('The location’s address is not recorded');
    expect(itemOf(form, '52')[0]!.value).toBe('(512) 555-0123');
  });

  it('CLAIM-13, LOC-3: the billing location’s NPI and tax id fill items 49 and 51', () => {
    const base = sources();
    const form = adaClaimForm(
      claimFormInputOf({ ...base, billing: { ...base.billing, npi: '1234567893', taxId: '74-1234567' } })!,
    );
    expect(itemOf(form, '49')[0]!.value).toBe('1234567893');
    expect(itemOf(form, '51')[0]!.value).toBe('74-1234567');
  });

  it('CLAIM-13: a per-slice plan bills the initial slice at banding, then each month’s slice as D8670', () => {
    const initial = adaClaimForm(claimFormInputOf(sources())!);
    expect(initial.lines).toEqual([
      {
        procedureDate: '06/01/2026',
        areaOfOralCavity: '00',
        procedureCode: 'D8080',
        description: 'Metal braces',
        quantity: 1,
        feeCents: 125_000,
      },
    ]);
    const fifth = adaClaimForm(claimFormInputOf(sources({ claim: claim(5, '2026-11-01', 9_375) }))!);
    expect(fifth.lines[0]).toMatchObject({ procedureCode: 'D8670', feeCents: 18_750 });
    expect(fifth.months).toEqual({ total: 20, remaining: 15 });
    expect(fifth.remarks).toContain('Continuation claim 5 of 15.');
  });

  it('CLAIM-13: other plans bill the whole fee at banding and the scheduled installment after', () => {
    const input = { option: { name: 'Braces', feeCents: 500_000, months: 20 } };
    const installments = {
      mode: 'installments',
      initial: { kind: 'percent', percent: 25 },
      frequency: 'monthly',
      installments: 20,
    } as const;
    expect(claimFeeCents({ ...input, claim: claim(0, '2026-06-01', 50_000), terms: installments })).toBe(
      500_000,
    );
    expect(claimFeeCents({ ...input, claim: claim(3, '2026-09-01', 7_500), terms: installments })).toBe(
      7_500,
    );
    const quarterly = { mode: 'per-slice', initialSlicePercent: 25, frequency: 'quarterly' } as const;
    expect(claimFeeCents({ ...input, claim: claim(7, '2028-02-01', 18_750), terms: quarterly })).toBe(37_500);
    expect(claimFeeCents({ ...input, claim: claim(1, '2026-09-01', 28_125), terms: quarterly })).toBe(56_250);
  });

  it('CLAIM-13: names the missing procedure code and start date instead of inventing them', () => {
    const form = adaClaimForm(
      claimFormInputOf(sources({ theCase: {}, option: { name: 'Braces', feeCents: 500_000, months: 20 } }))!,
    );
    expect(form.lines[0]!.procedureCode).toBeNull();
    expect(itemOf(form, '41')[0]).toMatchObject({ value: null, missing: 'The case has no start date' });
    expect(form.remarks).toContain('the start date is not recorded');
  });

  it('counts months in treatment as whole months, a partial month of 15 days or more as one', () => {
    expect(monthsInTreatment('2026-06-01', '2026-06-01')).toBe(0);
    expect(monthsInTreatment('2026-06-01', '2026-06-15')).toBe(0);
    expect(monthsInTreatment('2026-06-01', '2026-06-16')).toBe(1);
    expect(monthsInTreatment('2026-06-01', '2026-07-01')).toBe(1);
    expect(monthsInTreatment('2026-06-01', '2026-07-16')).toBe(2);
    expect(monthsInTreatment('2026-01-31', '2026-02-28')).toBe(1);
  });
});

describe('the appeal letter', () => {
  it('CLAIM-8: renders the starter appeal from a denied claim with every merge field filled', () => {
    const denied = {
      ...claim(0, '2026-06-01', 62_500),
      status: 'denied' as const,
      deniedReason: 'Not medically necessary',
      reference: 'EOB-7731',
    };
    const input = claimFormInputOf(sources({ claim: denied }))!;
    const appeal = STARTER_TEMPLATES.find((t) => t.name === 'Claim appeal')!;
    const values = {
      ...mergeValues({
        patient: { firstName: 'Lucia', lastName: 'Garza' },
        practice: { name: 'Bright Smiles Orthodontics', phone: '(512) 555-0123' },
        coordinatorName: 'Jess',
      }),
      ...claimLetterValues(input, denied),
    };
    const letter = renderTemplate(appeal.body, values);
    expect(letter.missing).toEqual([]);
    expect(letter.unknown).toEqual([]);
    expect(letter.text).toContain('Patient: Lucia Garza, date of birth 03/04/2013');
    expect(letter.text).toContain('Subscriber: Maria Garza, member id LS-448812, group G-100');
    expect(letter.text).toContain(
      'Claim: D8080, date of service 06/01/2026, $1,250.00 (your reference EOB-7731)',
    );
    expect(letter.text).toContain('for this reason: Not medically necessary. $625.00 is still unpaid.');
    expect(letter.text).toContain('The appliance was placed on 06/01/2026 for 20 months of treatment.');
  });
});
