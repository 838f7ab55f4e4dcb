import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { userContext } from '../test-support/fixtures.ts';
import {
  activateContract,
  amendContract,
  proposeContract,
  readContracts,
  signContract,
} from '../billing/contracts-doc.ts';
import { postLedgerEntry, readLedger } from '../billing/ledger-doc.ts';
import { familyAccount } from '../billing/contract-charges.ts';
import type { PaymentSettings } from '../billing/payment-settings.schema.ts';
import { addPolicy, readInsurance, recordClaimEvent, recordInsurerSchedule } from './insurance-doc.ts';
import { claimsOf, insuranceAging, outstandingCents, type ClaimView } from './claims.ts';
import {
  transferClaimToFamily,
  writeOffClaim,
  type ClaimCommands,
  type FamilyCommands,
} from './claim-resolution.ts';

const TODAY = '2026-09-15';
const FAMILY = 'fam_0000000000000001';
const PATIENT = 'pat_0000000000000001';
const CASE = 'cas_0000000000000001';
const SETTINGS: PaymentSettings = { rounding: 'remainder-last' };

/** A patient in treatment since June: the insurer owes $625 at the start, then $93.75 a month. */
function practice() {
  const ctx = userContext();
  const insurance = new Y.Doc();
  const ledger = new Y.Doc();
  const contracts = new Y.Doc();
  const policy = addPolicy(insurance, ctx, {
    patientId: PATIENT,
    carrierId: 'car_0000000000000001',
    memberId: 'LS-1',
    subscriber: { kind: 'patient' },
    relationship: 'self',
    effectiveDate: '2026-01-01',
    order: 'primary',
  });
  if (!policy.ok) throw new Error('policy');
  const schedule = recordInsurerSchedule(insurance, ctx, {
    caseId: CASE,
    policyId: policy.value.id,
    reason: 'start',
    effectiveFrom: '2026-06-01',
    estimateCents: 200_000,
    payments: [
      { date: '2026-06-01', amountCents: 62_500, kind: 'initial', number: 0 },
      { date: '2026-07-01', amountCents: 9_375, kind: 'installment', number: 1 },
      { date: '2026-08-01', amountCents: 9_375, kind: 'installment', number: 2 },
    ],
    reasons: [],
  });
  if (!schedule.ok) throw new Error('schedule');
  const contract = proposeContract(contracts, ctx, {
    familyId: FAMILY,
    patientId: PATIENT,
    caseId: CASE,
    optionId: 'opt_0000000000000001',
    terms: {
      feeCents: 500_000,
      insuranceCents: 200_000,
      payInFull: false,
      downPaymentCents: 60_000,
      months: 20,
      startDate: '2026-06-01',
    },
    parties: [{ partyId: 'rp_00000000000000001', share: { kind: 'percent', percent: 100 } }],
  });
  if (!contract.ok) throw new Error('contract');
  signContract(contracts, ctx, contract.value.id, {
    onPaper: true,
    signedAt: '2026-05-20T16:00:00.000Z',
    settings: SETTINGS,
  });
  activateContract(contracts, ctx, contract.value.id, '2026-06-01');

  const commands: ClaimCommands & FamilyCommands = {
    recordClaimEvent: (input) => recordClaimEvent(insurance, ctx, input),
    postLedgerEntry: (input) => postLedgerEntry(ledger, ctx, input),
    amendContract: (id, input) => amendContract(contracts, ctx, id, input),
  };
  const claims = (): ClaimView[] => {
    const data = readInsurance(insurance);
    return claimsOf(data.schedules, data.claimEvents, TODAY);
  };
  const claim = (number: number) => claims().find((c) => c.paymentNumber === number)!;
  const insuranceAR = () => insuranceAging(claims(), TODAY, () => 'car_0000000000000001').total.totalCents;
  const account = () => {
    const { contracts: list, amendments } = readContracts(contracts);
    return familyAccount(
      { contracts: list, amendments, entries: readLedger(ledger).entries, settings: SETTINGS },
      TODAY,
    ).state;
  };
  const activeContract = () => readContracts(contracts).contracts[0]!;
  const record = (input: Parameters<typeof commands.recordClaimEvent>[0]) => {
    const result = commands.recordClaimEvent(input);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
  };
  const scheduleId = schedule.value.id;
  return { commands, claim, insuranceAR, account, activeContract, record, scheduleId, ledger, contracts };
}

