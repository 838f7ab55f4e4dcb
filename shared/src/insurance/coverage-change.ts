/**
 * Coverage changes during treatment, from what is stored: the insurer schedules in force for a
 * case, re-estimated from a change date (insurance/insurance-estimate.ts `reEstimateFromChange`),
 * written back as new schedules that supersede the old ones from that date. Payments before the
 * change are never rewritten; what insurance will no longer pay moves to the family, visibly.
 */
import type { InsuranceData, InsurerScheduleInput } from './insurance-doc.ts';
import type { TreatmentOption } from '../pipeline/case.schema.ts';
import type { InsurerScheduleRecord } from './claims.schema.ts';
import { claimsOf } from './claims.ts';
import { formatCents } from '../core/money.ts';
import { estimateInputFor } from './estimate-for-option.ts';
import {
  reEstimateFromChange,
  type CoverageChangeEstimate,
  type InsuranceEstimate,
  type PlanEstimate,
} from './insurance-estimate.ts';

/** Per policy, the newest schedule of the case: the one in force (older ones are superseded). */
export function schedulesInForce(
  schedules: readonly InsurerScheduleRecord[],
  caseId: string,
): InsurerScheduleRecord[] {
  const newest = new Map<string, InsurerScheduleRecord>();
  for (const schedule of schedules) {
    if (schedule.caseId !== caseId) continue;
    const current = newest.get(schedule.policyId);
    if (!current || schedule.createdAt > current.createdAt) newest.set(schedule.policyId, schedule);
  }
  return [...newest.values()];
}

/**
 * What the insurers are expected to pay for a case in all: at the start, and now (after any
 * coverage changes). The difference is what moved to the family.
 */
export function insuranceExpectation(
  schedules: readonly InsurerScheduleRecord[],
  caseId: string,
  today: string,
): { atStartCents: number; nowCents: number; movedToFamilyCents: number } {
  const mine = schedules.filter((s) => s.caseId === caseId);
  const atStartCents = mine.filter((s) => s.reason === 'start').reduce((sum, s) => sum + s.estimateCents, 0);
  const nowCents = claimsOf(mine, [], today).reduce((sum, c) => sum + c.expectedCents, 0);
  return { atStartCents, nowCents, movedToFamilyCents: atStartCents - nowCents };
}

/**
 * The estimate the stored schedules stand for (what `reEstimateFromChange` starts from): each
 * policy's schedule in force, with all the payments it still carries.
 */
function estimateOfSchedules(
  schedules: readonly InsurerScheduleRecord[],
  caseId: string,
  insurance: Pick<InsuranceData, 'policies'>,
  feeCents: number,
  today: string,
): InsuranceEstimate {
  const claims = claimsOf(
    schedules.filter((s) => s.caseId === caseId),
    [],
    today,
  );
  const plans: PlanEstimate[] = [];
  for (const policy of insurance.policies) {
    const mine = claims.filter((c) => c.policyId === policy.id);
    if (mine.length === 0) continue;
    const payments = mine.map((c) => ({
      date: c.dueOn,
      amountCents: c.expectedCents,
      kind: c.kind === 'initial' ? ('initial' as const) : ('installment' as const),
      number: c.paymentNumber,
    }));
    const total = payments.reduce((sum, p) => sum + p.amountCents, 0);
    plans.push({
      policyId: policy.id,
      order: policy.order,
      estimateCents: total,
      steps: [],
      schedule: { scheduledCents: total, payments, totalCents: total, cut: [], payout: [], reasons: [] },
    });
  }
  const totalInsuranceCents = plans.reduce((sum, p) => sum + p.estimateCents, 0);
  return {
    feeCents,
    plans,
    totalInsuranceCents,
    patientPortionCents: Math.max(0, feeCents - totalInsuranceCents),
    warnings: [],
  };
}

export type CoverageChangePlan = {
  change: CoverageChangeEstimate;
  /** The schedules to record (each supersedes its policy's schedule in force, if any). */
  schedules: InsurerScheduleInput[];
};

/**
 * Re-estimates a started case from `changeDate` with the policies as they are now (an ended
 * policy carries its end date, a new one its verification) and returns the schedules to write.
 */
export function planCoverageChange(input: {
  caseId: string;
  option: Pick<TreatmentOption, 'feeCents' | 'months' | 'appliance'>;
  bracesFeeCents?: number;
  startDate: string;
  changeDate: string;
  patientDateOfBirth?: string;
  insurance: Pick<InsuranceData, 'policies' | 'verifications' | 'schedules'>;
}): CoverageChangePlan {
  const original = estimateOfSchedules(
    input.insurance.schedules,
    input.caseId,
    input.insurance,
    input.option.feeCents,
    input.changeDate,
  );
  // A policy that was already paying keeps the benefits verified at the start: a later
  // verification's "used to date" includes this treatment's own payments, which the re-estimate
  // already counts as kept (they would be taken off the maximum twice).
  const paying = new Set(
    input.insurance.schedules.filter((s) => s.caseId === input.caseId).map((s) => s.policyId),
  );
  const verifications = input.insurance.verifications.filter((v) => {
    if (!paying.has(v.policyId) || v.verifiedOn <= input.startDate) return true;
    return !input.insurance.verifications.some(
      (o) => o.policyId === v.policyId && o.verifiedOn <= input.startDate,
    );
  });
  const next = estimateInputFor({
    option: input.option,
    bracesFeeCents: input.bracesFeeCents,
    startDate: input.startDate,
    patientDateOfBirth: input.patientDateOfBirth,
    insurance: { policies: input.insurance.policies, verifications },
  });
  const change = reEstimateFromChange({ original, changeDate: input.changeDate, next });
  const inForce = new Map(
    schedulesInForce(input.insurance.schedules, input.caseId).map((s) => [s.policyId, s]),
  );
  const schedules: InsurerScheduleInput[] = change.plans.map((plan) => {
    const previous = inForce.get(plan.policyId);
    return {
      caseId: input.caseId,
      policyId: plan.policyId,
      reason: 'coverage-change',
      effectiveFrom: input.changeDate,
      ...(previous ? { supersedesId: previous.id } : {}),
      estimateCents: plan.totalCents,
      payments: plan.futurePayments.map(({ date, amountCents, kind, number }) => ({
        date,
        amountCents,
        kind,
        number,
      })),
      reasons: plan.reasons.slice(0, 40),
    };
  });
  return { change, schedules };
}

/** What a re-estimate did, in words for the coordinator. */
export function coverageChangeMessage(movedToPatientCents: number): string {
  if (movedToPatientCents > 0)
    return `Re-estimated: ${formatCents(movedToPatientCents)} moves to the family.`;
  if (movedToPatientCents < 0)
    return `Re-estimated: insurance now expects ${formatCents(-movedToPatientCents)} more.`;
  return 'Re-estimated: no change.';
}
