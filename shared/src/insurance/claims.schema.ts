/**
 * What happens with insurance after the estimate: pre-authorizations, the insurer payment
 * schedule fixed when treatment starts, and the claims that schedule generates. All live in the
 * patient's insurance document (insurance/insurance-doc.ts). Spec PAYOUT-3, PREAUTH-1, CLAIM-1 and
 * CLAIM-7 … CLAIM-12.
 */
import { z } from 'zod';
import { Cents } from '../pipeline/case.schema.ts';
import { AuditStamps, Id, LocalDate, Notes } from '../core/common.schema.ts';
import { looksLikeCardNumber } from '../billing/ledger.schema.ts';

export const PreauthStatus = z.enum(['submitted', 'pending', 'approved', 'denied', 'appeal']);
export type PreauthStatus = z.infer<typeof PreauthStatus>;
export const PREAUTH_STATUS_LABELS: Record<PreauthStatus, string> = {
  submitted: 'Submitted',
  pending: 'Pending',
  approved: 'Approved',
  denied: 'Denied',
  appeal: 'Appealed',
};

/** A pre-authorization (pre-determination) asked of one policy for one case. */
export const PreauthFields = z.object({
  policyId: Id,
  caseId: Id,
  optionId: Id.optional(),
  status: PreauthStatus,
  submittedOn: LocalDate,
  referenceNumber: z.string().trim().max(60).optional(),
  /** What the insurer approved, when it did. */
  approvedCents: Cents.optional(),
  deniedReason: z.string().trim().max(300).optional(),
  appealedOn: LocalDate.optional(),
  appealNotes: z.string().trim().max(1000).optional(),
  /** When to call the insurer next if nothing has come. */
  followUpOn: LocalDate.optional(),
  notes: Notes.optional(),
});
export type PreauthFields = z.infer<typeof PreauthFields>;
export const Preauth = z.looseObject({ id: Id, ...PreauthFields.shape, ...AuditStamps });
export type Preauth = z.infer<typeof Preauth>;

export const ScheduledPayment = z.object({
  date: LocalDate,
  amountCents: Cents,
  kind: z.enum(['initial', 'installment', 'lump-sum']),
  number: z.number().int().min(0).max(400),
});
export type ScheduledPayment = z.infer<typeof ScheduledPayment>;

/**
 * The insurer payments expected for one case under one policy, fixed when treatment starts.
 * Append-only: a coverage change writes a new schedule that supersedes the old one from its
 * change date; the old one stays readable (what was expected before the change is history).
 */
export const InsurerScheduleFields = z.object({
  caseId: Id,
  policyId: Id,
  reason: z.enum(['start', 'coverage-change']),
  /** Payments dated on or after this day replace the superseded schedule's. */
  effectiveFrom: LocalDate,
  supersedesId: Id.optional(),
  estimateCents: Cents,
  payments: z.array(ScheduledPayment).max(400),
  /** Why the estimate is what it is (the estimate's reasons), as shown to people. */
  reasons: z.array(z.string().max(1000)).max(40),
});
export type InsurerScheduleFields = z.infer<typeof InsurerScheduleFields>;
export const InsurerScheduleRecord = z.looseObject({
  id: Id,
  ...InsurerScheduleFields.shape,
  ...AuditStamps,
});
export type InsurerScheduleRecord = z.infer<typeof InsurerScheduleRecord>;

export const ClaimStatus = z.enum([
  'to-send',
  'sent',
  'paid',
  'partly-paid',
  'denied',
  'resubmitted',
  'appealed',
  'written-off',
  'transferred',
]);
export type ClaimStatus = z.infer<typeof ClaimStatus>;
export const CLAIM_STATUS_LABELS: Record<ClaimStatus, string> = {
  'to-send': 'To send',
  sent: 'Sent',
  paid: 'Paid',
  'partly-paid': 'Partly paid',
  denied: 'Denied',
  resubmitted: 'Resubmitted',
  appealed: 'Appealed',
  'written-off': 'Written off',
  transferred: 'Moved to the family',
};

