/**
 * Family account balances and patient A/R aging, computed from the append-only ledger
 * (billing/ledger.schema.ts; spec LEDGER-4 to LEDGER-6, AGING-1, AGING-2, LATE-2).
 *
 * The rules, as of a day `asOf`:
 * - An entry is on the ledger from its `postedOn`; later entries do not count yet.
 * - A reversal cancels the entry it names entirely (a reversed payment no longer pays, a reversed
 *   charge no longer counts). Two reversals of the same entry cancel it once. A reversal that is
 *   itself reversed no longer cancels anything, so its target counts again.
 * - Debits are charges (due from `dueOn ?? postedOn`) and refunds (due from `postedOn`). A charge
 *   whose due day is after `asOf` is scheduled, not owed, and not aged.
 * - Credits (payments and adjustments) are pooled and pay the debits **oldest first** (by due day,
 *   then id). What is left over is the family's credit, and it pays scheduled charges as they fall
 *   due.
 * - What is still unpaid of each due debit is aged by the days from its due day to `asOf`:
 *   0–30, 31–60, 61–90, over 90.
 *
 * Patient A/R and insurance A/R are kept apart: only the entries of one payer are counted
 * (patient by default). Insurance claims and their aging live in insurance/claims.ts.
 *
 * The result depends only on the set of entries (not their order; an entry listed twice counts
 * once), so every device holding the same entries shows the same account.
 *
 * Calendar math on `YYYY-MM-DD` strings; money in integer cents.
 */
import type { LatePolicy, LedgerEntry, LedgerPayer } from './ledger.schema.ts';
import { addDays, daysBetween } from '../core/calendar.ts';

// ---------------------------------------------------------------------------------------------
// Aging buckets

export const AGING_BUCKETS = ['0-30', '31-60', '61-90', '90+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];
export type AgingBuckets = Record<AgingBucket, number>;

export const AGING_BUCKET_LABELS: Record<AgingBucket, string> = {
  '0-30': '0–30 days',
  '31-60': '31–60 days',
  '61-90': '61–90 days',
  '90+': 'Over 90 days',
};

/** The bucket of an amount due `days` days ago (0 = due today). Same boundaries as insurance A/R. */
export function agingBucket(days: number): AgingBucket {
  if (days <= 30) return '0-30';
  if (days <= 60) return '31-60';
  if (days <= 90) return '61-90';
  return '90+';
}

export const emptyAgingBuckets = (): AgingBuckets => ({ '0-30': 0, '31-60': 0, '61-90': 0, '90+': 0 });

// ---------------------------------------------------------------------------------------------
// One account

export type LedgerIssue = {
  entryId: string;
  /**
   * - `reversal-target-missing`: the entry it reverses is not on this ledger (not synced yet, or
   *   a mistake); the reversal does nothing until it is.
   * - `reversal-amount-differs`: its amount is not the cancelled entry's (the whole entry is
   *   cancelled anyway).
   */
  problem: 'reversal-target-missing' | 'reversal-amount-differs';
};

/** One family account as of a day, for one payer. Plain JSON. */
export type AccountState = {
  asOf: string;
  payer: LedgerPayer;
  /**
   * What the family owes now: due charges + refunds − payments − adjustments (reversed entries
   * left out). Negative when they have paid ahead (the credit).
   */
  balanceCents: number;
  /**
   * What is due (on or before `asOf`) and unpaid, after credits paid the oldest first. Not yet
   * "late": an amount is late only after the practice's grace days (`lateStanding`, LATE-101).
   */
  pastDueCents: number;
  /** The unpaid part of each due debit, by its age. Sums to `pastDueCents`. */
  aging: AgingBuckets;
  /** The unpaid part of the due debits by due day, oldest first (what `lateStanding` reads). Sums to `pastDueCents`. */
  unpaidDue: { dueOn: string; cents: number }[];
  /** The due day of the oldest debit with something unpaid. */
  oldestPastDueOn?: string;
  /** Days from `oldestPastDueOn` to `asOf` (0 when nothing is unpaid). */
  daysPastDue: number;
  /** Charges scheduled after `asOf` (installments not yet due), in full, before any credit. */
  futureScheduledCents: number;
  /**
   * The next scheduled due day with something to pay, and what the family will owe that day
   * after their credit has paid what it can of the scheduled charges, oldest first.
   */
  nextDue?: { dueOn: string; cents: number };
  /** Paid ahead: what is left of credits after every due debit is paid (= max(0, −balance)). */
  creditCents: number;
  /** The posting day of the latest late fee still counted, for the late policy. */
  lastLateFeeOn?: string;
  /**
   * The late fee the family agreed to in a signed agreement of one of its contracts (LATE-102), set
   * by `familyAccount`; absent when no agreement has a late-fee clause.
   */
  agreedLateFeeCents?: number;
  /** Reversals that could not be matched or do not match; shown as "needs attention". */
  issues: LedgerIssue[];
};

export type AccountOptions = {
  payer?: LedgerPayer;
  /** The practice's grace days, for what practice totals count as late (LATE-101). Default 0. */
  graceDays?: number;
};

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A flat entry as JSON with its keys sorted: the same text for the same entry on every device. */
const canonical = (entry: LedgerEntry) => JSON.stringify(entry, Object.keys(entry).sort());

/**
 * Entries by id, each id once: an id names one immutable entry, so a copy is the same entry.
 * Two different entries under one id (corrupt data) resolve to the same one whatever the order:
 * the one whose canonical JSON sorts first.
 */
function uniqueEntries(entries: readonly LedgerEntry[]): Map<string, LedgerEntry> {
  const map = new Map<string, LedgerEntry>();
  for (const entry of entries) {
    const seen = map.get(entry.id);
    if (seen === undefined) map.set(entry.id, entry);
    else if (seen !== entry) {
      const a = canonical(seen);
      const b = canonical(entry);
      if (b < a) map.set(entry.id, entry);
    }
  }
  return map;
}

/**
 * The ids of entries cancelled as of `asOf`: an entry is cancelled when a reversal that is on the
 * ledger and not itself cancelled names it. Reversal chains are followed; a cycle (impossible with
 * ids minted when an entry is written, but data can be wrong) is broken deterministically by
 * visiting in id order and counting an entry met again while its own question is open as not
 * cancelled.
 */
function cancelledIds(byIdMap: ReadonlyMap<string, LedgerEntry>, asOf: string): Set<string> {
  const reversersOf = new Map<string, LedgerEntry[]>();
  for (const entry of byIdMap.values()) {
    if (entry.kind !== 'reversal' || entry.reversesId === undefined || entry.postedOn > asOf) continue;
    const list = reversersOf.get(entry.reversesId);
    if (list) list.push(entry);
    else reversersOf.set(entry.reversesId, [entry]);
  }
  for (const list of reversersOf.values()) list.sort(byId);

  const memo = new Map<string, boolean>();
  const open = new Set<string>();
  const isCancelled = (id: string): boolean => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    if (open.has(id)) return false;
    open.add(id);
    const result = (reversersOf.get(id) ?? []).some((r) => !isCancelled(r.id));
    open.delete(id);
    memo.set(id, result);
    return result;
  };
  const cancelled = new Set<string>();
  for (const id of [...reversersOf.keys()].sort()) if (isCancelled(id)) cancelled.add(id);
  return cancelled;
}

