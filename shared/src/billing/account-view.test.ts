import { describe, expect, it } from 'vitest';
import { STAMPS } from '../test-support/fixtures.ts';
import type { LedgerEntry } from './ledger.schema.ts';
import { accountState } from './ledger.ts';
import {
  CONTRACT_CHARGE_AUTHOR,
  accountLines,
  accountTiles,
  casesWithoutContract,
  contractableCases,
  contractActions,
  contractPlanView,
  hasReceipt,
  isReversible,
} from './account-view.ts';
import { planPayments } from './payment-plan.ts';
import type { Case, Signature, TreatmentOption } from '../pipeline/case.schema.ts';
import type { Contract } from './contract.schema.ts';
import { createReceivables } from './receivables.ts';

const FAMILY = 'fam_0000000000000001';
const TODAY = '2026-06-15';

const entry = (id: string, over: Partial<LedgerEntry>): LedgerEntry =>
  ({
    id: `lge_${id.padStart(16, '0')}`,
    familyId: FAMILY,
    payer: 'patient',
    amountCents: 10_000,
    postedOn: TODAY,
    ...STAMPS,
    ...over,
  }) as LedgerEntry;
const payment = (id: string, amountCents = 10_000) =>
  entry(id, { kind: 'payment', method: 'card', reference: '4242', amountCents });
const charge = (id: string, dueOn: string, by = CONTRACT_CHARGE_AUTHOR) =>
  entry(id, { kind: 'charge', chargeKind: 'installment', dueOn, postedOn: '2026-01-01', createdBy: by });

describe('the account summary', () => {
  it('LATE-101: shows as past due only what is late after the grace days; the rest is owed now', () => {
    const state = accountState([charge('a', '2026-06-01'), charge('b', '2026-06-10')], TODAY);
    expect(accountTiles(state, { graceDays: 10 })).toMatchObject({
      balanceCents: 20_000,
      lateCents: 10_000,
      daysLate: 14,
      withinGraceCents: 10_000,
      lateFrom: '2026-06-21',
    });
  });
});

describe('the ledger lines', () => {
  it('LEDGER-101: a person may reverse what a person posted, once; never a contract charge or a reversal', () => {
    const paid = payment('p');
    const reversal = entry('r', { kind: 'reversal', reversesId: paid.id, reason: 'Wrong family' });
    const lines = accountLines(
      [paid, reversal, payment('q')],
      [charge('c', '2026-06-01'), charge('f', '2026-07-01')],
      TODAY,
    );
    const byId = new Map(lines.map((l) => [l.entry.id, l]));
    expect(byId.get(paid.id)).toMatchObject({ reversed: true, reversible: false, side: 'credit' });
    expect(byId.get(reversal.id)).toMatchObject({ reversible: false, side: 'none' });
    expect(byId.get(payment('q').id)).toMatchObject({ reversible: true, label: 'Payment · Card 4242' });
    expect(byId.get(charge('c', '').id)).toMatchObject({
      reversible: false,
      side: 'debit',
      label: 'Installment',
    });
    // A charge scheduled after today is on the schedule, not the statement.
    expect(byId.has(charge('f', '').id)).toBe(false);
    expect(isReversible(charge('x', TODAY, 'stf_00000001'), new Set())).toBe(true);
  });

  it('DOC-201: a payment a person took has a receipt; a charge, a reversal or a computed entry has none', () => {
    const paid = payment('p');
    const reversal = entry('r', { kind: 'reversal', reversesId: paid.id, reason: 'Wrong family' });
    const lines = accountLines([paid, reversal], [charge('c', '2026-06-01')], TODAY);
    expect(lines.filter((l) => l.hasReceipt).map((l) => l.entry.id)).toEqual([paid.id]);
    expect(hasReceipt({ ...paid, createdBy: CONTRACT_CHARGE_AUTHOR })).toBe(false);
  });
});

