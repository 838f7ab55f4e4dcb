/**
 * The small practice the KPI tests count by hand (test code only). Written out record by record,
 * not generated, so every expected figure in the tests can be worked out from this page.
 *
 * The practice is in Chicago (January is CST, UTC−6): an instant at 15:00Z is 09:00 local, the
 * same calendar day. Two instants are set on purpose across midnight (see C3).
 *
 * Patients, their cases (C…), visits (A…), contracts (K…) and ledger entries (L…):
 * - P1 Ava, main: C1 web inquiry 01-05; exam A1 01-12 seen (Dr Smith), recommended and accepted the
 *   same day, contract K1 signed that day ($6,000, $1,000 down, over time); bonding A10 01-26,
 *   started 01-26; next adjustment A17 booked 02-23. Down payment L1 $1,000 01-12.
 * - P2 Ben, main: C2 inquiry 01-03 from Dr Jones (referral partner); exam A2 01-08 seen; presented
 *   01-09, still pending ($5,500 option). Contract K4 only proposed.
 * - P3 Cal, main: C3 inquiry from Dr Jones opened 2026-01-01T05:00Z, which is 23:00 on December 31
 *   in Chicago: a December inquiry. Exam A3 01-09 missed (Dr Smith), rebooked A4 01-20 seen (Dr
 *   Lee), declined 01-22 for "Cost". Contract K5 signed on the exam day, then cancelled.
 * - P4 Dee, north: C4 web inquiry 01-10; exam A5 01-15 seen (Dr Lee) → observation. Paid L10 $50 at
 *   the exam, with no contract.
 * - P5 Eli, main: C5 Phase II opened at the exam stage 01-07; exam A6 01-14 seen; accepted 01-16,
 *   contract K2 signed 01-16 ($3,000 paid in full, L2); bonding A11 01-28, started 01-28. Nothing
 *   booked after.
 * - P6 Fay, main: C6 social inquiry from 2025-06-01, in observation since 2025-06-10; back to exam
 *   01-05, recall exam A7 01-21 seen → recommended; accepted 02-10 (after January), contract K3.
 * - P7 Gus, north: C7 inquiry 01-20 referred by patient Ava; exam A8 01-27 cancelled by the family,
 *   rebooked A9 02-03 (Dr Lee).
 * - P8 Hal, main: C8 in treatment since 2025-03-03 (24 months), contract K8. Adjustment A12 01-13
 *   seen, A13 01-27 missed, A14 02-24 booked. Paid L7 $200 on 2025-12-05, reversed by L8 on 01-03;
 *   paid L3 $200 by check 01-05, returned (L4 reversal 01-07), paid L5 $200 by card 01-08.
 * - P9 Ivy, main: C9 in treatment since 2024-01-15 (18 months: due to finish 2025-07-15). Adjustment
 *   A15 01-06 seen; nothing booked. Insurance paid L6 $500 01-20.
 * - P10 Jo, north: C10 in treatment since 2023-07-01; debond A16 01-22 seen, into retention 01-22.
 * - P11 Kai, main: C11 event inquiry from 2025-12-15, declined 01-06 for "Timing".
 *
 * Records that fail validation: case `cas_broken0000` (status "maybe"), ledger entry
 * `lge_broken0000` (a payment of −$50 on 01-10) and appointment `apt_ghost00000` (its type
 * does not exist).
 */
import { expect } from 'vitest';
import type { KpiResult, KpiValue } from './kpi-result.ts';
import { reportSourceOf, type ReportInput } from './report-source.ts';

export const ZONE = 'America/Chicago';
export const MAIN = 'loc_main0000';
export const NORTH = 'loc_north000';
export const CORA = 'stf_cora0000'; // coordinator
export const NINA = 'stf_nina0000'; // coordinator
export const SMITH = 'stf_smith000'; // doctor
export const LEE = 'stf_lee00000'; // doctor
export const JONES = 'ref_jones000'; // referring dentist
const CHAIR = 'chr_chair000';