type Debit = { id: string; dueOn: string; cents: number };

const compareDebits = (a: Debit, b: Debit) =>
  a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * One family account as of `asOf` (see the module comment for the rules). `entries` are the
 * account's ledger entries in any order; entries of the other payer are ignored.
 */
export function accountState(
  entries: readonly LedgerEntry[],
  asOf: string,
  { payer = 'patient' }: AccountOptions = {},
): AccountState {
  const all = uniqueEntries(entries);
  const cancelled = cancelledIds(all, asOf);

  const debits: Debit[] = [];
  let creditPool = 0;
  let lastLateFeeOn: string | undefined;
  const issues: LedgerIssue[] = [];

  for (const entry of all.values()) {
    if (entry.payer !== payer) continue;
    if (entry.kind === 'reversal') {
      const target = entry.reversesId === undefined ? undefined : all.get(entry.reversesId);
      if (!target) issues.push({ entryId: entry.id, problem: 'reversal-target-missing' });
      else if (target.amountCents !== entry.amountCents)
        issues.push({ entryId: entry.id, problem: 'reversal-amount-differs' });
      continue;
    }
    if (entry.postedOn > asOf || cancelled.has(entry.id)) continue;
    switch (entry.kind) {
      case 'charge':
        debits.push({ id: entry.id, dueOn: entry.dueOn ?? entry.postedOn, cents: entry.amountCents });
        if (
          entry.chargeKind === 'late-fee' &&
          (lastLateFeeOn === undefined || entry.postedOn > lastLateFeeOn)
        )
          lastLateFeeOn = entry.postedOn;
        break;
      case 'refund':
        debits.push({ id: entry.id, dueOn: entry.postedOn, cents: entry.amountCents });
        break;
      case 'payment':
      case 'adjustment':
        creditPool += entry.amountCents;
        break;
    }
  }
  debits.sort(compareDebits);
  issues.sort((a, b) => (a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : 0));

  const aging = emptyAgingBuckets();
  const unpaidDue: { dueOn: string; cents: number }[] = [];
  let dueCents = 0;
  let pastDueCents = 0;
  let oldestPastDueOn: string | undefined;
  let futureScheduledCents = 0;
  let nextDue: { dueOn: string; cents: number } | undefined;
  let creditCents = 0;
  let pool = creditPool;
  let dueDone = false;

  for (const debit of debits) {
    const isDue = debit.dueOn <= asOf;
    if (!isDue && !dueDone) {
      // Every due debit has had its share of the credits: what is left is the family's credit.
      creditCents = pool;
      dueDone = true;
    }
    const paid = Math.min(pool, debit.cents);
    pool -= paid;
    const unpaid = debit.cents - paid;
    if (isDue) {
      dueCents += debit.cents;
      if (unpaid > 0) {
        pastDueCents += unpaid;
        aging[agingBucket(daysBetween(debit.dueOn, asOf))] += unpaid;
        oldestPastDueOn ??= debit.dueOn;
        const last = unpaidDue.at(-1);
        if (last?.dueOn === debit.dueOn) last.cents += unpaid;
        else unpaidDue.push({ dueOn: debit.dueOn, cents: unpaid });
      }
    } else {
      futureScheduledCents += debit.cents;
      if (unpaid > 0) {
        if (nextDue === undefined) nextDue = { dueOn: debit.dueOn, cents: unpaid };
        else if (nextDue.dueOn === debit.dueOn) nextDue.cents += unpaid;
      }
    }
  }
  if (!dueDone) creditCents = pool;

  const state: AccountState = {
    asOf,
    payer,
    balanceCents: dueCents - creditPool,
    pastDueCents,
    aging,
    unpaidDue,
    daysPastDue: oldestPastDueOn === undefined ? 0 : daysBetween(oldestPastDueOn, asOf),
    futureScheduledCents,
    creditCents,
    issues,
  };
  if (oldestPastDueOn !== undefined) state.oldestPastDueOn = oldestPastDueOn;
  if (nextDue !== undefined) state.nextDue = nextDue;
  if (lastLateFeeOn !== undefined) state.lastLateFeeOn = lastLateFeeOn;
  return state;
}

