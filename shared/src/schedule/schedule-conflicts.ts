/**
 * What is wrong with a booking: a chair, patient or provider already taken, a provider who is not
 * working then, a visit that needs a doctor, a time the location is not open. Nothing refuses a
 * booking: the screen shows these and asks for an override reason. Two devices booking the same
 * chair offline both keep their appointment, so conflictsByAppointment flags both after sync.
 *
 * Messages are for the coordinator and name chairs, providers and times, never patients: they may
 * be logged or shown on a shared screen, so the screen adds patient names itself.
 *
 * A chair or a patient holds one visit at a time, so any overlap clashes. A provider sees up to
 * patientsAtOnce(provider) patients at once (a doctor runs several chairs): a booking is
 * `provider-busy` only when at some instant during it the provider would have more booked
 * appointments (BOOKED_STATUSES, at any location, this booking included, each id counted once)
 * than that. The message names the first such instant and how many the provider already sees then.
 * conflictsByAppointment flags every appointment of the provider that covers an over-capacity
 * instant, so two bookings made offline that together exceed the capacity are both flagged (and
 * each with exactly what findConflicts finds for it).
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
} from './schedule.schema.ts';
import { isDoctor, patientsAtOnce, type StaffMember } from '../identity/staff.schema.ts';
import { worksAt } from '../identity/location-scope.ts';
import { groupBy } from '../core/group-by.ts';
import {
  displayLocalDate,
  displayLocalTime,
  displayTimeRange,
  instantMsAt,
  localDateOfMs,
  minuteOfDayMs,
  parseLocalTime,
  weekdayOf,
} from '../core/calendar.ts';

export type ScheduleSetup = {
  locationId: string;
  /** The location's zone (location.timeZone ?? practice.timeZone), resolved by the caller. */
  timeZone: string;
  /** location.hours ?? DEFAULT_HOURS. */
  hours: WeeklyHours;
  closedDays: readonly string[];
  /** This location's chairs. */
  chairs: readonly Chair[];
  /** The people patients are booked with (bookableProviders: doctors, assistants, BOOK-201). */
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

/** How many patients a provider may see at once; 1 for a provider not set up. */
export function capacityOf(index: SetupIndex, providerId: string): number {
  const provider = index.providers.get(providerId);
  return provider ? patientsAtOnce(provider) : 1;
}

/**
 * How many intervals are under way, as steps: `count[i]` from `at[i]` until `at[i + 1]` (0 before
 * the first step; the last step is back to 0). Consecutive steps always differ.
 */
export type Load = { at: number[]; count: number[] };

export function loadOf(intervals: Iterable<Interval>): Load {
  const starts: number[] = [];
  const ends: number[] = [];
  for (const { start, end } of intervals) {
    if (!(end > start)) continue;
    starts.push(start);
    ends.push(end);
  }
  starts.sort((a, b) => a - b);
  ends.sort((a, b) => a - b);
  const at: number[] = [];
  const count: number[] = [];
  let c = 0;
  let a = 0;
  let b = 0;
  while (b < ends.length) {
    const t = a < starts.length ? Math.min(starts[a]!, ends[b]!) : ends[b]!;
    while (a < starts.length && starts[a] === t) {
      c += 1;
      a += 1;
    }
    while (b < ends.length && ends[b] === t) {
      c -= 1;
      b += 1;
    }
    if (count.length > 0 && count[count.length - 1] === c) continue;
    at.push(t);
    count.push(c);
  }
  return { at, count };
}

