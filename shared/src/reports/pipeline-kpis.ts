/**
 * The pipeline KPIs (KPI-4…KPI-15): from first call to the decision, per case, from the case
 * events and the book. Definitions in docs/spec/reports.md and kpi-definitions.ts.
 */
import { daysBetween } from '../core/calendar.ts';
import type { Case, CaseEvent } from '../pipeline/case.schema.ts';
import { valueOptionOf } from '../pipeline/pipeline.ts';
import { visitOutcomes } from '../schedule/consult-linkage.ts';
import { caseClassAt, examInPeriod, firstMoveTo, statusOn, type CaseClass } from './case-timeline.ts';
import { centsResult, countResult, ratioResult, type KpiGroup, type KpiResult } from './kpi-result.ts';
import { appointmentMatches, caseMatches, inPeriod, type ReportFilter } from './report-filter.ts';
import { excludedOf, isAgreed, type ReportRecordKind, type ReportSource } from './report-source.ts';

/** What the case KPIs read: appointments too, because a case's doctor is its exam's (KPI-1). */
const CASE_KINDS: readonly ReportRecordKind[] = [
  'patient',
  'case',
  'case-event',
  'appointment',
  'appointment-type',
];
const BOOK_KINDS: readonly ReportRecordKind[] = ['patient', 'case', 'appointment', 'appointment-type'];

function casesOf(source: ReportSource, filter: ReportFilter): Case[] {
  return source.cases.filter((c) => caseMatches(source, c, filter));
}

/** KPI-4 */
export function newPatientInquiries(source: ReportSource, filter: ReportFilter): KpiResult {
  const members = casesOf(source, filter)
    .filter((c) => c.type !== 'phase-2' && inPeriod(source.dayOf(c.createdAt), filter.period))
    .map((c) => c.id);
  return countResult('KPI-4', members, excludedOf(source, CASE_KINDS));
}

function examOutcomes(source: ReportSource, filter: ReportFilter) {
  const consults = source.appointments.filter(
    (a) => a.stage === 'consult' && appointmentMatches(source, a, filter),
  );
  return visitOutcomes(consults, filter.period.from, filter.period.to, (a) => source.dayOf(a.start));
}

/** KPI-5 */
export function examsBooked(source: ReportSource, filter: ReportFilter): KpiResult {
  const o = examOutcomes(source, filter);
  const members = [...o.held, ...o.missed, ...o.booked].map((a) => a.id);
  return countResult('KPI-5', members, excludedOf(source, BOOK_KINDS));
}

/** KPI-6: held ÷ due, as BOOK-107 (`keptExams`) counts them for Today. */
export function examsKept(source: ReportSource, filter: ReportFilter): KpiResult {
  const o = examOutcomes(source, filter);
  return ratioResult(
    'KPI-6',
    o.held.map((a) => a.id),
    [...o.held, ...o.missed].map((a) => a.id),
    excludedOf(source, BOOK_KINDS),
  );
}

/** The cases examined in the period, with the exam that puts them there. */
function examined(source: ReportSource, filter: ReportFilter): { theCase: Case; exam: CaseEvent }[] {
  const out: { theCase: Case; exam: CaseEvent }[] = [];
  for (const theCase of casesOf(source, filter)) {
    const exam = examInPeriod(source, theCase.id, filter.period);
    if (exam) out.push({ theCase, exam });
  }
  return out;
}

/** The cases whose treatment started in the period, with the move that started it (KPI-25 too). */
export function startedInPeriod(
  source: ReportSource,
  filter: ReportFilter,
): { theCase: Case; start: CaseEvent }[] {
  const out: { theCase: Case; start: CaseEvent }[] = [];
  for (const theCase of casesOf(source, filter)) {
    const start = firstMoveTo(source, theCase.id, 'started');
    if (start && inPeriod(source.dayOf(start.at), filter.period)) out.push({ theCase, start });
  }
  return out;
}

const ACCEPTANCE_ID = { 'new-patient': 'KPI-7', 'phase-2': 'KPI-8', 'observation-recall': 'KPI-9' } as const;

/** KPI-7, KPI-8, KPI-9: starts ÷ exams of one class of case, each judged at its own moment. */
export function caseAcceptance(source: ReportSource, filter: ReportFilter, kind: CaseClass): KpiResult {
  const exams = examined(source, filter).filter(
    ({ theCase, exam }) => caseClassAt(source, theCase, exam.at) === kind,
  );
  const starts = startedInPeriod(source, filter).filter(
    ({ theCase, start }) => caseClassAt(source, theCase, start.at) === kind,
  );
  return ratioResult(
    ACCEPTANCE_ID[kind],
    starts.map((s) => s.theCase.id),
    exams.map((e) => e.theCase.id),
    excludedOf(source, CASE_KINDS),
  );
}

