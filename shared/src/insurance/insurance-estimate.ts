/**
 * The ortho insurance estimate (spec EST, COB, PAYOUT in docs/spec/insurance.md): what each of a
 * patient's plans is expected to pay for a treatment, step by step with a reason a coordinator
 * can read to the family, and when the insurer is expected to pay it (the insurer payment
 * schedule that feeds insurance A/R).
 *
 * One plan, in exactly this order:
 *   fee (or allowed fee) → deductible → coinsurance → COB (plans after the first) → remaining
 *   lifetime maximum → age limit → waiting period → coverage end.
 * The age limit "payments stop at the Nth birthday" and the coverage end cut the *schedule*, so
 * the plan's estimate is always the sum of its expected payments, to the cent.
 *
 * Rounding rules (all on integer cents, named where they are used):
 * - coinsurance: **half up to the cent** (`percentOfCentsHalfUp`): the commercial rounding of
 *   a benefit on an EOB, and the nearest cent to the true share;
 * - initial payment as a percent of the estimate: **down to the cent** (`percentOfCentsDown`):
 *   the installments pick up the fraction, so the total is unchanged;
 * - installments: **equal, down to the cent, the last takes the remainder** (PAYOUT-1, as
 *   PLAN-2), so the schedule adds up to the estimate exactly.
 *
 * Pure calendar math on `YYYY-MM-DD` strings; no Date objects, no time zones.
 */
import type { Appliance } from '../pipeline/case.schema.ts';
import type { AgeLimit, BenefitVerificationFields, PaymentTerms, PolicyOrder } from './insurance.schema.ts';
import { ageOn, daysInMonth, displayLocalDate, formatLocalDate, splitLocalDate } from '../core/calendar.ts';
import { formatCents } from '../core/money.ts';

// ---------------------------------------------------------------------------------------------
// Small helpers: rounding and calendar months

