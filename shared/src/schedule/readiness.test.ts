import { describe, expect, it } from 'vitest';
import type { Contract } from '../billing/contract.schema.ts';
import type { LedgerEntry } from '../billing/ledger.schema.ts';
import { familyAccount } from '../billing/contract-charges.ts';
import {
  downPaymentReceivedCents,
  isReady,
  readinessChecks,
  type ReadinessCheck,
  type ReadinessFacts,
} from './readiness.ts';
import { addDays } from '../core/calendar.ts';

const TODAY = '2026-06-01';
const inDays = (n: number) => addDays(TODAY, n);
const ago = (n: number) => addDays(TODAY, -n);

const PATIENT = 'pat_0000000000000001';
const FAMILY = 'fam_0000000000000001';
const CASE = 'cas_0000000000000001';
const OTHER_CASE = 'cas_0000000000000002';
const CONTRACT = 'ctr_0000000000000001';
const PRIMARY = 'pol_0000000000000001';
const SECONDARY = 'pol_0000000000000002';
/** A bonding in three days: inside the 7-day insurance window. */
const SOON = inDays(3);

/** A patient ready for their bonding: every check passes. */
function facts(over: Partial<ReadinessFacts> = {}): ReadinessFacts {
  return {
    today: TODAY,
    patientId: PATIENT,
    familyId: FAMILY,
    case: { id: CASE, type: 'comprehensive', status: 'accepted' },
    contracts: [
      {
        id: CONTRACT,
        caseId: CASE,
        status: 'signed',
        terms: { downPaymentCents: 100_000 },
        downPaymentReceivedCents: 100_000,
      },
    ],
    policies: [{ id: PRIMARY, order: 'primary', preauthRequired: true }],
    verifications: { [PRIMARY]: { verifiedOn: ago(10) } },
    preauths: [{ id: 'pre_0000000000000001', policyId: PRIMARY, caseId: CASE, status: 'approved' }],
    records: { takenOn: ago(20) },
    lab: null,
    consent: 'signed',
    ...over,
  };
}

const byId = (checks: readonly ReadinessCheck[], id: ReadinessCheck['id']) => checks.find((c) => c.id === id);

