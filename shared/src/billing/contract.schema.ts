/**
 * Contracts (financial agreements) of a family account: the accepted option's terms, how they
 * are split between responsible parties and insurance, financing and autopay, and amendments.
 * They live in the family's contracts document (billing/contracts-doc.ts). Spec CONTRACT-1 to CONTRACT-9.
 */
import { z } from 'zod';
import { Cents } from '../pipeline/case.schema.ts';
import { ActorId, AuditStamps, Id, IsoDateTime, LocalDate, Notes } from '../core/common.schema.ts';
import { PaymentSettings } from './payment-settings.schema.ts';

export const ContractStatus = z.enum([
  'proposed',
  'signed',
  'active',
  'completed',
  'transferred',
  'cancelled',
]);
export type ContractStatus = z.infer<typeof ContractStatus>;
export const CONTRACT_STATUS_LABELS: Record<ContractStatus, string> = {
  proposed: 'Proposed',
  signed: 'Signed',
  active: 'Active (locked)',
  completed: 'Completed',
  transferred: 'Transferred',
  cancelled: 'Cancelled',
};

/** A responsible party's share of what the family pays: a percent or a fixed amount. */
export const PartyShare = z.object({
  partyId: Id,
  share: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('percent'), percent: z.number().int().min(1).max(100) }),
    z.object({ kind: z.literal('amount'), cents: Cents }),
  ]),
});
export type PartyShare = z.infer<typeof PartyShare>;

/** The money terms: what the plan engine (billing/payment-plan.ts) turns into a schedule. */
export const ContractTerms = z.object({
  feeCents: Cents,
  insuranceCents: Cents,
  payInFull: z.boolean(),
  siblingDiscount: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('amount'), cents: Cents }),
      z.object({ kind: z.literal('percent'), percent: z.number().min(0).max(100) }),
    ])
    .optional(),
  courtesy: z.object({ cents: Cents, reason: z.string().trim().min(1).max(200) }).optional(),
  downPaymentCents: Cents,
  months: z.number().int().min(0).max(120),
  /** The contract date: the first due date is worked out from it and the practice's settings. */
  startDate: LocalDate,
});
export type ContractTerms = z.infer<typeof ContractTerms>;

export const Financing = z.object({
  lender: z.string().trim().min(1, { error: 'Required' }).max(80),
  approvalNumber: z.string().trim().max(60).optional(),
  financedCents: Cents,
  fundedOn: LocalDate.optional(),
});
export type Financing = z.infer<typeof Financing>;

/** Autopay as the family enrolled it: never a full card or bank number, only its last four digits. */
export const Autopay = z.object({
  enrolled: z.boolean(),
  method: z.enum(['card', 'ach']),
  last4: z.string().regex(/^\d{4}$/, { error: 'The last four digits only' }),
  draftDay: z.number().int().min(1).max(28),
});
export type Autopay = z.infer<typeof Autopay>;

export const ContractFields = z.object({
  familyId: Id,
  patientId: Id,
  caseId: Id,
  optionId: Id,
  status: ContractStatus,
  terms: ContractTerms,
  parties: z.array(PartyShare).min(1).max(2),
  financing: Financing.optional(),
  autopay: Autopay.optional(),
  /**
   * The practice's payment settings when the contract was proposed, refreshed when it is signed:
   * the plan is always computed with these, so a later change of rounding, due day or interest in
   * Settings never re-plans a contract already agreed. Absent on contracts made before this field
   * existed: the practice's current settings apply to those.
   */
  settings: PaymentSettings.optional(),
  /** The financial agreement signed on screen (a signature of the patient's chart). */
  signatureId: Id.optional(),
  /** Signed on paper instead: there is no signature record; who recorded it is `updatedBy`. */
  signedOnPaper: z.boolean().optional(),
  /**
   * The late fee the signed agreement states (its late-fee clause), fixed when the contract is
   * signed; absent when the agreement has no such clause, and then no late fee is suggested (LATE-102).
   */
  lateFee: z.object({ cents: Cents.min(1), graceDays: z.number().int().min(0).max(365) }).optional(),
  signedAt: IsoDateTime.optional(),
  /** Treatment started: the terms are locked; changes are amendments from here on. */
  activatedOn: LocalDate.optional(),
  closedOn: LocalDate.optional(),
  notes: Notes.optional(),
});
export type ContractFields = z.infer<typeof ContractFields>;
export const Contract = z.looseObject({ id: Id, ...ContractFields.shape, ...AuditStamps });
export type Contract = z.infer<typeof Contract>;

/**
 * A change to an active contract: reason, who, when, the terms before and after, and the day
 * from which the remaining schedule is re-planned. Append-only; the original stays readable.
 */
export const AmendmentFields = z.object({
  contractId: Id,
  reason: z.string().trim().min(1, { error: 'Say why the contract changes' }).max(300),
  effectiveFrom: LocalDate,
  before: ContractTerms,
  after: ContractTerms,
  by: ActorId,
});
export type AmendmentFields = z.infer<typeof AmendmentFields>;
export const Amendment = z.looseObject({ id: Id, ...AmendmentFields.shape, ...AuditStamps });
export type Amendment = z.infer<typeof Amendment>;