function requireCents(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be whole cents ≥ 0: ${value}`);
}

function requirePercent(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 100)
    throw new RangeError(`${name} must be a whole percent 0–100: ${value}`);
}

function requireLocalDate(name: string, value: string): void {
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

/**
 * The date of the `n`th birthday. A Feb 29 birthday falls on Mar 1 in common years, as in
 * `ageOn` (the patient turns n that day).
 */
export function nthBirthday(dateOfBirth: string, n: number): string {
  const birth = splitLocalDate(dateOfBirth);
  if (!birth) throw new RangeError(`Not a local date: ${dateOfBirth}`);
  const year = birth.year + n;
  if (birth.month === 2 && birth.day === 29 && daysInMonth(year, 2) === 28) {
    return formatLocalDate({ year, month: 3, day: 1 });
  }
  return formatLocalDate({ year, month: birth.month, day: birth.day });
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

const sum = (payments: readonly { amountCents: number }[]): number =>
  payments.reduce((total, p) => total + p.amountCents, 0);

function describeCut(list: readonly CutPayment[]): string {
  return `${plural(list.length, 'payment', 'payments')} totalling ${formatCents(sum(list))}`;
}

// ---------------------------------------------------------------------------------------------
// The insurer payment schedule

/** Months between installments. */
const PERIOD_MONTHS = { monthly: 1, quarterly: 3, annually: 12 } as const;
const PERIOD_WORDS = { monthly: 'monthly', quarterly: 'quarterly', annually: 'yearly' } as const;

export type InsurerPaymentKind = 'initial' | 'installment' | 'lump-sum';

/** One payment the insurer is expected to make. */
export type InsurerPayment = {
  date: string;
  amountCents: number;
  kind: InsurerPaymentKind;
  /** 0 for the initial (or lump-sum) payment, then 1, 2, … for the installments. */
  number: number;
};

/** Why a planned payment is not expected after all. */
export type PaymentCutCause = 'maximum' | 'age-limit' | 'waiting-period' | 'coverage-ended';

export type CutPayment = InsurerPayment & { cause: PaymentCutCause };

export type InsurerSchedule = {
  /** What the payment terms spread, before any cut-off. */
  scheduledCents: number;
  /** The expected payments, in date order. */
  payments: InsurerPayment[];
  /** Sum of `payments`: what the plan is expected to pay. */
  totalCents: number;
  /** Planned payments (or parts of one) that will not come, and why. */
  cut: CutPayment[];
  /** Human-readable, in order: how the amount is spread, then each cut-off. */
  reasons: string[];
};

export type ScheduleInput = {
  /** What the plan is expected to pay before cut-offs (its estimate through the maximum). */
  amountCents: number;
  terms: PaymentTerms;
  /** The first payment's date: the treatment start (banding). */
  startDate: string;
  /** Estimated treatment months: installments that would fall after the treatment are not planned. */
  months: number;
  /** Payments stop once this much has been paid (the remaining lifetime maximum). */
  remainingMaximumCents?: number | undefined;
  /** "Payments stop at the Nth birthday": payments dated on or after `date` are not paid. */
  stopsAtBirthday?: { age: number; date: string } | undefined;
  /** The last day of coverage: payments dated after it are not paid. */
  coverageEndDate?: string | undefined;
};

/**
 * Spreads `totalCents` over `count` installments: equal amounts rounded **down to the cent**,
 * the last takes the remainder (PAYOUT-1).
 */
function splitEqually(totalCents: number, count: number): number[] {
  const each = Math.floor(totalCents / count);
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? totalCents - each * (count - 1) : each));
}

/**
 * The payments one plan is expected to make (PAYOUT-1, PAYOUT-2): an initial payment at the start,
 * then installments one period apart (monthly = the same day each month, clamped to the month's
 * end), as many as the plan's terms say and as fit in the estimated treatment months. The
 * installments are equal, rounded down to the cent, and the last takes the remainder, so the
 * planned payments add up to `amountCents` exactly.
 *
 * Then the cut-offs, in date order: a payment on or after the age cut-off birthday, or after
 * the coverage end date, is not paid; payments stop when the remaining maximum is reached (the
 * payment that crosses it is paid in part). `totalCents` is what is left, and `reasons` say
 * what was cut and why.
 */
export function insurerPaymentSchedule(input: ScheduleInput): InsurerSchedule {
  const { amountCents, terms, startDate, months } = input;
  requireCents('amountCents', amountCents);
  requireLocalDate('startDate', startDate);
  if (!Number.isInteger(months) || months < 0)
    throw new RangeError(`months must be a whole number ≥ 0: ${months}`);
  const reasons: string[] = [];
  const planned: InsurerPayment[] = [];

  const { frequency } = terms;
  if (amountCents > 0 && frequency === 'lump-sum') {
    planned.push({ date: startDate, amountCents, kind: 'lump-sum', number: 0 });
    reasons.push(`${formatCents(amountCents)} in one payment at the start (${displayLocalDate(startDate)})`);
  } else if (amountCents > 0 && frequency !== 'lump-sum') {
    const period = PERIOD_MONTHS[frequency];
    let initial: number;
    if (terms.initial.kind === 'amount') {
      initial = Math.min(terms.initial.cents, amountCents);
      if (initial > 0) reasons.push(`Initial payment ${formatCents(initial)} at the start`);
    } else {
      initial = percentOfCentsDown(amountCents, terms.initial.percent);
      if (initial > 0)
        reasons.push(
          `Initial payment ${terms.initial.percent}% of ${formatCents(amountCents)} = ` +
            `${formatCents(initial)} (rounded down to the cent) at the start`,
        );
    }
    const fit = Math.floor(months / period);
    const count = Math.min(terms.installments, fit);
    if (count < terms.installments) {
      reasons.push(
        `${plural(count, `${PERIOD_WORDS[frequency]} installment`, `${PERIOD_WORDS[frequency]} installments`)} ` +
          `instead of ${terms.installments}: no more fit in the estimated ${plural(months, 'month', 'months')}`,
      );
    }
    let rest = amountCents - initial;
    if (rest > 0 && count === 0) {
      reasons.push(
        `No installments: the whole ${formatCents(amountCents)} is expected with the initial payment`,
      );
      initial = amountCents;
      rest = 0;
    }
    if (initial > 0) planned.push({ date: startDate, amountCents: initial, kind: 'initial', number: 0 });
    if (rest > 0) {
      const amounts = splitEqually(rest, count);
      amounts.forEach((amount, i) => {
        if (amount === 0) return;
        const date = addMonthsClamped(startDate, (i + 1) * period);
        planned.push({ date, amountCents: amount, kind: 'installment', number: i + 1 });
      });
      const each = amounts[0]!;
      const last = amounts[count - 1]!;
      reasons.push(
        count === 1
          ? `Then one installment of ${formatCents(last)}`
          : `Then ${count} ${PERIOD_WORDS[frequency]} installments of ${formatCents(each)}` +
              (last === each ? '' : `, the last ${formatCents(last)}`) +
              ' (equal, rounded down to the cent; the last takes the remainder)',
      );
    }
  }

  const payments: InsurerPayment[] = [];
  const cut: CutPayment[] = [];
  const max = input.remainingMaximumCents;
  let paid = 0;
  for (const payment of planned) {
    if (input.stopsAtBirthday && payment.date >= input.stopsAtBirthday.date) {
      cut.push({ ...payment, cause: 'age-limit' });
    } else if (input.coverageEndDate !== undefined && payment.date > input.coverageEndDate) {
      cut.push({ ...payment, cause: 'coverage-ended' });
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
  const byMax = cutBy('maximum');
  if (byMax.length > 0 && max !== undefined) {
    reasons.push(
      `Payments stop at the remaining maximum ${formatCents(max)}: ${formatCents(sum(byMax))} not paid`,
    );
  }
  return { scheduledCents: amountCents, payments, totalCents: paid, cut, reasons };
}

// ---------------------------------------------------------------------------------------------
// The estimate

/** The verified benefits the estimate reads (a `BenefitVerification` record fits). */
export type EstimateBenefits = Pick<
  BenefitVerificationFields,
  | 'coinsurancePercent'
  | 'lifetimeMaxCents'
  | 'usedToDateCents'
  | 'deductibleCents'
  | 'deductibleMetCents'
  | 'ageLimit'
  | 'waitingMonths'
  | 'payment'
  | 'alignersAtBracesFee'
  | 'cobRule'
  | 'allowedFeeCents'
>;

/** The policy fields the estimate reads (a `Policy` record fits). */
export type EstimatePolicy = {
  id: string;
  order: PolicyOrder;
  effectiveDate: string;
  endDate?: string | undefined;
};

export type EstimatePlanInput = {
  policy: EstimatePolicy;
  /** The verification in force; null when benefits were never verified. */
  benefits: EstimateBenefits | null;
};

export type InsuranceEstimateInput = {
  /** The treatment fee the family is quoted. */
  feeCents: number;
  /** With a plan that benefits aligners at the braces fee: `clear-aligners` uses `bracesFeeCents`. */
  appliance?: Appliance | undefined;
  /** The practice's braces fee for the same case, for plans that benefit aligners at that fee. */
  bracesFeeCents?: number | undefined;
  /** Planned treatment start (banding): the service date, and the first insurer payment. */
  startDate: string;
  /** Estimated treatment months. */
  months: number;
  /** Needed for age limits; without it a plan with an age limit counts nothing. */
  patientDateOfBirth?: string | undefined;
  plans: readonly EstimatePlanInput[];
};

export type EstimateStepKind =
  | 'fee'
  | 'deductible'
  | 'coinsurance'
  | 'cob'
  | 'maximum'
  | 'age-limit'
  | 'waiting-period'
  | 'coverage-ended'
  | 'not-verified';

export type EstimateStep = {
  step: EstimateStepKind;
  /** The plan's estimate after this step. */
  amountAfterCents: number;
  /** How much this step took off (0 when it changed nothing). */
  reductionCents: number;
  /** Human-readable, e.g. "Lifetime maximum $1,500.00 with $500.00 used: at most $1,000.00 left". */
  reason: string;
};

export type PlanEstimate = {
  policyId: string;
  order: PolicyOrder;
  /** What this plan is expected to pay: always `schedule.totalCents`. */
  estimateCents: number;
  /** Every step that applies to this plan, in the order of EST-1. */
  steps: EstimateStep[];
  schedule: InsurerSchedule;
};

export type InsuranceEstimate = {
  feeCents: number;
  /** In payment order: primary, secondary, tertiary. */
  plans: PlanEstimate[];
  totalInsuranceCents: number;
  /** fee − total insurance; never negative (the plans together never pay more than the fee). */
  patientPortionCents: number;
  /** Problems with the plans as given (two primaries, no primary, unverified plans). */
  warnings: string[];
};

const ORDER_RANK: Record<PolicyOrder, number> = { primary: 0, secondary: 1, tertiary: 2 };

/** When a plan's coverage and payments are judged; differs from the case only on a coverage change. */
type PlanTiming = {
  /** The first insurer payment. */
  scheduleStart: string;
  /** Months the installments may span. */
  months: number;
  /** The date checked against the effective date + waiting period and the service-date age. */
  coverageFrom: string;
};

type Context = {
  input: InsuranceEstimateInput;
  /** Sum of the estimates of the plans before this one. */
  paidBeforeCents: number;
  isFirst: boolean;
  unverifiedBefore: boolean;
  timing: PlanTiming;
};

function validateInput(input: InsuranceEstimateInput): void {
  requireCents('feeCents', input.feeCents);
  if (input.bracesFeeCents !== undefined) requireCents('bracesFeeCents', input.bracesFeeCents);
  requireLocalDate('startDate', input.startDate);
  if (input.patientDateOfBirth !== undefined)
    requireLocalDate('patientDateOfBirth', input.patientDateOfBirth);
  if (!Number.isInteger(input.months) || input.months < 0)
    throw new RangeError(`months must be a whole number ≥ 0: ${input.months}`);
  for (const { policy, benefits } of input.plans) {
    requireLocalDate('effectiveDate', policy.effectiveDate);
    if (policy.endDate !== undefined) requireLocalDate('endDate', policy.endDate);
    if (!benefits) continue;
    requirePercent('coinsurancePercent', benefits.coinsurancePercent);
    requireCents('lifetimeMaxCents', benefits.lifetimeMaxCents);
    requireCents('usedToDateCents', benefits.usedToDateCents);
    requireCents('deductibleCents', benefits.deductibleCents);
    requireCents('deductibleMetCents', benefits.deductibleMetCents);
    if (benefits.allowedFeeCents !== undefined) requireCents('allowedFeeCents', benefits.allowedFeeCents);
  }
}

/** Step 1: the fee insurance pays on. Never above the fee, so no plan can pay more than it. */
function feeBase(
  input: InsuranceEstimateInput,
  benefits: EstimateBenefits,
): { base: number; reason: string } {
  const fee = input.feeCents;
  let base = fee;
  const notes: string[] = [];
  if (benefits.alignersAtBracesFee && input.appliance === 'clear-aligners') {
    if (input.bracesFeeCents === undefined) {
      notes.push('the plan benefits aligners at the braces fee, but no braces fee was given');
    } else if (input.bracesFeeCents < base) {
      base = input.bracesFeeCents;
      notes.push(`aligners are benefited at the braces fee ${formatCents(base)}`);
    }
  }
  if (benefits.allowedFeeCents !== undefined) {
    if (benefits.allowedFeeCents < base) {
      base = benefits.allowedFeeCents;
      notes.push(`the plan's allowed fee is ${formatCents(base)}`);
    } else if (benefits.allowedFeeCents > fee) {
      notes.push(
        `the plan's allowed fee ${formatCents(benefits.allowedFeeCents)} is above the fee, which caps it`,
      );
    }
  }
  const head = `Fee ${formatCents(fee)}`;
  if (notes.length === 0) return { base, reason: head };
  return {
    base,
    reason:
      `${head}; ${notes.join('; ')}` + (base < fee ? `: benefits are figured on ${formatCents(base)}` : ''),
  };
}

