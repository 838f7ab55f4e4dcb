/**
 * Recovery lists (RECOVER-1 to RECOVER-3: missed appointments must be rebooked, and active
 * patients without a future appointment must surface): missed and cancelled visits not yet
 * rebooked, active patients with no future visit, and patients overdue for their next
 * adjustment. The screen adds the quick log of each contact attempt.
 *
 * A practice holds tens of thousands of appointments in schedule documents of one location and
 * week each, so the lists never open them: the device projection keeps each week's appointments
 * as compact rows (shared/src/projection/appointments-source.ts), `summarizeBook` makes one small
 * `VisitSummary` per patient from the rows of the weeks the lists cover (summaries merge across
 * documents in any order and grouping: `mergeVisitSummaries`), and `recoveryLists` reads only
 * the summaries.
 *
 * Summaries hold facts that stay true as time passes (the latest visit attended, the latest one
 * booked, the missed ones), so a summary written last week still answers today; only
 * `nextVisit` is relative to the moment it was made, for display.
 */
import {
  BOOKED_STATUSES,
  type Appointment,
  type AppointmentStatus,
  type AppointmentType,
  type OrthoStage,
} from './schedule.schema.ts';
import { DEFAULT_CADENCE } from './cadence-plan.ts';
import { addDays, dayNumberOf, localDateOf } from '../core/calendar.ts';

/** One appointment as a summary keeps it. `on` is its local date at the location. */
export type VisitRef = { appointmentId: string; start: string; on: string; stage: OrthoStage };

export type UnrebookedVisit = VisitRef & { status: 'missed' | 'cancelled'; locationId: string };

export type VisitSummary = {
  patientId: string;
  /** The latest visit the patient came to (completed, or arrived or seated now). */
  lastVisit?: VisitRef;
  /** The latest attended bonding, aligner start or adjustment: what the adjustment interval counts from. */
  lastAdjustment?: VisitRef;
  /** The latest attended debond: after it the patient is in retention, not due for adjustments. */
  lastDebondOn?: string;
  /** The earliest scheduled or confirmed visit after `now` when the summary was made (for display). */
  nextVisit?: VisitRef;
  /**
   * The latest scheduled or confirmed visit, whenever it is: the patient has a future visit on a
   * day as long as this one is on or after that day.
   */
  latestBooked?: VisitRef;
  /** Missed and cancelled visits not rebooked (see `summarizeVisits`), oldest first. */
  unrebooked: UnrebookedVisit[];
  /**
   * Per stage, the start of the latest booked visit (any status that holds the chair, completed
   * included): a missed visit is rebooked when one of its stage starts after it, whichever
   * document holds it.
   */
  latestByStage: Partial<Record<OrthoStage, string>>;
  /** Ids named by `rebookOf` on this patient's appointments: those appointments are rebooked. */
  rebookOf: string[];
};

const ATTENDED: ReadonlySet<AppointmentStatus> = new Set(['completed', 'arrived', 'seated']);
const PENDING: ReadonlySet<AppointmentStatus> = new Set(['scheduled', 'confirmed']);
const ADJUSTMENT_STAGES: ReadonlySet<OrthoStage> = new Set(['bonding', 'aligner-start', 'adjustment']);

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const compareRefs = (a: VisitRef, b: VisitRef) =>
  compareText(a.start, b.start) || compareText(a.appointmentId, b.appointmentId);
const laterRef = (a: VisitRef | undefined, b: VisitRef | undefined) =>
  !a ? b : !b ? a : compareRefs(a, b) >= 0 ? a : b;
const earlierRef = (a: VisitRef | undefined, b: VisitRef | undefined) =>
  !a ? b : !b ? a : compareRefs(a, b) <= 0 ? a : b;
const laterDate = (a: string | undefined, b: string | undefined) =>
  a === undefined ? b : b === undefined || a > b ? a : b;

const emptySummary = (patientId: string): VisitSummary => ({
  patientId,
  unrebooked: [],
  latestByStage: {},
  rebookOf: [],
});

/**
 * Drops the missed and cancelled visits the summary shows rebooked: named by a `rebookOf`, or
 * followed by a booked visit of the same stage. Sorts what is left and the rebookOf ids, so equal
 * summaries are equal JSON.
 */
function settle(summary: VisitSummary): VisitSummary {
  const named = new Set(summary.rebookOf);
  const seen = new Set<string>();
  // Sorted before the duplicates go, so which copy of an appointment stays does not depend on order.
  summary.unrebooked = summary.unrebooked.sort(compareRefs).filter((u) => {
    if (seen.has(u.appointmentId)) return false;
    seen.add(u.appointmentId);
    const latest = summary.latestByStage[u.stage];
    return !named.has(u.appointmentId) && !(latest !== undefined && latest > u.start);
  });
  summary.rebookOf = [...named].sort();
  return summary;
}

