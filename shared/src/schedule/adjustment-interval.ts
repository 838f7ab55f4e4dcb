/**
 * How many weeks between adjustments (aligner checks for aligners): a practice setting per kind of
 * appliance, overridden per case (docs/spec/schedule.md CADENCE-101). The visit series, the
 * recovery lists and "find next available" all ask here, so an aligner patient seen every ten
 * weeks is never shown as overdue at six.
 */
import { z } from 'zod';
import type { Appliance, CaseType } from '../pipeline/case.schema.ts';
import { MAX_INTERVAL_WEEKS, MIN_INTERVAL_WEEKS } from './cadence-plan.ts';
import { addDays } from '../core/calendar.ts';

export type ApplianceKind = 'braces' | 'aligners';

export const APPLIANCE_KIND_LABELS: Record<ApplianceKind, string> = {
  braces: 'Braces and other fixed appliances',
  aligners: 'Clear aligners',
};

export const IntervalWeeks = z
  .number({ error: 'Enter a number of weeks' })
  .int({ error: 'Whole weeks' })
  .min(MIN_INTERVAL_WEEKS, { error: `At least ${MIN_INTERVAL_WEEKS} weeks` })
  .max(MAX_INTERVAL_WEEKS, { error: `At most ${MAX_INTERVAL_WEEKS} weeks` });

/** The practice's setting (in the practice document); a kind left out takes its default. */
export const AdjustmentIntervals = z.object({
  braces: IntervalWeeks.optional(),
  aligners: IntervalWeeks.optional(),
});
export type AdjustmentIntervals = z.infer<typeof AdjustmentIntervals>;

/** CADENCE-101: braces every 6 weeks, aligners every 10 unless the practice says otherwise. */
export const DEFAULT_ADJUSTMENT_INTERVALS: Required<AdjustmentIntervals> = { braces: 6, aligners: 10 };

/** An aligner case, or a case whose chosen appliance is aligners, runs on the aligner interval. */
export function applianceKindOf(caseType: CaseType, appliance?: Appliance | undefined): ApplianceKind {
  return caseType === 'aligners' || appliance === 'clear-aligners' ? 'aligners' : 'braces';
}

/**
 * CADENCE-101: the case's own interval when it has one, else the practice's for the case's kind
 * of appliance, else the default for that kind.
 */
export function adjustmentIntervalWeeks(
  theCase: { type: CaseType; appliance?: Appliance | undefined; intervalWeeks?: number | undefined },
  practice: AdjustmentIntervals | undefined,
): number {
  if (theCase.intervalWeeks !== undefined) return theCase.intervalWeeks;
  const kind = applianceKindOf(theCase.type, theCase.appliance);
  return practice?.[kind] ?? DEFAULT_ADJUSTMENT_INTERVALS[kind];
}

/**
 * CADENCE-102: the day the next adjustment is due: the interval after the last attended
 * adjustment (or the start), never before today. "Find next available" searches from it.
 */
export function nextAdjustmentDue(lastOn: string, intervalWeeks: number, today: string): string {
  const due = addDays(lastOn, intervalWeeks * 7);
  return due < today ? today : due;
}

/** Reads the setting form (weeks typed as text) into the setting, with a message per field. */
export function readAdjustmentIntervals(form: { braces: string; aligners: string }): {
  value?: AdjustmentIntervals;
  errors: Partial<Record<ApplianceKind, string>>;
} {
  const errors: Partial<Record<ApplianceKind, string>> = {};
  const value: AdjustmentIntervals = {};
  for (const kind of ['braces', 'aligners'] as const) {
    const text = form[kind].trim();
    if (text === '') continue;
    if (!/^\d+(\.\d+)?$/.test(text)) {
      errors[kind] = 'Enter a number of weeks';
      continue;
    }
    const parsed = IntervalWeeks.safeParse(Number(text));
    if (parsed.success) value[kind] = parsed.data;
    else errors[kind] = parsed.error.issues[0]?.message ?? 'Enter a number of weeks';
  }
  return Object.keys(errors).length > 0 ? { errors } : { value, errors };
}

/**
 * RECOVER-101, CADENCE-101: the patients the recovery lists follow (a case in treatment or
 * retention), each with their own adjustment interval; a patient with two running cases is due
 * at the shorter one. `skip` leaves out patients the lists must not show (merged-away records).
 */
export function activePatientsOf(
  items: Iterable<{
    patientId: string;
    status: string;
    type: CaseType;
    appliance?: Appliance | undefined;
    adjustmentIntervalWeeks?: number | undefined;
  }>,
  practice: AdjustmentIntervals | undefined,
  skip: (patientId: string) => boolean = () => false,
): { patientId: string; intervalWeeks: number }[] {
  const byPatient = new Map<string, number>();
  for (const item of items) {
    if (item.status !== 'started' && item.status !== 'retention') continue;
    if (skip(item.patientId)) continue;
    const weeks = adjustmentIntervalWeeks(
      { type: item.type, appliance: item.appliance, intervalWeeks: item.adjustmentIntervalWeeks },
      practice,
    );
    byPatient.set(item.patientId, Math.min(weeks, byPatient.get(item.patientId) ?? weeks));
  }
  return [...byPatient].map(([patientId, intervalWeeks]) => ({ patientId, intervalWeeks }));
}