type AgeCheck =
  | { payable: true; reason: string; birthday?: { age: number; date: string } }
  | { payable: false; reason: string };

const AGE_RULE_TEXT: Record<AgeLimit['mode'], (n: number) => string> = {
  'covered-while-age-at-most': (n) => `Covered while age ${n} or under`,
  'must-start-before': (n) => `Treatment must start before age ${n}`,
  'payments-stop-at-birthday': (n) => `Payments stop at the ${ordinal(n)} birthday`,
};

function checkAge(limit: AgeLimit, input: InsuranceEstimateInput, timing: PlanTiming): AgeCheck {
  const rule = AGE_RULE_TEXT[limit.mode](limit.age);
  const dob = input.patientDateOfBirth;
  if (dob === undefined) {
    return {
      payable: false,
      reason: `${rule}, and the patient's date of birth is not recorded: no insurance is counted until it is`,
    };
  }
  if (limit.mode === 'payments-stop-at-birthday') {
    const date = nthBirthday(dob, limit.age);
    return {
      payable: true,
      reason: `${rule} (${displayLocalDate(date)})`,
      birthday: { age: limit.age, date },
    };
  }
  // The service-date rule is judged when the plan starts paying; the banding rule at banding.
  const on = limit.mode === 'covered-while-age-at-most' ? timing.coverageFrom : input.startDate;
  const age = ageOn(dob, on)!;
  const payable = limit.mode === 'covered-while-age-at-most' ? age <= limit.age : age < limit.age;
  return {
    payable,
    reason:
      `${rule}: the patient is ${age} on ${displayLocalDate(on)}` +
      (payable ? '' : ', so the plan pays nothing'),
  };
}

