/**
 * The contract's payment plan (PLAN-1 to PLAN-10, CONTRACT-6): from the fee to the list of
 * installments the family signs: discounts, the practice's rounding convention, interest, due
 * dates. Every amount the family sees comes from here (PLAN-101, billing/payment-quote.ts).
 *
 * Order of operations (every amount integer cents):
 *   1. fee − insurance estimate (the estimate is capped at the fee: insurance never leaves the
 *      family a credit) = the portion before discounts;
 *   2. discounts, each taken from that same base so their order never matters:
 *      - pay in full: `payInFullDiscountBasisPoints` of the portion before discounts (or of the
 *        whole fee, with `payInFullDiscountBase: 'fee'`), half up to the cent;
 *      - sibling: a fixed amount, or a percent of the portion before discounts, half up;
 *      - courtesy: a fixed amount with a reason;
 *      discounts larger than the portion before discounts are **refused**, not clamped: a
 *      discount bigger than what the family owes is a typing mistake, and clamping would hide it;
 *   3. = the patient portion; − the down payment = the financed amount (pay in full: the whole
 *      portion is due at the start, nothing is financed, there are no installments);
 *   4. the financed amount is spread over the installments.
 *
 * Rounding (each named where it is used):
 * - percent discounts: **half up to the cent** (`basisPointsOfCentsHalfUp`): 3% of $4,000 = $120;
 * - minimum and default down payments: **up to the cent** (`basisPointsOfCentsUp`): a minimum is
 *   met only when reached;
 * - interest-free installments: the practice's convention (`remainder-last` default,
 *   `remainder-first`, `round-up`), so they always add up to the financed amount exactly;
 * - with interest (APR > 0): the level payment P·r / (1 − (1 + r)^−n) **rounded up to the
 *   cent**, each period's interest = remaining principal × r **half up to the cent**, computed
 *   in integers (no float touches the interest); the last payment pays the remaining principal
 *   plus its interest, so it is the smaller one. The rounding convention does not apply.
 *
 * `months` is always the plan's length in months (what a coordinator and the maximum speak in);
 * the number of installments is the whole periods of the frequency that fit in it
 * (`installmentCountFor`): 24 months = 24 monthly, 52 biweekly, 104 weekly or 8 quarterly
 * payments.
 *
 * Pure calendar math on `YYYY-MM-DD` strings; no Date objects, no time zones.
 */
import { err, ok, type Result } from '../core/result.ts';
import {
  resolvePaymentSettings,
  type PaymentSettings,
  type PlanFrequency,
  type ResolvedPaymentSettings,
} from './payment-settings.schema.ts';
import { addMonthsClamped } from '../insurance/insurance-estimate.ts';
import { addDays, daysBetween, formatLocalDate, splitLocalDate } from '../core/calendar.ts';
import { formatCents } from '../core/money.ts';

// ---------------------------------------------------------------------------------------------
// Types

export type PlanDiscounts = {
  /** The family pays the whole portion at the start and gets the practice's pay-in-full discount. */
  payInFull?: boolean;
  /** A sibling (family) discount: a fixed amount, or a percent (up to two decimals) of the portion. */
  sibling?: { kind: 'amount'; cents: number } | { kind: 'percent'; percent: number };
  /** A courtesy discount with the reason it was given. */
  courtesy?: { cents: number; reason: string };
};

export type DiscountKind = 'pay-in-full' | 'sibling' | 'courtesy';

/** One discount as the contract shows it: `Pay-in-full discount (3% of $4,000.00)`, −$120.00. */
export type DiscountLine = { kind: DiscountKind; label: string; cents: number };

export type PlannedInstallment = {
  /** 1, 2, … in date order. */
  number: number;
  dueOn: string;
  /** principalCents + interestCents; always > 0. */
  amountCents: number;
  principalCents: number;
  interestCents: number;
};

