/**
 * Workflows that write a started case's insurer schedules (what each policy is expected to pay,
 * and when) from its chart: fixing them at treatment start, and superseding them after a coverage
 * change. The chart is read; the insurance document is written, through the command executor
 * (documents/commands.ts), which checks permission and records the audit.
 */
import type * as Y from 'yjs';
import type { Commands } from '../documents/commands.ts';
import { readChart } from '../pipeline/chart-doc.ts';
import { bracesFeeOf, estimateForOption } from './estimate-for-option.ts';
import { planCoverageChange } from './coverage-change.ts';
import type { CoverageChangeEstimate } from './insurance-estimate.ts';
import { readInsurance } from './insurance-doc.ts';
import { INSURANCE_COMMANDS } from './insurance-commands.ts';

export type InsurerScheduleDocs = { chart: Y.Doc; insurance: Y.Doc };

/** Most reasons kept on a schedule: the estimate's explanation, not its every step. */
const MAX_REASONS = 40;

function acceptedOption(chart: Y.Doc, caseId: string) {
  const read = readChart(chart);
  const theCase = read.cases.find((c) => c.id === caseId);
  const option = read.options.find((o) => o.id === theCase?.acceptedOptionId);
  return theCase && option ? { theCase, option, bracesFeeCents: bracesFeeOf(read.options, caseId) } : null;
}

/**
 * At treatment start the insurer payments expected under each policy are fixed from the
 * accepted option's estimate: they become the claims as they come due (insurance/claims.ts).
 * Once only: a case whose start schedules exist is left as it is.
 */
export function fixInsurerSchedulesAtStart(
  commands: Commands,
  docs: InsurerScheduleDocs,
  caseId: string,
  startDate: string,
  patientDateOfBirth: string | undefined,
): void {
  const accepted = acceptedOption(docs.chart, caseId);
  if (!accepted) return;
  const insurance = readInsurance(docs.insurance);
  if (insurance.schedules.some((s) => s.caseId === caseId && s.reason === 'start')) return;
  const estimate = estimateForOption({
    option: accepted.option,
    bracesFeeCents: accepted.bracesFeeCents,
    startDate,
    patientDateOfBirth,
    insurance,
  });
  commands.together(docs.insurance, () => {
    for (const plan of estimate.plans) {
      if (plan.schedule.payments.length === 0) continue;
      commands.run(INSURANCE_COMMANDS.recordInsurerSchedule, docs.insurance, {
        caseId,
        policyId: plan.policyId,
        reason: 'start',
        effectiveFrom: startDate,
        estimateCents: plan.estimateCents,
        payments: plan.schedule.payments.map(({ date, amountCents, kind, number }) => ({
          date,
          amountCents,
          kind,
          number,
        })),
        reasons: plan.steps.map((step) => step.reason).slice(0, MAX_REASONS),
      });
    }
  });
}

/**
 * Re-estimates a started case after a coverage change (a policy ended, a new one verified) and
 * records the schedules that supersede those in force. Returns what changed for the family: how
 * much insurance no longer pays is what their contract is amended by.
 */
export function reestimateAfterCoverageChange(
  commands: Commands,
  docs: InsurerScheduleDocs,
  caseId: string,
  changeDate: string,
  patientDateOfBirth: string | undefined,
): { ok: true; value: CoverageChangeEstimate } | { ok: false; error: { kind: 'not-found'; id: string } } {
  const accepted = acceptedOption(docs.chart, caseId);
  if (!accepted) return { ok: false, error: { kind: 'not-found', id: caseId } };
  const plan = planCoverageChange({
    caseId,
    option: accepted.option,
    bracesFeeCents: accepted.bracesFeeCents,
    startDate: accepted.theCase.startDate ?? changeDate,
    changeDate,
    patientDateOfBirth,
    insurance: readInsurance(docs.insurance),
  });
  commands.together(docs.insurance, () => {
    for (const schedule of plan.schedules)
      commands.run(INSURANCE_COMMANDS.recordInsurerSchedule, docs.insurance, schedule);
  });
  return { ok: true, value: plan.change };
}