/**
 * Per patient, the summary of `appointments` (typically one schedule document). The rules:
 *
 * - A missed or cancelled visit is **rebooked** when it has `rebookedAs`, when another of the
 *   patient's appointments names it in `rebookOf`, or when the patient has a later booked visit
 *   (scheduled, confirmed, arrived, seated or completed) of the same stage. The last rule catches
 *   a rebooking made without the link; it also counts a visit booked before the miss (the next
 *   adjustment already on the book), since the patient will be seen then.
 * - A `rescheduled` appointment was moved, not lost: it is never on the list.
 * - An appointment whose type is unknown (deleted) counts as stage `other`.
 */
/** What a visit summary reads of an appointment (the projection's rows carry it). */
export type VisitFacts = Pick<
  Appointment,
  'id' | 'patientId' | 'typeId' | 'status' | 'start' | 'locationId' | 'rebookOf' | 'rebookedAs'
>;

export function summarizeVisits(
  appointments: readonly VisitFacts[],
  typesById: ReadonlyMap<string, AppointmentType>,
  now: string,
  timeZone: string,
): Map<string, VisitSummary> {
  const summaries = new Map<string, VisitSummary>();
  for (const appointment of appointments) {
    let summary = summaries.get(appointment.patientId);
    if (!summary) {
      summary = emptySummary(appointment.patientId);
      summaries.set(appointment.patientId, summary);
    }
    const stage = typesById.get(appointment.typeId)?.stage ?? 'other';
    const { status, start } = appointment;
    const ref: VisitRef = {
      appointmentId: appointment.id,
      start,
      on: localDateOf(start, timeZone),
      stage,
    };
    if (appointment.rebookOf !== undefined) summary.rebookOf.push(appointment.rebookOf);
    if (BOOKED_STATUSES.has(status)) {
      const latest = summary.latestByStage[stage];
      if (latest === undefined || start > latest) summary.latestByStage[stage] = start;
    }
    if (ATTENDED.has(status)) {
      summary.lastVisit = laterRef(summary.lastVisit, ref);
      if (ADJUSTMENT_STAGES.has(stage)) summary.lastAdjustment = laterRef(summary.lastAdjustment, ref);
      if (stage === 'debond') summary.lastDebondOn = laterDate(summary.lastDebondOn, ref.on);
    } else if (PENDING.has(status)) {
      summary.latestBooked = laterRef(summary.latestBooked, ref);
      if (start > now) summary.nextVisit = earlierRef(summary.nextVisit, ref);
    } else if ((status === 'missed' || status === 'cancelled') && appointment.rebookedAs === undefined) {
      summary.unrebooked.push({ ...ref, status, locationId: appointment.locationId });
    }
  }
  for (const summary of summaries.values()) settle(summary);
  return summaries;
}

/**
 * One patient's summaries (of several documents, or of the same one twice) as one. Commutative,
 * associative and idempotent: a projection may combine them in any order, and re-adding a
 * document's summary changes nothing. Throws when the summaries are of different patients.
 */
export function mergeVisitSummaries(first: VisitSummary, ...rest: readonly VisitSummary[]): VisitSummary {
  const merged: VisitSummary = emptySummary(first.patientId);
  for (const other of [first, ...rest]) {
    if (other.patientId !== first.patientId)
      throw new Error(`Summaries of two patients: ${first.patientId}, ${other.patientId}`);
    const lastVisit = laterRef(merged.lastVisit, other.lastVisit);
    const lastAdjustment = laterRef(merged.lastAdjustment, other.lastAdjustment);
    const lastDebondOn = laterDate(merged.lastDebondOn, other.lastDebondOn);
    const nextVisit = earlierRef(merged.nextVisit, other.nextVisit);
    const latestBooked = laterRef(merged.latestBooked, other.latestBooked);
    if (lastVisit) merged.lastVisit = lastVisit;
    if (lastAdjustment) merged.lastAdjustment = lastAdjustment;
    if (lastDebondOn !== undefined) merged.lastDebondOn = lastDebondOn;
    if (nextVisit) merged.nextVisit = nextVisit;
    if (latestBooked) merged.latestBooked = latestBooked;
    merged.unrebooked.push(...other.unrebooked);
    merged.rebookOf.push(...other.rebookOf);
    for (const [stage, start] of Object.entries(other.latestByStage) as [OrthoStage, string][]) {
      const latest = merged.latestByStage[stage];
      if (latest === undefined || start > latest) merged.latestByStage[stage] = start;
    }
  }
  return settle(merged);
}

/**
 * Per patient, the summary of appointments at several locations (each location's dates are read
 * in its own time zone).
 */
export function summarizeBook(
  appointments: readonly VisitFacts[],
  typesById: ReadonlyMap<string, AppointmentType>,
  now: string,
  timeZoneOf: (locationId: string) => string,
): Map<string, VisitSummary> {
  const byLocation = new Map<string, VisitFacts[]>();
  for (const a of appointments) {
    const list = byLocation.get(a.locationId);
    if (list) list.push(a);
    else byLocation.set(a.locationId, [a]);
  }
  return combineSummaries(
    [...byLocation].map(([locationId, list]) =>
      summarizeVisits(list, typesById, now, timeZoneOf(locationId)),
    ),
  );
}

