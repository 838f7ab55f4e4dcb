import { describe, expect, it } from 'vitest';
import type { Amendment, Contract } from './contract.schema.ts';
import type { LedgerEntry } from './ledger.schema.ts';
import { contractCharges, coverageAmendment, familyAccount, termsOfOption } from './contract-charges.ts';

const STAMPS = {
  createdAt: '2026-01-05T15:00:00.000Z',
  createdBy: 'stf_0000000000000001',
  updatedAt: '2026-01-05T15:00:00.000Z',
  updatedBy: 'stf_0000000000000001',
};
/** PLAN-2's worked example: fee $6,000, insurance $1,000, family discount $200, down $1,000, 12 months. */
const TERMS = {
  feeCents: 600_000,
  insuranceCents: 100_000,
  payInFull: false,
  siblingDiscount: { kind: 'amount' as const, cents: 20_000 },
  downPaymentCents: 100_000,
  months: 12,
  startDate: '2026-01-05',
};
const CONTRACT: Contract = {
  id: 'ctr_0000000000000001',
  familyId: 'fam_0000000000000001',
  patientId: 'pat_0000000000000001',
  caseId: 'cas_0000000000000001',
  optionId: 'opt_0000000000000001',
  status: 'active',
  terms: TERMS,
  parties: [{ partyId: 'rp_00000000000000001', share: { kind: 'percent', percent: 100 } }],
  activatedOn: '2026-01-05',
  ...STAMPS,
};
const SETTINGS = { dueDayOfMonth: 1, firstDueMinDays: 21 };

function payment(id: string, cents: number, on: string): LedgerEntry {
  return {
    id,
    familyId: CONTRACT.familyId,
    kind: 'payment',
    payer: 'patient',
    method: 'card',
    reference: '4242',
    amountCents: cents,
    postedOn: on,
    ...STAMPS,
  } as LedgerEntry;
}

describe('CONTRACT-7: what a contract charges', () => {
  it('is the down payment on the contract date and the worked example’s twelve installments', () => {
    const charges = contractCharges(CONTRACT, [], SETTINGS);
    expect(charges.ok).toBe(true);
    const list = charges.ok ? charges.value : [];
    expect(list[0]).toMatchObject({ chargeKind: 'initial-fee', amountCents: 100_000, dueOn: '2026-01-05' });
    const installments = list.filter((c) => c.chargeKind === 'installment');
    expect(installments.map((c) => c.amountCents)).toEqual([...Array(11).fill(31_666), 31_674]);
    // The first due day: the 1st of a month at least 21 days after the contract date.
    expect(installments[0]?.dueOn).toBe('2026-02-01');
  });

  it('has the same ids on every device, and none for a proposed contract', () => {
    const a = contractCharges(CONTRACT, [], SETTINGS);
    const b = contractCharges({ ...CONTRACT }, [], SETTINGS);
    expect(a.ok && a.value.map((c) => c.id)).toEqual(b.ok && b.value.map((c) => c.id));
    expect(contractCharges({ ...CONTRACT, status: 'proposed' }, [], SETTINGS)).toEqual({
      ok: true,
      value: [],
    });
  });

  it('CONTRACT-7: charges nothing for a proposal cancelled before it was signed, and what fell due for a signed one', () => {
    const cancelled = { ...CONTRACT, status: 'cancelled' as const, closedOn: '2026-03-15' };
    const { activatedOn: _activatedOn, ...unsigned } = cancelled;
    expect(contractCharges(unsigned, [], SETTINGS)).toEqual({ ok: true, value: [] });
    const signed = contractCharges({ ...cancelled, signedAt: '2026-01-05T15:00:00.000Z' }, [], SETTINGS);
    expect(signed.ok && signed.value.map((c) => [c.chargeKind, c.dueOn])).toEqual([
      ['initial-fee', '2026-01-05'],
      ['installment', '2026-02-01'],
      ['installment', '2026-03-01'],
    ]);
  });

  it('CONTRACT-6: after an amendment, keeps what fell due before it and re-plans only the rest', () => {
    const amendment: Amendment = {
      id: 'amd_0000000000000001',
      contractId: CONTRACT.id,
      reason: 'Insurance ended',
      effectiveFrom: '2026-06-15',
      before: TERMS,
      after: { ...TERMS, insuranceCents: 60_000 },
      by: 'stf_0000000000000001',
      ...STAMPS,
    };
    const before = contractCharges(CONTRACT, [], SETTINGS);
    const after = contractCharges({ ...CONTRACT, terms: amendment.after }, [amendment], SETTINGS);
    const due = (r: typeof before, until: string) =>
      (r.ok ? r.value : []).filter((c) => (c.dueOn ?? '') < until).map((c) => [c.dueOn, c.amountCents]);
    expect(due(after, '2026-06-15')).toEqual(due(before, '2026-06-15'));
    const total = (r: typeof before) => (r.ok ? r.value : []).reduce((s, c) => s + c.amountCents, 0);
    expect(total(after) - total(before)).toBe(40_000);
  });

  it('LEDGER-5: make the family account: payments pay the oldest charges first, and the rest ages', () => {
    const account = familyAccount(
      {
        contracts: [CONTRACT],
        amendments: [],
        entries: [
          payment('lge_0000000000000p01', 100_000, '2026-01-05'),
          payment('lge_0000000000000p02', 31_666, '2026-02-01'),
        ],
        settings: SETTINGS,
      },
      '2026-04-15',
    );
    // March 1 and April 1 are due and unpaid.
    expect(account.state.pastDueCents).toBe(2 * 31_666);
    expect(account.state.oldestPastDueOn).toBe('2026-03-01');
    expect(account.state.aging['31-60']).toBe(31_666);
    expect(account.state.aging['0-30']).toBe(31_666);
    expect(account.problems).toEqual([]);
  });
});

