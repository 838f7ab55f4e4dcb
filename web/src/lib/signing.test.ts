import { describe, expect, it } from 'vitest';
import {
  buildTerms,
  formatCents,
  planOfTerms,
  termsHash,
  termsOfOption,
  type Signature,
  type TreatmentOption,
} from '@aligned/shared';
import {
  acceptMoves,
  currentTermsFor,
  termsToSign,
  defaultSignerRole,
  documentSteps,
  signedName,
  voidHeadline,
  type TermsContext,
} from './signing.ts';

const STAMPS = {
  createdAt: '2026-03-01T15:00:00.000Z',
  createdBy: 'stf_00000001',
  updatedAt: '2026-03-01T15:00:00.000Z',
  updatedBy: 'stf_00000001',
};

const aligners: TreatmentOption = {
  id: 'opt_aligners1',
  caseId: 'cas_00000001',
  name: 'Clear aligners',
  appliance: 'clear-aligners',
  feeCents: 600000,
  months: 18,
  recommended: true,
  insuranceEstimateCents: 150000,
  downPaymentCents: 50000,
  installments: 12,
  status: 'accepted',
  sortOrder: 0,
  ...STAMPS,
};

const context: TermsContext = {
  practiceName: 'Bright Smiles Orthodontics',
  patientName: 'Emma Rivera',
  cases: [{ id: 'cas_00000001', type: 'comprehensive' }],
  options: [aligners],
  paymentSettings: {},
};

function signed(
  kind: Signature['kind'],
  signedAt: string,
  option: TreatmentOption = aligners,
  id = `sig_${kind === 'consent' ? 'c' : 'f'}${signedAt.slice(11, 13)}00000`,
): Signature {
  const terms = buildTerms({
    kind,
    practiceName: context.practiceName,
    patientName: context.patientName,
    caseType: 'comprehensive',
    option,
  });
  return {
    id,
    caseId: 'cas_00000001',
    optionId: option.id,
    kind,
    terms,
    termsHash: termsHash(terms),
    signerName: 'Ana Rivera',
    signerRole: 'parent',
    signaturePath: 'M10 10 L20 20',
    signedAt,
    witnessId: 'stf_00000001',
    ...STAMPS,
  };
}

describe('accepting an option', () => {
  it('marks a recommended case presented before accepting', () => {
    expect(acceptMoves('recommended', 'opt_a', undefined)).toEqual(['pending', 'accepted']);
  });

  it('accepts a pending case directly', () => {
    expect(acceptMoves('pending', 'opt_a', undefined)).toEqual(['accepted']);
  });

  it('steps back to pending when an accepted case switches option, and does nothing for the same one', () => {
    expect(acceptMoves('accepted', 'opt_b', 'opt_a')).toEqual(['pending', 'accepted']);
    expect(acceptMoves('accepted', 'opt_a', 'opt_a')).toEqual([]);
  });

  it('is not offered before the recommendation or once treatment has started', () => {
    expect(acceptMoves('exam', 'opt_a', undefined)).toBeNull();
    expect(acceptMoves('started', 'opt_a', 'opt_a')).toBeNull();
  });
});

describe('the terms a signature is checked against', () => {
  it('are rebuilt from the option as it is now', () => {
    const sig = signed('consent', '2026-03-02T10:00:00.000Z');
    expect(currentTermsFor(sig, context)).toEqual(sig.terms);
  });

  it('are null when the option is gone', () => {
    const sig = signed('consent', '2026-03-02T10:00:00.000Z');
    expect(currentTermsFor(sig, { ...context, options: [] })).toBeNull();
  });
});

describe('the documents to sign', () => {
  it('are consent then the financial agreement, none done at first', () => {
    const steps = documentSteps('cas_00000001', aligners.id, [], context);
    expect(steps.map((s) => [s.kind, s.done])).toEqual([
      ['consent', false],
      ['financial-agreement', false],
    ]);
  });

  it('counts a valid signature as done and a signature of changed terms as void', () => {
    const consent = signed('consent', '2026-03-02T10:00:00.000Z');
    const agreement = signed('financial-agreement', '2026-03-02T10:05:00.000Z');
    const cheaper = { ...aligners, feeCents: 550000 };
    const steps = documentSteps('cas_00000001', aligners.id, [consent, agreement], {
      ...context,
      options: [cheaper],
    });
    expect(steps.every((s) => s.done)).toBe(false);
    expect(steps[1]?.state).toMatchObject({ state: 'void', reason: 'terms-changed' });
  });

  it('looks at the most recent signature of each document', () => {
    const old = signed('consent', '2026-03-02T10:00:00.000Z', { ...aligners, months: 20 });
    const again = signed('consent', '2026-03-02T11:00:00.000Z');
    const [consent] = documentSteps('cas_00000001', aligners.id, [again, old], context);
    expect(consent?.latest?.id).toBe(again.id);
    expect(consent?.done).toBe(true);
  });
});

describe('wording and defaults', () => {
  it('names every way a signature becomes void', () => {
    expect(voidHeadline('terms-changed')).toBe('Void — terms changed after signing');
    expect(voidHeadline('terms-gone')).toMatch(/removed/);
    expect(voidHeadline('tampered')).toMatch(/does not match/);
  });

  it('signs with the legal name, not the preferred one', () => {
    expect(signedName({ firstName: 'Emma', lastName: 'Rivera' })).toBe('Emma Rivera');
  });

  it('expects an adult patient to sign for themselves and a parent otherwise', () => {
    expect(defaultSignerRole('2000-01-01', '2026-03-01')).toBe('patient');
    expect(defaultSignerRole('2014-06-01', '2026-03-01')).toBe('parent');
    expect(defaultSignerRole(undefined, '2026-03-01')).toBe('parent');
  });
});

describe('the financial agreement and the contract', () => {
  const payInFull = { ...aligners, id: 'opt_full0001', installments: 0 };
  const withFull = {
    ...context,
    options: [payInFull],
    paymentSettings: { payInFullDiscountBasisPoints: 500 },
  };

  it('states what the contract will charge at the start, pay-in-full discount included', () => {
    const terms = termsToSign(
      'financial-agreement',
      payInFull,
      { type: 'comprehensive' },
      withFull,
      '2026-11-25',
    );
    const contractPlan = planOfTerms(termsOfOption(payInFull, '2026-11-25'), withFull.paymentSettings);
    if (!contractPlan.ok) throw new Error(contractPlan.error.message);
    expect(terms.figures).toContainEqual({
      label: 'Due at start',
      value: formatCents(contractPlan.value.downPaymentCents),
    });
    expect(contractPlan.value.discountCents).toBeGreaterThan(0);
  });

  it('stays valid after the practice changes its settings, when the contract keeps those it was signed with', () => {
    const terms = termsToSign(
      'financial-agreement',
      payInFull,
      { type: 'comprehensive' },
      withFull,
      '2026-11-25',
    );
    const signature = {
      kind: 'financial-agreement' as const,
      caseId: 'cas_00000001',
      optionId: payInFull.id,
      signedAt: '2026-11-25T15:00:00.000Z',
    };
    const later = { ...withFull, paymentSettings: { payInFullDiscountBasisPoints: 200 } };
    expect(currentTermsFor(signature, later)).not.toEqual(terms);
    const kept = {
      ...later,
      contracts: [{ optionId: payInFull.id, status: 'signed' as const, settings: withFull.paymentSettings }],
    };
    expect(currentTermsFor(signature, kept)).toEqual(terms);
  });
});
