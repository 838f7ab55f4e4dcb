/**
 * The ortho case and the consult-to-start pipeline: cases, their status history, treatment
 * options and signed consents. All live in the patient's chart document (see pipeline/chart-doc.ts).
 * Spec CASE, SIG (docs/spec/pipeline.md).
 */
import { z } from 'zod';
import { ActorId, AuditStamps, Id, IsoDateTime, LocalDate, Notes } from '../core/common.schema.ts';
import { IntervalWeeks } from '../schedule/adjustment-interval.ts';
import { OrthoStage } from '../schedule/schedule.schema.ts';

export const CaseType = z.enum([
  'comprehensive',
  'phase-1',
  'phase-2',
  'limited',
  'aligners',
  'retention-only',
  'observation',
]);
export type CaseType = z.infer<typeof CaseType>;

export const CASE_TYPE_LABELS: Record<CaseType, string> = {
  comprehensive: 'Comprehensive',
  'phase-1': 'Phase I',
  'phase-2': 'Phase II',
  limited: 'Limited',
  aligners: 'Aligners',
  'retention-only': 'Retention only',
  observation: 'Observation',
};

/**
 * Where a case is, from the first call to the end of treatment. The legal moves between them
 * are in pipeline/case-status.ts; every move is recorded as a CaseEvent.
 */
export const CaseStatus = z.enum([
  'inquiry',
  'exam',
  'recommended',
  'pending',
  'accepted',
  'started',
  'retention',
  'completed',
  'declined',
  'observation',
  'transferred',
  'discontinued',
]);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  inquiry: 'Inquiry',
  exam: 'Exam booked',
  recommended: 'Treatment recommended',
  pending: 'Presented, pending',
  accepted: 'Accepted',
  started: 'In treatment',
  retention: 'Retention',
  completed: 'Completed',
  declined: 'Declined',
  observation: 'Observation',
  transferred: 'Transferred',
  discontinued: 'Discontinued',
};

export const ExamOutcome = z.enum(['treatment-recommended', 'observation', 'no-treatment', 'refer-out']);
export type ExamOutcome = z.infer<typeof ExamOutcome>;

export const EXAM_OUTCOME_LABELS: Record<ExamOutcome, string> = {
  'treatment-recommended': 'Treatment recommended',
  observation: 'Observation (recall)',
  'no-treatment': 'No treatment needed',
  'refer-out': 'Referred out',
};

/** Why a recommended patient has not started: every pending patient gets one. */
export const Blocker = z.enum(['cost', 'timing', 'insurance', 'confidence', 'second-opinion', 'other']);
export type Blocker = z.infer<typeof Blocker>;

export const BLOCKER_LABELS: Record<Blocker, string> = {
  cost: 'Cost',
  timing: 'Timing',
  insurance: 'Insurance',
  confidence: 'Confidence',
  'second-opinion': 'Second opinion',
  other: 'Other',
};

export const ReferralKind = z.enum([
  'dentist',
  'patient',
  'web',
  'social',
  'event',
  'school-screening',
  'other',
]);
export type ReferralKind = z.infer<typeof ReferralKind>;

export const REFERRAL_KIND_LABELS: Record<ReferralKind, string> = {
  dentist: 'Referring dentist / office',
  patient: 'Patient referral',
  web: 'Web',
  social: 'Social media',
  event: 'Event',
  'school-screening': 'School screening',
  other: 'Other',
};

/** How the inquiry found the practice: a referral partner, a referring patient, or a channel. */
export const ReferralSource = z.object({
  kind: ReferralKind,
  /** A referral partner (office or doctor) when kind is `dentist`. */
  referrerId: Id.optional(),
  /** The referring patient when kind is `patient`. */
  patientId: Id.optional(),
  detail: z.string().trim().max(120).optional(),
});
export type ReferralSource = z.infer<typeof ReferralSource>;