describe('READY-1: readinessChecks before a bonding', () => {
  it('lists every check, all ready, when everything is in place', () => {
    const checks = readinessChecks('bonding', SOON, facts());
    expect(checks.map((c) => [c.id, c.ready])).toEqual([
      ['consent-signed', true],
      ['contract-signed', true],
      ['down-payment', true],
      ['preauth-approved', true],
      ['records-taken', true],
      ['insurance-verified', true],
    ]);
    expect(checks.every((c) => c.missing === undefined)).toBe(true);
    expect(isReady(checks)).toBe(true);
  });

  it('says there is no financial agreement, and links to the family’s billing', () => {
    const checks = readinessChecks('bonding', SOON, facts({ contracts: [] }));
    expect(byId(checks, 'contract-signed')).toEqual({
      id: 'contract-signed',
      ready: false,
      label: 'Financial agreement signed',
      missing: 'There is no financial agreement for this case yet.',
      fix: { area: 'billing', familyId: FAMILY },
    });
    expect(byId(checks, 'down-payment')).toMatchObject({
      ready: false,
      missing: 'No down payment is set: there is no financial agreement yet.',
    });
    expect(isReady(checks)).toBe(false);
  });

  it('says the agreement is not signed and links to that contract', () => {
    const [contract] = facts().contracts;
    const checks = readinessChecks(
      'bonding',
      SOON,
      facts({ contracts: [{ ...contract!, status: 'proposed' }] }),
    );
    expect(byId(checks, 'contract-signed')).toMatchObject({
      ready: false,
      missing: 'The financial agreement is not signed yet.',
      fix: { area: 'billing', familyId: FAMILY, contractId: CONTRACT },
    });
  });

  it('does not count a cancelled contract or one for another case', () => {
    const [contract] = facts().contracts;
    const checks = readinessChecks(
      'bonding',
      SOON,
      facts({
        contracts: [
          { ...contract!, status: 'cancelled' },
          { ...contract!, id: 'ctr_0000000000000002', caseId: OTHER_CASE },
        ],
      }),
    );
    expect(byId(checks, 'contract-signed')?.ready).toBe(false);
  });

  it('counts an active (locked) contract as signed', () => {
    const [contract] = facts().contracts;
    const checks = readinessChecks(
      'bonding',
      SOON,
      facts({ contracts: [{ ...contract!, status: 'active' }] }),
    );
    expect(byId(checks, 'contract-signed')?.ready).toBe(true);
  });

  it('says how much of the down payment is still due', () => {
    const [contract] = facts().contracts;
    const checks = readinessChecks(
      'bonding',
      SOON,
      facts({ contracts: [{ ...contract!, downPaymentReceivedCents: 40_000 }] }),
    );
    expect(byId(checks, 'down-payment')).toMatchObject({
      ready: false,
      missing: '$600.00 of the $1,000.00 down payment is still due.',
      fix: { area: 'billing', contractId: CONTRACT },
    });
  });

  it('treats nothing recorded toward the down payment as nothing received', () => {
    const [contract] = facts().contracts;
    const { downPaymentReceivedCents: _, ...unknown } = contract!;
    const checks = readinessChecks('bonding', SOON, facts({ contracts: [unknown] }));
    expect(byId(checks, 'down-payment')?.missing).toBe(
      '$1,000.00 of the $1,000.00 down payment is still due.',
    );
  });

  it('is ready for the down payment when the contract asks for none', () => {
    const [contract] = facts().contracts;
    const checks = readinessChecks(
      'bonding',
      SOON,
      facts({ contracts: [{ ...contract!, terms: { downPaymentCents: 0 }, downPaymentReceivedCents: 0 }] }),
    );
    expect(byId(checks, 'down-payment')?.ready).toBe(true);
  });

  it.each([
    ['pending', 'The pre-authorization for the primary policy is submitted, not approved yet.'],
    ['submitted', 'The pre-authorization for the primary policy is submitted, not approved yet.'],
    ['denied', 'The pre-authorization for the primary policy was denied.'],
    ['appeal', 'The pre-authorization for the primary policy was denied and is under appeal.'],
  ] as const)('is not ready while the required pre-authorization is %s', (status, missing) => {
    const checks = readinessChecks(
      'bonding',
      SOON,
      facts({ preauths: [{ id: 'pre_0000000000000001', policyId: PRIMARY, caseId: CASE, status }] }),
    );
    expect(byId(checks, 'preauth-approved')).toEqual({
      id: 'preauth-approved',
      ready: false,
      label: 'Pre-authorization approved',
      missing,
      fix: { area: 'insurance', patientId: PATIENT, policyId: PRIMARY },
    });
  });

  it('says no pre-authorization was submitted, not counting one for another case', () => {
    const checks = readinessChecks(
      'bonding',
      SOON,
      facts({
        preauths: [{ id: 'pre_0000000000000001', policyId: PRIMARY, caseId: OTHER_CASE, status: 'approved' }],
      }),
    );
    expect(byId(checks, 'preauth-approved')?.missing).toBe(
      'No pre-authorization was submitted for the primary policy, which requires one.',
    );
  });

  it('points the pre-authorization fix at the policy that lacks one', () => {
    const checks = readinessChecks(
      'bonding',
      SOON,
      facts({
        policies: [
          { id: PRIMARY, order: 'primary', preauthRequired: true },
          { id: SECONDARY, order: 'secondary', preauthRequired: true },
        ],
        verifications: { [PRIMARY]: { verifiedOn: ago(10) }, [SECONDARY]: { verifiedOn: ago(10) } },
      }),
    );
    expect(byId(checks, 'preauth-approved')).toMatchObject({
      ready: false,
      missing: 'No pre-authorization was submitted for the secondary policy, which requires one.',
      fix: { policyId: SECONDARY },
    });
  });

  it('has no pre-authorization check when no plan in force requires one', () => {
    expect(
      byId(
        readinessChecks('bonding', SOON, facts({ policies: [{ id: PRIMARY, order: 'primary' }] })),
        'preauth-approved',
      ),
    ).toBeUndefined();
    const ended = facts({
      policies: [{ id: PRIMARY, preauthRequired: true, endDate: inDays(1) }],
      preauths: [],
    });
    expect(byId(readinessChecks('bonding', SOON, ended), 'preauth-approved')).toBeUndefined();
  });

  it.each([
    [{}, 'No records are taken or booked.'],
    [{ bookedOn: inDays(1) }, 'Records are booked for 06/02/2026, not taken yet.'],
    [{ bookedOn: inDays(5) }, 'Records are booked for 06/06/2026, after this appointment.'],
  ])('is not ready without records taken (%o)', (records, missing) => {
    const checks = readinessChecks('bonding', SOON, facts({ records }));
    expect(byId(checks, 'records-taken')).toEqual({
      id: 'records-taken',
      ready: false,
      label: 'Records taken',
      missing,
      fix: { area: 'schedule', patientId: PATIENT },
    });
  });

  it('does not check aligners for a braces bonding', () => {
    expect(byId(readinessChecks('bonding', SOON, facts()), 'aligners-received')).toBeUndefined();
  });

  it('BOOK-6: names no one in its messages', () => {
    const checks = readinessChecks(
      'bonding',
      SOON,
      facts({ contracts: [], preauths: [], records: {}, verifications: {}, consent: 'missing' }),
    );
    const text = checks.map((c) => `${c.label} ${c.missing ?? ''}`).join(' ');
    expect(checks.every((c) => !c.ready)).toBe(true);
    for (const id of [PATIENT, FAMILY, CASE, PRIMARY]) expect(text).not.toContain(id);
  });
});

