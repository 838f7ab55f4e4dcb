/**
 * Signing documents for a case, and checking them later: what the family signs now (the text
 * from the practice's template version in force, the figures, and the terms it is bound to),
 * which document is next, and whether a stored signature still holds.
 *
 * Binding (DOC-104): a consent is bound to the clinical terms (treatment option, appliance,
 * estimated time, description, case type; its risks text is the template's, kept as signed);
 * a financial agreement to the money terms, from the plan engine (PLAN-101); an autopay
 * authorization to the card or account and the payments it draws. So a fee change voids the
 * agreement and leaves the consent, and a template edit voids nothing already signed.
 *
 * Version-1 signatures (before templates) are checked by their own frozen rule
 * (pipeline/signed-terms-v1.ts) and keep verifying (DOC-105).
 */
import { err, ok, type Result } from '../core/result.ts';
import { formatCents } from '../core/money.ts';
import { formatPhone } from '../core/phone.ts';
import {
  APPLIANCE_LABELS,
  CASE_TYPE_LABELS,
  SIGNED_DOCUMENT_LABELS,
  type BindingTerms,
  type Case,
  type Signature,
  type SignedClause,
  type SignedDocumentKind,
  type SignedTerms,
  type TreatmentOption,
} from './case.schema.ts';
import type { Amendment, Contract } from '../billing/contract.schema.ts';
import type { LatePolicy } from '../billing/ledger.schema.ts';
import type { PaymentSettings } from '../billing/payment-settings.schema.ts';
import { contractPlan, planOfTerms, termsOfOption } from '../billing/contract-charges.ts';
import { formatBasisPoints, type PaymentPlan } from '../billing/payment-plan.ts';
import { paymentsPhrase, planFigures, type PlanFigures } from '../billing/payment-quote.ts';
import {
  bindingHash,
  boundSignatureState,
  signatureState,
  termsHash,
  type SignatureState,
} from './signature.ts';
import { buildTermsV1 } from './signed-terms-v1.ts';
import {
  currentTemplate,
  renderDocument,
  type DocumentTemplate,
  type DocumentValues,
  type TemplateVersion,
} from './document-templates.ts';

/** The order a family signs in on the presentation: consent to the treatment, then the financial agreement. */
export const SIGNING_ORDER: readonly SignedDocumentKind[] = ['consent', 'financial-agreement'];
/** The practice's other documents, signed when they apply. */
export const OTHER_DOCUMENTS: readonly SignedDocumentKind[] = [
  'autopay-authorization',
  'hipaa-acknowledgement',
  'photo-release',
];

export type SigningContext = {
  practiceName: string;
  practicePhone?: string | undefined;
  /** The patient's legal first and last name. */
  patientName: string;
  cases: readonly Pick<Case, 'id' | 'type'>[];
  options: readonly TreatmentOption[];
  /** The practice's payment settings now. */
  paymentSettings: PaymentSettings;
  /** The practice's late policy now (stated by new agreements). */
  latePolicy: LatePolicy;
  /** The practice's document template versions (the practice document). */
  templates: readonly DocumentTemplate[];
  /**
   * The family's contracts and amendments, when the reader may see them: a contract keeps the
   * settings it was agreed with, and the agreement for its option is checked with those.
   */
  contracts?: readonly Pick<Contract, 'id' | 'optionId' | 'status' | 'settings' | 'terms' | 'autopay'>[];
  amendments?: readonly Amendment[];
};

// ---------------------------------------------------------------------------------------------
// The money terms

/** The contract of an option that still stands (not cancelled), if the reader can see it. */
function contractOf(optionId: string, context: Pick<SigningContext, 'contracts'>) {
  return context.contracts?.find((c) => c.optionId === optionId && c.status !== 'cancelled');
}

/**
 * The plan the financial agreement for `option` states (PLAN-101): the option's chosen terms,
 * planned with the settings of its contract, or the practice's when it has none yet.
 */
export function agreementPlanFor(
  option: TreatmentOption,
  context: Pick<SigningContext, 'paymentSettings' | 'contracts'>,
  startDate: string,
): Result<PaymentPlan, { message: string }> {
  const contract = contractOf(option.id, context);
  return planOfTerms(termsOfOption(option, startDate), contract?.settings ?? context.paymentSettings);
}