describe('contract actions', () => {
  const facts = { canWrite: true, agreementCovers: false, parties: 1 };

  it('CONTRACT-103: follow the contract life, and offer signing by the agreement only when it states the terms', () => {
    expect(contractActions({ status: 'proposed' }, facts)).toEqual([
      'sign-on-paper',
      'cancel',
      'autopay-and-financing',
    ]);
    expect(contractActions({ status: 'proposed' }, { ...facts, agreementCovers: true, parties: 2 })).toEqual([
      'sign-by-agreement',
      'cancel',
      'split',
      'autopay-and-financing',
    ]);
    expect(contractActions({ status: 'signed' }, { ...facts, parties: 2 })).toEqual([
      'lock',
      'cancel',
      'split',
      'autopay-and-financing',
    ]);
    expect(contractActions({ status: 'active' }, facts)).toEqual([
      'amend',
      'complete',
      'transfer',
      'cancel',
      'autopay-and-financing',
    ]);
    for (const status of ['completed', 'transferred', 'cancelled'] as const)
      expect(contractActions({ status }, facts)).toEqual([]);
    expect(contractActions({ status: 'active' }, { ...facts, canWrite: false })).toEqual([]);
  });

  it('CONTRACT-106: a pay-in-full contract reads as paid in full, never as zero payments', () => {
    const full = planPayments({
      feeCents: 500_000,
      discounts: { payInFull: true },
      startDate: TODAY,
      settings: {},
    });
    const monthly = planPayments({
      feeCents: 500_000,
      downPaymentCents: 200_000,
      months: 10,
      startDate: TODAY,
      settings: {},
    });
    if (!full.ok || !monthly.ok) throw new Error('valid');
    expect(contractPlanView(full.value).paymentsText).toBe('Paid in full at the start');
    expect(contractPlanView(monthly.value).paymentsText).toBe('10 monthly payments of $300.00');
  });
});

describe('the practice receivables', () => {
  it('AGING-101: puts only the accounts whose state changed, leaves out states of another day, and drops gone accounts', () => {
    const receivables = createReceivables(TODAY, 10);
    const a = { state: accountState([charge('a', '2026-05-01')], TODAY) };
    const b = { state: accountState([charge('b', '2026-06-10')], TODAY) };
    const old = { state: accountState([charge('c', '2026-05-01')], '2026-06-14') };
    expect(
      receivables.update(
        new Map([
          [FAMILY, a],
          ['fam_0000000000000002', b],
          ['fam_0000000000000003', old],
        ]),
      ),
    ).toEqual({
      stale: 1,
    });
    expect(receivables.index.totals()).toMatchObject({
      accounts: 2,
      pastDueCents: 20_000,
      lateCents: 10_000,
    });
    const paid = { state: accountState([charge('a', '2026-05-01'), payment('p')], TODAY) };
    receivables.update(
      new Map([
        [FAMILY, paid],
        ['fam_0000000000000002', b],
      ]),
    );
    expect(receivables.index.totals()).toMatchObject({ accounts: 2, pastDueCents: 10_000, lateCents: 0 });
    receivables.update(new Map([[FAMILY, paid]]));
    expect(receivables.index.totals()).toMatchObject({ accounts: 1, pastDueCents: 0 });
  });
});

describe('cases a contract is for', () => {
  const theCase = (id: string, status: Case['status'], acceptedOptionId?: string) =>
    ({ id, status, ...(acceptedOptionId ? { acceptedOptionId } : {}) }) as Case;
  const option = (id: string) => ({ id }) as TreatmentOption;
  const agreement = (id: string, caseId: string) =>
    ({ id, caseId, kind: 'financial-agreement' }) as Signature;

  it('CONTRACT-109: an accepted or started case with its chosen option, with the latest agreement signed for it', () => {
    const chart = {
      cases: [
        theCase('cas_a', 'accepted', 'opt_a'),
        theCase('cas_b', 'started', 'opt_b'),
        theCase('cas_c', 'pending', 'opt_c'),
        theCase('cas_d', 'accepted'),
      ],
      options: [option('opt_a'), option('opt_b'), option('opt_c')],
      signatures: [
        agreement('sig_1', 'cas_a'),
        agreement('sig_2', 'cas_a'),
        { ...agreement('sig_3', 'cas_b'), kind: 'consent' } as Signature,
      ],
    };
    expect(contractableCases(chart).map((c) => [c.theCase.id, c.option.id, c.agreement?.id])).toEqual([
      ['cas_a', 'opt_a', 'sig_2'],
      ['cas_b', 'opt_b', undefined],
    ]);
  });

  it('CONTRACT-109: a case is offered a contract until one stands for it; a cancelled one does not', () => {
    const cases = [{ theCase: { id: 'cas_a' } }, { theCase: { id: 'cas_b' } }, { theCase: { id: 'cas_c' } }];
    const contracts: Pick<Contract, 'caseId' | 'status'>[] = [
      { caseId: 'cas_a', status: 'proposed' },
      { caseId: 'cas_b', status: 'cancelled' },
    ];
    expect(casesWithoutContract(cases, contracts).map((c) => c.theCase.id)).toEqual(['cas_b', 'cas_c']);
  });
});
