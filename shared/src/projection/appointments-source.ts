/**
 * The appointments source: each schedule document (one location, one week) as the compact rows
 * the practice-wide lists need (recovery lists, a patient's visits, the board's consults and the kept-exam figures),
 * so no list opens the appointment book's documents. Kept per week on the device and loaded for
 * the weeks a screen asks for (`retain`): the book is the largest data a practice has.
 */
import { docName } from '../documents/doc-names.ts';
import { addDays, weeksCovering } from '../core/calendar.ts';
import { readSchedule } from '../schedule/schedule-doc.ts';
import type { Appointment } from '../schedule/schedule.schema.ts';
import type { ProjectionSource } from './projection-source.ts';

/**
 * An appointment as the lists read it: what it is, when, where, for whom, its rebooking links, and
 * when it was booked (which of a case's consults came first, BOOK-102).
 */
export type AppointmentRow = Pick<
  Appointment,
  | 'id'
  | 'patientId'
  | 'locationId'
  | 'chairId'
  | 'providerId'
  | 'typeId'
  | 'caseId'
  | 'start'
  | 'minutes'
  | 'status'
  | 'rebookOf'
  | 'rebookedAs'
  | 'createdAt'
>;

export function appointmentRow(a: Appointment): AppointmentRow {
  const row: AppointmentRow = {
    id: a.id,
    patientId: a.patientId,
    locationId: a.locationId,
    chairId: a.chairId,
    typeId: a.typeId,
    start: a.start,
    minutes: a.minutes,
    status: a.status,
    createdAt: a.createdAt,
  };
  if (a.providerId !== undefined) row.providerId = a.providerId;
  if (a.caseId !== undefined) row.caseId = a.caseId;
  if (a.rebookOf !== undefined) row.rebookOf = a.rebookOf;
  if (a.rebookedAs !== undefined) row.rebookedAs = a.rebookedAs;
  return row;
}

export const appointmentsSource: ProjectionSource<AppointmentRow[]> = {
  name: 'appointments',
  kinds: ['schedule'],
  // The key is the document's own (`<locationId>/<week>`): one document, one value.
  docsOf: (practiceId, key) => [docName({ practiceId, kind: 'schedule', key })],
  project([doc]) {
    const rows = readSchedule(doc!).appointments.map(appointmentRow);
    return rows.length > 0 ? rows : null;
  },
  storage: { kind: 'per-key' },
  batch: 4,
};

/** The appointments source's key of a location's week (the Monday, `YYYY-MM-DD`). */
export const appointmentsKey = (locationId: string, week: string) => `${locationId}/${week}`;

/**
 * The weeks the practice-wide lists read from the book: three months back (the recovery lists'
 * look-back, with a margin) to six months ahead ("no future visit"). The app keeps them in memory
 * for the session, so those lists open without reading anything.
 */
export const BOOK_WINDOW = { daysBack: 92, daysAhead: 183 } as const;

/** The appointments keys of the book window around `today` at these locations. */
export function bookWindowKeys(locationIds: readonly string[], today: string): string[] {
  const weeks = weeksCovering(addDays(today, -BOOK_WINDOW.daysBack), addDays(today, BOOK_WINDOW.daysAhead));
  return locationIds.flatMap((locationId) => weeks.map((week) => appointmentsKey(locationId, week)));
}