export type PaymentPlan = {
  feeCents: number;
  /** The insurance estimate applied: the input capped at the fee. */
  insuranceCents: number;
  discountLines: DiscountLine[];
  /** Sum of `discountLines`. */
  discountCents: number;
  /** fee − insurance − discounts: what the family owes before interest. */
  patientPortionCents: number;
  /** Due on the contract date; the whole portion when paid in full. */
  downPaymentCents: number;
  /** patientPortion − downPayment: the sum of the installments' principal, exactly. */
  financedCents: number;
  payInFull: boolean;
  /** The contract date. */
  startDate: string;
  /** The settings the plan was made with (an amendment keeps its rounding convention). */
  settings: ResolvedPaymentSettings;
  installments: PlannedInstallment[];
  totalInterestCents: number;
  /** downPayment + every installment: patientPortion + totalInterest. */
  totalPatientCents: number;
};

export type PaymentPlanInput = {
  feeCents: number;
  /** What insurance is expected to pay (0 when absent). */
  insuranceCents?: number;
  discounts?: PlanDiscounts;
  /** Ignored when paying in full (the whole portion is due at the start). */
  downPaymentCents?: number;
  /** The plan's length in months; ignored when nothing is financed. */
  months?: number;
  /** The contract date (the down payment's date); the first installment follows the first-due rule. */
  startDate: string;
  /** The practice's settings (`paymentSettingsOf(practice)`), or any part of them over the defaults. */
  settings: PaymentSettings;
};

/** Why a plan cannot be made as asked; `message` is written for the coordinator. */
export type PaymentPlanProblem =
  | { kind: 'discount-percent-invalid'; message: string }
  | { kind: 'discounts-exceed-portion'; message: string; discountCents: number; portionCents: number }
  | { kind: 'down-payment-below-minimum'; message: string; minimumCents: number }
  | { kind: 'down-payment-above-portion'; message: string; portionCents: number }
  | { kind: 'months-required'; message: string }
  | { kind: 'months-above-maximum'; message: string; maximumMonths: number }
  | { kind: 'installments-too-small'; message: string }
  | { kind: 'paid-more-than-financed'; message: string; overpaidCents: number };

// ---------------------------------------------------------------------------------------------
// Small helpers: checks, rounding, percent display

function requireCents(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be whole cents ≥ 0: ${value}`);
}

function requireWhole(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a whole number ≥ 0: ${value}`);
}

function requireLocalDate(name: string, value: string): void {
  if (!splitLocalDate(value)) throw new RangeError(`${name} is not a local date: ${value}`);
}

function requireBasisPoints(value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 10_000)
    throw new RangeError(`Not basis points 0–10,000: ${value}`);
}

/** `cents × basisPoints / 10,000` rounded **half up to the cent**. Exact in integers up to $1,000,000 × 100%. */
export function basisPointsOfCentsHalfUp(cents: number, basisPoints: number): number {
  requireCents('cents', cents);
  requireBasisPoints(basisPoints);
  return Math.floor((cents * basisPoints + 5_000) / 10_000);
}

/** `cents × basisPoints / 10,000` rounded **up to the cent** (any fraction of a cent counts). */
export function basisPointsOfCentsUp(cents: number, basisPoints: number): number {
  requireCents('cents', cents);
  requireBasisPoints(basisPoints);
  return Math.floor((cents * basisPoints + 9_999) / 10_000);
}

