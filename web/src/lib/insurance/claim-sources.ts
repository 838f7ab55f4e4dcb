/**
 * What a claim form or a claim letter is filled from, gathered from the app's open documents:
 * the patient's insurance and chart (the care state), the patients document (carriers, parties,
 * the family's address) and the practice (the patient's location, the doctor).
 */
import { formatPhone, type ClaimFormSources, type ClaimView, type Patient } from '@aligned/shared';
import type { AppState } from '$lib/state/app.svelte.ts';
import type { PatientCareState } from '$lib/state/care.svelte.ts';

export function claimSourcesFor(
  app: AppState,
  care: PatientCareState,
  patient: Patient,
  claim: ClaimView,
): ClaimFormSources {
  const theCase = care.chart.cases.find((c) => c.id === claim.caseId);
  const option = care.chart.options.find((o) => o.id === theCase?.acceptedOptionId);
  const location = app.practice?.locations.find((l) => l.id === (theCase?.locationId ?? patient.locationId));
  const doctor = (app.practice?.staff ?? []).find(
    (s) =>
      s.role === 'doctor' &&
      s.active &&
      (s.locationIds.length === 0 || (location !== undefined && s.locationIds.includes(location.id))),
  );
  const phone = location?.phone ?? app.practice?.practice?.phone;
  const practiceName = app.practice?.practice?.name ?? '';
  return {
    claim,
    insurance: care.insurance,
    carrierOf: (id) => app.patients?.carriers.records.get(id),
    patient,
    partyOf: (id) => app.patients?.parties.records.get(id),
    familyAddress: app.patients?.familyOf(patient).family?.address,
    theCase,
    option: option && {
      name: option.name,
      feeCents: option.feeCents,
      months: option.months,
      cdtCode: option.cdtCode,
    },
    billing: {
      name: location && location.name !== practiceName ? `${practiceName}, ${location.name}` : practiceName,
      address: location?.address,
      phone: phone ? formatPhone(phone) : undefined,
      taxId: location?.taxId,
      npi: location?.npi,
    },
    treatingDentist: doctor ? { name: doctor.name } : undefined,
  };
}
