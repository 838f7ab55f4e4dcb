import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { userContext } from '../test-support/fixtures.ts';
import {
  activateContract,
  amendContract,
  closeContract,
  proposeContract,
  readContracts,
  reviseProposal,
  setAutopay,
  setShares,
  signContract,
  type ContractInput,
} from './contracts-doc.ts';

const TERMS = {
  feeCents: 600_000,
  insuranceCents: 100_000,
  payInFull: false,
  downPaymentCents: 100_000,
  months: 12,
  startDate: '2026-11-25',
};
const INPUT: ContractInput = {
  familyId: 'fam_0000000000000001',
  patientId: 'pat_0000000000000001',
  caseId: 'cas_0000000000000001',
  optionId: 'opt_0000000000000001',
  terms: TERMS,
  parties: [{ partyId: 'rp_00000000000000001', share: { kind: 'percent', percent: 100 } }],
};

const SIGNED = {
  signatureId: 'sig_0000000000000001',
  signedAt: '2026-11-25T16:00:00.000Z',
  settings: { rounding: 'round-up' as const },
};

function active(doc: Y.Doc) {
  const ctx = userContext();
  const contract = proposeContract(doc, ctx, INPUT);
  if (!contract.ok) throw new Error('propose failed');
  signContract(doc, ctx, contract.value.id, SIGNED);
  activateContract(doc, ctx, contract.value.id, '2026-12-01');
  return contract.value.id;
}

describe('contracts', () => {
  it('CONTRACT-1: go from proposed to signed to active, and refuse moves out of order', () => {
    const doc = new Y.Doc();
    const ctx = userContext();
    const proposed = proposeContract(doc, ctx, INPUT);
    expect(proposed.ok && proposed.value.status).toBe('proposed');
    const id = proposed.ok ? proposed.value.id : '';
    expect(activateContract(doc, ctx, id, '2026-12-01')).toMatchObject({ ok: false });
    expect(signContract(doc, ctx, id, SIGNED)).toMatchObject({
      ok: true,
      value: { status: 'signed', signatureId: 'sig_0000000000000001' },
    });
    expect(activateContract(doc, ctx, id, '2026-12-01')).toMatchObject({
      ok: true,
      value: { status: 'active' },
    });
    expect(signContract(doc, ctx, id, SIGNED)).toMatchObject({ ok: false });
    expect(closeContract(doc, ctx, id, 'completed', '2028-12-01')).toMatchObject({
      ok: true,
      value: { status: 'completed' },
    });
  });

  it('CONTRACT-1: allow one open contract per case', () => {
    const doc = new Y.Doc();
    proposeContract(doc, userContext(), INPUT);
    expect(proposeContract(doc, userContext(), INPUT)).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'caseId' }] },
    });
  });

  it('CONTRACT-2: split between two parents only when the percents add up to 100', () => {
    const doc = new Y.Doc();
    const split = (a: number, b: number) => ({
      ...INPUT,
      parties: [
        { partyId: 'rp_00000000000000001', share: { kind: 'percent' as const, percent: a } },
        { partyId: 'rp_00000000000000002', share: { kind: 'percent' as const, percent: b } },
      ],
    });
    expect(proposeContract(doc, userContext(), split(60, 30))).toMatchObject({
      ok: false,
      error: { issues: [{ message: 'The shares must add up to 100%' }] },
    });
    expect(proposeContract(doc, userContext(), split(60, 40)).ok).toBe(true);
  });

  it('CONTRACT-3: can be revised while proposed, but signed terms are bound to the signature', () => {
    const doc = new Y.Doc();
    const ctx = userContext();
    const proposed = proposeContract(doc, ctx, INPUT);
    const id = proposed.ok ? proposed.value.id : '';
    expect(reviseProposal(doc, ctx, id, { terms: { ...TERMS, months: 18 } })).toMatchObject({
      ok: true,
      value: { terms: { months: 18 } },
    });
    signContract(doc, ctx, id, SIGNED);
    expect(reviseProposal(doc, ctx, id, { terms: { ...TERMS, months: 24 } })).toMatchObject({ ok: false });
    expect(readContracts(doc).contracts[0]?.terms.months).toBe(18);
  });

  it('CONTRACT-4: once active, change only by an amendment that keeps the terms before and after', () => {
    const doc = new Y.Doc();
    const id = active(doc);
    const amended = amendContract(doc, userContext(), id, {
      reason: 'Secondary insurance ended',
      effectiveFrom: '2027-03-01',
      after: { ...TERMS, insuranceCents: 60_000 },
    });
    expect(amended).toMatchObject({
      ok: true,
      value: {
        before: { insuranceCents: 100_000 },
        after: { insuranceCents: 60_000 },
        reason: 'Secondary insurance ended',
      },
    });
    const data = readContracts(doc);
    expect(data.contracts[0]?.terms.insuranceCents).toBe(60_000);
    expect(data.amendments).toHaveLength(1);
  });

  it('CONTRACT-4: refuse an amendment without a reason, and change nothing', () => {
    const doc = new Y.Doc();
    const id = active(doc);
    const before = Y.encodeStateVector(doc);
    expect(
      amendContract(doc, userContext(), id, { reason: ' ', effectiveFrom: '2027-03-01', after: TERMS }),
    ).toMatchObject({
      ok: false,
    });
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('CONTRACT-9: keep only the last four digits of an autopay card', () => {
    const doc = new Y.Doc();
    const id = active(doc);
    expect(
      setAutopay(doc, userContext(), id, {
        enrolled: true,
        method: 'card',
        last4: '4242424242424242',
        draftDay: 5,
      }),
    ).toMatchObject({ ok: false });
    expect(
      setAutopay(doc, userContext(), id, { enrolled: true, method: 'card', last4: '4242', draftDay: 5 }).ok,
    ).toBe(true);
  });
});

