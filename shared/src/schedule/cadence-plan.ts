/**
 * The treatment cadence (CADENCE-1, CADENCE-2: adjustments every 4–10 weeks, typically 6–8):
 * for a started case, the visits still to book, from the last treatment visit on the book to the
 * estimated completion, then the debond, the retainer delivery and the retainer checks. They are
 * suggestions: the coordinator books them one at a time or all at once, and each booked visit
 * drops out of the next plan (keys are stable, so a list on screen keeps its rows).
 *
 * All dates are local calendar dates (`YYYY-MM-DD`) at the practice; arithmetic is on the
 * calendar, never on instants, so a daylight-saving change cannot move a visit by a day.
 *
 * The estimated treatment length is not a field of the case: it is the accepted treatment
 * option's `months`, counted from the case's `startDate` (`cadenceCaseOf` reads both).
 */
import type { Case, CaseType, TreatmentOption } from '../pipeline/case.schema.ts';
import {
  BOOKED_STATUSES,
  ORTHO_STAGE_LABELS,
  type Appointment,
  type AppointmentType,
  type OrthoStage,
} from './schedule.schema.ts';
import { addMonthsClamped } from '../insurance/insurance-estimate.ts';
import { addDays, dayNumberOf, weekdayOf } from '../core/calendar.ts';

export type CadenceSettings = {
  /** Weeks between adjustments (aligner checks for aligner cases): 4–10, default 6. */
  intervalWeeks: number;
  /**
   * Weeks after the retainer delivery for each retainer check, strictly increasing. Default
   * 6, 12, 26 and 52: a first look at fit and wear six weeks in, then at three, six and twelve
   * months, when relapse shows if the retainers are not worn; after a year most practices move
   * to a yearly recall or release the patient, which is not part of the case's series.
   */
  retainerCheckWeeks: readonly number[];
  /**
   * Days from the debond to the retainer delivery. Default 7: retainers made from a scan taken
   * after the brackets and adhesive are off need a lab turnaround, and a week is the usual one.
   * A practice that delivers retainers at the debond visit sets 0 (two suggestions, same day).
   * Aligner cases have no debond: their retainers are delivered at the estimated completion.
   */
  retainerDeliveryDays?: number;
};

export const DEFAULT_CADENCE: CadenceSettings = {
  intervalWeeks: 6,
  retainerCheckWeeks: [6, 12, 26, 52],
  retainerDeliveryDays: 7,
};

/** The range of adjustment intervals a practice may set (CADENCE-1). */
export const MIN_INTERVAL_WEEKS = 4;
export const MAX_INTERVAL_WEEKS = 10;

/**
 * An adjustment is not suggested closer than this to the debond: the debond takes its place.
 * Four weeks is the shortest adjustment interval allowed, so the gap before the debond
 * is never shorter than one the doctor would plan on purpose.
 */
export const MIN_WEEKS_BEFORE_DEBOND = 4;

export type VisitSuggestion = {
  /** Stable across plans: `adjustment-7` is the case's seventh adjustment, booked or not. */
  key: string;
  stage: OrthoStage;
  typeId: string;
  /** Local date. */
  on: string;
  label: string;
};

export type CadencePlan = {
  /** In date order. */
  suggestions: VisitSuggestion[];
  /**
   * Stages the series needs that have no active appointment type: their visits are left out
   * (later visits are still placed as if they happened) and the practice should add a type.
   */
  missingStages: OrthoStage[];
  /** `startedOn` + the estimated months: the original estimate, kept even when the plan runs past it. */
  estimatedCompletionOn: string | null;
};

export type CadenceInput = {
  caseType: CaseType;
  /** The case's start (banding) date. */
  startedOn: string;
  /** The accepted option's estimated months. */
  estimatedMonths: number;
  /** The practice's local date today. */
  today: string;
  /** This case's visits on the book, past and future, not cancelled or missed. */
  booked: readonly { stage: OrthoStage; on: string }[];
  /** The practice's appointment types (inactive ones are ignored). */
  types: readonly AppointmentType[];
  settings?: CadenceSettings;
  /** Weekdays the practice is closed (0 = Sunday): a suggestion moves to the next open day. */
  closedWeekdays?: readonly number[];
};

/** What each case type's series holds after its start. */
type Series = { treatment: boolean; debond: boolean };

/**
 * Braces-type cases (comprehensive, both phases, limited) run adjustments, a debond and
 * retainers. Aligner cases run aligner checks (adjustment stage) and end in retainers without a
 * debond: attachments come off at the retainer visit. A retention-only case is only retainers.
 * An observation case has no series: its recall is the case's recall date.
 */
