/**
 * Insurance claims as the coordinator sees them (spec CLAIM-1 to CLAIM-13).
 *
 * Claims are not stored. A claim is one payment of an insurer schedule in force (the initial
 * claim at the start, a continuation claim per installment) plus the append-only events
 * recorded against it (insurance/claims.schema.ts `ClaimEvent`). Its status is a fold of those
 * events, so every device that holds the same events shows the same claim, whatever order the
 * events arrived in.
 *
 * From the claims: the claim worklist (to send, overdue, underpaid, denied) and insurance A/R
 * aging (expected insurer payments not yet received), kept apart from patient A/R.
 *
 * Pure calendar math on `YYYY-MM-DD` strings; no Date objects, no time zones.
 */
import type { ClaimEvent, InsurerScheduleRecord } from './claims.schema.ts';
import { daysBetween } from '../core/calendar.ts';

// ---------------------------------------------------------------------------------------------
// One claim

export type ClaimKind = 'initial' | 'continuation';

/** `to-send` and `upcoming` are derived (no event yet); the rest come from the events (CLAIM-12). */
export type ClaimViewStatus =
  | 'upcoming'
  | 'to-send'
  | 'sent'
  | 'paid'
  | 'partly-paid'
  | 'denied'
  | 'resubmitted'
  | 'appealed'
  | 'written-off'
  | 'transferred';

/** One claim: a scheduled insurer payment and what has happened to it. Plain JSON. */
export type ClaimView = {
  scheduleId: string;
  policyId: string;
  caseId: string;
  /** The scheduled payment's number: 0 for the initial (or lump-sum) payment, then 1, 2, … */
  paymentNumber: number;
  /** Payment 0 is the initial claim; every later one is a continuation claim. */
  kind: ClaimKind;
  /** The scheduled payment's date. */
  dueOn: string;
  /** The scheduled payment's amount. */
  expectedCents: number;
  status: ClaimViewStatus;
  /** The day it was last sent: a resubmission sends it again, so it restarts the wait. */
  sentOn?: string;
  /** Everything the insurer paid against it, summed over its paid events. */
  paidCents: number;
  /** Written off by the practice (CLAIM-9). */
  writtenOffCents: number;
  /** Moved to the family's account (CLAIM-10, CLAIM-11). */
  transferredCents: number;
  /**
   * Paid, written off and moved together beyond what was expected: money settled twice (two
   * devices moving the same claim offline, a payment after a write-off). Needs a person.
   */
  overSettledCents: number;
  /** The EOB, check or claim number of the latest event that had one. */
  reference?: string;
  /** The day of the last payment. */
  paidOn?: string;
  /** The day of the last event. */
  lastEventOn?: string;
  /** The reason given with the last denial, while the claim is denied, resubmitted or appealed. */
  deniedReason?: string;
};

/** One scheduled payment and the window of dates in which its schedule is in force. */
type InForce = { schedule: InsurerScheduleRecord; from?: string; before?: string };

/**
 * The window of each schedule. A schedule superseded by another (`supersedesId`) keeps its
 * payments dated before the superseding schedule's `effectiveFrom`; a superseding schedule keeps
 * its payments on or after its own `effectiveFrom`. Chains work the same way at every link.
 *
 * Two schedules that supersede the same one (written offline on two devices) both stand: the
 * old one ends at the earlier of their `effectiveFrom` dates, so it never overlaps either.
 */
function windowsOf(schedules: readonly InsurerScheduleRecord[]): InForce[] {
  const endOf = new Map<string, string>();
  for (const s of schedules) {
    if (s.supersedesId === undefined) continue;
    const end = endOf.get(s.supersedesId);
    if (end === undefined || s.effectiveFrom < end) endOf.set(s.supersedesId, s.effectiveFrom);
  }
  return schedules.map((schedule) => {
    const window: InForce = { schedule };
    if (schedule.supersedesId !== undefined) window.from = schedule.effectiveFrom;
    const before = endOf.get(schedule.id);
    if (before !== undefined) window.before = before;
    return window;
  });
}

const claimKey = (scheduleId: string, paymentNumber: number) => `${scheduleId}#${paymentNumber}`;

