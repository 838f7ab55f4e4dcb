/**
 * The appointment book (spec BOOK-1 to BOOK-8).
 *
 * Setup lives in the practice document (owner/manager write): location hours and closed days are
 * fields of the location, chairs and appointment types are collections there, and each provider's
 * working days are a field of their staff record. Appointments live in schedule documents, one per
 * location and week of the appointment's local start (`<locationId>/<yyyy-mm-dd>`, the Monday), so
 * a day or a week opens by loading one or two small documents.
 *
 * Times of day are wall-clock `HH:MM` in the location's zone; appointment starts are UTC instants.
 * An appointment booked for 9:00 is stored as the instant of 9:00 local on that date, so it stays at
 * 9:00 across a daylight-saving change (see core/calendar.ts).
 */
import { z } from 'zod';
import { ActorId, AuditStamps, Id, IsoDateTime, LocalDate, Notes } from '../core/common.schema.ts';

/** A wall-clock time of day, `HH:MM`, 00:00–23:59. */
export const LocalTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Use the form HH:MM (24-hour)' });
export type LocalTime = z.infer<typeof LocalTime>;

/** A span of a day, from < to. */
export const TimeSpan = z
  .object({ from: LocalTime, to: LocalTime })
  .refine((s) => s.from < s.to, { error: 'The end must come after the start', path: ['to'] });
export type TimeSpan = z.infer<typeof TimeSpan>;

/** Weekdays as numbers, 0 = Sunday … 6 = Saturday (as `Date#getUTCDay`). */
export const Weekday = z.number().int().min(0).max(6);
export type Weekday = z.infer<typeof Weekday>;
export const WEEKDAY_LABELS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

/**
 * Opening hours of a location: for each weekday (index 0 = Sunday) the spans it is open, in
 * order and not overlapping (a lunch break is two spans). An empty list means closed that day.
 */
export const WeeklyHours = z
  .array(z.array(TimeSpan).max(4))
  .length(7)
  .refine((days) => days.every((spans) => spans.every((s, i) => i === 0 || spans[i - 1]!.to <= s.from)), {
    error: 'Spans of a day must be in order and not overlap',
  });
export type WeeklyHours = z.infer<typeof WeeklyHours>;

/** Monday to Friday 08:00–17:00: what a location has until someone sets its hours. */
export const DEFAULT_HOURS: WeeklyHours = [
  [],
  [{ from: '08:00', to: '17:00' }],
  [{ from: '08:00', to: '17:00' }],
  [{ from: '08:00', to: '17:00' }],
  [{ from: '08:00', to: '17:00' }],
  [{ from: '08:00', to: '17:00' }],
  [],
];

/** Fields a location gains for the schedule (merged into LocationFields). */
export const LocationScheduleFields = {
  /** Opening hours; DEFAULT_HOURS when absent. */
  hours: WeeklyHours.optional(),
  /** Whole days the location is closed (holidays, training days). */
  closedDays: z.array(LocalDate).max(400).optional(),
};

/** One working day of a provider at a location. */
export const WorkDay = z.object({
  locationId: Id,
  weekday: Weekday,
  from: LocalTime,
  to: LocalTime,
});
export type WorkDay = z.infer<typeof WorkDay>;

/** A chair (operatory) at a location. */
export const ChairFields = z.object({
  locationId: Id,
  name: z.string().trim().min(1, { error: 'Required' }).max(40),
  /** Left-to-right order in the day view. */
  order: z.number().int().min(0).max(999),
  active: z.boolean(),
});
export type ChairFields = z.infer<typeof ChairFields>;
export const Chair = z.looseObject({ id: Id, ...ChairFields.shape, ...AuditStamps });
export type Chair = z.infer<typeof Chair>;

/** The ortho stage an appointment type belongs to; rules (readiness, cadence, recovery) key on it. */
export const OrthoStage = z.enum([
  'consult',
  'records',
  'bonding',
  'aligner-start',
  'adjustment',
  'emergency',
  'debond',
  'retainer-delivery',
  'retainer-check',
  'observation',
  'other',
]);
export type OrthoStage = z.infer<typeof OrthoStage>;
export const ORTHO_STAGE_LABELS: Record<OrthoStage, string> = {
  consult: 'Exam / consultation',
  records: 'Records',
  bonding: 'Bonding / start',
  'aligner-start': 'Aligner start',
  adjustment: 'Adjustment',
  emergency: 'Emergency / repair',
  debond: 'Debond',
  'retainer-delivery': 'Retainer delivery',
  'retainer-check': 'Retainer check',
  observation: 'Observation recall',
  other: 'Other',
};