/** `300` → `3%`, `250` → `2.5%`, `1234` → `12.34%`: written from integers, never a float. */
export function formatBasisPoints(basisPoints: number): string {
  requireBasisPoints(basisPoints);
  const whole = Math.floor(basisPoints / 100);
  const fraction = String(basisPoints % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''}%`;
}

/** A percent typed with up to two decimals, as basis points; null when it is not one (or outside 0–100). */
function percentToBasisPoints(percent: number): number | null {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) return null;
  const bp = Math.round(percent * 100);
  return Math.abs(bp - percent * 100) < 1e-6 ? bp : null;
}

const sum = <T>(items: readonly T[], of: (item: T) => number): number =>
  items.reduce((total, item) => total + of(item), 0);

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

// ---------------------------------------------------------------------------------------------
// Calendar: frequency, first due date, due dates

const PERIODS_PER_YEAR: Record<PlanFrequency, number> = {
  monthly: 12,
  weekly: 52,
  biweekly: 26,
  quarterly: 4,
};

/**
 * How many installments of `frequency` a plan of `months` months has: the whole periods that fit
 * (months × periods a year ÷ 12, rounded down), at least one. 0 months → 0.
 * Monthly: `months`; quarterly: 24 → 8, 4 → 1; biweekly: 24 → 52; weekly: 24 → 104, 1 → 4.
 */
export function installmentCountFor(months: number, frequency: PlanFrequency): number {
  requireWhole('months', months);
  if (months === 0) return 0;
  return Math.max(1, Math.floor((months * PERIODS_PER_YEAR[frequency]) / 12));
}

/** The date `n` periods after `date`: months are counted with `addMonthsClamped`, weeks in days. */
function stepDate(date: string, n: number, frequency: PlanFrequency): string {
  switch (frequency) {
    case 'monthly':
      return addMonthsClamped(date, n);
    case 'quarterly':
      return addMonthsClamped(date, 3 * n);
    case 'weekly':
      return addDays(date, 7 * n);
    case 'biweekly':
      return addDays(date, 14 * n);
  }
}

/**
 * The first installment's date (PLAN-9): the next `dueDayOfMonth`
 * strictly after the contract date; if that is fewer than `firstDueMinDays` days away, the
 * month after (repeated until it is far enough). With the defaults (the 1st, 21 days): a
 * contract on Mar 11 starts Apr 1 (exactly 21 days), one on Mar 12 starts May 1 (Apr 1 is 20
 * days away). The same rule starts every frequency; the frequency sets the steps after it.
 */
export function firstDueDate(
  startDate: string,
  settings: Pick<ResolvedPaymentSettings, 'dueDayOfMonth' | 'firstDueMinDays'>,
): string {
  const parts = splitLocalDate(startDate);
  if (!parts) throw new RangeError(`startDate is not a local date: ${startDate}`);
  let due = formatLocalDate({ year: parts.year, month: parts.month, day: settings.dueDayOfMonth });
  if (due <= startDate) due = addMonthsClamped(due, 1);
  while (daysBetween(startDate, due) < settings.firstDueMinDays) due = addMonthsClamped(due, 1);
  return due;
}

// ---------------------------------------------------------------------------------------------
// Spreading an amount over installments

/** Does interest apply to a schedule of `count` installments whose first `delay` are interest-free? */
function interestApplies(settings: ResolvedPaymentSettings, count: number, delay: number): boolean {
  return settings.aprBasisPoints > 0 && delay < count;
}

/**
 * One period's interest on `remainingCents`: remaining × APR ÷ periods a year, rounded **half up
 * to the cent**, in integers (`remaining × bp × 2 + D` over `2D`, D = 10,000 × periods a year).
 */
function periodInterestCents(
  remainingCents: number,
  aprBasisPoints: number,
  frequency: PlanFrequency,
): number {
  const d = 10_000 * PERIODS_PER_YEAR[frequency];
  return Math.floor((remainingCents * aprBasisPoints * 2 + d) / (2 * d));
}

/**
 * The level payment of an interest-bearing schedule, **rounded up to the cent**. Without an
 * interest delay it is P·r / (1 − (1 + r)^−n) (PLAN-8). With "interest starts after k
 * payments" the payment stays level across the whole plan: the first k payments are principal
 * only, and what they leave is amortized over the other n − k, so
 * A = P / (k + (1 − (1 + r)^−(n−k)) / r), which is the plain formula when k = 0.
 * Floats are used for the annuity factor only; a millionth of a cent of float noise is not
 * rounded up.
 */
function levelPaymentCents(
  principalCents: number,
  count: number,
  delay: number,
  settings: ResolvedPaymentSettings,
): number {
  const r = settings.aprBasisPoints / 10_000 / PERIODS_PER_YEAR[settings.frequency];
  const annuity = (1 - (1 + r) ** -(count - delay)) / r;
  return Math.ceil(principalCents / (delay + annuity) - 1e-6);
}

/**
 * The amount of the plan's regular installments (every one but the one that absorbs the
 * rounding): financed ÷ n down to the cent (`remainder-last`, `remainder-first`), up to the
 * cent (`round-up`), or the level payment with interest. 0 when nothing is financed.
 */
function regularInstallmentCents(
  financedCents: number,
  count: number,
  delay: number,
  settings: ResolvedPaymentSettings,
): number {
  if (financedCents === 0 || count === 0) return 0;
  if (interestApplies(settings, count, delay))
    return levelPaymentCents(financedCents, count, delay, settings);
  return settings.rounding === 'round-up'
    ? Math.ceil(financedCents / count)
    : Math.floor(financedCents / count);
}

type ScheduleArgs = {
  financedCents: number;
  count: number;
  firstDue: string;
  firstNumber: number;
  /** Installments before interest starts (already reduced by installments kept in an amendment). */
  delay: number;
  settings: ResolvedPaymentSettings;
};

function tooSmall(financedCents: number, count: number): PaymentPlanProblem {
  return {
    kind: 'installments-too-small',
    message:
      `${formatCents(financedCents)} cannot be spread over ${plural(count, 'payment', 'payments')} ` +
      'of at least one cent each: choose fewer months or a smaller down payment',
  };
}

/** The installments for `financedCents`, each with a positive amount and principal, or why not. */
function schedule(args: ScheduleArgs): Result<PlannedInstallment[], PaymentPlanProblem> {
  const { financedCents, count, firstDue, firstNumber, delay, settings } = args;
  const dueOn = (i: number) => stepDate(firstDue, i, settings.frequency);
  const installments: PlannedInstallment[] = [];
  const regular = regularInstallmentCents(financedCents, count, delay, settings);

  if (interestApplies(settings, count, delay)) {
    let remaining = financedCents;
    for (let i = 0; i < count; i += 1) {
      const interest =
        i < delay ? 0 : periodInterestCents(remaining, settings.aprBasisPoints, settings.frequency);
      const last = i === count - 1;
      const principal = last ? remaining : regular - interest;
      // Every payment but the last leaves some principal for the last one to pay.
      if (principal <= 0 || (!last && principal >= remaining)) return err(tooSmall(financedCents, count));
      installments.push({
        number: firstNumber + i,
        dueOn: dueOn(i),
        amountCents: principal + interest,
        principalCents: principal,
        interestCents: interest,
      });
      remaining -= principal;
    }
    return ok(installments);
  }

  const odd = financedCents - regular * (count - 1);
  const oddIndex = settings.rounding === 'remainder-first' ? 0 : count - 1;
  for (let i = 0; i < count; i += 1) {
    const amount = i === oddIndex ? odd : regular;
    if (amount <= 0) return err(tooSmall(financedCents, count));
    installments.push({
      number: firstNumber + i,
      dueOn: dueOn(i),
      amountCents: amount,
      principalCents: amount,
      interestCents: 0,
    });
  }
  return ok(installments);
}

function totals(plan: Omit<PaymentPlan, 'totalInterestCents' | 'totalPatientCents'>): PaymentPlan {
  const totalInterestCents = sum(plan.installments, (i) => i.interestCents);
  return {
    ...plan,
    totalInterestCents,
    totalPatientCents: plan.downPaymentCents + sum(plan.installments, (i) => i.amountCents),
  };
}

// ---------------------------------------------------------------------------------------------
// Down payment limits and the slider

/** The smallest down payment the practice accepts: the larger of its amount and its percent (up to the cent), at most the portion. */
function minimumDownCents(patientPortionCents: number, settings: ResolvedPaymentSettings): number {
  const byPercent = basisPointsOfCentsUp(patientPortionCents, settings.minimumDownPaymentBasisPoints);
  return Math.min(patientPortionCents, Math.max(settings.minimumDownPaymentCents, byPercent));
}

export type SliderBounds = {
  minDownCents: number;
  maxDownCents: number;
  minMonths: number;
  maxMonths: number;
};

/**
 * The range a presentation slider may offer: the down payment from the practice's minimum to
 * the whole portion (everything at the start, nothing financed), and from 1 month to the
 * practice's maximum. All zero when the family owes nothing.
 */
export function sliderBounds(input: {
  patientPortionCents: number;
  settings: PaymentSettings;
}): SliderBounds {
  requireCents('patientPortionCents', input.patientPortionCents);
  const settings = resolvePaymentSettings(input.settings);
  const portion = input.patientPortionCents;
  if (portion === 0) return { minDownCents: 0, maxDownCents: 0, minMonths: 0, maxMonths: 0 };
  return {
    minDownCents: minimumDownCents(portion, settings),
    maxDownCents: portion,
    minMonths: 1,
    maxMonths: settings.maximumMonths,
  };
}

/**
 * The down payment suggested when a plan is first shown: `defaultDownPaymentBasisPoints` of the
 * portion, up to the cent, within the slider's bounds.
 */
export function defaultDownPaymentCents(input: {
  patientPortionCents: number;
  settings: PaymentSettings;
}): number {
  requireCents('patientPortionCents', input.patientPortionCents);
  const settings = resolvePaymentSettings(input.settings);
  const portion = input.patientPortionCents;
  const suggested = basisPointsOfCentsUp(portion, settings.defaultDownPaymentBasisPoints);
  return Math.min(portion, Math.max(minimumDownCents(portion, settings), suggested));
}

function checkedFinanced(patientPortionCents: number, downPaymentCents: number): number {
  requireCents('patientPortionCents', patientPortionCents);
  requireCents('downPaymentCents', downPaymentCents);
  if (downPaymentCents > patientPortionCents)
    throw new RangeError(`Down payment ${downPaymentCents} is more than the portion ${patientPortionCents}`);
  return patientPortionCents - downPaymentCents;
}

/**
 * The regular installment (what most payments are: "the monthly amount" when monthly) for a
 * down payment and a length; the same figure `planPayments` gives its regular installments.
 * **Monotonic:** a larger down payment never gives a larger installment (the financed amount
 * falls, and every rounding rule is non-decreasing in it). Inputs outside the slider's bounds
 * (a down payment above the portion) are a bug and throw.
 */
export function monthlyForDown(input: {
  patientPortionCents: number;
  downPaymentCents: number;
  months: number;
  settings: PaymentSettings;
}): number {
  const financed = checkedFinanced(input.patientPortionCents, input.downPaymentCents);
  const settings = resolvePaymentSettings(input.settings);
  const count = installmentCountFor(input.months, settings.frequency);
  return regularInstallmentCents(financed, count, settings.interestStartsAfter, settings);
}

/**
 * The smallest down payment, within the slider's bounds, whose regular installment is at most
 * `monthlyCents` (the other end of the slider). Found by bisection on the monotonic
 * `monthlyForDown`; the whole portion always qualifies (nothing financed).
 */
export function downForMonthly(input: {
  patientPortionCents: number;
  monthlyCents: number;
  months: number;
  settings: PaymentSettings;
}): number {
  requireCents('patientPortionCents', input.patientPortionCents);
  requireCents('monthlyCents', input.monthlyCents);
  const settings = resolvePaymentSettings(input.settings);
  const portion = input.patientPortionCents;
  const count = installmentCountFor(input.months, settings.frequency);
  const fits = (down: number) =>
    regularInstallmentCents(portion - down, count, settings.interestStartsAfter, settings) <=
    input.monthlyCents;
  let low = minimumDownCents(portion, settings);
  let high = portion;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (fits(mid)) high = mid;
    else low = mid + 1;
  }
  return low;
}

// ---------------------------------------------------------------------------------------------
// The plan

/** The discounts as contract lines, each from the portion before discounts (or the fee), or why not. */
function discountLines(
  feeCents: number,
  portionBeforeCents: number,
  discounts: PlanDiscounts,
  settings: ResolvedPaymentSettings,
): Result<DiscountLine[], PaymentPlanProblem> {
  const lines: DiscountLine[] = [];
  if (discounts.payInFull && settings.payInFullDiscountBasisPoints > 0) {
    const base = settings.payInFullDiscountBase === 'fee' ? feeCents : portionBeforeCents;
    const bp = settings.payInFullDiscountBasisPoints;
    lines.push({
      kind: 'pay-in-full',
      label: `Pay-in-full discount (${formatBasisPoints(bp)} of ${formatCents(base)})`,
      cents: basisPointsOfCentsHalfUp(base, bp),
    });
  }
  const sibling = discounts.sibling;
  if (sibling?.kind === 'amount') {
    requireCents('sibling discount', sibling.cents);
    lines.push({ kind: 'sibling', label: 'Sibling discount', cents: sibling.cents });
  } else if (sibling?.kind === 'percent') {
    const bp = percentToBasisPoints(sibling.percent);
    if (bp === null)
      return err({
        kind: 'discount-percent-invalid',
        message: `The sibling discount must be a percent from 0 to 100 with at most two decimals, not ${sibling.percent}`,
      });
    lines.push({
      kind: 'sibling',
      label: `Sibling discount (${formatBasisPoints(bp)} of ${formatCents(portionBeforeCents)})`,
      cents: basisPointsOfCentsHalfUp(portionBeforeCents, bp),
    });
  }
  const courtesy = discounts.courtesy;
  if (courtesy) {
    requireCents('courtesy discount', courtesy.cents);
    const reason = courtesy.reason.trim();
    lines.push({
      kind: 'courtesy',
      label: reason ? `Courtesy discount (${reason})` : 'Courtesy discount',
      cents: courtesy.cents,
    });
  }
  return ok(lines.filter((line) => line.cents > 0));
}

export type PatientPortion = {
  feeCents: number;
  /** The insurance estimate applied: the input capped at the fee. */
  insuranceCents: number;
  discountLines: DiscountLine[];
  discountCents: number;
  /** fee − insurance − discounts. */
  patientPortionCents: number;
};

function portionWith(
  input: Pick<PaymentPlanInput, 'feeCents' | 'insuranceCents' | 'discounts'>,
  settings: ResolvedPaymentSettings,
): Result<PatientPortion, PaymentPlanProblem> {
  const { feeCents, insuranceCents: insuranceIn = 0, discounts = {} } = input;
  requireCents('feeCents', feeCents);
  requireCents('insuranceCents', insuranceIn);
  const insuranceCents = Math.min(insuranceIn, feeCents);
  const portionBefore = feeCents - insuranceCents;
  const lines = discountLines(feeCents, portionBefore, discounts, settings);
  if (!lines.ok) return lines;
  const discountCents = sum(lines.value, (line) => line.cents);
  if (discountCents > portionBefore)
    return err({
      kind: 'discounts-exceed-portion',
      message: `The discounts (${formatCents(discountCents)}) are more than the ${formatCents(portionBefore)} the family owes`,
      discountCents,
      portionCents: portionBefore,
    });
  return ok({
    feeCents,
    insuranceCents,
    discountLines: lines.value,
    discountCents,
    patientPortionCents: portionBefore - discountCents,
  });
}

/**
 * Steps 1–3 of the order of operations: the fee, the insurance applied, the discount lines and
 * the patient portion, before any down payment (what the slider's bounds are computed from).
 */
export function patientPortion(input: {
  feeCents: number;
  insuranceCents?: number;
  discounts?: PlanDiscounts;
  settings: PaymentSettings;
}): Result<PatientPortion, PaymentPlanProblem> {
  return portionWith(input, resolvePaymentSettings(input.settings));
}

function checkMonths(months: number, settings: ResolvedPaymentSettings): PaymentPlanProblem | null {
  if (months < 1) return { kind: 'months-required', message: 'Choose how many months the payments run' };
  if (months > settings.maximumMonths)
    return {
      kind: 'months-above-maximum',
      message: `At most ${plural(settings.maximumMonths, 'month', 'months')} (the practice's longest plan)`,
      maximumMonths: settings.maximumMonths,
    };
  return null;
}

