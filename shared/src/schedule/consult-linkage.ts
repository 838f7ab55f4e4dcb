/**
 * How the book and the pipeline meet (docs/spec/schedule.md BOOK-101…BOOK-106): which case a visit
 * belongs to, which of a case's consults is *the* consult, and what a visit's booking, move,
 * arrival, completion, miss or cancellation does to its case.
 *
 * The linkage is derived from the book, never stored: appointments carry `caseId`, and every
 * device computes the case's consult from the appointments it holds with the same rule. Two
 * devices that book or move one consult offline therefore end with the same answer once their
 * documents have merged, whatever order the updates arrived in (consult-linkage.test.ts).
 *
 * Pure, over plain records.
 */
import type { Case, CaseStatus, CaseVisitNote, VisitHappening } from '../pipeline/case.schema.ts';
import type { PipelineItem } from '../pipeline/pipeline.ts';
import type { StatusChange } from '../pipeline/case-status.ts';
import { addDays } from '../core/calendar.ts';
import {
  BOOKED_STATUSES,
  ORTHO_STAGE_LABELS,
  type Appointment,
  type AppointmentStatus,
  type OrthoStage,
} from './schedule.schema.ts';

/** A visit as the linkage reads it: an appointment plus its type's stage. */
export type LinkedVisit = Pick<
  Appointment,
  'id' | 'patientId' | 'start' | 'status' | 'createdAt' | 'locationId'
> & {
  caseId?: string | undefined;
  rebookOf?: string | undefined;
  rebookedAs?: string | undefined;
  stage: OrthoStage;
};

/** What the linkage reads of an appointment: the book's document or the projection's row of it. */
export type VisitSource = Pick<
  Appointment,
  'id' | 'patientId' | 'start' | 'status' | 'createdAt' | 'locationId' | 'caseId' | 'rebookOf' | 'rebookedAs'
>;

/** The slim form of an appointment a projection keeps (plain JSON: no undefined keys). */
export function linkedVisitOf(appointment: VisitSource, stage: OrthoStage): LinkedVisit {
  const visit: LinkedVisit = {
    id: appointment.id,
    patientId: appointment.patientId,
    locationId: appointment.locationId,
    start: appointment.start,
    status: appointment.status,
    createdAt: appointment.createdAt,
    stage,
  };
  if (appointment.caseId !== undefined) visit.caseId = appointment.caseId;
  if (appointment.rebookOf !== undefined) visit.rebookOf = appointment.rebookOf;
  if (appointment.rebookedAs !== undefined) visit.rebookedAs = appointment.rebookedAs;
  return visit;
}

type CaseRef = Pick<Case, 'id' | 'status' | 'createdAt'>;

/** BOOK-101: the statuses a case may be in for a visit of each stage to join it, best first. */
const JOINS: Partial<Record<OrthoStage, readonly CaseStatus[]>> = {
  consult: ['inquiry', 'exam', 'observation'],
  observation: ['observation'],
  records: ['exam', 'recommended', 'pending', 'accepted', 'started'],
  bonding: ['accepted', 'pending', 'recommended', 'started'],
  'aligner-start': ['accepted', 'pending', 'recommended', 'started'],
  adjustment: ['started'],
  emergency: ['started', 'retention'],
  debond: ['started'],
  'retainer-delivery': ['started', 'retention'],
  'retainer-check': ['retention', 'started'],
};

/**
 * BOOK-101: the case a new visit of `stage` belongs to: among the patient's cases in a status the
 * stage joins (a consult joins an inquiry, a booked exam or an observation recall; a bonding an
 * accepted case; an adjustment a started one …), the one whose status comes first in that list,
 * then the newest. Null when none fits: the visit is booked without a case.
 */
