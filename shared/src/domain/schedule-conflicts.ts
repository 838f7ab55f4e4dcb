/**
 * What is wrong with a booking: a chair, patient or provider already taken, a provider who is not
 * working then, a visit that needs a doctor, a time the location is not open. Nothing refuses a
 * booking: the screen shows these and asks for an override reason. Two devices booking the same
 * chair offline both keep their appointment, so conflictsByAppointment flags both after sync.
 *
 * Messages are for the coordinator and name chairs, providers and times, never patients: they may
 * be logged or shown on a shared screen, so the screen adds patient names itself.
 *
 * Overlap is by instants, half-open [start, start + minutes); hours and work days are wall-clock
 * times of the booking's local date in the location's zone, converted to instants for that date,
 * so a DST change moves nothing.
 */
import {
  BOOKED_STATUSES,
  ConflictKind,
  WEEKDAY_LABELS,
  type Appointment,
  type AppointmentType,
  type Chair,
  type WeeklyHours,
} from '../schemas/schedule.ts';
import type { StaffMember } from '../schemas/staff.ts';
import { displayLocalDate } from './local-date.ts';
import {
  displayTimeRange,
  instantMsAt,
  localDateOfMs,
  minuteOfDayMs,
  parseLocalTime,
  weekdayOf,
} from './schedule-time.ts';

export type ScheduleSetup = {
  locationId: string;
  /** The location's zone (location.timeZone ?? practice.timeZone), resolved by the caller. */
  timeZone: string;
  /** location.hours ?? DEFAULT_HOURS. */
  hours: WeeklyHours;
  closedDays: readonly string[];
  /** This location's chairs. */
  chairs: readonly Chair[];
  /** Doctors and assistants. */
  providers: readonly StaffMember[];
  types: readonly AppointmentType[];
};

export type Booking = {
  id?: string;
  patientId: string;
  locationId: string;
  chairId: string;
  providerId?: string;
  typeId: string;
  start: string;
  minutes: number;
};

export type Conflict = { kind: ConflictKind; message: string; withId?: string };

/** A half-open span of time as epoch milliseconds. */
export type Interval = { start: number; end: number };

/** The setup looked up by id, with spans per date derived once (dates are asked for repeatedly). */
export type SetupIndex = {
  setup: ScheduleSetup;
  chairs: ReadonlyMap<string, Chair>;
  providers: ReadonlyMap<string, StaffMember>;
  types: ReadonlyMap<string, AppointmentType>;
  closedDays: ReadonlySet<string>;
  openSpansByDate: Map<string, readonly Interval[]>;
  workByProviderDate: Map<string, readonly Interval[] | null>;
};

export function indexSetup(setup: ScheduleSetup): SetupIndex {
  return {
    setup,
    chairs: new Map(setup.chairs.map((c) => [c.id, c])),
    providers: new Map(setup.providers.map((p) => [p.id, p])),
    types: new Map(setup.types.map((t) => [t.id, t])),
    closedDays: new Set(setup.closedDays),
    openSpansByDate: new Map(),
    workByProviderDate: new Map(),
  };
}

/** Wall-clock spans of a date as instants, touching spans joined (8–12 and 12–5 is open at noon). */
export function wallSpans(
  localDate: string,
  spans: readonly { from: string; to: string }[],
  timeZone: string,
) {
  const intervals = spans
    .map((s) => ({
      start: instantMsAt(localDate, parseLocalTime(s.from), timeZone),
      end: instantMsAt(localDate, parseLocalTime(s.to), timeZone),
    }))
    .filter((i) => i.end > i.start)
    .sort((a, b) => a.start - b.start);
  const joined: Interval[] = [];
  for (const interval of intervals) {
    const last = joined[joined.length - 1];
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else joined.push({ ...interval });
  }
  return joined;
}

/** Whether the location is closed all day: a closed day, or a weekday without opening hours. */
export function isClosedOn(index: SetupIndex, localDate: string): boolean {
  return index.closedDays.has(localDate) || (index.setup.hours[weekdayOf(localDate)] ?? []).length === 0;
}

/** Opening spans of a date as instants (none on a closed day). */
export function openSpans(index: SetupIndex, localDate: string): readonly Interval[] {
  let spans = index.openSpansByDate.get(localDate);
  if (!spans) {
    spans = isClosedOn(index, localDate)
      ? []
      : wallSpans(localDate, index.setup.hours[weekdayOf(localDate)] ?? [], index.setup.timeZone);
    index.openSpansByDate.set(localDate, spans);
  }
  return spans;
}

