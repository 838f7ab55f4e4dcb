/**
 * The policy and benefit-verification forms as people fill them in: dollars typed as text,
 * percents and counts as text, read into the schemas' values with every problem named by field.
 */
import type { PolicyInput, VerificationInput } from './insurance-doc.ts';
import { parseDollars } from '../core/money.ts';
import {
  type AgeLimitMode,
  type BenefitVerification,
  BenefitVerificationFields,
  type CobRule,
  type InitialPayment,
  type PaymentTerms,
  type PaymentFrequency,
  type PayoutMode,
  PolicyFields,
  type PolicyOrder,
  type SliceFrequency,
  type SubscriberRelationship,
} from './insurance.schema.ts';
import { toFieldIssues } from '../documents/collection.ts';

export type VerificationForm = {
  coinsurancePercent: string;
  lifetimeMax: string;
  usedToDate: string;
  deductible: string;
  deductibleMet: string;
  ageLimitAge: string;
  ageLimitMode: AgeLimitMode | '';
  waitingMonths: string;
  /** How the insurer pays out (PAYOUT-5); the fields below that apply depend on it. */
  payoutMode: PayoutMode;
  /** Installments: the initial payment, then installments at this frequency. */
  initialKind: 'amount' | 'percent';
  initialValue: string;
  frequency: Exclude<PaymentFrequency, 'lump-sum'>;
  installments: string;
  /** Per fee slice: the share of the fee billed at the start, and how often the rest is billed. */
  initialSlicePercent: string;
  sliceFrequency: SliceFrequency;
  alignersAtBracesFee: boolean;
  /** The plan requires an approved pre-authorization before treatment starts. */
  preauthRequired: boolean;
  cobRule: CobRule;
  allowedFee: string;
  referenceNumber: string;
  notes: string;
};

export function emptyVerificationForm(): VerificationForm {
  return {
    coinsurancePercent: '50',
    lifetimeMax: '',
    usedToDate: '0',
    deductible: '0',
    deductibleMet: '0',
    ageLimitAge: '',
    ageLimitMode: '',
    waitingMonths: '0',
    payoutMode: 'installments',
    initialKind: 'percent',
    initialValue: '25',
    frequency: 'monthly',
    installments: '24',
    initialSlicePercent: '25',
    sliceFrequency: 'monthly',
    alignersAtBracesFee: false,
    preauthRequired: false,
    cobRule: 'standard',
    allowedFee: '',
    referenceNumber: '',
    notes: '',
  };
}

/**
 * The form filled with the verification in force, for a re-verification: most plans answer the
 * same as last time, and the coordinator changes what the carrier says changed.
 */
export function verificationFormFrom(current: BenefitVerification): VerificationForm {
  const dollars = (cents: number) => (cents / 100).toFixed(2);
  const form: VerificationForm = {
    ...emptyVerificationForm(),
    coinsurancePercent: String(current.coinsurancePercent),
    lifetimeMax: dollars(current.lifetimeMaxCents),
    usedToDate: dollars(current.usedToDateCents),
    deductible: dollars(current.deductibleCents),
    deductibleMet: dollars(current.deductibleMetCents),
    ageLimitAge: current.ageLimit ? String(current.ageLimit.age) : '',
    ageLimitMode: current.ageLimit?.mode ?? '',
    waitingMonths: String(current.waitingMonths),
    alignersAtBracesFee: current.alignersAtBracesFee,
    preauthRequired: current.preauthRequired ?? false,
    cobRule: current.cobRule,
    allowedFee: current.allowedFeeCents === undefined ? '' : dollars(current.allowedFeeCents),
  };
  const terms = current.payment;
  if (terms.mode === 'per-slice') {
    return {
      ...form,
      payoutMode: 'per-slice',
      initialSlicePercent: String(terms.initialSlicePercent),
      sliceFrequency: terms.frequency,
    };
  }
  if (terms.mode === 'lump-sum' || terms.frequency === 'lump-sum') return { ...form, payoutMode: 'lump-sum' };
  return {
    ...form,
    payoutMode: 'installments',
    initialKind: terms.initial.kind,
    initialValue:
      terms.initial.kind === 'percent' ? String(terms.initial.percent) : dollars(terms.initial.cents),
    frequency: terms.frequency,
    installments: String(terms.installments),
  };
}

type Errors<F> = Partial<Record<keyof F, string>>;

function wholeNumber(text: string): number | null {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : null;
}

