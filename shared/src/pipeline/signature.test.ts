import { describe, expect, it } from 'vitest';
import { SignaturePath, SignedTerms } from './case.schema.ts';
import { canonicalJson, signatureState, strokesToPath, termsHash } from './signature.ts';
import { buildTermsV1 as buildTerms, type TermsInput, type TermsOption } from './signed-terms-v1.ts';
import { planOfTerms, termsOfOption } from '../billing/contract-charges.ts';
import { formatCents } from '../core/money.ts';
import type { PaymentSettings } from '../billing/payment-settings.schema.ts';

const option: TermsOption = {
  name: 'Clear aligners',
  appliance: 'clear-aligners',
  feeCents: 600000,
  months: 18,
  description: 'Removable trays worn 22 hours a day.',
  insuranceEstimateCents: 150000,
  downPaymentCents: 50000,
  installments: 12,
  cdtCode: 'D8080',
};

function input(kind: TermsInput['kind'], changes: Partial<TermsOption> = {}): TermsInput {
  return {
    kind,
    practiceName: 'Bright Smiles Orthodontics',
    patientName: 'Emma Rivera',
    caseType: 'comprehensive',
    option: { ...option, ...changes },
  };
}

describe('SIG-1: canonical JSON', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 'x', c: null }, true] })).toBe(
      '{"a":[{"c":null,"d":"x"},true],"b":1}',
    );
  });

  it('gives the same text for the same data built in a different order', () => {
    expect(canonicalJson({ x: 1, y: { p: 2, q: 3 } })).toBe(canonicalJson({ y: { q: 3, p: 2 }, x: 1 }));
  });

  it('keeps array order and omits undefined properties', () => {
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalJson({ a: undefined, b: 'é' })).toBe('{"b":"é"}');
  });

  it('throws on values JSON cannot represent exactly', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
    expect(() => canonicalJson({ big: 1n })).toThrow(TypeError);
  });
});

describe('SIG-1: the terms hash', () => {
  it('is the lowercase hex SHA-256 of the UTF-8 canonical JSON', () => {
    // Expected values from `printf '%s' '<canonical json>' | sha256sum`.
    expect(termsHash({ title: 'T', paragraphs: [], figures: [] })).toBe(
      'b90b63b2173531ed38aadbdc4324b17f90738dcdae3950e8c19305480a6a067f',
    );
    expect(
      termsHash({ title: 'Consent', paragraphs: ['Café ✓'], figures: [{ value: '$5.00', label: 'Fee' }] }),
    ).toBe('c47a864834bc88a0f1e160f208d2b9979d6d99d11d56bbe31015efac636c409c');
  });
});

