/**
 * The book drives the pipeline: after a visit is booked, moved, confirmed, attended, missed or
 * cancelled, its case is brought in line (consult-linkage.ts decides how) in the patient's chart
 * and comms documents. Three documents (the week's schedule, the chart, the comms), so three
 * transactions, in that order: the visit is the fact, the case follows it. Every device that
 * applies the same visit change reaches the same case, and a case move that no longer applies
 * (another device moved the case meanwhile) is skipped, never forced.
 */
import type * as Y from 'yjs';
import { err, ok, type Result } from '../core/result.ts';
import type { Appointment, OrthoStage } from './schedule.schema.ts';
import type { VisitHappening, CaseStatus } from '../pipeline/case.schema.ts';
import type { WorkflowChange } from '../documents/workflow-change.ts';
import { bookAppointment, type AppointmentInput } from './schedule-doc.ts';
import {
  caseForVisit,
  consultLinkage,
  linkedVisitOf,
  visitEffect,
  type LinkedVisit,
  type VisitEffect,
} from './consult-linkage.ts';
import { CASE_EVENTS, CASES, changeCaseStatus, readChart, updateCase } from '../pipeline/chart-doc.ts';
import { examRoundStart } from '../pipeline/pipeline.ts';
import { missedExamTask, planTasksForStatus } from '../pipeline/follow-up-plan.ts';
import type { FollowUpCadence } from '../pipeline/follow-up.ts';
import { addTask, completeTask, readComms } from '../comms/comms-doc.ts';
import { appendRecord, readRecord, type WriteContext, type WriteError } from '../documents/collection.ts';
import { workflow } from '../documents/commands.ts';
import type { RelatedRecord } from '../identity/entry-rules.ts';

export type VisitCaseDocs = { chart: Y.Doc; comms: Y.Doc };
export type VisitCaseEnv = {
  cadence: FollowUpCadence;
  today: string;
  /**
   * What the person may write in the chart (the relay's rules, mirrored): move the case, and add
   * this visit note, given the case as the write leaves it (PERM-10). Front desk may not move a
   * case, so a consult it books leaves the case to the book (BOOK-103: lists show what the book
   * says) until someone who may move it next changes the visit; it may note any visit at the case's
   * current status (an adjustment on a case in treatment, too). Both default to allowed.
   */
  mayMoveCase?: boolean;
  mayNote?: (note: Readonly<Record<string, unknown>>, theCase: RelatedRecord) => boolean;
};

export type VisitChange = {
  /** The visit as it is now (after the change). */
  visit: LinkedVisit;
  what: VisitHappening;
  /**
   * The case's visits this device holds on the book, after the change (this one included or not:
   * it is put in). Consults of the case in other weeks decide whether a cancelled one was the last.
   */
  visits: readonly LinkedVisit[];
  /** The visit's local date at its location. */
  visitOn: string;
  /** Why it was cancelled, for the case's history. */
  reason?: string;
};

export type VisitCaseOutcome = {
  caseId: string;
  /** The status the case moved to, when it moved. */
  moved?: CaseStatus;
  offer?: VisitEffect['offer'];
  /** The visit's local day: what the offered move dates itself by (a start on the bonding's day). */
  visitOn: string;
  changes: WorkflowChange[];
};

/**
 * BOOK-103…BOOK-106: applies a visit change to its case. Null when the visit has no case (or the
 * case is not in this chart). The note is always written; the move only when it is still legal
 * from the case's current status.
 */