/** Reads the verification form; `verifiedBy`/`verifiedOn` come from who is signed in and today. */
export function readVerificationForm(
  form: VerificationForm,
  context: { policyId: string; verifiedBy: string; verifiedOn: string },
): { value?: VerificationInput; errors: Errors<VerificationForm> } {
  const errors: Errors<VerificationForm> = {};
  const money = (key: keyof VerificationForm, text: string, required: boolean): number | undefined => {
    if (!text.trim()) {
      if (required) errors[key] = 'Enter an amount';
      return undefined;
    }
    const parsed = parseDollars(text);
    if (!parsed.ok) errors[key] = parsed.error;
    return parsed.ok ? parsed.value : undefined;
  };
  const count = (key: keyof VerificationForm, text: string): number | undefined => {
    const n = wholeNumber(text);
    if (n === null) errors[key] = 'A whole number';
    return n ?? undefined;
  };
  const coinsurancePercent = count('coinsurancePercent', form.coinsurancePercent);
  const lifetimeMaxCents = money('lifetimeMax', form.lifetimeMax, true);
  const usedToDateCents = money('usedToDate', form.usedToDate || '0', true);
  const deductibleCents = money('deductible', form.deductible || '0', true);
  const deductibleMetCents = money('deductibleMet', form.deductibleMet || '0', true);
  const waitingMonths = count('waitingMonths', form.waitingMonths || '0');
  let ageLimit: VerificationInput['ageLimit'];
  if (form.ageLimitMode) {
    const age = wholeNumber(form.ageLimitAge);
    if (age === null) errors.ageLimitAge = 'Enter the age limit';
    else ageLimit = { age, mode: form.ageLimitMode };
  } else if (form.ageLimitAge.trim()) {
    errors.ageLimitMode = 'Choose how the age limit works';
  }
  let payment: PaymentTerms | undefined;
  if (form.payoutMode === 'lump-sum') {
    payment = { mode: 'lump-sum' };
  } else if (form.payoutMode === 'per-slice') {
    const initialSlicePercent = count('initialSlicePercent', form.initialSlicePercent || '0');
    if (initialSlicePercent !== undefined)
      payment = { mode: 'per-slice', initialSlicePercent, frequency: form.sliceFrequency };
  } else {
    const installments = count('installments', form.installments || '0');
    let initial: InitialPayment | undefined;
    if (form.initialKind === 'percent') {
      const percent = count('initialValue', form.initialValue || '0');
      if (percent !== undefined) initial = { kind: 'percent', percent };
    } else {
      const cents = money('initialValue', form.initialValue || '0', true);
      if (cents !== undefined) initial = { kind: 'amount', cents };
    }
    if (initial && installments !== undefined)
      payment = { mode: 'installments', initial, frequency: form.frequency, installments };
  }
  const allowedFeeCents = money('allowedFee', form.allowedFee, false);
  if (Object.keys(errors).length > 0) return { errors };

  const input = {
    policyId: context.policyId,
    coinsurancePercent: coinsurancePercent!,
    lifetimeMaxCents: lifetimeMaxCents!,
    usedToDateCents: usedToDateCents!,
    deductibleCents: deductibleCents!,
    deductibleMetCents: deductibleMetCents!,
    ageLimit,
    waitingMonths: waitingMonths!,
    payment: payment!,
    alignersAtBracesFee: form.alignersAtBracesFee,
    ...(form.preauthRequired ? { preauthRequired: true } : {}),
    cobRule: form.cobRule,
    allowedFeeCents,
    verifiedBy: context.verifiedBy,
    verifiedOn: context.verifiedOn,
    referenceNumber: form.referenceNumber.trim() || undefined,
    notes: form.notes.trim() || undefined,
  };
  const check = BenefitVerificationFields.safeParse(input);
  if (!check.success) {
    for (const issue of toFieldIssues(check.error)) {
      const [first = '', second = ''] = issue.path.split('.');
      const key =
        first === 'payment'
          ? (PAYMENT_FIELD_OF_PATH[second] ?? 'initialValue')
          : (FIELD_OF_PATH[first] ?? 'notes');
      errors[key] ??= issue.message;
    }
    return { errors };
  }
  return { value: input, errors };
}

const PAYMENT_FIELD_OF_PATH: Record<string, keyof VerificationForm> = {
  initial: 'initialValue',
  installments: 'installments',
  initialSlicePercent: 'initialSlicePercent',
  frequency: 'frequency',
};

const FIELD_OF_PATH: Record<string, keyof VerificationForm> = {
  coinsurancePercent: 'coinsurancePercent',
  lifetimeMaxCents: 'lifetimeMax',
  usedToDateCents: 'usedToDate',
  deductibleCents: 'deductible',
  deductibleMetCents: 'deductibleMet',
  ageLimit: 'ageLimitAge',
  waitingMonths: 'waitingMonths',
  allowedFeeCents: 'allowedFee',
  referenceNumber: 'referenceNumber',
};

export type PolicyForm = {
  carrierId: string;
  planName: string;
  employer: string;
  groupNumber: string;
  memberId: string;
  /** 'patient' or a responsible party's id. */
  subscriber: string;
  relationship: SubscriberRelationship;
  effectiveDate: string;
  order: PolicyOrder;
};

export function emptyPolicyForm(today: string, order: PolicyOrder = 'primary'): PolicyForm {
  return {
    carrierId: '',
    planName: '',
    employer: '',
    groupNumber: '',
    memberId: '',
    subscriber: 'patient',
    relationship: 'self',
    effectiveDate: today,
    order,
  };
}

export function readPolicyForm(
  form: PolicyForm,
  context: { patientId: string },
): { value?: PolicyInput; errors: Errors<PolicyForm> } {
  const input: PolicyInput = {
    patientId: context.patientId,
    carrierId: form.carrierId,
    planName: form.planName.trim() || undefined,
    employer: form.employer.trim() || undefined,
    groupNumber: form.groupNumber.trim() || undefined,
    memberId: form.memberId.trim(),
    subscriber:
      form.subscriber === 'patient' ? { kind: 'patient' } : { kind: 'party', partyId: form.subscriber },
    relationship: form.subscriber === 'patient' ? 'self' : form.relationship,
    effectiveDate: form.effectiveDate,
    order: form.order,
  };
  const check = PolicyFields.safeParse(input);
  if (check.success) return { value: input, errors: {} };
  const errors: Errors<PolicyForm> = {};
  for (const issue of toFieldIssues(check.error)) {
    const first = issue.path.split('.')[0] ?? '';
    const key: keyof PolicyForm =
      first === 'carrierId' ? 'carrierId' : first in form ? (first as keyof PolicyForm) : 'memberId';
    errors[key] ??= key === 'carrierId' ? 'Choose the insurance company' : issue.message;
  }
  return { errors };
}
