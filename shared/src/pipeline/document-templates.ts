/**
 * The practice's document templates (DOC-101): informed consent, financial agreement, autopay
 * authorization, privacy practices acknowledgement and photo release, in the practice's own
 * words, with merge fields. Each save is a new version, kept forever (the practice document's
 * `documentTemplates` collection is append-only), so a signed document can always name the
 * exact version it was signed under. Until a practice writes its own, the starter text applies.
 *
 * Merge fields are rendered as text, never HTML (comms/template.ts), and each kind may use only
 * its own fields (DOC-102): a consent cannot mention a fee, so it is bound to clinical terms only.
 */
import { z } from 'zod';
import { AuditStamps, Id } from '../core/common.schema.ts';
import { SignedDocumentKind } from './case.schema.ts';
import {
  checkTemplateBody,
  renderTemplate,
  type MergeFieldList,
  type TemplateProblem,
} from '../comms/template.ts';

/** One version of one kind of document, as the practice wrote it. Never edited: a change is a new version. */
export const DocumentTemplateFields = z.object({
  kind: SignedDocumentKind,
  version: z.number().int().min(1).max(100_000),
  title: z.string().trim().min(1, { error: 'Required' }).max(120, { error: 'At most 120 characters' }),
  /** Paragraphs separated by a blank line; `{{ field }}` merge fields. */
  body: z.string().trim().min(1, { error: 'Required' }).max(20_000, { error: 'At most 20,000 characters' }),
});
export type DocumentTemplateFields = z.infer<typeof DocumentTemplateFields>;
export const DocumentTemplate = z.looseObject({ id: Id, ...DocumentTemplateFields.shape, ...AuditStamps });
export type DocumentTemplate = z.infer<typeof DocumentTemplate>;

/** A template version as rendering needs it: a stored version or a starter. */
export type TemplateVersion = {
  id: string;
  kind: SignedDocumentKind;
  version: number;
  title: string;
  body: string;
};

const COMMON = [
  { key: 'patient.name', label: 'Patient name', example: 'Emma Rivera' },
  { key: 'practice.name', label: 'Practice name', example: 'Bright Smiles Orthodontics' },
  { key: 'practice.phone', label: 'Practice phone', example: '(512) 555-0123' },
] as const;

const TREATMENT = [
  { key: 'case.type', label: 'Case type', example: 'Comprehensive' },
  { key: 'option.name', label: 'Treatment option', example: 'Metal braces' },
  { key: 'option.appliance', label: 'Appliance', example: 'metal braces' },
  { key: 'option.months', label: 'Estimated time', example: '24 months' },
  { key: 'option.about', label: 'About this option', example: 'About this option: braces on both arches.' },
] as const;

const MONEY = [
  { key: 'plan.fee', label: 'Treatment fee', example: '$6,000.00' },
  {
    key: 'plan.insurance',
    label: 'Insurance paragraph',
    example: 'Insurance. Insurance is estimated to pay $1,000.00. …',
  },
  { key: 'plan.portion', label: 'Family portion', example: '$5,000.00' },
  { key: 'plan.discounts', label: 'Discounts paragraph', example: 'Discounts. Pay-in-full discount …' },
  { key: 'plan.payment', label: 'Payment paragraph', example: 'Payment. A down payment of $1,000.00 …' },
  { key: 'plan.interest', label: 'Interest paragraph', example: 'Interest. The financed amount bears …' },
  { key: 'plan.total', label: 'Total the family pays', example: '$5,000.00' },
  { key: 'late.policy', label: 'Late payment policy', example: 'A payment not received within 10 days …' },
  { key: 'late.fee', label: 'Late fee', example: '$25.00' },
] as const;

const AUTOPAY = [
  { key: 'autopay.method', label: 'Card or bank account', example: 'card' },
  { key: 'autopay.last4', label: 'Last four digits', example: '4242' },
  { key: 'autopay.day', label: 'Draft day', example: '1st' },
  { key: 'autopay.payments', label: 'Payments charged', example: '12 monthly payments of $300.00' },
] as const;

/** The merge fields each kind of document may use (DOC-102). */
export const DOCUMENT_MERGE_FIELDS = {
  consent: [...COMMON, ...TREATMENT],
  'financial-agreement': [...COMMON, ...TREATMENT, ...MONEY],
  'autopay-authorization': [...COMMON, ...AUTOPAY],
  'hipaa-acknowledgement': [...COMMON],
  'photo-release': [...COMMON],
} as const satisfies Record<SignedDocumentKind, MergeFieldList>;