/** Whether a provider sees patients at this location at all (before looking at the day). */
export function worksAtLocation(
  index: SetupIndex,
  provider: StaffMember | undefined,
): provider is StaffMember {
  if (!provider || !provider.active) return false;
  const locations = provider.locationIds ?? [];
  return locations.length === 0 || locations.includes(index.setup.locationId);
}

/**
 * When a provider works at the location on a date, as instants. null: the provider has no work
 * days set and so works whenever the location is open (the hours checks cover that). Empty: not
 * working that day here (or unknown, inactive, or limited to other locations).
 */
export function workWindows(
  index: SetupIndex,
  providerId: string,
  localDate: string,
): readonly Interval[] | null {
  const key = `${providerId}|${localDate}`;
  const known = index.workByProviderDate.get(key);
  if (known !== undefined) return known;
  const provider = index.providers.get(providerId);
  let windows: readonly Interval[] | null;
  if (!worksAtLocation(index, provider)) windows = [];
  else if (!provider.workDays || provider.workDays.length === 0) windows = null;
  else {
    const weekday = weekdayOf(localDate);
    const days = provider.workDays.filter(
      (d) => d.locationId === index.setup.locationId && d.weekday === weekday,
    );
    windows = wallSpans(localDate, days, index.setup.timeZone);
  }
  index.workByProviderDate.set(key, windows);
  return windows;
}

/** Whether [start, end) lies inside one of the intervals. */
export function withinOne(intervals: readonly Interval[], start: number, end: number): boolean {
  for (const i of intervals) if (i.start <= start && end <= i.end) return true;
  return false;
}

// Conflicts list in this order, so findConflicts and conflictsByAppointment agree to the letter.
const KIND_ORDER = new Map(ConflictKind.options.map((k, i) => [k, i]));

type Found = Conflict & { otherStart: number };

function byKindThenTime(a: Found, b: Found): number {
  return (
    (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0) ||
    a.otherStart - b.otherStart ||
    ((a.withId ?? '') < (b.withId ?? '') ? -1 : (a.withId ?? '') > (b.withId ?? '') ? 1 : 0)
  );
}

const plural = (weekday: number) => `${WEEKDAY_LABELS[weekday] ?? 'that day'}s`;

function providerName(index: SetupIndex, providerId: string): string {
  return index.providers.get(providerId)?.name ?? 'The provider';
}

function rangeText(index: SetupIndex, start: number, end: number): string {
  const zone = index.setup.timeZone;
  return displayTimeRange(minuteOfDayMs(start, zone), minuteOfDayMs(end, zone));
}

function spansText(index: SetupIndex, spans: readonly Interval[]): string {
  return spans.map((s) => rangeText(index, s.start, s.end)).join(', ');
}

/** Appointments that hold their slot, as instants. */
type Held = { appointment: Appointment; start: number; end: number };

function held(appointment: Appointment): Held | null {
  if (!BOOKED_STATUSES.has(appointment.status)) return null;
  const start = Date.parse(appointment.start);
  if (Number.isNaN(start)) return null;
  return { appointment, start, end: start + appointment.minutes * 60_000 };
}

function clash(kind: 'chair-busy' | 'patient-busy' | 'provider-busy', other: Held, index: SetupIndex): Found {
  const { appointment } = other;
  const when = rangeText(index, other.start, other.end);
  const elsewhere = appointment.locationId !== index.setup.locationId ? ' at another location' : '';
  let message: string;
  if (kind === 'chair-busy') {
    message = `${index.chairs.get(appointment.chairId)?.name ?? 'The chair'} is booked ${when}`;
  } else if (kind === 'provider-busy') {
    message = `${providerName(index, appointment.providerId ?? '')} is booked ${when}${elsewhere}`;
  } else {
    const chair = elsewhere ? '' : index.chairs.get(appointment.chairId)?.name;
    message = `The patient is already booked ${when}${elsewhere}${chair ? ` in ${chair}` : ''}`;
  }
  return { kind, message, withId: appointment.id, otherStart: other.start };
}

