import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  DOCUMENT_MERGE_FIELDS,
  STARTER_DOCUMENT_TEMPLATES,
  checkDocumentTemplate,
  currentTemplate,
  renderDocument,
  templateHistory,
} from './document-templates.ts';
import { SignedDocumentKind } from './case.schema.ts';
import { readPractice, saveDocumentTemplate } from '../practice/practice-doc.ts';
import { userContext } from '../test-support/fixtures.ts';

describe('document templates', () => {
  it('DOC-102: every starter uses only its own fields and fits a signed document', () => {
    for (const kind of SignedDocumentKind.options) {
      expect(checkDocumentTemplate(kind, STARTER_DOCUMENT_TEMPLATES[kind].body), kind).toEqual([]);
    }
  });

  it('DOC-102: a consent may not name a fee or a payment; the agreement may', () => {
    const body = 'The fee is {{plan.fee}}, paid as {{plan.payment}}.';
    expect(checkDocumentTemplate('consent', body).map((p) => p.message)).toEqual([
      'Unknown merge field {{ plan.fee }}: not a field of this document',
      'Unknown merge field {{ plan.payment }}: not a field of this document',
    ]);
    expect(checkDocumentTemplate('financial-agreement', body)).toEqual([]);
    expect(DOCUMENT_MERGE_FIELDS.consent.some((f) => f.key.startsWith('plan.'))).toBe(false);
  });

  it('DOC-102: reports unbalanced braces and a body too long to sign', () => {
    expect(checkDocumentTemplate('photo-release', 'Hello {{patient.name').map((p) => p.message)).toContain(
      'A {{ is not closed with }}',
    );
    const long = Array.from({ length: 51 }, (_, i) => `Paragraph ${i}.`).join('\n\n');
    expect(checkDocumentTemplate('photo-release', long).map((p) => p.message)).toContain(
      'At most 50 paragraphs',
    );
  });

  it('DOC-102: renders paragraph by paragraph, lines within a paragraph joined', () => {
    const rendered = renderDocument(
      {
        kind: 'hipaa-acknowledgement',
        body: 'For {{patient.name}}\nat {{practice.name}}.\n\n\nCall {{practice.phone}}.',
      },
      { 'patient.name': 'Emma', 'practice.name': 'Bright Smiles' },
    );
    expect(rendered).toEqual({
      paragraphs: ['For Emma at Bright Smiles.', 'Call [Practice phone].'],
      missing: ['Practice phone'],
      unknown: [],
    });
  });

  it('DOC-101: each save is a new version, the earlier ones kept; the newest is in force', () => {
    const doc = new Y.Doc();
    const ctx = userContext('stf_owner00000001');
    const first = saveDocumentTemplate(doc, ctx, {
      kind: 'consent',
      title: 'Consent',
      body: 'One {{patient.name}}.',
    });
    const second = saveDocumentTemplate(doc, ctx, {
      kind: 'consent',
      title: 'Consent',
      body: 'Two {{patient.name}}.',
    });
    const other = saveDocumentTemplate(doc, ctx, { kind: 'photo-release', title: 'Photos', body: 'Photos.' });
    expect([
      first.ok && first.value.version,
      second.ok && second.value.version,
      other.ok && other.value.version,
    ]).toEqual([1, 2, 1]);
    const templates = readPractice(doc).documentTemplates;
    expect(currentTemplate(templates, 'consent')).toMatchObject({
      version: 2,
      body: 'Two {{patient.name}}.',
    });
    expect(templateHistory(templates, 'consent').map((t) => t.version)).toEqual([2, 1, 0]);
    expect(currentTemplate(templates, 'hipaa-acknowledgement')).toBe(
      STARTER_DOCUMENT_TEMPLATES['hipaa-acknowledgement'],
    );
  });

  it('DOC-102: a template with a field of another document is refused, and nothing is saved', () => {
    const doc = new Y.Doc();
    const result = saveDocumentTemplate(doc, userContext('stf_owner00000001'), {
      kind: 'consent',
      title: 'Consent',
      body: 'Fee {{plan.fee}}.',
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    expect(readPractice(doc).documentTemplates).toEqual([]);
  });
});
