/**
 * What the family is shown for one treatment option, and how they choose to pay for it: the one
 * path from the option's fee to every amount on the presentation, the slider, the preset plans,
 * the financial agreement and the contract (PLAN-101). Every figure here comes from the plan
 * engine (billing/payment-plan.ts); screens format these numbers and compute none.
 */
import { err, ok, type Result } from '../core/result.ts';
import { formatCents } from '../core/money.ts';
import {
  basisPointsOfCentsUp,
  defaultDownPaymentCents,
  patientPortion,
  planPayments,
  sliderBounds,
  type DiscountLine,
  type PaymentPlan,
  type PaymentPlanProblem,
  type SliderBounds,
} from './payment-plan.ts';
import {
  resolvePaymentSettings,
  type PaymentSettings,
  type PlanFrequency,
} from './payment-settings.schema.ts';

/**
 * How a family pays for an option: everything at the start (with the practice's pay-in-full
 * discount), or a down payment and the months the rest is spread over.
 */
export type PaymentChoice =
  { payInFull: true } | { payInFull: false; downPaymentCents: number; months: number };

/** The option fields a choice is kept in (an accepted option carries the family's choice). */
export type OptionChoiceFields = { downPaymentCents?: number | undefined; installments?: number | undefined };

/**
 * The choice an option carries (PLAN-102): no monthly payments means paid in full. This is what
 * the financial agreement states and what the contract is made from (`termsOfOption`).
 */
export function choiceOfOption(option: OptionChoiceFields): PaymentChoice {
  const months = option.installments ?? 0;
  return months === 0
    ? { payInFull: true }
    : { payInFull: false, downPaymentCents: option.downPaymentCents ?? 0, months };
}

/** The option fields that keep `choice` (the inverse of `choiceOfOption`). */
export function optionFieldsOfChoice(choice: PaymentChoice): {
  downPaymentCents: number;
  installments: number;
} {
  return choice.payInFull
    ? { downPaymentCents: 0, installments: 0 }
    : { downPaymentCents: choice.downPaymentCents, installments: choice.months };
}

export function sameChoice(a: PaymentChoice, b: PaymentChoice): boolean {
  if (a.payInFull || b.payInFull) return a.payInFull === b.payInFull;
  return a.downPaymentCents === b.downPaymentCents && a.months === b.months;
}

/**
 * A plan's figures as every screen and document states them. `regularCents` is what most
 * payments are (the slider's "a month"); `firstCents` and `lastCents` differ from it only where
 * the rounding convention or interest puts the odd cents.
 */
export type PlanFigures = {
  feeCents: number;
  insuranceCents: number;
  /** fee − insurance, before discounts. */
  portionBeforeDiscountsCents: number;
  discountLines: readonly DiscountLine[];
  discountCents: number;
  /** After discounts, before interest. */
  patientPortionCents: number;
  payInFull: boolean;
  dueAtStartCents: number;
  financedCents: number;
  count: number;
  firstCents: number;
  regularCents: number;
  lastCents: number;
  frequency: PlanFrequency;
  aprBasisPoints: number;
  totalInterestCents: number;
  /** What the family pays in all: due at start + every installment. */
  totalCents: number;
};

/** The figures of a plan (PLAN-103: the regular payment is the one most installments are). */
export function planFigures(plan: PaymentPlan): PlanFigures {
  const amounts = plan.installments.map((i) => i.amountCents);
  const n = amounts.length;
  const interest = plan.settings.aprBasisPoints > 0 && plan.settings.interestStartsAfter < n;
  // With two payments the odd one is the first under remainder-first, the last otherwise.
  const regularIndex =
    n > 2 || (n === 2 && !interest && plan.settings.rounding === 'remainder-first') ? 1 : 0;
  return {
    feeCents: plan.feeCents,
    insuranceCents: plan.insuranceCents,
    portionBeforeDiscountsCents: plan.feeCents - plan.insuranceCents,
    discountLines: plan.discountLines,
    discountCents: plan.discountCents,
    patientPortionCents: plan.patientPortionCents,
    payInFull: plan.payInFull,
    dueAtStartCents: plan.downPaymentCents,
    financedCents: plan.financedCents,
    count: n,
    firstCents: amounts[0] ?? 0,
    regularCents: amounts[regularIndex] ?? 0,
    lastCents: amounts[n - 1] ?? 0,
    frequency: plan.settings.frequency,
    aprBasisPoints: plan.settings.aprBasisPoints,
    totalInterestCents: plan.totalInterestCents,
    totalCents: plan.totalPatientCents,
  };
}

