/**
 * The money workflows: multi-document use cases run against real Yjs documents, as the screens
 * run them.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { STAMPS, userContext } from '../test-support/fixtures.ts';
import type { Signature, TreatmentOption } from '../pipeline/case.schema.ts';
import { documentToSign, signatureRecordOf, type SigningContext } from '../pipeline/signed-documents.ts';
import { DEFAULT_LATE_POLICY } from './ledger.schema.ts';
import { activateContract, proposeContract, readContracts, signContract } from './contracts-doc.ts';
import { contractFromAgreement, withdrawContractForNewTerms } from './agreement.workflow.ts';
import { lockContractAtStart, lockOutcomeText, startTreatmentGate } from './start-treatment.workflow.ts';
import { amendForCoverageChange, coverageOutcomeText } from './coverage-change.workflow.ts';
import { postFromForm, reverseEntry } from './post-payment.workflow.ts';
import { emptyLedgerForm } from './ledger-form.ts';
import { readLedger } from './ledger-doc.ts';
import { familyAccount, termsOfOption } from './contract-charges.ts';
import type { ReadinessCheck } from '../schedule/readiness.ts';

const FAMILY = 'fam_0000000000000001';
const PATIENT = 'pat_0000000000000001';
const CASE = 'cas_0000000000000001';
const PARTY = 'rp_00000000000000001';
const TODAY = '2026-03-02';

const option: TreatmentOption = {
  id: 'opt_0000000000000001',
  caseId: CASE,
  name: 'Metal braces',
  appliance: 'metal-braces',
  feeCents: 500_000,
  months: 24,
  recommended: true,
  downPaymentCents: 200_000,
  installments: 10,
  status: 'accepted',
  sortOrder: 0,
  ...STAMPS,
};

const signing: SigningContext = {
  practiceName: 'Bright Smiles',
  patientName: 'Bea Silva',
  cases: [{ id: CASE, type: 'comprehensive' }],
  options: [option],
  paymentSettings: {},
  latePolicy: { ...DEFAULT_LATE_POLICY, lateFeeCents: 2_500 },
  templates: [],
};

function agreementFor(chosen: TreatmentOption): Signature {
  const document = documentToSign(
    { kind: 'financial-agreement', caseId: CASE, option: chosen },
    { ...signing, options: [chosen] },
    TODAY,
  );
  if (!document.ok) throw new Error(document.error.message);
  return {
    id: 'sig_0000000000000001',
    caseId: CASE,
    optionId: chosen.id,
    ...signatureRecordOf(document.value),
    signerName: 'Rui Silva',
    signerRole: 'parent',
    signaturePath: 'M1 1 L2 2',
    signedAt: `${TODAY}T15:00:00.000Z`,
    witnessId: 'stf_00000001',
    ...STAMPS,
  };
}

const fromAgreement = (doc: Y.Doc, chosen = option) =>
  contractFromAgreement(doc, userContext(), {
    familyId: FAMILY,
    patientId: PATIENT,
    caseId: CASE,
    option: chosen,
    agreement: agreementFor(chosen),
    parties: [{ partyId: PARTY, share: { kind: 'percent', percent: 100 } }],
    settings: {},
    startDate: TODAY,
  });

describe('signing the financial agreement makes the contract', () => {
  it('CONTRACT-101: proposes the contract from exactly the signed terms and signs it by the agreement', () => {
    const doc = new Y.Doc();
    const outcome = fromAgreement(doc);
    expect(outcome.ok && outcome.value.kind).toBe('signed');
    const [contract] = readContracts(doc).contracts;
    expect(contract).toMatchObject({
      status: 'signed',
      signatureId: 'sig_0000000000000001',
      terms: termsOfOption(option, TODAY),
      lateFee: { cents: 2_500, graceDays: 10 },
    });
    // Signing again for the same case changes nothing.
    expect(fromAgreement(doc)).toMatchObject({ ok: true, value: { kind: 'already-signed' } });
    expect(readContracts(doc).contracts).toHaveLength(1);
  });

  it('CONTRACT-101: a proposal already open for the case is revised to the signed terms, not duplicated', () => {
    const doc = new Y.Doc();
    proposeContract(doc, userContext(), {
      familyId: FAMILY,
      patientId: PATIENT,
      caseId: CASE,
      optionId: option.id,
      terms: { ...termsOfOption(option, TODAY), months: 24 },
      parties: [{ partyId: PARTY, share: { kind: 'percent', percent: 100 } }],
    });
    expect(fromAgreement(doc)).toMatchObject({ ok: true, value: { kind: 'signed', revised: true } });
    const contracts = readContracts(doc).contracts;
    expect(contracts).toHaveLength(1);
    expect(contracts[0]?.terms.months).toBe(10);
  });

  it('CONTRACT-106: a pay-in-full agreement makes a pay-in-full contract', () => {
    const doc = new Y.Doc();
    const full = { ...option, installments: 0, downPaymentCents: 0 };
    fromAgreement(doc, full);
    expect(readContracts(doc).contracts[0]?.terms).toMatchObject({
      payInFull: true,
      months: 0,
      downPaymentCents: 0,
    });
  });

  it('CONTRACT-101: refuses without a responsible party, and writes nothing', () => {
    const doc = new Y.Doc();
    const result = contractFromAgreement(doc, userContext(), {
      familyId: FAMILY,
      patientId: PATIENT,
      caseId: CASE,
      option,
      agreement: agreementFor(option),
      parties: [],
      settings: {},
      startDate: TODAY,
    });
    expect(result.ok).toBe(false);
    expect(readContracts(doc).contracts).toEqual([]);
  });

  it('CONTRACT-102: changing the terms withdraws a contract not yet active, never an active one', () => {
    const doc = new Y.Doc();
    fromAgreement(doc);
    const withdrawn = withdrawContractForNewTerms(doc, userContext(), { caseId: CASE, today: TODAY });
    expect(withdrawn.ok && withdrawn.value.map((c) => c.status)).toEqual(['cancelled']);
    fromAgreement(doc);
    const id = readContracts(doc).contracts.find((c) => c.status === 'signed')!.id;
    activateContract(doc, userContext(), id, TODAY);
    expect(withdrawContractForNewTerms(doc, userContext(), { caseId: CASE, today: TODAY }).ok).toBe(false);
    expect(readContracts(doc).contracts.find((c) => c.id === id)?.status).toBe('active');
  });
});

describe('starting treatment', () => {
  const check = (ready: boolean, label: string): ReadinessCheck => ({
    id: 'down-payment',
    ready,
    label,
    fix: { area: 'billing' },
  });

  it('CONTRACT-107: starts when ready; otherwise only with a reason, kept with what was missing', () => {
    expect(startTreatmentGate([check(true, 'Down payment received')], '')).toEqual({ ok: true, value: {} });
    const missing = [check(false, 'Down payment received'), check(false, 'Records taken')];
    expect(startTreatmentGate(missing, '  ')).toEqual({
      ok: false,
      error: 'Not ready: down payment received, records taken. Say why treatment starts anyway.',
    });
    expect(startTreatmentGate(missing, 'Doctor approved, paying Friday')).toEqual({
      ok: true,
      value: {
        reason: 'Started without down payment received, records taken: Doctor approved, paying Friday',
      },
    });
    const long = startTreatmentGate(missing, 'x'.repeat(400));
    expect(long.ok && long.value.reason?.length).toBe(200);
  });

  it('CONTRACT-104: locks the signed contract on the start day; reports a proposal or no contract', () => {
    const doc = new Y.Doc();
    expect(lockContractAtStart(doc, userContext(), { caseId: CASE, startDate: TODAY })).toEqual({
      ok: true,
      value: { kind: 'no-contract' },
    });
    const proposed = proposeContract(doc, userContext(), {
      familyId: FAMILY,
      patientId: PATIENT,
      caseId: CASE,
      optionId: option.id,
      terms: termsOfOption(option, TODAY),
      parties: [{ partyId: PARTY, share: { kind: 'percent', percent: 100 } }],
    });
    const outcome = lockContractAtStart(doc, userContext(), { caseId: CASE, startDate: TODAY });
    expect(outcome.ok && outcome.value.kind).toBe('not-signed');
    expect(outcome.ok && lockOutcomeText(outcome.value)).toMatch(/not signed yet/);
    if (!proposed.ok) throw new Error('proposed');
    signContract(doc, userContext(), proposed.value.id, {
      onPaper: true,
      signedAt: `${TODAY}T10:00:00.000Z`,
      settings: {},
    });
    const locked = lockContractAtStart(doc, userContext(), { caseId: CASE, startDate: '2026-03-09' });
    expect(locked.ok && locked.value.kind).toBe('locked');
    expect(readContracts(doc).contracts[0]).toMatchObject({ status: 'active', activatedOn: '2026-03-09' });
    expect(lockContractAtStart(doc, userContext(), { caseId: CASE, startDate: '2026-03-10' })).toMatchObject({
      ok: true,
      value: { kind: 'already-active' },
    });
  });
});

describe('a coverage change', () => {
  it('CONTRACT-105: amends the active contract from the change date; nothing when nothing moved', () => {
    const doc = new Y.Doc();
    const insured = { ...option, insuranceEstimateCents: 100_000 };
    fromAgreement(doc, insured);
    const id = readContracts(doc).contracts[0]!.id;
    const input = { caseId: CASE, movedToPatientCents: 40_000, changeDate: '2026-06-15' };
    // Before treatment starts, nothing is amended (the proposal is revised instead).
    expect(amendForCoverageChange(doc, userContext(), input)).toEqual({
      ok: true,
      value: { kind: 'unchanged' },
    });
    activateContract(doc, userContext(), id, TODAY);
    expect(amendForCoverageChange(doc, userContext(), { ...input, movedToPatientCents: 0 })).toEqual({
      ok: true,
      value: { kind: 'unchanged' },
    });
    const amended = amendForCoverageChange(doc, userContext(), input);
    expect(amended.ok && amended.value.kind).toBe('amended');
    expect(amended.ok && coverageOutcomeText(amended.value)).toBe(
      'The contract is amended from 06/15/2026; the remaining payments are re-planned.',
    );
    expect(readContracts(doc).contracts[0]?.terms.insuranceCents).toBe(60_000);
  });
});

describe('posting to the ledger', () => {
  it('LEDGER-102: posts a payment read from the form; a bad amount posts nothing and says why', () => {
    const doc = new Y.Doc();
    const bad = postFromForm(
      doc,
      userContext(),
      { ...emptyLedgerForm(TODAY), amount: '12.345' },
      { familyId: FAMILY },
    );
    expect(bad).toMatchObject({
      ok: false,
      error: { kind: 'invalid', issues: [{ path: 'amount', message: 'At most 2 decimal places (cents)' }] },
    });
    const card = postFromForm(
      doc,
      userContext(),
      { ...emptyLedgerForm(TODAY), amount: '250', reference: '4242424242424242' },
      { familyId: FAMILY },
    );
    expect(card).toMatchObject({ ok: false, error: { kind: 'invalid', issues: [{ path: 'reference' }] } });
    expect(readLedger(doc).entries).toEqual([]);
    const paid = postFromForm(
      doc,
      userContext(),
      { ...emptyLedgerForm(TODAY), amount: '250', reference: '4242' },
      { familyId: FAMILY },
    );
    expect(paid.ok && paid.value).toMatchObject({ kind: 'payment', amountCents: 25_000, reference: '4242' });
  });

  it('LEDGER-101: reverses a posted entry once, with a reason; a reversal or a contract charge cannot be', () => {
    const doc = new Y.Doc();
    const paid = postFromForm(
      doc,
      userContext(),
      { ...emptyLedgerForm(TODAY), amount: '250' },
      { familyId: FAMILY },
    );
    if (!paid.ok) throw new Error('posted');
    expect(reverseEntry(doc, userContext(), { entryId: paid.value.id, reason: ' ', today: TODAY }).ok).toBe(
      false,
    );
    const reversal = reverseEntry(doc, userContext(), {
      entryId: paid.value.id,
      reason: 'Wrong family',
      today: TODAY,
    });
    expect(reversal.ok).toBe(true);
    expect(
      reverseEntry(doc, userContext(), { entryId: paid.value.id, reason: 'Again', today: TODAY }).ok,
    ).toBe(false);
    if (!reversal.ok) throw new Error('reversed');
    expect(
      reverseEntry(doc, userContext(), { entryId: reversal.value.id, reason: 'Undo', today: TODAY }).ok,
    ).toBe(false);
    const account = familyAccount(
      { contracts: [], amendments: [], entries: readLedger(doc).entries, settings: {} },
      TODAY,
    );
    expect(account.state.balanceCents).toBe(0);
  });
});
