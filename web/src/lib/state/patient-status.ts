/**
 * A patient's status as the screens show it (STATUS-101): derived by shared's
 * `derivePatientStatus` from their cases in the device projection once it is ready, the stored
 * status until then. A merged-away id answers for its survivor, whose cases include the merged
 * records' (each case once, PAT-107).
 */
import { casesUnderSurvivor, derivePatientStatus, type PatientStatus } from '@aligned/shared';
import type { PatientsState } from './patients.svelte.ts';
import type { ProjectionState } from './projection.svelte.ts';

export function patientStatus(
  patients: PatientsState | null,
  projection: ProjectionState | null,
  patientId: string,
): PatientStatus {
  const id = patients?.resolve(patientId) ?? patientId;
  if (!projection?.ready) return patients?.get(id)?.status ?? 'prospect';
  return derivePatientStatus(casesUnderSurvivor(projection.byPatient, id, patients?.aliasesOf(id) ?? []));
}