const PAYMENT_NOUN: Record<PlanFrequency, string> = {
  monthly: 'monthly payments',
  weekly: 'weekly payments',
  biweekly: 'payments every two weeks',
  quarterly: 'quarterly payments',
};

/** "12 monthly payments of $316.66", naming the payment that differs. */
export function paymentsPhrase(figures: PlanFigures): string {
  const { count: n, firstCents: first, regularCents: regular, lastCents: last } = figures;
  const noun = PAYMENT_NOUN[figures.frequency];
  if (n === 1) return `one payment of ${formatCents(last)}`;
  if (first === regular && last === regular) return `${n} ${noun} of ${formatCents(regular)}`;
  if (first === regular)
    return `${n} ${noun}: ${n - 1} of ${formatCents(regular)} and a last payment of ${formatCents(last)}`;
  if (last === regular)
    return `${n} ${noun}: a first payment of ${formatCents(first)} and ${n - 1} of ${formatCents(regular)}`;
  return `${n} ${noun}: a first payment of ${formatCents(first)}, then ${formatCents(regular)}, and a last payment of ${formatCents(last)}`;
}

export type QuoteInput = {
  feeCents: number;
  /** The insurance estimate the family is shown (the engine's, or the option's typed figure). */
  insuranceCents: number;
  settings: PaymentSettings;
  /** The day the plan would start (the presentation's today). */
  startDate: string;
};

/** The plan of one choice, from the plan engine. */
export function planOfChoice(
  input: QuoteInput,
  choice: PaymentChoice,
): Result<PaymentPlan, PaymentPlanProblem> {
  return planPayments({
    feeCents: input.feeCents,
    insuranceCents: input.insuranceCents,
    discounts: { payInFull: choice.payInFull },
    downPaymentCents: choice.payInFull ? 0 : choice.downPaymentCents,
    months: choice.payInFull ? 0 : choice.months,
    startDate: input.startDate,
    settings: input.settings,
  });
}

const figuresOf = (plan: Result<PaymentPlan, PaymentPlanProblem>): Result<PlanFigures, PaymentPlanProblem> =>
  plan.ok ? ok(planFigures(plan.value)) : err(plan.error);

/**
 * The choice a slider starts at (PLAN-104): the down payment and months the coordinator offered
 * with the option, or else the practice's suggested down payment (`defaultDownPaymentBasisPoints`)
 * over the treatment's estimated months (at most the practice's longest plan). Paid in full when
 * the family owes nothing.
 */
export function suggestedChoice(
  option: OptionChoiceFields & { months: number },
  patientPortionCents: number,
  settings: PaymentSettings,
): PaymentChoice {
  if (patientPortionCents === 0) return { payInFull: true };
  const resolved = resolvePaymentSettings(settings);
  const bounds = sliderBounds({ patientPortionCents, settings });
  const down =
    option.downPaymentCents !== undefined
      ? Math.min(bounds.maxDownCents, Math.max(bounds.minDownCents, option.downPaymentCents))
      : defaultDownPaymentCents({ patientPortionCents, settings });
  const months = Math.min(resolved.maximumMonths, Math.max(1, option.installments || option.months));
  if (down >= patientPortionCents) return { payInFull: true };
  return { payInFull: false, downPaymentCents: down, months };
}

