import { describe, expect, it } from 'vitest';
import {
  choiceOfOption,
  optionFieldsOfChoice,
  paymentsPhrase,
  planFigures,
  quoteOption,
  moveSlider,
  sliderChoice,
  suggestedChoice,
  type PaymentChoice,
} from './payment-quote.ts';
import { monthlyForDown, planPayments } from './payment-plan.ts';
import { mergeValues } from '../comms/template.ts';

const START = '2026-03-02';
const input = (over: Partial<Parameters<typeof quoteOption>[0]> = {}) => ({
  feeCents: 600_000,
  insuranceCents: 100_000,
  settings: {},
  startDate: START,
  ...over,
});
const plan12: PaymentChoice = { payInFull: false, downPaymentCents: 100_000, months: 12 };

describe('the quote of an option', () => {
  it('PLAN-101: the portion, pay in full and the chosen plan all come from the plan engine', () => {
    const quote = quoteOption(input(), plan12);
    expect(quote.patientPortionCents).toBe(500_000);
    const engine = planPayments({
      feeCents: 600_000,
      insuranceCents: 100_000,
      downPaymentCents: 100_000,
      months: 12,
      startDate: START,
      settings: {},
    });
    if (!engine.ok || !quote.plan.ok) throw new Error('valid');
    expect(quote.plan.value).toEqual(planFigures(engine.value));
    expect(quote.plan.value).toMatchObject({
      dueAtStartCents: 100_000,
      count: 12,
      regularCents: 33_333,
      lastCents: 33_337,
    });
  });

  it('PLAN-105: paying in full shows the discount and what it saves', () => {
    const quote = quoteOption(input(), plan12);
    expect(quote.payInFull.ok && quote.payInFull.value).toMatchObject({
      payInFull: true,
      dueAtStartCents: 485_000,
      discountCents: 15_000,
      savingCents: 15_000,
      count: 0,
      totalCents: 485_000,
    });
    const none = quoteOption(input({ settings: { payInFullDiscountBasisPoints: 0 } }), plan12);
    expect(none.payInFull.ok && none.payInFull.value.savingCents).toBe(0);
  });

  it('PLAN-103: the regular payment is what most payments are, whatever the rounding', () => {
    const first = quoteOption(input({ settings: { rounding: 'remainder-first' } }), plan12);
    expect(first.plan.ok && first.plan.value).toMatchObject({
      firstCents: 33_337,
      regularCents: 33_333,
      lastCents: 33_333,
    });
    const two = quoteOption(input({ settings: { rounding: 'remainder-first' } }), { ...plan12, months: 2 });
    expect(two.plan.ok && two.plan.value).toMatchObject({ firstCents: 200_000, regularCents: 200_000 });
    const up = quoteOption(input({ settings: { rounding: 'round-up' } }), {
      ...plan12,
      downPaymentCents: 100_001,
    });
    expect(up.plan.ok && up.plan.value).toMatchObject({ regularCents: 33_334, lastCents: 33_325 });
    // The slider's monthly amount is the same figure.
    for (const rounding of ['remainder-last', 'remainder-first', 'round-up'] as const) {
      const q = quoteOption(input({ settings: { rounding, aprBasisPoints: 0 } }), plan12);
      expect(q.plan.ok && q.plan.value.regularCents).toBe(
        monthlyForDown({
          patientPortionCents: 500_000,
          downPaymentCents: 100_000,
          months: 12,
          settings: { rounding },
        }),
      );
    }
  });

  it('PLAN-104: the slider starts at the terms offered with the option, else at the practice suggestion', () => {
    expect(suggestedChoice({ months: 24 }, 500_000, {})).toEqual({
      payInFull: false,
      downPaymentCents: 100_000,
      months: 24,
    });
    expect(
      suggestedChoice({ months: 30 }, 500_000, { defaultDownPaymentBasisPoints: 1_000, maximumMonths: 18 }),
    ).toEqual({
      payInFull: false,
      downPaymentCents: 50_000,
      months: 18,
    });
    expect(suggestedChoice({ months: 24, downPaymentCents: 70_000, installments: 10 }, 500_000, {})).toEqual({
      payInFull: false,
      downPaymentCents: 70_000,
      months: 10,
    });
    expect(suggestedChoice({ months: 24 }, 0, {})).toEqual({ payInFull: true });
  });

  it('PLAN-102: everything at the start on the slider is paying in full; the option keeps the choice', () => {
    expect(sliderChoice(500_000, 12, 500_000)).toEqual({ payInFull: true });
    expect(sliderChoice(499_999, 12, 500_000)).toEqual({
      payInFull: false,
      downPaymentCents: 499_999,
      months: 12,
    });
    for (const choice of [plan12, { payInFull: true } as const])
      expect(choiceOfOption(optionFieldsOfChoice(choice))).toEqual(choice);
    expect(choiceOfOption({})).toEqual({ payInFull: true });
  });

  it("PLAN-102: the slider's top stop is the whole portion, cents included; moves stay within the limits", () => {
    const quote = {
      bounds: { minDownCents: 50_000, maxDownCents: 500_050, minMonths: 1, maxMonths: 24 },
      patientPortionCents: 500_050,
      choice: { payInFull: false, downPaymentCents: 100_000, months: 12 } as PaymentChoice,
    };
    expect(moveSlider(quote, 12, { downDollars: 5_000 })).toEqual({
      months: 12,
      choice: { payInFull: true },
    });
    expect(moveSlider(quote, 12, { downDollars: 10 })).toEqual({
      months: 12,
      choice: { payInFull: false, downPaymentCents: 50_000, months: 12 },
    });
    expect(moveSlider(quote, 12, { months: 40.4 })).toEqual({
      months: 24,
      choice: { payInFull: false, downPaymentCents: 100_000, months: 24 },
    });
    // Paying in full: the months control moves, what the family pays does not.
    expect(moveSlider({ ...quote, choice: { payInFull: true } }, 12, { months: 0 })).toEqual({
      months: 1,
      choice: null,
    });
  });

  it('PLAN-106: preset plans are quoted beside the slider, from a share down or paid in full', () => {
    const quote = quoteOption(
      input({
        settings: {
          planPresets: [
            { label: 'Pay in full', downPaymentBasisPoints: 0, months: 0 },
            { label: 'Standard', downPaymentBasisPoints: 2_000, months: 24 },
            { label: 'Low down', downPaymentBasisPoints: 1_000, months: 12 },
          ],
        },
      }),
      plan12,
    );
    expect(quote.presets.map((p) => [p.label, p.choice, p.plan.ok && p.plan.value.regularCents])).toEqual([
      ['Pay in full', { payInFull: true }, 0],
      ['Standard', { payInFull: false, downPaymentCents: 100_000, months: 24 }, 16_666],
      ['Low down', { payInFull: false, downPaymentCents: 50_000, months: 12 }, 37_500],
    ]);
  });

  it('names the payment that differs', () => {
    const quote = quoteOption(input({ settings: { rounding: 'remainder-first' } }), plan12);
    if (!quote.plan.ok) throw new Error('valid');
    expect(paymentsPhrase(quote.plan.value)).toBe(
      '12 monthly payments: a first payment of $333.37 and 11 of $333.33',
    );
  });

  it('PLAN-101: messages state the same figures as the presentation', () => {
    const settings = { rounding: 'remainder-first' as const };
    const option = {
      name: 'Braces',
      feeCents: 600_000,
      months: 24,
      insuranceEstimateCents: 100_000,
      downPaymentCents: 100_000,
      installments: 12,
    };
    const values = mergeValues({ option, paymentSettings: settings });
    const quote = quoteOption(input({ settings }), plan12);
    if (!quote.plan.ok) throw new Error('valid');
    expect(values['option.monthly']).toBe('$333.33');
    expect(values['option.downPayment']).toBe('$1,000.00');
    expect(values['option.patientPortion']).toBe('$5,000.00');
  });
});
