/**
 * The follow-up cadence for pending patients (FUP-1 to FUP-4: every pending patient is followed
 * up until they start or clearly decline). A practice sets the days after the presentation
 * for the first follow-ups (default 2, 5 and 10), then one every N days (default 30) until the
 * family decides. Completing a follow-up task generates the next one from here.
 *
 * All dates are local calendar dates (`YYYY-MM-DD`) and all arithmetic is on the calendar, never
 * on instants, so a daylight-saving change can never move a due date by a day.
 */
import { addDays, compareLocalDates, dayNumberOf, localDateOfDayNumber } from '../core/calendar.ts';

export type FollowUpCadence = {
  /** Days after the presentation for each of the first follow-ups, strictly increasing, ≥ 1. */
  days: readonly number[];
  /** Then one follow-up every this many days. */
  thenEveryDays: number;
};

export const DEFAULT_FOLLOW_UP_CADENCE: FollowUpCadence = { days: [2, 5, 10], thenEveryDays: 30 };

/** The practice's cadence; the default for anything it has not set (or no practice yet). */
export function cadenceOf(
  practice: { followUpCadenceDays?: number[]; followUpThenEveryDays?: number } | null,
): FollowUpCadence {
  const days =
    practice?.followUpCadenceDays && practice.followUpCadenceDays.length > 0
      ? practice.followUpCadenceDays
      : DEFAULT_FOLLOW_UP_CADENCE.days;
  const thenEveryDays = practice?.followUpThenEveryDays ?? DEFAULT_FOLLOW_UP_CADENCE.thenEveryDays;
  return { days, thenEveryDays };
}

/** Days after the presentation at which follow-up `step` (0-based) is planned. */
function offsetOf(cadence: FollowUpCadence, step: number): number {
  if (!Number.isInteger(step) || step < 0) throw new RangeError(`Not a follow-up step: ${step}`);
  const { days, thenEveryDays } = cadence;
  if (step < days.length) return days[step]!;
  const last = days[days.length - 1] ?? 0;
  return last + (step - days.length + 1) * thenEveryDays;
}

/**
 * The planned date of follow-up `step` (0-based): the cadence's day for the first ones, then
 * every `thenEveryDays` after the last of them. With the default, steps 0–4 fall 2, 5, 10, 40
 * and 70 days after the presentation.
 */
export function followUpDue(cadence: FollowUpCadence, presentedOn: string, step: number): string {
  return addDays(presentedOn, offsetOf(cadence, step));
}

/**
 * The follow-up after `completedStep`, done on `completedOn`. The rule:
 * due = max(planned date of the next step, completedOn + gap), where gap is the planned distance
 * between the two steps (at least one day).
 *
 * - Done early or on time: the next one keeps its planned date, so the family hears from the
 *   practice on the rhythm the practice chose.
 * - Done late: the next one moves out by the same lateness, so it comes a full gap after the
 *   call that actually happened: never the same day or the day after a late call, and never
 *   already overdue the moment it is created.
 */
export function nextFollowUp(
  cadence: FollowUpCadence,
  presentedOn: string,
  completedStep: number,
  completedOn: string,
): { step: number; due: string } {
  const step = completedStep + 1;
  const planned = offsetOf(cadence, step);
  const gap = Math.max(1, planned - offsetOf(cadence, completedStep));
  const plannedDay = dayNumberOf(presentedOn) + planned;
  const earliest = dayNumberOf(completedOn) + gap;
  return { step, due: localDateOfDayNumber(Math.max(plannedDay, earliest)) };
}

export type FollowUpState = 'overdue' | 'today' | 'upcoming';

/** Where a follow-up due on `due` stands on the practice's `today`. */
export function followUpState(due: string, today: string): FollowUpState {
  const order = compareLocalDates(due, today);
  return order < 0 ? 'overdue' : order === 0 ? 'today' : 'upcoming';
}