function estimatePlan(plan: EstimatePlanInput, ctx: Context): PlanEstimate {
  const { input, timing } = ctx;
  const { policy, benefits } = plan;
  const steps: EstimateStep[] = [];
  let amount = input.feeCents;
  const record = (step: EstimateStepKind, after: number, reason: string) => {
    steps.push({ step, amountAfterCents: after, reductionCents: amount - after, reason });
    amount = after;
  };
  const base = { policyId: policy.id, order: policy.order };

  if (!benefits) {
    record('fee', amount, `Fee ${formatCents(input.feeCents)}`);
    record('not-verified', 0, 'Benefits not verified: no insurance is counted until they are');
    const schedule = insurerPaymentSchedule({
      amountCents: 0,
      terms: { initial: { kind: 'amount', cents: 0 }, frequency: 'lump-sum', installments: 0 },
      startDate: timing.scheduleStart,
      months: timing.months,
    });
    return { ...base, estimateCents: 0, steps, schedule };
  }

  // 1. Fee, or the plan's allowed fee.
  const fee = feeBase(input, benefits);
  record('fee', fee.base, fee.reason);

  // 2. Deductible, before the percentage (EST-3).
  if (benefits.deductibleCents > 0) {
    const left = Math.max(0, benefits.deductibleCents - benefits.deductibleMetCents);
    const head = `Lifetime ortho deductible ${formatCents(benefits.deductibleCents)}`;
    record(
      'deductible',
      Math.max(0, amount - left),
      left === 0
        ? `${head}, already met`
        : `${head} with ${formatCents(benefits.deductibleMetCents)} met: ${formatCents(left)} comes off first`,
    );
  }

  // 3. Coinsurance, rounded half up to the cent.
  const share = percentOfCentsHalfUp(amount, benefits.coinsurancePercent);
  record(
    'coinsurance',
    share,
    `Plan pays ${benefits.coinsurancePercent}% of ${formatCents(amount)} = ${formatCents(share)} ` +
      '(rounded half up to the cent)',
  );

  // 4. Coordination of benefits, for every plan after the first.
  if (!ctx.isFirst) {
    const before = formatCents(ctx.paidBeforeCents);
    const caveat = ctx.unverifiedBefore
      ? ' (a plan before it is not verified and is counted as paying nothing)'
      : '';
    if (benefits.cobRule === 'standard') {
      const room = Math.max(0, input.feeCents - ctx.paidBeforeCents);
      record(
        'cob',
        Math.min(amount, room),
        `Standard coordination: pays at most the ${formatCents(room)} left of the fee after ${before} ` +
          `from the plans before it${caveat}`,
      );
    } else if (benefits.cobRule === 'basic') {
      const room = Math.max(0, fee.base - ctx.paidBeforeCents);
      record(
        'cob',
        Math.min(amount, room),
        `Basic coordination: pays at most its allowed ${formatCents(fee.base)} minus ${before} ` +
          `from the plans before it = ${formatCents(room)}${caveat}`,
      );
    } else {
      const after = Math.max(0, amount - ctx.paidBeforeCents);
      record(
        'cob',
        after,
        `Carve-out: its own ${formatCents(amount)} minus ${before} from the plans before it` +
          (after === 0 ? ', nothing left' : ` = ${formatCents(after)}`) +
          caveat,
      );
    }
  }

  // 5. Remaining lifetime maximum (used to date includes a previous carrier's payments).
  const remainingMax = Math.max(0, benefits.lifetimeMaxCents - benefits.usedToDateCents);
  record(
    'maximum',
    Math.min(amount, remainingMax),
    `Lifetime maximum ${formatCents(benefits.lifetimeMaxCents)} with ${formatCents(benefits.usedToDateCents)} ` +
      `used: at most ${formatCents(remainingMax)} left`,
  );

  // 6–8 judge dates, so the schedule is built first and the cut-offs read from it.
  const age = benefits.ageLimit ? checkAge(benefits.ageLimit, input, timing) : null;
  const coveredFrom = addMonthsClamped(policy.effectiveDate, benefits.waitingMonths);
  const inWaiting = timing.coverageFrom < coveredFrom;
  const schedule = insurerPaymentSchedule({
    amountCents: amount,
    terms: benefits.payment,
    startDate: timing.scheduleStart,
    months: timing.months,
    remainingMaximumCents: remainingMax,
    stopsAtBirthday: age?.payable ? age.birthday : undefined,
    coverageEndDate: policy.endDate,
  });
  const cutOf = (cause: PaymentCutCause) => schedule.cut.filter((p) => p.cause === cause);
  let zeroedBy: PaymentCutCause | null = null;

  // 6. Age limit.
  if (age) {
    if (!age.payable) {
      record('age-limit', 0, age.reason);
      zeroedBy = 'age-limit';
    } else {
      const lost = cutOf('age-limit');
      const detail = !age.birthday
        ? ''
        : lost.length > 0
          ? `: ${describeCut(lost)} on or after it will not be paid`
          : amount > 0
            ? ': every payment falls before it'
            : '';
      record('age-limit', amount - sum(lost), `${age.reason}${detail}`);
    }
  }

  // 7. Waiting period (and coverage not yet in force at the start).
  if (benefits.waitingMonths > 0 || inWaiting) {
    const start = displayLocalDate(timing.coverageFrom);
    const effective = displayLocalDate(policy.effectiveDate);
    const reason =
      benefits.waitingMonths > 0
        ? `Waiting period of ${plural(benefits.waitingMonths, 'month', 'months')} from the effective date ` +
          `${effective}: ortho is covered from ${displayLocalDate(coveredFrom)}` +
          (inWaiting
            ? `, after the start ${start}, so the plan pays nothing`
            : `; the start ${start} is not before it`)
        : `Coverage starts ${effective}, after the start ${start}: the plan pays nothing`;
    record('waiting-period', inWaiting ? 0 : amount, reason);
    if (inWaiting && zeroedBy === null) zeroedBy = 'waiting-period';
  }

  // 8. Coverage end: only the payments on or before the last day of coverage.
  if (policy.endDate !== undefined) {
    const lost = zeroedBy === null ? cutOf('coverage-ended') : [];
    const detail =
      lost.length > 0
        ? `: ${describeCut(lost)} after it will not be paid`
        : amount > 0
          ? ': every expected payment falls on or before it'
          : '';
    record(
      'coverage-ended',
      amount - sum(lost),
      `Coverage ends ${displayLocalDate(policy.endDate)}${detail}`,
    );
  }

  // A plan that pays nothing expects no payments: move them all to `cut`, with the cause.
  if (zeroedBy !== null && schedule.payments.length > 0) {
    const cause = zeroedBy;
    schedule.cut.push(...schedule.payments.map((p) => ({ ...p, cause })));
    schedule.cut.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.number - b.number));
    schedule.payments = [];
    schedule.totalCents = 0;
  }
  if (schedule.totalCents !== amount) {
    throw new Error(`Bug: schedule ${schedule.totalCents} ≠ estimate ${amount} for ${policy.id}`);
  }
  return { ...base, estimateCents: amount, steps, schedule };
}