/** Event order: the day it happened, then when it was recorded, then its id (a total order). */
function compareEvents(a: ClaimEvent, b: ClaimEvent): number {
  return (
    a.on.localeCompare(b.on) ||
    a.createdAt.localeCompare(b.createdAt) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

type Fold = Pick<
  ClaimView,
  | 'status'
  | 'paidCents'
  | 'writtenOffCents'
  | 'transferredCents'
  | 'overSettledCents'
  | 'sentOn'
  | 'paidOn'
  | 'lastEventOn'
  | 'deniedReason'
  | 'reference'
>;

const WAITING: ReadonlySet<ClaimViewStatus> = new Set(['sent', 'resubmitted', 'appealed']);

/**
 * The claim's state after its events, in order (CLAIM-12):
 * - sent, resubmitted, appealed → that status, and `sentOn` (the wait starts again);
 * - denied → `denied`, with its reason;
 * - paid (or partly paid: a payment below the expected amount) → adds its `paidCents`; written
 *   off or moved to the family → adds its `resolvedCents`;
 * - once what was paid, written off and moved reaches the expected amount the claim is closed:
 *   `paid` when the insurer paid it all, otherwise the kind of the event that closed it. A partial
 *   payment makes it `partly-paid`; a partial write-off or move keeps the status it had.
 * A closed claim stays closed: a later sent, denied, resubmitted or appealed event (recorded late,
 * or on another device) does not reopen it. A payment still counts, and what goes beyond the
 * expected amount shows as `overSettledCents`.
 */
function foldEvents(expectedCents: number, events: readonly ClaimEvent[]): Fold {
  const fold: Fold = {
    status: 'to-send',
    paidCents: 0,
    writtenOffCents: 0,
    transferredCents: 0,
    overSettledCents: 0,
  };
  const settled = () => fold.paidCents + fold.writtenOffCents + fold.transferredCents;
  let closed = false;
  for (const event of events) {
    fold.lastEventOn = event.on;
    if (event.reference !== undefined) fold.reference = event.reference;
    const paid = event.status === 'paid' || event.status === 'partly-paid';
    if (paid || event.status === 'written-off' || event.status === 'transferred') {
      if (paid) {
        fold.paidCents += event.paidCents ?? 0;
        fold.paidOn = event.on;
      } else if (event.status === 'written-off') fold.writtenOffCents += event.resolvedCents ?? 0;
      else fold.transferredCents += event.resolvedCents ?? 0;
      if (fold.paidCents >= expectedCents) fold.status = 'paid';
      else if (settled() >= expectedCents) fold.status = closed ? fold.status : paid ? 'paid' : event.status;
      else if (paid) fold.status = 'partly-paid';
      closed = settled() >= expectedCents;
      continue;
    }
    if (closed) continue;
    fold.status = event.status;
    if (WAITING.has(event.status)) fold.sentOn = event.on;
    if (event.status === 'denied') {
      if (event.reason !== undefined) fold.deniedReason = event.reason;
      else delete fold.deniedReason;
    }
  }
  fold.overSettledCents = Math.max(0, settled() - expectedCents);
  if (fold.status !== 'denied' && !WAITING.has(fold.status)) delete fold.deniedReason;
  return fold;
}

function compareClaims(a: ClaimView, b: ClaimView): number {
  return (
    a.dueOn.localeCompare(b.dueOn) ||
    (a.policyId < b.policyId ? -1 : a.policyId > b.policyId ? 1 : 0) ||
    (a.scheduleId < b.scheduleId ? -1 : a.scheduleId > b.scheduleId ? 1 : 0) ||
    a.paymentNumber - b.paymentNumber
  );
}

/**
 * Every claim of the schedules in force: one per scheduled payment inside its schedule's window
 * (see `windowsOf`), oldest due first. A claim with no events is `to-send` once its date has come
 * (`dueOn` ≤ `today`) and `upcoming` before. The result is the same whatever order `schedules`
 * and `events` come in; an event listed twice (same id) counts once.
 *
 * Events of a payment that is not in force (a superseded schedule's payment after the change, or
 * an unknown schedule) are not part of any claim: `strayClaimEvents` lists them.
 */
export function claimsOf(
  schedules: readonly InsurerScheduleRecord[],
  events: readonly ClaimEvent[],
  today: string,
): ClaimView[] {
  const byClaim = eventsByClaim(events);
  const claims: ClaimView[] = [];
  for (const { schedule, from, before } of windowsOf(schedules)) {
    for (const payment of schedule.payments) {
      if (from !== undefined && payment.date < from) continue;
      if (before !== undefined && payment.date >= before) continue;
      const own = byClaim.get(claimKey(schedule.id, payment.number)) ?? [];
      const fold = foldEvents(payment.amountCents, own);
      if (own.length === 0) fold.status = payment.date <= today ? 'to-send' : 'upcoming';
      claims.push({
        scheduleId: schedule.id,
        policyId: schedule.policyId,
        caseId: schedule.caseId,
        paymentNumber: payment.number,
        kind: payment.number === 0 ? 'initial' : 'continuation',
        dueOn: payment.date,
        expectedCents: payment.amountCents,
        ...fold,
      });
    }
  }
  return claims.sort(compareClaims);
}

function eventsByClaim(events: readonly ClaimEvent[]): Map<string, ClaimEvent[]> {
  const seen = new Set<string>();
  const byClaim = new Map<string, ClaimEvent[]>();
  for (const event of events) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    const key = claimKey(event.scheduleId, event.paymentNumber);
    const list = byClaim.get(key);
    if (list) list.push(event);
    else byClaim.set(key, [event]);
  }
  for (const list of byClaim.values()) list.sort(compareEvents);
  return byClaim;
}

/**
 * Claim events that belong to no claim in force: their schedule is unknown, has no such payment,
 * or the payment was replaced by a coverage change after the event was recorded (two devices
 * offline). Worth showing as "needs attention": money may have been recorded against them.
 * In event order.
 */
export function strayClaimEvents(
  schedules: readonly InsurerScheduleRecord[],
  events: readonly ClaimEvent[],
): ClaimEvent[] {
  const inForce = new Set<string>();
  for (const { schedule, from, before } of windowsOf(schedules)) {
    for (const payment of schedule.payments) {
      if (from !== undefined && payment.date < from) continue;
      if (before !== undefined && payment.date >= before) continue;
      inForce.add(claimKey(schedule.id, payment.number));
    }
  }
  return [...eventsByClaim(events).entries()]
    .filter(([key]) => !inForce.has(key))
    .flatMap(([, list]) => list)
    .sort(compareEvents);
}

// ---------------------------------------------------------------------------------------------
// The claim worklist

/** A sent claim with no answer after this many days is overdue: call the carrier. */
export const DEFAULT_CLAIM_OVERDUE_AFTER_DAYS = 30;

export type ClaimWorklist = {
  /** Due and never sent. */
  toSend: ClaimView[];
  /** Sent, resubmitted or appealed more than `overdueAfterDays` days ago, and nothing since. */
  overdue: ClaimView[];
  /** Paid less than expected, with something still unpaid. */
  underpaid: ClaimView[];
  /** Denied, with something still unpaid. */
  denied: ClaimView[];
};

/**
 * What the coordinator (or billing) has to do about claims, each list oldest due first:
 * - `toSend`: due on or before `today`, no event yet;
 * - `overdue`: `sent`, `resubmitted` or `appealed` (so no payment or denial since it was last
 *   sent) on a day more than `overdueAfterDays` days before `today`;
 * - `underpaid`: `partly-paid` with something still unpaid;
 * - `denied`: `denied` with something still unpaid (to appeal, resubmit, write off or move to
 *   the family).
 */
export function claimWorklist(
  claims: readonly ClaimView[],
  today: string,
  { overdueAfterDays = DEFAULT_CLAIM_OVERDUE_AFTER_DAYS }: { overdueAfterDays?: number } = {},
): ClaimWorklist {
  const list: ClaimWorklist = { toSend: [], overdue: [], underpaid: [], denied: [] };
  for (const claim of claims) {
    switch (claim.status) {
      case 'upcoming':
      case 'to-send':
        if (claim.dueOn <= today) list.toSend.push(claim);
        break;
      case 'sent':
      case 'resubmitted':
      case 'appealed':
        if (claim.sentOn !== undefined && daysBetween(claim.sentOn, today) > overdueAfterDays)
          list.overdue.push(claim);
        break;
      case 'partly-paid':
        if (outstandingCents(claim) > 0) list.underpaid.push(claim);
        break;
      case 'denied':
        if (outstandingCents(claim) > 0) list.denied.push(claim);
        break;
      case 'paid':
      case 'written-off':
      case 'transferred':
        break;
    }
  }
  list.toSend.sort(compareClaims);
  list.overdue.sort(compareClaims);
  list.underpaid.sort(compareClaims);
  list.denied.sort(compareClaims);
  return list;
}

// ---------------------------------------------------------------------------------------------
// Insurance A/R aging

export const INSURANCE_AGING_BUCKETS = ['0-30', '31-60', '61-90', '90+'] as const;
export type InsuranceAgingBucket = (typeof INSURANCE_AGING_BUCKETS)[number];
export type InsuranceAgingBuckets = Record<InsuranceAgingBucket, number>;

export type CarrierAging = {
  carrierId: string;
  buckets: InsuranceAgingBuckets;
  totalCents: number;
};

export type InsuranceAging = {
  /** Carriers with something outstanding, largest total first (then by carrier id). */
  byCarrier: CarrierAging[];
  total: { buckets: InsuranceAgingBuckets; totalCents: number };
};

/** The bucket of an amount due `days` days ago (0 = due today). */
export function insuranceAgingBucket(days: number): InsuranceAgingBucket {
  if (days <= 30) return '0-30';
  if (days <= 60) return '31-60';
  if (days <= 90) return '61-90';
  return '90+';
}

const emptyBuckets = (): InsuranceAgingBuckets => ({ '0-30': 0, '31-60': 0, '61-90': 0, '90+': 0 });

/**
 * What is still expected from the insurer on a claim: expected − paid − written off − moved to
 * the family, never negative (CLAIM-12). Claims kept by an older version lack the last two: zero.
 */
export function outstandingCents(
  claim: Pick<ClaimView, 'expectedCents' | 'paidCents'> &
    Partial<Pick<ClaimView, 'writtenOffCents' | 'transferredCents'>>,
): number {
  return Math.max(
    0,
    claim.expectedCents - claim.paidCents - (claim.writtenOffCents ?? 0) - (claim.transferredCents ?? 0),
  );
}

/**
 * Insurance A/R as of `today` (CLAIM-5: kept apart from patient A/R): per carrier and
 * in total, what insurers were expected to have paid and have not, by age.
 *
 * - Only claims due on or before `today` count; future payments are not due until their date.
 * - Each claim counts what is outstanding (`outstandingCents`: never negative, an overpayment
 *   is not a credit here).
 * - Buckets by days from `dueOn` to `today`: 0–30, 31–60, 61–90, over 90.
 * - **Denied claims stay outstanding** until resolved: a denial is often appealed or resubmitted
 *   and paid, and taking it off A/R would hide money the practice may still collect. A write-off
 *   or a move to the family takes exactly its cents off (CLAIM-9 … CLAIM-11).
 */
export function insuranceAging(
  claims: readonly ClaimView[],
  today: string,
  carrierOfPolicy: (policyId: string) => string,
): InsuranceAging {
  const byCarrier = new Map<string, CarrierAging>();
  const total = { buckets: emptyBuckets(), totalCents: 0 };
  for (const claim of claims) {
    if (claim.dueOn > today) continue;
    const cents = outstandingCents(claim);
    if (cents === 0) continue;
    const bucket = insuranceAgingBucket(daysBetween(claim.dueOn, today));
    const carrierId = carrierOfPolicy(claim.policyId);
    let carrier = byCarrier.get(carrierId);
    if (!carrier) {
      carrier = { carrierId, buckets: emptyBuckets(), totalCents: 0 };
      byCarrier.set(carrierId, carrier);
    }
    carrier.buckets[bucket] += cents;
    carrier.totalCents += cents;
    total.buckets[bucket] += cents;
    total.totalCents += cents;
  }
  return {
    byCarrier: [...byCarrier.values()].sort(
      (a, b) =>
        b.totalCents - a.totalCents || (a.carrierId < b.carrierId ? -1 : a.carrierId > b.carrierId ? 1 : 0),
    ),
    total,
  };
}