describe('READY-1: readinessChecks before an aligner start', () => {
  const aligner = (over: Partial<ReadinessFacts> = {}) =>
    facts({ case: { id: CASE, type: 'aligners', status: 'accepted' }, ...over });

  it('READY-102: with no lab order the aligners are not ready, and the check says so', () => {
    const checks = readinessChecks('aligner-start', SOON, aligner());
    expect(byId(checks, 'aligners-received')).toEqual({
      id: 'aligners-received',
      ready: false,
      label: 'Aligners received',
      missing: 'No lab order: aligners are not ordered.',
      fix: { area: 'lab', patientId: PATIENT },
    });
    expect(isReady(checks)).toBe(false);
  });

  it('is not ready while the aligners are ordered and not received, and says when they are due', () => {
    const checks = readinessChecks(
      'aligner-start',
      SOON,
      aligner({ lab: { ordered: true, received: false, dueOn: inDays(10) } }),
    );
    expect(byId(checks, 'aligners-received')).toMatchObject({
      ready: false,
      missing: 'The aligners are ordered, not received yet. They are due 06/11/2026, after this appointment.',
      fix: { area: 'lab' },
    });
    expect(isReady(checks)).toBe(false);
  });

  it('LAB-3: aligners that are in but not checked are not ready yet; checked they are', () => {
    const unchecked = readinessChecks(
      'aligner-start',
      SOON,
      aligner({ lab: { ordered: true, received: true, checked: false, dueOn: inDays(2) } }),
    );
    expect(byId(unchecked, 'aligners-received')).toMatchObject({
      ready: false,
      missing: 'The aligners are in, not checked yet.',
    });
    const checked = readinessChecks(
      'aligner-start',
      SOON,
      aligner({ lab: { ordered: true, received: true, checked: true } }),
    );
    expect(byId(checked, 'aligners-received')?.ready).toBe(true);
  });

  it('says when aligners due before the appointment are not in yet', () => {
    const checks = readinessChecks(
      'aligner-start',
      SOON,
      aligner({ lab: { ordered: true, received: false, dueOn: inDays(2) } }),
    );
    expect(byId(checks, 'aligners-received')?.missing).toBe(
      'The aligners are ordered, not received yet. They are due 06/03/2026.',
    );
  });

  it('says when the aligners are not ordered', () => {
    const checks = readinessChecks(
      'aligner-start',
      SOON,
      aligner({ lab: { ordered: false, received: false } }),
    );
    expect(byId(checks, 'aligners-received')?.missing).toBe('The aligners are not ordered yet.');
  });

  it('is ready once the aligners are received', () => {
    const checks = readinessChecks(
      'aligner-start',
      SOON,
      aligner({ lab: { ordered: true, received: true } }),
    );
    expect(byId(checks, 'aligners-received')).toMatchObject({ ready: true });
    expect(byId(checks, 'aligners-received')?.missing).toBeUndefined();
  });

  it('checks aligners for an aligner start even when no case is linked', () => {
    const checks = readinessChecks('aligner-start', SOON, facts({ case: null }));
    expect(byId(checks, 'aligners-received')).toMatchObject({ ready: false });
  });

  it('checks aligners for an aligner case booked as a bonding, with the other start checks', () => {
    const checks = readinessChecks('bonding', SOON, aligner({ lab: { ordered: true, received: false } }));
    expect(checks.map((c) => c.id)).toEqual([
      'consent-signed',
      'contract-signed',
      'down-payment',
      'preauth-approved',
      'records-taken',
      'aligners-received',
      'insurance-verified',
    ]);
    expect(byId(checks, 'aligners-received')?.ready).toBe(false);
  });
});

