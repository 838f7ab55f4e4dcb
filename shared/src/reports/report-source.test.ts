// KPI-2: records that fail validation are left out of every figure and reported, never thrown.
import { describe, expect, it } from 'vitest';
import { reportSourceOf, type ReportInput } from './report-source.ts';
import { newPatientInquiries } from './pipeline-kpis.ts';
import { collections } from './money-kpis.ts';
import { noShowRate } from './schedule-kpis.ts';
import { practice } from './report-test-fixtures.ts';
import { KPIS } from './kpis.ts';

const january = { period: { from: '2026-01-01', to: '2026-01-31' } };
const BROKEN_CASE = { kind: 'case', id: 'cas_broken0000' };
const GHOST_VISIT = { kind: 'appointment', id: 'apt_ghost00000', reason: 'Unknown appointment type' };
const BROKEN_ENTRY = {
  kind: 'ledger-entry',
  id: 'lge_broken0000',
  reason: 'amountCents: Cannot be negative',
};

describe('report source', () => {
  it('KPI-2: lists each record that failed its schema, with the first problem found', () => {
    const source = reportSourceOf(practice);
    expect(source.excluded).toHaveLength(3);
    expect(source.excluded[0]).toMatchObject(BROKEN_CASE);
    expect(source.excluded[0]!.reason).toMatch(/^status: /);
    expect(source.excluded).toContainEqual(GHOST_VISIT);
    expect(source.excluded).toContainEqual(BROKEN_ENTRY);
    expect(source.casesById.has('cas_broken0000')).toBe(false);
  });

  it('KPI-2: each figure says which records it had to leave out, among those it reads', () => {
    // The broken case was opened 01-11 at north: it would have been a January inquiry.
    const inquiries = newPatientInquiries(reportSourceOf(practice), january);
    expect(inquiries.members).not.toContain('cas_broken0000');
    expect(inquiries.excluded.map((e) => e.id)).toEqual(['cas_broken0000', 'apt_ghost00000']);
    // The −$50 payment is not taken off January's collections (455,000, money-kpis.test.ts).
    const collected = reportSourceOf(practice);
    expect(collections(collected, january).excluded).toContainEqual(BROKEN_ENTRY);
    // The ghost visit was missed: counting it would make the no-shows 3 of 14.
    expect(noShowRate(collected, january).value).toEqual({ kind: 'ratio', numerator: 2, denominator: 13 });
  });

  it('KPI-2: never throws on records that are not records at all', () => {
    const junk: ReportInput = {
      timeZone: 'America/Chicago',
      patients: [null, 'Ava', 42],
      cases: [{ id: 7 }, undefined],
      caseEvents: [[]],
      treatmentOptions: [{}],
      appointments: [{ id: 'apt_x0000000' }],
      appointmentTypes: [true],
      contracts: [{ id: 'ctr_x0000000', terms: 'lots' }],
      ledgerEntries: [{ id: 'lge_x0000000', kind: 'payment' }],
    };
    const source = reportSourceOf(junk);
    expect(source.excluded).toHaveLength(11); // 3 patients, 2 cases, one of each other kind
    expect(source.excluded.filter((e) => e.id !== null).map((e) => e.id)).toEqual([
      'apt_x0000000',
      'ctr_x0000000',
      'lge_x0000000',
    ]);
    expect(newPatientInquiries(source, january).value).toEqual({ kind: 'count', count: 0 });
    expect(collections(source, january).value).toEqual({ kind: 'cents', cents: 0 });
  });

  it('KPI-3: two devices holding the same records in another order show the same figures and members', () => {
    // A device reads its documents in whatever order they arrived: every list is reversed here.
    const reversed = Object.fromEntries(
      Object.entries(practice).map(([key, value]) => [
        key,
        Array.isArray(value) ? [...value].reverse() : value,
      ]),
    ) as ReportInput;
    const one = reportSourceOf(practice);
    const other = reportSourceOf(reversed);
    for (const kpi of Object.values(KPIS)) {
      const a = kpi(one, january);
      const b = kpi(other, january);
      expect(b).toEqual(a);
    }
  });
});