function paymentParagraph(f: PlanFigures): string {
  if (f.payInFull)
    return `Payment. The family's portion of ${formatCents(f.dueAtStartCents)} is paid in full at the start of treatment.`;
  const start =
    f.dueAtStartCents > 0
      ? `A down payment of ${formatCents(f.dueAtStartCents)} is due at the start of treatment.`
      : 'No down payment is due.';
  if (f.count === 0) return `Payment. ${start} No other payments are due.`;
  return `Payment. ${start} The remaining ${formatCents(f.financedCents)} is paid in ${paymentsPhrase(f)}.`;
}

/** The late policy in words (LATE-103): grace days, the late fee, the escalation steps. */
export function latePolicySentence(policy: LatePolicy): string {
  const days = policy.graceDays === 1 ? '1 day' : `${policy.graceDays} days`;
  const parts = [`A payment not received within ${days} of its due date is late.`];
  if (policy.lateFeeCents)
    parts.push(`A late fee of ${formatCents(policy.lateFeeCents)} is charged on a late account.`);
  const steps = [...policy.steps].sort((a, b) => a.afterDays - b.afterDays);
  if (steps.length > 0)
    parts.push(
      `An account that stays late is followed up: ${steps.map((s) => `at ${s.afterDays} days late, ${s.label.toLowerCase()}`).join('; ')}.`,
    );
  return parts.join(' ');
}

function moneyValues(f: PlanFigures, policy: LatePolicy): DocumentValues {
  const insurance = f.insuranceCents;
  return {
    'plan.fee': formatCents(f.feeCents),
    'plan.insurance':
      insurance > 0
        ? `Insurance. Insurance is estimated to pay ${formatCents(insurance)}. This is an estimate, not a promise: the insurance company decides what it pays, and may pay over time or stop paying if coverage ends. The family owes any part of the fee that insurance does not pay. The family's estimated portion is ${formatCents(f.portionBeforeDiscountsCents)}.`
        : `Insurance. No insurance payment is estimated: the family owes the whole fee of ${formatCents(f.portionBeforeDiscountsCents)}.`,
    'plan.portion': formatCents(f.patientPortionCents),
    'plan.discounts':
      f.discountLines.length === 0
        ? ''
        : `Discounts. ${f.discountLines.map((d) => `${d.label}, ${formatCents(d.cents)} off`).join('; ')}. The family's portion after discounts is ${formatCents(f.patientPortionCents)}.`,
    'plan.payment': paymentParagraph(f),
    'plan.interest':
      f.totalInterestCents === 0
        ? ''
        : `Interest. The financed amount bears interest at an annual percentage rate of ${formatBasisPoints(f.aprBasisPoints)}: ${formatCents(f.totalInterestCents)} in interest over the plan, so the family pays ${formatCents(f.totalCents)} in all.`,
    'plan.total': formatCents(f.totalCents),
    'late.policy': latePolicySentence(policy),
    'late.fee': policy.lateFeeCents ? formatCents(policy.lateFeeCents) : '',
  };
}

type Figure = SignedTerms['figures'][number];

/** The money figures of an agreement (PLAN-101: the same numbers the presentation showed). */
export function moneyFigures(f: PlanFigures): Figure[] {
  const figures: Figure[] = [
    { label: 'Treatment fee', value: formatCents(f.feeCents) },
    { label: 'Insurance estimate', value: formatCents(f.insuranceCents) },
    { label: 'Patient portion', value: formatCents(f.portionBeforeDiscountsCents) },
    ...f.discountLines.map((d) => ({ label: d.label, value: `-${formatCents(d.cents)}` })),
  ];
  if (f.payInFull) {
    figures.push({ label: 'Paid in full at the start', value: formatCents(f.dueAtStartCents) });
  } else {
    figures.push({ label: 'Due at start', value: formatCents(f.dueAtStartCents) });
    if (f.count > 0) {
      const monthly = f.frequency === 'monthly';
      figures.push(
        { label: 'Financed', value: formatCents(f.financedCents) },
        { label: monthly ? 'Number of monthly payments' : 'Number of payments', value: String(f.count) },
        ...(f.firstCents !== f.regularCents
          ? [{ label: 'First payment', value: formatCents(f.firstCents) }]
          : []),
        { label: monthly ? 'Monthly payment' : 'Payment', value: formatCents(f.regularCents) },
        ...(f.lastCents !== f.regularCents
          ? [{ label: 'Last payment', value: formatCents(f.lastCents) }]
          : []),
      );
    }
  }
  if (f.totalInterestCents > 0)
    figures.push(
      { label: 'Annual percentage rate', value: formatBasisPoints(f.aprBasisPoints) },
      { label: 'Interest', value: formatCents(f.totalInterestCents) },
    );
  figures.push({ label: 'Total the family pays', value: formatCents(f.totalCents) });
  return figures;
}

