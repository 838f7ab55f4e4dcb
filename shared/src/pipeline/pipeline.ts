/**
 * The pipeline as lists: what the pending board, the follow-up lists and Today show. Pure
 * functions over plain records; the app computes `PipelineItem`s per patient from that
 * patient's chart and comms documents and keeps them as a local projection (docs/data-model.md).
 */
import type { ChartData } from './chart-doc.ts';
import type { CommsData } from '../comms/comms-doc.ts';
import type {
  Appliance,
  Blocker,
  Case,
  CaseEvent,
  CaseStatus,
  CaseType,
  ReferralKind,
  TreatmentOption,
} from './case.schema.ts';
import type { TaskKind } from '../comms/comms.schema.ts';
import { compareLocalDates, daysBetween, localDateInZone } from '../core/calendar.ts';
import { addMonthsClamped } from '../insurance/insurance-estimate.ts';

/** One case as the pipeline lists see it (every case of the patient, whatever its status). Plain JSON: it is stored as the projection snapshot. */
export type PipelineItem = {
  patientId: string;
  caseId: string;
  type: CaseType;
  status: CaseStatus;
  statusAt: string;
  createdAt: string;
  ownerId?: string;
  locationId?: string;
  blocker?: Blocker;
  /** What the case is worth: the accepted option's fee, else the recommended one's, else the highest. */
  valueCents: number;
  examAt?: string;
  presentedAt?: string;
  contactedAt?: string;
  lastContactAt?: string;
  recallDate?: string;
  declineReason?: string;
  referralKind?: ReferralKind;
  referrerId?: string;
  /** The latest promise to pay logged with this patient (collections). */
  promiseToPayOn?: string;
  /** The earliest open task of the case. */
  nextTask?: { id: string; due: string; kind: TaskKind; ownerId?: string; step: number };
  /** The case's start (banding) date, once started. */
  startDate?: string;
  /** The accepted (else recommended) option's appliance: which adjustment interval applies (CADENCE-101). */
  appliance?: Appliance;
  /** The case's own adjustment interval, when it has one. */
  adjustmentIntervalWeeks?: number;
  /** When the case's current round of exam booking began (BOOK-102), for cases still before the exam. */
  roundStart?: string;
  /** Where the case's exam stands on the book (schedule/consult-linkage.ts `itemsWithBook`). */
  consult?: {
    state: 'booked' | 'held' | 'missed' | 'cancelled';
    start?: string;
    appointmentId?: string;
    /** Other booked consults of the case (BOOK-102): to cancel. */
    duplicates?: string[];
  };
};

const BEFORE_EXAM: ReadonlySet<CaseStatus> = new Set(['inquiry', 'exam', 'observation']);

/**
 * When the case's current round of exam booking began (BOOK-102): its latest move into inquiry or
 * observation (a recall brings a new exam), else its opening. Consults that start before it belong
 * to an earlier round (the exam that led to observation, one before a decline).
 */
export function examRoundStart(
  theCase: { id: string; createdAt: string },
  events: readonly Pick<CaseEvent, 'caseId' | 'to' | 'at' | 'visit'>[],
): string {
  let since = theCase.createdAt;
  for (const e of events)
    if (e.caseId === theCase.id && !e.visit && (e.to === 'inquiry' || e.to === 'observation') && e.at > since)
      since = e.at;
  return since;
}

/**
 * The option that says what a case is worth: the accepted one, else the recommended one, else the
 * highest fee (the board's value and the reports' pending value and treatment length read it).
 */
export function valueOptionOf<O extends Pick<TreatmentOption, 'id' | 'caseId' | 'recommended' | 'feeCents'>>(
  theCase: Pick<Case, 'id' | 'acceptedOptionId'>,
  allOptions: readonly O[],
): O | undefined {
  const options = allOptions.filter((o) => o.caseId === theCase.id);
  return (
    options.find((o) => o.id === theCase.acceptedOptionId) ??
    options.find((o) => o.recommended) ??
    options.reduce<O | undefined>((best, o) => (!best || o.feeCents > best.feeCents ? o : best), undefined)
  );
}