// ---------------------------------------------------------------------------------------------
// Late: past the grace days

/** What of an account is late, by the practice's grace days (LATE-101). */
export type LateStanding = {
  /** Unpaid amounts due more than `graceDays` days ago: "past due" everywhere the app says it. */
  lateCents: number;
  /** The due day of the oldest late amount. */
  oldestLateOn?: string;
  /** Days since `oldestLateOn` (0 when nothing is late). */
  daysLate: number;
  /** Unpaid amounts due, still within their grace days: owed now, not late. */
  withinGraceCents: number;
  /** The day the oldest amount still within grace becomes late, if any. */
  lateFrom?: string;
};

/**
 * LATE-101: an amount due on day D and unpaid is late (past due) from day D + graceDays + 1, never
 * before: a down payment due the day treatment starts is owed that day, and late only after the
 * grace days. The same rule for the account page, the practice's A/R and the collections list.
 */
export function lateStanding(
  state: Pick<AccountState, 'asOf' | 'unpaidDue'>,
  graceDays: number,
): LateStanding {
  if (!Number.isInteger(graceDays) || graceDays < 0)
    throw new RangeError(`Not a number of grace days: ${graceDays}`);
  let lateCents = 0;
  let withinGraceCents = 0;
  let oldestLateOn: string | undefined;
  let lateFrom: string | undefined;
  for (const { dueOn, cents } of state.unpaidDue) {
    if (daysBetween(dueOn, state.asOf) > graceDays) {
      lateCents += cents;
      oldestLateOn ??= dueOn;
    } else {
      withinGraceCents += cents;
      lateFrom ??= addDays(dueOn, graceDays + 1);
    }
  }
  const standing: LateStanding = {
    lateCents,
    daysLate: oldestLateOn === undefined ? 0 : daysBetween(oldestLateOn, state.asOf),
    withinGraceCents,
  };
  if (oldestLateOn !== undefined) standing.oldestLateOn = oldestLateOn;
  if (lateFrom !== undefined) standing.lateFrom = lateFrom;
  return standing;
}

// ---------------------------------------------------------------------------------------------
// The practice: full and incremental