function moneyBinding(option: TreatmentOption, f: PlanFigures): BindingTerms {
  return [
    { key: 'option', value: option.name },
    { key: 'fee', value: String(f.feeCents) },
    { key: 'insurance', value: String(f.insuranceCents) },
    { key: 'discounts', value: f.discountLines.map((d) => `${d.kind}:${d.cents}`).join(',') },
    { key: 'payInFull', value: String(f.payInFull) },
    { key: 'dueAtStart', value: String(f.dueAtStartCents) },
    { key: 'financed', value: String(f.financedCents) },
    { key: 'payments', value: `${f.count}:${f.firstCents}:${f.regularCents}:${f.lastCents}:${f.frequency}` },
    { key: 'interest', value: `${f.aprBasisPoints}:${f.totalInterestCents}` },
    { key: 'total', value: String(f.totalCents) },
  ];
}

// ---------------------------------------------------------------------------------------------
// The clinical terms

function months(n: number): string {
  return n === 1 ? '1 month' : `${n} months`;
}

function treatmentValues(option: TreatmentOption, theCase: Pick<Case, 'type'>): DocumentValues {
  const about = option.description?.trim();
  return {
    'case.type': CASE_TYPE_LABELS[theCase.type],
    'option.name': option.name,
    'option.appliance': APPLIANCE_LABELS[option.appliance].toLowerCase(),
    'option.months': months(option.months),
    'option.about': about ? `About this option: ${about}` : '',
  };
}

function treatmentFigures(option: TreatmentOption, theCase: Pick<Case, 'type'>): Figure[] {
  return [
    { label: 'Type of case', value: CASE_TYPE_LABELS[theCase.type] },
    { label: 'Treatment option', value: option.name },
    { label: 'Appliance', value: APPLIANCE_LABELS[option.appliance] },
    ...(option.cdtCode ? [{ label: 'Procedure code', value: option.cdtCode }] : []),
    { label: 'Estimated time', value: months(option.months) },
  ];
}

function clinicalBinding(option: TreatmentOption, theCase: Pick<Case, 'type'>): BindingTerms {
  return [
    { key: 'caseType', value: theCase.type },
    { key: 'option', value: option.name },
    { key: 'appliance', value: option.appliance },
    { key: 'months', value: String(option.months) },
    { key: 'description', value: option.description?.trim() ?? '' },
    { key: 'cdtCode', value: option.cdtCode ?? '' },
  ];
}

// ---------------------------------------------------------------------------------------------
// Autopay