function sortPlans(plans: readonly EstimatePlanInput[]): EstimatePlanInput[] {
  return plans
    .map((plan, index) => ({ plan, index }))
    .sort((a, b) => ORDER_RANK[a.plan.policy.order] - ORDER_RANK[b.plan.policy.order] || a.index - b.index)
    .map(({ plan }) => plan);
}

function estimateWith(
  input: InsuranceEstimateInput,
  timingOf: (plan: EstimatePlanInput) => PlanTiming,
): InsuranceEstimate {
  validateInput(input);
  const sorted = sortPlans(input.plans);
  const warnings: string[] = [];
  for (const order of ['primary', 'secondary', 'tertiary'] as const) {
    const count = sorted.filter((p) => p.policy.order === order).length;
    if (count > 1)
      warnings.push(
        `${count} plans are marked ${order}: each after the first is coordinated with the plans before it`,
      );
  }
  if (sorted.length > 0 && sorted[0]!.policy.order !== 'primary') {
    warnings.push(`No primary plan: the ${sorted[0]!.policy.order} plan is estimated as if it paid first`);
  }
  const plans: PlanEstimate[] = [];
  let paidBeforeCents = 0;
  let unverifiedBefore = false;
  for (const plan of sorted) {
    if (!plan.benefits) warnings.push(`The ${plan.policy.order} plan's benefits are not verified`);
    const estimate = estimatePlan(plan, {
      input,
      paidBeforeCents,
      isFirst: plans.length === 0,
      unverifiedBefore,
      timing: timingOf(plan),
    });
    plans.push(estimate);
    paidBeforeCents += estimate.estimateCents;
    unverifiedBefore ||= plan.benefits === null;
  }
  if (paidBeforeCents > input.feeCents) {
    throw new Error(`Bug: insurance ${paidBeforeCents} is above the fee ${input.feeCents}`);
  }
  return {
    feeCents: input.feeCents,
    plans,
    totalInsuranceCents: paidBeforeCents,
    patientPortionCents: input.feeCents - paidBeforeCents,
    warnings,
  };
}

