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

/**
 * The task that follows a completed one: the next step of the cadence for a follow-up while
 * the case is still recommended or pending; nothing for other kinds (a first contact is
 * followed by booking the exam, a recall by the exam).
 */
export function nextTaskAfter(
  task: Pick<Task, 'patientId' | 'caseId' | 'kind' | 'step' | 'ownerId'>,
  caseStatus: CaseStatus | undefined,
  presentedOn: string | undefined,
  cadence: FollowUpCadence,
  today: string,
): TaskInput | null {
  if (task.kind !== 'follow-up' || !caseStatus || !FOLLOWED_UP.has(caseStatus)) return null;
  const next = nextFollowUp(cadence, presentedOn ?? today, task.step, today);
  return {
    patientId: task.patientId,
    caseId: task.caseId,
    ownerId: task.ownerId,
    kind: 'follow-up',
    due: next.due,
    step: next.step,
  };
}

/** "Snooze": move a task to a later day (tomorrow by default). */
export const snoozeTo = (today: string, days = 1) => addDays(today, days);
