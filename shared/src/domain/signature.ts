/**
 * Binding a signature to the exact terms signed (DOMAIN.md §Treatment presentation and consent:
 * "if the terms change, the signature is void"). The terms are plain data (title, paragraphs,
 * figures already formatted); their SHA-256 is stored beside the signature. Anyone can later
 * recompute it: a different fee, a reworded paragraph, a removed option each show the signature
 * void, and stored terms that no longer match their own hash show it tampered.
 *
 * Everything is synchronous and deterministic (lib0's SHA-256, canonical JSON, money formatted
 * by hand), so every device computes the same hash offline.
 */
import { digest } from 'lib0/hash/sha256';
import { encodeUtf8 } from 'lib0/string';
import { canonicalJson } from '../auth/audit-chain.ts';
import {
  APPLIANCE_LABELS,
  CASE_TYPE_LABELS,
  SIGNED_DOCUMENT_LABELS,
  type CaseType,
  type SignedDocumentKind,
  type SignedTerms,
  type TreatmentOptionFields,
} from '../schemas/case.ts';
import { formatCents, simplePaymentPlan } from './money.ts';

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

function paymentParagraph(option: TermsOption): string {
  const plan = simplePaymentPlan(option);
  const n = option.installments ?? 0;
  if (n === 0) {
    return `Payment. The patient portion of ${formatCents(plan.patientPortionCents)} is paid in full at the start of treatment.`;
  }
  const start =
    plan.dueAtStartCents > 0
      ? `A down payment of ${formatCents(plan.dueAtStartCents)} is due at the start of treatment.`
      : 'No down payment is due.';
  if (plan.financedCents === 0) return `Payment. ${start} No monthly payments are due.`;
  const payments =
    n === 1
      ? `one payment of ${formatCents(plan.lastInstallmentCents)}`
      : plan.lastInstallmentCents === plan.installmentCents
        ? `${n} monthly payments of ${formatCents(plan.installmentCents)}`
        : `${n} monthly payments: ${n - 1} of ${formatCents(plan.installmentCents)} and a last payment of ${formatCents(plan.lastInstallmentCents)}`;
  return `Payment. ${start} The remaining ${formatCents(plan.financedCents)} is paid in ${payments}.`;
}

function financialParagraphs({ practiceName, patientName, option }: TermsInput): string[] {
  const plan = simplePaymentPlan(option);
  const insurance = option.insuranceEstimateCents ?? 0;
  return [
    `This agreement is for ${option.name} (${APPLIANCE_LABELS[option.appliance].toLowerCase()}) for ${patientName} at ${practiceName}, estimated to take about ${months(option.months)}.`,
    ...describedParagraph(option),
    `The fee. The treatment fee is ${formatCents(option.feeCents)}.`,
    insurance > 0
      ? `Insurance. Insurance is estimated to pay ${formatCents(insurance)}. This is an estimate, not a promise: the insurance company decides what it pays, and may pay over time or stop paying if coverage ends. The family owes any part of the fee that insurance does not pay. The family's estimated portion is ${formatCents(plan.patientPortionCents)}.`
      : `Insurance. No insurance payment is estimated: the family owes the whole fee of ${formatCents(plan.patientPortionCents)}.`,
    paymentParagraph(option),
    'Changes. If the treatment or the fee changes, a new agreement is signed.',
    'By signing, I agree to pay the amounts above as described.',
  ];
}

function financialFigures(input: TermsInput): Figure[] {
  const { option } = input;
  const plan = simplePaymentPlan(option);
  const n = option.installments ?? 0;
  const figures: Figure[] = [
    ...commonFigures(input),
    { label: 'Insurance estimate', value: formatCents(option.insuranceEstimateCents ?? 0) },
    { label: 'Patient portion', value: formatCents(plan.patientPortionCents) },
    { label: 'Due at start', value: formatCents(plan.dueAtStartCents) },
  ];
  if (n > 0 && plan.financedCents > 0) {
    figures.push(
      { label: 'Financed', value: formatCents(plan.financedCents) },
      { label: 'Number of monthly payments', value: String(n) },
      { label: 'Monthly payment', value: formatCents(plan.installmentCents) },
      { label: 'Last payment', value: formatCents(plan.lastInstallmentCents) },
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