describe('SIG-2: building the terms', () => {
  it('produces terms the schema accepts, for both documents', () => {
    for (const kind of ['consent', 'financial-agreement'] as const) {
      expect(SignedTerms.safeParse(buildTerms(input(kind))).success).toBe(true);
    }
  });

  it('is deterministic: the same input gives the same terms and hash', () => {
    for (const kind of ['consent', 'financial-agreement'] as const) {
      expect(buildTerms(input(kind))).toEqual(buildTerms(input(kind)));
      expect(termsHash(buildTerms(input(kind)))).toBe(
        termsHash(buildTerms(JSON.parse(JSON.stringify(input(kind))) as TermsInput)),
      );
    }
  });

  it('gives the two documents different terms', () => {
    expect(termsHash(buildTerms(input('consent')))).not.toBe(
      termsHash(buildTerms(input('financial-agreement'))),
    );
  });

  const changes: [string, Partial<TermsOption>][] = [
    ['fee', { feeCents: 600100 }],
    ['months', { months: 20 }],
    ['appliance', { appliance: 'ceramic-braces' }],
    ['name', { name: 'Aligners (express)' }],
    ['description', { description: 'Removable trays worn 20 hours a day.' }],
    ['no description', { description: undefined }],
  ];
  for (const kind of ['consent', 'financial-agreement'] as const) {
    for (const [what, change] of changes) {
      it(`changes the ${kind} hash when the ${what} changes`, () => {
        expect(termsHash(buildTerms(input(kind, change)))).not.toBe(termsHash(buildTerms(input(kind))));
      });
    }
  }

  it('changes the financial agreement when the insurance estimate, down payment or payments change', () => {
    const base = termsHash(buildTerms(input('financial-agreement')));
    for (const change of [
      { insuranceEstimateCents: 100000 },
      { downPaymentCents: 0 },
      { installments: 24 },
    ]) {
      expect(termsHash(buildTerms(input('financial-agreement', change)))).not.toBe(base);
    }
  });

  it('writes a plain-language consent that names the risks and the estimated time', () => {
    const terms = buildTerms(input('consent'));
    const text = terms.paragraphs.join('\n');
    expect(terms.title).toBe('Informed consent: Clear aligners');
    for (const word of ['decalcification', 'root resorption', 'relapse', 'discomfort', 'about 18 months']) {
      expect(text).toContain(word);
    }
    expect(text).toContain('questions have been answered');
    expect(text).toContain('Removable trays worn 22 hours a day.');
    expect(terms.figures).toContainEqual({ label: 'Treatment fee', value: '$6,000.00' });
    expect(terms.figures).toContainEqual({ label: 'Procedure code', value: 'D8080' });
  });

  it('writes a financial agreement with the plan’s figures, formatted from cents', () => {
    const terms = buildTerms(input('financial-agreement'));
    const text = terms.paragraphs.join('\n');
    expect(terms.title).toBe('Financial agreement: Clear aligners');
    expect(text).toContain('The treatment fee is $6,000.00.');
    expect(text).toContain('Insurance is estimated to pay $1,500.00. This is an estimate');
    expect(text).toContain('The family owes any part of the fee that insurance does not pay.');
    // $4,500 portion − $500 down = $4,000 over 12: 11 × $333.33 and $333.37.
    expect(text).toContain(
      'A down payment of $500.00 is due at the start of treatment. The remaining $4,000.00 is paid in 12 monthly payments: 11 of $333.33 and a last payment of $333.37.',
    );
    expect(terms.figures).toEqual(
      expect.arrayContaining([
        { label: 'Patient portion', value: '$4,500.00' },
        { label: 'Monthly payment', value: '$333.33' },
        { label: 'Last payment', value: '$333.37' },
      ]),
    );
  });

  it('describes paying in full, even payments, and no insurance', () => {
    const full = buildTerms(
      input('financial-agreement', { installments: 0, insuranceEstimateCents: undefined }),
    );
    const fullText = full.paragraphs.join('\n');
    expect(fullText).toContain('The patient portion of $6,000.00 is paid in full at the start of treatment.');
    expect(fullText).toContain('No insurance payment is estimated');
    expect(full.figures.map((f) => f.label)).not.toContain('Monthly payment');

    const even = buildTerms(input('financial-agreement', { feeCents: 650000, installments: 10 }));
    expect(even.paragraphs.join('\n')).toContain(
      'The remaining $4,500.00 is paid in 10 monthly payments of $450.00.',
    );
  });
});

describe('SIG-4: signature state', () => {
  const signed = buildTerms(input('consent'));
  const signature = { terms: signed, termsHash: termsHash(signed) };

  it('is valid while the terms are unchanged', () => {
    expect(signatureState(signature, buildTerms(input('consent')))).toEqual({ state: 'valid' });
  });

  it('is void when the terms changed after signing', () => {
    expect(signatureState(signature, buildTerms(input('consent', { feeCents: 610000 })))).toMatchObject({
      state: 'void',
      reason: 'terms-changed',
    });
  });

  it('is void when the option was removed', () => {
    expect(signatureState(signature, null)).toMatchObject({ state: 'void', reason: 'terms-gone' });
  });

  it('is tampered when the stored terms do not hash to the stored hash, whatever the current terms', () => {
    const edited = { ...signature, terms: { ...signed, title: 'Informed consent: Metal braces' } };
    expect(signatureState(edited, signed)).toMatchObject({ state: 'void', reason: 'tampered' });
    expect(signatureState(edited, null)).toMatchObject({ state: 'void', reason: 'tampered' });
    const rehashed = { ...signature, termsHash: '0'.repeat(64) };
    expect(signatureState(rehashed, signed)).toMatchObject({ state: 'void', reason: 'tampered' });
  });

  it('calls stored terms that cannot be hashed tampered rather than throwing', () => {
    const broken = { ...signature, terms: { ...signed, paragraphs: [Number.NaN as unknown as string] } };
    expect(signatureState(broken, signed)).toMatchObject({ state: 'void', reason: 'tampered' });
  });

  it('gives a message for every void reason', () => {
    const results = [
      signatureState({ ...signature, termsHash: 'f'.repeat(64) }, signed),
      signatureState(signature, null),
      signatureState(signature, buildTerms(input('consent', { months: 24 }))),
    ];
    for (const result of results) {
      expect(result.state === 'void' && result.message.length > 10).toBe(true);
    }
  });
});

