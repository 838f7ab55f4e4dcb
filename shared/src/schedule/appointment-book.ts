/**
 * What the appointment book screen shows and asks, as plain functions: which appointments hold a
 * chair on a day, which providers get a column, what a move or a chosen slot books, the
 * next-available search form, a conflict override, and a provider's day as calendar events.
 */
import { instantAt } from '../core/calendar.ts';
import type { Appointment } from './schedule.schema.ts';
import { BOOKED_STATUSES } from './schedule.schema.ts';
import {
  indexSetup,
  workWindows,
  type Booking,
  type Conflict,
  type ScheduleSetup,
} from './schedule-conflicts.ts';
import type { Slot, SlotQuery } from './slot-finder.ts';
import type { IcsEvent } from './ics.ts';

/**
 * A day's appointments as the book shows them: those that hold a chair (booked, and missed ones
 * still to be rescheduled) on the grid, cancelled and moved ones in a list beside it.
 */
export function splitDay(appointments: readonly Appointment[]): { shown: Appointment[]; off: Appointment[] } {
  return {
    shown: appointments.filter((a) => BOOKED_STATUSES.has(a.status) || a.status === 'missed'),
    off: appointments.filter((a) => a.status === 'cancelled' || a.status === 'rescheduled'),
  };
}

/** The column of appointments booked with no provider, in the day by provider. */
export const NO_PROVIDER = 'none';

/**
 * The day-by-provider columns: providers who work at the location that day (no working days
 * set means whenever it is open) or have something booked, then "No provider" when needed.
 */
export function providerColumns(
  setup: ScheduleSetup,
  date: string,
  shown: readonly Pick<Appointment, 'providerId'>[],
): { id: string; label: string }[] {
  const index = indexSetup(setup);
  const booked = new Set(shown.map((a) => a.providerId ?? ''));
  const columns = setup.providers
    .filter((p) => (workWindows(index, p.id, date) ?? [1]).length > 0 || booked.has(p.id))
    .map((p) => ({ id: p.id, label: p.name }));
  if (shown.some((a) => !a.providerId)) columns.push({ id: NO_PROVIDER, label: 'No provider' });
  return columns;
}

/**
 * What a move on the grid books: the new time and length, and the column it was dropped in: a
 * chair in the day by chair, a provider (or none) in the day by provider, keeping the other.
 */
export function bookingForMove(
  appointment: Appointment,
  to: { columnId: string; startMinute: number; minutes: number },
  columns: 'chair' | 'provider',
  date: string,
  timeZone: string,
): Booking {
  const providerId =
    columns === 'provider' ? (to.columnId === NO_PROVIDER ? undefined : to.columnId) : appointment.providerId;
  return {
    id: appointment.id,
    patientId: appointment.patientId,
    locationId: appointment.locationId,
    chairId: columns === 'provider' ? appointment.chairId : to.columnId,
    ...(providerId ? { providerId } : {}),
    typeId: appointment.typeId,
    start: instantAt(date, to.startMinute, timeZone),
    minutes: to.minutes,
  };
}

/** What taking a free slot books for a patient. */
export function bookingFromSlot(
  slot: Slot,
  wanted: { patientId: string; locationId: string; typeId: string; minutes: number },
): Booking {
  return {
    patientId: wanted.patientId,
    locationId: wanted.locationId,
    chairId: slot.chairId,
    ...(slot.providerId ? { providerId: slot.providerId } : {}),
    typeId: wanted.typeId,
    start: slot.start,
    minutes: wanted.minutes,
  };
}

/** The "find next available" form, as typed. */
export type FinderForm = {
  typeId: string;
  providerId: string;
  patientId: string;
  /** `yyyy-mm-dd` */
  from: string;
  weekdays: number[];
  timeFrom: string;
  timeTo: string;
  /** The appointment being rescheduled, if any. */
  rebookOf?: string;
};

export function emptyFinderForm(today: string, seed: Partial<FinderForm> = {}): FinderForm {
  return {
    typeId: '',
    providerId: '',
    patientId: '',
    from: today,
    weekdays: [],
    timeFrom: '',
    timeTo: '',
    ...seed,
  };
}

/** How far ahead "find next available" looks. */
export const FINDER_WEEKS = 8;

/**
 * Reads the finder form into a search, or says what is missing. A search from today starts now
 * (a slot earlier today is gone); from a later day, at its midnight.
 */
export function readFinderForm(
  form: FinderForm,
  at: { locationId: string; timeZone: string; today: string; now: string },
): { query: SlotQuery; error?: undefined } | { query?: undefined; error: string } {
  if (!form.typeId) return { error: 'Choose an appointment type' };
  if (Boolean(form.timeFrom) !== Boolean(form.timeTo))
    return { error: 'Give both ends of the preferred time, or neither' };
  // Time inputs give `HH:MM`, which compare as text.
  if (form.timeFrom && form.timeTo <= form.timeFrom)
    return { error: 'The preferred time must end after it starts' };
  return {
    query: {
      typeId: form.typeId,
      locationId: at.locationId,
      from: form.from === at.today ? at.now : instantAt(form.from, 0, at.timeZone),
      weeks: FINDER_WEEKS,
      ...(form.providerId ? { providerId: form.providerId } : {}),
      ...(form.patientId ? { patientId: form.patientId } : {}),
      ...(form.weekdays.length > 0 ? { weekdays: form.weekdays } : {}),
      ...(form.timeFrom && form.timeTo ? { times: [{ from: form.timeFrom, to: form.timeTo }] } : {}),
      ...(form.rebookOf ? { ignoreId: form.rebookOf } : {}),
    },
  };
}

/**
 * Going ahead with a booking that has conflicts needs a reason, recorded on the appointment
 * with the kinds of conflict it overrides, who decided and when.
 */
export function conflictOverride(
  conflicts: readonly Conflict[],
  reason: string,
  by: string,
  at: string,
): { ok: true; value: NonNullable<Appointment['override']> } | { ok: false; error: string } {
  const why = reason.trim();
  if (!why) return { ok: false, error: 'Say why the conflict is acceptable' };
  return { ok: true, value: { kinds: [...new Set(conflicts.map((c) => c.kind))], reason: why, by, at } };
}

/**
 * A provider's booked visits of a day as calendar events. The provider's own calendar: the
 * patient's name is what they need to work, never more (no date of birth, no notes).
 */
export function providerDayEvents(
  appointments: readonly Appointment[],
  names: {
    type: (typeId: string) => string;
    patient: (patientId: string) => string;
    place: (chairId: string) => string;
  },
): IcsEvent[] {
  return appointments
    .filter((a) => BOOKED_STATUSES.has(a.status))
    .map((a) => ({
      uid: `${a.id}@aligned`,
      start: a.start,
      minutes: a.minutes,
      summary: `${names.type(a.typeId)}: ${names.patient(a.patientId)}`,
      location: names.place(a.chairId),
      status: a.status === 'confirmed' ? ('CONFIRMED' as const) : ('TENTATIVE' as const),
    }));
}