export function pipelineItemsOf(
  chart: Pick<ChartData, 'cases' | 'options'> & { events?: ChartData['events'] },
  comms: Pick<CommsData, 'entries' | 'tasks'>,
): PipelineItem[] {
  const items: PipelineItem[] = [];
  // Every case is projected (the lists below pick the statuses they follow): referral partners'
  // referrals and, later, KPIs need started and closed cases too.
  for (const c of chart.cases) {
    const chosen = valueOptionOf(c, chart.options);
    const contacts = comms.entries.filter((e) => e.caseId === c.id || e.caseId === undefined);
    const outbound = contacts.filter((e) => e.direction === 'outbound' && e.at >= c.createdAt);
    const firstOutbound = outbound.reduce<string | undefined>(
      (min, e) => (!min || e.at < min ? e.at : min),
      undefined,
    );
    const lastContact = contacts.reduce<string | undefined>(
      (max, e) => (!max || e.at > max ? e.at : max),
      undefined,
    );
    const task = comms.tasks
      .filter((t) => t.caseId === c.id && t.status === 'open')
      .sort((a, b) => a.due.localeCompare(b.due))[0];
    items.push(
      strip({
        patientId: c.patientId,
        caseId: c.id,
        type: c.type,
        status: c.status,
        statusAt: c.statusAt,
        createdAt: c.createdAt,
        ownerId: c.ownerId,
        locationId: c.locationId,
        blocker: c.blocker,
        valueCents: chosen?.feeCents ?? 0,
        examAt: c.examAt,
        presentedAt: c.presentedAt,
        contactedAt: c.contactedAt ?? firstOutbound,
        lastContactAt: lastContact,
        recallDate: c.recallDate,
        declineReason: c.declineReason,
        referralKind: c.referral?.kind,
        referrerId: c.referral?.referrerId,
        promiseToPayOn: comms.entries.reduce<string | undefined>(
          (latest, e) =>
            e.promiseToPayOn && (!latest || e.promiseToPayOn > latest) ? e.promiseToPayOn : latest,
          undefined,
        ),
        nextTask: task
          ? strip({ id: task.id, due: task.due, kind: task.kind, ownerId: task.ownerId, step: task.step })
          : undefined,
        startDate: c.startDate,
        appliance: chosen?.appliance,
        adjustmentIntervalWeeks: c.adjustmentIntervalWeeks,
        roundStart: BEFORE_EXAM.has(c.status) ? examRoundStart(c, chart.events ?? []) : undefined,
      }),
    );
  }
  return items;
}

/** Drops undefined keys so the item is plain JSON (IndexedDB and equality checks). */
function strip<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

export const BOARD_STAGES = ['inquiry', 'exam', 'recommended', 'pending', 'accepted'] as const;
export type BoardStage = (typeof BOARD_STAGES)[number];

export type BoardFilter = { ownerId?: string; locationId?: string };

function matches(item: PipelineItem, filter: BoardFilter): boolean {
  return (
    (!filter.ownerId || item.ownerId === filter.ownerId) &&
    (!filter.locationId || item.locationId === filter.locationId)
  );
}

/** Days a recommended or presented patient has been waiting, from the presentation (or recommendation). */
export function daysPending(item: PipelineItem, today: string, timeZone: string): number {
  const since = item.presentedAt ?? item.statusAt;
  return Math.max(0, daysBetween(localDateInZone(new Date(since), timeZone), today));
}

export type BoardColumn = { stage: BoardStage; items: PipelineItem[]; valueCents: number };

/**
 * How each column is ordered: new inquiries newest first (the call to return is the one that just
 * came in; the oldest uncontacted ones are on Today), booked exams soonest first, and families
 * deciding by what the case is worth, longest waiting first on ties.
 */
const COLUMN_ORDER: Record<BoardStage, (a: PipelineItem, b: PipelineItem) => number> = {
  inquiry: (a, b) => b.createdAt.localeCompare(a.createdAt),
  exam: (a, b) =>
    (a.examAt ?? '9999').localeCompare(b.examAt ?? '9999') || a.createdAt.localeCompare(b.createdAt),
  recommended: byValue,
  pending: byValue,
  accepted: byValue,
};

function byValue(a: PipelineItem, b: PipelineItem): number {
  return b.valueCents - a.valueCents || a.statusAt.localeCompare(b.statusAt);
}

/** The board: one column per stage, with the stage's total value. */
export function boardColumns(items: readonly PipelineItem[], filter: BoardFilter = {}): BoardColumn[] {
  return BOARD_STAGES.map((stage) => {
    const inStage = items
      .filter((item) => item.status === stage && matches(item, filter))
      .sort(COLUMN_ORDER[stage]);
    return { stage, items: inStage, valueCents: inStage.reduce((sum, i) => sum + i.valueCents, 0) };
  });
}

export type DueEntry = {
  item: PipelineItem;
  /** `missing`: a pending patient with no follow-up planned, which counts as overdue. */
  state: 'overdue' | 'today' | 'missing';
  due?: string;
};

/**
 * Cases whose tasks belong on the due lists. A started or closed case's tasks are cancelled with
 * the move, but in another document (comms): a task left open by a move on another device must
 * not show a patient in treatment as overdue.
 */
const HAS_FOLLOW_UPS: ReadonlySet<CaseStatus> = new Set([
  'inquiry',
  'exam',
  'recommended',
  'pending',
  'accepted',
  'observation',
  'declined',
]);

const NEEDS_FOLLOW_UP: ReadonlySet<CaseStatus> = new Set(['recommended', 'pending']);

/**
 * Follow-ups due today and overdue. Overdue ones come first and cannot be hidden: the only way
 * off the list is to do the follow-up or move the case. A recommended or pending patient with
 * no open follow-up is listed too (as `missing`): a pending patient without a next step is the
 * most expensive thing a practice loses.
 */