/** The summaries of several documents, combined per patient. */
export function combineSummaries(
  perDocument: Iterable<ReadonlyMap<string, VisitSummary>>,
): Map<string, VisitSummary> {
  const combined = new Map<string, VisitSummary>();
  for (const summaries of perDocument)
    for (const [patientId, summary] of summaries) {
      const seen = combined.get(patientId);
      combined.set(patientId, seen ? mergeVisitSummaries(seen, summary) : mergeVisitSummaries(summary));
    }
  return combined;
}

export type UnrebookedRow = UnrebookedVisit & {
  patientId: string;
  /** Days from the visit's date to today (negative for a cancelled visit still ahead). */
  daysAgo: number;
};
export type NoFutureVisitRow = { patientId: string; lastVisitOn?: string; daysSinceLastVisit?: number };
export type OverdueRow = {
  patientId: string;
  /** The last attended adjustment (or bonding, aligner start). */
  lastVisitOn: string;
  intervalWeeks: number;
  dueOn: string;
  daysOverdue: number;
};

export type RecoveryLists = {
  unrebooked: UnrebookedRow[];
  noFutureVisit: NoFutureVisitRow[];
  overdue: OverdueRow[];
};

export const DEFAULT_LOOKBACK_DAYS = 90;

/**
 * The three lists, each most urgent first. A patient appears in one list at most, the one that
 * says best why to call: a missed visit first, then overdue, then no future visit (an overdue
 * patient and one who missed a visit have no future visit either).
 *
 * - `unrebooked`: every missed or cancelled visit not rebooked, from `lookbackDays` days ago
 *   (default 90; older ones drop off) on, including cancelled visits still ahead. Oldest first:
 *   the patient waiting longest for care. Not limited to active patients: a missed consult is a
 *   new patient to win back.
 * - `overdue`: an active patient with no future visit, not in retention (no debond after their
 *   last adjustment), whose last adjustment was more than their interval (default 6 weeks) ago.
 *   Most days overdue first.
 * - `noFutureVisit`: the other active patients with no future visit (a visit today counts as a
 *   future one). Longest since the last visit first; patients with no visit on the book at all
 *   last, since nothing says how long they have been without one.
 */
export function recoveryLists(input: {
  summaries: Iterable<VisitSummary>;
  activePatients: readonly { patientId: string; intervalWeeks?: number }[];
  today: string;
  lookbackDays?: number;
}): RecoveryLists {
  const { today, lookbackDays = DEFAULT_LOOKBACK_DAYS } = input;
  const todayNumber = dayNumberOf(today);
  const byPatient = new Map<string, VisitSummary>();
  for (const summary of input.summaries) {
    const seen = byPatient.get(summary.patientId);
    byPatient.set(summary.patientId, seen ? mergeVisitSummaries(seen, summary) : summary);
  }

  const unrebooked: UnrebookedRow[] = [];
  for (const summary of byPatient.values())
    for (const visit of summary.unrebooked) {
      const daysAgo = todayNumber - dayNumberOf(visit.on);
      if (daysAgo <= lookbackDays) unrebooked.push({ ...visit, patientId: summary.patientId, daysAgo });
    }
  unrebooked.sort(
    (a, b) => compareRefs(a, b) || (a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : 0),
  );
  const called = new Set(unrebooked.map((r) => r.patientId));

  const overdue: OverdueRow[] = [];
  const noFutureVisit: NoFutureVisitRow[] = [];
  const listed = new Set<string>();
  for (const { patientId, intervalWeeks = DEFAULT_CADENCE.intervalWeeks } of input.activePatients) {
    if (called.has(patientId) || listed.has(patientId)) continue;
    listed.add(patientId);
    const summary = byPatient.get(patientId);
    if (summary?.latestBooked && summary.latestBooked.on >= today) continue;
    const last = summary?.lastAdjustment;
    const inRetention = last && summary.lastDebondOn !== undefined && summary.lastDebondOn >= last.on;
    if (last && !inRetention) {
      const dueOn = addDays(last.on, intervalWeeks * 7);
      const daysOverdue = todayNumber - dayNumberOf(dueOn);
      if (daysOverdue > 0) {
        overdue.push({ patientId, lastVisitOn: last.on, intervalWeeks, dueOn, daysOverdue });
        continue;
      }
    }
    const lastVisitOn = summary?.lastVisit?.on;
    noFutureVisit.push(
      lastVisitOn === undefined
        ? { patientId }
        : { patientId, lastVisitOn, daysSinceLastVisit: todayNumber - dayNumberOf(lastVisitOn) },
    );
  }
  overdue.sort((a, b) => b.daysOverdue - a.daysOverdue || (a.patientId < b.patientId ? -1 : 1));
  noFutureVisit.sort(
    (a, b) =>
      (a.lastVisitOn === undefined ? 1 : 0) - (b.lastVisitOn === undefined ? 1 : 0) ||
      (a.lastVisitOn ?? '').localeCompare(b.lastVisitOn ?? '') ||
      (a.patientId < b.patientId ? -1 : 1),
  );
  return { unrebooked, noFutureVisit, overdue };
}
