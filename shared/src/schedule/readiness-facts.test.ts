import { describe, expect, it } from 'vitest';
import type { Appointment, AppointmentType } from './schedule.schema.ts';
import type { Case } from '../pipeline/case.schema.ts';
import type { Contract } from '../billing/contract.schema.ts';
import type { LedgerEntry } from '../billing/ledger.schema.ts';
import { appointmentReadiness, caseStartReadiness } from './readiness-facts.ts';

const STAMPS = {
  createdAt: '2026-11-01T14:00:00.000Z',
  createdBy: 'stf_0000000000000001',
  updatedAt: '2026-11-01T14:00:00.000Z',
  updatedBy: 'stf_0000000000000001',
};
const TYPES = new Map<string, AppointmentType>(
  (
    [
      ['atp_bond00000000001', 'bonding'],
      ['atp_rec000000000001', 'records'],
      ['atp_adj000000000001', 'adjustment'],
    ] as const
  ).map(([id, stage]) => [
    id,
    { id, name: stage, stage, minutes: 30, color: '#1d4ed8', needsDoctor: true, active: true, ...STAMPS },
  ]),
);
function visit(
  id: string,
  typeId: string,
  start: string,
  status: Appointment['status'] = 'scheduled',
): Appointment {
  return {
    id,
    patientId: 'pat_0000000000000001',
    locationId: 'loc_0000000000000001',
    chairId: 'chr_0000000000000001',
    typeId,
    caseId: 'cas_0000000000000001',
    start,
    minutes: 30,
    status,
    ...STAMPS,
  };
}
const CASE = { id: 'cas_0000000000000001', type: 'comprehensive', status: 'accepted' } as Case;
const CONTRACT = {
  id: 'ctr_0000000000000001',
  familyId: 'fam_0000000000000001',
  patientId: 'pat_0000000000000001',
  caseId: CASE.id,
  optionId: 'opt_0000000000000001',
  status: 'signed',
  terms: {
    feeCents: 500_000,
    insuranceCents: 0,
    payInFull: false,
    downPaymentCents: 50_000,
    months: 12,
    startDate: '2026-11-20',
  },
  parties: [],
  ...STAMPS,
} as unknown as Contract;
const PAID = {
  id: 'lge_0000000000000001',
  familyId: 'fam_0000000000000001',
  kind: 'payment',
  payer: 'patient',
  method: 'card',
  amountCents: 50_000,
  postedOn: '2026-11-20',
  ...STAMPS,
} as unknown as LedgerEntry;

const bonding = visit('apt_0000000000000001', 'atp_bond00000000001', '2026-12-10T15:00:00.000Z');
const base = {
  today: '2026-11-25',
  familyId: 'fam_0000000000000001',
  chart: { cases: [CASE] },
  insurance: null,
  types: TYPES,
  timeZone: 'America/Chicago',
};

describe('readiness of an appointment from the open documents', () => {
  it('READY-1: a bonding is ready when the contract is signed, the down payment paid and records taken', () => {
    const checks = appointmentReadiness(bonding, '2026-12-10', {
      ...base,
      contracts: [CONTRACT],
      accountEntries: [PAID],
      consentOf: () => 'signed',
      visits: [
        bonding,
        visit('apt_0000000000000002', 'atp_rec000000000001', '2026-11-20T15:00:00.000Z', 'completed'),
      ],
    });
    expect(checks.map((c) => [c.id, c.ready])).toEqual([
      ['consent-signed', true],
      ['contract-signed', true],
      ['down-payment', true],
      ['records-taken', true],
    ]);
  });

  it('READY-1: says what is missing, and where it is fixed, when nothing is in place', () => {
    const checks = appointmentReadiness(bonding, '2026-12-10', {
      ...base,
      contracts: [],
      accountEntries: [],
      visits: [bonding],
    });
    const contract = checks.find((c) => c.id === 'contract-signed');
    expect(contract?.ready).toBe(false);
    expect(contract?.missing).toBeTruthy();
    expect(contract?.fix.area).toBe('billing');
    expect(checks.find((c) => c.id === 'records-taken')?.ready).toBe(false);
  });

  it('READY-2, READY-3: an adjustment far ahead has nothing to check', () => {
    const adjustment = visit('apt_0000000000000003', 'atp_adj000000000001', '2027-01-10T15:00:00.000Z');
    expect(
      appointmentReadiness(adjustment, '2027-01-10', {
        ...base,
        contracts: [],
        accountEntries: [],
        visits: [],
      }),
    ).toEqual([]);
  });
});

