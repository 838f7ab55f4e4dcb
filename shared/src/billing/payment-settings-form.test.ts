import { describe, expect, it } from 'vitest';
import {
  paymentSettingsToForm,
  percentToBasisPoints,
  readPaymentSettingsForm,
} from './payment-settings-form.ts';

describe('PLAN-11: the payment settings form', () => {
  it('starts from the defaults and reads them back unchanged', () => {
    const form = paymentSettingsToForm(undefined, undefined);
    expect(form).toMatchObject({
      payInFullPercent: '3',
      maximumMonths: '24',
      dueDayOfMonth: '1',
      firstDueMinDays: '21',
    });
    const { value, errors } = readPaymentSettingsForm(form, undefined);
    expect(errors).toEqual({});
    expect(value?.paymentSettings).toMatchObject({
      payInFullDiscountBasisPoints: 300,
      maximumMonths: 24,
      aprBasisPoints: 0,
    });
    expect(value?.latePolicy.graceDays).toBe(10);
  });

  it('reads percents with up to two decimals as basis points', () => {
    expect(percentToBasisPoints('2.5')).toBe(250);
    expect(percentToBasisPoints('3%')).toBe(300);
    expect(percentToBasisPoints('0.05')).toBe(5);
    expect(percentToBasisPoints('2.555')).toBeNull();
    expect(percentToBasisPoints('two')).toBeNull();
  });

  it('names what is wrong: a due day past the 28th, a percent with three decimals, a bad late fee', () => {
    const form = {
      ...paymentSettingsToForm(undefined, undefined),
      dueDayOfMonth: '31',
      aprPercent: '5.125',
      lateFee: 'ten',
    };
    const { value, errors } = readPaymentSettingsForm(form, undefined);
    expect(value).toBeUndefined();
    expect(errors.aprPercent).toBe('A percent such as 3 or 2.5');
    expect(errors.lateFee).toBeDefined();
    const day = readPaymentSettingsForm(
      { ...paymentSettingsToForm(undefined, undefined), dueDayOfMonth: '31' },
      undefined,
    );
    expect(day.errors.dueDayOfMonth).toBeDefined();
  });

  it('keeps a late fee in cents', () => {
    const { value } = readPaymentSettingsForm(
      { ...paymentSettingsToForm(undefined, undefined), lateFee: '25' },
      undefined,
    );
    expect(value?.latePolicy.lateFeeCents).toBe(2_500);
  });

  it('PLAN-106: reads preset plans, skipping rows without a name and naming a bad row', () => {
    const form = paymentSettingsToForm(undefined, undefined);
    form.presets = [
      { label: 'Pay in full', downPercent: '', months: '0' },
      { label: '', downPercent: '50', months: '12' },
      { label: 'Standard', downPercent: '20', months: '24' },
    ];
    const { value } = readPaymentSettingsForm(form, undefined);
    expect(value?.paymentSettings.planPresets).toEqual([
      { label: 'Pay in full', downPaymentBasisPoints: 0, months: 0 },
      { label: 'Standard', downPaymentBasisPoints: 2_000, months: 24 },
    ]);
    expect(paymentSettingsToForm(value?.paymentSettings, undefined).presets[1]).toEqual({
      label: 'Standard',
      downPercent: '20',
      months: '24',
    });
    form.presets = [{ label: 'Long', downPercent: '10', months: '72' }];
    expect(readPaymentSettingsForm(form, undefined).errors.presets).toMatch(/^Preset 1:/);
  });

  it('keeps the settings the form does not show', () => {
    const { value } = readPaymentSettingsForm(paymentSettingsToForm(undefined, undefined), undefined, {
      frequency: 'biweekly',
      interestStartsAfter: 3,
    });
    expect(value?.paymentSettings).toMatchObject({ frequency: 'biweekly', interestStartsAfter: 3 });
  });
});
