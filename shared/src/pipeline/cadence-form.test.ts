import { describe, expect, it } from 'vitest';
import { readCadenceForm } from './cadence-form.ts';

describe('FUP-1: the follow-up cadence setting', () => {
  it('reads days typed with commas or spaces', () => {
    expect(readCadenceForm('2, 5 10', '30').value).toEqual({
      followUpCadenceDays: [2, 5, 10],
      followUpThenEveryDays: 30,
    });
  });

  it('refuses days out of order, fractions and empty input with a reason', () => {
    expect(readCadenceForm('5, 2', '30').errors.days).toBe('Each follow-up must come after the previous one');
    expect(readCadenceForm('2.5', '30').errors.days).toBe('Whole days, separated by commas');
    expect(readCadenceForm('', '30').errors.days).toMatch(/At least one/);
    expect(readCadenceForm('2, 400', '30').errors.days).toBe('Each day between 1 and 365');
  });

  it('refuses a repeat interval that is not a whole number of days', () => {
    expect(readCadenceForm('2', '0').errors.then).toBe('Between 1 and 365 days');
    expect(readCadenceForm('2', 'monthly').value).toBeUndefined();
  });
});
