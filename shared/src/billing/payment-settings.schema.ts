/**
 * A practice's payment-plan settings (PLAN-11): how installments are rounded, the pay-in-full
 * discount, down-payment limits, the longest plan, due dates, interest and frequency. Stored on the
 * practice record (`practice.paymentSettings`); every field is optional and falls back to the
 * default documented beside it, so a practice that never opened the settings gets the defaults.
 *
 * Percentages are **basis points** (1% = 100 bp, so 2.5% = 250): whole numbers, so a percentage
 * can have up to two decimals without a float ever touching money.
 */
import { z } from 'zod';

/**
 * How equal installments absorb the cents that do not divide evenly:
 * - `remainder-last` (default): each payment is financed ÷ n rounded down to the cent, the last
 *   pays what is left (the last is the largest: $3,800 / 12 → 11 × $316.66 + $316.74);
 * - `remainder-first`: the same, but the first payment takes the remainder;
 * - `round-up`: each payment is financed ÷ n rounded up to the cent, the last is smaller.
 * Plans with interest ignore this: the amortization rule fixes their rounding (see payment-plan.ts).
 */
export const RoundingConvention = z.enum(['remainder-last', 'remainder-first', 'round-up']);
export type RoundingConvention = z.infer<typeof RoundingConvention>;

export const ROUNDING_CONVENTION_LABELS: Record<RoundingConvention, string> = {
  'remainder-last': 'Equal payments rounded down; the last payment takes the remainder',
  'remainder-first': 'Equal payments rounded down; the first payment takes the remainder',
  'round-up': 'Equal payments rounded up; the last payment is smaller',
};

/** How often installments fall due. */
export const PlanFrequency = z.enum(['monthly', 'weekly', 'biweekly', 'quarterly']);
export type PlanFrequency = z.infer<typeof PlanFrequency>;

export const PLAN_FREQUENCY_LABELS: Record<PlanFrequency, string> = {
  monthly: 'Monthly',
  weekly: 'Weekly',
  biweekly: 'Every other week',
  quarterly: 'Quarterly',
};

/** What the pay-in-full percentage is taken of. */
export const PayInFullDiscountBase = z.enum(['patient-portion', 'fee']);
export type PayInFullDiscountBase = z.infer<typeof PayInFullDiscountBase>;

export const PAY_IN_FULL_DISCOUNT_BASE_LABELS: Record<PayInFullDiscountBase, string> = {
  'patient-portion': 'The patient portion (fee − insurance estimate)',
  fee: 'The whole treatment fee',
};

/** A percentage in basis points: 0–10,000 (0%–100%); 250 = 2.5%. */
export const BasisPoints = z
  .number({ error: 'Enter a percent' })
  .int({ error: 'At most two decimals' })
  .min(0, { error: 'At least 0%' })
  .max(10_000, { error: 'At most 100%' });

const wholeNumber = (min: number, max: number, unit: string) =>
  z
    .number({ error: `Enter a number of ${unit}` })
    .int({ error: `Whole ${unit}` })
    .min(min, { error: `At least ${min}` })
    .max(max, { error: `At most ${max}` });

/**
 * A plan the practice offers beside the slider ("Standard: 20% down over 24 months"): a share of
 * the patient portion down and a length, or paying in full. Shown with the plan engine's figures.
 */
export const PlanPreset = z.object({
  label: z.string().trim().min(1, { error: 'Name the plan' }).max(40, { error: 'At most 40 characters' }),
  /** Down payment as a share of the patient portion (up to the cent); ignored when paid in full. */
  downPaymentBasisPoints: BasisPoints,
  /** 0 = paid in full (with the pay-in-full discount). */
  months: z
    .number({ error: 'Enter a number of months' })
    .int({ error: 'Whole months' })
    .min(0, { error: 'At least 0' })
    .max(60, { error: 'At most 60' }),
});
export type PlanPreset = z.infer<typeof PlanPreset>;

