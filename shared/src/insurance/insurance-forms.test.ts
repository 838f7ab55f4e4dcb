import { describe, expect, it } from 'vitest';
import {
  emptyPolicyForm,
  emptyVerificationForm,
  readPolicyForm,
  readVerificationForm,
  verificationFormFrom,
} from './insurance-forms.ts';

const CTX = {
  policyId: 'pol_0000000000000001',
  verifiedBy: 'stf_0000000000000001',
  verifiedOn: '2026-11-25',
};

describe('VERIFY-2: the benefit verification form', () => {
  it('reads dollars into cents and percents into whole numbers', () => {
    const { value, errors } = readVerificationForm(
      {
        ...emptyVerificationForm(),
        lifetimeMax: '$1,500',
        usedToDate: '250.50',
        ageLimitAge: '19',
        ageLimitMode: 'must-start-before',
      },
      CTX,
    );
    expect(errors).toEqual({});
    expect(value).toMatchObject({
      coinsurancePercent: 50,
      lifetimeMaxCents: 150_000,
      usedToDateCents: 25_050,
      ageLimit: { age: 19, mode: 'must-start-before' },
      payment: {
        mode: 'installments',
        initial: { kind: 'percent', percent: 25 },
        frequency: 'monthly',
        installments: 24,
      },
      verifiedOn: '2026-11-25',
    });
  });

  it('PAYOUT-5: records the payout mode: per fee slice with its initial slice and billing frequency, or one lump sum', () => {
    const slice = readVerificationForm(
      {
        ...emptyVerificationForm(),
        lifetimeMax: '2000',
        payoutMode: 'per-slice',
        initialSlicePercent: '25',
        sliceFrequency: 'quarterly',
      },
      CTX,
    );
    expect(slice.value?.payment).toEqual({
      mode: 'per-slice',
      initialSlicePercent: 25,
      frequency: 'quarterly',
    });
    const lump = readVerificationForm(
      { ...emptyVerificationForm(), lifetimeMax: '2000', payoutMode: 'lump-sum' },
      CTX,
    );
    expect(lump.value?.payment).toEqual({ mode: 'lump-sum' });
    const wrong = readVerificationForm(
      {
        ...emptyVerificationForm(),
        lifetimeMax: '2000',
        payoutMode: 'per-slice',
        initialSlicePercent: '125',
      },
      CTX,
    );
    expect(wrong.value).toBeUndefined();
    expect(wrong.errors).toEqual({ initialSlicePercent: 'At most 100%' });
  });

  it('fills a re-verification with the verification in force, whatever its payout mode', () => {
    const read = readVerificationForm(
      {
        ...emptyVerificationForm(),
        lifetimeMax: '2,000',
        allowedFee: '4500',
        payoutMode: 'per-slice',
        initialSlicePercent: '30',
      },
      CTX,
    );
    const stored = {
      ...read.value!,
      id: 'bv_0123456789abcdef',
      payment: read.value!.payment as never,
      createdAt: '2026-11-25T15:00:00.000Z',
      createdBy: 'stf_0000000000000001',
      updatedAt: '2026-11-25T15:00:00.000Z',
      updatedBy: 'stf_0000000000000001',
    };
    const again = readVerificationForm(verificationFormFrom(stored), CTX);
    expect(again.value).toEqual(read.value);
  });

  it('records that the plan requires a pre-authorization only when ticked', () => {
    const ticked = readVerificationForm(
      { ...emptyVerificationForm(), lifetimeMax: '1500', preauthRequired: true },
      CTX,
    );
    expect(ticked.value?.preauthRequired).toBe(true);
    const unticked = readVerificationForm({ ...emptyVerificationForm(), lifetimeMax: '1500' }, CTX);
    expect(unticked.value && 'preauthRequired' in unticked.value).toBe(false);
  });

  it('names each wrong field and saves nothing', () => {
    const { value, errors } = readVerificationForm(
      { ...emptyVerificationForm(), coinsurancePercent: '50.5', lifetimeMax: '', ageLimitAge: '19' },
      CTX,
    );
    expect(value).toBeUndefined();
    expect(errors).toMatchObject({
      coinsurancePercent: 'A whole number',
      lifetimeMax: 'Enter an amount',
      ageLimitMode: 'Choose how the age limit works',
    });
  });

  it('refuses a percent above 100 and a deductible met above the deductible, with the schema’s messages', () => {
    const over = readVerificationForm(
      { ...emptyVerificationForm(), lifetimeMax: '1000', coinsurancePercent: '120' },
      CTX,
    );
    expect(over.errors.coinsurancePercent).toBe('At most 100%');
    const met = readVerificationForm(
      { ...emptyVerificationForm(), lifetimeMax: '1000', deductible: '50', deductibleMet: '75' },
      CTX,
    );
    expect(met.errors.deductibleMet).toBe('Cannot be more than the deductible');
  });
});

describe('VERIFY-1: the policy form', () => {
  it('records the patient as their own subscriber', () => {
    const { value } = readPolicyForm(
      { ...emptyPolicyForm('2026-01-01'), carrierId: 'car_0000000000000001', memberId: ' XJ123 ' },
      { patientId: 'pat_0000000000000001' },
    );
    expect(value).toMatchObject({ subscriber: { kind: 'patient' }, relationship: 'self', memberId: 'XJ123' });
  });

  it('records a parent as the subscriber of a child’s policy', () => {
    const { value } = readPolicyForm(
      {
        ...emptyPolicyForm('2026-01-01'),
        carrierId: 'car_0000000000000001',
        memberId: 'A1',
        subscriber: 'rp_00000000000000001',
        relationship: 'child',
      },
      { patientId: 'pat_0000000000000001' },
    );
    expect(value?.subscriber).toEqual({ kind: 'party', partyId: 'rp_00000000000000001' });
  });

  it('asks for the insurance company and the member id', () => {
    const { errors } = readPolicyForm(emptyPolicyForm('2026-01-01'), { patientId: 'pat_0000000000000001' });
    expect(errors).toMatchObject({ carrierId: 'Choose the insurance company', memberId: 'Required' });
  });
});
