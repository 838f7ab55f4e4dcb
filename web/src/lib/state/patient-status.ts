/**
 * A patient's status as the screens show it (STATUS-101): derived by shared's
 * `derivePatientStatus` from their cases in the device projection once it is ready, the stored
 * status until then. A merged-away id answers for its survivor, whose cases include the merged
 * records' (each case once).
 */
import { derivePatientStatus, type PatientStatus, type PipelineItem } from '@aligned/shared';
import type { PatientsState } from './patients.svelte.ts';
import type { ProjectionState } from './projection.svelte.ts';

export function patientStatus(
  patients: PatientsState | null,
  projection: ProjectionState | null,
  patientId: string,
): PatientStatus {
  const id = patients?.resolve(patientId) ?? patientId;
  if (!projection?.ready) return patients?.get(id)?.status ?? 'prospect';
  const byCase = new Map<string, PipelineItem>();
  for (const key of [id, ...(patients?.aliasesOf(id) ?? [])])
    for (const item of projection.byPatient.get(key) ?? []) byCase.set(item.caseId, item);
  return derivePatientStatus([...byCase.values()]);
}
