/**
 * What the presentation and signed-document screens decide, without the screens: which status
 * moves accept an option, the terms a stored signature is checked against today, which document
 * is next to sign, and how a void signature is announced. Plain functions over plain records.
 */
import {
  ageOn,
  buildTerms,
  signatureState,
  type Case,
  type CaseStatus,
  type Signature,
  type SignatureState,
  type SignedDocumentKind,
  type SignedTerms,
  type TreatmentOption,
} from '@aligned/shared';

/** The order a family signs in: consent to the treatment, then the financial agreement. */
export const SIGNING_ORDER: readonly SignedDocumentKind[] = ['consent', 'financial-agreement'];

export type SignerRole = Signature['signerRole'];

export const SIGNER_ROLE_LABELS: Record<SignerRole, string> = {
  patient: 'Patient',
  parent: 'Parent',
  guardian: 'Guardian',
  'responsible-party': 'Responsible party',
};

/** The patient's name as it goes into signed terms: legal first and last name, never a nickname. */
export function signedName(person: { firstName: string; lastName: string }): string {
  return `${person.firstName} ${person.lastName}`;
}

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

export type TermsContext = {
  practiceName: string;
  patientName: string;
  cases: readonly Pick<Case, 'id' | 'type'>[];
  options: readonly TreatmentOption[];
};

/**
 * The terms a signature would carry if signed now: rebuilt from its option as it is today.
 * Null when the case or the option is gone (the signature is then void).
 */
export function currentTermsFor(
  signature: Pick<Signature, 'kind' | 'caseId' | 'optionId'>,
  context: TermsContext,
): SignedTerms | null {
  const option = context.options.find((o) => o.id === signature.optionId && o.caseId === signature.caseId);
  const theCase = context.cases.find((c) => c.id === signature.caseId);
  if (!option || !theCase) return null;
  return buildTerms({
    kind: signature.kind,
    practiceName: context.practiceName,
    patientName: context.patientName,
    caseType: theCase.type,
    option,
  });
}

export type DocumentStep = {
  kind: SignedDocumentKind;
  /** The most recent signature of this document for the option, if any. */
  latest: Signature | null;
  state: SignatureState | null;
  /** Signed and still valid: nothing more to do. */
  done: boolean;
};

/**
 * Where each document of the accepted option stands, in signing order. A document is done when
 * its most recent signature for this option is still valid.
 */
export function documentSteps(
  caseId: string,
  optionId: string,
  signatures: readonly Signature[],
  context: TermsContext,
): DocumentStep[] {
  return SIGNING_ORDER.map((kind) => {
    const mine = signatures.filter((s) => s.caseId === caseId && s.optionId === optionId && s.kind === kind);
    const latest = mine.reduce<Signature | null>(
      (last, s) => (last === null || s.signedAt >= last.signedAt ? s : last),
      null,
    );
    const state = latest ? signatureState(latest, currentTermsFor(latest, context)) : null;
    return { kind, latest, state, done: state?.state === 'valid' };
  });
}

/** The headline of a void signature's banner (the state's message gives the detail). */
export function voidHeadline(reason: Extract<SignatureState, { state: 'void' }>['reason']): string {
  switch (reason) {
    case 'terms-changed':
      return 'Void — terms changed after signing';
    case 'terms-gone':
      return 'Void — the option signed for was removed';
    case 'tampered':
      return 'Void — the record does not match what was signed';
  }
}

/** Who usually signs: the patient when an adult, otherwise a parent. */
export function defaultSignerRole(dateOfBirth: string | undefined, today: string): SignerRole {
  const age = dateOfBirth ? ageOn(dateOfBirth, today) : null;
  return age !== null && age >= 18 ? 'patient' : 'parent';
}