/** Cents: an integer, never negative, at most $1,000,000. */
export const Cents = z
  .number({ error: 'Enter an amount' })
  .int({ error: 'Whole cents only' })
  .min(0, { error: 'Cannot be negative' })
  .max(100_000_000, { error: 'Too large' });

/**
 * A case. `status` and `statusAt` change only through the status command
 * (`changeCaseStatus`), which also appends the CaseEvent: forms never patch them.
 */
export const CaseFields = z.object({
  patientId: Id,
  type: CaseType,
  status: CaseStatus,
  statusAt: IsoDateTime,
  locationId: Id.optional(),
  /** The coordinator who owns the case's follow-up. */
  ownerId: ActorId.optional(),
  concern: z.string().trim().max(500, { error: 'At most 500 characters' }).optional(),
  referral: ReferralSource.optional(),
  /** When the first outbound contact with a new inquiry happened. */
  contactedAt: IsoDateTime.optional(),
  /**
   * The consult/exam: when it was booked or held. The book is the truth for a case with linked
   * appointments (schedule/consult-linkage.ts); this is kept in step by the linkage workflow for
   * older versions and cases booked before the link existed.
   */
  examAt: IsoDateTime.optional(),
  examOutcome: ExamOutcome.optional(),
  presentedAt: IsoDateTime.optional(),
  acceptedOptionId: Id.optional(),
  acceptedAt: IsoDateTime.optional(),
  startDate: LocalDate.optional(),
  blocker: Blocker.optional(),
  blockerNote: z.string().trim().max(200).optional(),
  declineReason: z.string().trim().max(200).optional(),
  recallDate: LocalDate.optional(),
  /** Weeks between adjustments for this case, when it differs from the practice's (CADENCE-101). */
  adjustmentIntervalWeeks: IntervalWeeks.optional(),
  notes: Notes.optional(),
});
export type CaseFields = z.infer<typeof CaseFields>;

export const Case = z.looseObject({ id: Id, ...CaseFields.shape, ...AuditStamps });
export type Case = z.infer<typeof Case>;

/** Fields a form may patch; status moves go through the status command. */
export const EDITABLE_CASE_FIELDS = [
  'type',
  'locationId',
  'ownerId',
  'concern',
  'referral',
  'contactedAt',
  'examAt',
  'blocker',
  'blockerNote',
  'recallDate',
  'adjustmentIntervalWeeks',
  'notes',
] as const satisfies readonly (keyof CaseFields)[];

export const VisitHappening = z.enum([
  'booked',
  'moved',
  'confirmed',
  'arrived',
  'completed',
  'missed',
  'cancelled',
]);
export type VisitHappening = z.infer<typeof VisitHappening>;

/** A visit of the case on the book, as its history records it (BOOK-105). */
export const CaseVisitNote = z.object({
  appointmentId: Id,
  stage: OrthoStage,
  what: VisitHappening,
  /** The visit's start (the new one for a move). */
  start: IsoDateTime,
  /** Where it is booked: with `start`, which week of the book holds it. */
  locationId: Id.optional(),
});
export type CaseVisitNote = z.infer<typeof CaseVisitNote>;

/**
 * One status move (or a note on the case history): append-only, one plain JSON value per
 * event, so two devices that move the same case offline both keep their event. KPIs are
 * computed from these.
 */
export const CaseEventFields = z.object({
  caseId: Id,
  from: CaseStatus.optional(),
  to: CaseStatus,
  at: IsoDateTime,
  by: ActorId,
  reason: z.string().trim().max(200).optional(),
  examOutcome: ExamOutcome.optional(),
  recallDate: LocalDate.optional(),
  optionId: Id.optional(),
  /**
   * Set on a visit note: something happened to a visit of the case. Not a status move: `to` is
   * the case's status then, and `from` is absent. Counts of moves skip these.
   */
  visit: CaseVisitNote.optional(),
});
export const CaseEvent = z.looseObject({ id: Id, ...CaseEventFields.shape, ...AuditStamps });
export type CaseEvent = z.infer<typeof CaseEvent>;

