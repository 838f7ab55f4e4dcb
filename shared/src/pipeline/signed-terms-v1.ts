/**
 * The terms of version-1 signatures (signed before practice templates), frozen: a version-1
 * signature is checked by rebuilding its whole text from the option as it is now, so this text
 * must never change, or every such signature would show void (DOC-105). New signatures are
 * rendered from templates (pipeline/signed-documents.ts).
 *
 * The payment figures come from the plan engine's plan when one was given; without one (the
 * engine refused the terms) they are worked out by the rule the app used before the engine:
 * no discounts, no interest, equal payments with the remainder on the last.
 */
import {
  APPLIANCE_LABELS,
  CASE_TYPE_LABELS,
  SIGNED_DOCUMENT_LABELS,
  type CaseType,
  type SignedDocumentKind,
  type SignedTerms,
  type TreatmentOptionFields,
} from './case.schema.ts';
import { formatCents } from '../core/money.ts';
import { formatBasisPoints, type DiscountLine, type PaymentPlan } from '../billing/payment-plan.ts';
import type { PlanFrequency } from '../billing/payment-settings.schema.ts';

/** The option fields that go into signed terms. */
export type TermsOption = Pick<
  TreatmentOptionFields,
  | 'name'
  | 'appliance'
  | 'feeCents'
  | 'months'
  | 'description'
  | 'insuranceEstimateCents'
  | 'downPaymentCents'
  | 'installments'
  | 'cdtCode'
>;

export type TermsInput = {
  kind: SignedDocumentKind;
  practiceName: string;
  patientName: string;
  caseType: CaseType;
  option: TermsOption;
  /**
   * The contract's plan from the plan engine (`planOfTerms(termsOfOption(…), settings)`), so the
   * agreement states the discounts, rounding and interest the account will be charged. Without
   * it the agreement states the rule before the engine (no discounts, no interest).
   */
  plan?: PaymentPlan;
};

type Figure = SignedTerms['figures'][number];

function months(n: number): string {
  return n === 1 ? '1 month' : `${n} months`;
}

/** Who, what and how long: the figures both documents start with. */
function commonFigures({ practiceName, patientName, caseType, option }: TermsInput): Figure[] {
  return [
    { label: 'Patient', value: patientName },
    { label: 'Practice', value: practiceName },
    { label: 'Type of case', value: CASE_TYPE_LABELS[caseType] },
    { label: 'Treatment option', value: option.name },
    { label: 'Appliance', value: APPLIANCE_LABELS[option.appliance] },
    ...(option.cdtCode ? [{ label: 'Procedure code', value: option.cdtCode }] : []),
    { label: 'Estimated time', value: months(option.months) },
    { label: 'Treatment fee', value: formatCents(option.feeCents) },
  ];
}

function describedParagraph(option: TermsOption): string[] {
  const description = option.description?.trim();
  return description ? [`About this option: ${description}`] : [];
}

function consentParagraphs({ practiceName, patientName, option }: TermsInput): string[] {
  const appliance = APPLIANCE_LABELS[option.appliance].toLowerCase();
  return [
    `The treatment. ${practiceName} recommends orthodontic treatment for ${patientName}: ${option.name}, using ${appliance}. Orthodontic treatment moves teeth and guides jaw growth to improve the bite and the position of the teeth.`,
    ...describedParagraph(option),
    `How long it takes. Treatment is estimated to take about ${months(option.months)}. This is an estimate: how the teeth and jaws respond, growth, missed appointments and broken appliances can make it longer.`,
    'Cooperation matters. Good results depend on the patient as much as on the practice: brushing and flossing well, wearing elastics, aligners or other appliances as instructed, avoiding foods that break appliances, and keeping appointments.',
    'Risks. Like any treatment, orthodontics has risks. The most common are: white spots or cavities on the teeth (decalcification) when they are not kept clean; shortening of the tooth roots (root resorption), usually minor; teeth moving back toward where they were (relapse) when retainers are not worn as instructed, for as long as instructed; and soreness or discomfort, mostly for a few days after appliances are placed or adjusted.',
    'After treatment. Teeth can shift throughout life. Retainers hold the result, and wearing them as instructed is part of the treatment.',
    'Questions. The treatment, its alternatives (including not treating), and these risks have been explained to me, and my questions have been answered. I can ask more at any time.',
    `By signing, I consent to this treatment for ${patientName}.`,
  ];
}

