import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from './ledger.schema.ts';
import { paidByText, receiptOf } from './receipt.ts';

const FAMILY = 'fam_0000000000000001';
const stamps = {
  createdAt: '2026-06-01T10:00:00.000Z',
  createdBy: 'stf_desk',
  updatedAt: '2026-06-01T10:00:00.000Z',
  updatedBy: 'stf_desk',
};
const entry = (id: string, over: Partial<LedgerEntry>): LedgerEntry =>
  ({
    id,
    familyId: FAMILY,
    payer: 'patient',
    amountCents: 0,
    postedOn: '2026-06-01',
    ...stamps,
    ...over,
  }) as LedgerEntry;

describe('receipts', () => {
  const charge = entry('lge_charge', {
    kind: 'charge',
    chargeKind: 'initial-fee',
    amountCents: 100_000,
    dueOn: '2026-06-01',
  });
  const paid = entry('lge_paid', {
    kind: 'payment',
    method: 'check',
    reference: '1042',
    amountCents: 40_000,
  });

  it('DOC-201: says what was paid, how, and the balance after it', () => {
    expect(receiptOf('lge_paid', [charge, paid])).toEqual({
      number: 'lge_paid',
      postedOn: '2026-06-01',
      amount: '$400.00',
      paidBy: 'Check 1042',
      balanceAfter: '$600.00',
      reversed: false,
    });
  });

  it('DOC-201: a reversed payment’s receipt says so, and keeps the balance it had', () => {
    const reversal = entry('lge_rev', {
      kind: 'reversal',
      reversesId: 'lge_paid',
      amountCents: 40_000,
      postedOn: '2026-06-02',
      reason: 'bounced',
    });
    expect(receiptOf('lge_paid', [charge, paid, reversal])).toMatchObject({
      reversed: true,
      balanceAfter: '$600.00',
    });
  });

  it('DOC-201: only payments have receipts', () => {
    expect(receiptOf('lge_charge', [charge, paid])).toBeNull();
    expect(receiptOf('lge_missing', [charge, paid])).toBeNull();
  });

  it('names the method as a receipt does, with no more than the last four of a card', () => {
    expect(paidByText('cash', undefined)).toBe('Cash');
    expect(paidByText('card', '4242')).toBe('Card ending 4242');
    expect(paidByText(undefined, undefined)).toBe('Payment');
  });
});
