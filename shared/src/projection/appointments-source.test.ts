import { describe, expect, it } from 'vitest';
import { appointmentsKey, bookWindowKeys } from './appointments-source.ts';

describe('the book window', () => {
  it('PROJ-6: covers the Mondays from three months back to six months ahead at every location', () => {
    // 2026-11-25 is a Wednesday: 92 days back is Tue 2026-08-25 (week of Mon 08-24), 183 days
    // ahead is Fri 2027-05-27 (week of Mon 05-24).
    const keys = bookWindowKeys(['loc_a', 'loc_b'], '2026-11-25');
    const atA = keys.filter((k) => k.startsWith('loc_a/'));
    expect(atA[0]).toBe(appointmentsKey('loc_a', '2026-08-24'));
    expect(atA.at(-1)).toBe(appointmentsKey('loc_a', '2027-05-24'));
    expect(new Set(atA).size).toBe(atA.length);
    expect(keys.filter((k) => k.startsWith('loc_b/'))).toEqual(atA.map((k) => k.replace('loc_a/', 'loc_b/')));
    expect(keys.length).toBe(2 * atA.length);
  });

  it('reads nothing without a location', () => {
    expect(bookWindowKeys([], '2026-11-25')).toEqual([]);
  });
});