describe('SIG-6: drawn signature to path', () => {
  it('scales into the 600×200 box, one factor for both axes', () => {
    // A 300×100 pad doubles; a 1200×200 pad halves (width limits) and leaves room below.
    expect(
      strokesToPath(
        [
          [
            { x: 0, y: 0 },
            { x: 150, y: 50 },
            { x: 300, y: 100 },
          ],
        ],
        { width: 300, height: 100 },
      ),
    ).toBe('M0 0 L300 100 L600 200');
    expect(
      strokesToPath(
        [
          [
            { x: 1200, y: 200 },
            { x: 10, y: 10 },
          ],
        ],
        { width: 1200, height: 200 },
      ),
    ).toBe('M600 100 L5 5');
  });

  it('rounds to one decimal and drops ".0"', () => {
    expect(
      strokesToPath(
        [
          [
            { x: 1.26, y: 2.04 },
            { x: 3, y: 4.95 },
          ],
        ],
        { width: 600, height: 200 },
      ),
    ).toBe('M1.3 2 L3 5');
  });

  it('clamps points drawn outside the pad into the box', () => {
    expect(
      strokesToPath(
        [
          [
            { x: -5, y: 250 },
            { x: 700, y: -1 },
          ],
        ],
        { width: 600, height: 200 },
      ),
    ).toBe('M0 200 L600 0');
  });

  it('starts each stroke with M and turns a tap into a dot', () => {
    expect(
      strokesToPath(
        [
          [
            { x: 10, y: 10 },
            { x: 20, y: 20 },
          ],
          [{ x: 50, y: 60 }],
        ],
        { width: 600, height: 200 },
      ),
    ).toBe('M10 10 L20 20 M50 60 L50 60');
  });

  it('drops repeated and non-finite points', () => {
    expect(
      strokesToPath(
        [
          [
            { x: 10, y: 10 },
            { x: 10.01, y: 10 },
            { x: Number.NaN, y: 3 },
            { x: 20, y: 20 },
          ],
        ],
        { width: 600, height: 200 },
      ),
    ).toBe('M10 10 L20 20');
  });

  it('returns null when nothing was drawn or the pad has no size', () => {
    expect(strokesToPath([], { width: 600, height: 200 })).toBeNull();
    expect(strokesToPath([[], []], { width: 600, height: 200 })).toBeNull();
    expect(strokesToPath([[{ x: 1, y: 1 }]], { width: 0, height: 200 })).toBeNull();
  });

  it('always produces a path the SignaturePath schema accepts', () => {
    let seed = 11;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 200; i += 1) {
      const box = { width: 50 + next() * 1000, height: 50 + next() * 500 };
      const strokes = Array.from({ length: 1 + Math.floor(next() * 4) }, () =>
        Array.from({ length: 1 + Math.floor(next() * 30) }, () => ({
          x: next() * box.width * 1.2 - box.width * 0.1,
          y: next() * box.height * 1.2 - box.height * 0.1,
        })),
      );
      const path = strokesToPath(strokes, box);
      expect(path).not.toBeNull();
      expect(SignaturePath.safeParse(path).success, path ?? '').toBe(true);
    }
  });
});

describe('SIG-3: the financial agreement with the contract’s plan', () => {
  const START = '2026-11-25';
  function withPlan(changes: Partial<TermsOption>, settings: PaymentSettings) {
    const chosen = { ...option, ...changes };
    const plan = planOfTerms(termsOfOption(chosen, START), settings);
    if (!plan.ok) throw new Error(plan.error.message);
    return {
      terms: buildTerms({ ...input('financial-agreement', changes), plan: plan.value }),
      plan: plan.value,
    };
  }

  it('is the same agreement as the simple plan when there are no discounts or interest', () => {
    const { terms } = withPlan({}, {});
    expect(termsHash(terms)).toBe(termsHash(buildTerms(input('financial-agreement'))));
  });

  it('states the pay-in-full discount and charges what the contract charges at the start', () => {
    const { terms, plan } = withPlan({ installments: 0 }, { payInFullDiscountBasisPoints: 300 });
    const text = terms.paragraphs.join('\n');
    // $4,500 portion − 3% ($135) = $4,365 due at the start.
    expect(plan.downPaymentCents).toBe(436_500);
    expect(text).toContain('Pay-in-full discount');
    expect(text).toContain('The patient portion of $4,365.00 is paid in full at the start of treatment.');
    expect(terms.figures).toContainEqual({ label: 'Due at start', value: '$4,365.00' });
  });

  it('states the rate, the interest and the total when the plan bears interest', () => {
    const { terms, plan } = withPlan({}, { aprBasisPoints: 990 });
    expect(plan.totalInterestCents).toBeGreaterThan(0);
    const text = terms.paragraphs.join('\n');
    expect(text).toContain('annual percentage rate of 9.9%');
    expect(terms.figures).toContainEqual({
      label: 'Last payment',
      value: formatCents(plan.installments.at(-1)!.amountCents),
    });
    expect(terms.figures).toContainEqual({
      label: 'Total the family pays',
      value: formatCents(plan.totalPatientCents),
    });
  });

  it('names the first payment when the practice puts the remainder first', () => {
    const { terms } = withPlan({}, { rounding: 'remainder-first' });
    expect(terms.paragraphs.join('\n')).toContain(
      '12 monthly payments: a first payment of $333.37 and 11 of $333.33',
    );
    expect(terms.figures).toContainEqual({ label: 'First payment', value: '$333.37' });
  });
});
