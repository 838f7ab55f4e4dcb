/**
 * A patient's insurance document: policies, benefit verifications (append-only history: each
 * verification is a new record, the newest in force), pre-authorizations, the insurer payment
 * schedules fixed at treatment start, and claim events. Carriers are practice-wide and live in
 * the patients document (patients/patients-doc.ts) so front desk and billing can add them.
 */
import type * as Y from 'yjs';
import { type z } from 'zod';
import { err, type Result } from '../core/result.ts';
import { formatCents } from '../core/money.ts';
import { claimsOf, outstandingCents } from './claims.ts';
import { BenefitVerification, BenefitVerificationFields, Policy, PolicyFields } from './insurance.schema.ts';
import {
  ClaimEvent,
  ClaimEventFields,
  InsurerScheduleFields,
  InsurerScheduleRecord,
  Preauth,
  PreauthFields,
} from './claims.schema.ts';
import {
  appendRecord,
  createRecord,
  readAll,
  readRecord,
  updateRecord,
  type CollectionSpec,
  type NeedsAttention,
  type Patch,
  type WriteContext,
  type WriteError,
} from '../documents/collection.ts';

export const POLICIES = {
  name: 'policies',
  docKind: 'insurance',
  idKind: 'policy',
  fields: PolicyFields,
  record: Policy,
} as const satisfies CollectionSpec;

export const VERIFICATIONS = {
  name: 'verifications',
  docKind: 'insurance',
  idKind: 'verification',
  fields: BenefitVerificationFields,
  record: BenefitVerification,
} as const satisfies CollectionSpec;

export const PREAUTHS = {
  name: 'preauths',
  docKind: 'insurance',
  idKind: 'preauth',
  fields: PreauthFields,
  record: Preauth,
} as const satisfies CollectionSpec;

export const INSURER_SCHEDULES = {
  name: 'schedules',
  docKind: 'insurance',
  idKind: 'schedule',
  fields: InsurerScheduleFields,
  record: InsurerScheduleRecord,
} as const satisfies CollectionSpec;

export const CLAIM_EVENTS = {
  name: 'claimEvents',
  docKind: 'insurance',
  idKind: 'claimEvent',
  fields: ClaimEventFields,
  record: ClaimEvent,
} as const satisfies CollectionSpec;

export const INSURANCE_DOC_COLLECTIONS = [
  POLICIES,
  VERIFICATIONS,
  PREAUTHS,
  INSURER_SCHEDULES,
  CLAIM_EVENTS,
] as const;

export type InsuranceData = {
  policies: Policy[];
  /** Oldest first; the newest per policy is in force (see `currentVerification`). */
  verifications: BenefitVerification[];
  preauths: Preauth[];
  schedules: InsurerScheduleRecord[];
  claimEvents: ClaimEvent[];
  needsAttention: NeedsAttention[];
};

const ORDER_RANK = { primary: 0, secondary: 1, tertiary: 2 } as const;

export function readInsurance(doc: Y.Doc): InsuranceData {
  const reads = INSURANCE_DOC_COLLECTIONS.map((spec) => readAll(doc, spec));
  const [policies, verifications, preauths, schedules, claimEvents] = reads as [
    ReturnType<typeof readAll<typeof POLICIES>>,
    ReturnType<typeof readAll<typeof VERIFICATIONS>>,
    ReturnType<typeof readAll<typeof PREAUTHS>>,
    ReturnType<typeof readAll<typeof INSURER_SCHEDULES>>,
    ReturnType<typeof readAll<typeof CLAIM_EVENTS>>,
  ];
  return {
    policies: policies.records.sort(
      (a, b) => ORDER_RANK[a.order] - ORDER_RANK[b.order] || a.effectiveDate.localeCompare(b.effectiveDate),
    ),
    verifications: verifications.records.sort(
      (a, b) => a.verifiedOn.localeCompare(b.verifiedOn) || a.createdAt.localeCompare(b.createdAt),
    ),
    preauths: preauths.records.sort((a, b) => a.submittedOn.localeCompare(b.submittedOn)),
    schedules: schedules.records.sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    claimEvents: claimEvents.records.sort(
      (a, b) => a.on.localeCompare(b.on) || a.createdAt.localeCompare(b.createdAt),
    ),
    needsAttention: reads.flatMap((r) => r.needsAttention),
  };
}

