/**
 * The appointment-book forms as people fill them in: location hours and closed days, chairs,
 * appointment types, a provider's working days, and a booking. Like the other forms, raw text in,
 * `{ value, errors }` out, every problem beside the field it is about. Forms with a row per weekday
 * name their fields by path, `<weekday>.<field>` (0 = Sunday), e.g. `errors['1.to']` for Monday's
 * closing time.
 *
 * Times may be typed as `08:00`, `8:00`, `8am` or `5:30 pm` (a time input gives `HH:MM`); dates as
 * `YYYY-MM-DD` or `MM/DD/YYYY`.
 */
import type { z } from 'zod';
import type { Booking } from './schedule-conflicts.ts';
import {
  displayLocalTime,
  instantFromLocal,
  localInputValue,
  parseLocalDateInput,
  parseLocalTime,
} from '../core/calendar.ts';
import { contrastRatio } from './starter-appointment-types.ts';
import { spokenLocalDate } from '../comms/template.ts';
import { Id } from '../core/common.schema.ts';
import {
  AppointmentFields,
  AppointmentTypeFields,
  ChairFields,
  DEFAULT_HOURS,
  LocationScheduleFields,
  WEEKDAY_LABELS,
  WeeklyHours,
  type OrthoStage,
  type TimeSpan,
  type WorkDay,
} from './schedule.schema.ts';
import { StaffFields } from '../identity/staff.schema.ts';
import { addIssues, type FieldErrors } from '../core/form-fields.ts';

const TIME_HINT = 'Use a time like 08:00 or 5:30 pm';

/**
 * A time of day as typed: `8:00`, `08:00`, `8am`, `5:30 pm`, `12 pm` (noon) → `HH:MM`; null for
 * anything else, including `13:00 pm` and `24:00`.
 */
export function parseTimeInput(input: string): string | null {
  const m = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|a|p)?$/i.exec(input.trim());
  if (!m) return null;
  let hours = Number(m[1]);
  const minutes = m[2] === undefined ? 0 : Number(m[2]);
  const meridiem = m[3]?.[0]?.toLowerCase();
  // A bare hour ("9") is too easily a mistake for 9 am or 9 pm: ask for minutes or am/pm.
  if (m[2] === undefined && !meridiem) return null;
  if (minutes > 59) return null;
  if (meridiem) {
    if (hours < 1 || hours > 12) return null;
    hours = (hours % 12) + (meridiem === 'p' ? 12 : 0);
  } else if (hours > 23) {
    return null;
  }
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** `HH:MM` → `9:00 AM` for messages. */
const spokenTime = (hhmm: string) => displayLocalTime(parseLocalTime(hhmm));

/** Errors of a form with a row per weekday: `<weekday>.<field>`. */
export type WeekdayErrors<Row> = Partial<Record<`${number}.${keyof Row & string}`, string>>;

// ——— Location hours ———

/** One weekday of the hours form. The second span (after a lunch break) is optional. */
export type DayHoursForm = { open: boolean; from: string; to: string; from2: string; to2: string };

/** Seven rows, index 0 = Sunday. Closed days keep their times so reopening one restores them. */
export function hoursToForm(hours: WeeklyHours | undefined): DayHoursForm[] {
  return (hours ?? DEFAULT_HOURS).map((spans) => ({
    open: spans.length > 0,
    from: spans[0]?.from ?? '08:00',
    to: spans[0]?.to ?? '17:00',
    from2: spans[1]?.from ?? '',
    to2: spans[1]?.to ?? '',
  }));
}

