import { describe, expect, it } from 'vitest';
import { emptyLedgerForm, readLedgerForm } from './ledger-form.ts';

const CTX = { familyId: 'fam_0000000000000001' };

describe('LEDGER-2: posting to a ledger', () => {
  it('reads a card payment in dollars, with the card’s last four digits', () => {
    const { value, errors } = readLedgerForm(
      { ...emptyLedgerForm('2026-11-25'), amount: '$316.66', reference: '4242' },
      CTX,
    );
    expect(errors).toEqual({});
    expect(value).toMatchObject({
      kind: 'payment',
      method: 'card',
      amountCents: 31_666,
      reference: '4242',
      payer: 'patient',
    });
  });

  it('LEDGER-3: refuses a full card number, and says so by the field', () => {
    const { value, errors } = readLedgerForm(
      { ...emptyLedgerForm('2026-11-25'), amount: '100', reference: '4242424242424242' },
      CTX,
    );
    expect(value).toBeUndefined();
    expect(errors.reference).toBeDefined();
  });

  it('needs an amount above zero and a reason for an adjustment', () => {
    expect(readLedgerForm({ ...emptyLedgerForm('2026-11-25'), amount: '0' }, CTX).errors.amount).toBe(
      'More than $0.00',
    );
    const adjustment = readLedgerForm(
      { ...emptyLedgerForm('2026-11-25'), kind: 'adjustment', amount: '50' },
      CTX,
    );
    expect(adjustment.errors.reason).toBeDefined();
    const ok = readLedgerForm(
      {
        ...emptyLedgerForm('2026-11-25'),
        kind: 'adjustment',
        amount: '50',
        reason: 'Courtesy for a long wait',
      },
      CTX,
    );
    expect(ok.value).toMatchObject({ kind: 'adjustment', adjustmentKind: 'courtesy', amountCents: 5_000 });
  });

  it('posts a late fee as a charge', () => {
    const { value } = readLedgerForm(
      { ...emptyLedgerForm('2026-11-25'), kind: 'late-fee', amount: '25' },
      CTX,
    );
    expect(value).toMatchObject({ kind: 'charge', chargeKind: 'late-fee', amountCents: 2_500 });
  });

  it('posts a late fee even when a reason was typed before switching to it (a charge carries none)', () => {
    const { value, errors } = readLedgerForm(
      { ...emptyLedgerForm('2026-11-25'), kind: 'late-fee', amount: '25', reason: 'Returned check' },
      CTX,
    );
    expect(errors).toEqual({});
    expect(value).not.toHaveProperty('reason');
  });
});
