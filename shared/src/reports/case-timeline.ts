/**
 * A case's history as the KPIs read it, from its status events (CASE-1): where it stood at the
 * end of a day, when it first reached a status, when its exams were held, and which kind of case
 * it is for acceptance (KPI-7…KPI-9). Figures of a past month must not change because the case
 * moved on since, so they are read from the events, not from the case's status now.
 */
import type { Case, CaseEvent, CaseStatus } from '../pipeline/case.schema.ts';
import type { ReportSource } from './report-source.ts';
import { inPeriod, type ReportPeriod } from './report-filter.ts';

function movesOf(source: ReportSource, caseId: string): readonly CaseEvent[] {
  return source.movesByCase.get(caseId) ?? [];
}

/** The case's status at the end of `day`; undefined when it was not opened yet. */
export function statusOn(source: ReportSource, theCase: Case, day: string): CaseStatus | undefined {
  if (source.dayOf(theCase.createdAt) > day) return undefined;
  const moves = movesOf(source, theCase.id);
  if (moves.length === 0) return theCase.status;
  let status: CaseStatus = moves[0]!.from ?? theCase.status;
  for (const move of moves) {
    if (source.dayOf(move.at) > day) break;
    status = move.to;
  }
  return status;
}

/** The first move of the case into `to`. */
export function firstMoveTo(source: ReportSource, caseId: string, to: CaseStatus): CaseEvent | undefined {
  return movesOf(source, caseId).find((e) => e.to === to);
}

/** The moves that recorded an exam's outcome (CASE-2: the exam was held). */
export function examsOf(source: ReportSource, caseId: string): CaseEvent[] {
  return movesOf(source, caseId).filter((e) => e.examOutcome !== undefined);
}

/** KPI-7…KPI-9: which acceptance figure a case's exam or start belongs to. */
export type CaseClass = 'new-patient' | 'phase-2' | 'observation-recall';

/** Phase II by its type; a recall when the case was in observation before `at`; else a new patient. */
export function caseClassAt(source: ReportSource, theCase: Case, at: string): CaseClass {
  if (theCase.type === 'phase-2') return 'phase-2';
  const wasObserved =
    movesOf(source, theCase.id).some((e) => e.to === 'observation' && e.at < at) ||
    (theCase.createdAt < at && movesOf(source, theCase.id)[0]?.from === 'observation');
  return wasObserved ? 'observation-recall' : 'new-patient';
}

/** The case's first exam held in the period, if any. */
export function examInPeriod(
  source: ReportSource,
  caseId: string,
  period: ReportPeriod,
): CaseEvent | undefined {
  return examsOf(source, caseId).find((e) => inPeriod(source.dayOf(e.at), period));
}