/**
 * The plan for a contract, or the problem with what was asked (see the module comment for the
 * order of operations and every rounding). Amounts must be whole cents ≥ 0 and `startDate` a
 * local date (schema-valid input); anything else is a bug and throws.
 *
 * PLAN-2's example: fee $6,000, insurance $1,000, family discount $200, down $1,000 →
 * financed $3,800 over 12 months → 11 × $316.66 and a last payment of $316.74.
 */
export function planPayments(input: PaymentPlanInput): Result<PaymentPlan, PaymentPlanProblem> {
  const { discounts = {}, startDate } = input;
  const downIn = input.downPaymentCents ?? 0;
  const months = input.months ?? 0;
  requireCents('downPaymentCents', downIn);
  requireWhole('months', months);
  requireLocalDate('startDate', startDate);
  const settings = resolvePaymentSettings(input.settings);
  const portion = portionWith(input, settings);
  if (!portion.ok) return portion;
  const { patientPortionCents } = portion.value;
  const payInFull = discounts.payInFull === true;
  const base = { ...portion.value, payInFull, startDate, settings };
  if (payInFull)
    return ok(totals({ ...base, downPaymentCents: patientPortionCents, financedCents: 0, installments: [] }));

  if (downIn > patientPortionCents)
    return err({
      kind: 'down-payment-above-portion',
      message: `The down payment is more than the ${formatCents(patientPortionCents)} the family owes`,
      portionCents: patientPortionCents,
    });
  const minimum = minimumDownCents(patientPortionCents, settings);
  if (downIn < minimum)
    return err({
      kind: 'down-payment-below-minimum',
      message: `The down payment must be at least ${formatCents(minimum)} (the practice's minimum)`,
      minimumCents: minimum,
    });
  const financedCents = patientPortionCents - downIn;
  const done = { ...base, downPaymentCents: downIn, financedCents };
  if (financedCents === 0) return ok(totals({ ...done, installments: [] }));

  const monthsProblem = checkMonths(months, settings);
  if (monthsProblem) return err(monthsProblem);
  const installments = schedule({
    financedCents,
    count: installmentCountFor(months, settings.frequency),
    firstDue: firstDueDate(startDate, settings),
    firstNumber: 1,
    delay: settings.interestStartsAfter,
    settings,
  });
  if (!installments.ok) return installments;
  return ok(totals({ ...done, installments: installments.value }));
}

