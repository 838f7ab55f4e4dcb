/**
 * Free slots for a visit: "the next Tuesday afternoon with Dr. Lee". A slot is a start time, a
 * chair and a provider for which findConflicts would find nothing. Calling findConflicts for every
 * candidate would rescan every appointment thousands of times, so the appointments are indexed
 * once into each chair's busy time (sorted, disjoint) and each provider's load (how many of their
 * appointments are under way, as steps), and each candidate is a few binary searches. A provider
 * is free for a candidate when adding it keeps them within patientsAtOnce at every instant of it
 * (findConflicts' capacity rule).
 *
 * Candidates start on the wall-clock grid of the location's zone (every `stepMinutes` from local
 * midnight), so a 9:00 slot is 9:00 on both sides of a daylight-saving change.
 */
import { BOOKED_STATUSES, type Appointment } from './schedule.schema.ts';
import { isDoctor, type StaffMember } from '../identity/staff.schema.ts';
import {
  capacityOf,
  firstAbove,
  indexSetup,
  isClosedOn,
  loadOf,
  openSpans,
  wallSpans,
  withinOne,
  workWindows,
  worksAtLocation,
  type Interval,
  type Load,
  type ScheduleSetup,
  type SetupIndex,
} from './schedule-conflicts.ts';
import {
  dayBoundsMs,
  dayNumberOf,
  instantMsAt,
  localDateOfDayNumber,
  localDateOfMs,
  weekdayOf,
} from '../core/calendar.ts';

export type SlotQuery = {
  typeId: string;
  locationId: string;
  providerId?: string;
  patientId?: string;
  /** UTC ISO; the search starts here (rounded up to the step). */
  from: string;
  /** Default 8. */
  weeks?: number;
  /** Preferred weekdays (0 = Sunday); absent or empty = any. */
  weekdays?: readonly number[];
  /** Preferred local windows `HH:MM`; the whole visit must fit in one. Absent or empty = any. */
  times?: readonly { from: string; to: string }[];
  /** Default 15: slots start on multiples of this from local midnight. */
  stepMinutes?: number;
  /** Default 10. */
  limit?: number;
  /** Overrides the type's default length. */
  minutes?: number;
  /** The appointment being moved: its own time does not count as busy (as in findConflicts). */
  ignoreId?: string;
};

export type Slot = { start: string; chairId: string; providerId?: string };

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Busy time of one resource: disjoint, sorted, so ends are sorted too and can be searched. */
type Busy = { starts: number[]; ends: number[] };

function toBusy(intervals: Interval[]): Busy {
  intervals.sort((a, b) => a.start - b.start);
  const starts: number[] = [];
  const ends: number[] = [];
  for (const { start, end } of intervals) {
    const last = ends.length - 1;
    if (last >= 0 && start <= ends[last]!) ends[last] = Math.max(ends[last]!, end);
    else {
      starts.push(start);
      ends.push(end);
    }
  }
  return { starts, ends };
}

