// The pipeline KPIs on the hand-built practice (report-test-fixtures.ts), January 2026 in Chicago.
// Every figure is worked out by hand in the comments from the records listed there.
import { describe, expect, it } from 'vitest';
import * as pipeline from './pipeline-kpis.ts';
import { ratioPercentHalfUp } from './kpi-result.ts';
import { JANUARY, expectFigure, practiceSource as source } from './report-test-fixtures.ts';

describe('pipeline KPIs, January', () => {
  it('KPI-4: counts the cases opened in January, leaving out Phase II and a case opened late on December 31 local time', () => {
    // Opened in January: Ava 01-05, Ben 01-03, Dee 01-10, Gus 01-20, Eli 01-07 (Phase II: out).
    // Cal's case was opened 2026-01-01T05:00Z = 23:00 on December 31 in Chicago: December's.
    // Fay (2025-06), Hal (2025-02), Ivy (2023-12), Jo (2023-06), Kai (2025-12-15) are older.
    expectFigure(pipeline.newPatientInquiries(source, JANUARY), { kind: 'count', count: 4 }, [
      'cas_ava00000',
      'cas_ben00000',
      'cas_dee00000',
      'cas_gus00000',
    ]);
  });

  it('KPI-5: counts exams seen, missed or still booked in January; a cancelled one is not booked', () => {
    // Consults dated in January: A1 Ava seen, A2 Ben seen, A3 Cal missed, A4 Cal seen, A5 Dee seen,
    // A6 Eli seen, A7 Fay seen = 7. A8 Gus cancelled (out); A9 Gus is on 02-03 (out).
    expectFigure(pipeline.examsBooked(source, JANUARY), { kind: 'count', count: 7 }, [
      'apt_a0100000',
      'apt_a0200000',
      'apt_a0300000',
      'apt_a0400000',
      'apt_a0500000',
      'apt_a0600000',
      'apt_a0700000',
    ]);
  });

  it('KPI-6: kept is exams seen over exams due (seen or missed): 6 of 7, shown as 86%', () => {
    // Seen: A1, A2, A4, A5, A6, A7 = 6; due: those and A3 (missed) = 7. 6/7 = 85.71% → 86% half up.
    const result = expectFigure(
      pipeline.examsKept(source, JANUARY),
      { kind: 'ratio', numerator: 6, denominator: 7 },
      ['apt_a0100000', 'apt_a0200000', 'apt_a0400000', 'apt_a0500000', 'apt_a0600000', 'apt_a0700000'],
    );
    expect(result.base).toHaveLength(7);
    expect(ratioPercentHalfUp({ numerator: 6, denominator: 7 })).toBe(86);
  });

  it('KPI-7: new-patient acceptance is January starts over January exams of new patients: 1 of 4', () => {
    // Exam outcomes recorded in January: Ava 01-12, Ben 01-08, Cal 01-20, Dee 01-15 (new patients),
    // Eli 01-14 (Phase II), Fay 01-21 (was in observation: a recall). Starts in January: Ava
    // 01-26 (new patient), Eli 01-28 (Phase II). New patients: 1 start ÷ 4 exams.
    const result = expectFigure(
      pipeline.caseAcceptance(source, JANUARY, 'new-patient'),
      { kind: 'ratio', numerator: 1, denominator: 4 },
      ['cas_ava00000'],
    );
    expect(result.base).toEqual(['cas_ava00000', 'cas_ben00000', 'cas_cal00000', 'cas_dee00000']);
  });

  it('KPI-8: Phase II acceptance is counted apart: Eli examined and started, 1 of 1', () => {
    const result = expectFigure(
      pipeline.caseAcceptance(source, JANUARY, 'phase-2'),
      { kind: 'ratio', numerator: 1, denominator: 1 },
      ['cas_eli00000'],
    );
    expect(result.base).toEqual(['cas_eli00000']);
  });

  it('KPI-9: observation recalls are counted apart: Fay’s recall exam, no start in January, 0 of 1', () => {
    const result = expectFigure(
      pipeline.caseAcceptance(source, JANUARY, 'observation-recall'),
      { kind: 'ratio', numerator: 0, denominator: 1 },
      [],
    );
    expect(result.base).toEqual(['cas_fay00000']);
  });

  it('KPI-10: of the six cases examined in January, three were accepted within 45 days of the exam', () => {
    // Cohort: Ava, Ben, Cal, Dee, Eli, Fay. Accepted: Ava the exam day (0 days), Eli 01-16 (2 days
    // after 01-14), Fay 02-10 (20 days after 01-21, after January but within 45 days). Ben is
    // pending, Cal declined, Dee in observation. 3 ÷ 6 = 50%.
    const result = expectFigure(
      pipeline.conversionWithin45Days(source, JANUARY),
      { kind: 'ratio', numerator: 3, denominator: 6 },
      ['cas_ava00000', 'cas_eli00000', 'cas_fay00000'],
    );
    expect(result.base).toEqual([
      'cas_ava00000',
      'cas_ben00000',
      'cas_cal00000',
      'cas_dee00000',
      'cas_eli00000',
      'cas_fay00000',
    ]);
  });

  it('KPI-11: a same-day start is a yes or a signed contract on the exam day: Ava only, 1 of 6 (17%)', () => {
    // Ava: exam outcome 01-12 09:30, accepted 10:00, K1 signed 10:10 the same day. Eli accepted and
    // signed 01-16, two days after his exam. Cal's K5 was signed on his exam day (01-20) but
    // cancelled: not a start. 1/6 = 16.67% → 17% half up.
    expectFigure(pipeline.sameDayStarts(source, JANUARY), { kind: 'ratio', numerator: 1, denominator: 6 }, [
      'cas_ava00000',
    ]);
    expect(ratioPercentHalfUp({ numerator: 1, denominator: 6 })).toBe(17);
  });

  it('KPI-12, KPI-13: pending at the end of January are Ben (presented) and Fay (recommended), $10,700 in all', () => {
    // Ben: pending since 01-09, option $5,500. Fay: recommended 01-21, accepted only 02-10, so still
    // pending on 01-31; her accepted option $5,200. Cal declined; Ava and Eli started.
    const count = pipeline.pendingCount(source, JANUARY);
    expect(count.value).toEqual({ kind: 'count', count: 2 });
    expect(count.members).toEqual(['cas_ben00000', 'cas_fay00000']);
    const value = pipeline.pendingValue(source, JANUARY);
    expect(value.value).toEqual({ kind: 'cents', cents: 550_000 + 520_000 });
    expect(value.members).toEqual(['cas_ben00000', 'cas_fay00000']);
  });

  it('KPI-14: the observation pool at the end of January is Dee; Fay left it on 01-05', () => {
    expectFigure(pipeline.observationPool(source, JANUARY), { kind: 'count', count: 1 }, ['cas_dee00000']);
  });

  it('KPI-14: the pool is read from the events as of the period’s end: at the end of December it was Fay', () => {
    // Fay was in observation from 2025-06-10 to 2026-01-05; Dee's case did not exist yet.
    const december = { period: { from: '2025-12-01', to: '2025-12-31' } };
    expectFigure(pipeline.observationPool(source, december), { kind: 'count', count: 1 }, ['cas_fay00000']);
  });

  it('KPI-15: declines of January are counted per reason: Cost (Cal) and Timing (Kai)', () => {
    const result = expectFigure(pipeline.declineReasons(source, JANUARY), { kind: 'count', count: 2 }, [
      'cas_cal00000',
      'cas_kai00000',
    ]);
    expect(result.groups).toEqual([
      { key: 'Cost', count: 1, members: ['cas_cal00000'] },
      { key: 'Timing', count: 1, members: ['cas_kai00000'] },
    ]);
  });
});
