/**
 * A patient's chart document: cases, their status history, treatment options and signed
 * documents. Coordinators and clinical staff write it; front desk and billing read it.
 *
 * Status moves and option choices are commands, not patches: each checks the move
 * (pipeline/case-status.ts) and appends a CaseEvent in the same transaction, so history and
 * status never disagree and KPIs can be computed from the events.
 */
import type * as Y from 'yjs';
import { type z } from 'zod';
import { err, ok, type Result } from '../core/result.ts';
import {
  Case,
  CaseEvent,
  CaseEventFields,
  CaseFields,
  EDITABLE_CASE_FIELDS,
  Signature,
  SignatureFields,
  TreatmentOption,
  TreatmentOptionFields,
  type CaseStatus,
} from './case.schema.ts';
import { checkOneActiveComprehensive, checkStatusChange, type StatusChange } from './case-status.ts';
import { bindingHash, termsHash } from './signature.ts';
import {
  actorOf,
  invalidField as invalid,
  appendRecord,
  createRecord,
  deleteRecord,
  readAll,
  readRecord,
  updateRecord,
  type CollectionSpec,
  type NeedsAttention,
  type Patch,
  type WriteContext,
  type WriteError,
} from '../documents/collection.ts';

export const CASES = {
  name: 'cases',
  docKind: 'chart',
  idKind: 'case',
  fields: CaseFields,
  record: Case,
} as const satisfies CollectionSpec;

export const CASE_EVENTS = {
  name: 'caseEvents',
  docKind: 'chart',
  idKind: 'caseEvent',
  fields: CaseEventFields,
  record: CaseEvent,
} as const satisfies CollectionSpec;

export const OPTIONS = {
  name: 'options',
  docKind: 'chart',
  idKind: 'option',
  fields: TreatmentOptionFields,
  record: TreatmentOption,
} as const satisfies CollectionSpec;

export const SIGNATURES = {
  name: 'signatures',
  docKind: 'chart',
  idKind: 'signature',
  fields: SignatureFields,
  record: Signature,
} as const satisfies CollectionSpec;

export const CHART_DOC_COLLECTIONS = [CASES, CASE_EVENTS, OPTIONS, SIGNATURES] as const;

/** A chart's contents as plain records. */
export type ChartData = {
  cases: Case[];
  events: CaseEvent[];
  options: TreatmentOption[];
  signatures: Signature[];
  needsAttention: NeedsAttention[];
};

export function readChart(doc: Y.Doc): ChartData {
  const cases = readAll(doc, CASES);
  const events = readAll(doc, CASE_EVENTS);
  const options = readAll(doc, OPTIONS);
  const signatures = readAll(doc, SIGNATURES);
  return {
    cases: cases.records.sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    events: events.records.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id)),
    options: options.records.sort(
      (a, b) => a.sortOrder - b.sortOrder || a.createdAt.localeCompare(b.createdAt),
    ),
    signatures: signatures.records.sort((a, b) => a.signedAt.localeCompare(b.signedAt)),
    needsAttention: [
      ...cases.needsAttention,
      ...events.needsAttention,
      ...options.needsAttention,
      ...signatures.needsAttention,
    ],
  };
}

const STARTING_STATUSES: readonly CaseStatus[] = ['inquiry', 'exam', 'recommended', 'observation'];

export type NewCaseInput = Omit<z.input<typeof CaseFields>, 'status' | 'statusAt'> & {
  /** Where the case starts: a new inquiry, or an exam already booked, etc. */
  status?: CaseStatus;
};

/** Opens a case (a new inquiry by default) and records its first event, in one transaction. */
export function openCase(doc: Y.Doc, ctx: WriteContext, input: NewCaseInput): Result<Case, WriteError> {
  const status = input.status ?? 'inquiry';
  if (!STARTING_STATUSES.includes(status)) {
    return invalid('status', 'A case starts as an inquiry, a booked exam, a recommendation or observation');
  }
  const existing = readAll(doc, CASES).records;
  const single = checkOneActiveComprehensive(existing, { type: input.type, status });
  if (!single.ok) return invalid('type', single.error.message);
  const now = ctx.now();
  let result: Result<Case, WriteError> | undefined;
  doc.transact(() => {
    const created = createRecord(doc, CASES, ctx, { ...input, status, statusAt: now });
    if (!created.ok) return void (result = created);
    const event = appendRecord(doc, CASE_EVENTS, ctx, {
      caseId: created.value.id,
      to: status,
      at: now,
      by: actorOf(ctx),
    });
    result = event.ok ? created : event;
  }, ctx.origin);
  return result!;
}

