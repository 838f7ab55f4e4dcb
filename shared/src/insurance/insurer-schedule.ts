/**
 * When an insurer pays a plan's ortho benefit: the insurer payment schedule that feeds the claims
 * worklist and insurance A/R (PAYOUT rules in docs/spec/insurance.md). Three payout modes:
 * (a) an initial payment then equal installments, (b) the plan's share of each fee slice as it is
 * billed, (c) one lump sum. Then the cut-offs: the age-limit birthday, the coverage end and the
 * remaining maximum.
 *
 * Rounding rules (all on integer cents, named where they are used):
 * - coinsurance: **half up to the cent** (`percentOfCentsHalfUp`);
 * - an initial payment or initial fee slice given as a percent: **down to the cent**
 *   (`percentOfCentsDown`): what follows picks up the fraction, so the total is unchanged;
 * - installments and fee slices: **equal, down to the cent, the last takes the remainder**;
 * - per fee slice, the plan's share is rounded **half up on the running total** of the fee billed
 *   so far (each payment is the share of everything billed to date less what was already paid),
 *   so the payments add up to the coinsurance on the whole fee to the cent.
 *
 * Pure calendar math on `YYYY-MM-DD` strings; no Date objects, no time zones.
 */
import type { PaymentTerms, PerSliceTerms } from './insurance.schema.ts';
import type { z } from 'zod';
import { daysInMonth, displayLocalDate, formatLocalDate, splitLocalDate } from '../core/calendar.ts';
import { formatCents } from '../core/money.ts';

// ---------------------------------------------------------------------------------------------
// Small helpers: checks, rounding and calendar months

