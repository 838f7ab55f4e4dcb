/**
 * Message templates and call scripts with merge fields (TPL-1 to TPL-6): `{{ key }}`
 * is replaced by a value about the patient, the practice or the treatment option.
 *
 * Rendering is plain text in, plain text out, in a single pass: a value is inserted literally
 * and never read again, so a name like `{{practice.name}}` or `<script>` appears exactly as
 * typed and cannot expand into another field or into markup. The UI must show the result as
 * text (Svelte `{text}`, never `{@html}`); the output is not HTML-escaped because it is not HTML.
 * What is missing shows as `[Label]`, so a coordinator sees the gap before sending.
 */
import { CASE_TYPE_LABELS, type CaseType, type TreatmentOptionFields } from '../pipeline/case.schema.ts';
import { MONTH_NAMES, splitLocalDate } from '../core/calendar.ts';
import { formatCents } from '../core/money.ts';
import { choiceOfOption, quoteOption } from '../billing/payment-quote.ts';
import type { PaymentSettings } from '../billing/payment-settings.schema.ts';

export const MERGE_FIELDS = [
  { key: 'patient.firstName', label: 'Patient first name', example: 'Emma' },
  { key: 'patient.lastName', label: 'Patient last name', example: 'Rivera' },
  { key: 'patient.preferredName', label: 'Patient preferred name', example: 'Em' },
  { key: 'party.firstName', label: 'Parent first name', example: 'Maria' },
  { key: 'party.lastName', label: 'Parent last name', example: 'Rivera' },
  { key: 'practice.name', label: 'Practice name', example: 'Bright Smiles Orthodontics' },
  { key: 'practice.phone', label: 'Practice phone', example: '(512) 555-0123' },
  { key: 'coordinator.name', label: 'Coordinator name', example: 'Jess' },
  { key: 'case.type', label: 'Case type', example: 'Comprehensive' },
  { key: 'option.name', label: 'Option name', example: 'Clear aligners' },
  { key: 'option.fee', label: 'Treatment fee', example: '$6,000.00' },
  { key: 'option.months', label: 'Estimated months', example: '18' },
  { key: 'option.downPayment', label: 'Down payment', example: '$500.00' },
  { key: 'option.monthly', label: 'Monthly payment', example: '$333.33' },
  { key: 'option.insurance', label: 'Insurance estimate', example: '$1,500.00' },
  { key: 'option.patientPortion', label: 'Patient portion', example: '$4,500.00' },
  { key: 'followUp.date', label: 'Follow-up date', example: 'Tuesday, December 1' },
  // Claim letters (appeals): filled from the claim, its policy and the case (insurance/claim-letter.ts).
  { key: 'patient.dateOfBirth', label: 'Patient date of birth', example: '03/04/2013' },
  { key: 'claim.carrier', label: 'Insurance company', example: 'Lone Star Dental Benefits' },
  { key: 'claim.memberId', label: 'Member id', example: 'LS-448812' },
  { key: 'claim.groupNumber', label: 'Group number', example: 'G-100' },
  { key: 'claim.subscriber', label: 'Subscriber name', example: 'Maria Garza' },
  { key: 'claim.serviceDate', label: 'Claim date of service', example: '06/01/2026' },
  { key: 'claim.procedure', label: 'Procedure code', example: 'D8080' },
  { key: 'claim.amount', label: 'Amount claimed', example: '$625.00' },
  { key: 'claim.unpaid', label: 'Amount unpaid', example: '$625.00' },
  { key: 'claim.deniedReason', label: 'Reason the insurer gave', example: 'Not medically necessary' },
  { key: 'claim.reference', label: 'EOB or claim number', example: 'EOB-7731' },
  { key: 'case.startDate', label: 'Date appliance placed', example: '06/01/2026' },
  { key: 'case.months', label: 'Months of treatment', example: '20' },
] as const satisfies readonly { key: string; label: string; example: string }[];

export type MergeFieldKey = (typeof MERGE_FIELDS)[number]['key'];
export type MergeValues = Partial<Record<MergeFieldKey, string | undefined>>;

