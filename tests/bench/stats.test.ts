import { describe, expect, it } from 'vitest';
import { median, percentile } from './stats.ts';

describe('benchmark statistics', () => {
  it('take the nearest-rank percentile', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(median(samples)).toBe(5);
    expect(percentile(samples, 95)).toBe(10);
    expect(percentile(samples, 10)).toBe(1);
  });

  it('say NaN for no samples rather than inventing a number', () => {
    expect(median([])).toBeNaN();
  });
});
