/**
 * The ortho insurance estimate (spec EST, COB, PAYOUT in docs/spec/insurance.md): what each of a
 * patient's plans is expected to pay for a treatment, step by step with a reason a coordinator
 * can read to the family, and when the insurer is expected to pay it (the insurer payment
 * schedule, insurance/insurer-schedule.ts, that feeds insurance A/R).
 *
 * One plan, in exactly this order:
 *   fee (or allowed fee) → deductible → coinsurance → COB (plans after the first) → remaining
 *   lifetime maximum → age limit → waiting period → coverage end → how it is paid out.
 * The age limit "payments stop at the Nth birthday" and the coverage end cut the *schedule*, so
 * the plan's estimate is always the sum of its expected payments, to the cent.
 *
 * Coinsurance is rounded **half up to the cent** (`percentOfCentsHalfUp`): the commercial
 * rounding of a benefit on an EOB, and the nearest cent to the true share. The schedule's own
 * rounding rules are in insurance/insurer-schedule.ts.
 *
 * Pure calendar math on `YYYY-MM-DD` strings; no Date objects, no time zones.
 */
import type { Appliance } from '../pipeline/case.schema.ts';
import type { AgeLimit, BenefitVerificationFields, PolicyOrder } from './insurance.schema.ts';
import {
  ageOn,
  daysInMonth,
  displayLocalDate,
  formatLocalDate,
  MONTH_NAMES,
  splitLocalDate,
} from '../core/calendar.ts';
import { formatCents } from '../core/money.ts';
import {
  addMonthsClamped,
  describeCut,
  insurerPaymentSchedule,
  ordinal,
  percentOfCentsHalfUp,
  plural,
  requireCents,
  requireLocalDate,
  requirePercent,
  splitEqually,
  sumOf as sum,
  wholeMonthsBetween,
  type InsurerPayment,
  type InsurerSchedule,
  type PaymentCutCause,
} from './insurer-schedule.ts';

// Older importers (the payment plan's calendar) read this from here.
export { addMonthsClamped } from './insurer-schedule.ts';

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
  | 'payout'
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
  /**
   * Every step that applies to this plan, in the EST-1 order; the last, `payout`, says how the
   * insurer pays it out and changes nothing.
   */
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
      terms: { mode: 'lump-sum' },
      startDate: timing.scheduleStart,
      months: timing.months,
    });
    return { ...base, estimateCents: 0, steps, schedule };
  }

  // 1. Fee, or the plan's allowed fee.
  const fee = feeBase(input, benefits);
  record('fee', fee.base, fee.reason);

  // 2. Deductible, before the percentage (EST-3).
  const deductibleLeft = Math.max(0, benefits.deductibleCents - benefits.deductibleMetCents);
  if (benefits.deductibleCents > 0) {
    const left = deductibleLeft;
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

  // 4. Coordination of benefits, for every plan after the first (COB-1, COB-3). A plan's normal
  // benefit always includes its own remaining maximum, so carve-out takes the primary payment
  // off the benefit after that maximum, never off the uncapped share.
  const remainingMax = Math.max(0, benefits.lifetimeMaxCents - benefits.usedToDateCents);
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
      const normal = Math.min(amount, remainingMax);
      const after = Math.max(0, normal - ctx.paidBeforeCents);
      const own =
        normal < amount
          ? `its normal benefit ${formatCents(normal)} (its ${formatCents(amount)} share, up to its ` +
            `remaining maximum ${formatCents(remainingMax)})`
          : `its own ${formatCents(amount)}`;
      record(
        'cob',
        after,
        `Carve-out: ${own} minus ${before} from the plans before it` +
          (after === 0 ? ', nothing left' : ` = ${formatCents(after)}`) +
          caveat,
      );
    }
  }

  // 5. Remaining lifetime maximum (used to date includes a previous carrier's payments).
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
    slices: {
      feeCents: fee.base,
      deductibleLeftCents: deductibleLeft,
      coinsurancePercent: benefits.coinsurancePercent,
    },
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
    if (schedule.uncapped) schedule.uncapped = [];
  }
  if (schedule.totalCents !== amount) {
    throw new Error(`Bug: schedule ${schedule.totalCents} ≠ estimate ${amount} for ${policy.id}`);
  }
  // 9. How it is paid out (PAYOUT-5): changes nothing, says how the insurer pays what is left.
  if (schedule.payments.length > 0) record('payout', amount, schedule.payout.join('. '));
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
    const slices = plan.schedule.uncapped?.filter((p) => p.date >= changeDate);
    if (before) {
      const target = Math.max(0, plan.estimateCents - keptCents);
      if (slices && target !== sum(futurePayments)) {
        // Per fee slice (PAYOUT-8): the plan keeps paying its share of each slice from the change
        // until what it still owes is reached; nothing is re-spread.
        futurePayments = trimToTotal(slices, target);
        const short = target - sum(futurePayments);
        reasons.push(
          `Estimate ${formatCents(plan.estimateCents)} less ${formatCents(keptCents)} before the change: ` +
            `its share of the slices from ${displayLocalDate(changeDate)} until ${formatCents(target)} is reached` +
            (short > 0 ? `; the slices left pay only ${formatCents(target - short)}` : ''),
        );
      } else if (target !== sum(futurePayments)) {
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