// ---------------------------------------------------------------------------------------------
// Amendments

export type ReplanInput = {
  /** The amendment's date: installments due before it stay exactly as they were. */
  asOf: string;
  /** Installments already paid (even ones not yet due): they stay too. */
  paidInstallmentNumbers?: readonly number[];
  /**
   * Or: the total paid toward installments. It pays them oldest first; each one it covers
   * whole stays. Money beyond whole installments is a credit on the account (A/R), not a change
   * to the plan.
   */
  paidCents?: number;
  /**
   * The amended contract's financed amount, as if planned from the start (e.g. the old one plus
   * a $500 fee increase: plan the new terms with `planPayments` and pass its `financedCents`).
   * Default: unchanged. The result's `patientPortionCents` follows it (down payment + financed);
   * fee, insurance and discount lines stay the original contract's.
   */
  newFinancedCents?: number;
  /** The length in months of the re-planned part. Default: as many installments as are left. */
  newMonths?: number;
  /** Settings changed for the amendment, over the plan's own (its rounding convention by default). */
  newSettings?: PaymentSettings;
};

/**
 * Re-plans what is left of a plan (an amendment): the installments due before `asOf`, and those
 * paid, stay exactly; the financed amount not covered by their principal is spread again with
 * the plan's rounding convention (or the amended settings), numbered on after the last kept
 * installment.
 *
 * Dates: with the same frequency and due day, the re-planned installments continue the plan's
 * rhythm, one period after the last kept installment (the original dates, when nothing was paid
 * ahead), or from the plan's first due date if none is kept; if that date is before `asOf`, or
 * the rhythm changed, they start on the first-due rule from `asOf` (or from the last kept
 * installment's date, when one paid ahead falls later). Interest that starts after N
 * payments counts the kept installments among the N.
 */