export const PaymentSettings = z.object({
  /** Default `remainder-last` (PLAN-2). */
  rounding: RoundingConvention.optional(),
  /** Default 300 (3%, PLAN-4; a common recommendation in ortho). 0 turns the discount off. */
  payInFullDiscountBasisPoints: BasisPoints.optional(),
  /** Default `patient-portion` (fee − insurance estimate, PLAN-4). */
  payInFullDiscountBase: PayInFullDiscountBase.optional(),
  /** The down payment suggested when a plan is first shown, as a share of the patient portion. Default 2000 (20%). */
  defaultDownPaymentBasisPoints: BasisPoints.optional(),
  /** The smallest down payment accepted, in cents. Default 0. The larger of this and the percent applies. */
  minimumDownPaymentCents: z
    .number({ error: 'Enter an amount' })
    .int({ error: 'Whole cents only' })
    .min(0, { error: 'Cannot be negative' })
    .max(100_000_000, { error: 'Too large' })
    .optional(),
  /** The smallest down payment accepted, as a share of the patient portion. Default 0. */
  minimumDownPaymentBasisPoints: BasisPoints.optional(),
  /** The longest plan, in months. Default 24. */
  maximumMonths: wholeNumber(1, 60, 'months').optional(),
  /** The day of the month installments fall due (1–28, so every month has it). Default 1. */
  dueDayOfMonth: wholeNumber(1, 28, 'days').optional(),
  /**
   * The first installment is at least this many days after the contract date: if the next due
   * day is closer, the plan starts the month after. Default 21 ("less than 3 weeks away").
   */
  firstDueMinDays: wholeNumber(0, 60, 'days').optional(),
  /** Annual percentage rate in basis points. Default 0 (no interest, the ortho norm). At most 36%. */
  aprBasisPoints: BasisPoints.max(3_600, { error: 'At most 36%' }).optional(),
  /** Interest is charged only after this many payments ("interest threshold"). Default 0. */
  interestStartsAfter: wholeNumber(0, 260, 'payments').optional(),
  /** Default `monthly`. */
  frequency: PlanFrequency.optional(),
  /** Up to three plans offered beside the presentation's slider. Default none. */
  planPresets: z.array(PlanPreset).max(3, { error: 'At most three preset plans' }).optional(),
});
export type PaymentSettings = z.infer<typeof PaymentSettings>;

/** Every setting with its value: what the plan engine works with. */
export type ResolvedPaymentSettings = { [K in keyof PaymentSettings]-?: NonNullable<PaymentSettings[K]> };

export const DEFAULT_PAYMENT_SETTINGS: Readonly<ResolvedPaymentSettings> = Object.freeze({
  rounding: 'remainder-last',
  payInFullDiscountBasisPoints: 300,
  payInFullDiscountBase: 'patient-portion',
  defaultDownPaymentBasisPoints: 2_000,
  minimumDownPaymentCents: 0,
  minimumDownPaymentBasisPoints: 0,
  maximumMonths: 24,
  dueDayOfMonth: 1,
  firstDueMinDays: 21,
  aprBasisPoints: 0,
  interestStartsAfter: 0,
  frequency: 'monthly',
  planPresets: [],
});

/**
 * `settings` over `base` (the defaults unless given), field by field: an absent or `undefined`
 * field keeps the base's value. Throws on values the schema refuses: settings reach here
 * already validated, so an invalid one is a bug.
 */
export function resolvePaymentSettings(
  settings: PaymentSettings | undefined,
  base: Readonly<ResolvedPaymentSettings> = DEFAULT_PAYMENT_SETTINGS,
): ResolvedPaymentSettings {
  const parsed = PaymentSettings.safeParse(settings ?? {});
  if (!parsed.success) {
    throw new RangeError(
      `Invalid payment settings: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
    );
  }
  const resolved: ResolvedPaymentSettings = { ...base };
  for (const [key, value] of Object.entries(parsed.data)) {
    if (value !== undefined) Object.assign(resolved, { [key]: value });
  }
  return resolved;
}

/** The practice's payment settings; the default for anything it has not set (or no practice yet). */
export function paymentSettingsOf(
  practice: { paymentSettings?: PaymentSettings | undefined } | null,
): ResolvedPaymentSettings {
  return resolvePaymentSettings(practice?.paymentSettings);
}
