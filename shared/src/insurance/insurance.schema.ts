/**
 * Orthodontic insurance: carriers, the policies that cover a patient, and the benefits a
 * coordinator verified for each policy. Carriers are practice-wide (patients document);
 * policies and their verifications live in the patient's insurance document.
 * Spec VERIFY-1, VERIFY-2; the estimate itself is insurance/insurance-estimate.ts.
 */
import { z } from 'zod';
import { isValidLocalDate } from '../core/calendar.ts';
import { Cents } from '../pipeline/case.schema.ts';
import { ActorId, AuditStamps, Id, LocalDate, Notes, Phone } from '../core/common.schema.ts';

// ---------------------------------------------------------------------------------------------
// Carrier

/** An insurance company (or plan administrator) the practice bills. */
export const CarrierFields = z.object({
  name: z.string().trim().min(1, { error: 'Required' }).max(120, { error: 'At most 120 characters' }),
  /** The electronic payer id used on claims and eligibility requests (e.g. `60054`). */
  payerId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{2,20}$/, { error: 'Letters and digits only (2–20)' })
    .optional(),
  /** The provider-services line the coordinator calls to verify benefits. */
  phone: Phone.optional(),
  /** The carrier's provider portal, where benefits are often verified. */
  portalUrl: z
    .url({ protocol: /^https?$/, error: 'Use a web address starting with https://' })
    .max(500, { error: 'At most 500 characters' })
    .optional(),
  notes: Notes.optional(),
  /** Inactive carriers stay on old policies but are not offered for new ones. */
  active: z.boolean(),
});
export type CarrierFields = z.infer<typeof CarrierFields>;

export const Carrier = z.looseObject({ id: Id, ...CarrierFields.shape, ...AuditStamps });
export type Carrier = z.infer<typeof Carrier>;

// ---------------------------------------------------------------------------------------------
// Policy

/** Which plan pays first. Coordination of benefits applies to every plan after the primary. */
export const PolicyOrder = z.enum(['primary', 'secondary', 'tertiary']);
export type PolicyOrder = z.infer<typeof PolicyOrder>;

export const POLICY_ORDER_LABELS: Record<PolicyOrder, string> = {
  primary: 'Primary',
  secondary: 'Secondary',
  tertiary: 'Tertiary',
};

/** The patient's relationship to the subscriber, as the carrier records it (X12 terms). */
export const SubscriberRelationship = z.enum(['self', 'spouse', 'child', 'other']);
export type SubscriberRelationship = z.infer<typeof SubscriberRelationship>;

export const SUBSCRIBER_RELATIONSHIP_LABELS: Record<SubscriberRelationship, string> = {
  self: 'Self',
  spouse: 'Spouse',
  child: 'Child',
  other: 'Other dependent',
};

/**
 * Who holds the policy: the patient, or a responsible party (a parent, usually). The party's
 * date of birth decides primary and secondary for a child covered by both parents
 * (the birthday rule, insurance/insurance-estimate.ts `birthdayRuleOrder`).
 */
export const Subscriber = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('patient') }),
  z.object({ kind: z.literal('party'), partyId: Id }),
]);
export type Subscriber = z.infer<typeof Subscriber>;

type PolicyDates = {
  subscriber: Subscriber;
  relationship: SubscriberRelationship;
  effectiveDate: string;
  endDate?: string | undefined;
};

/** Checks across fields, shared by the fields schema and the stored record. */
function checkPolicy(policy: PolicyDates, ctx: z.RefinementCtx): void {
  // Local dates in YYYY-MM-DD order compare as strings; a malformed date has its own message.
  if (
    policy.endDate !== undefined &&
    isValidLocalDate(policy.endDate) &&
    isValidLocalDate(policy.effectiveDate) &&
    policy.endDate < policy.effectiveDate
  ) {
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'Ends before it starts' });
  }
  if (policy.subscriber.kind === 'patient' && policy.relationship !== 'self') {
    ctx.addIssue({
      code: 'custom',
      path: ['relationship'],
      message: 'The patient is the subscriber: the relationship is Self',
    });
  }
}

/**
 * One insurance policy covering one patient. A child covered by both parents has two policies
 * (primary and secondary). Ending coverage sets `endDate`; the record is kept, because the
 * insurer payments already made under it stay part of the case.
 */