describe('readinessChecks: consent and retainers', () => {
  it('READY-101: a start needs the informed consent signed, and says when it is missing or void', () => {
    expect(byId(readinessChecks('bonding', SOON, facts({ consent: 'missing' })), 'consent-signed')).toEqual({
      id: 'consent-signed',
      ready: false,
      label: 'Informed consent signed',
      missing: 'The informed consent is not signed yet.',
      fix: { area: 'patient', patientId: PATIENT },
    });
    const { consent: _omitted, ...unsaid } = facts();
    expect(isReady(readinessChecks('bonding', SOON, unsaid))).toBe(false);
    expect(
      byId(readinessChecks('aligner-start', SOON, facts({ consent: 'void' })), 'consent-signed')?.missing,
    ).toBe('The informed consent was signed for terms that have changed since: sign it again.');
  });

  it('READY-101: only starts ask for the consent', () => {
    expect(
      byId(readinessChecks('adjustment', SOON, facts({ consent: 'missing' })), 'consent-signed'),
    ).toBeUndefined();
  });

  it('READY-102: a retainer delivery waits for the retainers: no lab order is not ready', () => {
    const none = readinessChecks('retainer-delivery', SOON, facts());
    expect(byId(none, 'retainers-received')).toMatchObject({
      ready: false,
      missing: 'No lab order: retainers are not ordered.',
    });
    const ordered = readinessChecks(
      'retainer-delivery',
      SOON,
      facts({ lab: { ordered: true, received: false } }),
    );
    expect(byId(ordered, 'retainers-received')?.missing).toBe('The retainers are ordered, not received yet.');
    const received = readinessChecks(
      'retainer-delivery',
      SOON,
      facts({ lab: { ordered: true, received: true } }),
    );
    expect(byId(received, 'retainers-received')?.ready).toBe(true);
    // A retainer delivery is not a start: no contract or consent checks.
    expect(byId(none, 'contract-signed')).toBeUndefined();
  });
});

