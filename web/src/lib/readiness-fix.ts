/**
 * Where a readiness check's fix lives in the app (the checks themselves: shared
 * `appointmentReadiness`, `caseStartReadiness`).
 */
import type { ReadinessFix } from '@aligned/shared';

/** Where a check's fix lives in the app. */
export function fixHref(fix: ReadinessFix, patientId: string): string {
  switch (fix.area) {
    case 'billing':
      return fix.familyId ? `/billing/${fix.familyId}` : `/patients/${patientId}`;
    case 'insurance':
    case 'patient':
    case 'lab':
      return `/patients/${fix.patientId ?? patientId}`;
    case 'schedule':
      return `/schedule`;
  }
}