export function readHoursForm(form: readonly DayHoursForm[]): {
  value?: WeeklyHours;
  errors: WeekdayErrors<DayHoursForm>;
} {
  const errors: WeekdayErrors<DayHoursForm> = {};
  if (form.length !== 7) throw new RangeError('The hours form has one row per weekday');
  const week = form.map((day, weekday): TimeSpan[] => {
    if (!day.open) return [];
    const time = (field: 'from' | 'to' | 'from2' | 'to2', missing: string) => {
      const text = day[field].trim();
      if (text === '') {
        errors[`${weekday}.${field}`] = missing;
        return null;
      }
      const parsed = parseTimeInput(text);
      if (parsed === null) errors[`${weekday}.${field}`] = TIME_HINT;
      return parsed;
    };
    const from = time('from', 'Enter the opening time');
    const to = time('to', 'Enter the closing time');
    if (from && to && to <= from) errors[`${weekday}.to`] = 'Must be after the opening time';
    const spans: TimeSpan[] = from && to ? [{ from, to }] : [];
    if (day.from2.trim() === '' && day.to2.trim() === '') return spans;
    const from2 = time('from2', 'Enter when the second span starts, or clear both');
    const to2 = time('to2', 'Enter when the second span ends, or clear both');
    if (from2 && to && from2 < to) errors[`${weekday}.from2`] = 'Must be after the first span ends';
    if (from2 && to2 && to2 <= from2) errors[`${weekday}.to2`] = 'Must be after the second span starts';
    if (from2 && to2) spans.push({ from: from2, to: to2 });
    return spans;
  });
  if (Object.keys(errors).length > 0) return { errors };
  // The checks above cover every rule of the schema; this guards against the two drifting apart.
  const check = WeeklyHours.safeParse(week);
  if (!check.success) {
    for (const issue of check.error.issues) errors[`${Number(issue.path[0] ?? 0)}.from`] ??= issue.message;
    return { errors };
  }
  return { value: check.data, errors };
}

// ——— Closed days ———

/** Stored closed days as the text area shows them: one per line, in date order. */
export function closedDaysToText(days: readonly string[] | undefined): string {
  return [...(days ?? [])].sort().join('\n');
}

/** How many line problems one message lists before "and N more". */
const SHOWN_PROBLEMS = 3;

/**
 * The closed-days text area: dates one per line or separated by commas, blank lines ignored,
 * duplicates dropped, sorted. Each bad entry is named by its line, e.g. `Line 3: 2026-02-30 is not
 * a real date`, the first three in one message.
 */
export function readClosedDaysForm(text: string): {
  value?: string[];
  errors: { closedDays?: string };
} {
  const problems: string[] = [];
  const days = new Set<string>();
  for (const [index, line] of text.split(/\r\n|\r|\n/).entries()) {
    for (const entry of line.split(/[,;]/)) {
      const written = entry.trim();
      if (written === '') continue;
      const date = parseLocalDateInput(written);
      if (date) {
        days.add(date);
        continue;
      }
      const shown = written.length > 24 ? `${written.slice(0, 24)}…` : written;
      // A date-shaped entry that fails is an impossible date; anything else is the wrong form.
      problems.push(
        /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$/.test(written)
          ? `Line ${index + 1}: ${shown} is not a real date`
          : `Line ${index + 1}: “${shown}” is not a date (use YYYY-MM-DD or MM/DD/YYYY)`,
      );
    }
  }
  if (problems.length > 0) {
    const more = problems.length - SHOWN_PROBLEMS;
    return {
      errors: {
        closedDays: problems.slice(0, SHOWN_PROBLEMS).join('; ') + (more > 0 ? `; and ${more} more` : ''),
      },
    };
  }
  const value = [...days].sort();
  const check = LocationScheduleFields.closedDays.safeParse(value);
  if (!check.success) return { errors: { closedDays: 'At most 400 closed days: remove past ones' } };
  return { value, errors: {} };
}

// ——— Chairs ———

export type ChairForm = { name: string; order: string; active: boolean };

export function chairToForm(
  chair?: Pick<ChairFields, 'name' | 'order' | 'active'>,
  nextOrder = 0,
): ChairForm {
  return chair
    ? { name: chair.name, order: String(chair.order), active: chair.active }
    : { name: '', order: String(nextOrder), active: true };
}

