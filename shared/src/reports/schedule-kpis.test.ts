// The schedule KPIs on the hand-built practice (report-test-fixtures.ts), January 2026 in Chicago.
import { describe, expect, it } from 'vitest';
import * as schedule from './schedule-kpis.ts';
import { ratioPercentHalfUp } from './kpi-result.ts';
import { JANUARY, expectFigure, practiceSource as source } from './report-test-fixtures.ts';

// Visits dated in January, every kind: seen A1, A2, A4, A5, A6, A7 (exams), A10, A11 (bondings),
// A12, A15 (adjustments), A16 (debond) = 11; missed A3 (exam), A13 (adjustment) = 2; cancelled A8.
// The visit of an unknown type (apt_ghost) is left out, not counted as missed.
const SEEN = [
  'apt_a0100000',
  'apt_a0200000',
  'apt_a0400000',
  'apt_a0500000',
  'apt_a0600000',
  'apt_a0700000',
  'apt_a1000000',
  'apt_a1100000',
  'apt_a1200000',
  'apt_a1500000',
  'apt_a1600000',
];

describe('schedule KPIs, January', () => {
  it('KPI-23: no-shows are 2 of the 13 visits due (15%)', () => {
    const result = expectFigure(
      schedule.noShowRate(source, JANUARY),
      { kind: 'ratio', numerator: 2, denominator: 13 },
      ['apt_a0300000', 'apt_a1300000'],
    );
    expect(result.base).toEqual([...SEEN, 'apt_a0300000', 'apt_a1300000'].sort());
    expect(ratioPercentHalfUp({ numerator: 2, denominator: 13 })).toBe(15);
  });

  it('KPI-24: cancellations are 1 of the 14 visits seen, missed or cancelled (7%)', () => {
    expectFigure(
      schedule.cancellationRate(source, JANUARY),
      { kind: 'ratio', numerator: 1, denominator: 14 },
      ['apt_a0800000'],
    );
    expect(ratioPercentHalfUp({ numerator: 1, denominator: 14 })).toBe(7);
  });

  it('KPI-25: starts in January are Ava (01-26) and Eli (01-28)', () => {
    expectFigure(schedule.starts(source, JANUARY), { kind: 'count', count: 2 }, [
      'cas_ava00000',
      'cas_eli00000',
    ]);
  });

  it('KPI-26: debonds in January are Jo’s (A16, 01-22)', () => {
    expectFigure(schedule.debonds(source, JANUARY), { kind: 'count', count: 1 }, ['apt_a1600000']);
  });

  it('KPI-27: past the estimated completion is Ivy: started 2024-01-15 for 18 months, due 2025-07-15', () => {
    // In treatment on 01-31: Ava (2026-01-26 + 24 months), Eli (2026-01-28 + 12), Hal (2025-03-03
    // + 24 = 2027-03-03) are not due yet; Jo moved to retention on 01-22.
    expectFigure(schedule.pastEstimatedCompletion(source, JANUARY), { kind: 'count', count: 1 }, [
      'cas_ivy00000',
    ]);
  });

  it('KPI-28: in treatment with nothing booked after January are Eli and Ivy', () => {
    // Ava has A17 on 02-23 and Hal A14 on 02-24; Eli and Ivy have nothing after 01-31.
    expectFigure(schedule.inTreatmentNothingBooked(source, JANUARY), { kind: 'count', count: 2 }, [
      'cas_eli00000',
      'cas_ivy00000',
    ]);
  });
});
