import { describe, expect, it } from 'vitest';
import { STAMPS } from '../test-support/fixtures.ts';
import type { Signature, TreatmentOption } from './case.schema.ts';
import type { DocumentTemplate } from './document-templates.ts';
import { STARTER_DOCUMENT_TEMPLATES } from './document-templates.ts';
import {
  agreementCoversContract,
  checkSignature,
  documentSteps,
  documentToSign,
  latePolicySentence,
  signatureRecordOf,
  voidHeadline,
  type DocumentSubject,
  type SigningContext,
} from './signed-documents.ts';
import { buildTermsV1 } from './signed-terms-v1.ts';
import { termsHash } from './signature.ts';
import { termsOfOption } from '../billing/contract-charges.ts';
import { DEFAULT_LATE_POLICY } from '../billing/ledger.schema.ts';
import type { Contract } from '../billing/contract.schema.ts';

const CASE_ID = 'cas_00000001';
const TODAY = '2026-03-02';

const braces: TreatmentOption = {
  id: 'opt_braces001',
  caseId: CASE_ID,
  name: 'Metal braces',
  appliance: 'metal-braces',
  feeCents: 600_000,
  months: 24,
  recommended: true,
  insuranceEstimateCents: 100_000,
  downPaymentCents: 100_000,
  installments: 12,
  status: 'accepted',
  sortOrder: 0,
  ...STAMPS,
};

const context: SigningContext = {
  practiceName: 'Bright Smiles Orthodontics',
  practicePhone: '+15125550123',
  patientName: 'Emma Rivera',
  cases: [{ id: CASE_ID, type: 'comprehensive' }],
  options: [braces],
  paymentSettings: {},
  latePolicy: { ...DEFAULT_LATE_POLICY, lateFeeCents: 2_500 },
  templates: [],
};

function sign(subject: DocumentSubject, ctx: SigningContext = context, signedAt = `${TODAY}T15:00:00.000Z`) {
  const document = documentToSign(subject, ctx, TODAY);
  if (!document.ok) throw new Error(document.error.message);
  const signature: Signature = {
    id: `sig_${subject.kind.slice(0, 4)}0000000`,
    caseId: subject.caseId,
    ...(subject.option ? { optionId: subject.option.id } : {}),
    ...(subject.contract ? { contractId: subject.contract.id } : {}),
    ...signatureRecordOf(document.value),
    signerName: 'Ana Rivera',
    signerRole: 'parent',
    signaturePath: 'M10 10 L20 20',
    signedAt,
    witnessId: 'stf_00000001',
    ...STAMPS,
  };
  return { document: document.value, signature };
}

const consentOf = (option = braces) => ({ kind: 'consent' as const, caseId: CASE_ID, option });
const agreementOf = (option = braces) => ({ kind: 'financial-agreement' as const, caseId: CASE_ID, option });
const withOption = (option: TreatmentOption): SigningContext => ({ ...context, options: [option] });

function template(kind: DocumentTemplate['kind'], version: number, body: string): DocumentTemplate {
  return {
    id: `dtp_${kind.slice(0, 4)}${version}0000000`,
    kind,
    version,
    title: `Our ${kind}`,
    body,
    ...STAMPS,
  };
}