/** The conflicts of a booking that do not depend on other appointments. */
function placeConflicts(booking: Booking, start: number, end: number, index: SetupIndex): Found[] {
  const found: Found[] = [];
  const add = (kind: ConflictKind, message: string) => found.push({ kind, message, otherStart: start });
  const zone = index.setup.timeZone;
  const date = localDateOfMs(start, zone);
  const weekday = weekdayOf(date);
  if (index.closedDays.has(date))
    add('location-closed', `The location is closed on ${displayLocalDate(date)}`);
  else if (isClosedOn(index, date)) add('location-closed', `The location is closed on ${plural(weekday)}`);
  else {
    const spans = openSpans(index, date);
    if (!withinOne(spans, start, end)) {
      add('outside-hours', `Outside opening hours (${WEEKDAY_LABELS[weekday]} ${spansText(index, spans)})`);
    }
  }
  const providerId = booking.providerId;
  const provider = providerId === undefined ? undefined : index.providers.get(providerId);
  if (providerId !== undefined) {
    const windows = workWindows(index, providerId, date);
    if (windows !== null && !withinOne(windows, start, end)) {
      const name = providerName(index, providerId);
      let message: string;
      if (!provider) message = 'The provider is not set up for the schedule';
      else if (!provider.active) message = `${name} is no longer active`;
      else if (!worksAtLocation(index, provider)) message = `${name} does not work at this location`;
      else if (windows.length === 0) message = `${name} does not work here on ${plural(weekday)}`;
      else message = `${name} works ${spansText(index, windows)} here on ${plural(weekday)}`;
      add('provider-not-working', message);
    }
  }
  const type = index.types.get(booking.typeId);
  if (type?.needsDoctor && provider?.role !== 'doctor') {
    add(
      'needs-doctor',
      provider
        ? `${type.name} needs a doctor; ${provider.name} is not one`
        : providerId === undefined
          ? `${type.name} needs a doctor; none is assigned`
          : `${type.name} needs a doctor; the assigned provider is not set up for the schedule`,
    );
  }
  return found;
}

const strip = (found: readonly Found[]): Conflict[] =>
  found.map(({ kind, message, withId }) =>
    withId === undefined ? { kind, message } : { kind, message, withId },
  );

function parseStart(booking: Booking): { start: number; end: number } {
  const start = Date.parse(booking.start);
  if (Number.isNaN(start)) throw new RangeError(`Not an instant: ${booking.start}`);
  return { start, end: start + booking.minutes * 60_000 };
}

/** Everything wrong with a booking, given the appointments it must fit between. */
export function findConflicts(
  booking: Booking,
  appointments: readonly Appointment[],
  setup: ScheduleSetup,
): Conflict[] {
  const index = indexSetup(setup);
  const { start, end } = parseStart(booking);
  const found = placeConflicts(booking, start, end, index);
  for (const appointment of appointments) {
    if (booking.id !== undefined && appointment.id === booking.id) continue;
    const other = held(appointment);
    if (!other || other.start >= end || other.end <= start) continue;
    if (appointment.chairId === booking.chairId) found.push(clash('chair-busy', other, index));
    if (appointment.patientId === booking.patientId) found.push(clash('patient-busy', other, index));
    if (booking.providerId !== undefined && appointment.providerId === booking.providerId) {
      found.push(clash('provider-busy', other, index));
    }
  }
  return strip(found.sort(byKindThenTime));
}

function groupBy(items: readonly Held[], key: (h: Held) => string | undefined): Held[][] {
  const groups = new Map<string, Held[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()];
}

/**
 * The appointments of this location that have conflicts nobody accepted, each with its conflicts
 * (as findConflicts finds them, less the kinds its override accepts). Both sides of a clash are
 * flagged. Each resource's appointments are sorted and swept once, so a busy month stays fast.
 */
export function conflictsByAppointment(
  appointments: readonly Appointment[],
  setup: ScheduleSetup,
): Map<string, Conflict[]> {
  const index = indexSetup(setup);
  const all = appointments.map(held).filter((h): h is Held => h !== null);
  const found = new Map<Held, Found[]>();
  for (const h of all) {
    if (h.appointment.locationId !== setup.locationId) continue;
    found.set(h, placeConflicts(h.appointment, h.start, h.end, index));
  }
  const sweep = (kind: 'chair-busy' | 'patient-busy' | 'provider-busy', group: Held[]) => {
    group.sort((a, b) => a.start - b.start);
    for (let i = 0; i < group.length; i++) {
      const a = group[i]!;
      for (let j = i + 1; j < group.length && group[j]!.start < a.end; j++) {
        const b = group[j]!;
        if (a.appointment.id === b.appointment.id) continue;
        found.get(a)?.push(clash(kind, b, index));
        found.get(b)?.push(clash(kind, a, index));
      }
    }
  };
  for (const group of groupBy(all, (h) => h.appointment.chairId)) sweep('chair-busy', group);
  for (const group of groupBy(all, (h) => h.appointment.patientId)) sweep('patient-busy', group);
  for (const group of groupBy(all, (h) => h.appointment.providerId)) sweep('provider-busy', group);

  const result = new Map<string, Conflict[]>();
  for (const [h, list] of found) {
    const accepted = h.appointment.override?.kinds ?? [];
    const open = list.filter((c) => !accepted.includes(c.kind));
    if (open.length > 0) result.set(h.appointment.id, strip(open.sort(byKindThenTime)));
  }
  return result;
}
