/**
 * The reminders queue: the day before, one row per visit still to come on the next business day,
 * with who to contact, how, and the message ready to send (the coordinator sends it through their
 * own phone or mail program; nothing is sent from here).
 *
 * Only scheduled and confirmed visits are listed; confirmed ones are marked so the screen can show
 * them done. Times are the location's wall clock ("Tuesday, December 1 at 9:00 AM"), never the
 * device's. Messages name patients: they are shown and sent, never logged.
 */
import { type WeeklyHours, type AppointmentStatus, DEFAULT_HOURS } from './schedule.schema.ts';
import type { ContactChannel } from '../core/common.schema.ts';
import type { Relationship } from '../patients/family.schema.ts';
import { GUARDIAN_ORDER } from '../patients/who-to-call.ts';
import {
  addDays,
  ageOn,
  displayLocalTime,
  isValidLocalDate,
  localDateOf,
  minuteOfDay,
  weekdayOf,
} from '../core/calendar.ts';
import { formatPhone } from '../core/phone.ts';
import {
  checkTemplateBody,
  mergeValues,
  renderTemplate,
  spokenLocalDate,
  type MergeValues,
} from '../comms/template.ts';

/**
 * Merge fields a reminder adds to the standard ones (template.ts MERGE_FIELDS): the standard
 * fields still work (`{{patient.firstName}}`, `{{patient.preferredName}}`, `{{party.firstName}}`
 * for the parent a minor's reminder goes to, `{{practice.name}}`, `{{practice.phone}}`).
 */
export const REMINDER_MERGE_FIELDS = [
  { key: 'appointment.date', label: 'Appointment date', example: 'Tuesday, December 1' },
  { key: 'appointment.time', label: 'Appointment time', example: '9:00 AM' },
  { key: 'appointment.location', label: 'Appointment location', example: 'Main office' },
  { key: 'appointment.type', label: 'Appointment type', example: 'Adjustment' },
] as const satisfies readonly { key: string; label: string; example: string }[];

export type ReminderFieldKey = (typeof REMINDER_MERGE_FIELDS)[number]['key'];

/**
 * The reminder a practice starts with (a practice's own active "reminder" template replaces it).
 * Worded so it reads right whether it goes to the patient or to a parent.
 */
export const DEFAULT_REMINDER_BODY =
  '{{practice.name}}: a reminder that {{patient.preferredName}} has an appointment ({{appointment.type}}) on {{appointment.date}} at {{appointment.time}}, {{appointment.location}}. To reschedule, please call {{practice.phone}}.';

/** `{{ key }}` as template.ts reads it (that pattern is not exported); a fresh regex per use (global). */
const fieldPattern = () => /\{\{\s*([^{}]*?)\s*\}\}/g;

const REMINDER_LABELS = new Map<string, string>(REMINDER_MERGE_FIELDS.map((f) => [f.key, f.label]));

/**
 * Problems with a reminder template body: checkTemplateBody's, without complaining about the
 * appointment fields (each is swapped for a known field before the check, so brace balance and
 * other unknown keys are still reported).
 */
export function checkReminderTemplateBody(body: string): { path: 'body'; message: string }[] {
  return checkTemplateBody(
    body.replace(fieldPattern(), (written, key: string) =>
      REMINDER_LABELS.has(key) ? '{{practice.name}}' : written,
    ),
  );
}

/**
 * Renders a reminder in one pass over the body, like renderTemplate: an appointment field takes its
 * value, any other `{{ key }}` is rendered alone by renderTemplate (so missing values show as
 * `[Label]` and unknown keys stay as written). No value is scanned again, so a location named
 * `{{patient.firstName}}` stays literal.
 */
export function renderReminder(
  body: string,
  values: MergeValues,
  appointment: Partial<Record<ReminderFieldKey, string | undefined>>,
): { text: string; missing: string[] } {
  const missing = new Set<string>();
  const text = body.replace(fieldPattern(), (written, key: string) => {
    if (REMINDER_LABELS.has(key)) {
      const value = appointment[key as ReminderFieldKey];
      if (value === undefined || value.trim() === '') {
        missing.add(key);
        return `[${REMINDER_LABELS.get(key)}]`;
      }
      return value;
    }
    const one = renderTemplate(written, values);
    for (const m of one.missing) missing.add(m);
    return one.text;
  });
  return { text, missing: [...missing] };
}