/**
 * The estimate for every plan, in payment order, and the patient portion. Each plan's estimate
 * equals the sum of its payment schedule to the cent, is never negative, never above the fee,
 * never above its remaining lifetime maximum; all plans together never pay more than the fee.
 *
 * Inputs are schema-valid (whole cents, whole percents, real dates); anything else is a bug and
 * throws a RangeError.
 */
export function estimateInsurance(input: InsuranceEstimateInput): InsuranceEstimate {
  const timing: PlanTiming = {
    scheduleStart: input.startDate,
    months: input.months,
    coverageFrom: input.startDate,
  };
  return estimateWith(input, () => timing);
}

// ---------------------------------------------------------------------------------------------
// Birthday rule

export type BirthdayRuleParent = {
  dateOfBirth?: string | undefined;
  /** For the reason text; "Parent A" / "Parent B" otherwise. */
  name?: string | undefined;
};

export type BirthdayRuleOrder<T> =
  { primary: T; secondary: T; reason: string } | { primary: null; secondary: null; reason: string };

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * Which parent's plan is primary for a child covered by both (COB-2): the parent whose
 * birthday (month and day; the year does not count) comes first in the calendar year. Same
 * day, or a birthday missing: no answer (`primary: null`), with a reason saying what to do.
 */
export function birthdayRuleOrder<T extends BirthdayRuleParent>(
  parentA: T,
  parentB: T,
): BirthdayRuleOrder<T> {
  const nameA = parentA.name ?? 'Parent A';
  const nameB = parentB.name ?? 'Parent B';
  const a = parentA.dateOfBirth === undefined ? null : splitLocalDate(parentA.dateOfBirth);
  const b = parentB.dateOfBirth === undefined ? null : splitLocalDate(parentB.dateOfBirth);
  const missing = [a ? null : nameA, b ? null : nameB].filter((n) => n !== null);
  if (!a || !b) {
    return {
      primary: null,
      secondary: null,
      reason: `The birthday rule needs both parents' dates of birth: missing for ${missing.join(' and ')}`,
    };
  }
  const day = (p: { month: number; day: number }) => `${MONTH_NAMES[p.month - 1]} ${p.day}`;
  const order = (a.month - b.month) * 100 + (a.day - b.day);
  if (order === 0) {
    return {
      primary: null,
      secondary: null,
      reason:
        `Both birthdays fall on ${day(a)}: the birthday rule cannot decide. Ask the carriers ` +
        '(usually the plan that has covered the child longer is primary)',
    };
  }
  const [first, second, firstName, secondName, firstDay, secondDay] =
    order < 0
      ? [parentA, parentB, nameA, nameB, day(a), day(b)]
      : [parentB, parentA, nameB, nameA, day(b), day(a)];
  return {
    primary: first,
    secondary: second,
    reason:
      `${firstName}'s birthday (${firstDay}) comes before ${secondName}'s (${secondDay}) in the year: ` +
      `${firstName}'s plan is primary`,
  };
}

