/**
 * Calendar dates without a time zone (`YYYY-MM-DD`): birthdays, due dates.
 * Pure functions on strings and integers; no Date objects leak out, so nothing
 * shifts a day when the device's time zone differs from the practice's.
 */
import { zoneFormatter } from './zone-format.ts';

export type LocalDateParts = { year: number; month: number; day: number };

export function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function splitLocalDate(value: string): LocalDateParts | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return null;
  }
  return { year, month, day };
}

export function isValidLocalDate(value: string): boolean {
  return splitLocalDate(value) !== null;
}

export function formatLocalDate({ year, month, day }: LocalDateParts): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Reads a date typed by a person. Accepts ISO (`2012-03-04`) and US order
 * (`3/4/2012`, `03-04-2012`, `03042012`). Two-digit years are not accepted:
 * for birthdays they are ambiguous (1912 or 2012).
 */
export function parseLocalDateInput(input: string): string | null {
  const text = input.trim();
  if (isValidLocalDate(text)) return text;
  const us = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(text);
  if (!us) return null;
  const candidate = formatLocalDate({ year: Number(us[3]), month: Number(us[1]), day: Number(us[2]) });
  return isValidLocalDate(candidate) ? candidate : null;
}

/** Whole years between a birthday and a date (age on that date). Feb 29 birthdays turn a year older on Mar 1 in common years. */
export function ageOn(dateOfBirth: string, on: string): number | null {
  const birth = splitLocalDate(dateOfBirth);
  const day = splitLocalDate(on);
  if (!birth || !day) return null;
  let age = day.year - birth.year;
  if (day.month < birth.month || (day.month === birth.month && day.day < birth.day)) age -= 1;
  return age;
}

/** Compares two local dates; negative when a is earlier. */
export function compareLocalDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The calendar date of an instant in a time zone (e.g. "today" at the practice). */
export function localDateInZone(instant: Date, timeZone: string): string {
  const parts = zoneFormatter('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** `2012-03-04` → `03/04/2012` (the US order the practices use on paper). */
export function displayLocalDate(value: string): string {
  const parts = splitLocalDate(value);
  if (!parts) return value;
  return `${String(parts.month).padStart(2, '0')}/${String(parts.day).padStart(2, '0')}/${parts.year}`;
}
