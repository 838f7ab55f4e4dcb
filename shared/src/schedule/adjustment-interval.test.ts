import { describe, expect, it } from 'vitest';
import {
  activePatientsOf,
  adjustmentIntervalWeeks,
  applianceKindOf,
  nextAdjustmentDue,
  readAdjustmentIntervals,
} from './adjustment-interval.ts';

describe('adjustment intervals', () => {
  it('CADENCE-101: braces every 6 weeks and aligners every 10 by default', () => {
    expect(adjustmentIntervalWeeks({ type: 'comprehensive', appliance: 'metal-braces' }, undefined)).toBe(6);
    expect(adjustmentIntervalWeeks({ type: 'aligners' }, undefined)).toBe(10);
    // A comprehensive case treated with aligners runs on the aligner interval.
    expect(adjustmentIntervalWeeks({ type: 'comprehensive', appliance: 'clear-aligners' }, {})).toBe(10);
  });

  it('CADENCE-101: the practice setting replaces the default per kind; the case’s own wins over both', () => {
    const practice = { braces: 5, aligners: 8 };
    expect(adjustmentIntervalWeeks({ type: 'phase-1' }, practice)).toBe(5);
    expect(adjustmentIntervalWeeks({ type: 'aligners' }, practice)).toBe(8);
    expect(adjustmentIntervalWeeks({ type: 'aligners', intervalWeeks: 9 }, practice)).toBe(9);
    expect(adjustmentIntervalWeeks({ type: 'aligners' }, { braces: 7 })).toBe(10);
  });

  it('CADENCE-101: only aligners count as aligners', () => {
    expect(applianceKindOf('limited', 'expander')).toBe('braces');
    expect(applianceKindOf('retention-only')).toBe('braces');
  });

  it('CADENCE-102: the next adjustment is due an interval after the last one, never in the past', () => {
    expect(nextAdjustmentDue('2026-03-02', 10, '2026-03-10')).toBe('2026-05-11');
    expect(nextAdjustmentDue('2026-01-05', 6, '2026-03-10')).toBe('2026-03-10');
  });

  it('reads the setting form with a message per bad field and leaves blanks to the default', () => {
    expect(readAdjustmentIntervals({ braces: '6', aligners: '' })).toEqual({
      value: { braces: 6 },
      errors: {},
    });
    expect(readAdjustmentIntervals({ braces: '3', aligners: 'ten' }).errors).toEqual({
      braces: 'At least 4 weeks',
      aligners: 'Enter a number of weeks',
    });
    expect(readAdjustmentIntervals({ braces: '6.5', aligners: '11' }).errors).toEqual({
      braces: 'Whole weeks',
      aligners: 'At most 10 weeks',
    });
  });

  it('RECOVER-101: patients in treatment or retention at their own interval, the shorter of two cases', () => {
    const items = [
      { patientId: 'a', status: 'started', type: 'aligners' as const },
      {
        patientId: 'a',
        status: 'retention',
        type: 'comprehensive' as const,
        appliance: 'metal-braces' as const,
      },
      { patientId: 'b', status: 'started', type: 'aligners' as const, adjustmentIntervalWeeks: 12 },
      { patientId: 'c', status: 'pending', type: 'comprehensive' as const },
      { patientId: 'd', status: 'started', type: 'aligners' as const },
    ];
    expect(activePatientsOf(items, { aligners: 9 }, (id) => id === 'd')).toEqual([
      { patientId: 'a', intervalWeeks: 6 },
      { patientId: 'b', intervalWeeks: 12 },
    ]);
  });
});