describe('CONTRACT-3: signing a contract', () => {
  it('fixes the payment settings in force at signing on the contract', () => {
    const doc = new Y.Doc();
    const ctx = userContext();
    const proposed = proposeContract(doc, ctx, INPUT);
    const id = proposed.ok ? proposed.value.id : '';
    const signed = signContract(doc, ctx, id, SIGNED);
    expect(signed.ok && signed.value.settings).toEqual({ rounding: 'round-up' });
  });

  it('on paper records no signature id, only that it was signed on paper', () => {
    const doc = new Y.Doc();
    const ctx = userContext();
    const proposed = proposeContract(doc, ctx, INPUT);
    const id = proposed.ok ? proposed.value.id : '';
    const signed = signContract(doc, ctx, id, {
      onPaper: true,
      signedAt: '2026-11-25T16:00:00.000Z',
      settings: {},
    });
    expect(signed.ok && signed.value).toMatchObject({ status: 'signed', signedOnPaper: true });
    expect(signed.ok && signed.value.signatureId).toBeUndefined();
  });
});

describe('who pays what share', () => {
  it('CONTRACT-108: can change until treatment starts, never after', () => {
    const doc = new Y.Doc();
    const ctx = userContext();
    const proposed = proposeContract(doc, ctx, INPUT);
    if (!proposed.ok) throw new Error('propose failed');
    signContract(doc, ctx, proposed.value.id, SIGNED);
    const split = [
      { partyId: 'rp_00000000000000001', share: { kind: 'percent' as const, percent: 60 } },
      { partyId: 'rp_00000000000000002', share: { kind: 'percent' as const, percent: 40 } },
    ];
    expect(setShares(doc, ctx, proposed.value.id, split)).toMatchObject({
      ok: true,
      value: { parties: split },
    });
    expect(setShares(doc, ctx, proposed.value.id, [split[0]!]).ok).toBe(false);
    activateContract(doc, ctx, proposed.value.id, '2026-12-01');
    expect(setShares(doc, ctx, proposed.value.id, INPUT.parties).ok).toBe(false);
  });
});
