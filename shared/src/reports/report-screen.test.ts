// The reports screen's decisions (report-screen.ts) on the hand-built practice of
// report-test-fixtures.ts, January 2026 in Chicago.
import { describe, expect, it } from 'vitest';
import { appointmentRow } from '../projection/appointments-source.ts';
import type { Appointment } from '../schedule/schedule.schema.ts';
import { KPIS } from './kpis.ts';
import { reportSourceOf } from './report-source.ts';
import { JANUARY, practice, practiceSource } from './report-test-fixtures.ts';
import {
  figureOf,
  inquiryStartTrend,
  reportCards,
  reportInputOf,
  reportPeriodOf,
  reportWeeks,
} from './report-screen.ts';

/** The practice as the projection holds it: one chart per patient, one account, the book's rows. */
function fromProjection() {
  const byPatient = new Map<
    string,
    { cases: unknown[]; caseEvents: unknown[]; treatmentOptions: unknown[] }
  >();
  const chartOf = (patientId: string) => {
    const chart = byPatient.get(patientId) ?? { cases: [], caseEvents: [], treatmentOptions: [] };
    byPatient.set(patientId, chart);
    return chart;
  };
  const patientOfCase = new Map(practiceSource.cases.map((c) => [c.id, c.patientId]));
  for (const c of practice.cases) chartOf(String((c as { patientId?: unknown }).patientId)).cases.push(c);
  for (const e of practice.caseEvents)
    chartOf(patientOfCase.get((e as { caseId: string }).caseId) ?? 'none').caseEvents.push(e);
  for (const o of practice.treatmentOptions)
    chartOf(patientOfCase.get((o as { caseId: string }).caseId) ?? 'none').treatmentOptions.push(o);
  const rows = practice.appointments.map((a) =>
    (a as { typeId?: unknown }).typeId ? appointmentRow(a as Appointment) : a,
  );
  return reportInputOf({
    timeZone: practice.timeZone,
    patients: practice.patients,
    charts: byPatient.values(),
    money: [{ contracts: [...practice.contracts], ledgerEntries: [...practice.ledgerEntries] }],
    appointments: rows,
    appointmentTypes: practice.appointmentTypes,
  });
}

describe('the report from the projection', () => {
  it('KPI-2: the projection’s charts, accounts and book rows give every KPI the same figure, members and exclusions as the stored records', () => {
    const projected = reportSourceOf(fromProjection());
    for (const [id, kpi] of Object.entries(KPIS))
      expect(kpi(projected, JANUARY), id).toEqual(kpi(practiceSource, JANUARY));
  });
});

describe('the period a choice means (KPI-1)', () => {
  it('this month and this quarter are whole calendar ones; year to date ends today', () => {
    expect(reportPeriodOf('this-month', '2026-02-10')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(reportPeriodOf('quarter', '2026-05-10')).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(reportPeriodOf('year-to-date', '2026-05-10')).toEqual({ from: '2026-01-01', to: '2026-05-10' });
  });

  it('last month in January is the previous December', () => {
    expect(reportPeriodOf('last-month', '2026-01-15')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  });

  it('a custom period needs two valid days in order, else there is no period', () => {
    const range = { from: '2026-01-05', to: '2026-01-20' };
    expect(reportPeriodOf('custom', '2026-05-10', range)).toEqual(range);
    expect(reportPeriodOf('custom', '2026-05-10', { from: '2026-01-20', to: '2026-01-05' })).toBeNull();
    expect(reportPeriodOf('custom', '2026-05-10', { from: '2026-02-30', to: '2026-03-01' })).toBeNull();
    expect(reportPeriodOf('custom', '2026-05-10')).toBeNull();
  });

  it('KPI-30: the book is read from 45 days before the period to 45 days after it (KPI-10)', () => {
    const weeks = reportWeeks({ from: '2026-01-01', to: '2026-01-31' }, '2025-06-01');
    // 45 days before 01-01 is Mon 2025-11-17; 45 days after 01-31 is Tue 2026-03-17 (week of 03-16).
    expect(weeks[0]).toBe('2025-11-17');
    expect(weeks.at(-1)).toBe('2026-03-16');
  });

  it('KPI-30: a past period’s book reaches six months past today, where KPI-28 looks for the next visit', () => {
    const weeks = reportWeeks({ from: '2026-01-01', to: '2026-01-31' }, '2026-05-10');
    // 183 days after 2026-05-10 is Tue 2026-11-09 (week of Mon 11-09).
    expect(weeks.at(-1)).toBe('2026-11-09');
  });
});

describe('figures in words (KPI-3)', () => {
  it('a ratio shows both counts and the percent half up; nothing to divide by is no figure, not 0%', () => {
    expect(figureOf({ kind: 'ratio', numerator: 6, denominator: 7 })).toBe('6 of 7 (86%)');
    expect(figureOf({ kind: 'ratio', numerator: 0, denominator: 0 })).toBe(
      'No figure (nothing to divide by)',
    );
  });

  it('money shows from cents; an average rounds half up to the cent and says how many it averaged', () => {
    expect(figureOf({ kind: 'cents', cents: 600000 })).toBe('$6,000.00');
    expect(figureOf({ kind: 'average-cents', totalCents: 20001, count: 2 })).toBe('$100.01 (of 2)');
    expect(figureOf({ kind: 'average-cents', totalCents: 0, count: 0 })).toBe(
      'No figure (nothing to average)',
    );
  });
});

describe('the cards', () => {
  it('KPI-4: the inquiries card lists each case counted with its patient', () => {
    const [pipeline] = reportCards(practiceSource, JANUARY, { money: true });
    const inquiries = pipeline!.cards.find((c) => c.definition.id === 'KPI-4')!;
    expect(inquiries.figure).toBe('4');
    expect(inquiries.definition.title).toBe('New-patient inquiries');
    expect(inquiries.drill).toContainEqual({ id: 'cas_ava00000', patientId: 'pat_ava00000' });
    expect(inquiries.drill.every((row) => row.patientId !== null)).toBe(true);
  });

  it('a reader who may not see money gets the pipeline and schedule cards only (KPI-17…KPI-22 left out)', () => {
    const groups = reportCards(practiceSource, JANUARY, { money: false }).map((g) => g.group);
    expect(groups).toEqual(['pipeline', 'schedule']);
  });

  it('KPI-29: the trend has 24 months with January’s inquiries and starts as January’s cards count them', () => {
    const trend = inquiryStartTrend(practiceSource, {}, '2026-01-31');
    expect(trend).toHaveLength(24);
    const january = trend.at(-1)!;
    expect(january.month).toBe('2026-01');
    expect(january.inquiries).toBe(4);
    expect(january.starts).toBe((KPIS['KPI-25'](practiceSource, JANUARY).value as { count: number }).count);
  });
});