export function replanRemaining(
  plan: PaymentPlan,
  input: ReplanInput,
): Result<PaymentPlan, PaymentPlanProblem> {
  const { asOf } = input;
  requireLocalDate('asOf', asOf);
  if (input.paidCents !== undefined) requireCents('paidCents', input.paidCents);
  if (input.newFinancedCents !== undefined) requireCents('newFinancedCents', input.newFinancedCents);
  if (input.newMonths !== undefined) requireWhole('newMonths', input.newMonths);
  const settings = resolvePaymentSettings(input.newSettings, plan.settings);

  const paid = new Set(input.paidInstallmentNumbers ?? []);
  if (input.paidCents !== undefined) {
    let left = input.paidCents;
    for (const installment of plan.installments) {
      if (left < installment.amountCents) break;
      paid.add(installment.number);
      left -= installment.amountCents;
    }
  }
  const kept = plan.installments.filter((i) => i.dueOn < asOf || paid.has(i.number));
  const keptPrincipal = sum(kept, (i) => i.principalCents);
  const financedCents = input.newFinancedCents ?? plan.financedCents;
  const remaining = financedCents - keptPrincipal;
  if (remaining < 0)
    return err({
      kind: 'paid-more-than-financed',
      message: `The payments kept already cover ${formatCents(keptPrincipal)}, more than the ${formatCents(financedCents)} financed: ${formatCents(-remaining)} is owed back to the family`,
      overpaidCents: -remaining,
    });

  const sameRhythm =
    settings.frequency === plan.settings.frequency && settings.dueDayOfMonth === plan.settings.dueDayOfMonth;
  let count: number;
  if (input.newMonths !== undefined) {
    count = installmentCountFor(input.newMonths, settings.frequency);
  } else if (settings.frequency === plan.settings.frequency) {
    count = plan.installments.length - kept.length;
  } else {
    count = 0; // A new frequency needs a new length.
  }

  let installments: PlannedInstallment[] = [];
  if (remaining > 0) {
    const monthsProblem =
      input.newMonths !== undefined
        ? checkMonths(input.newMonths, settings)
        : count === 0
          ? checkMonths(0, settings)
          : null;
    if (monthsProblem) return err(monthsProblem);
    const lastKept = kept.at(-1);
    const rhythmDate = !sameRhythm
      ? undefined
      : lastKept
        ? stepDate(lastKept.dueOn, 1, settings.frequency)
        : plan.installments[0]?.dueOn;
    // Never on or before a kept installment (one paid ahead may be due after `asOf`).
    const from = lastKept && lastKept.dueOn > asOf ? lastKept.dueOn : asOf;
    const firstDue =
      rhythmDate !== undefined && rhythmDate >= asOf ? rhythmDate : firstDueDate(from, settings);
    const planned = schedule({
      financedCents: remaining,
      count,
      firstDue,
      firstNumber: (lastKept?.number ?? 0) + 1,
      delay: Math.max(0, settings.interestStartsAfter - kept.length),
      settings,
    });
    if (!planned.ok) return planned;
    installments = planned.value;
  }

  return ok(
    totals({
      ...plan,
      settings,
      financedCents,
      patientPortionCents: plan.downPaymentCents + financedCents,
      installments: [...kept, ...installments],
    }),
  );
}
