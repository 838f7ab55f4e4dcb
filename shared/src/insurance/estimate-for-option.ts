/**
 * The insurance estimate of a treatment option, from the patient's insurance data: which
 * policies take part, in which order, with which verified benefits. The estimate itself is
 * insurance/insurance-estimate.ts (`estimateInsurance`).
 */
import { currentVerification, type InsuranceData } from './insurance-doc.ts';
import type { Appliance, TreatmentOption } from '../pipeline/case.schema.ts';
import type { PolicyOrder } from './insurance.schema.ts';
import {
  estimateInsurance,
  type EstimatePlanInput,
  type InsuranceEstimate,
  type InsuranceEstimateInput,
} from './insurance-estimate.ts';

export type OptionEstimateContext = {
  /** The planned treatment start (banding): the service date and the first insurer payment. */
  startDate: string;
  /** Needed for age limits; without it a plan with an age limit counts nothing. */
  patientDateOfBirth?: string | undefined;
  insurance: Pick<InsuranceData, 'policies' | 'verifications'>;
};

export type OptionEstimateRequest = OptionEstimateContext & {
  option: Pick<TreatmentOption, 'feeCents' | 'months' | 'appliance'>;
  /**
   * The fee of a braces option of the same case, for plans that benefit clear aligners at the
   * braces fee. The caller picks it (`estimateAllOptions` takes the lowest metal or ceramic one).
   */
  bracesFeeCents?: number | undefined;
};

const ORDER_RANK: Record<PolicyOrder, number> = { primary: 0, secondary: 1, tertiary: 2 };

/**
 * The estimate engine's input for one option. Plans: every policy whose coverage has not ended
 * before the start (`endDate` missing or on/after `startDate`), in payment order (primary,
 * secondary, tertiary; then the earlier effective date, then the id, so two policies marked the
 * same order come out the same everywhere), each with its verification in force
 * (`currentVerification`; null when never verified, which the engine counts as paying nothing).
 *
 * A policy that starts after the treatment start, or is still in its waiting period, is passed
 * on: the engine says why it pays nothing, which the coordinator needs to read. So is a policy
 * that ends during treatment: the engine cuts its payments after the end date.
 */
export function estimateInputFor({
  option,
  bracesFeeCents,
  startDate,
  patientDateOfBirth,
  insurance,
}: OptionEstimateRequest): InsuranceEstimateInput {
  const plans: EstimatePlanInput[] = insurance.policies
    .filter((policy) => policy.endDate === undefined || policy.endDate >= startDate)
    .sort(
      (a, b) =>
        ORDER_RANK[a.order] - ORDER_RANK[b.order] ||
        a.effectiveDate.localeCompare(b.effectiveDate) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .map((policy) => ({
      policy: {
        id: policy.id,
        order: policy.order,
        effectiveDate: policy.effectiveDate,
        ...(policy.endDate === undefined ? {} : { endDate: policy.endDate }),
      },
      benefits: currentVerification(insurance, policy.id),
    }));
  const input: InsuranceEstimateInput = {
    feeCents: option.feeCents,
    appliance: option.appliance,
    startDate,
    months: option.months,
    plans,
  };
  if (bracesFeeCents !== undefined) input.bracesFeeCents = bracesFeeCents;
  if (patientDateOfBirth !== undefined) input.patientDateOfBirth = patientDateOfBirth;
  return input;
}

/** The insurance estimate of one option (`estimateInputFor`, then `estimateInsurance`). */
export function estimateForOption(request: OptionEstimateRequest): InsuranceEstimate {
  return estimateInsurance(estimateInputFor(request));
}

const BRACES: ReadonlySet<Appliance> = new Set(['metal-braces', 'ceramic-braces']);

/**
 * The braces fee an aligners option of `caseId` is benefited at by plans that pay aligners at
 * the braces fee: the lowest fee among the case's metal and ceramic braces options, whatever
 * their status (a declined braces option still states the practice's braces fee for this case).
 * Undefined when the case has none.
 */
export function bracesFeeOf(
  options: readonly Pick<TreatmentOption, 'caseId' | 'appliance' | 'feeCents'>[],
  caseId: string,
): number | undefined {
  let lowest: number | undefined;
  for (const o of options) {
    if (o.caseId !== caseId || !BRACES.has(o.appliance)) continue;
    if (lowest === undefined || o.feeCents < lowest) lowest = o.feeCents;
  }
  return lowest;
}

/**
 * The estimate of every option, by option id. A clear-aligners option is given its case's braces
 * fee (`bracesFeeOf`); other options need none.
 */
export function estimateAllOptions(
  options: readonly Pick<TreatmentOption, 'id' | 'caseId' | 'feeCents' | 'months' | 'appliance'>[],
  ctx: OptionEstimateContext,
): Map<string, InsuranceEstimate> {
  const estimates = new Map<string, InsuranceEstimate>();
  for (const option of options) {
    const bracesFeeCents =
      option.appliance === 'clear-aligners' ? bracesFeeOf(options, option.caseId) : undefined;
    estimates.set(option.id, estimateForOption({ ...ctx, option, bracesFeeCents }));
  }
  return estimates;
}