export type DocumentFieldKey = (typeof DOCUMENT_MERGE_FIELDS)[SignedDocumentKind][number]['key'];
/**
 * Values for a document's fields. An empty string is a field with nothing to say (no discounts,
 * no description): a paragraph made of that field alone is left out. `undefined` is missing.
 */
export type DocumentValues = Partial<Record<DocumentFieldKey, string | undefined>>;

/** The limits a signed document's text must fit (the `SignedTerms` schema). */
const MAX_PARAGRAPHS = 50;
const MAX_PARAGRAPH = 4000;

export function templateParagraphs(body: string): string[] {
  return body
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.replace(/\s*\r?\n\s*/g, ' ').trim())
    .filter((p) => p !== '');
}

/** What must be fixed before a template version is saved: unknown fields, braces, length (DOC-102). */
export function checkDocumentTemplate(kind: SignedDocumentKind, body: string): TemplateProblem[] {
  const problems = checkTemplateBody(body, DOCUMENT_MERGE_FIELDS[kind]).map((p) =>
    p.message.startsWith('Unknown merge field')
      ? { ...p, message: `${p.message}: not a field of this document` }
      : p,
  );
  const paragraphs = templateParagraphs(body);
  if (paragraphs.length > MAX_PARAGRAPHS)
    problems.push({ path: 'body', message: `At most ${MAX_PARAGRAPHS} paragraphs` });
  if (paragraphs.some((p) => p.length > MAX_PARAGRAPH / 2))
    problems.push({ path: 'body', message: `A paragraph is longer than ${MAX_PARAGRAPH / 2} characters` });
  return problems;
}

/** The version a new save of `kind` gets: one more than the highest stored. */
export function nextTemplateVersion(
  templates: readonly Pick<DocumentTemplate, 'kind' | 'version'>[],
  kind: SignedDocumentKind,
): number {
  return Math.max(0, ...templates.filter((t) => t.kind === kind).map((t) => t.version)) + 1;
}

const STARTER_TEXT: Record<SignedDocumentKind, { title: string; body: string }> = {
  consent: {
    title: 'Informed consent',
    body: `The treatment. {{practice.name}} recommends orthodontic treatment for {{patient.name}}: {{option.name}}, using {{option.appliance}}. Orthodontic treatment moves teeth and guides jaw growth to improve the bite and the position of the teeth.

{{option.about}}

How long it takes. Treatment is estimated to take about {{option.months}}. This is an estimate: how the teeth and jaws respond, growth, missed appointments and broken appliances can make it longer.

Cooperation matters. Good results depend on the patient as much as on the practice: brushing and flossing well, wearing elastics, aligners or other appliances as instructed, avoiding foods that break appliances, and keeping appointments.

Risks. Like any treatment, orthodontics has risks. The most common are: white spots or cavities on the teeth (decalcification) when they are not kept clean; shortening of the tooth roots (root resorption), usually minor; teeth moving back toward where they were (relapse) when retainers are not worn as instructed, for as long as instructed; and soreness or discomfort, mostly for a few days after appliances are placed or adjusted.

After treatment. Teeth can shift throughout life. Retainers hold the result, and wearing them as instructed is part of the treatment.

Questions. The treatment, its alternatives (including not treating), and these risks have been explained to me, and my questions have been answered. I can ask more at any time.

By signing, I consent to this treatment for {{patient.name}}.`,
  },
  'financial-agreement': {
    title: 'Financial agreement',
    body: `This agreement is for {{option.name}} ({{option.appliance}}) for {{patient.name}} at {{practice.name}}, estimated to take about {{option.months}}.

{{option.about}}

The fee. The treatment fee is {{plan.fee}}.

{{plan.insurance}}

{{plan.discounts}}

{{plan.payment}}

{{plan.interest}}

Late payments. {{late.policy}}

Changes. If the treatment or the fee changes, a new agreement is signed.

By signing, I agree to pay the amounts above as described.`,
  },
  'autopay-authorization': {
    title: 'Autopay authorization',
    body: `I authorize {{practice.name}} to charge my {{autopay.method}} ending in {{autopay.last4}} on the {{autopay.day}} of each month for the treatment of {{patient.name}}: {{autopay.payments}}.

This authorization stays in effect until the payments are complete or I cancel it. I can cancel it at any time by calling {{practice.phone}}; a cancellation takes effect before the next draft when made at least three business days ahead.

A failed charge is tried once more; I remain responsible for any payment that is not collected.`,
  },
  'hipaa-acknowledgement': {
    title: 'Acknowledgement of privacy practices',
    body: `I acknowledge that I was offered a copy of the Notice of Privacy Practices of {{practice.name}}, which describes how health information about {{patient.name}} may be used and disclosed, and how to get access to it.

I can ask questions about the notice, or about how information is used, by calling {{practice.phone}}.`,
  },
  'photo-release': {
    title: 'Photo release',
    body: `I allow {{practice.name}} to take photographs, x-rays and scans of {{patient.name}}'s teeth and face for diagnosis, treatment records and communication with other dentists and insurers.

I also allow {{practice.name}} to use these images, without the patient's name, for teaching and to show results of treatment. I can withdraw this part of my permission at any time by calling {{practice.phone}}; images already published stay as they are.`,
  },
};