describe('documents rendered from templates', () => {
  it('DOC-101: uses the starter text until the practice saves its own, then its newest version', () => {
    const starter = sign(consentOf());
    expect(starter.signature.template).toEqual({ id: STARTER_DOCUMENT_TEMPLATES.consent.id, version: 0 });
    const own = {
      ...context,
      templates: [
        template('consent', 1, 'We treat {{patient.name}} with {{option.name}}.'),
        template('consent', 2, 'We will treat {{patient.name}} with {{option.name}} for {{option.months}}.'),
      ],
    };
    const signed = sign(consentOf(), own);
    expect(signed.signature.template).toEqual({ id: own.templates[1]!.id, version: 2 });
    expect(signed.document.terms.paragraphs).toEqual([
      'We will treat Emma Rivera with Metal braces for 24 months.',
    ]);
  });

  it('DOC-102: merge field values are text: markup and braces in them stay as typed', () => {
    const odd = { ...braces, name: '<b>{{patient.name}}</b>' };
    const { document } = sign(consentOf(odd), withOption(odd));
    expect(document.terms.paragraphs[0]).toContain(': <b>{{patient.name}}</b>, using metal braces.');
  });

  it('DOC-102: leaves out a paragraph whose only field has nothing to say, and names missing fields', () => {
    const { document } = sign(consentOf());
    expect(document.terms.paragraphs.some((p) => p.startsWith('About this option'))).toBe(false);
    const described = { ...braces, description: 'Upper and lower arches.' };
    expect(sign(consentOf(described), withOption(described)).document.terms.paragraphs[1]).toBe(
      'About this option: Upper and lower arches.',
    );
    const noPhone = documentToSign(
      { kind: 'hipaa-acknowledgement', caseId: CASE_ID },
      { ...context, practicePhone: undefined },
      TODAY,
    );
    expect(noPhone.ok && noPhone.value.missing).toEqual(['Practice phone']);
  });

  it('DOC-106: the starter agreement states the practice late policy and records its late-fee clause', () => {
    const { document } = sign(agreementOf());
    const text = document.terms.paragraphs.join('\n');
    expect(text).toContain('Late payments. A payment not received within 10 days of its due date is late.');
    expect(text).toContain('A late fee of $25.00 is charged on a late account.');
    expect(text).toContain('at 90 days late, doctor notified');
    expect(document.terms.clauses).toEqual([{ kind: 'late-fee', cents: 2_500, graceDays: 10 }]);
    expect(document.terms.figures).toContainEqual({ label: 'Late fee', value: '$25.00 after 10 days' });
  });

  it('DOC-106: no late-fee clause without a late fee in the policy, or when the practice wording leaves it out', () => {
    const noFee = sign(agreementOf(), { ...context, latePolicy: DEFAULT_LATE_POLICY }).document;
    expect(noFee.terms.clauses).toBeUndefined();
    expect(noFee.terms.paragraphs.join('\n')).not.toContain('late fee');
    const own = { ...context, templates: [template('financial-agreement', 1, 'You pay {{plan.total}}.')] };
    expect(sign(agreementOf(), own).document.terms.clauses).toBeUndefined();
  });

  it('LATE-103: states the late policy in words, steps in order', () => {
    expect(
      latePolicySentence({
        graceDays: 1,
        steps: [
          { afterDays: 60, label: 'Collections' },
          { afterDays: 15, label: 'Reminder' },
        ],
      }),
    ).toBe(
      'A payment not received within 1 day of its due date is late. An account that stays late is followed up: at 15 days late, reminder; at 60 days late, collections.',
    );
  });

  it('DOC-102: refuses an autopay authorization until autopay is set up on the contract', () => {
    const result = documentToSign({ kind: 'autopay-authorization', caseId: CASE_ID }, context, TODAY);
    expect(result.ok).toBe(false);
  });
});