/** Index of the last step starting at or before `t`, -1 when none does. */
function stepAt(load: Load, t: number): number {
  let lo = 0;
  let hi = load.at.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (load.at[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** How many intervals are under way at instant `t`. */
export function countAt(load: Load, t: number): number {
  const i = stepAt(load, t);
  return i < 0 ? 0 : load.count[i]!;
}

/** The first instant of [start, end) at which more than `threshold` intervals are under way. */
export function firstAbove(load: Load, threshold: number, start: number, end: number): number | undefined {
  if (!(end > start)) return undefined;
  const i = stepAt(load, start);
  if (i >= 0 && load.count[i]! > threshold) return start;
  for (let j = i + 1; j < load.at.length && load.at[j]! < end; j++) {
    if (load.count[j]! > threshold) return load.at[j];
  }
  return undefined;
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

function clash(kind: 'chair-busy' | 'patient-busy', other: Held, index: SetupIndex): Found {
  const { appointment } = other;
  const when = rangeText(index, other.start, other.end);
  const elsewhere = appointment.locationId !== index.setup.locationId ? ' at another location' : '';
  let message: string;
  if (kind === 'chair-busy') {
    message = `${index.chairs.get(appointment.chairId)?.name ?? 'The chair'} is booked ${when}`;
  } else {
    const chair = elsewhere ? '' : index.chairs.get(appointment.chairId)?.name;
    message = `The patient is already booked ${when}${elsewhere}${chair ? ` in ${chair}` : ''}`;
  }
  return { kind, message, withId: appointment.id, otherStart: other.start };
}

/**
 * The provider at capacity: at `at` they already see `seeing` other patients (`elsewhere` of
 * them at another location), so a booking covering `at` is one too many.
 */
function overCapacity(
  index: SetupIndex,
  providerId: string,
  at: number,
  seeing: number,
  elsewhere: number,
): Found {
  const patients = `${seeing} ${seeing === 1 ? 'patient' : 'patients'}`;
  const where =
    elsewhere === 0
      ? ''
      : elsewhere === seeing
        ? ' at another location'
        : `, ${elsewhere} at another location`;
  const time = displayLocalTime(minuteOfDayMs(at, index.setup.timeZone));
  return {
    kind: 'provider-busy',
    message: `${providerName(index, providerId)} already sees ${patients} at ${time}${where}`,
    otherStart: at,
  };
}

/**
 * provider-busy for a booking [start, end) of `providerId`, given the provider's other booked
 * appointments (each id once, the booking's own left out): the booking makes one more.
 */
function providerOverCapacity(
  index: SetupIndex,
  providerId: string,
  start: number,
  end: number,
  others: readonly Held[],
): Found | null {
  const load = loadOf(others);
  const at = firstAbove(load, capacityOf(index, providerId) - 1, start, end);
  if (at === undefined) return null;
  let elsewhere = 0;
  for (const o of others) {
    if (o.start <= at && at < o.end && o.appointment.locationId !== index.setup.locationId) elsewhere += 1;
  }
  return overCapacity(index, providerId, at, countAt(load, at), elsewhere);
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
  if (type?.needsDoctor && !(provider && isDoctor(provider))) {
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

/**
 * The other locations (of those given) a person works at: a booking here is checked against their
 * weeks there too, so nobody is in two places.
 */
export function otherWorkLocations(
  staffLocationIds: readonly string[],
  locations: readonly { id: string }[],
  here: string,
): string[] {
  return locations
    .filter((l) => l.id !== here && worksAt({ locationIds: staffLocationIds }, l.id))
    .map((l) => l.id);
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
  const providerId = booking.providerId;
  const providerSeen = new Set<string>();
  const providerOthers: Held[] = [];
  for (const appointment of appointments) {
    if (booking.id !== undefined && appointment.id === booking.id) continue;
    const other = held(appointment);
    if (!other) continue;
    // For the provider, the first booked record of an id counts (as in conflictsByAppointment).
    if (
      providerId !== undefined &&
      appointment.providerId === providerId &&
      !providerSeen.has(appointment.id)
    ) {
      providerSeen.add(appointment.id);
      if (other.start < end && other.end > start) providerOthers.push(other);
    }
    if (other.start >= end || other.end <= start) continue;
    if (appointment.chairId === booking.chairId) found.push(clash('chair-busy', other, index));
    if (appointment.patientId === booking.patientId) found.push(clash('patient-busy', other, index));
  }
  if (providerId !== undefined) {
    const busy = providerOverCapacity(index, providerId, start, end, providerOthers);
    if (busy) found.push(busy);
  }
  return strip(found.sort(byKindThenTime));
}

/**
 * The appointments of this location that have conflicts nobody accepted, each with its conflicts
 * (as findConflicts finds them, less the kinds its override accepts). Both sides of a chair or
 * patient clash are flagged; for a provider, every appointment covering an instant at which they
 * have more booked appointments than patientsAtOnce allows. Each resource's appointments are
 * sorted and swept once, so a busy month stays fast.
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
  const sweep = (kind: 'chair-busy' | 'patient-busy', group: Held[]) => {
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
  for (const group of groupBy(all, (h) => h.appointment.chairId).values()) sweep('chair-busy', group);
  for (const group of groupBy(all, (h) => h.appointment.patientId).values()) sweep('patient-busy', group);
  for (const group of groupBy(all, (h) => h.appointment.providerId).values()) {
    const providerId = group[0]!.appointment.providerId!;
    // Each id counts once, its first booked record; a later copy is checked against the rest.
    const counted = new Map<string, Held>();
    const copies: Held[] = [];
    for (const h of group) {
      if (counted.has(h.appointment.id)) copies.push(h);
      else counted.set(h.appointment.id, h);
    }
    const load = loadOf(counted.values());
    const elsewhere = loadOf(
      [...counted.values()].filter((h) => h.appointment.locationId !== setup.locationId),
    );
    const threshold = capacityOf(index, providerId);
    for (const h of counted.values()) {
      const list = found.get(h);
      if (!list) continue;
      const at = firstAbove(load, threshold, h.start, h.end);
      // h is under way at `at`, so the others are one fewer; h itself is here, not elsewhere.
      if (at !== undefined) {
        list.push(overCapacity(index, providerId, at, countAt(load, at) - 1, countAt(elsewhere, at)));
      }
    }
    for (const h of copies) {
      if (!found.has(h)) continue;
      const others = [...counted.values()].filter(
        (o) => o.appointment.id !== h.appointment.id && o.start < h.end && o.end > h.start,
      );
      const busy = providerOverCapacity(index, providerId, h.start, h.end, others);
      if (busy) found.get(h)?.push(busy);
    }
  }

  const result = new Map<string, Conflict[]>();
  for (const [h, list] of found) {
    const accepted = h.appointment.override?.kinds ?? [];
    const open = list.filter((c) => !accepted.includes(c.kind));
    if (open.length > 0) result.set(h.appointment.id, strip(open.sort(byKindThenTime)));
  }
  return result;
}
