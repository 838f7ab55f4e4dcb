/**
 * The legal status moves of an ortho case (CASE-1 to CASE-3, CASE-5), and what each
 * move must carry. The status command (`changeCaseStatus`) asks `checkStatusChange` before it
 * writes the case and appends the CaseEvent, so every device refuses the same moves with the
 * same words, offline included.
 */
import { err, ok, type Result } from '../core/result.ts';
import { CASE_STATUS_LABELS, type CaseStatus, type CaseType, type ExamOutcome } from './case.schema.ts';
import { isValidLocalDate } from '../core/calendar.ts';

/**
 * Where a case may go from each status. Choices worth knowing:
 * - `exam → inquiry` undoes a cancelled exam; `exam` never jumps to `pending`: the exam's
 *   outcome is recorded first (`recommended`), then the options are presented.
 * - `recommended → accepted` skips `pending` for a same-day yes.
 * - `pending → recommended` and `accepted → pending` let the coordinator step back when the
 *   options are reworked or the family changes its mind about which one.
 * - `declined` is not terminal: reactivation (BOARD-5) brings a family back to a
 *   new inquiry, an exam, the recommendation or the presentation.
 * - Once treatment has started the case only moves forward or ends: a signed, started contract
 *   is locked (CONTRACT-4), so "undoing" a start is not a status move.
 * - `completed`, `transferred` and `discontinued` are terminal: new treatment (Phase II, a
 *   retreat) is a new case, so the history of the old one stays true.
 */
export const CASE_TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  inquiry: ['exam', 'declined', 'discontinued'],
  exam: ['recommended', 'observation', 'declined', 'discontinued', 'transferred', 'inquiry'],
  recommended: ['pending', 'accepted', 'declined', 'observation'],
  pending: ['accepted', 'declined', 'observation', 'recommended'],
  accepted: ['started', 'pending', 'declined'],
  started: ['retention', 'completed', 'transferred', 'discontinued'],
  retention: ['completed', 'transferred', 'discontinued'],
  declined: ['inquiry', 'exam', 'recommended', 'pending'],
  observation: ['exam', 'recommended', 'declined', 'discontinued'],
  completed: [],
  transferred: [],
  discontinued: [],
};

/** Statuses after which the practice has nothing more to do on the case (until reactivation). */
export const CLOSED_STATUSES: readonly CaseStatus[] = [
  'completed',
  'declined',
  'transferred',
  'discontinued',
];

/** Open cases are the ones a coordinator still works: they count toward "one active case". */
export function isOpenCase(status: CaseStatus): boolean {
  return !CLOSED_STATUSES.includes(status);
}

/**
 * CASE-1, CASE-2: a recommended case can be marked presented (moved to pending) once it has a
 * treatment option to present; the presentation offers it then.
 */
export const mayMarkPresented = (status: CaseStatus, optionCount: number): boolean =>
  status === 'recommended' && optionCount > 0;

export type StatusChange = {
  to: CaseStatus;
  reason?: string;
  examOutcome?: ExamOutcome;
  /** `YYYY-MM-DD`: when an observation patient is to be seen again. */
  recallDate?: string;
  /** The accepted treatment option. */
  optionId?: string;
};

export type StatusChangeProblem = {
  message: string;
  /** The form field to show the message beside; absent when it concerns the move itself. */
  field?: 'reason' | 'examOutcome' | 'recallDate' | 'optionId' | 'to';
};

/** The status an exam outcome leads to: the exam's result decides where the case goes next. */
export function statusForExamOutcome(outcome: ExamOutcome): CaseStatus {
  switch (outcome) {
    case 'treatment-recommended':
      return 'recommended';
    case 'observation':
      return 'observation';
    case 'no-treatment':
      return 'discontinued';
    case 'refer-out':
      return 'transferred';
  }
}

/** Targets whose arrival from an exam is an exam outcome (the exam was held). */
const EXAM_OUTCOME_TARGETS: readonly CaseStatus[] = [
  'recommended',
  'observation',
  'discontinued',
  'transferred',
];

/** CaseEvent.reason is at most 200 characters (pipeline/case.schema.ts). */
const REASON_MAX = 200;