describe('checking signatures', () => {
  const consent = sign(consentOf()).signature;
  const agreement = sign(agreementOf()).signature;

  it('DOC-103: a signature keeps its text and stays valid after the practice changes the template', () => {
    const changed = {
      ...context,
      templates: [
        template('consent', 1, 'New wording for {{patient.name}}.'),
        template('financial-agreement', 1, 'New {{plan.total}}.'),
      ],
    };
    expect(checkSignature(consent, changed)).toEqual({ state: 'valid' });
    expect(checkSignature(agreement, changed)).toEqual({ state: 'valid' });
    expect(consent.terms.paragraphs[0]).toMatch(/^The treatment\. Bright Smiles Orthodontics recommends/);
  });

  it('DOC-104: a fee change voids the financial agreement and leaves the consent valid', () => {
    const dearer = withOption({ ...braces, feeCents: 650_000 });
    expect(checkSignature(consent, dearer)).toEqual({ state: 'valid' });
    expect(checkSignature(agreement, dearer)).toMatchObject({ state: 'void', reason: 'terms-changed' });
    const lessInsurance = withOption({ ...braces, insuranceEstimateCents: 50_000 });
    expect(checkSignature(consent, lessInsurance)).toEqual({ state: 'valid' });
    expect(checkSignature(agreement, lessInsurance).state).toBe('void');
  });

  it('DOC-104: a change of the treatment voids the consent; one of its length leaves the agreement valid', () => {
    const longer = withOption({ ...braces, months: 30 });
    expect(checkSignature(consent, longer)).toMatchObject({ state: 'void', reason: 'terms-changed' });
    expect(checkSignature(agreement, longer)).toEqual({ state: 'valid' });
    const other = withOption({ ...braces, appliance: 'ceramic-braces' });
    expect(checkSignature(consent, other).state).toBe('void');
  });

  it('DOC-104: the agreement is checked with the settings its contract keeps', () => {
    const full = { ...braces, installments: 0 };
    const signed = sign(agreementOf(full), withOption(full)).signature;
    const later = { ...withOption(full), paymentSettings: { payInFullDiscountBasisPoints: 500 } };
    expect(checkSignature(signed, later).state).toBe('void');
    const kept: SigningContext = {
      ...later,
      contracts: [
        {
          id: 'ctr_00000001',
          optionId: full.id,
          status: 'signed',
          settings: {},
          terms: termsOfOption(full, TODAY),
        },
      ],
    };
    expect(checkSignature(signed, kept)).toEqual({ state: 'valid' });
  });

  it('DOC-104: a signature whose record was edited shows as tampered', () => {
    const edited = { ...agreement, binding: [...agreement.binding!, { key: 'extra', value: '1' }] };
    expect(checkSignature(edited, context)).toMatchObject({ state: 'void', reason: 'tampered' });
    const retitled = { ...consent, terms: { ...consent.terms, title: 'Something else' } };
    expect(checkSignature(retitled, context)).toMatchObject({ state: 'void', reason: 'tampered' });
    expect(checkSignature(consent, { ...context, options: [] })).toMatchObject({ reason: 'terms-gone' });
  });

  it('DOC-105: a version-1 signature is still checked against its whole text', () => {
    const terms = buildTermsV1({
      kind: 'consent',
      practiceName: context.practiceName,
      patientName: context.patientName,
      caseType: 'comprehensive',
      option: braces,
    });
    const v1: Signature = {
      ...consent,
      terms,
      termsHash: termsHash(terms),
      termsVersion: undefined,
      template: undefined,
      binding: undefined,
      bindingHash: undefined,
    };
    expect(checkSignature(v1, context)).toEqual({ state: 'valid' });
    // Version 1 put the fee in the consent: a fee change voids it, as it always did.
    expect(checkSignature(v1, withOption({ ...braces, feeCents: 650_000 })).state).toBe('void');
  });
});

describe('the documents to sign for the accepted option', () => {
  it('are consent then the financial agreement, each done when its latest signature is valid', () => {
    expect(documentSteps(CASE_ID, braces.id, [], context).map((s) => [s.kind, s.done])).toEqual([
      ['consent', false],
      ['financial-agreement', false],
    ]);
    const consent = sign(consentOf()).signature;
    const agreement = sign(agreementOf()).signature;
    const steps = documentSteps(
      CASE_ID,
      braces.id,
      [consent, agreement],
      withOption({ ...braces, feeCents: 1 }),
    );
    expect(steps.map((s) => s.done)).toEqual([true, false]);
  });
});

describe('the agreement and the contract', () => {
  const agreement = sign(agreementOf()).signature;
  const contractOf = (terms: Contract['terms']) => ({
    id: 'ctr_00000001',
    optionId: braces.id,
    status: 'proposed' as const,
    terms,
  });

  it('CONTRACT-101: an agreement signs the contract made from exactly its terms, and no other', () => {
    const exact = contractOf(termsOfOption(braces, TODAY));
    expect(agreementCoversContract(agreement, braces, exact, context)).toBe(true);
    const longer = contractOf({ ...termsOfOption(braces, TODAY), months: 18 });
    expect(agreementCoversContract(agreement, braces, longer, context)).toBe(false);
  });
});

describe('wording', () => {
  it('names every way a signature becomes void', () => {
    expect(voidHeadline('terms-changed')).toBe('Void — terms changed after signing');
    expect(voidHeadline('terms-gone')).toMatch(/removed/);
    expect(voidHeadline('tampered')).toMatch(/does not match/);
  });
});
