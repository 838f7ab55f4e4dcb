import { describe, expect, it } from 'vitest';
import { defaultSignerRole, signedName, suggestedSignerName } from './signer.ts';

const patient = { firstName: 'Emma', lastName: 'Garcia' };
const party = (firstName: string, relationship: string, isGuarantor = false) => ({
  link: { relationship, isGuarantor } as never,
  party: { firstName, lastName: 'Garcia' },
});

describe('SIG-8: the printed name prefilled for the signer chosen', () => {
  const family = [
    party('Luis', 'father'),
    party('Maria', 'mother', true),
    party('Ana', 'guardian'),
    party('Emma', 'self'),
  ];

  it('is the patient’s legal name when the patient signs', () => {
    expect(suggestedSignerName('patient', patient, family)).toBe('Emma Garcia');
  });

  it('is the guarantor parent before another parent', () => {
    expect(suggestedSignerName('parent', patient, family)).toBe('Maria Garcia');
    expect(
      suggestedSignerName('parent', patient, [party('Luis', 'father'), party('Rosa', 'stepparent')]),
    ).toBe('Luis Garcia');
  });

  it('is the guardian for a guardian, and the guarantor for a responsible party', () => {
    expect(suggestedSignerName('guardian', patient, family)).toBe('Ana Garcia');
    expect(suggestedSignerName('responsible-party', patient, family)).toBe('Maria Garcia');
  });

  it('falls back to the guarantor when nobody of that role is on file, else suggests nothing', () => {
    expect(suggestedSignerName('guardian', patient, [party('Abuela', 'grandparent', true)])).toBe(
      'Abuela Garcia',
    );
    expect(suggestedSignerName('parent', patient, [party('Emma', 'self', true)])).toBeNull();
    expect(suggestedSignerName('responsible-party', patient, [])).toBeNull();
    expect(suggestedSignerName('patient', undefined, family)).toBeNull();
  });
});

describe('wording and defaults', () => {
  it('signs with the legal name, not the preferred one', () => {
    expect(signedName({ firstName: 'Emma', lastName: 'Rivera' })).toBe('Emma Rivera');
  });

  it('expects an adult patient to sign for themselves and a parent otherwise', () => {
    expect(defaultSignerRole('2000-01-01', '2026-03-01')).toBe('patient');
    expect(defaultSignerRole('2014-06-01', '2026-03-01')).toBe('parent');
    expect(defaultSignerRole(undefined, '2026-03-01')).toBe('parent');
  });
});