/**
 * Whether `change` is a legal move from `from`, and carries what the move needs: a reason for a
 * decline (the KPI reports group declines by it), a recall date for observation (otherwise
 * the patient is never called back), the exam outcome when leaving the exam (the exam rate and
 * conversion KPIs count exams held), an option before presenting and the chosen option on
 * acceptance (accepting one option declines the others).
 *
 * `context.optionIds` are the case's current treatment options.
 */
export function checkStatusChange(
  from: CaseStatus,
  change: StatusChange,
  context: { optionIds: readonly string[] },
): Result<true, StatusChangeProblem> {
  const { to } = change;
  if (from === to) return err({ message: `The case is already ${CASE_STATUS_LABELS[to]}`, field: 'to' });
  if (!CASE_TRANSITIONS[from].includes(to)) {
    const subject =
      CASE_TRANSITIONS[from].length === 0
        ? `A ${CASE_STATUS_LABELS[from].toLowerCase()} case`
        : `From ${CASE_STATUS_LABELS[from]}, a case`;
    return err({ message: `${subject} cannot move to ${CASE_STATUS_LABELS[to]}`, field: 'to' });
  }

  const outcome = change.examOutcome;
  if (from === 'exam' && EXAM_OUTCOME_TARGETS.includes(to) && outcome === undefined) {
    return err({ message: 'Record the outcome of the exam', field: 'examOutcome' });
  }
  if (outcome !== undefined && !outcomeFits(outcome, to)) {
    return err({
      message: `That exam outcome does not lead to ${CASE_STATUS_LABELS[to]}`,
      field: 'examOutcome',
    });
  }

  if (to === 'declined') {
    const reason = change.reason?.trim() ?? '';
    if (reason === '') return err({ message: 'Say why they declined', field: 'reason' });
    if (reason.length > REASON_MAX) {
      return err({ message: `At most ${REASON_MAX} characters`, field: 'reason' });
    }
  }
  if (to === 'observation') {
    if (change.recallDate === undefined || change.recallDate === '') {
      return err({ message: 'Choose when to see them again', field: 'recallDate' });
    }
    if (!isValidLocalDate(change.recallDate)) {
      return err({ message: 'Not a real calendar date', field: 'recallDate' });
    }
  }
  if (to === 'pending' && context.optionIds.length === 0) {
    return err({ message: 'Add a treatment option before presenting', field: 'to' });
  }
  if (to === 'accepted') {
    if (context.optionIds.length === 0) {
      return err({ message: 'Add a treatment option before accepting', field: 'to' });
    }
    if (change.optionId === undefined || !context.optionIds.includes(change.optionId)) {
      return err({ message: 'Choose the option they accepted', field: 'optionId' });
    }
  }
  return ok(true);
}

/**
 * An exam outcome given with a move must agree with where the case goes. A decline may carry
 * `treatment-recommended` (recommended at the exam, refused on the spot); nothing else fits a
 * target that is not an outcome's status.
 */
function outcomeFits(outcome: ExamOutcome, to: CaseStatus): boolean {
  if (to === 'declined') return outcome === 'treatment-recommended';
  return statusForExamOutcome(outcome) === to;
}

export type CaseSummary = { id: string; type: CaseType; status: CaseStatus };

/**
 * One active comprehensive case per patient (CASE-5): two open ones would
 * double the pending fees and the conversion counts. Other types (Phase I, limited, …) may
 * overlap. `candidate.id` is the case being edited, which must not conflict with itself.
 */
export function checkOneActiveComprehensive(
  existing: readonly CaseSummary[],
  candidate: { id?: string; type: CaseType; status: CaseStatus },
): Result<true, { message: string }> {
  if (candidate.type !== 'comprehensive' || !isOpenCase(candidate.status)) return ok(true);
  const other = existing.find(
    (c) => c.id !== candidate.id && c.type === 'comprehensive' && isOpenCase(c.status),
  );
  if (other) {
    return err({
      message: `This patient already has an open comprehensive case (${CASE_STATUS_LABELS[other.status]}). Close it before opening another.`,
    });
  }
  return ok(true);
}
