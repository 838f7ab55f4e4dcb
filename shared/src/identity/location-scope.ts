/**
 * Location limits beyond the schedule (PERM-201): a member limited to some locations works with
 * those locations' patients and family accounts only, in every list and search, as they see only
 * those locations' appointment books (PERM-2). An empty list means every location.
 */

export type LocationLimited = { locationIds: readonly string[] };

/** Whether `who` works at `locationId` (PERM-201). */
export const worksAt = (who: LocationLimited, locationId: string): boolean =>
  who.locationIds.length === 0 || who.locationIds.includes(locationId);

/** The patients `who` works with, in their order (PERM-201). */
export function patientsInScope<P extends { locationId: string }>(
  who: LocationLimited,
  patients: readonly P[],
): P[] {
  return who.locationIds.length === 0 ? [...patients] : patients.filter((p) => worksAt(who, p.locationId));
}

/**
 * A family account is in scope when any of its patients is (PERM-201): a family with children at
 * two locations is worked on at both. A family with no patients on this device yet is in scope
 * only for someone at every location (nobody can tell where it belongs).
 */
export function familyInScope(who: LocationLimited, patientLocations: readonly string[]): boolean {
  if (who.locationIds.length === 0) return true;
  return patientLocations.some((l) => worksAt(who, l));
}

/**
 * The family accounts `who` works with, as a test over family ids (PERM-201): a family is in scope
 * when any of its patients is (`familyInScope`), judged from the patient list once.
 */
export function familiesInScope(
  who: LocationLimited,
  patients: readonly { familyId?: string | undefined; locationId: string }[],
): (familyId: string) => boolean {
  if (who.locationIds.length === 0) return () => true;
  const inScope = new Set<string>();
  for (const p of patients)
    if (p.familyId !== undefined && worksAt(who, p.locationId)) inScope.add(p.familyId);
  return (familyId) => inScope.has(familyId);
}

/**
 * The pipeline's cases `who` works with (PERM-201): those of patients in scope, judged by where
 * the patient belongs (`locationOf`; a patient not on this device yet is kept, as the schedule keeps
 * what it cannot place, so nothing disappears from a list silently).
 */
export function itemsInScope<I extends { patientId: string }>(
  who: LocationLimited,
  items: readonly I[],
  locationOf: (patientId: string) => string | undefined,
): I[] {
  if (who.locationIds.length === 0) return [...items];
  return items.filter((item) => {
    const locationId = locationOf(item.patientId);
    return locationId === undefined || worksAt(who, locationId);
  });
}

/** `Every location`, or the names of the locations, as the staff table says it (PERM-201). */
export function locationScopeText(
  locationIds: readonly string[],
  locations: readonly { id: string; name: string }[],
): string {
  if (locationIds.length === 0) return 'Every location';
  const names = locationIds.map((id) => locations.find((l) => l.id === id)?.name ?? 'A removed location');
  return names.sort((a, b) => a.localeCompare(b)).join(', ');
}
