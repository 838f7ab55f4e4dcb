// KPI-3: ratios and averages are whole numbers until shown, and rounded half up when they are.
import { describe, expect, it } from 'vitest';
import { averageCentsHalfUp, ratioPercentHalfUp } from './kpi-result.ts';

describe('rounding of shown figures', () => {
  it('KPI-3: a ratio shows as a whole percent rounded half up, and as nothing when there is no denominator', () => {
    expect(ratioPercentHalfUp({ numerator: 1, denominator: 8 })).toBe(13); // 12.5 → 13
    expect(ratioPercentHalfUp({ numerator: 1, denominator: 200 })).toBe(1); // 0.5 → 1
    expect(ratioPercentHalfUp({ numerator: 1, denominator: 201 })).toBe(0); // 0.497 → 0
    expect(ratioPercentHalfUp({ numerator: 2, denominator: 3 })).toBe(67);
    expect(ratioPercentHalfUp({ numerator: 3, denominator: 3 })).toBe(100);
    expect(ratioPercentHalfUp({ numerator: 0, denominator: 0 })).toBeNull();
  });

  it('KPI-3: an average amount is rounded half up to the cent', () => {
    expect(averageCentsHalfUp({ totalCents: 1, count: 2 })).toBe(1); // 0.5¢ → 1¢
    expect(averageCentsHalfUp({ totalCents: 10, count: 3 })).toBe(3); // 3.33¢ → 3¢
    expect(averageCentsHalfUp({ totalCents: 20, count: 3 })).toBe(7); // 6.67¢ → 7¢
    expect(averageCentsHalfUp({ totalCents: 0, count: 0 })).toBeNull();
  });
});