/**
 * The payment figures an agreement states, from the plan engine's plan when the caller has one
 * (the contract's own plan: discounts, rounding convention, interest) or, for callers without
 * practice settings, the rule before the engine. For a plan without discounts or interest under
 * the default rounding both give the same figures, so agreements signed before the engine verify.
 */
type AgreementPlan = {
  /** fee − insurance, before discounts. */
  portionBeforeDiscountsCents: number;
  discountLines: readonly DiscountLine[];
  dueAtStartCents: number;
  financedCents: number;
  installments: readonly number[];
  frequency: PlanFrequency;
  totalInterestCents: number;
  aprBasisPoints: number;
  totalPatientCents: number;
};

function agreementPlan(option: TermsOption, plan: PaymentPlan | undefined): AgreementPlan {
  if (plan) {
    return {
      portionBeforeDiscountsCents: plan.feeCents - plan.insuranceCents,
      discountLines: plan.discountLines,
      dueAtStartCents: plan.downPaymentCents,
      financedCents: plan.financedCents,
      installments: plan.installments.map((i) => i.amountCents),
      frequency: plan.settings.frequency,
      totalInterestCents: plan.totalInterestCents,
      aprBasisPoints: plan.settings.aprBasisPoints,
      totalPatientCents: plan.totalPatientCents,
    };
  }
  // The rule before the plan engine, kept so these agreements still verify.
  const portion = Math.max(0, option.feeCents - (option.insuranceEstimateCents ?? 0));
  const n = option.installments ?? 0;
  const financedCents = n === 0 ? 0 : Math.max(0, portion - (option.downPaymentCents ?? 0));
  const each = n === 0 ? 0 : Math.floor(financedCents / n);
  const installments =
    n > 0 && financedCents > 0
      ? [...Array.from({ length: n - 1 }, () => each), financedCents - each * (n - 1)]
      : [];
  return {
    portionBeforeDiscountsCents: portion,
    discountLines: [],
    dueAtStartCents: portion - financedCents,
    financedCents,
    installments,
    frequency: 'monthly',
    totalInterestCents: 0,
    aprBasisPoints: 0,
    totalPatientCents: portion,
  };
}

const PAYMENT_NOUN: Record<PlanFrequency, string> = {
  monthly: 'monthly payments',
  weekly: 'weekly payments',
  biweekly: 'payments every two weeks',
  quarterly: 'quarterly payments',
};

/** "12 monthly payments of $316.66": the installments as one phrase, whichever payment differs. */
function paymentsPhrase(amounts: readonly number[], frequency: PlanFrequency): string {
  const n = amounts.length;
  const noun = PAYMENT_NOUN[frequency];
  const first = amounts[0] ?? 0;
  const last = amounts[n - 1] ?? 0;
  const regular = amounts[n > 2 ? 1 : 0] ?? 0;
  if (n === 1) return `one payment of ${formatCents(last)}`;
  if (amounts.every((a) => a === first)) return `${n} ${noun} of ${formatCents(first)}`;
  if (amounts.slice(0, -1).every((a) => a === first))
    return `${n} ${noun}: ${n - 1} of ${formatCents(first)} and a last payment of ${formatCents(last)}`;
  if (amounts.slice(1).every((a) => a === regular))
    return `${n} ${noun}: a first payment of ${formatCents(first)} and ${n - 1} of ${formatCents(regular)}`;
  return `${n} ${noun}: a first payment of ${formatCents(first)}, then ${formatCents(regular)}, and a last payment of ${formatCents(last)}`;
}

function paymentParagraph(option: TermsOption, plan: AgreementPlan): string {
  const n = plan.installments.length;
  if (n === 0 && plan.financedCents === 0 && (option.installments ?? 0) === 0) {
    return `Payment. The patient portion of ${formatCents(plan.dueAtStartCents)} is paid in full at the start of treatment.`;
  }
  const start =
    plan.dueAtStartCents > 0
      ? `A down payment of ${formatCents(plan.dueAtStartCents)} is due at the start of treatment.`
      : 'No down payment is due.';
  if (plan.financedCents === 0) return `Payment. ${start} No monthly payments are due.`;
  return `Payment. ${start} The remaining ${formatCents(plan.financedCents)} is paid in ${paymentsPhrase(plan.installments, plan.frequency)}.`;
}

