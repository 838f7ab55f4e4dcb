import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PAYMENT_SETTINGS,
  PAY_IN_FULL_DISCOUNT_BASE_LABELS,
  PLAN_FREQUENCY_LABELS,
  PayInFullDiscountBase,
  PaymentSettings,
  PlanFrequency,
  ROUNDING_CONVENTION_LABELS,
  RoundingConvention,
  paymentSettingsOf,
  resolvePaymentSettings,
} from './payment-settings.schema.ts';

describe('PLAN-11: payment settings', () => {
  it('has the defaults of PLAN-2, PLAN-4, PLAN-6, PLAN-7 and PLAN-9', () => {
    expect(DEFAULT_PAYMENT_SETTINGS).toEqual({
      rounding: 'remainder-last',
      payInFullDiscountBasisPoints: 300,
      payInFullDiscountBase: 'patient-portion',
      defaultDownPaymentBasisPoints: 2000,
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
    expect(Object.isFrozen(DEFAULT_PAYMENT_SETTINGS)).toBe(true);
  });

  it('PLAN-106: offers at most three preset plans, each named, with a share down and 0–60 months', () => {
    const preset = { label: 'Standard', downPaymentBasisPoints: 2_000, months: 24 };
    expect(PaymentSettings.safeParse({ planPresets: [preset, preset, preset] }).success).toBe(true);
    expect(PaymentSettings.safeParse({ planPresets: [preset, preset, preset, preset] }).success).toBe(false);
    expect(PaymentSettings.safeParse({ planPresets: [{ ...preset, label: ' ' }] }).success).toBe(false);
    expect(PaymentSettings.safeParse({ planPresets: [{ ...preset, months: 61 }] }).success).toBe(false);
    expect(PaymentSettings.safeParse({ planPresets: [{ ...preset, months: 0 }] }).success).toBe(true);
  });

  it('accepts a practice that set nothing, and one that set everything', () => {
    expect(PaymentSettings.safeParse({}).success).toBe(true);
    expect(PaymentSettings.safeParse({ ...DEFAULT_PAYMENT_SETTINGS }).success).toBe(true);
  });

  it('keeps percentages in basis points, so 2.5% is 250', () => {
    expect(PaymentSettings.parse({ payInFullDiscountBasisPoints: 250 })).toEqual({
      payInFullDiscountBasisPoints: 250,
    });
    expect(PaymentSettings.safeParse({ payInFullDiscountBasisPoints: 250.5 }).success).toBe(false);
    expect(PaymentSettings.safeParse({ payInFullDiscountBasisPoints: 10_001 }).success).toBe(false);
    expect(PaymentSettings.safeParse({ minimumDownPaymentBasisPoints: -1 }).success).toBe(false);
  });

  it('refuses a due day that some month lacks', () => {
    expect(PaymentSettings.safeParse({ dueDayOfMonth: 28 }).success).toBe(true);
    expect(PaymentSettings.safeParse({ dueDayOfMonth: 29 }).success).toBe(false);
    expect(PaymentSettings.safeParse({ dueDayOfMonth: 0 }).success).toBe(false);
  });

  it('refuses an APR above 36%', () => {
    expect(PaymentSettings.safeParse({ aprBasisPoints: 3600 }).success).toBe(true);
    const above = PaymentSettings.safeParse({ aprBasisPoints: 3601 });
    expect(above.success).toBe(false);
    expect(above.error?.issues[0]?.message).toBe('At most 36%');
  });

  it('refuses plans longer than 60 months or shorter than 1', () => {
    expect(PaymentSettings.safeParse({ maximumMonths: 60 }).success).toBe(true);
    expect(PaymentSettings.safeParse({ maximumMonths: 61 }).success).toBe(false);
    expect(PaymentSettings.safeParse({ maximumMonths: 0 }).success).toBe(false);
  });

  it('refuses negative or fractional minimum down payments', () => {
    expect(PaymentSettings.safeParse({ minimumDownPaymentCents: 50_000 }).success).toBe(true);
    expect(PaymentSettings.safeParse({ minimumDownPaymentCents: -1 }).success).toBe(false);
    expect(PaymentSettings.safeParse({ minimumDownPaymentCents: 1.5 }).success).toBe(false);
  });

  it('refuses unknown choices', () => {
    expect(PaymentSettings.safeParse({ rounding: 'bankers' }).success).toBe(false);
    expect(PaymentSettings.safeParse({ frequency: 'daily' }).success).toBe(false);
    expect(PaymentSettings.safeParse({ payInFullDiscountBase: 'portion' }).success).toBe(false);
  });

  it('labels every choice', () => {
    for (const value of RoundingConvention.options) expect(ROUNDING_CONVENTION_LABELS[value]).toBeTruthy();
    for (const value of PlanFrequency.options) expect(PLAN_FREQUENCY_LABELS[value]).toBeTruthy();
    for (const value of PayInFullDiscountBase.options)
      expect(PAY_IN_FULL_DISCOUNT_BASE_LABELS[value]).toBeTruthy();
  });
});

describe("PLAN-11: a practice's payment settings", () => {
  it('are the defaults when there is no practice yet or it set nothing', () => {
    expect(paymentSettingsOf(null)).toEqual(DEFAULT_PAYMENT_SETTINGS);
    expect(paymentSettingsOf({})).toEqual(DEFAULT_PAYMENT_SETTINGS);
    expect(paymentSettingsOf({ paymentSettings: {} })).toEqual(DEFAULT_PAYMENT_SETTINGS);
  });

  it('take each field the practice set and the default for the rest', () => {
    const settings = paymentSettingsOf({
      paymentSettings: { rounding: 'round-up', dueDayOfMonth: 15, aprBasisPoints: undefined },
    });
    expect(settings).toEqual({ ...DEFAULT_PAYMENT_SETTINGS, rounding: 'round-up', dueDayOfMonth: 15 });
  });

  it('keep a setting of 0 rather than falling back to the default', () => {
    expect(paymentSettingsOf({ paymentSettings: { payInFullDiscountBasisPoints: 0 } })).toMatchObject({
      payInFullDiscountBasisPoints: 0,
    });
  });

  it('can be laid over other settings than the defaults', () => {
    const base = { ...DEFAULT_PAYMENT_SETTINGS, rounding: 'remainder-first' as const, maximumMonths: 36 };
    expect(resolvePaymentSettings({ maximumMonths: 12 }, base)).toEqual({ ...base, maximumMonths: 12 });
  });

  it('never change the defaults they start from', () => {
    resolvePaymentSettings({ maximumMonths: 12 });
    expect(DEFAULT_PAYMENT_SETTINGS.maximumMonths).toBe(24);
  });

  it('throw on values the schema refuses: they are a bug by the time they get here', () => {
    expect(() => paymentSettingsOf({ paymentSettings: { dueDayOfMonth: 31 } })).toThrow(RangeError);
  });
});
