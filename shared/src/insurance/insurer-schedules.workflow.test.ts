import { describe, expect, it } from 'vitest';
import { careDocs } from '../test-support/fixtures.ts';
import { addOption, changeCaseStatus, openCase } from '../pipeline/chart-doc.ts';
import { addPolicy, readInsurance, recordVerification, updatePolicy } from './insurance-doc.ts';
import { fixInsurerSchedulesAtStart, reestimateAfterCoverageChange } from './insurer-schedules.workflow.ts';

const PATIENT_ID = 'pat_sofia0000000000';
const START = '2026-01-05';

/** A started case whose accepted option is $6,000 of braces, and one verified policy paying 50% up to $1,500. */
function startedCase() {
  const care = careDocs();
  const { ctx, docs } = care;
  const must = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value;
  };
  const theCase = must(openCase(docs.chart, ctx, { patientId: PATIENT_ID, type: 'comprehensive' }));
  const option = must(
    addOption(docs.chart, ctx, {
      caseId: theCase.id,
      name: 'Metal braces',
      appliance: 'metal-braces',
      feeCents: 600_000,
      months: 24,
      recommended: true,
    }),
  );
  for (const change of [
    { to: 'exam' as const },
    { to: 'recommended' as const, examOutcome: 'treatment-recommended' as const },
    { to: 'accepted' as const, optionId: option.id },
    { to: 'started' as const, startDate: START },
  ])
    must(changeCaseStatus(docs.chart, ctx, theCase.id, change));
  const policy = must(
    addPolicy(docs.insurance, ctx, {
      patientId: PATIENT_ID,
      carrierId: 'car_0000000000000001',
      memberId: 'M1',
      subscriber: { kind: 'patient' },
      relationship: 'self',
      effectiveDate: '2025-01-01',
      order: 'primary',
    }),
  );
  must(
    recordVerification(docs.insurance, ctx, {
      policyId: policy.id,
      coinsurancePercent: 50,
      lifetimeMaxCents: 150_000,
      usedToDateCents: 0,
      deductibleCents: 0,
      deductibleMetCents: 0,
      waitingMonths: 0,
      payment: { initial: { kind: 'percent', percent: 25 }, frequency: 'monthly', installments: 24 },
      alignersAtBracesFee: false,
      cobRule: 'standard',
      verifiedBy: 'stf_alice0000000000',
      verifiedOn: '2026-01-02',
    }),
  );
  return { ...care, caseId: theCase.id, policyId: policy.id };
}

describe('insurer schedules of a started case', () => {
  it("PAYOUT-3: fixes each policy's expected payments from the accepted option's estimate at the start, once", () => {
    const { commands, docs, notes, caseId, policyId } = startedCase();
    fixInsurerSchedulesAtStart(commands, docs, caseId, START, '2012-03-04');
    fixInsurerSchedulesAtStart(commands, docs, caseId, START, '2012-03-04');

    const schedules = readInsurance(docs.insurance).schedules;
    expect(schedules).toHaveLength(1);
    expect(schedules[0]).toMatchObject({ caseId, policyId, reason: 'start', effectiveFrom: START });
    expect(schedules[0]!.estimateCents).toBe(150_000);
    expect(schedules[0]!.payments.reduce((sum, p) => sum + p.amountCents, 0)).toBe(150_000);
    expect(notes).toEqual([{ action: 'create', entity: 'claim', entityId: schedules[0]!.id }]);
  });

  it('PAYOUT-4, CLAIM-3: after the policy ends, supersedes its schedule and says how much moves to the family', () => {
    const { commands, ctx, docs, caseId, policyId } = startedCase();
    fixInsurerSchedulesAtStart(commands, docs, caseId, START, '2012-03-04');
    updatePolicy(docs.insurance, ctx, policyId, { endDate: '2026-06-30' });

    const result = reestimateAfterCoverageChange(commands, docs, caseId, '2026-07-01', '2012-03-04');
    if (!result.ok) throw new Error('re-estimate');
    expect(result.value.movedToPatientCents).toBeGreaterThan(0);
    const schedules = readInsurance(docs.insurance).schedules;
    expect(schedules).toHaveLength(2);
    expect(schedules.find((s) => s.reason !== 'start')?.effectiveFrom).toBe('2026-07-01');
  });

  it('does nothing for a case without an accepted option', () => {
    const care = careDocs();
    const opened = openCase(care.docs.chart, care.ctx, { patientId: PATIENT_ID, type: 'comprehensive' });
    if (!opened.ok) throw new Error('open');
    fixInsurerSchedulesAtStart(care.commands, care.docs, opened.value.id, START, undefined);
    expect(readInsurance(care.docs.insurance).schedules).toEqual([]);
    expect(
      reestimateAfterCoverageChange(care.commands, care.docs, opened.value.id, START, undefined),
    ).toEqual({
      ok: false,
      error: { kind: 'not-found', id: opened.value.id },
    });
  });
});