export type AgingTotals = {
  aging: AgingBuckets;
  /** Due and unpaid, late or not (sums the aging buckets). */
  pastDueCents: number;
  /** Late: past the grace days the totals were made with (LATE-101). */
  lateCents: number;
  /** Sum of the accounts' balances (credits net against what others owe). */
  balanceCents: number;
  creditCents: number;
  /** What families owe, one family's credit not netted against another's debt (balance + credit). */
  owedCents: number;
  futureScheduledCents: number;
  accounts: number;
  accountsPastDue: number;
  accountsLate: number;
};

export type AccountAgingRow = AccountState & { familyId: string };

export type PracticeAging = {
  totals: AgingTotals;
  /** Every account, most past due first (then by family id). */
  rows: AccountAgingRow[];
};

const emptyTotals = (): AgingTotals => ({
  aging: emptyAgingBuckets(),
  pastDueCents: 0,
  lateCents: 0,
  balanceCents: 0,
  creditCents: 0,
  owedCents: 0,
  futureScheduledCents: 0,
  accounts: 0,
  accountsPastDue: 0,
  accountsLate: 0,
});

function copyTotals(t: AgingTotals): AgingTotals {
  return { ...t, aging: { ...t.aging } };
}

/** Adds (`sign` 1) or takes away (`sign` −1) one account's figures. */
function addToTotals(totals: AgingTotals, state: AccountState, lateCents: number, sign: 1 | -1): void {
  for (const bucket of AGING_BUCKETS) totals.aging[bucket] += sign * state.aging[bucket];
  totals.pastDueCents += sign * state.pastDueCents;
  totals.lateCents += sign * lateCents;
  if (lateCents > 0) totals.accountsLate += sign;
  totals.balanceCents += sign * state.balanceCents;
  totals.creditCents += sign * state.creditCents;
  totals.owedCents += sign * (state.balanceCents + state.creditCents);
  totals.futureScheduledCents += sign * state.futureScheduledCents;
  totals.accounts += sign;
  if (state.pastDueCents > 0) totals.accountsPastDue += sign;
}

const compareByFamily = (a: { familyId: string }, b: { familyId: string }) =>
  a.familyId < b.familyId ? -1 : a.familyId > b.familyId ? 1 : 0;

const compareMostPastDue = (a: AccountAgingRow, b: AccountAgingRow) =>
  b.pastDueCents - a.pastDueCents || compareByFamily(a, b);

const compareMostLate = (a: AccountAgingRow, b: AccountAgingRow) =>
  b.daysPastDue - a.daysPastDue || b.pastDueCents - a.pastDueCents || compareByFamily(a, b);

/** Patient (or insurance) A/R aging for the whole practice, computed from scratch. */
export function practiceAging(
  accounts: ReadonlyMap<string, readonly LedgerEntry[]>,
  asOf: string,
  options: AccountOptions = {},
): PracticeAging {
  const totals = emptyTotals();
  const rows: AccountAgingRow[] = [];
  const graceDays = options.graceDays ?? 0;
  for (const [familyId, entries] of accounts) {
    const state = accountState(entries, asOf, options);
    addToTotals(totals, state, lateStanding(state, graceDays).lateCents, 1);
    rows.push({ familyId, ...state });
  }
  return { totals, rows: rows.sort(compareMostPastDue) };
}

/**
 * Practice aging kept current one account at a time (AGING-101): when one family's account
 * changes (a new payment), `setAccount` or `setState` replaces that account only and adjusts the
 * totals by the difference, so the cost is one account, not the practice.
 *
 * An index is for one day and one grace period: when the day or the practice's grace days
 * change, build a new one (every account ages).
 */
export type AgingIndex = {
  readonly asOf: string;
  readonly payer: LedgerPayer;
  readonly graceDays: number;
  /** Recomputes one account from its full ledger (entries and contract charges); returns its new state. */
  setAccount(familyId: string, entries: readonly LedgerEntry[]): AccountState;
  /** Puts one account's state, computed elsewhere as of the index's day (`familyAccount`). */
  setState(familyId: string, state: AccountState): void;
  removeAccount(familyId: string): void;
  account(familyId: string): AccountState | undefined;
  /** Practice totals, current after every change. A copy: changing it changes nothing. */
  totals(): AgingTotals;
  /** Every account, most past due first (then by family id). */
  rows(): AccountAgingRow[];
  /** Accounts with something due and unpaid, most days late first (then most owed, then family id). */
  pastDueAccounts(): AccountAgingRow[];
};