export type CasePatch = Pick<Patch<typeof CASES>, (typeof EDITABLE_CASE_FIELDS)[number]>;

/** Edits a case's details. Status and the fields that go with it change only by `changeCaseStatus`. */
export function updateCase(
  doc: Y.Doc,
  ctx: WriteContext,
  id: string,
  patch: CasePatch,
): Result<Case | null, WriteError> {
  const allowed = new Set<string>(EDITABLE_CASE_FIELDS);
  const refused = Object.keys(patch).filter((key) => !allowed.has(key));
  if (refused.length > 0) {
    return err({
      kind: 'invalid',
      issues: refused.map((path) => ({ path, message: 'Changed only by moving the case' })),
    });
  }
  if (patch.type !== undefined) {
    const current = readRecord(doc, CASES, id);
    if (current.status === 'ok') {
      const single = checkOneActiveComprehensive(readAll(doc, CASES).records, {
        id,
        type: patch.type,
        status: current.record.status,
      });
      if (!single.ok) return invalid('type', single.error.message);
    }
  }
  return updateRecord(doc, CASES, ctx, id, patch);
}

/**
 * Moves a case to another status: checks the move, sets the status and what comes with it
 * (exam outcome, reason, recall date, the chosen option, which declines the alternatives), and
 * appends the event. One transaction, so it is one undo step and never half-applied.
 */
export function changeCaseStatus(
  doc: Y.Doc,
  ctx: WriteContext,
  caseId: string,
  change: StatusChange & { startDate?: string },
): Result<Case, WriteError> {
  const current = readRecord(doc, CASES, caseId);
  if (current.status === 'missing') return err({ kind: 'not-found', id: caseId });
  if (current.status === 'needs-attention') {
    return invalid('', 'This case needs attention before it can move');
  }
  const record = current.record;
  const options = readAll(doc, OPTIONS).records.filter((o) => o.caseId === caseId);
  const check = checkStatusChange(record.status, change, { optionIds: options.map((o) => o.id) });
  if (!check.ok) return invalid(check.error.field ?? 'to', check.error.message);
  const now = ctx.now();
  const patch: Patch<typeof CASES> = { status: change.to, statusAt: now };
  if (change.examOutcome) patch.examOutcome = change.examOutcome;
  if (change.to === 'declined') patch.declineReason = change.reason;
  if (change.to === 'observation') patch.recallDate = change.recallDate;
  if (change.to === 'pending' && !record.presentedAt) patch.presentedAt = now;
  if (change.to === 'accepted') {
    patch.acceptedOptionId = change.optionId;
    patch.acceptedAt = now;
  }
  if (change.to === 'pending' || change.to === 'recommended') {
    // The options reopen below, so no option is accepted any more (the event keeps the history).
    patch.acceptedOptionId = undefined;
    patch.acceptedAt = undefined;
  }
  if (change.to === 'started' && change.startDate) patch.startDate = change.startDate;
  let failure: WriteError | undefined;
  doc.transact(() => {
    const updated = updateRecord(doc, CASES, ctx, caseId, patch);
    if (!updated.ok) return void (failure = updated.error);
    for (const option of options) {
      const status =
        change.to === 'accepted'
          ? option.id === change.optionId
            ? 'accepted'
            : 'declined'
          : change.to === 'pending' || change.to === 'recommended'
            ? 'open'
            : option.status;
      if (status !== option.status) updateRecord(doc, OPTIONS, ctx, option.id, { status });
    }
    const event = appendRecord(doc, CASE_EVENTS, ctx, {
      caseId,
      from: record.status,
      to: change.to,
      at: now,
      by: actorOf(ctx),
      reason: change.reason || undefined,
      examOutcome: change.examOutcome,
      recallDate: change.to === 'observation' ? change.recallDate : undefined,
      optionId: change.to === 'accepted' ? change.optionId : undefined,
    });
    if (!event.ok) failure = event.error;
  }, ctx.origin);
  if (failure) return err(failure);
  const read = readRecord(doc, CASES, caseId);
  if (read.status !== 'ok') throw new Error('A case failed its schema right after a status change');
  return ok(read.record);
}