/** Where the unpaid part of a claim went on the family's account (CLAIM-10, CLAIM-11). */
export const ClaimTransfer = z.discriminatedUnion('to', [
  z.object({ to: z.literal('charge'), familyId: Id, ledgerEntryId: Id }),
  z.object({ to: z.literal('amendment'), familyId: Id, contractId: Id, amendmentId: Id }),
]);
export type ClaimTransfer = z.infer<typeof ClaimTransfer>;

/** A check number, an EOB or remittance number, the carrier's claim number: never a card number. */
export const ClaimReference = z
  .string()
  .trim()
  .min(1, { error: 'Required' })
  .max(40, { error: 'At most 40 characters' })
  .refine((text) => !looksLikeCardNumber(text), {
    error: 'This looks like a card number: enter the EOB, check or claim number',
  });

type EventShape = {
  status: ClaimStatus;
  paidCents?: number | undefined;
  resolvedCents?: number | undefined;
  reason?: string | undefined;
  transfer?: unknown;
  letter?: string | undefined;
};

/** Which fields each kind of event takes (CLAIM-7 … CLAIM-11). */
function checkEvent(event: EventShape, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  const resolves = event.status === 'written-off' || event.status === 'transferred';
  const payment = event.status === 'paid' || event.status === 'partly-paid';
  if (!payment && event.paidCents !== undefined) issue('paidCents', 'Only on a payment');
  if (resolves && (event.resolvedCents === undefined || event.resolvedCents < 1))
    issue('resolvedCents', 'Enter an amount above zero');
  if (!resolves && event.resolvedCents !== undefined)
    issue('resolvedCents', 'Only on a write-off or a move to the family');
  if (event.status === 'written-off' && !event.reason) issue('reason', 'Say why it is written off');
  if (event.status === 'transferred' && event.transfer === undefined)
    issue('transfer', 'Say where the amount went on the family’s account');
  if (event.status !== 'transferred' && event.transfer !== undefined)
    issue('transfer', 'Only on a move to the family');
  if (event.status !== 'appealed' && event.letter !== undefined) issue('letter', 'Only on an appeal');
}

/**
 * Something that happened to the claim for one scheduled insurer payment (the initial claim at
 * the start, a continuation claim per installment): sent, paid (possibly partly), denied,
 * resubmitted, appealed, written off, or its unpaid part moved to the family. Claims themselves
 * are not stored: a claim is its scheduled payment plus its events (insurance/claims.ts). Events
 * are append-only, so two people who act on the same claim offline both keep what they did, and
 * the claim's state is the same fold of events on every device; a correction is a new event.
 */
export const ClaimEventFields = z
  .object({
    scheduleId: Id,
    paymentNumber: z.number().int().min(0).max(400),
    status: ClaimStatus.exclude(['to-send']),
    /** The day it happened, as on the EOB or the check (CLAIM-7): not always the day it is recorded. */
    on: LocalDate,
    /** The EOB, check or carrier claim number it came with. */
    reference: ClaimReference.optional(),
    /** For a payment: what the insurer paid with this payment. */
    paidCents: Cents.optional(),
    /** For a write-off or a move to the family: the unpaid amount it settles. */
    resolvedCents: Cents.optional(),
    /** For a move to the family: the charge or amendment that carries it (CLAIM-10, CLAIM-11). */
    transfer: ClaimTransfer.optional(),
    /** For an appeal: the letter as it was sent (CLAIM-8). */
    letter: z.string().trim().min(1).max(8000, { error: 'At most 8,000 characters' }).optional(),
    reason: z.string().trim().max(300).optional(),
    notes: z.string().trim().max(1000).optional(),
  })
  .superRefine(checkEvent);
export type ClaimEventFields = z.infer<typeof ClaimEventFields>;
export const ClaimEvent = z
  .looseObject({ id: Id, ...ClaimEventFields.shape, ...AuditStamps })
  .superRefine(checkEvent);
export type ClaimEvent = z.infer<typeof ClaimEvent>;