export const Appliance = z.enum([
  'metal-braces',
  'ceramic-braces',
  'clear-aligners',
  'lingual-braces',
  'expander',
  'functional-appliance',
  'retainers',
  'other',
]);
export type Appliance = z.infer<typeof Appliance>;

export const APPLIANCE_LABELS: Record<Appliance, string> = {
  'metal-braces': 'Metal braces',
  'ceramic-braces': 'Ceramic (clear) braces',
  'clear-aligners': 'Clear aligners',
  'lingual-braces': 'Lingual braces',
  expander: 'Expander',
  'functional-appliance': 'Functional appliance',
  retainers: 'Retainers only',
  other: 'Other',
};

export const OptionStatus = z.enum(['open', 'accepted', 'declined']);
export type OptionStatus = z.infer<typeof OptionStatus>;

/** CDT procedure code (codes only: the ADA's descriptions are licensed). */
export const CdtCode = z.string().regex(/^D\d{4}$/, { error: 'A CDT code looks like D8080' });

export const TreatmentOptionFields = z.object({
  caseId: Id,
  name: z.string().trim().min(1, { error: 'Required' }).max(80),
  appliance: Appliance,
  feeCents: Cents,
  months: z
    .number()
    .int({ error: 'Whole months' })
    .min(1, { error: 'At least 1' })
    .max(60, { error: 'At most 60' }),
  phase: CaseType.optional(),
  cdtCode: CdtCode.optional(),
  /** Plain-language description shown to the family. */
  description: z.string().trim().max(1000).optional(),
  notes: Notes.optional(),
  recommended: z.boolean(),
  /**
   * Simple inputs until the insurance and contracts engines arrive: what insurance is expected
   * to pay, the down payment and the number of monthly payments offered.
   */
  insuranceEstimateCents: Cents.optional(),
  downPaymentCents: Cents.optional(),
  installments: z.number().int().min(0).max(60).optional(),
  status: OptionStatus,
  sortOrder: z.number().int().min(0).max(1000),
});
export type TreatmentOptionFields = z.infer<typeof TreatmentOptionFields>;
export const TreatmentOption = z.looseObject({ id: Id, ...TreatmentOptionFields.shape, ...AuditStamps });
export type TreatmentOption = z.infer<typeof TreatmentOption>;

/**
 * The documents a family signs: the two of the presentation (consent, then the financial
 * agreement) and the practice's other documents. Each is rendered from a practice template
 * (pipeline/document-templates.ts).
 */
export const SignedDocumentKind = z.enum([
  'consent',
  'financial-agreement',
  'autopay-authorization',
  'hipaa-acknowledgement',
  'photo-release',
]);
export type SignedDocumentKind = z.infer<typeof SignedDocumentKind>;

export const SIGNED_DOCUMENT_LABELS: Record<SignedDocumentKind, string> = {
  consent: 'Informed consent',
  'financial-agreement': 'Financial agreement',
  'autopay-authorization': 'Autopay authorization',
  'hipaa-acknowledgement': 'Privacy practices acknowledgement',
  'photo-release': 'Photo release',
};

/** A clause a signed document contains that the app acts on (LATE-102: late fees are suggested only when agreed). */
export const SignedClause = z.object({
  kind: z.literal('late-fee'),
  /** The late fee agreed, and the days of grace before an amount is late. */
  cents: z.number().int().min(1).max(100_000_000),
  graceDays: z.number().int().min(0).max(365),
});
export type SignedClause = z.infer<typeof SignedClause>;

/** The exact terms a person signs: what is hashed (pipeline/signature.ts). */
export const SignedTerms = z.object({
  title: z.string().min(1).max(200),
  /** Paragraphs of the document, in order. */
  paragraphs: z.array(z.string().max(4000)).max(50),
  /** Labelled figures (fee, months, down payment…) as shown; money already formatted from cents. */
  figures: z.array(z.object({ label: z.string().max(80), value: z.string().max(200) })).max(30),
  /** Clauses the app acts on, as agreed (absent on documents signed before clauses existed). */
  clauses: z.array(SignedClause).max(5).optional(),
});
export type SignedTerms = z.infer<typeof SignedTerms>;

