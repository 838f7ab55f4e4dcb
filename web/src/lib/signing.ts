/**
 * What the presentation and signed-document screens decide, without the screens: which status
 * moves accept an option, the terms a stored signature is checked against today, which document
 * is next to sign, and how a void signature is announced. Plain functions over plain records.
 */
import {
  ageOn,
  buildTerms,
  planOfTerms,
  signatureState,
  termsHash,
  termsOfOption,
  type Contract,
  type PaymentPlan,
  type PaymentSettings,
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
  /** The practice's payment settings now (`practice.paymentSettings`). */
  paymentSettings: PaymentSettings;
  /**
   * The family's contracts, when the reader may see them: a contract keeps the settings it was
   * agreed with, and the agreement for its option is checked with those, not today's.
   */
  contracts?: readonly Pick<Contract, 'optionId' | 'status' | 'settings'>[];
};

/**
 * The contract plan the financial agreement for `option` states: the option's chosen terms
 * planned with the settings of the option's contract, or the practice's when it has none yet.
 * Undefined when the engine refuses the terms (the agreement then states the simple plan).
 */
export function agreementPlanFor(
  option: TreatmentOption,
  context: Pick<TermsContext, 'paymentSettings' | 'contracts'>,
  startDate: string,
): PaymentPlan | undefined {
  const contract = context.contracts?.find((c) => c.optionId === option.id && c.status !== 'cancelled');
  const plan = planOfTerms(termsOfOption(option, startDate), contract?.settings ?? context.paymentSettings);
  return plan.ok ? plan.value : undefined;
}

/** The terms a family signs now for one document of an option. */
export function termsToSign(
  kind: SignedDocumentKind,
  option: TreatmentOption,
  theCase: Pick<Case, 'type'>,
  context: TermsContext,
  today: string,
): SignedTerms {
  return buildTerms({
    kind,
    practiceName: context.practiceName,
    patientName: context.patientName,
    caseType: theCase.type,
    option,
    ...(kind === 'financial-agreement' ? { plan: agreementPlanFor(option, context, today) } : {}),
  });
}

/**
 * Whether a signed financial agreement states exactly this contract's plan (its terms planned
 * with its settings): only then does the agreement on file sign the contract.
 */
export function agreementCoversContract(
  signature: Pick<Signature, 'termsHash'>,
  option: TreatmentOption,
  theCase: Pick<Case, 'type'>,
  contract: Pick<Contract, 'terms' | 'settings'>,
  context: Pick<TermsContext, 'practiceName' | 'patientName' | 'paymentSettings'>,
): boolean {
  const plan = planOfTerms(contract.terms, contract.settings ?? context.paymentSettings);
  if (!plan.ok) return false;
  const terms = buildTerms({
    kind: 'financial-agreement',
    practiceName: context.practiceName,
    patientName: context.patientName,
    caseType: theCase.type,
    option,
    plan: plan.value,
  });
  return termsHash(terms) === signature.termsHash;
}

/**
 * The terms a signature would carry if signed now: rebuilt from its option as it is today.
 * Null when the case or the option is gone (the signature is then void).
 */
export function currentTermsFor(
  signature: Pick<Signature, 'kind' | 'caseId' | 'optionId' | 'signedAt'>,
  context: TermsContext,
): SignedTerms | null {
  const option = context.options.find((o) => o.id === signature.optionId && o.caseId === signature.caseId);
  const theCase = context.cases.find((c) => c.id === signature.caseId);
  if (!option || !theCase) return null;
  // The plan's figures do not depend on the day; the signing day keeps the input fixed anyway.
  return termsToSign(signature.kind, option, theCase, context, signature.signedAt.slice(0, 10));
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

/** The context signatures are checked in, for a patient's open chart (practice, patient, options). */
export function termsContextFor(input: {
  practiceName: string;
  patient: { firstName: string; lastName: string } | undefined;
  chart: { cases: readonly Case[]; options: readonly TreatmentOption[] };
  paymentSettings: PaymentSettings;
  contracts?: readonly Pick<Contract, 'optionId' | 'status' | 'settings'>[];
}): TermsContext {
  return {
    practiceName: input.practiceName,
    patientName: input.patient ? signedName(input.patient) : '',
    cases: input.chart.cases,
    options: input.chart.options,
    paymentSettings: input.paymentSettings,
    ...(input.contracts ? { contracts: input.contracts } : {}),
  };
}

/**
 * READY-101: where the informed consent of the case's accepted option stands: signed and valid,
 * signed for terms that changed (void), or not signed.
 */
export function consentStateOf(
  theCase: Pick<Case, 'id' | 'acceptedOptionId'>,
  signatures: readonly Signature[],
  context: TermsContext,
): 'signed' | 'void' | 'missing' {
  if (!theCase.acceptedOptionId) return 'missing';
  const step = documentSteps(theCase.id, theCase.acceptedOptionId, signatures, context)[0]!;
  return step.done ? 'signed' : step.latest ? 'void' : 'missing';
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