function discountParagraph(plan: AgreementPlan): string[] {
  if (plan.discountLines.length === 0) return [];
  const lines = plan.discountLines.map((d) => `${d.label}, ${formatCents(d.cents)} off`).join('; ');
  const total = plan.discountLines.reduce((sum, d) => sum + d.cents, 0);
  return [
    `Discounts. ${lines}. The family's portion after discounts is ${formatCents(plan.portionBeforeDiscountsCents - total)}.`,
  ];
}

function interestParagraph(plan: AgreementPlan): string[] {
  if (plan.totalInterestCents === 0) return [];
  return [
    `Interest. The financed amount bears interest at an annual percentage rate of ${formatBasisPoints(plan.aprBasisPoints)}: ${formatCents(plan.totalInterestCents)} in interest over the plan, so the family pays ${formatCents(plan.totalPatientCents)} in all.`,
  ];
}

function financialParagraphs({ practiceName, patientName, option, plan: engine }: TermsInput): string[] {
  const plan = agreementPlan(option, engine);
  const insurance = option.insuranceEstimateCents ?? 0;
  return [
    `This agreement is for ${option.name} (${APPLIANCE_LABELS[option.appliance].toLowerCase()}) for ${patientName} at ${practiceName}, estimated to take about ${months(option.months)}.`,
    ...describedParagraph(option),
    `The fee. The treatment fee is ${formatCents(option.feeCents)}.`,
    insurance > 0
      ? `Insurance. Insurance is estimated to pay ${formatCents(insurance)}. This is an estimate, not a promise: the insurance company decides what it pays, and may pay over time or stop paying if coverage ends. The family owes any part of the fee that insurance does not pay. The family's estimated portion is ${formatCents(plan.portionBeforeDiscountsCents)}.`
      : `Insurance. No insurance payment is estimated: the family owes the whole fee of ${formatCents(plan.portionBeforeDiscountsCents)}.`,
    ...discountParagraph(plan),
    paymentParagraph(option, plan),
    ...interestParagraph(plan),
    'Changes. If the treatment or the fee changes, a new agreement is signed.',
    'By signing, I agree to pay the amounts above as described.',
  ];
}

function financialFigures(input: TermsInput): Figure[] {
  const { option } = input;
  const plan = agreementPlan(option, input.plan);
  const n = plan.installments.length;
  const figures: Figure[] = [
    ...commonFigures(input),
    { label: 'Insurance estimate', value: formatCents(option.insuranceEstimateCents ?? 0) },
    { label: 'Patient portion', value: formatCents(plan.portionBeforeDiscountsCents) },
    ...plan.discountLines.map((d) => ({ label: d.label, value: `−${formatCents(d.cents)}` })),
    { label: 'Due at start', value: formatCents(plan.dueAtStartCents) },
  ];
  if (n > 0 && plan.financedCents > 0) {
    const first = plan.installments[0] ?? 0;
    const regular = plan.installments[n > 2 ? 1 : 0] ?? 0;
    figures.push(
      { label: 'Financed', value: formatCents(plan.financedCents) },
      {
        label: plan.frequency === 'monthly' ? 'Number of monthly payments' : 'Number of payments',
        value: String(n),
      },
      ...(first !== regular ? [{ label: 'First payment', value: formatCents(first) }] : []),
      { label: plan.frequency === 'monthly' ? 'Monthly payment' : 'Payment', value: formatCents(regular) },
      { label: 'Last payment', value: formatCents(plan.installments[n - 1] ?? 0) },
    );
  }
  if (plan.totalInterestCents > 0) {
    figures.push(
      { label: 'Annual percentage rate', value: formatBasisPoints(plan.aprBasisPoints) },
      { label: 'Interest', value: formatCents(plan.totalInterestCents) },
      { label: 'Total the family pays', value: formatCents(plan.totalPatientCents) },
    );
  }
  return figures;
}

/**
 * The terms of a consent or financial agreement for one treatment option, in our own plain
 * words. Deterministic: the same input always gives the same terms and so the same hash; any
 * change to what the family agreed to (option name, appliance, fee, months, description, and
 * for the agreement the insurance estimate and payments) gives different terms.
 */
export function buildTermsV1(input: TermsInput): SignedTerms {
  const title = `${SIGNED_DOCUMENT_LABELS[input.kind]}: ${input.option.name}`;
  if (input.kind === 'consent') {
    return { title, paragraphs: consentParagraphs(input), figures: commonFigures(input) };
  }
  return { title, paragraphs: financialParagraphs(input), figures: financialFigures(input) };
}
