import { describe, expect, it } from 'vitest';
import { MAX_CENTS, formatCents, parseDollars } from './money.ts';

/** Small deterministic PRNG (mulberry32): fast-check is not a dependency of shared. */
function random(seed: number): (max: number) => number {
  let a = seed;
  return (max) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (max + 1));
  };
}

describe('MONEY-2: formatting cents', () => {
  it('shows dollars with thousands separators and two decimals', () => {
    expect(formatCents(580000)).toBe('$5,800.00');
    expect(formatCents(0)).toBe('$0.00');
    expect(formatCents(5)).toBe('$0.05');
    expect(formatCents(99)).toBe('$0.99');
    expect(formatCents(100)).toBe('$1.00');
    expect(formatCents(31666)).toBe('$316.66');
    expect(formatCents(100_000_000)).toBe('$1,000,000.00');
    expect(formatCents(123456789012)).toBe('$1,234,567,890.12');
  });

  it('puts an ASCII minus before the dollar sign for negatives', () => {
    expect(formatCents(-1250)).toBe('-$12.50');
    expect(formatCents(-5)).toBe('-$0.05');
  });

  it('refuses fractions of a cent', () => {
    expect(() => formatCents(12.5)).toThrow(RangeError);
    expect(() => formatCents(Number.NaN)).toThrow(RangeError);
  });
});

describe('MONEY-3: reading typed dollar amounts', () => {
  it('accepts the ways people type an amount', () => {
    expect(parseDollars('5800')).toEqual({ ok: true, value: 580000 });
    expect(parseDollars('5,800')).toEqual({ ok: true, value: 580000 });
    expect(parseDollars('$5,800.50')).toEqual({ ok: true, value: 580050 });
    expect(parseDollars(' 12.5 ')).toEqual({ ok: true, value: 1250 });
    expect(parseDollars('$ 12')).toEqual({ ok: true, value: 1200 });
    expect(parseDollars('.75')).toEqual({ ok: true, value: 75 });
    expect(parseDollars('12.')).toEqual({ ok: true, value: 1200 });
    expect(parseDollars('0')).toEqual({ ok: true, value: 0 });
    expect(parseDollars('007.10')).toEqual({ ok: true, value: 710 });
    expect(parseDollars('1,000,000')).toEqual({ ok: true, value: MAX_CENTS });
  });

  it('reads back what it formats', () => {
    const next = random(7);
    for (let i = 0; i < 500; i += 1) {
      const cents = next(MAX_CENTS);
      expect(parseDollars(formatCents(cents))).toEqual({ ok: true, value: cents });
    }
  });

  it('asks for an amount when there is none', () => {
    expect(parseDollars('')).toEqual({ ok: false, error: 'Enter an amount' });
    expect(parseDollars('   ')).toEqual({ ok: false, error: 'Enter an amount' });
  });

  it('refuses letters and other non-amounts', () => {
    const message = { ok: false, error: 'Enter an amount in dollars, like 5,800.00' };
    for (const typed of ['abc', '12a', '$', '.', '5 800', '12.34.5', 'USD 5', '5800$', '1e5']) {
      expect(parseDollars(typed), typed).toEqual(message);
    }
  });

  it('refuses commas that do not group thousands', () => {
    for (const typed of ['58,00', '1,2345', '12,34.5']) {
      expect(parseDollars(typed), typed).toEqual({
        ok: false,
        error: 'Use commas only between thousands, like 5,800.00',
      });
    }
  });

  it('refuses negative amounts', () => {
    for (const typed of ['-5', '−5', '$-5', '(5.00)']) {
      expect(parseDollars(typed), typed).toEqual({ ok: false, error: 'Cannot be negative' });
    }
  });

  it('refuses fractions of a cent', () => {
    expect(parseDollars('12.505')).toEqual({ ok: false, error: 'At most 2 decimal places (cents)' });
  });

  it('refuses more than a million dollars', () => {
    const tooLarge = { ok: false, error: 'At most $1,000,000.00' };
    expect(parseDollars('1,000,000.01')).toEqual(tooLarge);
    expect(parseDollars('2000000')).toEqual(tooLarge);
    expect(parseDollars('99999999999999999999999')).toEqual(tooLarge);
  });
});
