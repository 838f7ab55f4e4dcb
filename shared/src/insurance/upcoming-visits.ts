/**
 * VERIFY-101: the visits that call for verified benefits, as the appointment book has them: each
 * patient's consults (the estimate is presented there) and treatment starts (claims begin), booked
 * from today on. Read from the book, not from a case's exam date, so a consult the front desk booked
 * counts as soon as it is on the book.
 */
import { START_VISIT_STAGES } from '../schedule/consult-linkage.ts';
import { BOOKED_STATUSES, type Appointment, type OrthoStage } from '../schedule/schedule.schema.ts';
import type { UpcomingVisit } from './verification-worklist.ts';

export function upcomingVisitsFromBook(
  rows: readonly Pick<Appointment, 'patientId' | 'typeId' | 'start' | 'status' | 'locationId'>[],
  context: {
    today: string;
    stageOf: (typeId: string) => OrthoStage | undefined;
    /** The visit's local day at its location. */
    dayOf: (row: Pick<Appointment, 'start' | 'locationId'>) => string;
    /** The id a patient goes by now (a merged-away record's visits are its survivor's). */
    resolve?: (patientId: string) => string;
  },
): Map<string, UpcomingVisit[]> {
  const byPatient = new Map<string, UpcomingVisit[]>();
  for (const row of rows) {
    if (!BOOKED_STATUSES.has(row.status)) continue;
    const stage = context.stageOf(row.typeId);
    const kind = stage === 'consult' ? 'consult' : stage && START_VISIT_STAGES.has(stage) ? 'start' : null;
    if (!kind) continue;
    const at = context.dayOf(row);
    if (at < context.today) continue;
    const patientId = context.resolve?.(row.patientId) ?? row.patientId;
    byPatient.set(patientId, [...(byPatient.get(patientId) ?? []), { kind, at }]);
  }
  return byPatient;
}