describe('READY-2: readinessChecks for insurance verification', () => {
  it('checks only the insurance for an adjustment within 7 days, ready when the benefits are fresh', () => {
    expect(readinessChecks('adjustment', SOON, facts())).toEqual([
      {
        id: 'insurance-verified',
        ready: true,
        label: 'Insurance benefits verified',
        fix: { area: 'insurance', patientId: PATIENT, policyId: PRIMARY },
      },
    ]);
  });

  it('flags any appointment within 7 days when the verification is stale', () => {
    const checks = readinessChecks(
      'adjustment',
      inDays(7),
      facts({ verifications: { [PRIMARY]: { verifiedOn: ago(100) } } }),
    );
    expect(checks).toEqual([
      {
        id: 'insurance-verified',
        ready: false,
        label: 'Insurance benefits verified',
        missing:
          'The primary policy was last verified 02/21/2026, more than 90 days before this appointment.',
        fix: { area: 'insurance', patientId: PATIENT, policyId: PRIMARY },
      },
    ]);
    expect(isReady(checks)).toBe(false);
  });

  it('flags a verification that will be stale by the appointment day', () => {
    const verifications = { [PRIMARY]: { verifiedOn: ago(88) } };
    expect(readinessChecks('retainer-check', inDays(1), facts({ verifications }))[0]?.ready).toBe(true);
    expect(readinessChecks('retainer-check', inDays(3), facts({ verifications }))[0]?.ready).toBe(false);
  });

  it('has no checks for an appointment more than 7 days out or already past, however stale', () => {
    const stale = facts({ verifications: { [PRIMARY]: { verifiedOn: ago(400) } } });
    expect(readinessChecks('adjustment', inDays(8), stale)).toEqual([]);
    expect(readinessChecks('adjustment', ago(1), stale)).toEqual([]);
  });

  it('says a policy was never verified, and points at it', () => {
    const checks = readinessChecks(
      'consult',
      TODAY,
      facts({
        policies: [
          { id: PRIMARY, order: 'primary' },
          { id: SECONDARY, order: 'secondary' },
        ],
        verifications: { [PRIMARY]: { verifiedOn: ago(5) } },
      }),
    );
    expect(checks[0]).toMatchObject({
      ready: false,
      missing: 'The secondary policy was never verified.',
      fix: { policyId: SECONDARY },
    });
  });

  it('leaves out policies that end before the appointment, and has no check without insurance', () => {
    const ended = facts({ policies: [{ id: PRIMARY, endDate: inDays(1) }], verifications: {} });
    expect(readinessChecks('adjustment', SOON, ended)).toEqual([]);
    expect(readinessChecks('adjustment', SOON, facts({ policies: [] }))).toEqual([]);
  });

  it('uses the practice’s stale threshold', () => {
    const checks = readinessChecks(
      'adjustment',
      SOON,
      facts({ staleDays: 30, verifications: { [PRIMARY]: { verifiedOn: ago(40) } } }),
    );
    expect(checks[0]?.missing).toBe(
      'The primary policy was last verified 04/22/2026, more than 30 days before this appointment.',
    );
  });
});

describe('READY-3: isReady', () => {
  it('is true with no checks and false when any check is not ready', () => {
    const fix = { area: 'patient' } as const;
    expect(isReady([])).toBe(true);
    expect(
      isReady([
        { id: 'records-taken', ready: true, label: 'Records taken', fix },
        { id: 'contract-signed', ready: false, label: 'Financial agreement signed', missing: 'x', fix },
      ]),
    ).toBe(false);
  });
});