export function requireCents(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be whole cents ≥ 0: ${value}`);
}

export function requirePercent(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 100)
    throw new RangeError(`${name} must be a whole percent 0–100: ${value}`);
}

export function requireLocalDate(name: string, value: string): void {
  if (!splitLocalDate(value)) throw new RangeError(`${name} is not a local date: ${value}`);
}

/**
 * `cents × percent / 100`, rounded **half up to the cent** (exactly half a cent goes up).
 * Used for coinsurance: the nearest cent to the plan's true share, as carriers round a benefit.
 */
export function percentOfCentsHalfUp(cents: number, percent: number): number {
  requireCents('cents', cents);
  requirePercent('percent', percent);
  return Math.floor((cents * percent + 50) / 100);
}

/** `cents × percent / 100`, rounded **down to the cent** (any fraction of a cent is dropped). */
export function percentOfCentsDown(cents: number, percent: number): number {
  requireCents('cents', cents);
  requirePercent('percent', percent);
  return Math.floor((cents * percent) / 100);
}

/**
 * The local date `n` calendar months after `date`, on the same day of the month, clamped to the
 * month's last day (Jan 31 + 1 month = Feb 28 or 29). Always counted from `date`, so a series
 * of monthly dates from Jan 31 is Feb 28, Mar 31, Apr 30, … and never drifts.
 */
export function addMonthsClamped(date: string, n: number): string {
  const parts = splitLocalDate(date);
  if (!parts) throw new RangeError(`Not a local date: ${date}`);
  if (!Number.isInteger(n)) throw new RangeError(`Not a whole number of months: ${n}`);
  const index = parts.year * 12 + (parts.month - 1) + n;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return formatLocalDate({ year, month, day: Math.min(parts.day, daysInMonth(year, month)) });
}

/** Whole calendar months from `from` to `to` (0 when `to` is earlier or in the same month span). */
export function wholeMonthsBetween(from: string, to: string): number {
  const a = splitLocalDate(from);
  const b = splitLocalDate(to);
  if (!a || !b) throw new RangeError(`Not local dates: ${from}, ${to}`);
  let months = (b.year - a.year) * 12 + (b.month - a.month);
  if (months > 0 && addMonthsClamped(from, months) > to) months -= 1;
  return Math.max(0, months);
}

export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

export const sumOf = (payments: readonly { amountCents: number }[]): number =>
  payments.reduce((total, p) => total + p.amountCents, 0);

export function describeCut(list: readonly { amountCents: number }[]): string {
  return `${plural(list.length, 'payment', 'payments')} totalling ${formatCents(sumOf(list))}`;
}

/**
 * Spreads `totalCents` over `count` parts: equal amounts rounded **down to the cent**, the last
 * takes the remainder (PAYOUT-1, as PLAN-2), so the parts add up to `totalCents` exactly.
 */
export function splitEqually(totalCents: number, count: number): number[] {
  const each = Math.floor(totalCents / count);
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? totalCents - each * (count - 1) : each));
}

// ---------------------------------------------------------------------------------------------
// The insurer payment schedule

/** Months between installments (or between per-slice claims). */
const PERIOD_MONTHS = { monthly: 1, quarterly: 3, annually: 12 } as const;
const PERIOD_WORDS = { monthly: 'monthly', quarterly: 'quarterly', annually: 'yearly' } as const;
const PER_PERIOD = { monthly: 'a month', quarterly: 'a quarter' } as const;

export type InsurerPaymentKind = 'initial' | 'installment' | 'lump-sum';

/** One payment the insurer is expected to make. */
export type InsurerPayment = {
  date: string;
  amountCents: number;
  kind: InsurerPaymentKind;
  /** 0 for the initial (or lump-sum) payment, then 1, 2, … for the installments. */
  number: number;
};

/**
 * Why a planned payment is not expected after all. `maximum` and `coordination` end a per-slice
 * plan when its estimate runs out (its remaining maximum, or what coordination with the plans
 * before it leaves).
 */
export type PaymentCutCause = 'maximum' | 'coordination' | 'age-limit' | 'waiting-period' | 'coverage-ended';

export type CutPayment = InsurerPayment & { cause: PaymentCutCause };

export type InsurerSchedule = {
  /** What the payment terms spread, before any cut-off (per slice: the share of the whole fee). */
  scheduledCents: number;
  /** The expected payments, in date order. */
  payments: InsurerPayment[];
  /** Sum of `payments`: what the plan is expected to pay. */
  totalCents: number;
  /** Planned payments (or parts of one) that will not come, and why. */
  cut: CutPayment[];
  /** How the plan pays, in words (the payout mode and its figures), before any cut-off. */
  payout: string[];
  /** Human-readable, in order: `payout`, then each cut-off. */
  reasons: string[];
  /**
   * Per fee slice only: the share of every slice left after the age-limit and coverage-end
   * cut-offs, before the plan's estimate stops them. A coverage change re-plans from these
   * (PAYOUT-8).
   */
  uncapped?: InsurerPayment[];
};

/** What a per-slice schedule needs to know about the plan's fee and share. */
export type SliceBasis = {
  /** The fee the plan pays on (the fee, or its allowed fee, or the braces fee for aligners). */
  feeCents: number;
  /** The part of the deductible still to meet: it comes off the first slices. */
  deductibleLeftCents: number;
  coinsurancePercent: number;
};

export type ScheduleInput = {
  /** What the plan is expected to pay before cut-offs (its estimate through the maximum). */
  amountCents: number;
  terms: PaymentTerms;
  /** The first payment's date: the treatment start (banding). */
  startDate: string;
  /** Estimated treatment months: nothing is planned after the treatment. */
  months: number;
  /** Payments stop once this much has been paid (the remaining lifetime maximum). */
  remainingMaximumCents?: number | undefined;
  /** "Payments stop at the Nth birthday": payments dated on or after `date` are not paid. */
  stopsAtBirthday?: { age: number; date: string } | undefined;
  /** The last day of coverage: payments dated after it are not paid. */
  coverageEndDate?: string | undefined;
  /** Required for per-slice terms: the fee and share the slices are figured on. */
  slices?: SliceBasis | undefined;
};

type Planned = {
  scheduledCents: number;
  payments: InsurerPayment[];
  payout: string[];
  /** Per slice: slice shares beyond the plan's estimate, not paid. */
  capped?: CutPayment[];
};

function plannedLumpSum(amountCents: number, startDate: string): Planned {
  return {
    scheduledCents: amountCents,
    payments: amountCents > 0 ? [{ date: startDate, amountCents, kind: 'lump-sum', number: 0 }] : [],
    payout:
      amountCents > 0
        ? [`${formatCents(amountCents)} in one payment at the start (${displayLocalDate(startDate)})`]
        : [],
  };
}

/** PAYOUT-5: an initial payment (amount or percent of the estimate), then equal installments. */
function plannedInstallments(
  input: ScheduleInput,
  terms: Extract<PaymentTerms, { mode: 'installments' }>,
): Planned {
  const { amountCents, startDate, months } = input;
  const { frequency } = terms;
  if (frequency === 'lump-sum') return plannedLumpSum(amountCents, startDate);
  const planned: Planned = { scheduledCents: amountCents, payments: [], payout: [] };
  if (amountCents === 0) return planned;
  const { payout } = planned;
  const period = PERIOD_MONTHS[frequency];
  let initial: number;
  if (terms.initial.kind === 'amount') {
    initial = Math.min(terms.initial.cents, amountCents);
    if (initial > 0) payout.push(`Initial payment ${formatCents(initial)} at the start`);
  } else {
    initial = percentOfCentsDown(amountCents, terms.initial.percent);
    if (initial > 0)
      payout.push(
        `Initial payment ${terms.initial.percent}% of ${formatCents(amountCents)} = ` +
          `${formatCents(initial)} (rounded down to the cent) at the start`,
      );
  }
  const fit = Math.floor(months / period);
  const count = Math.min(terms.installments, fit);
  if (count < terms.installments) {
    payout.push(
      `${plural(count, `${PERIOD_WORDS[frequency]} installment`, `${PERIOD_WORDS[frequency]} installments`)} ` +
        `instead of ${terms.installments}: no more fit in the estimated ${plural(months, 'month', 'months')}`,
    );
  }
  let rest = amountCents - initial;
  if (rest > 0 && count === 0) {
    payout.push(
      `No installments: the whole ${formatCents(amountCents)} is expected with the initial payment`,
    );
    initial = amountCents;
    rest = 0;
  }
  if (initial > 0)
    planned.payments.push({ date: startDate, amountCents: initial, kind: 'initial', number: 0 });
  if (rest > 0) {
    const amounts = splitEqually(rest, count);
    amounts.forEach((amount, i) => {
      if (amount === 0) return;
      const date = addMonthsClamped(startDate, (i + 1) * period);
      planned.payments.push({ date, amountCents: amount, kind: 'installment', number: i + 1 });
    });
    const each = amounts[0]!;
    const last = amounts[count - 1]!;
    payout.push(
      count === 1
        ? `Then one installment of ${formatCents(last)}`
        : `Then ${count} ${PERIOD_WORDS[frequency]} installments of ${formatCents(each)}` +
            (last === each ? '' : `, the last ${formatCents(last)}`) +
            ' (equal, rounded down to the cent; the last takes the remainder)',
    );
  }
  return planned;
}

/**
 * PAYOUT-6: the plan's share of each fee slice. The initial slice (`initialSlicePercent` of the
 * fee, rounded down) is billed at the start; the rest is cut into one slice per estimated month
 * (equal, rounded down, the last takes the remainder), billed monthly, or quarterly three
 * months at a time (the last claim takes the months left). Each payment is the plan's share of
 * the fee billed to date, after the deductible still to meet, less what it already paid (half
 * up on the running total). Payments stop when the plan's estimate (`amountCents`) is reached:
 * the payment that reaches it is paid in part, and nothing comes after.
 */
function plannedPerSlice(
  input: ScheduleInput,
  terms: z.output<typeof PerSliceTerms>,
  basis: SliceBasis,
): Planned {
  const { startDate, months, amountCents } = input;
  const { feeCents, deductibleLeftCents, coinsurancePercent } = basis;
  requireCents('slices.feeCents', feeCents);
  requireCents('slices.deductibleLeftCents', deductibleLeftCents);
  requirePercent('slices.coinsurancePercent', coinsurancePercent);
  const period = PERIOD_MONTHS[terms.frequency];
  const initialSlice = months === 0 ? feeCents : percentOfCentsDown(feeCents, terms.initialSlicePercent);
  const rest = feeCents - initialSlice;
  const monthly = rest > 0 ? splitEqually(rest, months) : [];
  const shareOf = (billed: number) =>
    percentOfCentsHalfUp(Math.max(0, billed - deductibleLeftCents), coinsurancePercent);

  // The fee billed by each claim: the initial slice, then the monthly slices a claim at a time.
  const claims: { date: string; billed: number; number: number }[] = [
    { date: startDate, billed: initialSlice, number: 0 },
  ];
  for (let first = 0; first < monthly.length; first += period) {
    const upTo = Math.min(first + period, monthly.length);
    const billed = monthly.slice(first, upTo).reduce((a, b) => a + b, 0);
    claims.push({ date: addMonthsClamped(startDate, upTo), billed, number: claims.length });
  }
  const raw: InsurerPayment[] = [];
  let billedToDate = 0;
  for (const claim of claims) {
    const before = shareOf(billedToDate);
    billedToDate += claim.billed;
    const amount = shareOf(billedToDate) - before;
    if (amount > 0)
      raw.push({
        date: claim.date,
        amountCents: amount,
        kind: claim.number === 0 ? 'initial' : 'installment',
        number: claim.number,
      });
  }
  const scheduledCents = sumOf(raw);

  const payout: string[] = [];
  const each = monthly[0] ?? 0;
  const lastSlice = monthly.at(-1) ?? 0;
  payout.push(
    `Paid per fee slice: ${terms.initialSlicePercent}% of the ${formatCents(feeCents)} fee ` +
      `(${formatCents(initialSlice)}) is billed at the start` +
      (monthly.length === 0
        ? ''
        : `, the rest (${formatCents(rest)}) in ${plural(monthly.length, 'monthly slice', 'monthly slices')} ` +
          `of ${formatCents(each)}` +
          (lastSlice === each ? '' : `, the last ${formatCents(lastSlice)}`) +
          (terms.frequency === 'quarterly' ? ', claimed three months at a time' : '')),
  );
  const first = raw.find((p) => p.number === 0);
  const next = raw.find((p) => p.number === 1);
  payout.push(
    `The plan pays ${coinsurancePercent}% of each slice as it is billed` +
      (deductibleLeftCents > 0
        ? `, after the ${formatCents(deductibleLeftCents)} deductible still to meet`
        : '') +
      ': ' +
      [
        first ? `${formatCents(first.amountCents)} at the start` : 'nothing at the start',
        next ? `then ${formatCents(next.amountCents)} ${PER_PERIOD[terms.frequency]}` : null,
      ]
        .filter((part) => part !== null)
        .join(', ') +
      ' (rounded half up on the running total)',
  );

  // The estimate caps the slices: paid in date order until it is reached.
  const payments: InsurerPayment[] = [];
  const capped: CutPayment[] = [];
  const cause: PaymentCutCause =
    input.remainingMaximumCents !== undefined && amountCents >= input.remainingMaximumCents
      ? 'maximum'
      : 'coordination';
  let left = amountCents;
  for (const payment of raw) {
    const part = Math.min(left, payment.amountCents);
    if (part > 0) payments.push({ ...payment, amountCents: part });
    if (part < payment.amountCents)
      capped.push({ ...payment, amountCents: payment.amountCents - part, cause });
    left -= part;
  }
  if (capped.length > 0 && payments.length > 0) {
    const last = payments.at(-1)!;
    const full = raw.find((p) => p.number === last.number)!;
    const what = cause === 'maximum' ? 'remaining maximum' : 'share left after the plans before it';
    const which =
      last.number === 0
        ? 'the payment at the start'
        : `the ${ordinal(last.number)} ${terms.frequency} payment`;
    payout.push(
      `The ${what} ${formatCents(amountCents)} is reached with ${which}` +
        (last.amountCents < full.amountCents
          ? ` (${formatCents(last.amountCents)} instead of ${formatCents(full.amountCents)})`
          : '') +
        `, on ${displayLocalDate(last.date)}: nothing after`,
    );
  } else if (capped.length > 0) {
    payout.push(`The plan's estimate is ${formatCents(amountCents)}: no slice is paid`);
  }
  return { scheduledCents, payments, payout, capped };
}

