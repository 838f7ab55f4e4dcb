/**
 * A patient's status is derived, never typed: it follows from the patient's cases and visits, so
 * it cannot drift from them (docs/spec/pipeline.md STATUS-101…). The stored `status` of a patient
 * record is what older versions wrote; screens show this one.
 */
import type { CaseStatus } from './case.schema.ts';
import type { PatientStatus } from '../patients/patient.schema.ts';

/** A case as the derivation reads it (a `Case` or a `PipelineItem` fits). */
export type StatusCase = { status: CaseStatus; startDate?: string | undefined };

/** What the book says about the patient's visits (a `VisitSummary` fits). */
export type StatusVisits = { lastDebondOn?: string | undefined };

const PENDING: ReadonlySet<CaseStatus> = new Set(['recommended', 'pending', 'accepted']);
const PROSPECT: ReadonlySet<CaseStatus> = new Set(['inquiry', 'exam']);

/**
 * STATUS-101. In order, the first that holds:
 * 1. **in treatment** (`active`): a case is started and its debond has not been held;
 * 2. **retention**: a case is in retention, or a started case's debond was held on or after its
 *    start (the book knows before the case is moved);
 * 3. **pending**: a case is recommended, presented or accepted and not started;
 * 4. **observation**: a case is in observation;
 * 5. **prospect**: a case is an inquiry or has an exam booked, or the patient has no case at all;
 * 6. **completed**: a case was completed (and nothing above holds);
 * 7. **inactive**: every case is declined, transferred or discontinued.
 */
export function derivePatientStatus(
  cases: readonly StatusCase[],
  visits: StatusVisits | undefined = undefined,
): PatientStatus {
  const debond = visits?.lastDebondOn;
  const debonded = (c: StatusCase) =>
    debond !== undefined && (c.startDate === undefined || debond >= c.startDate);
  const started = cases.filter((c) => c.status === 'started');
  if (started.some((c) => !debonded(c))) return 'active';
  if (started.length > 0 || cases.some((c) => c.status === 'retention')) return 'retention';
  if (cases.some((c) => PENDING.has(c.status))) return 'pending';
  if (cases.some((c) => c.status === 'observation')) return 'observation';
  if (cases.length === 0 || cases.some((c) => PROSPECT.has(c.status))) return 'prospect';
  if (cases.some((c) => c.status === 'completed')) return 'completed';
  return 'inactive';
}

/** STATUS-102: statuses whose patients a practice still serves (worklists skip the others). */
export const ENGAGED_PATIENT_STATUSES: ReadonlySet<PatientStatus> = new Set([
  'prospect',
  'pending',
  'observation',
  'active',
  'retention',
]);
