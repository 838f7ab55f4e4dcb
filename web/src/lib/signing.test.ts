import { describe, expect, it } from 'vitest';
import { acceptMoves } from './signing.ts';

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
