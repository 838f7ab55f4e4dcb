import { describe, expect, it } from 'vitest';
import { buildTermsV1, type TermsOption } from './signed-terms-v1.ts';
import { termsHash } from './signature.ts';
import { planOfTerms, termsOfOption } from '../billing/contract-charges.ts';

const option: TermsOption = {
  name: 'Clear aligners',
  appliance: 'clear-aligners',
  feeCents: 600000,
  months: 18,
  description: 'Aligners, changed every week.',
  insuranceEstimateCents: 100000,
  downPaymentCents: 100000,
  installments: 12,
  cdtCode: 'D8090',
};
const base = {
  practiceName: 'Bright Smiles Orthodontics',
  patientName: 'Emma Rivera',
  caseType: 'comprehensive' as const,
};

/**
 * Hashes of terms built by the code that signed them before templates existed. If one of these
 * changes, every version-1 signature of that shape would show void: the builder must not change.
 */
describe('version-1 terms', () => {
  it('DOC-105: rebuild to the exact hashes stored by signatures made before templates', () => {
    const plan = planOfTerms(termsOfOption(option, '2026-11-25'), { payInFullDiscountBasisPoints: 300 });
    const full = planOfTerms(termsOfOption({ ...option, installments: 0 }, '2026-11-25'), {});
    if (!plan.ok || !full.ok) throw new Error('the plans are valid');
    expect(termsHash(buildTermsV1({ ...base, kind: 'consent', option }))).toBe(
      '3e0508aebd12820c84334097c77a093ea58e43e1223e109cbac6d92da30fad0f',
    );
    expect(termsHash(buildTermsV1({ ...base, kind: 'financial-agreement', option }))).toBe(
      '8583d72c77836a1711f846aa4caf4c35bd0c49f02a8f64afedce5162f3c91031',
    );
    expect(termsHash(buildTermsV1({ ...base, kind: 'financial-agreement', option, plan: plan.value }))).toBe(
      '8583d72c77836a1711f846aa4caf4c35bd0c49f02a8f64afedce5162f3c91031',
    );
    expect(
      termsHash(
        buildTermsV1({
          ...base,
          kind: 'financial-agreement',
          option: { ...option, installments: 0 },
          plan: full.value,
        }),
      ),
    ).toBe('9458ae353f675fd7c2c1e215e5e2fb58a6e68d9e866e68f72fa2983731cff3f1');
    // A down payment above the portion: the rule before the plan engine, without a plan.
    expect(
      termsHash(
        buildTermsV1({
          ...base,
          kind: 'financial-agreement',
          option: { ...option, downPaymentCents: 900000 },
        }),
      ),
    ).toBe('9ffbcac7b49d317ddd90a098715ee91132b386a24fa257ba6cfc984479ae1e17');
  });
});
