/**
 * A schedule document: the appointments of one location whose local start falls in one week
 * (`<locationId>/<yyyy-mm-dd>`, the Monday). Appointments are editable records (status, chair, time) with
 * field-level merging, so a colleague confirming while another moves the same visit both land.
 *
 * Two devices booking the same chair offline each create their own record (different ids): after
 * sync both exist, and schedule/schedule-conflicts.ts shows the clash on both devices. Nothing here
 * refuses a booking for a conflict; the screen asks for an override reason first.
 *
 * A visit moved to another week lives in another document: the old record is marked
 * `rescheduled` with `rebookedAs`, and the new one carries `rebookOf` (see ScheduleBook.move in
 * web state). Within a week, a move is an update of start/chair/provider.
 */
import type * as Y from 'yjs';
import { type z } from 'zod';
import { Appointment, AppointmentFields } from './schedule.schema.ts';
import {
  createRecord,
  readAll,
  updateRecord,
  type CollectionSpec,
  type NeedsAttention,
  type Patch,
  type WriteContext,
} from '../documents/collection.ts';
import { localDateOf, weekStart } from '../core/calendar.ts';

export const APPOINTMENTS = {
  name: 'appointments',
  docKind: 'schedule',
  idKind: 'appointment',
  fields: AppointmentFields,
  record: Appointment,
} as const satisfies CollectionSpec;

export type ScheduleData = { appointments: Appointment[]; needsAttention: NeedsAttention[] };

/** The week's appointments, earliest first. */
export function readSchedule(doc: Y.Doc): ScheduleData {
  const read = readAll(doc, APPOINTMENTS);
  return {
    appointments: read.records.sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id)),
    needsAttention: read.needsAttention,
  };
}

export type AppointmentInput = z.input<typeof AppointmentFields>;

export const bookAppointment = (
  doc: Y.Doc,
  ctx: WriteContext,
  input: AppointmentInput,
  options: { id?: string } = {},
) => createRecord(doc, APPOINTMENTS, ctx, input, options);

export const updateAppointment = (
  doc: Y.Doc,
  ctx: WriteContext,
  id: string,
  patch: Patch<typeof APPOINTMENTS>,
) => updateRecord(doc, APPOINTMENTS, ctx, id, patch);

/**
 * The week key (its Monday, `yyyy-mm-dd`) of the schedule document an appointment starting at
 * `startIso` lives in: weeks in the location's zone, so a visit late on Sunday evening local time
 * belongs to the week it is seen in, whatever the UTC date.
 */
export function scheduleWeekOf(startIso: string, timeZone: string): string {
  return weekStart(localDateOf(startIso, timeZone));
}