/** The verification in force for a policy: the newest by date verified, then by when it was recorded. */
export function currentVerification(
  data: Pick<InsuranceData, 'verifications'>,
  policyId: string,
): BenefitVerification | null {
  let current: BenefitVerification | null = null;
  for (const v of data.verifications) {
    if (v.policyId !== policyId) continue;
    if (
      !current ||
      v.verifiedOn > current.verifiedOn ||
      (v.verifiedOn === current.verifiedOn && v.createdAt >= current.createdAt)
    )
      current = v;
  }
  return current;
}

export type PolicyInput = z.input<typeof PolicyFields>;
export type VerificationInput = z.input<typeof BenefitVerificationFields>;
export type PreauthInput = z.input<typeof PreauthFields>;
export type InsurerScheduleInput = z.input<typeof InsurerScheduleFields>;
export type ClaimEventInput = z.input<typeof ClaimEventFields>;

export const addPolicy = (doc: Y.Doc, ctx: WriteContext, input: PolicyInput) =>
  createRecord(doc, POLICIES, ctx, input);

/**
 * Edits a policy. Dates are checked together (an end before the start is refused), since a
 * patch validates each field on its own.
 */
export function updatePolicy(
  doc: Y.Doc,
  ctx: WriteContext,
  id: string,
  patch: Patch<typeof POLICIES>,
): Result<Policy | null, WriteError> {
  const current = readRecord(doc, POLICIES, id);
  if (current.status === 'ok') {
    const merged = { ...current.record, ...patch };
    const check = Policy.safeParse(merged);
    if (!check.success) {
      return err({
        kind: 'invalid',
        issues: check.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
      });
    }
  }
  return updateRecord(doc, POLICIES, ctx, id, patch);
}

/** Records a benefit verification (a new record every time: the history shows who verified what, when). */
export function recordVerification(
  doc: Y.Doc,
  ctx: WriteContext,
  input: VerificationInput,
): Result<BenefitVerification, WriteError> {
  if (readRecord(doc, POLICIES, input.policyId).status !== 'ok') {
    return err({ kind: 'invalid', issues: [{ path: 'policyId', message: 'No such policy' }] });
  }
  return appendRecord(doc, VERIFICATIONS, ctx, input);
}

export const addPreauth = (doc: Y.Doc, ctx: WriteContext, input: PreauthInput) =>
  createRecord(doc, PREAUTHS, ctx, input);
export const updatePreauth = (doc: Y.Doc, ctx: WriteContext, id: string, patch: Patch<typeof PREAUTHS>) =>
  updateRecord(doc, PREAUTHS, ctx, id, patch);

/** Fixes an insurer payment schedule (at treatment start, or from a coverage change). */
export const recordInsurerSchedule = (doc: Y.Doc, ctx: WriteContext, input: InsurerScheduleInput) =>
  appendRecord(doc, INSURER_SCHEDULES, ctx, input);

/**
 * Records what happened to a claim (CLAIM-1, CLAIM-7 … CLAIM-12): sent, paid, denied, resubmitted,
 * appealed, written off or moved to the family. A payment says what was paid; a write-off or a
 * move settles at most what is still outstanding on the claim.
 */
export function recordClaimEvent(
  doc: Y.Doc,
  ctx: WriteContext,
  input: ClaimEventInput,
): Result<ClaimEvent, WriteError> {
  const invalid = (path: string, message: string) =>
    err({ kind: 'invalid' as const, issues: [{ path, message }] });
  const schedule = readRecord(doc, INSURER_SCHEDULES, input.scheduleId);
  if (schedule.status !== 'ok') return invalid('scheduleId', 'No such insurer schedule');
  if (!schedule.record.payments.some((p) => p.number === input.paymentNumber)) {
    return invalid('paymentNumber', 'No such scheduled payment');
  }
  if (input.status === 'paid' && input.paidCents === undefined) {
    return invalid('paidCents', 'Enter what the insurer paid');
  }
  if (input.status === 'written-off' || input.status === 'transferred') {
    const data = readInsurance(doc);
    const claim = claimsOf(data.schedules, data.claimEvents, input.on).find(
      (c) => c.scheduleId === input.scheduleId && c.paymentNumber === input.paymentNumber,
    );
    if (!claim) return invalid('paymentNumber', 'This claim was replaced by a coverage change');
    const open = outstandingCents(claim);
    if ((input.resolvedCents ?? 0) > open) {
      return invalid(
        'resolvedCents',
        open === 0 ? 'Nothing is outstanding on this claim' : `At most ${formatCents(open)} is outstanding`,
      );
    }
  }
  return appendRecord(doc, CLAIM_EVENTS, ctx, input);
}
