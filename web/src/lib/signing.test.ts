import { describe, expect, it } from 'vitest';
import { acceptMoves, defaultSignerRole, signedName } from './signing.ts';

describe('accepting an option', () => {
  it('marks a recommended case presented before accepting', () => {
    expect(acceptMoves('recommended', 'opt_a', undefined)).toEqual(['pending', 'accepted']);
  });

  it('accepts a pending case directly', () => {
    expect(acceptMoves('pending', 'opt_a', undefined)).toEqual(['accepted']);
  });

  it('steps back to pending when an accepted case switches option, and does nothing for the same one', () => {
    expect(acceptMoves('accepted', 'opt_b', 'opt_a')).toEqual(['pending', 'accepted']);
    expect(acceptMoves('accepted', 'opt_a', 'opt_a')).toEqual([]);
  });

  it('is not offered before the recommendation or once treatment has started', () => {
    expect(acceptMoves('exam', 'opt_a', undefined)).toBeNull();
    expect(acceptMoves('started', 'opt_a', 'opt_a')).toBeNull();
  });
});

describe('wording and defaults', () => {
  it('signs with the legal name, not the preferred one', () => {
    expect(signedName({ firstName: 'Emma', lastName: 'Rivera' })).toBe('Emma Rivera');
  });

  it('expects an adult patient to sign for themselves and a parent otherwise', () => {
    expect(defaultSignerRole('2000-01-01', '2026-03-01')).toBe('patient');
    expect(defaultSignerRole('2014-06-01', '2026-03-01')).toBe('parent');
    expect(defaultSignerRole(undefined, '2026-03-01')).toBe('parent');
  });
});
