/**
 * The calendar: the one module for dates, instants and time zones.
 *
 * - Local dates are `YYYY-MM-DD` strings (birthdays, due dates, the day of a visit): no Date object
 *   leaks out, so nothing shifts a day when the device's zone differs from the practice's.
 * - Instants are UTC ISO strings, shown in the practice's (or location's) zone, never the device's.
 * - Times of day are minutes 0–1439 on a location's wall clock.
 *
 * Day arithmetic goes through one day-number implementation (days since 1970-01-01, integer
 * arithmetic, cached), and zone offsets are derived once per zone and UTC day and cached, because
 * the appointment book converts thousands of times per render.
 */

// ─── Formatters ───

/** The months in English, January first, for dates written out in words. */
export const MONTH_NAMES: readonly string[] = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const cache = new Map<string, Intl.DateTimeFormat>();

export function zoneFormatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let formatter = cache.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, options);
    cache.set(key, formatter);
  }
  return formatter;
}

// ─── Local dates ───

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
  // Through the cached offsets: lists call this once per row, and Intl costs microseconds a call.
  return localDateOfMs(instant.getTime(), timeZone);
}

/** `2012-03-04` → `03/04/2012` (the US order the practices use on paper). */
export function displayLocalDate(value: string): string {
  const parts = splitLocalDate(value);
  if (!parts) return value;
  return `${String(parts.month).padStart(2, '0')}/${String(parts.day).padStart(2, '0')}/${parts.year}`;
}

// ─── Zones, day numbers and times of day ───
// Asking Intl for an offset costs microseconds, so offsets are derived once per zone and UTC day
// and cached; a lookup is then two Map reads.

const MINUTE = 60_000;
const DAY = 86_400_000;
/** A cache that outgrows this is cleared rather than grown: it only holds cheap derived values. */
const CACHE_LIMIT = 50_000;

/** The offset of a zone over one UTC day: `before` until the instant `at`, `after` from it. */
type DayOffsets = { before: number; after: number; at: number };

const offsetsByZone = new Map<string, Map<number, DayOffsets>>();
const dayNumbers = new Map<string, number>();
const dayStrings = new Map<number, string>();

/** The zone's offset from UTC at an instant, in minutes, from Intl (slow: microseconds). */
function intlOffset(ms: number, timeZone: string): number {
  const parts = zoneFormatter('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(ms));
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of parts) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
    else if (part.type === 'second') second = Number(part.value);
  }
  const wall = daysFromCivil(year, month, day) * DAY + ((hour * 60 + minute) * 60 + second) * 1000;
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / MINUTE);
}

/**
 * Offsets over a UTC day. Zones change offset at most once in any day, so comparing both ends
 * finds every change, and a binary search to the minute places it.
 */
function utcDayOffsets(utcDay: number, timeZone: string): DayOffsets {
  let days = offsetsByZone.get(timeZone);
  if (!days) {
    days = new Map();
    offsetsByZone.set(timeZone, days);
  }
  const known = days.get(utcDay);
  if (known) return known;
  const start = utcDay * DAY;
  const before = intlOffset(start, timeZone);
  const after = intlOffset(start + DAY, timeZone);
  let at = Infinity;
  if (before !== after) {
    let lo = start;
    let hi = start + DAY;
    while (hi - lo > MINUTE) {
      const mid = lo + Math.floor((hi - lo) / MINUTE / 2) * MINUTE;
      if (intlOffset(mid, timeZone) === before) lo = mid;
      else hi = mid;
    }
    at = hi;
  }
  const offsets = { before, after, at };
  if (days.size >= CACHE_LIMIT) days.clear();
  days.set(utcDay, offsets);
  return offsets;
}

/** The zone's offset from UTC at an instant (ms), in minutes: -360 for Chicago in winter. */
export function offsetMinutesAt(ms: number, timeZone: string): number {
  const offsets = utcDayOffsets(Math.floor(ms / DAY), timeZone);
  return ms < offsets.at ? offsets.before : offsets.after;
}