export function caseForVisit(stage: OrthoStage, cases: readonly CaseRef[]): string | null {
  const joins = JOINS[stage];
  if (!joins) return null;
  let best: { rank: number; theCase: CaseRef } | null = null;
  for (const theCase of cases) {
    const rank = joins.indexOf(theCase.status);
    if (rank < 0) continue;
    if (
      !best ||
      rank < best.rank ||
      (rank === best.rank && compareText(theCase.createdAt, best.theCase.createdAt) > 0)
    )
      best = { rank, theCase };
  }
  return best?.theCase.id ?? null;
}

export type ConsultState = 'none' | 'booked' | 'held' | 'missed' | 'cancelled';

export type ConsultLinkage = {
  /** The case's consult (BOOK-102): booked or held. */
  current: LinkedVisit | null;
  /** Other booked consults of the case: booked twice, or a move that lost to another. A person cancels them. */
  duplicates: LinkedVisit[];
  /** Where the case's exam stands on the book. */
  state: ConsultState;
  /** The latest missed or cancelled consult, when no consult is booked or held. */
  lapsed: LinkedVisit | null;
};

const ATTENDED: ReadonlySet<AppointmentStatus> = new Set(['arrived', 'seated', 'completed']);

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * BOOK-102: the case's consult, from its consult-stage visits on the book booked or taking place
 * at or after `since` (the round's start, `examRoundStart` in pipeline/pipeline.ts):
 * 1. only visits that hold their slot count (scheduled, confirmed, arrived, seated, completed);
 * 2. a visit booked as the move of another (`rebookOf`) whose original names a different visit as
 *    its move (`rebookedAs`) lost a concurrent move: it is a duplicate, not the consult;
 * 3. of the rest, a visit the patient came to wins (the exam was held there); otherwise the
 *    first booked (earliest `createdAt`, then the smaller id). The others are duplicates.
 * With none, the state is that of the latest missed or cancelled consult (by start, then id), or
 * `none`. Moved (`rescheduled`) visits never count: their move does.
 */
export function consultLinkage(
  visits: readonly LinkedVisit[],
  caseId: string,
  since: string | undefined = undefined,
): ConsultLinkage {
  const mine = visits.filter(
    // Booked or taking place after the round began: a consult booked after the fact (a walk-in
    // entered at noon for 10:00) and one on a device whose clock is behind both count.
    (v) =>
      v.caseId === caseId &&
      v.stage === 'consult' &&
      (since === undefined || v.start >= since || v.createdAt >= since),
  );
  const byId = new Map(mine.map((v) => [v.id, v]));
  const holding = mine.filter((v) => BOOKED_STATUSES.has(v.status));
  const lostMove = (v: LinkedVisit) => {
    if (v.rebookOf === undefined) return false;
    const original = byId.get(v.rebookOf);
    return original?.rebookedAs !== undefined && original.rebookedAs !== v.id;
  };
  const ranked = holding
    .filter((v) => !lostMove(v))
    .sort(
      (a, b) =>
        Number(ATTENDED.has(b.status)) - Number(ATTENDED.has(a.status)) ||
        compareText(a.createdAt, b.createdAt) ||
        compareText(a.id, b.id),
    );
  const current = ranked[0] ?? null;
  const duplicates = holding
    .filter((v) => v !== current)
    .sort((a, b) => compareText(a.start, b.start) || compareText(a.id, b.id));
  if (current) {
    return { current, duplicates, state: ATTENDED.has(current.status) ? 'held' : 'booked', lapsed: null };
  }
  const lapsed =
    mine
      .filter((v) => v.status === 'missed' || v.status === 'cancelled')
      .sort((a, b) => compareText(b.start, a.start) || compareText(b.id, a.id))[0] ?? null;
  return {
    current: null,
    duplicates,
    state: lapsed ? (lapsed.status === 'missed' ? 'missed' : 'cancelled') : 'none',
    lapsed,
  };
}

/**
 * BOOK-103: the exam stage the book implies. A case at inquiry (or an observation recall) whose
 * consult of this round is booked or held is at **exam booked** (held: its outcome is next); a case at exam booked whose consult was cancelled, with
 * nothing booked or held, is an **inquiry** again. Anything else is the case's own status. Lists
 * show this status, and the next change to one of the case's visits writes it, so a case and its
 * consult agree even after two devices changed them apart.
 */
export function caseStatusFromBook(status: CaseStatus, linkage: ConsultLinkage): CaseStatus {
  if (
    (status === 'inquiry' || status === 'observation') &&
    (linkage.state === 'booked' || linkage.state === 'held')
  )
    return 'exam';
  if (status === 'exam' && linkage.state === 'cancelled') return 'inquiry';
  return status;
}

/** What a change to a visit means for its case, before anything is written. */
export type VisitEffect = {
  /** The history note (BOOK-105). */
  note: CaseVisitNote;
  /** A status move of the case (BOOK-103). */
  move?: StatusChange;
  /** The exam time to keep on the case (for versions that read `examAt`). */
  examAt?: string;
  /** BOOK-104: a missed consult gets a missed-exam follow-up on the cadence. */
  missedExamTask?: { missedOn: string };
  /** Tasks of these kinds on the case are closed (a consult booked again needs no rebooking call). */
  closeTasks?: readonly ('missed-exam' | 'first-contact')[];
  /** BOOK-106: what the screen offers next. */
  offer?: 'record-exam-outcome' | 'start-treatment' | 'retention';
};

export const START_VISIT_STAGES: ReadonlySet<OrthoStage> = new Set(['bonding', 'aligner-start']);

/**
 * BOOK-103, BOOK-104, BOOK-106: the effect of `what` happening to a visit of `stage` of the case.
 * `linkage` is the case's consult linkage after the change (for consults); `visitOn` the local
 * date of the visit (for a miss).
 *
 * - consults: the case moves to the status the book implies (`caseStatusFromBook`): booked or
 *   moved, an inquiry or observation recall goes to **exam booked** (open first-contact and
 *   missed-exam tasks close); cancelled with nothing else booked or held, back to **inquiry**
 *   (which plans the call to rebook).
 * - consult arrived or completed: the exam is held (noted; the outcome is recorded next).
 * - consult missed, with no other consult booked: a missed-exam follow-up on the cadence; the
 *   case stays at exam booked, shown as missed.
 * - bonding or aligner start completed, case accepted: offer "start treatment".
 * - debond completed, case started: offer retention.
 * Every change is noted in the case's history.
 */
export function visitEffect(
  theCase: Pick<Case, 'status'>,
  visit: { id: string; stage: OrthoStage; start: string; locationId?: string },
  what: VisitHappening,
  context: { linkage?: ConsultLinkage; visitOn?: string; reason?: string } = {},
): VisitEffect {
  const effect: VisitEffect = {
    note: {
      appointmentId: visit.id,
      stage: visit.stage,
      what,
      start: visit.start,
      ...(visit.locationId ? { locationId: visit.locationId } : {}),
    },
  };
  const status = theCase.status;
  if (visit.stage === 'consult') {
    const linkage = context.linkage ?? consultLinkage([], '');
    const current = linkage.current;
    const target = caseStatusFromBook(status, linkage);
    if (target !== status)
      effect.move =
        target === 'inquiry'
          ? {
              to: 'inquiry',
              reason: context.reason
                ? `Consult cancelled: ${context.reason}`.slice(0, 200)
                : 'Consult cancelled',
            }
          : { to: target };
    if (target === 'exam' && current && linkage.state === 'booked') {
      effect.examAt = current.start;
      if (what === 'booked' || what === 'moved') effect.closeTasks = ['missed-exam', 'first-contact'];
    }
    if ((what === 'arrived' || what === 'completed') && status === 'exam') {
      effect.examAt = visit.start;
      effect.offer = 'record-exam-outcome';
    }
    if (what === 'missed' && target === 'exam' && linkage.state === 'missed' && context.visitOn)
      effect.missedExamTask = { missedOn: context.visitOn };
  } else if (what === 'completed') {
    if (START_VISIT_STAGES.has(visit.stage) && status === 'accepted') effect.offer = 'start-treatment';
    if (visit.stage === 'debond' && status === 'started') effect.offer = 'retention';
  }
  return effect;
}

/**
 * BOOK-102, BOOK-103: the pipeline as the book says it is: each case before its exam gets where its
 * consult stands (`consult`), its exam time from the book, and the status the book implies.
 * `visits` are the practice's case-linked consult visits (any order, any weeks).
 */
export function itemsWithBook(
  items: readonly PipelineItem[],
  visits: readonly LinkedVisit[],
): PipelineItem[] {
  const byCase = new Map<string, LinkedVisit[]>();
  for (const v of visits) {
    if (v.caseId === undefined || v.stage !== 'consult') continue;
    const list = byCase.get(v.caseId);
    if (list) list.push(v);
    else byCase.set(v.caseId, [v]);
  }
  return items.map((item) => {
    const mine = byCase.get(item.caseId);
    if (!mine || item.roundStart === undefined) return item;
    const linkage = consultLinkage(mine, item.caseId, item.roundStart);
    if (linkage.state === 'none') return item;
    const shown = linkage.current ?? linkage.lapsed;
    const next: PipelineItem = {
      ...item,
      status: caseStatusFromBook(item.status, linkage),
      consult: {
        state: linkage.state,
        ...(shown ? { start: shown.start, appointmentId: shown.id } : {}),
        ...(linkage.duplicates.length > 0 ? { duplicates: linkage.duplicates.map((d) => d.id) } : {}),
      },
    };
    if (linkage.current) next.examAt = linkage.current.start;
    return next;
  });
}

/**
 * BOOK-102: the case-linked consults among appointments (the book window's rows), as the linkage
 * reads them. `stageOf` gives an appointment type's stage (the practice's types); a type the
 * device does not know yet is skipped.
 */
export function consultVisitsOf(
  rows: readonly (VisitSource & Pick<Appointment, 'typeId'>)[],
  stageOf: (typeId: string) => OrthoStage | undefined,
): LinkedVisit[] {
  const visits: LinkedVisit[] = [];
  for (const row of rows)
    if (row.caseId !== undefined && stageOf(row.typeId) === 'consult')
      visits.push(linkedVisitOf(row, 'consult'));
  return visits;
}

export type KeptExams = {
  held: number;
  missed: number;
  cancelled: number;
  booked: number;
  keptRate: number | null;
};

/** What became of the visits whose local day is in a period: the visits themselves, by outcome. */
export type VisitOutcomes<V> = { held: V[]; missed: V[]; cancelled: V[]; booked: V[] };

/**
 * BOOK-107, KPI-23, KPI-24: the visits whose local day is in [`from`, `to`], by what became of them: held
 * (arrived, seated, completed), missed, cancelled, and still booked ahead (scheduled, confirmed).
 * Moved (`rescheduled`) visits are in none: their move is. The visits themselves are kept, not only
 * counted, so a report can list the patients behind a figure. `dayOf` gives a visit's local day.
 */
export function visitOutcomes<V extends Pick<LinkedVisit, 'status' | 'start' | 'locationId'>>(
  visits: readonly V[],
  from: string,
  to: string,
  dayOf: (visit: V) => string,
): VisitOutcomes<V> {
  const out: VisitOutcomes<V> = { held: [], missed: [], cancelled: [], booked: [] };
  for (const v of visits) {
    const day = dayOf(v);
    if (day < from || day > to) continue;
    if (ATTENDED.has(v.status)) out.held.push(v);
    else if (v.status === 'missed') out.missed.push(v);
    else if (v.status === 'cancelled') out.cancelled.push(v);
    else if (v.status === 'scheduled' || v.status === 'confirmed') out.booked.push(v);
  }
  return out;
}

/**
 * BOOK-107: the kept-exam figures of a period, from the book: consults held (arrived, seated,
 * completed), missed and cancelled whose local day is in [`from`, `to`], and those still booked
 * ahead. The kept rate is held ÷ (held + missed): a consult cancelled ahead of time is not a
 * no-show; null when none was due. `visits` are consult-stage visits; `dayOf` gives a visit's
 * local day at its location.
 */
export function keptExams(
  visits: readonly Pick<LinkedVisit, 'stage' | 'status' | 'start' | 'locationId'>[],
  from: string,
  to: string,
  dayOf: (visit: Pick<LinkedVisit, 'start' | 'locationId'>) => string,
): KeptExams {
  const outcomes = visitOutcomes(
    visits.filter((v) => v.stage === 'consult'),
    from,
    to,
    dayOf,
  );
  const figures = {
    held: outcomes.held.length,
    missed: outcomes.missed.length,
    cancelled: outcomes.cancelled.length,
    booked: outcomes.booked.length,
  };
  const due = figures.held + figures.missed;
  return { ...figures, keptRate: due === 0 ? null : figures.held / due };
}

/** BOOK-107: the period Today and the pipeline show: the 30 days to today. */
export const KEPT_EXAMS_DAYS = 30;

/**
 * BOOK-107: the kept-exam figures of the last 30 days to `today` (inclusive), from appointments of
 * any type (the book window's rows); `stageOf` gives a type's stage, `dayOf` a visit's local day.
 */
export function recentKeptExams(
  rows: readonly Pick<Appointment, 'typeId' | 'status' | 'start' | 'locationId'>[],
  stageOf: (typeId: string) => OrthoStage | undefined,
  today: string,
  dayOf: (visit: Pick<LinkedVisit, 'start' | 'locationId'>) => string,
): KeptExams & { from: string; to: string } {
  const from = addDays(today, -(KEPT_EXAMS_DAYS - 1));
  const consults = rows.flatMap((row) =>
    stageOf(row.typeId) === 'consult' ? [{ ...row, stage: 'consult' as const }] : [],
  );
  return { ...keptExams(consults, from, today, dayOf), from, to: today };
}

const HAPPENING_WORDS: Record<CaseVisitNote['what'], string> = {
  booked: 'booked for',
  moved: 'moved to',
  confirmed: 'confirmed for',
  arrived: 'arrived',
  completed: 'completed',
  missed: 'missed',
  cancelled: 'cancelled',
};

/** BOOK-105: a visit note as the case's history says it: "Exam / consultation booked for Jun 2, 2026, 9:00 AM". */
export function visitNoteText(note: CaseVisitNote, when: (iso: string) => string): string {
  const stage = ORTHO_STAGE_LABELS[note.stage];
  const words = HAPPENING_WORDS[note.what];
  return note.what === 'booked' || note.what === 'moved' || note.what === 'confirmed'
    ? `${stage} ${words} ${when(note.start)}`
    : `${stage} on ${when(note.start)} ${words}`;
}

/**
 * What a change to an appointment means for its case (BOOK-103): a status change to one the case
 * follows, else a new start (a move); null when the case has nothing to follow.
 */
export function visitHappeningOf(
  before: Pick<Appointment, 'status' | 'start'>,
  patch: { status?: AppointmentStatus | undefined; start?: string | undefined },
): VisitHappening | null {
  const status = patch.status;
  if (status && status !== before.status) {
    const byStatus: Partial<Record<AppointmentStatus, VisitHappening>> = {
      confirmed: 'confirmed',
      arrived: 'arrived',
      completed: 'completed',
      missed: 'missed',
      cancelled: 'cancelled',
    };
    return byStatus[status] ?? null;
  }
  return patch.start && patch.start !== before.start ? 'moved' : null;
}