/** `takenNames`: the other chairs' names at this location, so two chairs cannot share one. */
export function readChairForm(
  form: ChairForm,
  context: { locationId: string; takenNames?: readonly string[] },
): { value?: ChairFields; errors: FieldErrors<ChairForm> } {
  const errors: FieldErrors<ChairForm> = {};
  const order = form.order.trim();
  if (!/^\d{1,3}$/.test(order)) errors.order = 'A whole number from 0 to 999';
  const name = form.name.trim();
  if (name.length > 40) errors.name = 'At most 40 characters';
  else if (sameName(name, context.takenNames)) errors.name = 'Another chair already has this name';
  const input = { locationId: context.locationId, name, order: Number(order), active: form.active };
  const check = ChairFields.safeParse(input);
  if (!check.success) addIssuesOrFirst(check.error.issues, form, errors, 'name');
  if (Object.keys(errors).length > 0 || !check.success) return { errors };
  return { value: check.data, errors };
}

/**
 * Schema issues beside their fields; an issue about a value the form does not hold (an id from
 * the context) goes on `fallback`, so a form never comes back with neither a value nor an error.
 */
function addIssuesOrFirst<F extends object>(
  issues: readonly z.core.$ZodIssue[],
  form: F,
  errors: FieldErrors<F>,
  fallback: keyof F,
): void {
  addIssues(issues, form, errors);
  if (Object.keys(errors).length === 0) errors[fallback] = issues[0]?.message ?? 'Not valid';
}

const sameName = (name: string, taken: readonly string[] | undefined) =>
  (taken ?? []).some((t) => t.trim().toLowerCase() === name.toLowerCase());

// ——— Appointment types ———

export type AppointmentTypeForm = {
  name: string;
  stage: OrthoStage | '';
  minutes: string;
  color: string;
  needsDoctor: boolean;
  active: boolean;
};

export function appointmentTypeToForm(type?: AppointmentTypeFields): AppointmentTypeForm {
  return type
    ? {
        name: type.name,
        stage: type.stage,
        minutes: String(type.minutes),
        color: type.color,
        needsDoctor: type.needsDoctor,
        active: type.active,
      }
    : { name: '', stage: '', minutes: '30', color: '#1d4ed8', needsDoctor: true, active: true };
}

/**
 * An appointment type. The color is where white text is written in the day view, so a color with
 * contrast under 4.5:1 against white (WCAG AA) is refused rather than stored unreadable.
 */