describe('closing out claims', () => {
  it('CLAIM-9: writing off a denied claim takes exactly its cents off insurance A/R and leaves the family’s balance alone', () => {
    const p = practice();
    p.record({ scheduleId: p.scheduleId, paymentNumber: 1, status: 'sent', on: '2026-07-02' });
    p.record({
      scheduleId: p.scheduleId,
      paymentNumber: 1,
      status: 'denied',
      on: '2026-07-20',
      reason: 'Frequency limit',
      reference: 'EOB-7731',
    });
    const arBefore = p.insuranceAR();
    const balanceBefore = p.account().balanceCents;
    const written = writeOffClaim(p.commands, {
      claim: p.claim(1),
      cents: 9_375,
      on: '2026-08-05',
      reason: 'Carrier will not pay: frequency limit',
      reference: 'EOB-7731',
    });
    expect(written.ok).toBe(true);
    expect(p.insuranceAR()).toBe(arBefore - 9_375);
    expect(p.account().balanceCents).toBe(balanceBefore);
    expect(p.claim(1)).toMatchObject({
      status: 'written-off',
      writtenOffCents: 9_375,
      reference: 'EOB-7731',
      lastEventOn: '2026-08-05',
    });
  });

  it('CLAIM-10: moving an underpaid claim’s unpaid part to the family as a charge moves insurance A/R and the family’s balance by the same cents', () => {
    const p = practice();
    p.record({ scheduleId: p.scheduleId, paymentNumber: 0, status: 'sent', on: '2026-06-02' });
    p.record({
      scheduleId: p.scheduleId,
      paymentNumber: 0,
      status: 'paid',
      on: '2026-06-28',
      paidCents: 50_000,
      reference: '104552',
    });
    const arBefore = p.insuranceAR();
    const balanceBefore = p.account().balanceCents;
    const moved = transferClaimToFamily(
      p.commands,
      { claim: p.claim(0), cents: 12_500, on: '2026-07-10', reference: 'EOB-104552' },
      { to: 'charge', familyId: FAMILY, patientId: PATIENT },
      { carrier: 'Lone Star Dental' },
    );
    expect(moved.ok).toBe(true);
    expect(p.insuranceAR()).toBe(arBefore - 12_500);
    expect(p.account().balanceCents).toBe(balanceBefore + 12_500);
    const entry = readLedger(p.ledger).entries[0]!;
    expect(entry).toMatchObject({
      kind: 'charge',
      chargeKind: 'insurance-balance',
      amountCents: 12_500,
      postedOn: '2026-07-10',
    });
    expect(p.claim(0)).toMatchObject({
      status: 'transferred',
      transferredCents: 12_500,
      paidCents: 50_000,
    });
    expect(outstandingCents(p.claim(0))).toBe(0);
  });

  it('CLAIM-11: moving it as a contract amendment adds exactly those cents to what the family still pays', () => {
    const p = practice();
    p.record({
      scheduleId: p.scheduleId,
      paymentNumber: 2,
      status: 'denied',
      on: '2026-08-20',
      reason: 'Not eligible',
    });
    const arBefore = p.insuranceAR();
    const before = p.account();
    const moved = transferClaimToFamily(
      p.commands,
      { claim: p.claim(2), cents: 9_375, on: '2026-09-01' },
      {
        to: 'amendment',
        contract: p.activeContract(),
        amendments: readContracts(p.contracts).amendments,
        settings: SETTINGS,
      },
      { carrier: 'Lone Star Dental' },
    );
    expect(moved.ok).toBe(true);
    const after = p.account();
    expect(p.insuranceAR()).toBe(arBefore - 9_375);
    expect(after.balanceCents + after.futureScheduledCents).toBe(
      before.balanceCents + before.futureScheduledCents + 9_375,
    );
    expect(p.activeContract().terms.insuranceCents).toBe(200_000 - 9_375);
    expect(p.claim(2)).toMatchObject({ status: 'transferred', transferredCents: 9_375 });
  });

  it('CLAIM-11: refuses an amendment whose interest would move a different amount, and writes nothing', () => {
    const p = practice();
    const contract = { ...p.activeContract(), settings: { aprBasisPoints: 1200 } };
    const arBefore = p.insuranceAR();
    const moved = transferClaimToFamily(
      p.commands,
      { claim: p.claim(2), cents: 9_375, on: '2026-09-01' },
      { to: 'amendment', contract, amendments: [], settings: SETTINGS },
      { carrier: 'Lone Star Dental' },
    );
    expect(moved.ok).toBe(false);
    if (!moved.ok && moved.error.kind === 'invalid')
      expect(moved.error.issues[0]!.message).toMatch(/move it as a charge instead/);
    expect(p.insuranceAR()).toBe(arBefore);
    expect(readContracts(p.contracts).amendments).toHaveLength(0);
  });

  it('CLAIM-12: never settles more than is outstanding, and refuses a write-off without a reason', () => {
    const p = practice();
    const tooMuch = writeOffClaim(p.commands, {
      claim: p.claim(1),
      cents: 9_376,
      on: '2026-08-01',
      reason: 'x',
    });
    expect(tooMuch.ok).toBe(false);
    const noReason = writeOffClaim(p.commands, { claim: p.claim(1), cents: 100, on: '2026-08-01' });
    expect(noReason.ok).toBe(false);
    // The command itself checks too, whatever the caller computed.
    const direct = p.commands.recordClaimEvent({
      scheduleId: p.scheduleId,
      paymentNumber: 1,
      status: 'written-off',
      on: '2026-08-01',
      resolvedCents: 10_000,
      reason: 'x',
    });
    expect(direct.ok).toBe(false);
    if (!direct.ok && direct.error.kind === 'invalid')
      expect(direct.error.issues).toEqual([
        { path: 'resolvedCents', message: 'At most $93.75 is outstanding' },
      ]);
    expect(readLedger(p.ledger).entries).toHaveLength(0);
  });

  it('CLAIM-7: keeps the event’s own date and EOB or check number, and refuses a card number as a reference', () => {
    const p = practice();
    p.record({
      scheduleId: p.scheduleId,
      paymentNumber: 0,
      status: 'paid',
      on: '2026-06-20',
      paidCents: 62_500,
      reference: 'CHK 88812',
    });
    expect(p.claim(0)).toMatchObject({ status: 'paid', paidOn: '2026-06-20', reference: 'CHK 88812' });
    const card = p.commands.recordClaimEvent({
      scheduleId: p.scheduleId,
      paymentNumber: 1,
      status: 'paid',
      on: '2026-07-20',
      paidCents: 9_375,
      reference: '4111 1111 1111 1111',
    });
    expect(card.ok).toBe(false);
  });
});