export function dueFollowUps(
  items: readonly PipelineItem[],
  today: string,
  filter: BoardFilter = {},
): DueEntry[] {
  const out: DueEntry[] = [];
  for (const item of items) {
    if (!matches(item, filter) || !HAS_FOLLOW_UPS.has(item.status)) continue;
    if (item.nextTask) {
      const order = compareLocalDates(item.nextTask.due, today);
      if (order < 0) out.push({ item, state: 'overdue', due: item.nextTask.due });
      else if (order === 0) out.push({ item, state: 'today', due: item.nextTask.due });
    } else if (NEEDS_FOLLOW_UP.has(item.status)) {
      out.push({ item, state: 'missing' });
    }
  }
  const rank = { missing: 0, overdue: 1, today: 2 } as const;
  return out.sort(
    (a, b) =>
      rank[a.state] - rank[b.state] ||
      (a.due ?? '').localeCompare(b.due ?? '') ||
      b.item.valueCents - a.item.valueCents,
  );
}

/** Whether a patient may be contacted (COMM-101); every patient when the caller does not say. */
export type MayContact = (patientId: string) => boolean;
const ANYONE: MayContact = () => true;

/**
 * Observation patients whose recall date has come (or comes within `withinDays`), never one who
 * asked not to be contacted (COMM-102).
 */
export function recallsDue(
  items: readonly PipelineItem[],
  today: string,
  withinDays = 0,
  mayContact: MayContact = ANYONE,
): PipelineItem[] {
  return items
    .filter(
      (i) =>
        i.status === 'observation' &&
        i.recallDate &&
        daysBetween(today, i.recallDate) <= withinDays &&
        mayContact(i.patientId),
    )
    .sort((a, b) => (a.recallDate ?? '').localeCompare(b.recallDate ?? ''));
}

/** A pending patient nobody has talked to for this many days has lapsed. */
export const LAPSED_AFTER_DAYS = 60;

export type ReactivationEntry = { item: PipelineItem; reason: 'declined' | 'lapsed' };

/** BOARD-101: how far back a declined or lapsed case is still worth a reactivation call. */
export const DEFAULT_REACTIVATION_MONTHS = 24;

/**
 * BOARD-101: declined patients, and pending ones with no contact for LAPSED_AFTER_DAYS, worth
 * another call: only those declined (or last in touch) within the last `months` months (the
 * practice's setting, default 24), and never a patient who asked not to be contacted (COMM-102).
 * Most valuable first.
 */
export function reactivationList(
  items: readonly PipelineItem[],
  today: string,
  timeZone: string,
  options: { months?: number; mayContact?: MayContact } = {},
): ReactivationEntry[] {
  const months = options.months ?? DEFAULT_REACTIVATION_MONTHS;
  const mayContact = options.mayContact ?? ANYONE;
  const since = addMonthsClamped(today, -months);
  const out: ReactivationEntry[] = [];
  for (const item of items) {
    if (!mayContact(item.patientId)) continue;
    if (item.status === 'declined') {
      if (localDateInZone(new Date(item.statusAt), timeZone) >= since) out.push({ item, reason: 'declined' });
    } else if (NEEDS_FOLLOW_UP.has(item.status)) {
      const lastOn = localDateInZone(
        new Date(item.lastContactAt ?? item.presentedAt ?? item.statusAt),
        timeZone,
      );
      if (daysBetween(lastOn, today) > LAPSED_AFTER_DAYS && lastOn >= since)
        out.push({ item, reason: 'lapsed' });
    }
  }
  return out.sort((a, b) => b.item.valueCents - a.item.valueCents);
}

export type TodaySummary = {
  consults: PipelineItem[];
  overdue: DueEntry[];
  dueToday: DueEntry[];
  pendingCount: number;
  pendingValueCents: number;
  newInquiries: PipelineItem[];
  recalls: PipelineItem[];
};

/** The coordinator's Today: consults today, follow-ups due and overdue, pending value, uncontacted inquiries. */
export function todaySummary(
  items: readonly PipelineItem[],
  today: string,
  timeZone: string,
  filter: BoardFilter = {},
  mayContact: MayContact = ANYONE,
): TodaySummary {
  const mine = items.filter((i) => matches(i, filter));
  const due = dueFollowUps(mine, today);
  const pending = mine.filter((i) => NEEDS_FOLLOW_UP.has(i.status));
  return {
    consults: mine
      .filter(
        (i) => i.status === 'exam' && i.examAt && localDateInZone(new Date(i.examAt), timeZone) === today,
      )
      .sort((a, b) => (a.examAt ?? '').localeCompare(b.examAt ?? '')),
    overdue: due.filter((d) => d.state !== 'today'),
    dueToday: due.filter((d) => d.state === 'today'),
    pendingCount: pending.length,
    pendingValueCents: pending.reduce((sum, i) => sum + i.valueCents, 0),
    newInquiries: mine
      .filter((i) => i.status === 'inquiry' && !i.contactedAt)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    recalls: recallsDue(mine, today, 0, mayContact),
  };
}
