/**
 * What the reports screen shows, decided here so the screen only renders it: the records of the
 * practice gathered into a report's input (from the projection's report sources, the patient
 * index and the book's rows), the period a choice means, the KPI cards by group with the figure
 * as words, and the patient behind each record a figure counted (the drill-down).
 */
import {
  addDays,
  daysInMonth,
  formatLocalDate,
  isValidLocalDate,
  splitLocalDate,
  weeksCovering,
} from '../core/calendar.ts';
import { formatCents } from '../core/money.ts';
import type { ReportChart, ReportMoney } from '../projection/report-sources.ts';
import { BOOK_WINDOW } from '../projection/appointments-source.ts';
import { kpiDefinition, type KpiDefinition, type KpiId } from './kpi-definitions.ts';
import { averageCentsHalfUp, ratioPercentHalfUp, type KpiResult, type KpiValue } from './kpi-result.ts';
import { KPIS } from './kpis.ts';
import { monthlyTrend } from './trends.ts';
import type { ReportFilter, ReportPeriod } from './report-filter.ts';
import type { Excluded, ReportInput, ReportSource } from './report-source.ts';

/** What the app holds practice-wide, as the projection and the patient index keep it. */
export type PracticeRecords = {
  timeZone: string;
  patients: readonly unknown[];
  charts: Iterable<ReportChart>;
  money: Iterable<ReportMoney>;
  /** The book's rows (the appointments source) of the weeks the report reads. */
  appointments: readonly unknown[];
  appointmentTypes: readonly unknown[];
};

/** KPI-2: the report's input from the practice's records (each one checked by `reportSourceOf`). */
export function reportInputOf(records: PracticeRecords): ReportInput {
  const charts = [...records.charts];
  const money = [...records.money];
  return {
    timeZone: records.timeZone,
    patients: records.patients,
    cases: charts.flatMap((c) => c.cases),
    caseEvents: charts.flatMap((c) => c.caseEvents),
    treatmentOptions: charts.flatMap((c) => c.treatmentOptions),
    appointments: records.appointments,
    appointmentTypes: records.appointmentTypes,
    contracts: money.flatMap((m) => m.contracts),
    ledgerEntries: money.flatMap((m) => m.ledgerEntries),
  };
}

export type PeriodChoice = 'this-month' | 'last-month' | 'quarter' | 'year-to-date' | 'custom';

export const PERIOD_CHOICES: readonly { value: PeriodChoice; label: string }[] = [
  { value: 'this-month', label: 'This month' },
  { value: 'last-month', label: 'Last month' },
  { value: 'quarter', label: 'This quarter' },
  { value: 'year-to-date', label: 'Year to date' },
  { value: 'custom', label: 'Custom' },
];

const monthPeriod = (year: number, month: number): ReportPeriod => ({
  from: formatLocalDate({ year, month, day: 1 }),
  to: formatLocalDate({ year, month, day: daysInMonth(year, month) }),
});

/**
 * KPI-1: the calendar days a choice means on `today` (a month and a quarter are whole calendar
 * ones, so booked-ahead exams of this month count; year to date ends today). Null for a custom
 * period that is not two valid days in order.
 */
export function reportPeriodOf(
  choice: PeriodChoice,
  today: string,
  custom?: { from: string; to: string },
): ReportPeriod | null {
  const now = splitLocalDate(today);
  if (!now) return null;
  switch (choice) {
    case 'this-month':
      return monthPeriod(now.year, now.month);
    case 'last-month':
      return now.month === 1 ? monthPeriod(now.year - 1, 12) : monthPeriod(now.year, now.month - 1);
    case 'quarter': {
      const first = now.month - ((now.month - 1) % 3);
      return { from: monthPeriod(now.year, first).from, to: monthPeriod(now.year, first + 2).to };
    }
    case 'year-to-date':
      return { from: formatLocalDate({ year: now.year, month: 1, day: 1 }), to: today };
    case 'custom':
      if (!custom || !isValidLocalDate(custom.from) || !isValidLocalDate(custom.to)) return null;
      return custom.from <= custom.to ? { from: custom.from, to: custom.to } : null;
  }
}

/**
 * KPI-30: the Mondays of the book a period's figures read: from 45 days before the period (a visit
 * moved across its start) to 45 days after it (an exam's conversion window, KPI-10) or, when later,
 * six months past today (KPI-28 asks whether anything is booked after the period's end, and the
 * book holds nothing further ahead than that).
 */
export function reportWeeks(period: ReportPeriod, today: string): string[] {
  const after = addDays(period.to, 45);
  const ahead = addDays(today, BOOK_WINDOW.daysAhead);
  return weeksCovering(addDays(period.from, -45), after > ahead ? after : ahead);
}

