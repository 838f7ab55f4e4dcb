import { describe, expect, it } from 'vitest';
import type { InsuranceData } from './insurance-doc.ts';
import { claimsAsOf, insuranceSummaryOf, preauthsToChase } from './insurance-summary.ts';

const STAMPS = {
  createdAt: '2026-01-05T15:00:00.000Z',
  createdBy: 'stf_0000000000000001',
  updatedAt: '2026-01-05T15:00:00.000Z',
  updatedBy: 'stf_0000000000000001',
};
const EMPTY: InsuranceData = {
  policies: [],
  verifications: [],
  preauths: [],
  schedules: [],
  claimEvents: [],
  needsAttention: [],
};
const POLICY = {
  id: 'pol_0000000000000001',
  patientId: 'pat_0000000000000001',
  carrierId: 'car_0000000000000001',
  memberId: 'M1',
  subscriber: { kind: 'patient' as const },
  relationship: 'self' as const,
  effectiveDate: '2025-01-01',
  order: 'primary' as const,
  ...STAMPS,
};
const SCHEDULE = {
  id: 'isc_0000000000000001',
  caseId: 'cas_0000000000000001',
  policyId: POLICY.id,
  reason: 'start' as const,
  effectiveFrom: '2026-01-05',
  estimateCents: 30_000,
  payments: [
    { date: '2026-01-05', amountCents: 10_000, kind: 'initial' as const, number: 0 },
    { date: '2026-02-05', amountCents: 10_000, kind: 'installment' as const, number: 1 },
    { date: '2026-12-05', amountCents: 10_000, kind: 'installment' as const, number: 2 },
  ],
  reasons: [],
  ...STAMPS,
};

describe('CLAIM-6: a patient’s insurance summary', () => {
  it('is absent without policies', () => {
    expect(insuranceSummaryOf('pat_0000000000000001', EMPTY, '2026-02-10')).toBeNull();
  });

  it('keeps unpaid claims due within the horizon, not paid ones or far-off ones', () => {
    const summary = insuranceSummaryOf(
      'pat_0000000000000001',
      {
        ...EMPTY,
        policies: [POLICY],
        schedules: [SCHEDULE],
        claimEvents: [
          {
            id: 'cle_0000000000000001',
            scheduleId: SCHEDULE.id,
            paymentNumber: 0,
            status: 'paid',
            on: '2026-01-20',
            paidCents: 10_000,
            ...STAMPS,
          },
        ],
      },
      '2026-02-10',
    )!;
    expect(summary.claims.map((c) => c.paymentNumber)).toEqual([1]);
    expect(summary.policies[0]).toEqual({ id: POLICY.id, carrierId: POLICY.carrierId, order: 'primary' });
  });

  it('shows a claim not yet due as upcoming when judged on the real day', () => {
    const summary = insuranceSummaryOf(
      'pat_0000000000000001',
      { ...EMPTY, policies: [POLICY], schedules: [SCHEDULE] },
      '2026-01-20',
    )!;
    expect(claimsAsOf(summary, '2026-01-20').map((c) => [c.paymentNumber, c.status])).toEqual([
      [0, 'to-send'],
      [1, 'upcoming'],
    ]);
  });
});

describe('PREAUTH-1: pre-authorizations to chase', () => {
  it('are those past their follow-up date, or unanswered two weeks after submission', () => {
    const base = { policyId: POLICY.id, caseId: 'cas_0000000000000001', status: 'submitted' as const };
    const chase = preauthsToChase(
      [
        {
          patientId: 'pat_0000000000000001',
          openPreauths: [
            { ...base, id: 'pa_00000000000000001', submittedOn: '2026-01-01' },
            { ...base, id: 'pa_00000000000000002', submittedOn: '2026-01-20' },
            { ...base, id: 'pa_00000000000000003', submittedOn: '2026-01-20', followUpOn: '2026-01-25' },
          ],
        },
      ],
      '2026-01-26',
    );
    expect(chase.map((p) => p.id)).toEqual(['pa_00000000000000001', 'pa_00000000000000003']);
  });
});