// ---------------------------------------------------------------------------------------------
// Coverage changes during treatment

export type CoverageChangeInput = {
  /** The estimate in force before the change (its schedules say what was paid or expected). */
  original: InsuranceEstimate;
  /** The first day the new coverage applies. Payments dated before it are never rewritten. */
  changeDate: string;
  /**
   * The same case with the plans as they are from the change date: an ended policy carries its
   * `endDate` (or is left out), a new policy is added with its own verified benefits.
   */
  next: InsuranceEstimateInput;
};

export type PlanChange = {
  policyId: string;
  order: PolicyOrder;
  /** What the plan was originally expected to pay in all. */
  originalCents: number;
  /** Payments dated before the change: kept exactly as they were. */
  keptPayments: InsurerPayment[];
  keptCents: number;
  /** Payments expected from the change date on. */
  futurePayments: InsurerPayment[];
  futureCents: number;
  /** kept + future. */
  totalCents: number;
  reasons: string[];
};

export type CoverageChangeEstimate = {
  changeDate: string;
  feeCents: number;
  /** Every plan, old and new, in payment order (plans only in the original come last). */
  plans: PlanChange[];
  originalInsuranceCents: number;
  totalInsuranceCents: number;
  /** original − new insurance: what moves to the patient portion (negative when it moves back). */
  movedToPatientCents: number;
  /** fee − total insurance, never negative. */
  patientPortionCents: number;
  /** The estimate of the new situation, for its steps and reasons. */
  estimate: InsuranceEstimate;
};

/**
 * Re-estimates after a coverage change during treatment (a policy ends, a new one starts, benefits
 * are re-verified). Payments dated before `changeDate` stay exactly as they were. From the change
 * date on:
 * - a policy that continues pays what its new whole-treatment estimate still allows after its
 *   kept payments, on the dates its new schedule has from the change date (amounts re-spread
 *   equally, the last taking the remainder, only when the total differs);
 * - a new policy is scheduled as a treatment starting on the change date, over the months left:
 *   its initial payment on the change date, then its installments; its waiting period and
 *   effective date are judged on the change date;
 * - a policy that is gone pays nothing more.
 * All plans together never pay more than the fee. The difference from the original moves to
 * the patient portion.
 */
