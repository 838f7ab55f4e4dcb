import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FOLLOW_UP_CADENCE,
  cadenceOf,
  followUpDue,
  followUpState,
  nextFollowUp,
} from './follow-up.ts';
import { addDays, daysBetween } from '../core/calendar.ts';

const cadence = DEFAULT_FOLLOW_UP_CADENCE;
const presented = '2026-11-02';

describe('CAL-1: calendar arithmetic', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-30', 5)).toBe('2027-01-04');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-05-05', 0)).toBe('2026-05-05');
  });

  it('is not moved by daylight-saving changes', () => {
    // US clocks change on 2026-03-08 and 2026-11-01; Europe on 2026-03-29 and 2026-10-25.
    expect(addDays('2026-03-07', 1)).toBe('2026-03-08');
    expect(addDays('2026-03-07', 2)).toBe('2026-03-09');
    expect(addDays('2026-10-31', 2)).toBe('2026-11-02');
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
    expect(daysBetween('2026-10-01', '2026-11-30')).toBe(60);
  });

  it('counts whole days between dates, negative backwards', () => {
    expect(daysBetween('2026-11-02', '2026-11-02')).toBe(0);
    expect(daysBetween('2026-11-02', '2026-11-04')).toBe(2);
    expect(daysBetween('2026-11-04', '2026-11-02')).toBe(-2);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('undoes itself: adding the days between two dates lands on the second', () => {
    const dates = ['2024-02-29', '2026-03-08', '1999-12-31', '2026-11-01', '2030-07-15'];
    for (const a of dates) for (const b of dates) expect(addDays(a, daysBetween(a, b))).toBe(b);
  });

  it('throws on a date that is not a calendar date (a bug, not input)', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => daysBetween('yesterday', '2026-01-01')).toThrow(RangeError);
    expect(() => addDays('2026-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('FUP-1: the practice cadence', () => {
  it('defaults to 2, 5 and 10 days, then every 30', () => {
    expect(cadenceOf(null)).toEqual({ days: [2, 5, 10], thenEveryDays: 30 });
    expect(cadenceOf({})).toEqual({ days: [2, 5, 10], thenEveryDays: 30 });
  });

  it('uses what the practice set, each part on its own', () => {
    expect(cadenceOf({ followUpCadenceDays: [1, 3], followUpThenEveryDays: 14 })).toEqual({
      days: [1, 3],
      thenEveryDays: 14,
    });
    expect(cadenceOf({ followUpThenEveryDays: 14 })).toEqual({ days: [2, 5, 10], thenEveryDays: 14 });
    expect(cadenceOf({ followUpCadenceDays: [3] })).toEqual({ days: [3], thenEveryDays: 30 });
  });

  it('falls back to the default days when the list is empty', () => {
    expect(cadenceOf({ followUpCadenceDays: [] }).days).toEqual([2, 5, 10]);
  });
});

describe('FUP-2: planned follow-up dates', () => {
  it('plans the first follow-ups on the cadence days after the presentation', () => {
    expect(followUpDue(cadence, presented, 0)).toBe('2026-11-04');
    expect(followUpDue(cadence, presented, 1)).toBe('2026-11-07');
    expect(followUpDue(cadence, presented, 2)).toBe('2026-11-12');
  });

  it('then plans one every thenEveryDays after the last cadence day', () => {
    expect(followUpDue(cadence, presented, 3)).toBe('2026-12-12');
    expect(followUpDue(cadence, presented, 4)).toBe('2027-01-11');
    expect(followUpDue({ days: [7], thenEveryDays: 7 }, presented, 5)).toBe(addDays(presented, 42));
  });

  it('refuses a negative or fractional step', () => {
    expect(() => followUpDue(cadence, presented, -1)).toThrow(RangeError);
    expect(() => followUpDue(cadence, presented, 0.5)).toThrow(RangeError);
  });
});

describe('FUP-3: the next follow-up after one is done', () => {
  it('keeps the planned date when the follow-up was done on time', () => {
    expect(nextFollowUp(cadence, presented, 0, '2026-11-04')).toEqual({ step: 1, due: '2026-11-07' });
    expect(nextFollowUp(cadence, presented, 1, '2026-11-07')).toEqual({ step: 2, due: '2026-11-12' });
  });

  it('keeps the planned date when the follow-up was done early', () => {
    expect(nextFollowUp(cadence, presented, 0, '2026-11-02')).toEqual({ step: 1, due: '2026-11-07' });
  });

  it('pushes the next one out by its gap when the follow-up was done late', () => {
    // Step 0 planned Nov 4, done Nov 6: step 1 (planned Nov 7, 3 days after step 0) moves to Nov 9.
    expect(nextFollowUp(cadence, presented, 0, '2026-11-06')).toEqual({ step: 1, due: '2026-11-09' });
    // Done long after the next was planned: still a full gap (5 days) after the call.
    expect(nextFollowUp(cadence, presented, 1, '2026-11-20')).toEqual({ step: 2, due: '2026-11-25' });
  });

  it('switches to the monthly-style interval after the cadence days', () => {
    expect(nextFollowUp(cadence, presented, 2, '2026-11-12')).toEqual({ step: 3, due: '2026-12-12' });
    expect(nextFollowUp(cadence, presented, 3, '2026-12-12')).toEqual({ step: 4, due: '2027-01-11' });
    expect(nextFollowUp(cadence, presented, 3, '2026-12-20')).toEqual({ step: 4, due: '2027-01-19' });
  });

  it('never schedules the next one on or before the day the last was done', () => {
    const cadences = [cadence, { days: [1], thenEveryDays: 1 }, { days: [1, 2, 3], thenEveryDays: 60 }];
    for (const c of cadences) {
      for (let step = 0; step < 8; step += 1) {
        for (const late of [-5, 0, 1, 3, 45]) {
          const done = addDays(followUpDue(c, presented, step), late);
          const next = nextFollowUp(c, presented, step, done);
          expect(next.step).toBe(step + 1);
          expect(daysBetween(done, next.due)).toBeGreaterThanOrEqual(1);
          expect(next.due >= followUpDue(c, presented, step + 1)).toBe(true);
        }
      }
    }
  });

  it('keeps at least one day even for a cadence with a repeated day', () => {
    expect(nextFollowUp({ days: [3, 3], thenEveryDays: 30 }, presented, 0, '2026-11-05')).toEqual({
      step: 1,
      due: '2026-11-06',
    });
  });
});

describe('FUP-4: follow-up state', () => {
  it('is overdue before today, today on the day, upcoming after', () => {
    expect(followUpState('2026-11-03', '2026-11-04')).toBe('overdue');
    expect(followUpState('2026-11-04', '2026-11-04')).toBe('today');
    expect(followUpState('2026-11-05', '2026-11-04')).toBe('upcoming');
    expect(followUpState('2025-12-31', '2026-01-01')).toBe('overdue');
  });
});