export function createAgingIndex(asOf: string, options: AccountOptions = {}): AgingIndex {
  const payer = options.payer ?? 'patient';
  const graceDays = options.graceDays ?? 0;
  const states = new Map<string, { state: AccountState; lateCents: number }>();
  const totals = emptyTotals();
  let pastDueCache: AccountAgingRow[] | null = null;

  const forget = (familyId: string) => {
    const old = states.get(familyId);
    if (!old) return;
    addToTotals(totals, old.state, old.lateCents, -1);
    states.delete(familyId);
    if (old.state.pastDueCents > 0) pastDueCache = null;
  };
  const put = (familyId: string, state: AccountState) => {
    if (state.asOf !== asOf || state.payer !== payer)
      throw new RangeError(
        `Account ${familyId} is as of ${state.asOf} for ${state.payer}, not ${asOf} for ${payer}`,
      );
    forget(familyId);
    const lateCents = lateStanding(state, graceDays).lateCents;
    states.set(familyId, { state, lateCents });
    addToTotals(totals, state, lateCents, 1);
    if (state.pastDueCents > 0) pastDueCache = null;
  };

  return {
    asOf,
    payer,
    graceDays,
    setAccount(familyId, entries) {
      const state = accountState(entries, asOf, { payer });
      put(familyId, state);
      return state;
    },
    setState: put,
    removeAccount: forget,
    account: (familyId) => states.get(familyId)?.state,
    totals: () => copyTotals(totals),
    rows: () => [...states].map(([familyId, { state }]) => ({ familyId, ...state })).sort(compareMostPastDue),
    pastDueAccounts() {
      if (pastDueCache === null) {
        pastDueCache = [];
        for (const [familyId, { state }] of states) {
          if (state.pastDueCents > 0) pastDueCache.push({ familyId, ...state });
        }
        pastDueCache.sort(compareMostLate);
      }
      return [...pastDueCache];
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The past-due list

export type PastDueRow = {
  familyId: string;
  /** Days since the oldest late due day. */
  daysLate: number;
  /** What is late (past the grace days, LATE-101). */
  pastDueCents: number;
  oldestPastDueOn: string;
  balanceCents: number;
  /** The highest escalation step reached (largest `afterDays` ≤ `daysLate`), if any. */
  step?: { afterDays: number; label: string };
  /**
   * The late fee the family agreed to (LATE-102), suggested when the account is late and no late
   * fee has been posted since its oldest late due day. Never suggested for an account whose
   * signed agreement has no late-fee clause. Posting it is a person's decision.
   */
  suggestedLateFeeCents?: number;
  /** From the comms log, filled in by the caller. */
  lastContactAt?: string;
  /** From the comms log, filled in by the caller. */
  promiseToPayOn?: string;
};

/**
 * Accounts with something late (LATE-101: past the policy's grace days), most days late first
 * (then most owed, then family id), with the escalation step each has reached (LATE-2).
 *
 * `source` is an aging index or account states by family id; every state must be as of `asOf`
 * (a state as of another day would show the wrong figures: that is a bug, and throws).
 */
export function pastDueList(
  source: AgingIndex | ReadonlyMap<string, AccountState>,
  asOf: string,
  policy: LatePolicy,
): PastDueRow[] {
  if (!Number.isInteger(policy.graceDays) || policy.graceDays < 0)
    throw new RangeError(`Not a number of grace days: ${policy.graceDays}`);
  const candidates: AccountAgingRow[] =
    'pastDueAccounts' in source
      ? source.pastDueAccounts()
      : [...source].map(([familyId, state]) => ({ familyId, ...state }));
  const steps = [...policy.steps].sort((a, b) => a.afterDays - b.afterDays);

  const rows: PastDueRow[] = [];
  for (const state of candidates) {
    if (state.asOf !== asOf)
      throw new RangeError(`Account ${state.familyId} is as of ${state.asOf}, not ${asOf}`);
    const late = lateStanding(state, policy.graceDays);
    if (late.lateCents <= 0 || late.oldestLateOn === undefined) continue;
    const row: PastDueRow = {
      familyId: state.familyId,
      daysLate: late.daysLate,
      pastDueCents: late.lateCents,
      oldestPastDueOn: late.oldestLateOn,
      balanceCents: state.balanceCents,
    };
    let step: { afterDays: number; label: string } | undefined;
    for (const s of steps) if (s.afterDays <= late.daysLate) step = s;
    if (step) row.step = { afterDays: step.afterDays, label: step.label };
    const agreed = state.agreedLateFeeCents;
    if (
      agreed !== undefined &&
      agreed > 0 &&
      (state.lastLateFeeOn === undefined || state.lastLateFeeOn < late.oldestLateOn)
    )
      row.suggestedLateFeeCents = agreed;
    rows.push(row);
  }
  return rows.sort(
    (a, b) => b.daysLate - a.daysLate || b.pastDueCents - a.pastDueCents || compareByFamily(a, b),
  );
}