const SERIES: Record<CaseType, Series | null> = {
  comprehensive: { treatment: true, debond: true },
  'phase-1': { treatment: true, debond: true },
  'phase-2': { treatment: true, debond: true },
  limited: { treatment: true, debond: true },
  aligners: { treatment: true, debond: false },
  'retention-only': { treatment: false, debond: false },
  observation: null,
};

/** Visits that set the adjustment rhythm. An emergency repair does not replace an adjustment. */
const TREATMENT_STAGES: ReadonlySet<OrthoStage> = new Set(['bonding', 'aligner-start', 'adjustment']);

const later = (a: string, b: string) => (a > b ? a : b);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function checkSettings(settings: CadenceSettings): void {
  const { intervalWeeks, retainerCheckWeeks, retainerDeliveryDays = 0 } = settings;
  if (
    !Number.isInteger(intervalWeeks) ||
    intervalWeeks < MIN_INTERVAL_WEEKS ||
    intervalWeeks > MAX_INTERVAL_WEEKS
  )
    throw new RangeError(`The adjustment interval must be ${MIN_INTERVAL_WEEKS}–${MAX_INTERVAL_WEEKS} weeks`);
  if (!retainerCheckWeeks.every((w, i) => Number.isInteger(w) && w > (retainerCheckWeeks[i - 1] ?? 0)))
    throw new RangeError('Retainer checks must be whole weeks, increasing');
  if (!Number.isInteger(retainerDeliveryDays) || retainerDeliveryDays < 0)
    throw new RangeError('The retainer delivery must be whole days after the debond');
}

/**
 * The type to suggest for a stage: one of the active types of that stage. A practice may keep an
 * aligner check and a braces adjustment as two types of the adjustment stage, so a type whose
 * name mentions aligners goes to aligner cases and the others to the rest; then by name and id,
 * so every device picks the same one.
 */
export function typeForStage(
  types: readonly AppointmentType[],
  stage: OrthoStage,
  caseType: CaseType,
): AppointmentType | undefined {
  const wantsAligner = caseType === 'aligners';
  const rank = (t: AppointmentType) => (/aligner/i.test(t.name) === wantsAligner ? 0 : 1);
  return (
    types
      .filter((t) => t.active && t.stage === stage)
      // Code-point order, not localeCompare: the ICU version must not change which type is picked.
      .sort((a, b) => rank(a) - rank(b) || byText(a.name, b.name) || byText(a.id, b.id))[0]
  );
}

/**
 * The case's start and estimated months, from its accepted option; null while the case has no
 * start date or accepted option (nothing to plan yet).
 */
export function cadenceCaseOf(
  theCase: Pick<Case, 'type' | 'startDate' | 'acceptedOptionId'>,
  options: readonly Pick<TreatmentOption, 'id' | 'months'>[],
): { caseType: CaseType; startedOn: string; estimatedMonths: number } | null {
  const option = options.find((o) => o.id === theCase.acceptedOptionId);
  if (!theCase.startDate || !option) return null;
  return { caseType: theCase.type, startedOn: theCase.startDate, estimatedMonths: option.months };
}

/**
 * The visits still to book for a started case. The rules:
 *
 * 1. **Adjustments** (braces and aligner cases). The rhythm runs from the latest treatment visit
 *    on the book (bonding, aligner start or adjustment, past or future; the start date when there
 *    is none) every `intervalWeeks`, and stops when the next one would fall within
 *    `MIN_WEEKS_BEFORE_DEBOND` of the debond (the booked one, else the estimated completion).
 * 2. **Debond** (braces cases), unless one is booked: at the estimated completion, but never
 *    sooner than `MIN_WEEKS_BEFORE_DEBOND` after the last treatment visit (a case already past
 *    its estimate gets it four weeks after its last visit: whether it comes off is the doctor's
 *    call at that visit).
 * 3. **Retainer delivery**, unless one is booked: `retainerDeliveryDays` after the debond
 *    (booked or planned); for aligner cases at the end of the aligner series; for a
 *    retention-only case at its start.
 * 4. **Retainer checks**: the checks after the booked ones, at their weeks after the retainer
 *    delivery, and never closer to the previous check (booked or suggested) than the settings
 *    space them.
 *
 * Every date is moved to today when it would be earlier (a patient behind on visits gets the
 * next one now, not in the past) and then off a closed weekday to the next open day; the next
 * visit counts from the moved date. A stage with no active type is skipped and listed in
 * `missingStages`. An observation case has no series.
 */
