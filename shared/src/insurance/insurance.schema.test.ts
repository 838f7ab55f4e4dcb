import { describe, expect, it } from 'vitest';
import {
  AGE_LIMIT_MODE_LABELS,
  AgeLimitMode,
  BenefitVerification,
  BenefitVerificationFields,
  COB_RULE_LABELS,
  Carrier,
  CarrierFields,
  CobRule,
  PAYMENT_FREQUENCY_LABELS,
  PAYOUT_MODE_LABELS,
  POLICY_ORDER_LABELS,
  PaymentFrequency,
  PayoutMode,
  Policy,
  PolicyFields,
  PolicyOrder,
  SUBSCRIBER_RELATIONSHIP_LABELS,
  SubscriberRelationship,
} from './insurance.schema.ts';

const stamps = {
  createdAt: '2026-11-25T15:00:00.000Z',
  createdBy: 'stf_alice0000000000',
  updatedAt: '2026-11-25T15:00:00.000Z',
  updatedBy: 'stf_alice0000000000',
};

type Issues = { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } };

/** `path: message` for every issue, so a test shows which field failed and what the person reads. */
function issuesOf(result: Issues): string[] {
  return (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
}

function carrierInput(over: Record<string, unknown> = {}) {
  return {
    name: 'Delta Dental of Texas',
    payerId: 'CDCA1',
    phone: '+18005551234',
    portalUrl: 'https://www.deltadentalins.com/provider',
    active: true,
    ...over,
  };
}

function policyInput(over: Record<string, unknown> = {}) {
  return {
    patientId: 'pat_0123456789abcdef',
    carrierId: 'car_0123456789abcdef',
    planName: 'PPO Plus',
    employer: 'Acme Corp',
    groupNumber: '12345-A',
    memberId: 'XJ123456789',
    subscriber: { kind: 'party', partyId: 'rp_0123456789abcdef' },
    relationship: 'child',
    effectiveDate: '2026-01-01',
    order: 'primary',
    ...over,
  };
}

function verificationInput(over: Record<string, unknown> = {}) {
  return {
    policyId: 'pol_0123456789abcdef',
    coinsurancePercent: 50,
    lifetimeMaxCents: 150_000,
    usedToDateCents: 0,
    deductibleCents: 5_000,
    deductibleMetCents: 0,
    ageLimit: { age: 19, mode: 'must-start-before' },
    waitingMonths: 0,
    payment: {
      mode: 'installments',
      initial: { kind: 'percent', percent: 25 },
      frequency: 'monthly',
      installments: 24,
    },
    alignersAtBracesFee: true,
    cobRule: 'standard',
    verifiedBy: 'stf_alice0000000000',
    verifiedOn: '2026-05-20',
    referenceNumber: 'CALL-88123',
    ...over,
  };
}

describe('VERIFY-1: Carrier schema', () => {
  it('accepts a complete carrier record and keeps fields it does not know', () => {
    const parsed = Carrier.parse({ id: 'car_0123456789abcdef', ...carrierInput(), ...stamps, fax: 'x' });
    expect(parsed).toHaveProperty('fax', 'x');
  });

  it('accepts a carrier with only a name', () => {
    expect(CarrierFields.safeParse({ name: 'Cigna', active: false }).success).toBe(true);
  });

  it('refuses an empty name, a payer id with symbols, a phone not in E.164 and a portal that is not a web address', () => {
    const result = CarrierFields.safeParse(
      carrierInput({
        name: '  ',
        payerId: 'CD-CA1',
        phone: '800-555-1234',
        portalUrl: 'ftp://delta.example',
      }),
    );
    expect(issuesOf(result).sort()).toEqual([
      'name: Required',
      'payerId: Letters and digits only (2–20)',
      'phone: Not a valid phone number',
      'portalUrl: Use a web address starting with https://',
    ]);
  });
});

describe('VERIFY-1: Policy schema', () => {
  it('accepts a complete policy held by a parent', () => {
    const record = { id: 'pol_0123456789abcdef', ...policyInput({ endDate: '2026-12-31' }), ...stamps };
    expect(Policy.safeParse(record).success).toBe(true);
  });

  it('accepts a policy held by the patient themself', () => {
    const result = PolicyFields.safeParse(
      policyInput({ subscriber: { kind: 'patient' }, relationship: 'self' }),
    );
    expect(result.success).toBe(true);
  });

  it('refuses an end date before the effective date, in the fields and in the stored record', () => {
    const fields = policyInput({ effectiveDate: '2026-06-01', endDate: '2026-05-31' });
    expect(issuesOf(PolicyFields.safeParse(fields))).toEqual(['endDate: Ends before it starts']);
    const record = { id: 'pol_0123456789abcdef', ...fields, ...stamps };
    expect(issuesOf(Policy.safeParse(record))).toEqual(['endDate: Ends before it starts']);
  });

  it('accepts coverage that ends on the day it starts', () => {
    const result = PolicyFields.safeParse(
      policyInput({ effectiveDate: '2026-06-01', endDate: '2026-06-01' }),
    );
    expect(result.success).toBe(true);
  });

  it('refuses a relationship other than self when the patient is the subscriber', () => {
    const result = PolicyFields.safeParse(
      policyInput({ subscriber: { kind: 'patient' }, relationship: 'child' }),
    );
    expect(issuesOf(result)).toEqual([
      'relationship: The patient is the subscriber: the relationship is Self',
    ]);
  });

  it('refuses impossible or malformed dates with a message', () => {
    const result = PolicyFields.safeParse(
      policyInput({ effectiveDate: '2026-02-30', endDate: '12/31/2026' }),
    );
    const issues = issuesOf(result);
    expect(issues).toEqual(
      expect.arrayContaining(['effectiveDate: Not a real calendar date', 'endDate: Use the form YYYY-MM-DD']),
    );
    // Only the date messages: dates that are not dates are not compared.
    expect(issues.every((i) => i.startsWith('effectiveDate') || i.startsWith('endDate'))).toBe(true);
    expect(issues).not.toContain('endDate: Ends before it starts');
  });

  it('needs a member id and a party id for a party subscriber', () => {
    const result = PolicyFields.safeParse(policyInput({ memberId: ' ', subscriber: { kind: 'party' } }));
    expect(
      issuesOf(result)
        .map((i) => i.split(':')[0])
        .sort(),
    ).toEqual(['memberId', 'subscriber.partyId']);
  });

  it('refuses an order other than primary, secondary or tertiary', () => {
    expect(PolicyFields.safeParse(policyInput({ order: 'quaternary' })).success).toBe(false);
  });

  it('trims the text it is given', () => {
    expect(PolicyFields.parse(policyInput({ memberId: '  XJ1  ', groupNumber: ' 9 ' }))).toMatchObject({
      memberId: 'XJ1',
      groupNumber: '9',
    });
  });
});

describe('VERIFY-2: BenefitVerification schema', () => {
  it('accepts a complete verification record', () => {
    const record = {
      id: 'bv_0123456789abcdef',
      ...verificationInput({ allowedFeeCents: 500_000 }),
      ...stamps,
    };
    expect(BenefitVerification.safeParse(record).success).toBe(true);
  });

  it('accepts 0% and 100% coinsurance and refuses anything outside or fractional', () => {
    expect(BenefitVerificationFields.safeParse(verificationInput({ coinsurancePercent: 0 })).success).toBe(
      true,
    );
    expect(BenefitVerificationFields.safeParse(verificationInput({ coinsurancePercent: 100 })).success).toBe(
      true,
    );
    expect(
      issuesOf(BenefitVerificationFields.safeParse(verificationInput({ coinsurancePercent: 101 }))),
    ).toEqual(['coinsurancePercent: At most 100%']);
    expect(
      issuesOf(BenefitVerificationFields.safeParse(verificationInput({ coinsurancePercent: -1 }))),
    ).toEqual(['coinsurancePercent: At least 0%']);
    expect(
      issuesOf(BenefitVerificationFields.safeParse(verificationInput({ coinsurancePercent: 50.5 }))),
    ).toEqual(['coinsurancePercent: Whole percent only']);
  });

  it('refuses an initial payment percent over 100', () => {
    const payment = { initial: { kind: 'percent', percent: 120 }, frequency: 'monthly', installments: 24 };
    expect(issuesOf(BenefitVerificationFields.safeParse(verificationInput({ payment })))).toEqual([
      'payment.initial.percent: At most 100%',
    ]);
  });

  it('refuses negative or fractional cents with a message', () => {
    const result = BenefitVerificationFields.safeParse(
      verificationInput({ lifetimeMaxCents: -100, usedToDateCents: 10.5, allowedFeeCents: -1 }),
    );
    expect(issuesOf(result).sort()).toEqual([
      'allowedFeeCents: Cannot be negative',
      'lifetimeMaxCents: Cannot be negative',
      'usedToDateCents: Whole cents only',
    ]);
  });

  it('refuses a met deductible larger than the deductible, in the fields and in the stored record', () => {
    const fields = verificationInput({ deductibleCents: 5_000, deductibleMetCents: 6_000 });
    expect(issuesOf(BenefitVerificationFields.safeParse(fields))).toEqual([
      'deductibleMetCents: Cannot be more than the deductible',
    ]);
    const record = { id: 'bv_0123456789abcdef', ...fields, ...stamps };
    expect(issuesOf(BenefitVerification.safeParse(record))).toEqual([
      'deductibleMetCents: Cannot be more than the deductible',
    ]);
  });

  it('accepts more used to date than the maximum: a previous carrier may have paid more', () => {
    const result = BenefitVerificationFields.safeParse(
      verificationInput({ lifetimeMaxCents: 100_000, usedToDateCents: 150_000 }),
    );
    expect(result.success).toBe(true);
  });

  it('refuses an impossible verification date and an age limit out of range', () => {
    const result = BenefitVerificationFields.safeParse(
      verificationInput({ verifiedOn: '2026-13-01', ageLimit: { age: 0, mode: 'must-start-before' } }),
    );
    expect(issuesOf(result).sort()).toEqual([
      'ageLimit.age: At least 1',
      'verifiedOn: Not a real calendar date',
    ]);
  });

  it('refuses an unknown age-limit mode, frequency or COB rule', () => {
    const result = BenefitVerificationFields.safeParse(
      verificationInput({
        ageLimit: { age: 19, mode: 'until-graduation' },
        payment: {
          mode: 'installments',
          initial: { kind: 'amount', cents: 0 },
          frequency: 'weekly',
          installments: 0,
        },
        cobRule: 'medicaid',
      }),
    );
    expect(
      issuesOf(result)
        .map((i) => i.split(':')[0])
        .sort(),
    ).toEqual(['ageLimit.mode', 'cobRule', 'payment.frequency']);
  });

  it('refuses negative waiting months and installments', () => {
    const result = BenefitVerificationFields.safeParse(
      verificationInput({
        waitingMonths: -1,
        payment: {
          mode: 'installments',
          initial: { kind: 'amount', cents: 0 },
          frequency: 'monthly',
          installments: -2,
        },
      }),
    );
    expect(issuesOf(result).sort()).toEqual([
      'payment.installments: Cannot be negative',
      'waitingMonths: Cannot be negative',
    ]);
  });

  it('VERIFY-4: reads a verification stored before payout modes as mode (a), installments, without rewriting it', () => {
    const stored = {
      id: 'bv_0123456789abcdef',
      ...verificationInput({
        payment: { initial: { kind: 'percent', percent: 25 }, frequency: 'monthly', installments: 24 },
      }),
      ...stamps,
    };
    const before = JSON.stringify(stored);
    const read = BenefitVerification.safeParse(stored);
    expect(read.success && read.data.payment).toEqual({
      mode: 'installments',
      initial: { kind: 'percent', percent: 25 },
      frequency: 'monthly',
      installments: 24,
    });
    expect(JSON.stringify(stored)).toBe(before);
  });

  it('PAYOUT-5: accepts each payout mode and names the wrong figure of each', () => {
    const perSlice = { mode: 'per-slice', initialSlicePercent: 25, frequency: 'quarterly' };
    expect(BenefitVerificationFields.safeParse(verificationInput({ payment: perSlice })).success).toBe(true);
    expect(
      BenefitVerificationFields.safeParse(verificationInput({ payment: { mode: 'lump-sum' } })).success,
    ).toBe(true);
    expect(
      issuesOf(
        BenefitVerificationFields.safeParse(
          verificationInput({
            payment: { mode: 'per-slice', initialSlicePercent: 120, frequency: 'annually' },
          }),
        ),
      ).sort(),
    ).toEqual([
      'payment.frequency: Invalid option: expected one of "monthly"|"quarterly"',
      'payment.initialSlicePercent: At most 100%',
    ]);
    expect(
      issuesOf(BenefitVerificationFields.safeParse(verificationInput({ payment: { mode: 'weekly-ish' } }))),
    ).toEqual([
      "payment.mode: Invalid discriminator value. Expected 'installments' | 'per-slice' | 'lump-sum'",
    ]);
  });

  it('needs who verified it and when', () => {
    const { verifiedBy: _by, verifiedOn: _on, ...rest } = verificationInput();
    const result = BenefitVerificationFields.safeParse(rest);
    expect(
      issuesOf(result)
        .map((i) => i.split(':')[0])
        .sort(),
    ).toEqual(['verifiedBy', 'verifiedOn']);
  });
});

describe('labels', () => {
  it('has a label for every value of every enum', () => {
    const pairs: [readonly string[], Record<string, string>][] = [
      [PolicyOrder.options, POLICY_ORDER_LABELS],
      [SubscriberRelationship.options, SUBSCRIBER_RELATIONSHIP_LABELS],
      [AgeLimitMode.options, AGE_LIMIT_MODE_LABELS],
      [PaymentFrequency.options, PAYMENT_FREQUENCY_LABELS],
      [CobRule.options, COB_RULE_LABELS],
      [PayoutMode.options, PAYOUT_MODE_LABELS],
    ];
    for (const [values, labels] of pairs) {
      expect(Object.keys(labels).sort()).toEqual([...values].sort());
      expect(Object.values(labels).every((l) => l.trim().length > 0)).toBe(true);
    }
  });
});