const ORDINAL = (n: number) =>
  `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;

// ---------------------------------------------------------------------------------------------
// One document

export type DocumentSubject = {
  kind: SignedDocumentKind;
  caseId: string;
  option?: TreatmentOption;
  /** The contract an autopay authorization is for (its plan with amendments, its autopay). */
  contract?: Pick<Contract, 'id' | 'terms' | 'settings' | 'autopay'>;
};

export type DocumentToSign = {
  kind: SignedDocumentKind;
  template: TemplateVersion;
  terms: SignedTerms;
  binding: BindingTerms;
  /** Fields the template needs that have no value: the document cannot be signed until they do. */
  missing: string[];
};

/** Why a document cannot be prepared (the option's plan was refused, autopay not set up…). */
export type DocumentProblem = { message: string };

/** Values, figures, binding and clauses of one document, before its template is applied. */
type Parts = { values: DocumentValues; figures: Figure[]; binding: BindingTerms; clauses: SignedClause[] };

function partsOf(
  subject: DocumentSubject,
  context: SigningContext,
  template: TemplateVersion,
  today: string,
): Result<Parts, DocumentProblem> {
  const common: DocumentValues = {
    'patient.name': context.patientName,
    'practice.name': context.practiceName,
    'practice.phone': context.practicePhone ? formatPhone(context.practicePhone) : undefined,
  };
  const who: Figure[] = [
    { label: 'Patient', value: context.patientName },
    { label: 'Practice', value: context.practiceName },
  ];
  const theCase = context.cases.find((c) => c.id === subject.caseId);
  const { option } = subject;
  switch (subject.kind) {
    case 'consent': {
      if (!option || !theCase) return err({ message: 'The treatment option is gone.' });
      return ok({
        values: { ...common, ...treatmentValues(option, theCase) },
        figures: [...who, ...treatmentFigures(option, theCase)],
        binding: clinicalBinding(option, theCase),
        clauses: [],
      });
    }
    case 'financial-agreement': {
      if (!option || !theCase) return err({ message: 'The treatment option is gone.' });
      const plan = agreementPlanFor(option, context, today);
      if (!plan.ok) return err({ message: plan.error.message });
      const figures = planFigures(plan.value);
      const policy = context.latePolicy;
      const statesLateFee = /\{\{\s*late\.(policy|fee)\s*\}\}/.test(template.body);
      const clauses: SignedClause[] =
        statesLateFee && policy.lateFeeCents
          ? [{ kind: 'late-fee', cents: policy.lateFeeCents, graceDays: policy.graceDays }]
          : [];
      return ok({
        values: { ...common, ...treatmentValues(option, theCase), ...moneyValues(figures, policy) },
        figures: [
          ...who,
          { label: 'Treatment option', value: option.name },
          ...moneyFigures(figures),
          ...(clauses[0]
            ? [
                {
                  label: 'Late fee',
                  value: `${formatCents(clauses[0].cents)} after ${clauses[0].graceDays} days`,
                },
              ]
            : []),
        ],
        binding: moneyBinding(option, figures),
        clauses,
      });
    }
    case 'autopay-authorization': {
      const contract = subject.contract;
      if (!contract?.autopay?.enrolled)
        return err({
          message: 'Enroll autopay on the contract first (card or account, last four digits, draft day).',
        });
      const plan = contractPlan(contract, context.amendments ?? [], context.paymentSettings);
      if (!plan.ok) return err({ message: plan.error.message });
      const f = planFigures(plan.value);
      const { autopay } = contract;
      const payments = f.count > 0 ? paymentsPhrase(f) : 'no payments remain';
      const method = autopay.method === 'card' ? 'card' : 'bank account';
      return ok({
        values: {
          ...common,
          'autopay.method': method,
          'autopay.last4': autopay.last4,
          'autopay.day': ORDINAL(autopay.draftDay),
          'autopay.payments': payments,
        },
        figures: [
          ...who,
          { label: 'Charged to', value: `${method} ending in ${autopay.last4}` },
          { label: 'Draft day', value: `${ORDINAL(autopay.draftDay)} of the month` },
          { label: 'Payments', value: payments },
        ],
        binding: [
          { key: 'contract', value: contract.id },
          { key: 'method', value: autopay.method },
          { key: 'last4', value: autopay.last4 },
          { key: 'draftDay', value: String(autopay.draftDay) },
          {
            key: 'payments',
            value: `${f.count}:${f.firstCents}:${f.regularCents}:${f.lastCents}:${f.frequency}`,
          },
        ],
        clauses: [],
      });
    }
    case 'hipaa-acknowledgement':
    case 'photo-release':
      return ok({
        values: common,
        figures: who,
        binding: [{ key: 'document', value: subject.kind }],
        clauses: [],
      });
  }
}

/** The document to sign now: rendered from the practice's template version in force (DOC-101). */
export function documentToSign(
  subject: DocumentSubject,
  context: SigningContext,
  today: string,
): Result<DocumentToSign, DocumentProblem> {
  const template = currentTemplate(context.templates, subject.kind);
  const parts = partsOf(subject, context, template, today);
  if (!parts.ok) return parts;
  const rendered = renderDocument(template, parts.value.values);
  const title = subject.option
    ? `${template.title}: ${subject.option.name}`
    : `${template.title}: ${context.patientName}`;
  const terms: SignedTerms = {
    title: title.slice(0, 200),
    paragraphs: rendered.paragraphs,
    figures: parts.value.figures.slice(0, 30),
    ...(parts.value.clauses.length > 0 ? { clauses: parts.value.clauses } : {}),
  };
  return ok({
    kind: subject.kind,
    template,
    terms,
    binding: parts.value.binding,
    missing: [...rendered.missing, ...rendered.unknown.map((k) => `{{ ${k} }}`)],
  });
}

/** The fields a new version-2 signature stores besides who signed. */
export function signatureRecordOf(document: DocumentToSign) {
  return {
    kind: document.kind,
    terms: document.terms,
    termsHash: termsHash(document.terms),
    termsVersion: 2 as const,
    template: { id: document.template.id, version: document.template.version },
    binding: document.binding,
    bindingHash: bindingHash(document.binding),
  };
}

// ---------------------------------------------------------------------------------------------
// Checking stored signatures

/** The binding terms a version-2 signature would carry if signed now; null when its subject is gone. */
function currentBinding(signature: Signature, context: SigningContext): BindingTerms | null {
  const option = context.options.find((o) => o.id === signature.optionId && o.caseId === signature.caseId);
  const contract = signature.contractId
    ? context.contracts?.find((c) => c.id === signature.contractId)
    : undefined;
  const subject: DocumentSubject = {
    kind: signature.kind,
    caseId: signature.caseId,
    ...(option ? { option } : {}),
    ...(contract ? { contract } : {}),
  };
  // The binding does not depend on the template's text; the signed version is passed for the clauses only.
  const template = currentTemplate(context.templates, signature.kind);
  const parts = partsOf(subject, context, template, signature.signedAt.slice(0, 10));
  return parts.ok ? parts.value.binding : null;
}

/** Whether a stored signature still holds, by the rule of its version (DOC-105). */
export function checkSignature(signature: Signature, context: SigningContext): SignatureState {
  if (signature.termsVersion === 2) return boundSignatureState(signature, currentBinding(signature, context));
  return signatureState(signature, currentTermsV1(signature, context));
}

/** The whole text a version-1 signature would carry if signed now (null when its option is gone). */
export function currentTermsV1(
  signature: Pick<Signature, 'kind' | 'caseId' | 'optionId' | 'signedAt'>,
  context: SigningContext,
): SignedTerms | null {
  const option = context.options.find((o) => o.id === signature.optionId && o.caseId === signature.caseId);
  const theCase = context.cases.find((c) => c.id === signature.caseId);
  if (!option || !theCase) return null;
  if (signature.kind !== 'consent' && signature.kind !== 'financial-agreement') return null;
  const plan =
    signature.kind === 'financial-agreement'
      ? agreementPlanFor(option, context, signature.signedAt.slice(0, 10))
      : null;
  return buildTermsV1({
    kind: signature.kind,
    practiceName: context.practiceName,
    patientName: context.patientName,
    caseType: theCase.type,
    option,
    ...(plan?.ok ? { plan: plan.value } : {}),
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

function latestOf(signatures: readonly Signature[]): Signature | null {
  return signatures.reduce<Signature | null>(
    (last, s) => (last === null || s.signedAt >= last.signedAt ? s : last),
    null,
  );
}

/**
 * Where each document of the accepted option stands, in signing order. A document is done when
 * its most recent signature for this option is still valid.
 */
export function documentSteps(
  caseId: string,
  optionId: string,
  signatures: readonly Signature[],
  context: SigningContext,
): DocumentStep[] {
  return SIGNING_ORDER.map((kind) => {
    const latest = latestOf(
      signatures.filter((s) => s.caseId === caseId && s.optionId === optionId && s.kind === kind),
    );
    const state = latest ? checkSignature(latest, context) : null;
    return { kind, latest, state, done: state?.state === 'valid' };
  });
}

/** Where each of the practice's other documents stands for the case (latest signature, valid or not). */
export function otherDocumentSteps(
  caseId: string,
  signatures: readonly Signature[],
  context: SigningContext,
): DocumentStep[] {
  return OTHER_DOCUMENTS.map((kind) => {
    const latest = latestOf(signatures.filter((s) => s.caseId === caseId && s.kind === kind));
    const state = latest ? checkSignature(latest, context) : null;
    return { kind, latest, state, done: state?.state === 'valid' };
  });
}

/**
 * Whether a signed financial agreement states exactly this contract's terms (CONTRACT-101): only
 * then does the agreement sign the contract.
 */
export function agreementCoversContract(
  signature: Signature,
  option: TreatmentOption,
  contract: Pick<Contract, 'id' | 'optionId' | 'status' | 'terms' | 'settings' | 'autopay'>,
  context: SigningContext,
): boolean {
  if (signature.kind !== 'financial-agreement' || signature.optionId !== option.id) return false;
  // The agreement is checked as if the contract's terms were the option's choice.
  const asChosen: TreatmentOption = {
    ...option,
    feeCents: contract.terms.feeCents,
    insuranceEstimateCents: contract.terms.insuranceCents,
    ...(contract.terms.payInFull
      ? { installments: 0, downPaymentCents: 0 }
      : { installments: contract.terms.months, downPaymentCents: contract.terms.downPaymentCents }),
  };
  const withContract: SigningContext = {
    ...context,
    options: context.options.map((o) => (o.id === option.id ? asChosen : o)),
    contracts: [contract],
  };
  return checkSignature(signature, withContract).state === 'valid';
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

/** The label of a document kind, lower case, for sentences ("Sign the financial agreement"). */
export function documentNoun(kind: SignedDocumentKind): string {
  return SIGNED_DOCUMENT_LABELS[kind].toLowerCase();
}