/** Whether [start, end) misses every busy interval: find the first one ending after `start`. */
function isFree(busy: Busy | undefined, start: number, end: number): boolean {
  if (!busy) return true;
  let lo = 0;
  let hi = busy.ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (busy.ends[mid]! <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo === busy.starts.length || busy.starts[lo]! >= end;
}

/**
 * The day's grid of start instants, earliest first. On a DST day two grid times can name the same
 * instant (2:15 and 3:15 in a spring gap) and the order can turn, so those days go through
 * instantMsAt one by one; other days are a straight line from midnight.
 */
function gridStarts(localDate: string, step: number, timeZone: string): number[] {
  const { start, end } = dayBoundsMs(localDate, timeZone);
  const starts: number[] = [];
  if (end - start === DAY) {
    for (let m = 0; m < 1440; m += step) starts.push(start + m * MINUTE);
    return starts;
  }
  for (let m = 0; m < 1440; m += step) starts.push(instantMsAt(localDate, m, timeZone));
  starts.sort((a, b) => a - b);
  return starts.filter((t, i) => i === 0 || t !== starts[i - 1]);
}

/**
 * Providers to try, in order: the one asked for; else those who see patients here, doctors only
 * when the visit needs one, and doctors last otherwise (keep them free for what needs them).
 * `[undefined]` when nobody is set up and the visit needs no doctor: such a booking has no
 * provider conflicts.
 */
function providerCandidates(
  query: SlotQuery,
  index: SetupIndex,
  needsDoctor: boolean,
): (string | undefined)[] {
  if (query.providerId !== undefined) {
    const provider = index.providers.get(query.providerId);
    return needsDoctor && !(provider && isDoctor(provider)) ? [] : [query.providerId];
  }
  const here = (p: StaffMember) =>
    worksAtLocation(index, p) &&
    (!p.workDays ||
      p.workDays.length === 0 ||
      p.workDays.some((d) => d.locationId === index.setup.locationId));
  const eligible = index.setup.providers.filter((p) => here(p) && (!needsDoctor || isDoctor(p)));
  if (eligible.length === 0) return needsDoctor ? [] : [undefined];
  const ordered = needsDoctor
    ? eligible
    : [...eligible.filter((p) => !isDoctor(p)), ...eligible.filter((p) => isDoctor(p))];
  return ordered.map((p) => p.id);
}

/** The first candidate free then; `{}` for the no-provider candidate, null when none is free. */
function freeProvider(
  candidates: readonly (string | undefined)[],
  isAvailable: (id: string) => boolean,
): { id?: string } | null {
  for (const id of candidates) {
    if (id === undefined) return {};
    if (isAvailable(id)) return { id };
  }
  return null;
}

/** Free slots, earliest first, at most `limit`, one chair and provider per start time. */
export function findAvailable(
  query: SlotQuery,
  appointments: readonly Appointment[],
  setup: ScheduleSetup,
): Slot[] {
  const index = indexSetup(setup);
  const type = index.types.get(query.typeId);
  const limit = query.limit ?? 10;
  if (!type || limit <= 0 || query.locationId !== setup.locationId) return [];
  const minutes = query.minutes ?? type.minutes;
  const step = query.stepMinutes ?? 15;
  const weeks = query.weeks ?? 8;
  if (!Number.isInteger(step) || step <= 0) throw new RangeError(`Not a step in minutes: ${step}`);
  if (!(minutes > 0)) throw new RangeError(`Not a length in minutes: ${minutes}`);
  const fromMs = Date.parse(query.from);
  if (Number.isNaN(fromMs)) throw new RangeError(`Not an instant: ${query.from}`);
  const zone = setup.timeZone;
  const length = minutes * MINUTE;

  const chairs = setup.chairs
    .filter((c) => c.active && c.locationId === setup.locationId)
    .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const providers = providerCandidates(query, index, type.needsDoctor);
  if (chairs.length === 0 || providers.length === 0) return [];

  const firstDay = dayNumberOf(localDateOfMs(fromMs, zone));
  const days = Math.max(0, Math.round(weeks * 7));
  const windowStart = instantMsAt(localDateOfDayNumber(firstDay), 0, zone);
  const windowEnd = instantMsAt(localDateOfDayNumber(firstDay + days), 0, zone) + length;

  const chairIds = new Set(chairs.map((c) => c.id));
  const providerIds = new Set(providers.filter((p) => p !== undefined));
  const byChair = new Map<string, Interval[]>();
  const byProvider = new Map<string, Interval[]>();
  // A provider counts each id once, its first booked record (as findConflicts does).
  const providerSeen = new Map<string, Set<string>>();
  const patientBusy: Interval[] = [];
  const push = (map: Map<string, Interval[]>, key: string, interval: Interval) => {
    const list = map.get(key);
    if (list) list.push(interval);
    else map.set(key, [interval]);
  };
  for (const a of appointments) {
    if (!BOOKED_STATUSES.has(a.status) || (query.ignoreId !== undefined && a.id === query.ignoreId)) continue;
    const start = Date.parse(a.start);
    if (Number.isNaN(start)) continue;
    let forProvider = false;
    if (a.providerId !== undefined && providerIds.has(a.providerId)) {
      let seen = providerSeen.get(a.providerId);
      if (!seen) providerSeen.set(a.providerId, (seen = new Set()));
      forProvider = !seen.has(a.id);
      seen.add(a.id);
    }
    const end = start + a.minutes * MINUTE;
    if (!(end > windowStart && start < windowEnd)) continue;
    const interval = { start, end };
    if (chairIds.has(a.chairId)) push(byChair, a.chairId, interval);
    if (forProvider) push(byProvider, a.providerId!, interval);
    if (query.patientId !== undefined && a.patientId === query.patientId) patientBusy.push(interval);
  }
  const chairBusy = new Map([...byChair].map(([id, list]) => [id, toBusy(list)]));
  const providerLoad = new Map<string, { load: Load; capacity: number }>(
    [...byProvider].map(([id, list]) => [id, { load: loadOf(list), capacity: capacityOf(index, id) }]),
  );
  const patient = toBusy(patientBusy);

  const weekdays = query.weekdays && query.weekdays.length > 0 ? new Set(query.weekdays) : null;
  const times = query.times && query.times.length > 0 ? query.times : null;
  const slots: Slot[] = [];
  for (let d = 0; d < days; d++) {
    const date = localDateOfDayNumber(firstDay + d);
    if (isClosedOn(index, date) || (weekdays && !weekdays.has(weekdayOf(date)))) continue;
    const spans = openSpans(index, date);
    const preferred = times ? wallSpans(date, times, zone) : null;
    for (const start of gridStarts(date, step, zone)) {
      const end = start + length;
      if (start < fromMs || !withinOne(spans, start, end)) continue;
      if (preferred && !withinOne(preferred, start, end)) continue;
      if (!isFree(patient, start, end)) continue;
      const chair = chairs.find((c) => isFree(chairBusy.get(c.id), start, end));
      if (!chair) continue;
      const provider = freeProvider(providers, (id) => {
        const work = workWindows(index, id, date);
        if (work !== null && !withinOne(work, start, end)) return false;
        const busy = providerLoad.get(id);
        // Free when the provider has fewer than their capacity under way throughout.
        return !busy || firstAbove(busy.load, busy.capacity - 1, start, end) === undefined;
      });
      if (!provider) continue;
      const slot: Slot = { start: new Date(start).toISOString(), chairId: chair.id };
      if (provider.id !== undefined) slot.providerId = provider.id;
      slots.push(slot);
      if (slots.length >= limit) return slots;
    }
  }
  return slots;
}