/** A set of merge fields a kind of template may use: messages (`MERGE_FIELDS`) or a document's. */
export type MergeFieldList = readonly { key: string; label: string; example: string }[];

const labelsCache = new WeakMap<MergeFieldList, Map<string, string>>();
function labelsOf(fields: MergeFieldList): Map<string, string> {
  let labels = labelsCache.get(fields);
  if (!labels) {
    labels = new Map(fields.map((f) => [f.key, f.label]));
    labelsCache.set(fields, labels);
  }
  return labels;
}

/** `{{ key }}` with optional spaces; the key may not contain braces. A fresh regex per use (it is global). */
const fieldPattern = () => /\{\{\s*([^{}]*?)\s*\}\}/g;

export type Rendered<K extends string = MergeFieldKey> = {
  text: string;
  /** Known fields with no value, once each, in order of first use. */
  missing: K[];
  /** Keys that are not merge fields, once each, left in the text as written. */
  unknown: string[];
};

/**
 * Renders `body` with `values`; `fields` are the merge fields this kind of template knows
 * (messages by default). A key outside them is left as written and reported as unknown.
 */
export function renderTemplate<K extends string = MergeFieldKey>(
  body: string,
  values: Partial<Record<K, string | undefined>>,
  fields: MergeFieldList = MERGE_FIELDS,
): Rendered<K> {
  const labels = labelsOf(fields);
  const missing = new Set<K>();
  const unknown = new Set<string>();
  // String.replace with a function scans `body` once; what the function returns is not rescanned.
  const text = body.replace(fieldPattern(), (written, key: string) => {
    if (!labels.has(key)) {
      unknown.add(key);
      return written;
    }
    const value = values[key as K];
    if (value === undefined || value.trim() === '') {
      missing.add(key as K);
      return `[${labels.get(key)}]`;
    }
    return value;
  });
  return { text, missing: [...missing], unknown: [...unknown] };
}

export type TemplateProblem = { path: 'body'; message: string };

/** What a manager must fix before saving a template: unknown fields and unbalanced braces. */
export function checkTemplateBody(body: string, fields: MergeFieldList = MERGE_FIELDS): TemplateProblem[] {
  const labels = labelsOf(fields);
  const problems: TemplateProblem[] = [];
  const unknown = new Set<string>();
  for (const match of body.matchAll(fieldPattern())) {
    const key = match[1] ?? '';
    if (!labels.has(key) && !unknown.has(key)) {
      unknown.add(key);
      problems.push({
        path: 'body',
        message:
          key === '' ? 'An empty merge field {{ }}: choose a field' : `Unknown merge field {{ ${key} }}`,
      });
    }
  }
  let open = false;
  let unclosed = false;
  let stray = false;
  for (const [token] of body.matchAll(/\{\{|\}\}/g)) {
    if (token === '{{') {
      if (open) unclosed = true;
      open = true;
    } else if (open) {
      open = false;
    } else {
      stray = true;
    }
  }
  if (open || unclosed) problems.push({ path: 'body', message: 'A {{ is not closed with }}' });
  if (stray) problems.push({ path: 'body', message: 'A }} has no {{ before it' });
  return problems;
}

/** Replaces lone UTF-16 surrogates, which encodeURIComponent throws on, with U+FFFD. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function encode(text: string): string {
  return encodeURIComponent(wellFormed(text));
}

/**
 * A `mailto:` link that opens the coordinator's own mail program with the message filled in
 * (RFC 6068): subject and body percent-encoded, line breaks as CRLF (`%0D%0A`), `@` left
 * readable in the address because some mail programs do not decode it there.
 */
export function mailtoHref(to: string | undefined, subject: string | undefined, body: string): string {
  const address = to ? encode(to.trim()).replaceAll('%40', '@') : '';
  const params: string[] = [];
  if (subject) params.push(`subject=${encode(subject)}`);
  if (body) params.push(`body=${encode(body.replace(/\r\n|\r|\n/g, '\r\n'))}`);
  return `mailto:${address}${params.length > 0 ? `?${params.join('&')}` : ''}`;
}

