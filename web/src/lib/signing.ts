/**
 * What the presentation and signed-document screens need besides the shared signing rules
 * (pipeline/signed-documents.ts, pipeline/signer.ts): which status moves accept an option, the
 * signer roles' labels, and the signing context built from what the app holds.
 */
import {
  DEFAULT_LATE_POLICY,
  signedName,
  type Amendment,
  type Case,
  type CaseStatus,
  type Contract,
  type SignerRole,
  type SigningContext,
  type TreatmentOption,
} from '@aligned/shared';
import type { AppState } from './state/app.svelte.ts';

export const SIGNER_ROLE_LABELS: Record<SignerRole, string> = {
  patient: 'Patient',
  parent: 'Parent',
  guardian: 'Guardian',
  'responsible-party': 'Responsible party',
};

/**
 * The status moves that accept `optionId`, in order, or null when the case cannot accept from
 * where it is (before the exam's recommendation, or once treatment has started). A recommended
 * case is marked presented first, so the presentation date is kept; an accepted case changing
 * its mind steps back to pending before accepting the other option.
 */
export function acceptMoves(
  status: CaseStatus,
  optionId: string,
  acceptedOptionId: string | undefined,
): CaseStatus[] | null {
  switch (status) {
    case 'recommended':
    case 'declined':
      return ['pending', 'accepted'];
    case 'pending':
      return ['accepted'];
    case 'accepted':
      return acceptedOptionId === optionId ? [] : ['pending', 'accepted'];
    default:
      return null;
  }
}

/**
 * The signing context of one patient from what the app holds: the practice (name, phone,
 * settings, late policy, document templates), the patient's chart and the family's contracts
 * when the reader may see them. Null until the practice and the patient are known.
 */
export function signingContextOf(
  app: AppState,
  patient: { firstName: string; lastName: string } | undefined,
  chart:
    { cases: readonly Pick<Case, 'id' | 'type'>[]; options: readonly TreatmentOption[] } | null | undefined,
  family: { contracts: readonly Contract[]; amendments: readonly Amendment[] },
): SigningContext | null {
  const practice = app.practice?.practice;
  if (!practice || !patient || !chart) return null;
  return {
    practiceName: practice.name,
    practicePhone: practice.phone,
    patientName: signedName(patient),
    cases: chart.cases,
    options: chart.options,
    paymentSettings: practice.paymentSettings ?? {},
    latePolicy: practice.latePolicy ?? DEFAULT_LATE_POLICY,
    templates: app.practice?.documentTemplates ?? [],
    contracts: family.contracts,
    amendments: family.amendments,
  };
}
