/**
 * Money as integer cents (MONEY-1 to MONEY-3): formatting for people and reading what people
 * type. Never a float of money: every division is explicit and its rounding rule is named.
 * Payment plans are the plan engine's (billing/payment-plan.ts, PLAN-101).
 */
import { err, ok, type Result } from './result.ts';

/** The largest amount anywhere in the app: $1,000,000.00 (the `Cents` schema's maximum). */
export const MAX_CENTS = 100_000_000;

/**
 * `580000` → `$5,800.00`; negatives as `-$12.50` with an ASCII hyphen-minus, not U+2212:
 * these strings go into emails, texts and signed terms, where plain ASCII survives every
 * client and font. Written by hand rather than with Intl so every device (and every ICU
 * version) gives the same characters: signed terms are hashed.
 */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`Not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Reads a dollar amount typed by a person into cents: `5800`, `5,800`, `$5,800.50`, ` 12.5 `,
 * `.75`. Commas must group thousands (`58,00` is refused: elsewhere it means 58.00). Amounts are
 * never negative here; a refund or credit is its own kind of entry.
 */
export function parseDollars(input: string): Result<number, string> {
  const text = input.trim();
  if (text === '') return err('Enter an amount');
  if (/^[-−(]|^\$\s*-/.test(text)) return err('Cannot be negative');
  const match = /^\$?\s*(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) {
    if (/^\$?\s*\d[\d,]*(?:\.\d*)?$/.test(text))
      return err('Use commas only between thousands, like 5,800.00');
    return err('Enter an amount in dollars, like 5,800.00');
  }
  const whole = (match[1] ?? '').replaceAll(',', '').replace(/^0+(?=\d)/, '');
  const fraction = match[2] ?? '';
  if (fraction.length > 2) return err('At most 2 decimal places (cents)');
  // More than 7 whole digits is over the limit; checking length first keeps Number exact.
  if (whole.length > 7) return err(`At most ${formatCents(MAX_CENTS)}`);
  const cents = Number(whole || '0') * 100 + Number(fraction.padEnd(2, '0'));
  if (cents > MAX_CENTS) return err(`At most ${formatCents(MAX_CENTS)}`);
  return ok(cents);
}
