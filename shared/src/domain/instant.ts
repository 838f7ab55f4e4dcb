/** Instants are stored in UTC and shown in the practice's time zone, never the device's. */
import { zoneFormatter } from './zone-format.ts';
import { instantAt, offsetMinutesAt } from './schedule-time.ts';

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