export function reEstimateFromChange({
  original,
  changeDate,
  next,
}: CoverageChangeInput): CoverageChangeEstimate {
  requireLocalDate('changeDate', changeDate);
  const ids = next.plans.map((p) => p.policy.id);
  if (new Set(ids).size !== ids.length) throw new RangeError(`A policy is listed twice: ${ids.join(', ')}`);
  const originalById = new Map(original.plans.map((p) => [p.policyId, p]));
  const inProgress = changeDate > next.startDate;
  const monthsLeft = Math.max(0, next.months - wholeMonthsBetween(next.startDate, changeDate));
  const caseTiming: PlanTiming = {
    scheduleStart: next.startDate,
    months: next.months,
    coverageFrom: next.startDate,
  };
  const estimate = estimateWith(next, ({ policy }) =>
    inProgress && !originalById.has(policy.id)
      ? { scheduleStart: changeDate, months: monthsLeft, coverageFrom: changeDate }
      : caseTiming,
  );

  const keptOf = (policyId: string) =>
    (originalById.get(policyId)?.schedule.payments ?? []).filter((p) => p.date < changeDate);
  const allKept = original.plans.reduce((total, p) => total + sum(keptOf(p.policyId)), 0);
  let feeRoom = Math.max(0, next.feeCents - allKept);
  const plans: PlanChange[] = [];

  for (const plan of estimate.plans) {
    const before = originalById.get(plan.policyId);
    const keptPayments = keptOf(plan.policyId);
    const keptCents = sum(keptPayments);
    const reasons: string[] = [];
    let futurePayments = plan.schedule.payments.filter((p) => p.date >= changeDate);
    if (before) {
      const target = Math.max(0, plan.estimateCents - keptCents);
      if (target !== sum(futurePayments)) {
        if (futurePayments.length === 0) {
          reasons.push(
            `No payments remain in the plan's schedule from ${displayLocalDate(changeDate)}: ` +
              `${formatCents(target)} more is not expected`,
          );
        } else {
          const amounts = splitEqually(target, futurePayments.length);
          futurePayments = futurePayments
            .map((p, i) => ({ ...p, amountCents: amounts[i]! }))
            .filter((p) => p.amountCents > 0);
          reasons.push(
            `Estimate ${formatCents(plan.estimateCents)} less ${formatCents(keptCents)} before the change: ` +
              `${formatCents(target)} over the payments from ${displayLocalDate(changeDate)}`,
          );
        }
      }
    } else if (inProgress) {
      reasons.push(
        `New from ${displayLocalDate(changeDate)}: scheduled over the ${plural(monthsLeft, 'month', 'months')} left`,
      );
    }
    const wanted = sum(futurePayments);
    if (wanted > feeRoom) {
      futurePayments = trimToTotal(futurePayments, feeRoom);
      reasons.push(
        `Insurance cannot pay more than the fee: from the change only ${formatCents(feeRoom)} is left to pay`,
      );
    }
    const futureCents = sum(futurePayments);
    feeRoom -= futureCents;
    plans.push({
      policyId: plan.policyId,
      order: plan.order,
      originalCents: before?.estimateCents ?? 0,
      keptPayments,
      keptCents,
      futurePayments,
      futureCents,
      totalCents: keptCents + futureCents,
      reasons,
    });
  }

  for (const gone of original.plans) {
    if (plans.some((p) => p.policyId === gone.policyId)) continue;
    const keptPayments = keptOf(gone.policyId);
    const keptCents = sum(keptPayments);
    plans.push({
      policyId: gone.policyId,
      order: gone.order,
      originalCents: gone.estimateCents,
      keptPayments,
      keptCents,
      futurePayments: [],
      futureCents: 0,
      totalCents: keptCents,
      reasons: [
        `No longer covered from ${displayLocalDate(changeDate)}: ` +
          `${formatCents(gone.estimateCents - keptCents)} of expected payments will not come`,
      ],
    });
  }

  const totalInsuranceCents = plans.reduce((total, p) => total + p.totalCents, 0);
  return {
    changeDate,
    feeCents: next.feeCents,
    plans,
    originalInsuranceCents: original.totalInsuranceCents,
    totalInsuranceCents,
    movedToPatientCents: original.totalInsuranceCents - totalInsuranceCents,
    patientPortionCents: Math.max(0, next.feeCents - totalInsuranceCents),
    estimate,
  };
}

/** Keeps the earliest payments up to `totalCents`; the one that crosses it is paid in part. */
function trimToTotal(payments: InsurerPayment[], totalCents: number): InsurerPayment[] {
  const out: InsurerPayment[] = [];
  let left = totalCents;
  for (const p of payments) {
    if (left <= 0) break;
    const amountCents = Math.min(p.amountCents, left);
    out.push({ ...p, amountCents });
    left -= amountCents;
  }
  return out;
}
