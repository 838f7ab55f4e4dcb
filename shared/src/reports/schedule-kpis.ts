/**
 * The schedule KPIs (KPI-23…KPI-28): how the book is kept, treatment starts and ends, and the
 * patients in treatment who have slipped off it.
 */
import { BOOKED_STATUSES } from '../schedule/schedule.schema.ts';
import { visitOutcomes } from '../schedule/consult-linkage.ts';
import { addMonthsClamped } from '../insurance/insurer-schedule.ts';
import { valueOptionOf } from '../pipeline/pipeline.ts';
import { firstMoveTo, statusOn } from './case-timeline.ts';
import { countResult, ratioResult, type KpiResult } from './kpi-result.ts';
import { startedInPeriod } from './pipeline-kpis.ts';
import { appointmentMatches, caseMatches, type ReportFilter } from './report-filter.ts';
import { excludedOf, type ReportRecordKind, type ReportSource } from './report-source.ts';

const BOOK_KINDS: readonly ReportRecordKind[] = ['patient', 'case', 'appointment', 'appointment-type'];
const CASE_KINDS: readonly ReportRecordKind[] = [...BOOK_KINDS, 'case-event'];

function bookOutcomes(source: ReportSource, filter: ReportFilter) {
  const visits = source.appointments.filter((a) => appointmentMatches(source, a, filter));
  return visitOutcomes(visits, filter.period.from, filter.period.to, (a) => source.dayOf(a.start));
}

const ids = (list: readonly { id: string }[]) => list.map((x) => x.id);

/** KPI-23 */
export function noShowRate(source: ReportSource, filter: ReportFilter): KpiResult {
  const o = bookOutcomes(source, filter);
  return ratioResult('KPI-23', ids(o.missed), ids([...o.held, ...o.missed]), excludedOf(source, BOOK_KINDS));
}

/** KPI-24 */
export function cancellationRate(source: ReportSource, filter: ReportFilter): KpiResult {
  const o = bookOutcomes(source, filter);
  return ratioResult(
    'KPI-24',
    ids(o.cancelled),
    ids([...o.held, ...o.missed, ...o.cancelled]),
    excludedOf(source, BOOK_KINDS),
  );
}

/** KPI-25 */
export function starts(source: ReportSource, filter: ReportFilter): KpiResult {
  const members = startedInPeriod(source, filter).map((s) => s.theCase.id);
  return countResult('KPI-25', members, excludedOf(source, CASE_KINDS));
}

/** KPI-26 */
export function debonds(source: ReportSource, filter: ReportFilter): KpiResult {
  const debondVisits = source.appointments.filter(
    (a) => a.stage === 'debond' && appointmentMatches(source, a, filter),
  );
  const { held } = visitOutcomes(debondVisits, filter.period.from, filter.period.to, (a) =>
    source.dayOf(a.start),
  );
  return countResult('KPI-26', ids(held), excludedOf(source, BOOK_KINDS));
}

function inTreatmentAtEnd(source: ReportSource, filter: ReportFilter) {
  return source.cases.filter(
    (c) => caseMatches(source, c, filter) && statusOn(source, c, filter.period.to) === 'started',
  );
}

/**
 * KPI-27: the start date is the case's own (the banding day), else the day of its move to started;
 * a case with no option has no length, so no estimate, and is not counted.
 */
export function pastEstimatedCompletion(source: ReportSource, filter: ReportFilter): KpiResult {
  const members = inTreatmentAtEnd(source, filter).flatMap((c) => {
    const months = valueOptionOf(c, source.options)?.months;
    const startMove = firstMoveTo(source, c.id, 'started');
    const startDay = c.startDate ?? (startMove ? source.dayOf(startMove.at) : undefined);
    if (months === undefined || startDay === undefined) return [];
    return addMonthsClamped(startDay, months) < filter.period.to ? [c.id] : [];
  });
  return countResult('KPI-27', members, excludedOf(source, [...CASE_KINDS, 'treatment-option']));
}

/** KPI-28: any visit of the patient counts, whichever case it is booked under. */
export function inTreatmentNothingBooked(source: ReportSource, filter: ReportFilter): KpiResult {
  const booked = new Set(
    source.appointments
      .filter((a) => BOOKED_STATUSES.has(a.status) && source.dayOf(a.start) > filter.period.to)
      .map((a) => a.patientId),
  );
  const members = inTreatmentAtEnd(source, filter)
    .filter((c) => !booked.has(c.patientId))
    .map((c) => c.id);
  return countResult('KPI-28', members, excludedOf(source, CASE_KINDS));
}
