// KPI-1 and KPI-16: filters by period, location, coordinator, doctor and referral, and figures
// grouped by referral source and partner, on the hand-built practice (report-test-fixtures.ts).
import { describe, expect, it } from 'vitest';
import { caseAcceptance, examsKept, newPatientInquiries } from './pipeline-kpis.ts';
import { collections } from './money-kpis.ts';
import { cancellationRate, noShowRate } from './schedule-kpis.ts';
import { byReferral } from './referral-groups.ts';
import {
  CORA,
  JANUARY as january,
  JONES,
  LEE,
  NINA,
  NORTH,
  practiceSource as source,
} from './report-test-fixtures.ts';

describe('filters', () => {
  it('KPI-1: the period is calendar days in the practice’s zone: December’s inquiries include Cal, opened 23:00 on the 31st', () => {
    // Cal: 2026-01-01T05:00Z = 2025-12-31 23:00 in Chicago. Kai: 2025-12-15.
    const result = newPatientInquiries(source, { period: { from: '2025-12-01', to: '2025-12-31' } });
    expect(result.members).toEqual(['cas_cal00000', 'cas_kai00000']);
  });

  it('KPI-1: a location filter keeps the records of that location (north: Dee and Gus, Dee’s $50, the north visits)', () => {
    const north = { ...january, locationIds: [NORTH] };
    expect(newPatientInquiries(source, north).members).toEqual(['cas_dee00000', 'cas_gus00000']);
    // Dee's payment has no contract: it is judged by her patient record's location.
    expect(collections(source, north).value).toEqual({ kind: 'cents', cents: 5_000 });
    expect(collections(source, north).members).toEqual(['lge_l1000000']);
    // North visits in January: A5 seen, A16 seen, A8 cancelled.
    expect(noShowRate(source, north).value).toEqual({ kind: 'ratio', numerator: 0, denominator: 2 });
    expect(cancellationRate(source, north).value).toEqual({ kind: 'ratio', numerator: 1, denominator: 3 });
  });

  it('KPI-1: a coordinator filter keeps the cases that coordinator owns', () => {
    expect(newPatientInquiries(source, { ...january, coordinatorId: NINA }).members).toEqual([
      'cas_dee00000',
      'cas_gus00000',
    ]);
    expect(newPatientInquiries(source, { ...january, coordinatorId: CORA }).members).toEqual([
      'cas_ava00000',
      'cas_ben00000',
    ]);
  });

  it('KPI-1: a case’s doctor is the one who saw its exam, not the one first booked', () => {
    // Cal was booked with Dr Smith (A3, missed) and seen by Dr Lee (A4): Cal is Dr Lee's, as is Dee
    // (A5). New-patient acceptance for Dr Lee: exams Cal and Dee, no start.
    const result = caseAcceptance(source, { ...january, doctorId: LEE }, 'new-patient');
    expect(result.value).toEqual({ kind: 'ratio', numerator: 0, denominator: 2 });
    expect(result.base).toEqual(['cas_cal00000', 'cas_dee00000']);
    // Visits are the provider's own: Dr Lee saw A4 and A5; A8 was cancelled, so not due.
    expect(examsKept(source, { ...january, doctorId: LEE }).value).toEqual({
      kind: 'ratio',
      numerator: 2,
      denominator: 2,
    });
  });

  it('KPI-1: a referral source filter keeps the cases of that source and their visits', () => {
    const dentist = { ...january, referralSource: 'dentist' as const };
    // Ben (January); Cal was December's.
    expect(newPatientInquiries(source, dentist).members).toEqual(['cas_ben00000']);
    // Ben's A2 seen; Cal's A3 missed and A4 seen: 2 of 3.
    expect(examsKept(source, dentist).value).toEqual({ kind: 'ratio', numerator: 2, denominator: 3 });
  });
});

describe('by referral', () => {
  it('KPI-16: groups a KPI by referral source, one group per source the practice’s cases carry', () => {
    const groups = byReferral(source, january, newPatientInquiries, 'source');
    expect(groups.map((g) => [g.key, g.result.members])).toEqual([
      ['dentist', ['cas_ben00000']],
      ['event', []],
      ['patient', ['cas_gus00000']],
      ['social', []],
      ['web', ['cas_ava00000', 'cas_dee00000']],
    ]);
  });

  it('KPI-16: groups a KPI by referral partner: Dr Jones sent Ben in January', () => {
    const groups = byReferral(source, january, newPatientInquiries, 'partner');
    expect(groups).toHaveLength(1);
    expect(groups[0]!.key).toBe(JONES);
    expect(groups[0]!.result.members).toEqual(['cas_ben00000']);
  });
});