export function applyVisitToCase(
  docs: VisitCaseDocs,
  ctx: WriteContext,
  change: VisitChange,
  env: VisitCaseEnv,
): Result<VisitCaseOutcome | null, WriteError> {
  const caseId = change.visit.caseId;
  if (caseId === undefined) return ok(null);
  const read = readRecord(docs.chart, CASES, caseId);
  if (read.status !== 'ok') return ok(null);
  const theCase = read.record;
  const visits = [...change.visits.filter((v) => v.id !== change.visit.id), change.visit];
  const since = examRoundStart(theCase, readChart(docs.chart).events);
  const effect = visitEffect(theCase, change.visit, change.what, {
    linkage: consultLinkage(visits, caseId, since),
    visitOn: change.visitOn,
    ...(change.reason ? { reason: change.reason } : {}),
  });
  const changes: WorkflowChange[] = [];
  let moved: CaseStatus | undefined;
  let failure: WriteError | undefined;
  const mayMove = env.mayMoveCase ?? true;
  docs.chart.transact(() => {
    if (effect.move && mayMove) {
      const result = changeCaseStatus(docs.chart, ctx, caseId, effect.move);
      if (result.ok) {
        moved = result.value.status;
        changes.push({ action: 'update', entity: 'case', entityId: caseId, fields: ['status'] });
      }
    }
    if (mayMove && effect.examAt !== undefined && effect.examAt !== theCase.examAt) {
      const updated = updateCase(docs.chart, ctx, caseId, { examAt: effect.examAt });
      if (updated.ok)
        changes.push({ action: 'update', entity: 'case', entityId: caseId, fields: ['examAt'] });
    }
    // The note is at the case's status as this write leaves it (moved, or as it was).
    const to = moved ?? theCase.status;
    const entry = {
      caseId,
      to,
      at: ctx.now(),
      by: ctx.origin.kind === 'local' ? ctx.origin.actor : 'system:migration',
      visit: effect.note,
    };
    if (env.mayNote && !env.mayNote(entry, { value: to, created: false, counted: moved ? 1 : 0 })) return;
    const note = appendRecord(docs.chart, CASE_EVENTS, ctx, entry);
    if (!note.ok) failure = note.error;
  }, ctx.origin);
  if (failure) return err(failure);

  const after = readChart(docs.chart).cases.find((c) => c.id === caseId) ?? theCase;
  const tasks = readComms(docs.comms).tasks;
  docs.comms.transact(() => {
    const cancel = new Set<string>();
    const create = [];
    if (moved) {
      const plan = planTasksForStatus(after, tasks, env.cadence, env.today);
      plan.cancel.forEach((id) => cancel.add(id));
      create.push(...plan.create);
    }
    const closing = new Set<string>(effect.closeTasks ?? []);
    for (const task of tasks)
      if (task.caseId === caseId && task.status === 'open' && closing.has(task.kind)) cancel.add(task.id);
    if (effect.missedExamTask) {
      const task = missedExamTask(after, tasks, env.cadence, effect.missedExamTask.missedOn);
      if (task) create.push(task);
    }
    for (const id of cancel) {
      const done = completeTask(docs.comms, ctx, id, { cancel: true });
      if (done.ok) changes.push({ action: 'update', entity: 'task', entityId: id, fields: ['status'] });
    }
    for (const task of create) {
      const added = addTask(docs.comms, ctx, task);
      if (added.ok) changes.push({ action: 'create', entity: 'task', entityId: added.value.id });
    }
  }, ctx.origin);

  return ok({
    caseId,
    ...(moved ? { moved } : {}),
    ...(effect.offer ? { offer: effect.offer } : {}),
    visitOn: change.visitOn,
    changes,
  });
}

/**
 * BOOK-103…BOOK-106 through the command executor: the chart is written in part by those who may
 * only note visits on it (front desk), so whether the case moves and which notes are written is
 * asked of the person's permissions; the comms document is checked like any command's.
 */
export const FOLLOW_VISIT = workflow({
  name: 'schedule/follow-visit',
  docKinds: { chart: 'chart', comms: 'comms' },
  partial: ['chart'],
  undoable: true,
  run: (
    docs: VisitCaseDocs,
    ctx,
    change: VisitChange,
    env: Pick<VisitCaseEnv, 'cadence' | 'today'>,
  ): Result<{ outcome: VisitCaseOutcome | null; changes: WorkflowChange[] }, WriteError> => {
    const result = applyVisitToCase(docs, ctx, change, {
      ...env,
      mayMoveCase: ctx.may.write('chart'),
      mayNote: (note, theCase) => ctx.may.add('chart', CASE_EVENTS.name, note, theCase),
    });
    if (!result.ok) return result;
    return ok({ outcome: result.value, changes: result.value?.changes ?? [] });
  },
});

export type BookVisitInput = Omit<AppointmentInput, 'caseId'> & { caseId?: string | undefined };

/**
 * BOOK-101, BOOK-103: books a visit and links it to its case in one act: the case is the one given,
 * else `caseForVisit` picks it from the patient's chart; then the case follows (a consult moves an
 * inquiry to exam booked). `visits` are the patient's visits this device holds on the book.
 */
export function bookLinkedVisit(
  docs: VisitCaseDocs & { schedule: Y.Doc },
  ctx: WriteContext,
  input: BookVisitInput,
  context: { stage: OrthoStage; visits: readonly LinkedVisit[]; visitOn: string },
  env: VisitCaseEnv,
): Result<
  { appointment: Appointment; linked: VisitCaseOutcome | null; changes: WorkflowChange[] },
  WriteError
> {
  const caseId =
    input.caseId ??
    caseForVisit(
      context.stage,
      readChart(docs.chart).cases.filter((c) => c.patientId === input.patientId),
    ) ??
    undefined;
  const booked = bookAppointment(docs.schedule, ctx, { ...input, ...(caseId ? { caseId } : {}) });
  if (!booked.ok) return booked;
  const appointment = booked.value;
  const changes: WorkflowChange[] = [{ action: 'create', entity: 'appointment', entityId: appointment.id }];
  const linked = applyVisitToCase(
    docs,
    ctx,
    {
      visit: linkedVisitOf(appointment, context.stage),
      what: 'booked',
      visits: context.visits,
      visitOn: context.visitOn,
    },
    env,
  );
  if (!linked.ok) return linked;
  if (linked.value) changes.push(...linked.value.changes);
  return ok({ appointment, linked: linked.value, changes });
}
