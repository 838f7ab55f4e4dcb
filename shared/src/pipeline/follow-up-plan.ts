/**
 * Which follow-up tasks a case needs after something happens to it: the rules that keep every
 * pending patient with exactly one next step. Pure: the app applies the plan to the patient's
 * comms document (a different document from the chart, so it cannot share the transaction).
 */
import type { Case, CaseStatus } from './case.schema.ts';
import type { Task } from '../comms/comms.schema.ts';
import type { TaskInput } from '../comms/comms-doc.ts';
import { followUpDue, nextFollowUp, type FollowUpCadence } from './follow-up.ts';
import { addDays } from '../core/calendar.ts';

export type TaskPlan = { create: TaskInput[]; cancel: string[] };

const FOLLOWED_UP: ReadonlySet<CaseStatus> = new Set(['recommended', 'pending']);

/**
 * After a case moved to `theCase.status`:
 * - a new inquiry gets a first-contact task due today;
 * - recommended or pending gets the cadence's first follow-up, counted from today (the day of
 *   the recommendation or presentation, when this runs), unless one is already open;
 * - observation gets a recall task on the recall date;
 * - anything else closes the case's open follow-up, first-contact and recall tasks: a patient
 *   who accepted or declined must not keep turning up as overdue.
 */
export function planTasksForStatus(
  theCase: Pick<Case, 'id' | 'patientId' | 'status' | 'ownerId' | 'recallDate'>,
  openTasks: readonly Pick<Task, 'id' | 'caseId' | 'kind' | 'status'>[],
  cadence: FollowUpCadence,
  today: string,
): TaskPlan {
  const mine = openTasks.filter((t) => t.caseId === theCase.id && t.status === 'open');
  const base = { patientId: theCase.patientId, caseId: theCase.id, ownerId: theCase.ownerId };
  const keep = (kinds: readonly Task['kind'][]) =>
    mine.filter((t) => !kinds.includes(t.kind)).map((t) => t.id);
  switch (theCase.status) {
    case 'inquiry':
      return {
        create: mine.some((t) => t.kind === 'first-contact')
          ? []
          : [{ ...base, kind: 'first-contact', due: today, step: 0 }],
        cancel: keep(['first-contact']),
      };
    case 'recommended':
    case 'pending':
      return {
        create: mine.some((t) => t.kind === 'follow-up')
          ? []
          : [{ ...base, kind: 'follow-up', due: followUpDue(cadence, today, 0), step: 0 }],
        cancel: keep(['follow-up']),
      };
    case 'observation':
      return {
        create: theCase.recallDate ? [{ ...base, kind: 'recall', due: theCase.recallDate, step: 0 }] : [],
        cancel: mine.map((t) => t.id),
      };
    default:
      return { create: [], cancel: mine.map((t) => t.id) };
  }
}

/** A missed exam is followed up while the case still waits for its exam (BOOK-104). */
const AWAITING_EXAM: ReadonlySet<CaseStatus> = new Set(['inquiry', 'exam']);

/**
 * The task that follows a completed one: the next step of the cadence for a follow-up while
 * the case is still recommended or pending, and for a missed exam while the case still waits for
 * its exam (counted from the day of the miss, `missedOn`); nothing for other kinds (a first
 * contact is followed by booking the exam, a recall by the exam).
 */
export function nextTaskAfter(
  task: Pick<Task, 'patientId' | 'caseId' | 'kind' | 'step' | 'ownerId'>,
  caseStatus: CaseStatus | undefined,
  presentedOn: string | undefined,
  cadence: FollowUpCadence,
  today: string,
  missedOn?: string,
): TaskInput | null {
  if (!caseStatus) return null;
  const followed =
    (task.kind === 'follow-up' && FOLLOWED_UP.has(caseStatus)) ||
    (task.kind === 'missed-exam' && AWAITING_EXAM.has(caseStatus));
  if (!followed) return null;
  const base = task.kind === 'missed-exam' ? (missedOn ?? today) : (presentedOn ?? today);
  const next = nextFollowUp(cadence, base, task.step, today);
  return {
    patientId: task.patientId,
    caseId: task.caseId,
    ownerId: task.ownerId,
    kind: task.kind,
    due: next.due,
    step: next.step,
  };
}

/**
 * BOOK-104: the first follow-up of a missed exam, on the practice's cadence counted from the day
 * of the miss; none when one is already open for the case.
 */
export function missedExamTask(
  theCase: Pick<Case, 'id' | 'patientId' | 'ownerId'>,
  openTasks: readonly Pick<Task, 'caseId' | 'kind' | 'status'>[],
  cadence: FollowUpCadence,
  missedOn: string,
): TaskInput | null {
  if (openTasks.some((t) => t.caseId === theCase.id && t.kind === 'missed-exam' && t.status === 'open'))
    return null;
  return {
    patientId: theCase.patientId,
    caseId: theCase.id,
    ownerId: theCase.ownerId,
    kind: 'missed-exam',
    due: followUpDue(cadence, missedOn, 0),
    step: 0,
  };
}

/** "Snooze": move a task to a later day (tomorrow by default). */
export const snoozeTo = (today: string, days = 1) => addDays(today, days);
