/**
 * What happens with insurance after the estimate: pre-authorizations, the insurer payment
 * schedule fixed when treatment starts, and the claims that schedule generates. All live in the
 * patient's insurance document (insurance/insurance-doc.ts). Spec PAYOUT-3, PREAUTH-1, CLAIM-1.
 */
import { z } from 'zod';
import { Cents } from '../pipeline/case.schema.ts';
import { AuditStamps, Id, LocalDate, Notes } from '../core/common.schema.ts';

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
  reasons: z.array(z.string().max(300)).max(40),
});
export type InsurerScheduleFields = z.infer<typeof InsurerScheduleFields>;
export const InsurerScheduleRecord = z.looseObject({
  id: Id,
  ...InsurerScheduleFields.shape,
  ...AuditStamps,
});
export type InsurerScheduleRecord = z.infer<typeof InsurerScheduleRecord>;

export const ClaimStatus = z.enum(['to-send', 'sent', 'paid', 'partly-paid', 'denied', 'resubmitted']);
export type ClaimStatus = z.infer<typeof ClaimStatus>;
export const CLAIM_STATUS_LABELS: Record<ClaimStatus, string> = {
  'to-send': 'To send',
  sent: 'Sent',
  paid: 'Paid',
  'partly-paid': 'Partly paid',
  denied: 'Denied',
  resubmitted: 'Resubmitted',
};

/**
 * Something that happened to the claim for one scheduled insurer payment (the initial claim at
 * the start, a continuation claim per installment): sent, paid (possibly partly), denied,
 * resubmitted. Claims themselves are not stored: a claim is its scheduled payment plus its events
 * (insurance/claims.ts). Events are append-only, so two people who act on the same claim offline both
 * keep what they did, and the claim's state is the same fold of events on every device.
 */
export const ClaimEventFields = z.object({
  scheduleId: Id,
  paymentNumber: z.number().int().min(0).max(400),
  status: ClaimStatus.exclude(['to-send']),
  /** The day it happened (sent, paid, denied). */
  on: LocalDate,
  /** For a payment: what the insurer paid with this payment. */
  paidCents: Cents.optional(),
  reason: z.string().trim().max(300).optional(),
  notes: z.string().trim().max(1000).optional(),
});
export type ClaimEventFields = z.infer<typeof ClaimEventFields>;
export const ClaimEvent = z.looseObject({ id: Id, ...ClaimEventFields.shape, ...AuditStamps });
export type ClaimEvent = z.infer<typeof ClaimEvent>;