export type OptionInput = Omit<z.input<typeof TreatmentOptionFields>, 'status' | 'sortOrder'> & {
  sortOrder?: number;
};

/** Adds a treatment option to a case. Marking it recommended unmarks the others. */
export function addOption(
  doc: Y.Doc,
  ctx: WriteContext,
  input: OptionInput,
): Result<TreatmentOption, WriteError> {
  const theCase = readRecord(doc, CASES, input.caseId);
  if (theCase.status !== 'ok') return invalid('caseId', 'No such case');
  const siblings = readAll(doc, OPTIONS).records.filter((o) => o.caseId === input.caseId);
  const sortOrder =
    input.sortOrder ??
    Math.min(
      1000,
      siblings.reduce((max, o) => Math.max(max, o.sortOrder + 1), 0),
    );
  let result: Result<TreatmentOption, WriteError> | undefined;
  doc.transact(() => {
    result = createRecord(doc, OPTIONS, ctx, { ...input, sortOrder, status: 'open' });
    if (result.ok && input.recommended) unmarkOthers(doc, ctx, siblings, result.value.id);
  }, ctx.origin);
  return result!;
}

export function updateOption(
  doc: Y.Doc,
  ctx: WriteContext,
  id: string,
  patch: Omit<Patch<typeof OPTIONS>, 'status' | 'caseId'>,
): Result<TreatmentOption | null, WriteError> {
  if ('status' in patch || 'caseId' in patch) return invalid('status', 'Changed only by choosing an option');
  let result: Result<TreatmentOption | null, WriteError> | undefined;
  doc.transact(() => {
    result = updateRecord(doc, OPTIONS, ctx, id, patch);
    if (result.ok && result.value && patch.recommended) {
      const caseId = result.value.caseId;
      unmarkOthers(
        doc,
        ctx,
        readAll(doc, OPTIONS).records.filter((o) => o.caseId === caseId),
        id,
      );
    }
  }, ctx.origin);
  return result!;
}

/** Removes an option that was not accepted (an accepted option is part of the case's history). */
export function removeOption(doc: Y.Doc, ctx: WriteContext, id: string): Result<true, WriteError> {
  const option = readRecord(doc, OPTIONS, id);
  if (option.status === 'ok' && option.record.status === 'accepted') {
    return invalid('status', 'The accepted option cannot be removed; move the case back to pending first');
  }
  return deleteRecord(doc, OPTIONS, ctx, id);
}

function unmarkOthers(doc: Y.Doc, ctx: WriteContext, options: TreatmentOption[], keepId: string) {
  for (const other of options) {
    if (other.id !== keepId && other.recommended)
      updateRecord(doc, OPTIONS, ctx, other.id, { recommended: false });
  }
}

/**
 * Keeps a signed document. The hash must be the hash of the terms it carries: a device that
 * computed it differently (or a crafted write) is refused rather than stored as "signed".
 */
export function addSignature(
  doc: Y.Doc,
  ctx: WriteContext,
  input: z.input<typeof SignatureFields>,
): Result<Signature, WriteError> {
  if (readRecord(doc, CASES, input.caseId).status !== 'ok') return invalid('caseId', 'No such case');
  const parsedTerms = SignatureFields.shape.terms.safeParse(input.terms);
  if (!parsedTerms.success) return invalid('terms', 'The terms are not complete');
  if (termsHash(parsedTerms.data) !== input.termsHash) {
    return invalid('termsHash', 'The signature does not match these terms');
  }
  if (input.termsVersion === 2) {
    const binding = SignatureFields.shape.binding.safeParse(input.binding);
    if (!binding.success || !binding.data || bindingHash(binding.data) !== input.bindingHash)
      return invalid('bindingHash', 'The signature does not match the terms it is bound to');
  }
  // Appended as one value: a signature is evidence and is never edited (APPEND-5).
  return appendRecord(doc, SIGNATURES, ctx, input);
}
