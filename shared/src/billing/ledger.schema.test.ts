import { describe, expect, it } from 'vitest';
import {
  ADJUSTMENT_KIND_LABELS,
  AdjustmentKind,
  CHARGE_KIND_LABELS,
  ChargeKind,
  DEFAULT_LATE_POLICY,
  LatePolicy,
  LEDGER_ENTRY_DIRECTION,
  LEDGER_ENTRY_KIND_LABELS,
  LEDGER_PAYER_LABELS,
  LedgerEntry,
  LedgerEntryFields,
  LedgerEntryKind,
  LedgerPayer,
  looksLikeCardNumber,
  PAYMENT_METHOD_LABELS,
  PaymentMethod,
} from './ledger.schema.ts';

const stamps = {
  createdAt: '2026-11-25T15:00:00.000Z',
  createdBy: 'stf_alice0000000000',
  updatedAt: '2026-11-25T15:00:00.000Z',
  updatedBy: 'stf_alice0000000000',
};

type Issues = { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } };

/** `path: message` for every issue, so a test shows which field failed and what the person reads. */
function issuesOf(result: Issues): string[] {
  return (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
}

const base = {
  familyId: 'fam_0123456789abcdef',
  payer: 'patient',
  postedOn: '2026-03-01',
  amountCents: 31_666,
};

const charge = (over: Record<string, unknown> = {}) => ({
  ...base,
  kind: 'charge',
  chargeKind: 'installment',
  dueOn: '2026-04-01',
  contractId: 'ctr_0123456789abcdef',
  patientId: 'pat_0123456789abcdef',
  ...over,
});
const payment = (over: Record<string, unknown> = {}) => ({
  ...base,
  kind: 'payment',
  method: 'card',
  reference: '4242',
  ...over,
});
const adjustment = (over: Record<string, unknown> = {}) => ({
  ...base,
  kind: 'adjustment',
  adjustmentKind: 'courtesy',
  reason: 'Sibling courtesy approved by Dr. Lee',
  ...over,
});
const refund = (over: Record<string, unknown> = {}) => ({
  ...base,
  kind: 'refund',
  method: 'check',
  ...over,
});
const reversal = (over: Record<string, unknown> = {}) => ({
  ...base,
  kind: 'reversal',
  reversesId: 'lge_0123456789abcdef',
  reason: 'Check returned (NSF)',
  ...over,
});

describe('LEDGER-2: LedgerEntryFields', () => {
  it('accepts one entry of every kind as a coordinator would post it', () => {
    for (const input of [charge(), payment(), adjustment(), refund(), reversal()]) {
      expect(issuesOf(LedgerEntryFields.safeParse(input))).toEqual([]);
    }
  });

  it('LEDGER-1: refuses an amount of zero or below: the kind gives the sign', () => {
    expect(issuesOf(LedgerEntryFields.safeParse(payment({ amountCents: 0 })))).toEqual([
      'amountCents: Enter an amount above zero',
    ]);
    expect(issuesOf(LedgerEntryFields.safeParse(payment({ amountCents: -500 })))).toContain(
      'amountCents: Cannot be negative',
    );
    expect(issuesOf(LedgerEntryFields.safeParse(payment({ amountCents: 10.5 })))).toEqual([
      'amountCents: Whole cents only',
    ]);
  });

  it('refuses a payment without a method and a charge without its kind', () => {
    expect(
      issuesOf(LedgerEntryFields.safeParse(payment({ method: undefined, reference: undefined }))),
    ).toEqual(['method: Choose how it was paid']);
    expect(issuesOf(LedgerEntryFields.safeParse(charge({ chargeKind: undefined })))).toEqual([
      'chargeKind: Choose what the charge is for',
    ]);
  });

  it('requires a due date on an installment but not on an initial fee', () => {
    expect(issuesOf(LedgerEntryFields.safeParse(charge({ dueOn: undefined })))).toEqual([
      'dueOn: An installment needs its due date',
    ]);
    expect(
      issuesOf(LedgerEntryFields.safeParse(charge({ chargeKind: 'initial-fee', dueOn: undefined }))),
    ).toEqual([]);
  });

  it('requires an adjustment to say what kind it is and why in words', () => {
    expect(
      issuesOf(LedgerEntryFields.safeParse(adjustment({ adjustmentKind: undefined, reason: undefined }))),
    ).toEqual(['adjustmentKind: Choose the kind of adjustment', 'reason: Say why']);
    expect(issuesOf(LedgerEntryFields.safeParse(adjustment({ reason: '   ' })))).toEqual(['reason: Say why']);
  });

  it('requires a reversal to name the entry it cancels and say why', () => {
    expect(
      issuesOf(LedgerEntryFields.safeParse(reversal({ reversesId: undefined, reason: undefined }))),
    ).toEqual(['reason: Say why', 'reversesId: Choose the entry to reverse']);
  });

  it('refuses fields that belong to another kind of entry', () => {
    expect(
      issuesOf(
        LedgerEntryFields.safeParse(payment({ dueOn: '2026-04-01', reversesId: 'lge_0123456789abcdef' })),
      ),
    ).toEqual(['dueOn: Not used on a payment', 'reversesId: Not used on a payment']);
    expect(issuesOf(LedgerEntryFields.safeParse(charge({ method: 'cash' })))).toEqual([
      'method: Not used on a charge',
    ]);
    expect(issuesOf(LedgerEntryFields.safeParse(reversal({ chargeKind: 'other' })))).toEqual([
      'chargeKind: Not used on a reversal',
    ]);
  });

  it('LEDGER-3: keeps only the last four digits of a card or bank account, never the full number', () => {
    expect(issuesOf(LedgerEntryFields.safeParse(payment({ reference: '4242' })))).toEqual([]);
    expect(issuesOf(LedgerEntryFields.safeParse(payment({ method: 'ach', reference: '0042' })))).toEqual([]);
    for (const reference of ['4242424242424242', '12345', '42a2', '4242 4242 4242 4242']) {
      expect(issuesOf(LedgerEntryFields.safeParse(payment({ reference })))).toEqual([
        'reference: Only the last 4 digits: never the full card or account number',
      ]);
    }
    expect(issuesOf(LedgerEntryFields.safeParse(refund({ method: 'ach', reference: '123456789' })))).toEqual([
      'reference: Only the last 4 digits: never the full card or account number',
    ]);
  });

  it('LEDGER-3: takes a check number of digits only', () => {
    expect(issuesOf(LedgerEntryFields.safeParse(payment({ method: 'check', reference: '1042' })))).toEqual(
      [],
    );
    expect(
      issuesOf(LedgerEntryFields.safeParse(payment({ method: 'check', reference: '12345678901' }))),
    ).toEqual(['reference: The check number: digits only, at most 10']);
  });

  it('LEDGER-3: refuses a free-text reference that looks like a full card number', () => {
    expect(
      issuesOf(LedgerEntryFields.safeParse(payment({ method: 'cash', reference: 'Receipt 10442' }))),
    ).toEqual([]);
    expect(
      issuesOf(
        LedgerEntryFields.safeParse(payment({ method: 'financing', reference: 'card 4111-1111-1111-1111' })),
      ),
    ).toEqual(['reference: This looks like a card number: record the last 4 digits only']);
  });

  it('puts an insurance payment on the insurance side only', () => {
    expect(
      issuesOf(LedgerEntryFields.safeParse(payment({ method: 'insurance', reference: 'EOB 77' }))),
    ).toEqual(['method: An insurance payment belongs to the insurance side of the account']);
    expect(
      issuesOf(
        LedgerEntryFields.safeParse(
          payment({ method: 'insurance', payer: 'insurance', reference: 'EOB 77' }),
        ),
      ),
    ).toEqual([]);
  });

  it('CAL-1: refuses a date that is not a real calendar date', () => {
    expect(issuesOf(LedgerEntryFields.safeParse(payment({ postedOn: '2026-02-30' })))).toEqual([
      'postedOn: Not a real calendar date',
    ]);
  });
});

describe('LedgerEntry (stored)', () => {
  it('keeps the cross-field rules on the stored record and passes unknown fields through', () => {
    const stored = { id: 'lge_aaaaaaaaaaaaaaaa', ...stamps, ...payment(), addedByNewerVersion: 1 };
    const parsed = LedgerEntry.safeParse(stored);
    expect(issuesOf(parsed)).toEqual([]);
    expect(parsed.data).toMatchObject({ addedByNewerVersion: 1 });
    expect(issuesOf(LedgerEntry.safeParse({ ...stored, reference: '4242424242424242' }))).toEqual([
      'reference: Only the last 4 digits: never the full card or account number',
    ]);
  });

  it('LEDGER-4: refuses a reversal that names itself', () => {
    const id = 'lge_aaaaaaaaaaaaaaaa';
    expect(issuesOf(LedgerEntry.safeParse({ id, ...stamps, ...reversal({ reversesId: id }) }))).toEqual([
      'reversesId: An entry cannot reverse itself',
    ]);
  });
});

describe('LEDGER-3: looksLikeCardNumber', () => {
  it('finds a Luhn-valid run of 13–19 digits, with or without spaces and dashes', () => {
    expect(looksLikeCardNumber('4242424242424242')).toBe(true);
    expect(looksLikeCardNumber('paid with 4111 1111 1111 1111 today')).toBe(true);
    expect(looksLikeCardNumber('378282246310005')).toBe(true);
  });

  it('leaves short numbers and Luhn-invalid runs alone', () => {
    expect(looksLikeCardNumber('4242')).toBe(false);
    expect(looksLikeCardNumber('4242424242424241')).toBe(false);
    expect(looksLikeCardNumber('123456789012')).toBe(false);
    expect(looksLikeCardNumber('no digits')).toBe(false);
  });
});

describe('LATE-1: LatePolicy', () => {
  it('accepts the default policy and refuses negative grace or a step before day 1', () => {
    expect(issuesOf(LatePolicy.safeParse(DEFAULT_LATE_POLICY))).toEqual([]);
    expect(
      issuesOf(
        LatePolicy.safeParse({ graceDays: -1, steps: [{ afterDays: 0, label: 'Now' }], lateFeeCents: 0 }),
      ),
    ).toEqual([
      'graceDays: Cannot be negative',
      'lateFeeCents: Enter an amount above zero',
      'steps.0.afterDays: At least 1 day',
    ]);
  });
});

describe('labels', () => {
  it('has a label for every kind, charge kind, method, adjustment kind and payer', () => {
    for (const [values, labels] of [
      [LedgerEntryKind.options, LEDGER_ENTRY_KIND_LABELS],
      [ChargeKind.options, CHARGE_KIND_LABELS],
      [PaymentMethod.options, PAYMENT_METHOD_LABELS],
      [AdjustmentKind.options, ADJUSTMENT_KIND_LABELS],
      [LedgerPayer.options, LEDGER_PAYER_LABELS],
    ] as const) {
      expect(Object.keys(labels).sort()).toEqual([...values].sort());
    }
  });

  it('LEDGER-1: gives every kind but the reversal a direction: charges and refunds are debits', () => {
    expect(LEDGER_ENTRY_DIRECTION).toEqual({
      charge: 'debit',
      refund: 'debit',
      payment: 'credit',
      adjustment: 'credit',
    });
  });
});