export const HexColor = z.string().regex(/^#[0-9a-f]{6}$/i, { error: 'Use a color like #3366cc' });

export const AppointmentTypeFields = z.object({
  name: z.string().trim().min(1, { error: 'Required' }).max(60),
  stage: OrthoStage,
  /** Default length in minutes, a multiple of 5. */
  minutes: z
    .number({ error: 'Enter minutes' })
    .int({ error: 'Whole minutes' })
    .min(5, { error: 'At least 5 minutes' })
    .max(480, { error: 'At most 8 hours' })
    .refine((m) => m % 5 === 0, { error: 'Use a multiple of 5 minutes' }),
  color: HexColor,
  /** The appointment needs a doctor, not only an assistant. */
  needsDoctor: z.boolean(),
  active: z.boolean(),
});
export type AppointmentTypeFields = z.infer<typeof AppointmentTypeFields>;
export const AppointmentType = z.looseObject({ id: Id, ...AppointmentTypeFields.shape, ...AuditStamps });
export type AppointmentType = z.infer<typeof AppointmentType>;

export const AppointmentStatus = z.enum([
  'scheduled',
  'confirmed',
  'arrived',
  'seated',
  'completed',
  'missed',
  'cancelled',
  'rescheduled',
]);
export type AppointmentStatus = z.infer<typeof AppointmentStatus>;
export const APPOINTMENT_STATUS_LABELS: Record<AppointmentStatus, string> = {
  scheduled: 'Scheduled',
  confirmed: 'Confirmed',
  arrived: 'Arrived',
  seated: 'Seated',
  completed: 'Completed',
  missed: 'Missed (no-show)',
  cancelled: 'Cancelled',
  rescheduled: 'Rescheduled',
};
/** Statuses that hold the chair and the provider: a cancelled or missed visit frees its slot. */
export const BOOKED_STATUSES: ReadonlySet<AppointmentStatus> = new Set([
  'scheduled',
  'confirmed',
  'arrived',
  'seated',
  'completed',
]);

export const CancelledBy = z.enum(['patient', 'practice']);
export type CancelledBy = z.infer<typeof CancelledBy>;

/** The kinds of conflict a booking can have (schedule/schedule-conflicts.ts finds them). */
export const ConflictKind = z.enum([
  'chair-busy',
  'patient-busy',
  'provider-busy',
  'provider-not-working',
  'needs-doctor',
  'outside-hours',
  'location-closed',
]);
export type ConflictKind = z.infer<typeof ConflictKind>;

/** A booking made despite conflicts: which ones were accepted, why, by whom. */
export const ConflictOverride = z.object({
  kinds: z.array(ConflictKind).min(1),
  reason: z.string().trim().min(1, { error: 'Say why the conflict is acceptable' }).max(300),
  by: ActorId,
  at: IsoDateTime,
});
export type ConflictOverride = z.infer<typeof ConflictOverride>;

export const AppointmentFields = z.object({
  patientId: Id,
  locationId: Id,
  chairId: Id,
  /** The doctor or assistant seeing the patient; absent when not yet assigned. */
  providerId: Id.optional(),
  typeId: Id,
  /** The case this visit belongs to, when there is one. */
  caseId: Id.optional(),
  /** UTC instant of the start. */
  start: IsoDateTime,
  minutes: z.number().int().min(5).max(480),
  status: AppointmentStatus,
  /** When a status other than scheduled was set (confirmed, arrived, missed, …). */
  statusAt: IsoDateTime.optional(),
  cancelledBy: CancelledBy.optional(),
  /** Why it was cancelled or moved. */
  reason: z.string().trim().max(300).optional(),
  /** The appointment that replaced this one (missed/cancelled/rescheduled → rebooked). */
  rebookedAs: Id.optional(),
  /** The appointment this one replaces. */
  rebookOf: Id.optional(),
  override: ConflictOverride.optional(),
  notes: Notes.optional(),
});
export type AppointmentFields = z.infer<typeof AppointmentFields>;
export const Appointment = z.looseObject({ id: Id, ...AppointmentFields.shape, ...AuditStamps });
export type Appointment = z.infer<typeof Appointment>;
