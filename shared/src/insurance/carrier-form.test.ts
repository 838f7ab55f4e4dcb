import { describe, expect, it } from 'vitest';
import { emptyCarrierForm, readCarrierForm } from './carrier-form.ts';

describe('START-2: adding the insurance carriers the practice bills', () => {
  it('reads a name with the payer id and phone, or a name alone', () => {
    expect(readCarrierForm({ name: ' Delta Dental ', payerId: '94276', phone: '800 555 0100' })).toEqual({
      ok: true,
      value: { name: 'Delta Dental', payerId: '94276', phone: '+18005550100', active: true },
    });
    expect(readCarrierForm({ ...emptyCarrierForm(), name: 'Cigna' })).toEqual({
      ok: true,
      value: { name: 'Cigna', active: true },
    });
  });

  it('puts each problem beside its field', () => {
    expect(readCarrierForm({ name: '', payerId: 'no spaces!', phone: '12' })).toEqual({
      ok: false,
      error: {
        name: 'Required',
        payerId: 'Letters and digits only (2–20)',
        phone: 'Too few digits for a phone number',
      },
    });
  });
});