describe('readiness to start treatment, wherever it is started', () => {
  it('CONTRACT-107: checks the case as its start visit would, on the start day', () => {
    const sources = {
      ...base,
      contracts: [CONTRACT],
      accountEntries: [],
      visits: [visit('apt_0000000000000002', 'atp_rec000000000001', '2026-11-20T15:00:00.000Z', 'completed')],
      consentOf: () => 'signed' as const,
    };
    const checks = caseStartReadiness(CASE, 'pat_0000000000000001', '2026-11-25', sources);
    expect(checks.map((c) => [c.id, c.ready])).toEqual([
      ['consent-signed', true],
      ['contract-signed', true],
      ['down-payment', false],
      ['records-taken', true],
    ]);
    const paid = caseStartReadiness(CASE, 'pat_0000000000000001', '2026-11-25', {
      ...sources,
      accountEntries: [PAID],
    });
    expect(paid.every((c) => c.ready)).toBe(true);
    // Records taken after the start day do not count for it.
    const early = caseStartReadiness(CASE, 'pat_0000000000000001', '2026-11-19', {
      ...sources,
      accountEntries: [PAID],
    });
    expect(early.find((c) => c.id === 'records-taken')?.ready).toBe(false);
  });
});

describe('caseStartReadiness with the chart’s lab orders (LAB-3)', () => {
  const ALIGNERS = { id: CASE.id, type: 'aligners', status: 'accepted' } as Case;
  const ORDER = {
    id: 'lab_0000000000000001',
    caseId: CASE.id,
    item: 'aligners',
    vendor: 'ClearCo Lab',
    turnaroundDays: 14,
    orderedOn: '2026-11-20',
    dueOn: '2026-12-04',
    orderedBy: 'stf_0000000000000001',
    ...STAMPS,
  } as const;
  const step = (id: string, kind: 'received' | 'checked') => ({
    id,
    orderId: ORDER.id,
    step: kind,
    on: '2026-12-03',
    at: '2026-12-03T15:00:00.000Z',
    by: 'stf_0000000000000001',
    ...STAMPS,
  });
  const sources = (steps: ReturnType<typeof step>[]) => ({
    ...base,
    chart: { cases: [ALIGNERS] },
    contracts: [],
    accountEntries: [],
    visits: [],
    labOrders: { orders: [ORDER], steps },
  });
  const aligners = (steps: ReturnType<typeof step>[]) =>
    caseStartReadiness(ALIGNERS, 'pat_0000000000000001', '2026-12-10', sources(steps)).find(
      (c) => c.id === 'aligners-received',
    );

  it('LAB-3: an aligner start reads its case’s order from the chart: ordered, in but unchecked, then ready', () => {
    expect(aligners([])?.missing).toBe(
      'The aligners are ordered, not received yet. They are due 12/04/2026.',
    );
    expect(aligners([step('lbs_0000000000000001', 'received')])?.missing).toBe(
      'The aligners are in, not checked yet.',
    );
    expect(
      aligners([step('lbs_0000000000000001', 'received'), step('lbs_0000000000000002', 'checked')])?.ready,
    ).toBe(true);
  });

  it('READY-102: with no lab order in the chart the aligners are not ready', () => {
    const none = caseStartReadiness(ALIGNERS, 'pat_0000000000000001', '2026-12-10', {
      ...sources([]),
      labOrders: { orders: [], steps: [] },
    }).find((c) => c.id === 'aligners-received');
    expect(none?.missing).toBe('No lab order: aligners are not ordered.');
  });
});