/**
 * An `sms:` link that opens the device's messages app with the text filled in. The `?&body=`
 * form is deliberate: Android reads `?body=`, older iOS reads `&body=`, and both read the
 * combined form (iOS ignores the empty first parameter, Android the leading `&`). The number
 * keeps only `+` and digits (it is stored in E.164); without one the app asks for a recipient.
 */
export function smsHref(phone: string | undefined, body: string): string {
  const number = (phone ?? '').replace(/[^+\d]/g, '');
  return `sms:${number}?&body=${encode(body.replace(/\r\n|\r/g, '\n'))}`;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * `2026-12-01` → `Tuesday, December 1`. The weekday comes from Date.UTC on the date's own
 * numbers, so the device's time zone cannot shift it; null for something that is not a date.
 */
export function spokenLocalDate(date: string): string | null {
  const parts = splitLocalDate(date);
  if (!parts) return null;
  const weekday = new Date(Date.UTC(parts.year, parts.month - 1, parts.day)).getUTCDay();
  return `${WEEKDAYS[weekday]}, ${MONTH_NAMES[parts.month - 1]} ${parts.day}`;
}

export type MergeInput = {
  patient?: { firstName: string; lastName: string; preferredName?: string };
  party?: { firstName: string; lastName: string };
  practice?: { name: string; phone?: string };
  coordinatorName?: string;
  caseType?: CaseType;
  option?: Pick<
    TreatmentOptionFields,
    'name' | 'feeCents' | 'months' | 'insuranceEstimateCents' | 'downPaymentCents' | 'installments'
  >;
  /** The practice's payment settings: the option's amounts come from the plan engine with them (PLAN-101). */
  paymentSettings?: PaymentSettings;
  /** `YYYY-MM-DD`. */
  followUpDate?: string;
};

/**
 * The values for `renderTemplate` from the records at hand. Anything absent stays absent (and
 * renders as `[Label]`), with deliberate choices: a patient without a preferred name is greeted
 * by first name; an option paid in full has no down payment or monthly payment (shown missing,
 * so a "your monthly payment" template is not sent for it); the down payment is what is due at
 * the start, so never more than the patient portion. Phones are passed as the caller wants
 * them shown (e.g. formatPhone).
 */
export function mergeValues(input: MergeInput): MergeValues {
  const { patient, party, practice, option } = input;
  const values: MergeValues = {
    'patient.firstName': patient?.firstName,
    'patient.lastName': patient?.lastName,
    'patient.preferredName': patient?.preferredName?.trim() || patient?.firstName,
    'party.firstName': party?.firstName,
    'party.lastName': party?.lastName,
    'practice.name': practice?.name,
    'practice.phone': practice?.phone,
    'coordinator.name': input.coordinatorName,
    'case.type': input.caseType ? CASE_TYPE_LABELS[input.caseType] : undefined,
    'followUp.date': input.followUpDate ? (spokenLocalDate(input.followUpDate) ?? undefined) : undefined,
  };
  if (option) {
    // The figures do not depend on the day the plan starts; a fixed day keeps them pure.
    const quote = quoteOption(
      {
        feeCents: option.feeCents,
        insuranceCents: option.insuranceEstimateCents ?? 0,
        settings: input.paymentSettings ?? {},
        startDate: '2000-01-01',
      },
      choiceOfOption(option),
    );
    values['option.name'] = option.name;
    values['option.fee'] = formatCents(option.feeCents);
    values['option.months'] = String(option.months);
    values['option.insurance'] = formatCents(quote.insuranceCents);
    values['option.patientPortion'] = formatCents(quote.patientPortionCents);
    if (quote.plan.ok && !quote.plan.value.payInFull) {
      values['option.downPayment'] = formatCents(quote.plan.value.dueAtStartCents);
      if (quote.plan.value.count > 0) values['option.monthly'] = formatCents(quote.plan.value.regularCents);
    }
  }
  return values;
}