// Days since 1970-01-01 of a proleptic Gregorian date and back (H. Hinnant's algorithms): integer
// arithmetic, valid for every year, and no Date objects.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Days since 1970-01-01 of a local date. Throws on text that is not a date: a bug upstream. */
export function dayNumberOf(localDate: string): number {
  const known = dayNumbers.get(localDate);
  if (known !== undefined) return known;
  const parts = splitLocalDate(localDate);
  if (!parts) throw new RangeError(`Not a local date: ${localDate}`);
  const n = daysFromCivil(parts.year, parts.month, parts.day);
  if (dayNumbers.size >= CACHE_LIMIT) dayNumbers.clear();
  dayNumbers.set(localDate, n);
  return n;
}

/** The local date `n` days after 1970-01-01. */
export function localDateOfDayNumber(n: number): string {
  const known = dayStrings.get(n);
  if (known !== undefined) return known;
  const { year, month, day } = civilFromDays(n);
  const text = `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
  if (dayStrings.size >= CACHE_LIMIT) dayStrings.clear();
  dayStrings.set(n, text);
  return text;
}

function parseInstant(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`Not an instant: ${iso}`);
  return ms;
}

/** Milliseconds since the epoch of an instant's wall clock read as if it were UTC. */
function wallMs(ms: number, timeZone: string): number {
  return ms + offsetMinutesAt(ms, timeZone) * MINUTE;
}

/** The local date of an instant (ms) in a zone. */
export function localDateOfMs(ms: number, timeZone: string): string {
  return localDateOfDayNumber(Math.floor(wallMs(ms, timeZone) / DAY));
}

/** The local date of an instant in a zone: `2026-03-09T04:30:00.000Z` is 2026-03-08 in Chicago. */
export function localDateOf(iso: string, timeZone: string): string {
  return localDateOfMs(parseInstant(iso), timeZone);
}

/** The wall-clock minute of the day (0–1439) of an instant (ms) in a zone. */
export function minuteOfDayMs(ms: number, timeZone: string): number {
  const wall = wallMs(ms, timeZone);
  return Math.floor((wall - Math.floor(wall / DAY) * DAY) / MINUTE);
}

/** The wall-clock minute of the day (0–1439) of an instant in a zone. */
export function minuteOfDay(iso: string, timeZone: string): number {
  return minuteOfDayMs(parseInstant(iso), timeZone);
}

/**
 * The instant (ms) of a wall-clock minute on a local date; `minute` may run past 1439 into the
 * next days. Same choices as instantFromLocal: a time skipped by a DST change is moved forward
 * by the gap, a repeated one takes its first occurrence.
 */
export function instantMsAt(localDate: string, minute: number, timeZone: string): number {
  const wall = dayNumberOf(localDate) * DAY + minute * MINUTE;
  // The instant lies within a day of the wall time read as UTC (offsets are under 15 hours), and
  // a zone changes offset at most once in two days, so these are the only two offsets possible.
  const early = offsetMinutesAt(wall - DAY, timeZone);
  const late = offsetMinutesAt(wall + DAY, timeZone);
  const first = wall - early * MINUTE;
  if (early === late) return first;
  if (offsetMinutesAt(first, timeZone) === early) return first;
  const second = wall - late * MINUTE;
  if (offsetMinutesAt(second, timeZone) === late) return second;
  // Neither reading exists (the spring gap): the old offset lands the gap's length later.
  return first;
}

/** The UTC instant of a wall-clock minute on a local date in a zone (see instantMsAt). */
export function instantAt(localDate: string, minute: number, timeZone: string): string {
  return new Date(instantMsAt(localDate, minute, timeZone)).toISOString();
}

/** A local day as instants (ms): [start, end), 23 or 25 hours long on DST days. */
export function dayBoundsMs(localDate: string, timeZone: string): { start: number; end: number } {
  const n = dayNumberOf(localDate);
  return {
    start: instantMsAt(localDate, 0, timeZone),
    end: instantMsAt(localDateOfDayNumber(n + 1), 0, timeZone),
  };
}

/** A local day as UTC instants: [start of the day, start of the next day). */
export function dayBounds(localDate: string, timeZone: string): { start: string; end: string } {
  const { start, end } = dayBoundsMs(localDate, timeZone);
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}

/** The local date `n` days after `date` (before it when negative). Throws on an invalid date: a bug. */
export function addDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`Not a whole number of days: ${n}`);
  return localDateOfDayNumber(dayNumberOf(date) + n);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumberOf(to) - dayNumberOf(from);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(localDate: string): number {
  // 1970-01-01 was a Thursday.
  return (((dayNumberOf(localDate) + 4) % 7) + 7) % 7;
}

/** The Monday of the week a date is in (weeks run Monday to Sunday in the week view). */
export function weekStart(localDate: string): string {
  return addDays(localDate, -((weekdayOf(localDate) + 6) % 7));
}

/** `08:30` → 510. `24:00` is accepted as the end of the day (1440). Throws on anything else. */
export function parseLocalTime(hhmm: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  const hours = match ? Number(match[1]) : NaN;
  const minutes = match ? Number(match[2]) : NaN;
  if (!(hours <= 23 && minutes <= 59) && !(hours === 24 && minutes === 0)) {
    throw new RangeError(`Not a time of day: ${hhmm}`);
  }
  return hours * 60 + minutes;
}

/** 510 → `08:30`; 1440 → `24:00`. */
export function formatLocalTime(minute: number): string {
  if (!Number.isInteger(minute) || minute < 0 || minute > 1440) {
    throw new RangeError(`Not a minute of the day: ${minute}`);
  }
  return `${pad2(Math.floor(minute / 60))}:${pad2(minute % 60)}`;
}

function clock12(minute: number): { text: string; pm: boolean } {
  const m = ((minute % 1440) + 1440) % 1440;
  const hours = Math.floor(m / 60);
  return { text: `${hours % 12 === 0 ? 12 : hours % 12}:${pad2(m % 60)}`, pm: hours >= 12 };
}

/** 510 → `8:30 AM`, 780 → `1:00 PM`: how the practice reads times (US clock). */
export function displayLocalTime(minute: number): string {
  const { text, pm } = clock12(minute);
  return `${text} ${pm ? 'PM' : 'AM'}`;
}

/** `9:00–9:30 AM`, or `11:30 AM–12:15 PM` when the range crosses noon. */
export function displayTimeRange(from: number, to: number): string {
  const start = clock12(from);
  const end = clock12(to);
  const endText = `${end.text} ${end.pm ? 'PM' : 'AM'}`;
  return start.pm === end.pm ? `${start.text}–${endText}` : `${displayLocalTime(from)}–${endText}`;
}

/**
 * The weeks (their Mondays, `YYYY-MM-DD`) from one date to another, both included: the schedule
 * documents a range of days needs (one per location and week).
 */
export function weeksCovering(fromDate: string, toDate: string): string[] {
  const weeks: string[] = [];
  const last = weekStart(toDate);
  for (let week = weekStart(fromDate); week <= last; week = addDays(week, 7)) weeks.push(week);
  return weeks;
}

// ─── Instants ───

/** Instants are stored in UTC and shown in the practice's time zone, never the device's. */

export function displayInstant(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return zoneFormatter('en-US', {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(date);
}

/** "just now", "5 min ago", "3 h ago", "2 days ago": for sync status and recent edits. */
export function timeAgo(iso: string, nowMs: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  const seconds = Math.max(0, Math.round((nowMs - then) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 36) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

/**
 * The UTC instant of a wall-clock time at the practice (`2026-12-01T09:00` in America/Chicago),
 * for inputs people type in local time. A time that does not exist (skipped by a DST change) is
 * moved forward by the gap; an ambiguous one (repeated) takes the first occurrence. Returns null
 * for text that is not a date and time.
 */
export function instantFromLocal(local: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  if (new Date(wall).getUTCDate() !== d) return null;
  // The appointment book's conversion: cached per zone and day, first occurrence of a repeated
  // hour in every zone (east of UTC too), a skipped time moved forward by the gap.
  return instantAt(local.slice(0, 10), h * 60 + mi, timeZone);
}

/** An instant as the value of a `datetime-local` input in the practice's time zone. */
export function localInputValue(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const shifted = new Date(ms + offsetMinutesAt(ms, timeZone) * 60_000);
  return shifted.toISOString().slice(0, 16);
}