/** A UTC instant as the location's date and time: `Tuesday, December 1 at 9:00 AM`. */
export function spokenAppointmentTime(
  start: string,
  timeZone: string,
): { date: string; time: string; when: string } {
  const localDate = localDateOf(start, timeZone);
  const date = spokenLocalDate(localDate) ?? localDate;
  const time = displayLocalTime(minuteOfDay(start, timeZone));
  return { date, time, when: `${date} at ${time}` };
}

/** The weekdays (0 = Sunday) a location is closed, from its hours (DEFAULT_HOURS when unset). */
export function closedWeekdaysOf(hours: WeeklyHours | undefined): number[] {
  return (hours ?? DEFAULT_HOURS).flatMap((spans, weekday) => (spans.length === 0 ? [weekday] : []));
}

/**
 * The first day after `today` the location is open: reminders sent on a Friday are for Monday
 * when weekends are closed, and skip holidays in `closedDays`. When every weekday is closed there
 * is no business day; the next calendar day is returned rather than searching forever (its
 * queue is simply empty). Throws on a `today` that is not a date: that is a caller bug.
 */
export function nextBusinessDay(
  today: string,
  closedWeekdays: readonly number[],
  closedDays: readonly string[],
): string {
  if (!isValidLocalDate(today)) throw new RangeError('today must be a YYYY-MM-DD date');
  const closed = new Set(closedDays);
  // closedDays holds at most 400 dates (LocationScheduleFields), so an open day comes within 400 + 7.
  for (let offset = 1; offset <= 410; offset += 1) {
    const date = addDays(today, offset);
    if (!closedWeekdays.includes(weekdayOf(date)) && !closed.has(date)) return date;
  }
  return addDays(today, 1);
}

export type ReminderChannel = 'text' | 'email' | 'phone' | 'none';

export type ReminderAppointment = {
  id: string;
  patientId: string;
  locationId: string;
  typeId: string;
  start: string;
  status: AppointmentStatus;
};

type Contact = { phone?: string; altPhone?: string; email?: string; doNotContact?: boolean };

export type ReminderPatient = Contact & {
  id: string;
  firstName: string;
  lastName: string;
  preferredName?: string;
  dateOfBirth?: string;
  preferredChannel: ContactChannel;
};

export type ReminderParty = Contact & {
  id: string;
  firstName: string;
  lastName: string;
  preferredChannel?: ContactChannel;
};

export type ReminderLink = {
  patientId: string;
  partyId: string;
  relationship: Relationship;
  isGuarantor: boolean;
};

export type ReminderRow = {
  appointmentId: string;
  patientId: string;
  /** UTC instant. */
  start: string;
  /** `Tuesday, December 1 at 9:00 AM` in the location's zone. */
  when: string;
  /** `none` when neither the patient nor a linked parent has a phone or email. */
  channel: ReminderChannel;
  /** E.164 phone for text and phone, the address for email. */
  to?: string;
  /** Who the reminder goes to: a minor's goes to a parent or guardian. */
  recipient: { kind: 'patient' } | { kind: 'party'; partyId: string; relationship: Relationship };
  message: string;
  /** Merge fields that had no value (shown as `[Label]` in the message). */
  missing: string[];
  /** Already confirmed: listed as done. */
  confirmed: boolean;
  /** COMM-102: no reminder may be sent (the patient, or everyone who could get it, asked not to be contacted). */
  doNotContact?: true;
};

/**
 * The channel and address for a person: their preferred channel when they have the address for
 * it, otherwise text if there is a phone, otherwise email. Mail and portal cannot carry a reminder
 * for tomorrow (there is no portal yet), so they are read as "no preference".
 */
function reach(
  contact: Contact,
  preferred: ContactChannel,
): { channel: ReminderChannel; to?: string } | null {
  const phone = contact.phone ?? contact.altPhone;
  const email = contact.email;
  if (preferred === 'email' && email) return { channel: 'email', to: email };
  if (preferred === 'phone' && phone) return { channel: 'phone', to: phone };
  if (phone) return { channel: 'text', to: phone };
  if (email) return { channel: 'email', to: email };
  return null;
}

export type RemindersInput = {
  /** The local date the reminders are for (usually nextBusinessDay of today at the location). */
  day: string;
  appointments: readonly ReminderAppointment[];
  patients: readonly ReminderPatient[];
  parties?: readonly ReminderParty[];
  links?: readonly ReminderLink[];
  types: readonly { id: string; name: string }[];
  /** A location without its own time zone uses the practice's. */
  locations: readonly { id: string; name: string; timeZone?: string; phone?: string }[];
  practice: { name: string; phone?: string; timeZone: string };
  /** The practice's reminder template body; DEFAULT_REMINDER_BODY when absent. */
  template?: string;
};