/** A choice as the slider makes it: everything at the start is paying in full (PLAN-102). */
export function sliderChoice(
  downPaymentCents: number,
  months: number,
  patientPortionCents: number,
): PaymentChoice {
  return downPaymentCents >= patientPortionCents
    ? { payInFull: true }
    : { payInFull: false, downPaymentCents, months };
}

/** What the family did on the slider: moved the down payment (whole dollars) or the months. */
export type SliderMove = { downDollars: number } | { months: number };

/**
 * The slider's controls read into a choice (PLAN-102): the down payment in whole dollars within
 * the practice's limits, its top stop meaning the whole portion, cents included (paying in
 * full); the months rounded to whole months within the limits. `months` is what the months
 * control shows (kept while the choice is paying in full); `choice` is null when the move
 * changes nothing the family pays.
 */
export function moveSlider(
  quote: Pick<OptionQuote, 'bounds' | 'patientPortionCents' | 'choice'>,
  months: number,
  move: SliderMove,
): { choice: PaymentChoice | null; months: number } {
  const { bounds, patientPortionCents: portion } = quote;
  const clampMonths = (n: number) => Math.min(bounds.maxMonths, Math.max(bounds.minMonths, Math.round(n)));
  if ('months' in move) {
    const moved = clampMonths(move.months);
    return {
      months: moved,
      choice: quote.choice.payInFull ? null : sliderChoice(quote.choice.downPaymentCents, moved, portion),
    };
  }
  const atTop = move.downDollars >= Math.floor(bounds.maxDownCents / 100);
  const cents = atTop
    ? bounds.maxDownCents
    : Math.min(bounds.maxDownCents, Math.max(bounds.minDownCents, Math.round(move.downDollars * 100)));
  const kept = clampMonths(months);
  return { months: kept, choice: sliderChoice(cents, kept, portion) };
}

export type PresetQuote = {
  label: string;
  choice: PaymentChoice;
  plan: Result<PlanFigures, PaymentPlanProblem>;
};

export type OptionQuote = {
  feeCents: number;
  insuranceCents: number;
  /** fee − insurance (capped at the fee), before any discount: "your portion". */
  patientPortionCents: number;
  /** Paying in full: the plan, its discount and what the family saves by it (PLAN-105). */
  payInFull: Result<PlanFigures & { savingCents: number }, PaymentPlanProblem>;
  choice: PaymentChoice;
  /** The plan of `choice`. */
  plan: Result<PlanFigures, PaymentPlanProblem>;
  bounds: SliderBounds;
  /** The practice's preset plans, each with its figures. */
  presets: PresetQuote[];
};

/** Everything the presentation shows for one option and the family's current choice. */
export function quoteOption(input: QuoteInput, choice: PaymentChoice): OptionQuote {
  const portion = patientPortion({
    feeCents: input.feeCents,
    insuranceCents: input.insuranceCents,
    settings: input.settings,
  });
  const patientPortionCents = portion.ok ? portion.value.patientPortionCents : 0;
  const full = figuresOf(planOfChoice(input, { payInFull: true }));
  const resolved = resolvePaymentSettings(input.settings);
  const presets = resolved.planPresets.map((preset): PresetQuote => {
    const down = basisPointsOfCentsUp(patientPortionCents, preset.downPaymentBasisPoints);
    const presetChoice: PaymentChoice =
      preset.months === 0 ? { payInFull: true } : sliderChoice(down, preset.months, patientPortionCents);
    return { label: preset.label, choice: presetChoice, plan: figuresOf(planOfChoice(input, presetChoice)) };
  });
  return {
    feeCents: input.feeCents,
    insuranceCents: Math.min(input.feeCents, input.insuranceCents),
    patientPortionCents,
    payInFull: full.ok ? ok({ ...full.value, savingCents: full.value.discountCents }) : full,
    choice,
    plan: figuresOf(planOfChoice(input, choice)),
    bounds: sliderBounds({ patientPortionCents, settings: input.settings }),
    presets,
  };
}