describe('LEDGER-7: downPaymentReceivedCents', () => {
  const STAMPS = {
    createdAt: '2026-05-01T15:00:00.000Z',
    createdBy: 'stf_0000000000000001',
    updatedAt: '2026-05-01T15:00:00.000Z',
    updatedBy: 'stf_0000000000000001',
  };
  const contract = { id: CONTRACT, terms: { downPaymentCents: 100_000 } } as Pick<Contract, 'id' | 'terms'>;
  const entry = (id: string, fields: Partial<LedgerEntry>): LedgerEntry =>
    ({ id, familyId: FAMILY, payer: 'patient', ...STAMPS, ...fields }) as LedgerEntry;
  const charge = (
    id: string,
    cents: number,
    dueOn: string,
    chargeKind: 'initial-fee' | 'installment' | 'other',
  ) =>
    entry(id, {
      kind: 'charge',
      chargeKind,
      amountCents: cents,
      postedOn: '2026-05-20',
      dueOn,
      ...(chargeKind === 'other' ? {} : { contractId: CONTRACT }),
    });
  const pay = (id: string, cents: number, on = '2026-05-20') =>
    entry(id, { kind: 'payment', method: 'cash', amountCents: cents, postedOn: on });
  const DOWN = charge('lge_down0000000001', 100_000, '2026-05-20', 'initial-fee');
  const INSTALLMENT = charge('lge_inst0000000001', 30_000, '2026-06-01', 'installment');

  it('is the whole down payment when the family paid it', () => {
    expect(
      downPaymentReceivedCents(contract, [DOWN, INSTALLMENT, pay('lge_pay00000000001', 100_000)], TODAY),
    ).toBe(100_000);
  });

  it('is what was paid, not counting installments due after the down payment', () => {
    expect(
      downPaymentReceivedCents(contract, [DOWN, INSTALLMENT, pay('lge_pay00000000001', 40_000)], TODAY),
    ).toBe(40_000);
  });

  it('does not count a charge due the same day that sorts after the down payment', () => {
    const sameDay = charge('lge_inst0000000002', 30_000, '2026-05-20', 'installment');
    expect(
      downPaymentReceivedCents(contract, [DOWN, sameDay, pay('lge_pay00000000001', 100_000)], TODAY),
    ).toBe(100_000);
  });

  it('pays older charges first, as the ledger does', () => {
    const older = charge('lge_older000000001', 25_000, '2026-04-01', 'other');
    expect(downPaymentReceivedCents(contract, [older, DOWN, pay('lge_pay00000000001', 100_000)], TODAY)).toBe(
      75_000,
    );
  });

  it('does not count a reversed payment', () => {
    const paid = pay('lge_pay00000000001', 100_000);
    const reversal = entry('lge_rev00000000001', {
      kind: 'reversal',
      reversesId: paid.id,
      amountCents: 100_000,
      postedOn: '2026-05-22',
      reason: 'Bounced check',
    });
    expect(downPaymentReceivedCents(contract, [DOWN, paid, reversal], TODAY)).toBe(0);
  });

  it('counts a down payment dated ahead of today as due, and money paid ahead toward it', () => {
    const ahead = charge('lge_down0000000001', 100_000, inDays(10), 'initial-fee');
    expect(
      downPaymentReceivedCents(contract, [ahead, pay('lge_pay00000000001', 30_000, ago(1))], TODAY),
    ).toBe(30_000);
  });

  it('counts money paid ahead while the contract charges nothing yet, up to the down payment', () => {
    expect(downPaymentReceivedCents(contract, [pay('lge_pay00000000001', 30_000)], TODAY)).toBe(30_000);
    expect(downPaymentReceivedCents(contract, [pay('lge_pay00000000001', 150_000)], TODAY)).toBe(100_000);
  });

  it('works on the charges a signed contract makes', () => {
    const signed: Contract = {
      id: CONTRACT,
      familyId: FAMILY,
      patientId: PATIENT,
      caseId: CASE,
      optionId: 'opt_0000000000000001',
      status: 'signed',
      terms: {
        feeCents: 600_000,
        insuranceCents: 100_000,
        payInFull: false,
        downPaymentCents: 100_000,
        months: 12,
        startDate: '2026-05-20',
      },
      parties: [{ partyId: 'rp_00000000000000001', share: { kind: 'percent', percent: 100 } }],
      ...STAMPS,
    };
    const entries = [pay('lge_pay00000000001', 70_000)];
    const { charges } = familyAccount(
      { contracts: [signed], amendments: [], entries, settings: { dueDayOfMonth: 1, firstDueMinDays: 21 } },
      TODAY,
    );
    expect(downPaymentReceivedCents(signed, [...entries, ...charges], TODAY)).toBe(70_000);
  });
});
