/**
 * Binding a signature to the exact terms signed (SIG-1 to SIG-6: if the terms change, the
 * signature is void). The terms are plain data (title, paragraphs,
 * figures already formatted); their SHA-256 is stored beside the signature. Anyone can later
 * recompute it: a different fee, a reworded paragraph, a removed option each show the signature
 * void, and stored terms that no longer match their own hash show it tampered.
 *
 * Everything is synchronous and deterministic (lib0's SHA-256, canonical JSON, money formatted
 * by hand), so every device computes the same hash offline.
 */
import { digest } from 'lib0/hash/sha256';
import { encodeUtf8 } from 'lib0/string';
import { canonicalJson } from '../audit/audit-chain.ts';
import {
  APPLIANCE_LABELS,
  CASE_TYPE_LABELS,
  SIGNED_DOCUMENT_LABELS,
  type CaseType,
  type SignedDocumentKind,
  type SignedTerms,
  type TreatmentOptionFields,
} from './case.schema.ts';
import { formatCents, simplePaymentPlan } from '../core/money.ts';
import { formatBasisPoints, type DiscountLine, type PaymentPlan } from '../billing/payment-plan.ts';
import type { PlanFrequency } from '../billing/payment-settings.schema.ts';

/**
 * Deterministic JSON: keys sorted, no whitespace, arrays in order, undefined properties
 * omitted; non-finite numbers, bigints, functions and cycles throw. It is the audit trail's
 * canonical form, re-exported so there is one canonical JSON in the codebase. (It writes an
 * `undefined` array element as `null`, as JSON.stringify does; terms never hold one, since
 * they are schema-valid strings and objects.)
 */
export { canonicalJson };

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** Lowercase hex SHA-256 of the UTF-8 bytes of the terms' canonical JSON. */
export function termsHash(terms: SignedTerms): string {
  return toHex(digest(encodeUtf8(canonicalJson(terms))));
}

export type SignatureState =
  | { state: 'valid' }
  | { state: 'void'; reason: 'terms-changed' | 'terms-gone' | 'tampered'; message: string };

/**
 * Whether a stored signature still holds. Checked in order: the stored terms must hash to the
 * stored hash (otherwise someone edited the record: nothing else about it can be trusted), the
 * terms must still exist (the option was not removed), and they must be unchanged.
 * `currentTerms` are the terms built now from the current option (`buildTerms`).
 */
export function signatureState(
  signature: { terms: SignedTerms; termsHash: string },
  currentTerms: SignedTerms | null,
): SignatureState {
  let storedHash: string;
  try {
    storedHash = termsHash(signature.terms);
  } catch {
    storedHash = '';
  }
  if (storedHash !== signature.termsHash) {
    return {
      state: 'void',
      reason: 'tampered',
      message: 'The signed terms no longer match their record. Take a new signature.',
    };
  }
  if (currentTerms === null) {
    return {
      state: 'void',
      reason: 'terms-gone',
      message: 'The treatment option this was signed for has been removed.',
    };
  }
  if (termsHash(currentTerms) !== signature.termsHash) {
    return {
      state: 'void',
      reason: 'terms-changed',
      message: 'The terms changed after this was signed. Take a new signature.',
    };
  }
  return { state: 'valid' };
}

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
   * it the agreement states the simple plan (no discounts, no interest).
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
 * practice settings, the simple plan. For a plan without discounts or interest under the default
 * rounding both give the same figures, so agreements signed before the engine still verify.
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
  const simple = simplePaymentPlan(option);
  const n = option.installments ?? 0;
  const installments =
    n > 0 && simple.financedCents > 0
      ? [...Array.from({ length: n - 1 }, () => simple.installmentCents), simple.lastInstallmentCents]
      : [];
  return {
    portionBeforeDiscountsCents: simple.patientPortionCents,
    discountLines: [],
    dueAtStartCents: simple.dueAtStartCents,
    financedCents: simple.financedCents,
    installments,
    frequency: 'monthly',
    totalInterestCents: 0,
    aprBasisPoints: 0,
    totalPatientCents: simple.patientPortionCents,
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
export function buildTerms(input: TermsInput): SignedTerms {
  const title = `${SIGNED_DOCUMENT_LABELS[input.kind]}: ${input.option.name}`;
  if (input.kind === 'consent') {
    return { title, paragraphs: consentParagraphs(input), figures: commonFigures(input) };
  }
  return { title, paragraphs: financialParagraphs(input), figures: financialFigures(input) };
}

/** The box signatures are stored in (the `SignaturePath` schema). */
export const SIGNATURE_BOX = { width: 600, height: 200 } as const;

function coordinate(value: number, max: number): string {
  const rounded = Math.round(Math.min(max, Math.max(0, value)) * 10) / 10;
  return rounded.toFixed(1).replace(/\.0$/, '');
}

/**
 * A drawn signature as an SVG path in the 600×200 box. `strokes` are the pen's points in the
 * drawing area's own coordinates, `box` its size. The drawing is scaled by one factor (so
 * letters keep their shape) to fit the box, clamped into it, and rounded to a tenth of a unit,
 * which keeps the path small. Each stroke starts with `M`; a single tap becomes `M x y L x y`
 * so it still draws a dot. Points that repeat the previous one after rounding, and points that
 * are not finite numbers (a glitching input device), are dropped. Null when nothing was drawn
 * or the drawing area has no size.
 *
 * The format (no space after the command letter) is exactly what `SignaturePath` accepts.
 */
export function strokesToPath(
  strokes: readonly (readonly { x: number; y: number }[])[],
  box: { width: number; height: number },
): string | null {
  if (!(box.width > 0 && box.height > 0)) return null;
  const scale = Math.min(SIGNATURE_BOX.width / box.width, SIGNATURE_BOX.height / box.height);
  const parts: string[] = [];
  for (const stroke of strokes) {
    const points: string[] = [];
    for (const { x, y } of stroke) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      const point = `${coordinate(x * scale, SIGNATURE_BOX.width)} ${coordinate(y * scale, SIGNATURE_BOX.height)}`;
      if (points[points.length - 1] !== point) points.push(point);
    }
    const first = points[0];
    if (first === undefined) continue;
    parts.push(`M${first}`);
    for (const point of points.length === 1 ? points : points.slice(1)) parts.push(`L${point}`);
  }
  return parts.length === 0 ? null : parts.join(' ');
}