export function readAppointmentTypeForm(
  form: AppointmentTypeForm,
  context: { takenNames?: readonly string[] } = {},
): { value?: AppointmentTypeFields; errors: FieldErrors<AppointmentTypeForm> } {
  const errors: FieldErrors<AppointmentTypeForm> = {};
  const name = form.name.trim();
  if (name.length > 60) errors.name = 'At most 60 characters';
  else if (sameName(name, context.takenNames)) errors.name = 'Another appointment type already has this name';
  if (form.stage === '') errors.stage = 'Choose the stage this visit belongs to';
  const minutesText = form.minutes.trim();
  if (!/^\d+$/.test(minutesText)) errors.minutes = 'Whole minutes, such as 30';
  const hex = form.color.trim().replace(/^#?/, '#').toLowerCase();
  const contrast = contrastRatio(hex, '#ffffff');
  if (contrast === null) errors.color = 'Use a color like #3366cc';
  else if (contrast < 4.5) errors.color = 'Too light for white text: choose a darker color';
  const input = {
    name,
    stage: form.stage,
    minutes: Number(minutesText),
    color: hex,
    needsDoctor: form.needsDoctor,
    active: form.active,
  };
  const check = AppointmentTypeFields.safeParse(input);
  if (!check.success) addIssuesOrFirst(check.error.issues, form, errors, 'name');
  if (Object.keys(errors).length > 0 || !check.success) return { errors };
  return { value: check.data, errors };
}

// ——— A provider's working days ———

export type WorkDayForm = { works: boolean; from: string; to: string };

/** A provider's week at one location: seven rows, index 0 = Sunday. */
export type WorkDaysForm = { locationId: string; days: WorkDayForm[] };

/**
 * The form for one location. The form has one span per weekday, so two stored spans on one day
 * (rare: only possible from another version) show as the earliest start to the latest end.
 * Days not worked start from the location's hours, so ticking one gives sensible times.
 */
export function workDaysToForm(
  workDays: readonly WorkDay[] | undefined,
  locationId: string,
  hours?: WeeklyHours,
): WorkDaysForm {
  const open = hours ?? DEFAULT_HOURS;
  const days = WEEKDAY_LABELS.map((_, weekday): WorkDayForm => {
    const spans = (workDays ?? []).filter((w) => w.locationId === locationId && w.weekday === weekday);
    if (spans.length === 0) {
      const todays = open[weekday] ?? [];
      return { works: false, from: todays[0]?.from ?? '08:00', to: todays.at(-1)?.to ?? '17:00' };
    }
    return {
      works: true,
      from: spans.map((s) => s.from).sort()[0]!,
      to: spans
        .map((s) => s.to)
        .sort()
        .at(-1)!,
    };
  });
  return { locationId, days };
}

/**
 * Reads one location's week into the provider's whole `workDays` list: the other locations' days
 * are kept as they were, this location's replaced. A day overlapping a working day at another
 * location is refused (a provider is in one place at a time); `locationNames` names it.
 */
export function readWorkDaysForm(
  form: WorkDaysForm,
  context: { workDays: readonly WorkDay[] | undefined; locationNames?: ReadonlyMap<string, string> },
): { value?: WorkDay[]; errors: WeekdayErrors<WorkDayForm> & { locationId?: string; days?: string } } {
  const errors: WeekdayErrors<WorkDayForm> & { locationId?: string; days?: string } = {};
  if (form.days.length !== 7) throw new RangeError('The work days form has one row per weekday');
  if (!Id.safeParse(form.locationId).success) errors.locationId = 'Choose a location';
  const others = (context.workDays ?? []).filter((w) => w.locationId !== form.locationId);
  const mine: WorkDay[] = [];
  for (const [weekday, day] of form.days.entries()) {
    if (!day.works) continue;
    const from = parseTimeInput(day.from);
    const to = parseTimeInput(day.to);
    if (day.from.trim() === '') errors[`${weekday}.from`] = 'Enter when the day starts';
    else if (from === null) errors[`${weekday}.from`] = TIME_HINT;
    if (day.to.trim() === '') errors[`${weekday}.to`] = 'Enter when the day ends';
    else if (to === null) errors[`${weekday}.to`] = TIME_HINT;
    if (from === null || to === null) continue;
    if (to <= from) {
      errors[`${weekday}.to`] = 'Must be after the start';
      continue;
    }
    const clash = others.find((o) => o.weekday === weekday && o.from < to && from < o.to);
    if (clash) {
      const where = context.locationNames?.get(clash.locationId) ?? 'another location';
      errors[`${weekday}.from`] =
        `Already working at ${where} ${spokenTime(clash.from)}–${spokenTime(clash.to)} on ${WEEKDAY_LABELS[weekday]}`;
      continue;
    }
    mine.push({ locationId: form.locationId, weekday, from, to });
  }
  if (Object.keys(errors).length > 0) return { errors };
  const value = [...others, ...mine];
  const check = StaffFields.shape.workDays.safeParse(value);
  if (!check.success) return { errors: { days: 'At most 50 working days across all locations' } };
  return { value, errors };
}

/**
 * How many patients a provider sees at the same time (a doctor running several chairs): a whole
 * number from 1 to 12, or empty for the role's usual.
 */
export function readPatientsAtOnce(text: string): { value: number | undefined; error?: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { value: undefined };
  const n = Number(trimmed);
  if (!Number.isInteger(n) || n < 1 || n > 12)
    return { value: undefined, error: 'A whole number from 1 to 12, or empty for the usual' };
  return { value: n };
}

/** A provider's week at one location in a few words ("Mon 08:00–17:00, Wed 08:00–12:00"). */
export function workDaysSummary(workDays: readonly WorkDay[] | undefined, locationId: string): string {
  if (!workDays || workDays.length === 0) return 'Whenever the location is open';
  const here = workDays.filter((w) => w.locationId === locationId);
  if (here.length === 0) return 'Not at this location';
  return here.map((w) => `${WEEKDAY_LABELS[w.weekday]?.slice(0, 3)} ${w.from}–${w.to}`).join(', ');
}

// ——— Booking ———

export type BookingForm = {
  patientId: string;
  typeId: string;
  chairId: string;
  /** Empty when no provider is assigned yet. */
  providerId: string;
  /** The local date at the location. */
  date: string;
  /** The local time at the location. */
  time: string;
  minutes: string;
};

export function emptyBookingForm(date: string, time = '', minutes = ''): BookingForm {
  return { patientId: '', typeId: '', chairId: '', providerId: '', date, time, minutes };
}

/** An existing appointment in the form, to move or change it; times in the location's zone. */
export function appointmentToBookingForm(
  appointment: Pick<Booking, 'patientId' | 'typeId' | 'chairId' | 'providerId' | 'start' | 'minutes'>,
  timeZone: string,
): BookingForm {
  const local = localInputValue(appointment.start, timeZone);
  return {
    patientId: appointment.patientId,
    typeId: appointment.typeId,
    chairId: appointment.chairId,
    providerId: appointment.providerId ?? '',
    date: local.slice(0, 10),
    time: local.slice(11, 16),
    minutes: String(appointment.minutes),
  };
}

/**
 * A booking from the form: the local date and time at the location become the UTC `start`
 * (instantFromLocal), ready for schedule/schedule-conflicts.ts and then bookAppointment with a status.
 *
 * A wall time that does not exist that day, skipped when the clocks go forward, is refused with a
 * message naming it rather than moved: moving would book a time nobody chose and might land on
 * someone else's visit. A time that occurs twice (clocks going back) is the first occurrence,
 * as instantFromLocal reads it. Lengths are whole multiples of 5 minutes, like appointment types.
 */
export function readBookingForm(
  form: BookingForm,
  context: { locationId: string; timeZone: string },
): { value?: Booking; errors: FieldErrors<BookingForm> } {
  const errors: FieldErrors<BookingForm> = {};
  const id = (field: 'patientId' | 'typeId' | 'chairId', message: string) => {
    const value = form[field].trim();
    if (!Id.safeParse(value).success) errors[field] = message;
    return value;
  };
  const patientId = id('patientId', 'Choose a patient');
  const typeId = id('typeId', 'Choose an appointment type');
  const chairId = id('chairId', 'Choose a chair');
  const providerId = form.providerId.trim();
  if (providerId !== '' && !Id.safeParse(providerId).success)
    errors.providerId = 'Choose a provider, or none';

  const dateText = form.date.trim();
  const date = dateText === '' ? null : parseLocalDateInput(dateText);
  if (dateText === '') errors.date = 'Enter the date';
  else if (!date) errors.date = 'Use YYYY-MM-DD or MM/DD/YYYY';
  const timeText = form.time.trim();
  const time = timeText === '' ? null : parseTimeInput(timeText);
  if (timeText === '') errors.time = 'Enter the time';
  else if (!time) errors.time = TIME_HINT;

  const minutesText = form.minutes.trim();
  const minutes = Number(minutesText);
  if (!/^\d+$/.test(minutesText)) errors.minutes = 'Whole minutes, such as 30';
  else if (minutes < 5 || minutes > 480) errors.minutes = 'Between 5 minutes and 8 hours';
  else if (minutes % 5 !== 0) errors.minutes = 'Use a multiple of 5 minutes';

  let start: string | null = null;
  if (date && time) {
    const local = `${date}T${time}`;
    start = instantFromLocal(local, context.timeZone);
    // instantFromLocal moves a skipped time forward; reading it back shows whether it did.
    if (start === null || localInputValue(start, context.timeZone) !== local) {
      errors.time = `${spokenTime(time)} does not exist on ${spokenLocalDate(date) ?? date} (the clocks go forward): choose another time`;
      start = null;
    }
  }
  if (Object.keys(errors).length > 0 || start === null) return { errors };

  const value: Booking = {
    patientId,
    locationId: context.locationId,
    chairId,
    ...(providerId ? { providerId } : {}),
    typeId,
    start,
    minutes,
  };
  // The checks above cover the schema; this guards against the two drifting apart.
  const check = AppointmentFields.safeParse({ ...value, status: 'scheduled' });
  if (!check.success) {
    addIssuesOrFirst(
      check.error.issues.map((issue) => (issue.path[0] === 'start' ? { ...issue, path: ['time'] } : issue)),
      form,
      errors,
      'patientId',
    );
    return { errors };
  }
  return { value, errors };
}