const CONSULT = 'atp_consult0';
const BONDING = 'atp_bonding0';
const ADJUST = 'atp_adjust00';
const DEBOND = 'atp_debond00';

/** An instant on a local day: 15:00Z is 09:00 in Chicago in winter. */
const at = (day: string, utc = '15:00') => `${day}T${utc}:00.000Z`;

const stamps = (createdAt: string) => ({
  createdAt,
  createdBy: CORA,
  updatedAt: createdAt,
  updatedBy: CORA,
});

function patient(id: string, firstName: string, locationId: string) {
  return {
    id,
    firstName,
    lastName: 'Tester',
    preferredChannel: 'text',
    language: 'en',
    locationId,
    status: 'prospect',
    ...stamps(at('2023-01-02')),
  };
}

function kase(id: string, patientId: string, createdAt: string, fields: Record<string, unknown>) {
  return { id, patientId, type: 'comprehensive', statusAt: createdAt, ...fields, ...stamps(createdAt) };
}

function move(id: string, caseId: string, from: string | undefined, to: string, when: string, more = {}) {
  return { id, caseId, ...(from ? { from } : {}), to, at: when, by: CORA, ...more, ...stamps(when) };
}

function option(id: string, caseId: string, feeCents: number, months: number, status = 'open') {
  return {
    id,
    caseId,
    name: 'Braces',
    appliance: 'metal-braces',
    feeCents,
    months,
    recommended: true,
    status,
    sortOrder: 0,
    ...stamps(at('2023-01-02')),
  };
}

function visit(
  id: string,
  patientId: string,
  caseId: string,
  typeId: string,
  day: string,
  status: string,
  locationId: string,
  providerId?: string,
  more = {},
) {
  return {
    id,
    patientId,
    caseId,
    typeId,
    locationId,
    chairId: CHAIR,
    ...(providerId ? { providerId } : {}),
    start: at(day),
    minutes: 30,
    status,
    ...more,
    ...stamps(at('2023-01-02')),
  };
}

function type(id: string, stage: string) {
  return {
    id,
    name: stage,
    stage,
    minutes: 30,
    color: '#3366cc',
    needsDoctor: false,
    active: true,
    ...stamps(at('2023-01-02')),
  };
}

function contract(
  id: string,
  patientId: string,
  caseId: string,
  status: string,
  terms: { fee: number; down: number; payInFull: boolean; startDate: string },
  signedAt?: string,
) {
  return {
    id,
    familyId: `fam_${patientId.slice(4)}`,
    patientId,
    caseId,
    optionId: 'opt_any00000',
    status,
    terms: {
      feeCents: terms.fee,
      insuranceCents: 0,
      payInFull: terms.payInFull,
      downPaymentCents: terms.down,
      months: terms.payInFull ? 0 : 20,
      startDate: terms.startDate,
    },
    parties: [{ partyId: 'rp_parent000', share: { kind: 'percent', percent: 100 } }],
    ...(signedAt ? { signedAt } : {}),
    ...stamps(at('2023-01-02')),
  };
}

function entry(
  id: string,
  patientId: string,
  contractId: string | undefined,
  fields: Record<string, unknown>,
) {
  return {
    id,
    familyId: `fam_${patientId.slice(4)}`,
    patientId,
    ...(contractId ? { contractId } : {}),
    payer: 'patient',
    ...fields,
    ...stamps(at('2023-01-02')),
  };
}