/**
 * The starter text of each kind, as version 0. Frozen: a document signed under a starter names
 * it by id, and a starter that must change gets a new id instead.
 */
export const STARTER_DOCUMENT_TEMPLATES: Record<SignedDocumentKind, TemplateVersion> = Object.fromEntries(
  SignedDocumentKind.options.map((kind) => [
    kind,
    { id: `starter:${kind}:1`, kind, version: 0, ...STARTER_TEXT[kind] },
  ]),
) as Record<SignedDocumentKind, TemplateVersion>;

const newestFirst = (a: DocumentTemplate, b: DocumentTemplate) =>
  b.version - a.version || b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);

/**
 * The version in force for a kind: the practice's highest version (two devices saving at once
 * both keep theirs; the later one wins), or the starter text.
 */
export function currentTemplate(
  templates: readonly DocumentTemplate[],
  kind: SignedDocumentKind,
): TemplateVersion {
  const own = templates.filter((t) => t.kind === kind).sort(newestFirst)[0];
  return own
    ? { id: own.id, kind, version: own.version, title: own.title, body: own.body }
    : STARTER_DOCUMENT_TEMPLATES[kind];
}

/** Every version of a kind, newest first, ending with the starter. */
export function templateHistory(
  templates: readonly DocumentTemplate[],
  kind: SignedDocumentKind,
): TemplateVersion[] {
  return [
    ...templates
      .filter((t) => t.kind === kind)
      .sort(newestFirst)
      .map((t) => ({ id: t.id, kind, version: t.version, title: t.title, body: t.body })),
    STARTER_DOCUMENT_TEMPLATES[kind],
  ];
}

/**
 * A template rendered with values (DOC-102): paragraph by paragraph, each merge field replaced by
 * its value as text. A paragraph that is one field with nothing to say is left out.
 */
export function renderDocument(
  template: Pick<TemplateVersion, 'kind' | 'body'>,
  values: DocumentValues,
): { paragraphs: string[]; missing: string[]; unknown: string[] } {
  const fields: MergeFieldList = DOCUMENT_MERGE_FIELDS[template.kind];
  const labels = new Map(fields.map((f) => [f.key, f.label]));
  const missing = new Set<string>();
  const unknown = new Set<string>();
  const paragraphs: string[] = [];
  for (const paragraph of templateParagraphs(template.body)) {
    const alone = /^\{\{\s*([^{}]*?)\s*\}\}$/.exec(paragraph)?.[1];
    if (alone !== undefined && labels.has(alone) && values[alone as DocumentFieldKey] === '') continue;
    const rendered = renderTemplate<string>(paragraph, values, fields);
    for (const key of rendered.missing) missing.add(labels.get(key) ?? key);
    for (const key of rendered.unknown) unknown.add(key);
    const text = rendered.text;
    paragraphs.push(text.length > MAX_PARAGRAPH ? `${text.slice(0, MAX_PARAGRAPH - 1)}…` : text);
  }
  return { paragraphs: paragraphs.slice(0, MAX_PARAGRAPHS), missing: [...missing], unknown: [...unknown] };
}