/** The day the family said yes after this exam: the first acceptance (or start) at or after it. */
function acceptedAfter(source: ReportSource, theCase: Case, exam: CaseEvent): string | undefined {
  const moves = source.movesByCase.get(theCase.id) ?? [];
  const yes = moves.find((e) => (e.to === 'accepted' || e.to === 'started') && e.at >= exam.at);
  return yes ? source.dayOf(yes.at) : undefined;
}

/** KPI-10: the 45 days are counted on the calendar, from the exam day. */
export const CONVERSION_DAYS = 45;

/** KPI-10 */
export function conversionWithin45Days(source: ReportSource, filter: ReportFilter): KpiResult {
  const cohort = examined(source, filter);
  const converted = cohort.filter(({ theCase, exam }) => {
    const yes = acceptedAfter(source, theCase, exam);
    return yes !== undefined && daysBetween(source.dayOf(exam.at), yes) <= CONVERSION_DAYS;
  });
  return ratioResult(
    'KPI-10',
    converted.map((c) => c.theCase.id),
    cohort.map((c) => c.theCase.id),
    excludedOf(source, CASE_KINDS),
  );
}

/** KPI-11: a yes on the exam day, or a contract signed that day. */
export function sameDayStarts(source: ReportSource, filter: ReportFilter): KpiResult {
  const cohort = examined(source, filter);
  const sameDay = cohort.filter(({ theCase, exam }) => {
    const examDay = source.dayOf(exam.at);
    if (acceptedAfter(source, theCase, exam) === examDay) return true;
    return (source.contractsByCase.get(theCase.id) ?? []).some(
      (k) => isAgreed(k) && k.signedAt !== undefined && source.dayOf(k.signedAt) === examDay,
    );
  });
  return ratioResult(
    'KPI-11',
    sameDay.map((c) => c.theCase.id),
    cohort.map((c) => c.theCase.id),
    excludedOf(source, [...CASE_KINDS, 'contract']),
  );
}

function pendingCases(source: ReportSource, filter: ReportFilter): Case[] {
  return casesOf(source, filter).filter((c) => {
    const status = statusOn(source, c, filter.period.to);
    return status === 'recommended' || status === 'pending';
  });
}

/** KPI-12 */
export function pendingCount(source: ReportSource, filter: ReportFilter): KpiResult {
  return countResult(
    'KPI-12',
    pendingCases(source, filter).map((c) => c.id),
    excludedOf(source, CASE_KINDS),
  );
}

/** KPI-13: the board's value (`valueOptionOf`), summed. */
export function pendingValue(source: ReportSource, filter: ReportFilter): KpiResult {
  const amounts = pendingCases(source, filter).map((c) => ({
    id: c.id,
    cents: valueOptionOf(c, source.options)?.feeCents ?? 0,
  }));
  return centsResult('KPI-13', amounts, excludedOf(source, [...CASE_KINDS, 'treatment-option']));
}

/** KPI-14 */
export function observationPool(source: ReportSource, filter: ReportFilter): KpiResult {
  const members = casesOf(source, filter)
    .filter((c) => statusOn(source, c, filter.period.to) === 'observation')
    .map((c) => c.id);
  return countResult('KPI-14', members, excludedOf(source, CASE_KINDS));
}

/** KPI-15: the reason given with the case's last decline of the period. */
export const NO_REASON = 'No reason given';

/** KPI-15 */
export function declineReasons(source: ReportSource, filter: ReportFilter): KpiResult {
  const byReason = new Map<string, string[]>();
  for (const theCase of casesOf(source, filter)) {
    const declines = (source.movesByCase.get(theCase.id) ?? []).filter(
      (e) => e.to === 'declined' && inPeriod(source.dayOf(e.at), filter.period),
    );
    const last = declines.at(-1);
    if (!last) continue;
    const reason = last.reason ?? theCase.declineReason ?? NO_REASON;
    byReason.set(reason, [...(byReason.get(reason) ?? []), theCase.id]);
  }
  const result = countResult('KPI-15', [...byReason.values()].flat(), excludedOf(source, CASE_KINDS));
  const groups: KpiGroup[] = [...byReason]
    .map(([key, ids]) => ({ key, count: ids.length, members: [...ids].sort() }))
    // Most frequent first; ties by reason so every device shows the same order.
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { ...result, groups };
}