export const practice: ReportInput = {
  timeZone: ZONE,
  patients: [
    patient('pat_ava00000', 'Ava', MAIN),
    patient('pat_ben00000', 'Ben', MAIN),
    patient('pat_cal00000', 'Cal', MAIN),
    patient('pat_dee00000', 'Dee', NORTH),
    patient('pat_eli00000', 'Eli', MAIN),
    patient('pat_fay00000', 'Fay', MAIN),
    patient('pat_gus00000', 'Gus', NORTH),
    patient('pat_hal00000', 'Hal', MAIN),
    patient('pat_ivy00000', 'Ivy', MAIN),
    patient('pat_jo000000', 'Jo', NORTH),
    patient('pat_kai00000', 'Kai', MAIN),
  ],
  cases: [
    kase('cas_ava00000', 'pat_ava00000', at('2026-01-05'), {
      status: 'started',
      locationId: MAIN,
      ownerId: CORA,
      referral: { kind: 'web' },
      acceptedOptionId: 'opt_o1000000',
      startDate: '2026-01-26',
    }),
    kase('cas_ben00000', 'pat_ben00000', at('2026-01-03'), {
      status: 'pending',
      locationId: MAIN,
      ownerId: CORA,
      referral: { kind: 'dentist', referrerId: JONES },
    }),
    kase('cas_cal00000', 'pat_cal00000', '2026-01-01T05:00:00.000Z', {
      status: 'declined',
      locationId: MAIN,
      ownerId: NINA,
      referral: { kind: 'dentist', referrerId: JONES },
      declineReason: 'Cost',
    }),
    kase('cas_dee00000', 'pat_dee00000', at('2026-01-10'), {
      status: 'observation',
      locationId: NORTH,
      ownerId: NINA,
      referral: { kind: 'web' },
      recallDate: '2026-07-15',
    }),
    kase('cas_eli00000', 'pat_eli00000', at('2026-01-07'), {
      type: 'phase-2',
      status: 'started',
      locationId: MAIN,
      ownerId: CORA,
      acceptedOptionId: 'opt_o5000000',
      startDate: '2026-01-28',
    }),
    kase('cas_fay00000', 'pat_fay00000', at('2025-06-01'), {
      status: 'accepted',
      locationId: MAIN,
      ownerId: CORA,
      referral: { kind: 'social' },
      acceptedOptionId: 'opt_o6000000',
    }),
    kase('cas_gus00000', 'pat_gus00000', at('2026-01-20'), {
      status: 'exam',
      locationId: NORTH,
      ownerId: NINA,
      referral: { kind: 'patient', patientId: 'pat_ava00000' },
    }),
    kase('cas_hal00000', 'pat_hal00000', at('2025-02-01'), {
      status: 'started',
      locationId: MAIN,
      ownerId: CORA,
      acceptedOptionId: 'opt_o8000000',
      startDate: '2025-03-03',
    }),
    kase('cas_ivy00000', 'pat_ivy00000', at('2023-12-01'), {
      status: 'started',
      locationId: MAIN,
      ownerId: CORA,
      acceptedOptionId: 'opt_o9000000',
      startDate: '2024-01-15',
    }),
    kase('cas_jo000000', 'pat_jo000000', at('2023-06-01'), {
      status: 'retention',
      locationId: NORTH,
      ownerId: NINA,
      startDate: '2023-07-01',
    }),
    kase('cas_kai00000', 'pat_kai00000', at('2025-12-15'), {
      status: 'declined',
      locationId: MAIN,
      ownerId: CORA,
      referral: { kind: 'event' },
      declineReason: 'Timing',
    }),
    // Fails validation: "maybe" is not a case status.
    kase('cas_broken0000', 'pat_jo000000', at('2026-01-11'), { status: 'maybe', locationId: NORTH }),
  ],
  caseEvents: [
    move('cev_c1a00000', 'cas_ava00000', 'inquiry', 'exam', at('2026-01-06')),
    move('cev_c1b00000', 'cas_ava00000', 'exam', 'recommended', at('2026-01-12', '15:30'), {
      examOutcome: 'treatment-recommended',
    }),
    move('cev_c1c00000', 'cas_ava00000', 'recommended', 'accepted', at('2026-01-12', '16:00'), {
      optionId: 'opt_o1000000',
    }),
    move('cev_c1d00000', 'cas_ava00000', 'accepted', 'started', at('2026-01-26')),
    move('cev_c2a00000', 'cas_ben00000', 'inquiry', 'exam', at('2026-01-04')),
    move('cev_c2b00000', 'cas_ben00000', 'exam', 'recommended', at('2026-01-08'), {
      examOutcome: 'treatment-recommended',
    }),
    move('cev_c2c00000', 'cas_ben00000', 'recommended', 'pending', at('2026-01-09')),
    move('cev_c3a00000', 'cas_cal00000', 'inquiry', 'exam', at('2026-01-02')),
    move('cev_c3b00000', 'cas_cal00000', 'exam', 'recommended', at('2026-01-20'), {
      examOutcome: 'treatment-recommended',
    }),
    move('cev_c3c00000', 'cas_cal00000', 'recommended', 'declined', at('2026-01-22'), { reason: 'Cost' }),
    move('cev_c4a00000', 'cas_dee00000', 'inquiry', 'exam', at('2026-01-10', '16:00')),
    move('cev_c4b00000', 'cas_dee00000', 'exam', 'observation', at('2026-01-15'), {
      examOutcome: 'observation',
      recallDate: '2026-07-15',
    }),
    move('cev_c5a00000', 'cas_eli00000', 'exam', 'recommended', at('2026-01-14'), {
      examOutcome: 'treatment-recommended',
    }),
    move('cev_c5b00000', 'cas_eli00000', 'recommended', 'accepted', at('2026-01-16')),
    move('cev_c5c00000', 'cas_eli00000', 'accepted', 'started', at('2026-01-28')),
    move('cev_c6a00000', 'cas_fay00000', 'inquiry', 'exam', at('2025-06-02')),
    move('cev_c6b00000', 'cas_fay00000', 'exam', 'observation', at('2025-06-10'), {
      examOutcome: 'observation',
      recallDate: '2026-01-05',
    }),
    move('cev_c6c00000', 'cas_fay00000', 'observation', 'exam', at('2026-01-05')),
    move('cev_c6d00000', 'cas_fay00000', 'exam', 'recommended', at('2026-01-21'), {
      examOutcome: 'treatment-recommended',
    }),
    move('cev_c6e00000', 'cas_fay00000', 'recommended', 'accepted', at('2026-02-10')),
    move('cev_c7a00000', 'cas_gus00000', 'inquiry', 'exam', at('2026-01-20', '16:00')),
    move('cev_c8a00000', 'cas_hal00000', 'accepted', 'started', at('2025-03-03')),
    move('cev_c9a00000', 'cas_ivy00000', 'accepted', 'started', at('2024-01-15')),
    move('cev_c10a0000', 'cas_jo000000', 'accepted', 'started', at('2023-07-01')),
    move('cev_c10b0000', 'cas_jo000000', 'started', 'retention', at('2026-01-22')),
    move('cev_c11a0000', 'cas_kai00000', 'inquiry', 'declined', at('2026-01-06'), { reason: 'Timing' }),
  ],
  treatmentOptions: [
    option('opt_o1000000', 'cas_ava00000', 600_000, 24, 'accepted'),
    option('opt_o2000000', 'cas_ben00000', 550_000, 22),
    option('opt_o3000000', 'cas_cal00000', 500_000, 20, 'declined'),
    option('opt_o5000000', 'cas_eli00000', 300_000, 12, 'accepted'),
    option('opt_o6000000', 'cas_fay00000', 520_000, 20, 'accepted'),
    option('opt_o8000000', 'cas_hal00000', 580_000, 24, 'accepted'),
    option('opt_o9000000', 'cas_ivy00000', 450_000, 18, 'accepted'),
  ],
  appointmentTypes: [
    type(CONSULT, 'consult'),
    type(BONDING, 'bonding'),
    type(ADJUST, 'adjustment'),
    type(DEBOND, 'debond'),
  ],
  appointments: [
    visit('apt_a0100000', 'pat_ava00000', 'cas_ava00000', CONSULT, '2026-01-12', 'completed', MAIN, SMITH),
    visit('apt_a0200000', 'pat_ben00000', 'cas_ben00000', CONSULT, '2026-01-08', 'completed', MAIN, SMITH),
    visit('apt_a0300000', 'pat_cal00000', 'cas_cal00000', CONSULT, '2026-01-09', 'missed', MAIN, SMITH, {
      rebookedAs: 'apt_a0400000',
    }),
    visit('apt_a0400000', 'pat_cal00000', 'cas_cal00000', CONSULT, '2026-01-20', 'completed', MAIN, LEE, {
      rebookOf: 'apt_a0300000',
    }),
    visit('apt_a0500000', 'pat_dee00000', 'cas_dee00000', CONSULT, '2026-01-15', 'completed', NORTH, LEE),
    visit('apt_a0600000', 'pat_eli00000', 'cas_eli00000', CONSULT, '2026-01-14', 'completed', MAIN, SMITH),
    visit('apt_a0700000', 'pat_fay00000', 'cas_fay00000', CONSULT, '2026-01-21', 'completed', MAIN, SMITH),
    visit('apt_a0800000', 'pat_gus00000', 'cas_gus00000', CONSULT, '2026-01-27', 'cancelled', NORTH, LEE, {
      cancelledBy: 'patient',
      rebookedAs: 'apt_a0900000',
    }),
    visit('apt_a0900000', 'pat_gus00000', 'cas_gus00000', CONSULT, '2026-02-03', 'scheduled', NORTH, LEE, {
      rebookOf: 'apt_a0800000',
    }),
    visit('apt_a1000000', 'pat_ava00000', 'cas_ava00000', BONDING, '2026-01-26', 'completed', MAIN, SMITH),
    visit('apt_a1100000', 'pat_eli00000', 'cas_eli00000', BONDING, '2026-01-28', 'completed', MAIN, SMITH),
    visit('apt_a1200000', 'pat_hal00000', 'cas_hal00000', ADJUST, '2026-01-13', 'completed', MAIN),
    visit('apt_a1300000', 'pat_hal00000', 'cas_hal00000', ADJUST, '2026-01-27', 'missed', MAIN),
    visit('apt_a1400000', 'pat_hal00000', 'cas_hal00000', ADJUST, '2026-02-24', 'scheduled', MAIN),
    visit('apt_a1500000', 'pat_ivy00000', 'cas_ivy00000', ADJUST, '2026-01-06', 'completed', MAIN),
    visit('apt_a1600000', 'pat_jo000000', 'cas_jo000000', DEBOND, '2026-01-22', 'completed', NORTH, LEE),
    visit('apt_a1700000', 'pat_ava00000', 'cas_ava00000', ADJUST, '2026-02-23', 'scheduled', MAIN),
    // Fails validation: its type is not one of the practice's.
    visit('apt_ghost00000', 'pat_hal00000', 'cas_hal00000', 'atp_gone0000', '2026-01-19', 'missed', MAIN),
  ],
  contracts: [
    contract(
      'ctr_k1000000',
      'pat_ava00000',
      'cas_ava00000',
      'active',
      { fee: 600_000, down: 100_000, payInFull: false, startDate: '2026-01-12' },
      at('2026-01-12', '16:10'),
    ),
    contract(
      'ctr_k2000000',
      'pat_eli00000',
      'cas_eli00000',
      'active',
      { fee: 300_000, down: 0, payInFull: true, startDate: '2026-01-16' },
      at('2026-01-16'),
    ),
    contract(
      'ctr_k3000000',
      'pat_fay00000',
      'cas_fay00000',
      'signed',
      { fee: 520_000, down: 50_000, payInFull: false, startDate: '2026-02-10' },
      at('2026-02-10'),
    ),
    contract('ctr_k4000000', 'pat_ben00000', 'cas_ben00000', 'proposed', {
      fee: 550_000,
      down: 50_000,
      payInFull: false,
      startDate: '2026-01-09',
    }),
    contract(
      'ctr_k5000000',
      'pat_cal00000',
      'cas_cal00000',
      'cancelled',
      { fee: 500_000, down: 50_000, payInFull: false, startDate: '2026-01-20' },
      at('2026-01-20', '17:00'),
    ),
    contract(
      'ctr_k8000000',
      'pat_hal00000',
      'cas_hal00000',
      'active',
      { fee: 580_000, down: 80_000, payInFull: false, startDate: '2025-02-20' },
      at('2025-02-20'),
    ),
    contract(
      'ctr_k9000000',
      'pat_ivy00000',
      'cas_ivy00000',
      'active',
      { fee: 450_000, down: 50_000, payInFull: false, startDate: '2024-01-02' },
      at('2024-01-02'),
    ),
  ],
  ledgerEntries: [
    entry('lge_l0100000', 'pat_ava00000', 'ctr_k1000000', {
      kind: 'payment',
      amountCents: 100_000,
      postedOn: '2026-01-12',
      method: 'card',
      reference: '4242',
    }),
    entry('lge_l0900000', 'pat_ava00000', 'ctr_k1000000', {
      kind: 'charge',
      chargeKind: 'initial-fee',
      amountCents: 100_000,
      postedOn: '2026-01-12',
    }),
    entry('lge_l0200000', 'pat_eli00000', 'ctr_k2000000', {
      kind: 'payment',
      amountCents: 300_000,
      postedOn: '2026-01-16',
      method: 'check',
      reference: '1001',
    }),
    entry('lge_l0700000', 'pat_hal00000', 'ctr_k8000000', {
      kind: 'payment',
      amountCents: 20_000,
      postedOn: '2025-12-05',
      method: 'cash',
    }),
    entry('lge_l0800000', 'pat_hal00000', 'ctr_k8000000', {
      kind: 'reversal',
      amountCents: 20_000,
      postedOn: '2026-01-03',
      reversesId: 'lge_l0700000',
      reason: 'Posted to the wrong family',
    }),
    entry('lge_l0300000', 'pat_hal00000', 'ctr_k8000000', {
      kind: 'payment',
      amountCents: 20_000,
      postedOn: '2026-01-05',
      method: 'check',
      reference: '2002',
    }),
    entry('lge_l0400000', 'pat_hal00000', 'ctr_k8000000', {
      kind: 'reversal',
      amountCents: 20_000,
      postedOn: '2026-01-07',
      reversesId: 'lge_l0300000',
      reason: 'Check returned',
    }),
    entry('lge_l0500000', 'pat_hal00000', 'ctr_k8000000', {
      kind: 'payment',
      amountCents: 20_000,
      postedOn: '2026-01-08',
      method: 'card',
      reference: '1111',
    }),
    entry('lge_l0600000', 'pat_ivy00000', 'ctr_k9000000', {
      kind: 'payment',
      payer: 'insurance',
      amountCents: 50_000,
      postedOn: '2026-01-20',
      method: 'insurance',
    }),
    entry('lge_l1000000', 'pat_dee00000', undefined, {
      kind: 'payment',
      amountCents: 5_000,
      postedOn: '2026-01-15',
      method: 'cash',
    }),
    // Fails validation: an amount is never negative (the kind gives the direction).
    entry('lge_broken0000', 'pat_hal00000', 'ctr_k8000000', {
      kind: 'payment',
      amountCents: -5_000,
      postedOn: '2026-01-10',
      method: 'cash',
    }),
  ],
};

/** Checks a figure's value and the exact records behind it, and hands the result on for more checks. */
export function expectFigure(result: KpiResult, value: KpiValue, members: readonly string[]): KpiResult {
  expect(result.value).toEqual(value);
  expect(result.members).toEqual(members);
  return result;
}

/** The practice as the KPIs read it, and the month the tests count. */
export const practiceSource = reportSourceOf(practice);
export const JANUARY = { period: { from: '2026-01-01', to: '2026-01-31' } };