/**
 * What a signature is bound to (DOC-104): the terms that void it when they change, as
 * labelled values: the clinical terms for a consent, the money terms for a financial agreement.
 */
export const BindingTerms = z
  .array(z.object({ key: z.string().min(1).max(60), value: z.string().max(4000) }))
  .max(40);
export type BindingTerms = z.infer<typeof BindingTerms>;

/** An SVG path (`M x y L x y …`) of the drawn signature, in a 600×200 box. */
export const SignaturePath = z
  .string()
  .min(5, { error: 'Draw a signature' })
  .max(40_000, { error: 'Signature too long' })
  .regex(/^(?:[ML]\d{1,3}(?:\.\d)? \d{1,3}(?:\.\d)? ?)+$/, { error: 'Not a drawn signature' });

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * A typed signature (SIG-7): the name the signer typed as their signature and the statement of
 * intent they agreed to, word for word as shown, kept with the record.
 */
export const TypedSignature = z.object({
  name: z.string().trim().min(1, { error: 'Type your name to sign' }).max(120),
  intent: z.string().trim().min(1).max(600),
});
export type TypedSignature = z.infer<typeof TypedSignature>;

/** SIG-7: a signature is drawn or typed, exactly one of them. */
function oneMark(fields: { signaturePath?: unknown; typed?: unknown }, ctx: z.RefinementCtx): void {
  const drawn = fields.signaturePath !== undefined;
  const typed = fields.typed !== undefined;
  if (drawn === typed)
    ctx.addIssue({
      code: 'custom',
      path: drawn ? ['typed'] : ['signaturePath'],
      message: drawn ? 'A signature is drawn or typed, not both' : 'Draw or type a signature',
    });
}

/**
 * A signed document. Written once, never edited: a change of what it is bound to shows it void
 * and a new signature is taken.
 *
 * Two versions of binding (DOC-105): version 1 (no `termsVersion`) is bound to its whole text,
 * rebuilt from the option as it is now (pipeline/signed-terms-v1.ts). Version 2 keeps the text
 * as signed under the practice's template version (`template`), checked against `termsHash`,
 * and is bound to `binding` (clinical or money terms), checked against `bindingHash`, so a fee
 * change voids the agreement and leaves the consent, and a template edit voids neither.
 */
export const SignatureFields = z
  .object({
    caseId: Id,
    optionId: Id.optional(),
    kind: SignedDocumentKind,
    terms: SignedTerms,
    /** SHA-256 (hex) of the canonical form of `terms`. */
    termsHash: Sha256Hex,
    termsVersion: z.literal(2).optional(),
    /** The practice template version the text was rendered from (version 2). */
    template: z
      .object({ id: z.string().min(1).max(60), version: z.number().int().min(0).max(100_000) })
      .optional(),
    /** The terms the signature is bound to (version 2), and their hash. */
    binding: BindingTerms.optional(),
    bindingHash: Sha256Hex.optional(),
    /** The contract an autopay authorization is for. */
    contractId: Id.optional(),
    signerName: z.string().trim().min(1, { error: 'Type the signer’s name' }).max(120),
    signerRole: z.enum(['patient', 'parent', 'guardian', 'responsible-party']),
    /** The drawn signature (SIG-6); absent when it was typed. */
    signaturePath: SignaturePath.optional(),
    /** The typed signature (SIG-7); absent when it was drawn. */
    typed: TypedSignature.optional(),
    signedAt: IsoDateTime,
    /** The staff member present. */
    witnessId: ActorId,
  })
  .superRefine(oneMark);
export type SignatureFields = z.infer<typeof SignatureFields>;
export const Signature = z
  .looseObject({ id: Id, ...SignatureFields.shape, ...AuditStamps })
  .superRefine(oneMark);
export type Signature = z.infer<typeof Signature>;