describe('LATE-102: the late fee an account may be charged', () => {
  const accountWith = (contracts: Contract[]) =>
    familyAccount({ contracts, amendments: [], entries: [], settings: SETTINGS }, '2026-04-15').state;
  const clause = { cents: 2_500, graceDays: 10 };

  it('comes from a charging contract whose signed agreement has the late-fee clause', () => {
    expect(accountWith([{ ...CONTRACT, lateFee: clause }]).agreedLateFeeCents).toBe(2_500);
    // Two contracts with clauses: the larger fee, never the sum.
    const second = { ...CONTRACT, id: 'ctr_0000000000000002', lateFee: { cents: 3_500, graceDays: 5 } };
    expect(accountWith([{ ...CONTRACT, lateFee: clause }, second]).agreedLateFeeCents).toBe(3_500);
  });

  it('is none without the clause, or when the only clause is on a contract that charges nothing', () => {
    expect(accountWith([CONTRACT]).agreedLateFeeCents).toBeUndefined();
    expect(
      accountWith([{ ...CONTRACT, status: 'proposed', lateFee: clause }]).agreedLateFeeCents,
    ).toBeUndefined();
  });
});

describe('CONTRACT-3: a contract’s own payment settings', () => {
  it('plan its charges, whatever the practice has changed since signing', () => {
    const signedWith = { ...CONTRACT, terms: { ...TERMS, siblingDiscount: undefined }, settings: SETTINGS };
    const now = contractCharges(signedWith, [], { ...SETTINGS, rounding: 'round-up', dueDayOfMonth: 15 });
    const then = contractCharges(signedWith, [], SETTINGS);
    expect(now).toEqual(then);
    const unpinned = contractCharges({ ...signedWith, settings: undefined }, [], {
      ...SETTINGS,
      dueDayOfMonth: 15,
    });
    expect(unpinned.ok && unpinned.value.map((c) => c.dueOn)).not.toEqual(
      then.ok && then.value.map((c) => c.dueOn),
    );
  });
});

describe('CONTRACT-5: terms of a chosen option', () => {
  it('pay in full when the family chose no monthly payments, with no down payment', () => {
    expect(
      termsOfOption({ feeCents: 500_000, installments: 0, downPaymentCents: 50_000 }, '2026-11-25'),
    ).toEqual({
      feeCents: 500_000,
      insuranceCents: 0,
      payInFull: true,
      downPaymentCents: 0,
      months: 0,
      startDate: '2026-11-25',
    });
  });

  it('carry the down payment, months and insurance estimate the family chose', () => {
    expect(
      termsOfOption(
        { feeCents: 600_000, insuranceEstimateCents: 150_000, installments: 12, downPaymentCents: 50_000 },
        '2026-11-25',
      ),
    ).toMatchObject({ payInFull: false, downPaymentCents: 50_000, months: 12, insuranceCents: 150_000 });
  });
});

describe('CONTRACT-8: a coverage change', () => {
  it('amends an active contract: insurance expects less, the family finances the difference from the change', () => {
    const amendment = coverageAmendment(CONTRACT, 60_000, '2026-06-01');
    expect(amendment).toEqual({
      reason: 'Coverage changed: insurance is expected to pay $600.00 less',
      effectiveFrom: '2026-06-01',
      after: { ...TERMS, insuranceCents: 40_000 },
    });
    const amended: Amendment = {
      id: 'amd_0000000000000001',
      contractId: CONTRACT.id,
      before: TERMS,
      by: 'stf_0000000000000001',
      ...amendment!,
      ...STAMPS,
    };
    const before = contractCharges(CONTRACT, [], SETTINGS);
    const after = contractCharges({ ...CONTRACT, terms: amendment!.after }, [amended], SETTINGS);
    const sum = (r: typeof before, from = '') =>
      r.ok ? r.value.filter((c) => (c.dueOn ?? '') >= from).reduce((s, c) => s + c.amountCents, 0) : NaN;
    // Everything the family pays grows by exactly what insurance no longer pays, all of it due from the change.
    expect(sum(after) - sum(before)).toBe(60_000);
    expect(sum(after, '2026-06-01') - sum(before, '2026-06-01')).toBe(60_000);
  });

  it('changes nothing when nothing moves, or before the contract is active', () => {
    expect(coverageAmendment(CONTRACT, 0, '2026-06-01')).toBeNull();
    expect(coverageAmendment({ ...CONTRACT, status: 'signed' }, 60_000, '2026-06-01')).toBeNull();
  });

  it('never expects insurance to pay less than nothing', () => {
    expect(coverageAmendment(CONTRACT, 500_000, '2026-06-01')?.after.insuranceCents).toBe(0);
  });
});