export const PolicyFields = z
  .object({
    patientId: Id,
    carrierId: Id,
    planName: z.string().trim().max(120, { error: 'At most 120 characters' }).optional(),
    /** The subscriber's employer (group plans are found by employer when calling the carrier). */
    employer: z.string().trim().max(120, { error: 'At most 120 characters' }).optional(),
    groupNumber: z.string().trim().max(40, { error: 'At most 40 characters' }).optional(),
    /** The subscriber's member id on the insurance card. */
    memberId: z.string().trim().min(1, { error: 'Required' }).max(40, { error: 'At most 40 characters' }),
    subscriber: Subscriber,
    relationship: SubscriberRelationship,
    /** First day of coverage; the waiting period counts from here. */
    effectiveDate: LocalDate,
    /** Last day of coverage (inclusive): insurer payments dated after it are not expected. */
    endDate: LocalDate.optional(),
    order: PolicyOrder,
    /** Who should verify this policy's benefits next (the verification worklist). */
    verificationOwnerId: ActorId.optional(),
    notes: Notes.optional(),
  })
  .superRefine(checkPolicy);
export type PolicyFields = z.infer<typeof PolicyFields>;

export const Policy = z
  .looseObject({ id: Id, ...PolicyFields.shape, ...AuditStamps })
  .superRefine(checkPolicy);
export type Policy = z.infer<typeof Policy>;

// ---------------------------------------------------------------------------------------------
// Benefit verification

/** How the plan's ortho age limit works; carriers word it three different ways (EST-6). */
export const AgeLimitMode = z.enum([
  'covered-while-age-at-most',
  'must-start-before',
  'payments-stop-at-birthday',
]);
export type AgeLimitMode = z.infer<typeof AgeLimitMode>;

export const AGE_LIMIT_MODE_LABELS: Record<AgeLimitMode, string> = {
  'covered-while-age-at-most': 'Covered while age is at most N on the service date',
  'must-start-before': 'Treatment must start (banding) before age N',
  'payments-stop-at-birthday': 'Payments stop at the Nth birthday',
};

export const AgeLimit = z.object({
  age: z
    .number({ error: 'Enter an age' })
    .int({ error: 'Whole years' })
    .min(1, { error: 'At least 1' })
    .max(99, { error: 'At most 99' }),
  mode: AgeLimitMode,
});
export type AgeLimit = z.infer<typeof AgeLimit>;

export const PaymentFrequency = z.enum(['monthly', 'quarterly', 'annually', 'lump-sum']);
export type PaymentFrequency = z.infer<typeof PaymentFrequency>;

export const PAYMENT_FREQUENCY_LABELS: Record<PaymentFrequency, string> = {
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  annually: 'Annually',
  'lump-sum': 'All at once',
};

/** A whole percent, 0–100 (50 = 50%). */
export const Percent = z
  .number({ error: 'Enter a percent' })
  .int({ error: 'Whole percent only' })
  .min(0, { error: 'At least 0%' })
  .max(100, { error: 'At most 100%' });

/** What the insurer pays when treatment starts: a fixed amount, or a share of the estimate. */
export const InitialPayment = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('amount'), cents: Cents }),
  z.object({ kind: z.literal('percent'), percent: Percent }),
]);
export type InitialPayment = z.infer<typeof InitialPayment>;

/** How the insurer pays the ortho benefit out (PAYOUT-5). */
export const PayoutMode = z.enum(['installments', 'per-slice', 'lump-sum']);
export type PayoutMode = z.infer<typeof PayoutMode>;

export const PAYOUT_MODE_LABELS: Record<PayoutMode, string> = {
  installments: 'An initial payment, then equal installments',
  'per-slice': 'Its share of each fee slice as it is billed',
  'lump-sum': 'One lump sum',
};

/** How often a per-slice plan is billed (and pays). */
export const SliceFrequency = z.enum(['monthly', 'quarterly']);
export type SliceFrequency = z.infer<typeof SliceFrequency>;

const installmentShape = {
  initial: InitialPayment,
  frequency: PaymentFrequency,
  installments: z
    .number({ error: 'Enter a number of installments' })
    .int({ error: 'Whole installments' })
    .min(0, { error: 'Cannot be negative' })
    .max(120, { error: 'At most 120' }),
};

/**
 * (a) An initial payment at banding, then installments (PAYOUT-1). `installments` is usually
 * the estimated treatment months. `frequency: 'lump-sum'` is how verifications recorded before
 * payout modes said "all at once": it still means one payment.
 */
export const InstallmentTerms = z.object({ mode: z.literal('installments'), ...installmentShape });

/**
 * (b) Per fee slice: the plan pays its coinsurance on the part of the fee billed at banding
 * (`initialSlicePercent` of the fee), then on each monthly slice of the rest, billed monthly or
 * quarterly, until its maximum runs out.
 */
export const PerSliceTerms = z.object({
  mode: z.literal('per-slice'),
  initialSlicePercent: Percent,
  frequency: SliceFrequency,
});