export type KpiGroupName = 'pipeline' | 'money' | 'schedule';

export const KPI_GROUPS: readonly { group: KpiGroupName; title: string; ids: readonly KpiId[] }[] = [
  {
    group: 'pipeline',
    title: 'Pipeline',
    ids: [
      'KPI-4',
      'KPI-5',
      'KPI-6',
      'KPI-7',
      'KPI-8',
      'KPI-9',
      'KPI-10',
      'KPI-11',
      'KPI-12',
      'KPI-13',
      'KPI-14',
      'KPI-15',
    ],
  },
  { group: 'money', title: 'Money', ids: ['KPI-17', 'KPI-18', 'KPI-19', 'KPI-20', 'KPI-21', 'KPI-22'] },
  { group: 'schedule', title: 'Schedule', ids: ['KPI-23', 'KPI-24', 'KPI-25', 'KPI-26', 'KPI-27', 'KPI-28'] },
];

/** One record a figure counted, with the patient it belongs to (null when unknown). */
export type DrillRow = { id: string; patientId: string | null };

export type KpiCard = {
  definition: KpiDefinition;
  result: KpiResult;
  /** The figure as shown: "6 of 7 (86%)", "$1,200.00", "12"; "No figure" when nothing to divide. */
  figure: string;
  drill: DrillRow[];
  groups: { key: string; count: number; drill: DrillRow[] }[];
};

export type CardGroup = { group: KpiGroupName; title: string; cards: KpiCard[] };

/** KPI-3: a figure in words, rounded only here (half up), never a made-up zero. */
export function figureOf(value: KpiValue): string {
  switch (value.kind) {
    case 'count':
      return String(value.count);
    case 'cents':
      return formatCents(value.cents);
    case 'ratio': {
      const percent = ratioPercentHalfUp(value);
      return percent === null
        ? 'No figure (nothing to divide by)'
        : `${value.numerator} of ${value.denominator} (${percent}%)`;
    }
    case 'average-cents': {
      const average = averageCentsHalfUp(value);
      return average === null
        ? 'No figure (nothing to average)'
        : `${formatCents(average)} (of ${value.count})`;
    }
  }
}

/** The patient of each record a KPI may count: cases, appointments, contracts and ledger entries. */
export function recordPatients(source: ReportSource): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const records of [source.cases, source.appointments, source.contracts, source.ledger])
    for (const r of records) if (r.patientId !== undefined) out.set(r.id, r.patientId);
  return out;
}

const drillOf = (patients: ReadonlyMap<string, string>, ids: readonly string[]): DrillRow[] =>
  ids.map((id) => ({ id, patientId: patients.get(id) ?? null }));

/** The cards of a report: every group, money only when the reader may see money (issue #18 item 6). */
export function reportCards(
  source: ReportSource,
  filter: ReportFilter,
  options: { money: boolean },
): CardGroup[] {
  const patients = recordPatients(source);
  return KPI_GROUPS.filter((g) => options.money || g.group !== 'money').map((g) => ({
    group: g.group,
    title: g.title,
    cards: g.ids.map((id) => {
      const result = KPIS[id](source, filter);
      return {
        definition: kpiDefinition(id),
        result,
        figure: figureOf(result.value),
        drill: drillOf(patients, result.members),
        groups: (result.groups ?? []).map((x) => ({
          key: x.key,
          count: x.count,
          drill: drillOf(patients, x.members),
        })),
      };
    }),
  }));
}

/** KPI-2: an excluded record in plain words. */
export function excludedText(e: Excluded): string {
  return `A ${e.kind.replace('-', ' ')}${e.id ? ` (${e.id})` : ''} left out: ${e.reason}`;
}

export type TrendRow = { month: string; inquiries: number; starts: number };

/**
 * KPI-29: new-patient inquiries (KPI-4) and starts (KPI-25) for each of the 24 months up to
 * `upTo`, with the same filters as the cards (the chart and its table show these numbers).
 */
export function inquiryStartTrend(
  source: ReportSource,
  filter: Omit<ReportFilter, 'period'>,
  upTo: string,
): TrendRow[] {
  const inquiries = monthlyTrend(source, filter, KPIS['KPI-4'], upTo);
  const started = monthlyTrend(source, filter, KPIS['KPI-25'], upTo);
  return inquiries.map((point, i) => ({
    month: point.month,
    inquiries: countOf(point.result.value),
    starts: countOf(started[i]!.result.value),
  }));
}

const countOf = (value: KpiValue): number => (value.kind === 'count' ? value.count : 0);