/**
 * The payments one plan is expected to make (PAYOUT-5): planned by its payout mode, then the
 * cut-offs in date order (PAYOUT-7): a payment on or after the age cut-off birthday, or after the
 * coverage end date, is not paid; payments stop at the remaining maximum (the payment that
 * crosses it is paid in part). `totalCents` is what is left, `reasons` say what was cut and why.
 *
 * Installments and lump sums spread `amountCents` exactly; per fee slice, the slices are paid
 * until `amountCents` is reached (never more), so `totalCents ≤ amountCents` in every mode and
 * equal to it when nothing is cut.
 */
export function insurerPaymentSchedule(input: ScheduleInput): InsurerSchedule {
  const { amountCents, terms, startDate, months } = input;
  requireCents('amountCents', amountCents);
  requireLocalDate('startDate', startDate);
  if (!Number.isInteger(months) || months < 0)
    throw new RangeError(`months must be a whole number ≥ 0: ${months}`);
  let planned: Planned;
  if (terms.mode === 'per-slice') {
    if (!input.slices) throw new RangeError('A per-slice schedule needs the fee slices’ basis');
    planned = plannedPerSlice(input, terms, input.slices);
  } else if (terms.mode === 'lump-sum') {
    planned = plannedLumpSum(amountCents, startDate);
  } else {
    planned = plannedInstallments(input, terms);
  }

  const payments: InsurerPayment[] = [];
  const cut: CutPayment[] = [...(planned.capped ?? [])];
  const uncapped: InsurerPayment[] = [];
  const max = input.remainingMaximumCents;
  let paid = 0;
  const pastCutOff = (date: string) =>
    input.stopsAtBirthday && date >= input.stopsAtBirthday.date
      ? ('age-limit' as const)
      : input.coverageEndDate !== undefined && date > input.coverageEndDate
        ? ('coverage-ended' as const)
        : null;
  for (const payment of planned.payments) {
    const cause = pastCutOff(payment.date);
    if (cause) {
      cut.push({ ...payment, cause });
    } else if (max !== undefined && paid + payment.amountCents > max) {
      const part = Math.max(0, max - paid);
      if (part > 0) payments.push({ ...payment, amountCents: part });
      cut.push({ ...payment, amountCents: payment.amountCents - part, cause: 'maximum' });
      paid += part;
    } else {
      payments.push(payment);
      paid += payment.amountCents;
    }
  }
  if (planned.capped) {
    // Every slice's full share that the cut-off dates leave: paid now, or past the estimate.
    const byNumber = new Map<number, InsurerPayment>();
    for (const p of [...planned.payments, ...planned.capped]) {
      if (pastCutOff(p.date)) continue;
      const full = byNumber.get(p.number);
      byNumber.set(p.number, full ? { ...full, amountCents: full.amountCents + p.amountCents } : { ...p });
    }
    uncapped.push(...[...byNumber.values()].sort((a, b) => a.number - b.number));
  }
  cut.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.number - b.number));

  const reasons = [...planned.payout];
  const cutBy = (cause: PaymentCutCause) => cut.filter((p) => p.cause === cause);
  const byAge = cutBy('age-limit');
  if (byAge.length > 0 && input.stopsAtBirthday) {
    const { age, date } = input.stopsAtBirthday;
    reasons.push(
      `Payments stop at the ${ordinal(age)} birthday (${displayLocalDate(date)}): ` +
        `${describeCut(byAge)} on or after it will not be paid`,
    );
  }
  const byEnd = cutBy('coverage-ended');
  if (byEnd.length > 0 && input.coverageEndDate !== undefined) {
    reasons.push(
      `Coverage ends ${displayLocalDate(input.coverageEndDate)}: ${describeCut(byEnd)} after it will not be paid`,
    );
  }
  const byMax = cutBy('maximum').filter((p) => !planned.capped?.includes(p));
  if (byMax.length > 0 && max !== undefined) {
    reasons.push(
      `Payments stop at the remaining maximum ${formatCents(max)}: ${formatCents(sumOf(byMax))} not paid`,
    );
  }
  const schedule: InsurerSchedule = {
    scheduledCents: planned.scheduledCents,
    payments,
    totalCents: paid,
    cut,
    payout: planned.payout,
    reasons,
  };
  if (planned.capped) schedule.uncapped = uncapped;
  return schedule;
}