export function planVisitSeries(input: CadenceInput): CadencePlan {
  const settings = input.settings ?? DEFAULT_CADENCE;
  checkSettings(settings);
  const series = SERIES[input.caseType];
  if (!series) return { suggestions: [], missingStages: [], estimatedCompletionOn: null };

  const intervalDays = settings.intervalWeeks * 7;
  const minGapDays = MIN_WEEKS_BEFORE_DEBOND * 7;
  // A practice closed every day of the week is a settings mistake: ignore the closed days rather than loop.
  const closed = new Set(input.closedWeekdays ?? []);
  if (closed.size >= 7) closed.clear();
  const place = (date: string) => {
    let day = later(date, input.today);
    while (closed.has(weekdayOf(day))) day = addDays(day, 1);
    return day;
  };

  const missing = new Set<OrthoStage>();
  const suggestions: VisitSuggestion[] = [];
  const suggest = (stage: OrthoStage, key: string, on: string, label: string) => {
    const type = typeForStage(input.types, stage, input.caseType);
    if (type) suggestions.push({ key, stage, typeId: type.id, on, label });
    else missing.add(stage);
  };
  const bookedOf = (stage: OrthoStage) =>
    input.booked
      .filter((b) => b.stage === stage)
      .map((b) => b.on)
      .sort();

  const estimated = addMonthsClamped(input.startedOn, input.estimatedMonths);
  const bookedDebond = bookedOf('debond')[0];
  const bookedDelivery = bookedOf('retainer-delivery')[0];

  // 1–2: the active phase. `end` is the day the active treatment ends (debond or last aligner check).
  let end = place(input.startedOn);
  if (series.treatment) {
    let cursor = input.startedOn;
    for (const visit of input.booked)
      if (TREATMENT_STAGES.has(visit.stage) && (!bookedDebond || visit.on <= bookedDebond))
        cursor = later(cursor, visit.on);
    const target = bookedDebond ?? estimated;
    let number = bookedOf('adjustment').length;
    const label = input.caseType === 'aligners' ? 'Aligner check' : ORTHO_STAGE_LABELS.adjustment;
    // The rhythm always moves forward and the target is fixed, so this ends; the bound is a guard.
    for (let guard = 0; guard < 1000; guard++) {
      const on = place(addDays(cursor, intervalDays));
      if (dayNumberOf(target) - dayNumberOf(on) < minGapDays) break;
      number += 1;
      suggest('adjustment', `adjustment-${number}`, on, `${label} ${number}`);
      cursor = on;
    }
    end = bookedDebond ?? place(later(estimated, addDays(cursor, minGapDays)));
    if (series.debond && !bookedDebond) suggest('debond', 'debond', end, ORTHO_STAGE_LABELS.debond);
  }

  // 3: retainers.
  const delivery =
    bookedDelivery ?? (series.debond ? place(addDays(end, settings.retainerDeliveryDays ?? 0)) : place(end));
  if (!bookedDelivery)
    suggest('retainer-delivery', 'retainer-delivery', delivery, ORTHO_STAGE_LABELS['retainer-delivery']);

  // 4: retainer checks after the booked ones.
  const bookedChecks = bookedOf('retainer-check');
  const weeks = settings.retainerCheckWeeks;
  let previous = bookedChecks[bookedChecks.length - 1];
  for (let i = bookedChecks.length; i < weeks.length; i++) {
    let planned = addDays(delivery, weeks[i]! * 7);
    if (previous !== undefined && i > 0)
      planned = later(planned, addDays(previous, (weeks[i]! - weeks[i - 1]!) * 7));
    const on = place(planned);
    suggest(
      'retainer-check',
      `retainer-check-${i + 1}`,
      on,
      `${ORTHO_STAGE_LABELS['retainer-check']} ${i + 1}`,
    );
    previous = on;
  }

  suggestions.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  return { suggestions, missingStages: [...missing], estimatedCompletionOn: estimated };
}

/**
 * CADENCE-1: the visits a case's series counts as on the book: those of this case or of no case,
 * that still hold the chair (not cancelled, missed or rescheduled), with their stage and local day.
 * A visit of a type with no stage does not count.
 */
export function seriesVisitsOnBook<A extends Pick<Appointment, 'caseId' | 'status' | 'typeId'>>(
  appointments: readonly A[],
  caseId: string,
  stageOf: (typeId: string) => OrthoStage | undefined,
  dayOf: (appointment: A) => string,
): { stage: OrthoStage; on: string }[] {
  return appointments
    .filter((a) => (a.caseId === caseId || !a.caseId) && BOOKED_STATUSES.has(a.status))
    .flatMap((a) => {
      const stage = stageOf(a.typeId);
      return stage ? [{ stage, on: dayOf(a) }] : [];
    });
}