/** (c) The whole benefit in one payment at banding. */
export const LumpSumTerms = z.object({ mode: z.literal('lump-sum') });

const TermsByMode = z.discriminatedUnion('mode', [InstallmentTerms, PerSliceTerms, LumpSumTerms]);

/** Terms as verifications recorded before payout modes stored them: no `mode`. */
type TermsWithoutMode = Omit<z.input<typeof InstallmentTerms>, 'mode'>;

/**
 * How the insurer pays: one of the three payout modes (PAYOUT-5). Verifications recorded before
 * payout modes existed have no `mode`: they read as mode (a), installments, and the stored value
 * is never rewritten (VERIFY-4). Any other value is judged by its own mode's schema, so a wrong
 * figure is named by its path.
 */
export const PaymentTerms = z.preprocess(
  (value) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) && !('mode' in value)
      ? { ...value, mode: 'installments' }
      : value,
  TermsByMode,
) as unknown as z.ZodType<z.output<typeof TermsByMode>, z.input<typeof TermsByMode> | TermsWithoutMode>;
export type PaymentTerms = z.output<typeof TermsByMode>;
export type PaymentTermsInput = z.input<typeof PaymentTerms>;

/** How a secondary plan coordinates with what the plans before it pay (COB-1). */
export const CobRule = z.enum(['standard', 'basic', 'carve-out']);
export type CobRule = z.infer<typeof CobRule>;

export const COB_RULE_LABELS: Record<CobRule, string> = {
  standard: 'Standard (up to the patient portion left)',
  basic: 'Basic (up to its allowed fee minus what the primary pays)',
  'carve-out': 'Carve-out / non-duplication',
};

type DeductibleAmounts = { deductibleCents: number; deductibleMetCents: number };

function checkDeductible(benefits: DeductibleAmounts, ctx: z.RefinementCtx): void {
  if (benefits.deductibleMetCents > benefits.deductibleCents) {
    ctx.addIssue({
      code: 'custom',
      path: ['deductibleMetCents'],
      message: 'Cannot be more than the deductible',
    });
  }
}

/**
 * The ortho benefits as verified with the carrier on one day. Append-only: a re-verification
 * is a new record, so the estimate a family signed can always be traced to what the carrier
 * said then. The newest record (by `verifiedOn`, then `createdAt`) is the one in force.
 *
 * Ortho benefits are separate from general dental: the general annual maximum never consumes
 * them, so only the ortho lifetime maximum is recorded here.
 */
export const BenefitVerificationFields = z
  .object({
    policyId: Id,
    /** The share the plan pays (50 = the plan pays 50%). Carriers often quote the patient's share: flip it. */
    coinsurancePercent: Percent,
    /** The ortho lifetime maximum. 0 when the plan has no ortho coverage. */
    lifetimeMaxCents: Cents,
    /**
     * Ortho benefits already used against the lifetime maximum, including what a previous
     * carrier paid for this treatment on a transfer case (carriers pay their maximum minus
     * previous payments).
     */
    usedToDateCents: Cents,
    /** The lifetime ortho deductible (0 when there is none). */
    deductibleCents: Cents,
    deductibleMetCents: Cents,
    ageLimit: AgeLimit.optional(),
    /** Months after the policy's effective date before ortho is covered (0 = none). */
    waitingMonths: z
      .number({ error: 'Enter a number of months' })
      .int({ error: 'Whole months' })
      .min(0, { error: 'Cannot be negative' })
      .max(60, { error: 'At most 60' }),
    payment: PaymentTerms,
    /** The plan benefits clear aligners at the conventional braces fee, as some carriers do (EST-2). */
    alignersAtBracesFee: z.boolean(),
    /** Used when this plan is not the primary. */
    cobRule: CobRule,
    /** The plan requires an approved pre-authorization before treatment starts (a readiness check). */
    preauthRequired: z.boolean().optional(),
    /** The plan's allowed fee for comprehensive ortho, when the practice records one (in-network). */
    allowedFeeCents: Cents.optional(),
    verifiedBy: ActorId,
    verifiedOn: LocalDate,
    /** The call reference or portal confirmation number the carrier gave. */
    referenceNumber: z.string().trim().max(60, { error: 'At most 60 characters' }).optional(),
    notes: Notes.optional(),
  })
  .superRefine(checkDeductible);
export type BenefitVerificationFields = z.infer<typeof BenefitVerificationFields>;

export const BenefitVerification = z
  .looseObject({ id: Id, ...BenefitVerificationFields.shape, ...AuditStamps })
  .superRefine(checkDeductible);
export type BenefitVerification = z.infer<typeof BenefitVerification>;