/**
 * The reminder rows for `day`, earliest first. A patient under 18 on that day (by date of birth)
 * is reached through a linked parent or guardian who has a phone or email, and only through their
 * own contact details when no parent has any; an adult is reached directly, through a linked
 * party only when they have no contact details of their own.
 */
export function remindersFor(input: RemindersInput): ReminderRow[] {
  const patients = new Map(input.patients.map((p) => [p.id, p]));
  const parties = new Map((input.parties ?? []).map((p) => [p.id, p]));
  const types = new Map(input.types.map((t) => [t.id, t.name]));
  const locations = new Map(input.locations.map((l) => [l.id, l]));
  const template = input.template ?? DEFAULT_REMINDER_BODY;
  const practice = {
    name: input.practice.name,
    ...(input.practice.phone ? { phone: formatPhone(input.practice.phone) } : {}),
  };

  const rows: ReminderRow[] = [];
  for (const appointment of input.appointments) {
    if (appointment.status !== 'scheduled' && appointment.status !== 'confirmed') continue;
    const location = locations.get(appointment.locationId);
    const timeZone = location?.timeZone ?? input.practice.timeZone;
    if (localDateOf(appointment.start, timeZone) !== input.day) continue;

    const patient = patients.get(appointment.patientId);
    const guardians = (input.links ?? [])
      .filter((l) => l.patientId === appointment.patientId && l.relationship !== 'self')
      .sort(
        (a, b) =>
          Number(b.isGuarantor) - Number(a.isGuarantor) ||
          GUARDIAN_ORDER.indexOf(a.relationship) - GUARDIAN_ORDER.indexOf(b.relationship) ||
          (a.partyId < b.partyId ? -1 : a.partyId > b.partyId ? 1 : 0),
      )
      .flatMap((link) => {
        const party = parties.get(link.partyId);
        // COMM-102: a flagged party is never the one a reminder goes to.
        const how =
          party && !party.doNotContact
            ? reach(party, party.preferredChannel ?? patient?.preferredChannel ?? 'text')
            : null;
        return party && how ? [{ link, party, how }] : [];
      });
    const flagged = patient?.doNotContact === true;
    const own = patient && !flagged ? reach(patient, patient.preferredChannel) : null;
    const age = patient?.dateOfBirth ? ageOn(patient.dateOfBirth, input.day) : null;
    const minor = age !== null && age < 18;
    const guardian = guardians[0];
    const viaParty = !flagged && guardian && (minor || !own) ? guardian : undefined;
    const how: { channel: ReminderChannel; to?: string } = viaParty?.how ?? own ?? { channel: 'none' };
    // Blocked by the flag rather than by missing details: someone would have been reachable.
    const anyoneFlagged =
      flagged ||
      (input.links ?? []).some(
        (l) => l.patientId === appointment.patientId && parties.get(l.partyId)?.doNotContact === true,
      );
    const blocked = how.channel === 'none' && anyoneFlagged;

    const spoken = spokenAppointmentTime(appointment.start, timeZone);
    // LOC-3: the number to call back is the appointment location's, else the practice's.
    const values = mergeValues({
      ...(patient ? { patient } : {}),
      ...(viaParty ? { party: viaParty.party } : {}),
      practice: location?.phone ? { ...practice, phone: formatPhone(location.phone) } : practice,
    });
    const rendered = renderReminder(template, values, {
      'appointment.date': spoken.date,
      'appointment.time': spoken.time,
      'appointment.location': location?.name,
      'appointment.type': types.get(appointment.typeId),
    });
    rows.push({
      appointmentId: appointment.id,
      patientId: appointment.patientId,
      start: appointment.start,
      when: spoken.when,
      channel: how.channel,
      ...(how.to ? { to: how.to } : {}),
      recipient: viaParty
        ? { kind: 'party', partyId: viaParty.party.id, relationship: viaParty.link.relationship }
        : { kind: 'patient' },
      message: rendered.text,
      missing: rendered.missing,
      confirmed: appointment.status === 'confirmed',
      ...(blocked ? { doNotContact: true as const } : {}),
    });
  }
  return rows.sort(
    (a, b) =>
      Date.parse(a.start) - Date.parse(b.start) ||
      (a.appointmentId < b.appointmentId ? -1 : a.appointmentId > b.appointmentId ? 1 : 0),
  );
}
