/**
 * Claims named in a link to the printable claim forms: `patient~schedule~payment`, comma
 * separated, grouped by patient in the order first named. Anything malformed is left out (a
 * link typed or cut short must not break the page), and a claim named twice prints once.
 */
export type PatientClaims = { patientId: string; claims: { scheduleId: string; paymentNumber: number }[] };

const ID = /^[a-z]+_[A-Za-z0-9]+$/;

export function claimKey(patientId: string, claim: { scheduleId: string; paymentNumber: number }): string {
  return `${patientId}~${claim.scheduleId}~${claim.paymentNumber}`;
}

export function claimFormsHref(keys: readonly string[]): string {
  return `/insurance/claim-forms?c=${encodeURIComponent(keys.join(','))}`;
}

export function parseClaimKeys(param: string): PatientClaims[] {
  const byPatient = new Map<string, PatientClaims>();
  const seen = new Set<string>();
  for (const part of param.split(',')) {
    const [patientId = '', scheduleId = '', number = ''] = part.trim().split('~');
    if (!ID.test(patientId) || !ID.test(scheduleId) || !/^\d{1,3}$/.test(number)) continue;
    const key = `${patientId}~${scheduleId}~${Number(number)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let entry = byPatient.get(patientId);
    if (!entry) byPatient.set(patientId, (entry = { patientId, claims: [] }));
    entry.claims.push({ scheduleId, paymentNumber: Number(number) });
  }
  return [...byPatient.values()];
}
