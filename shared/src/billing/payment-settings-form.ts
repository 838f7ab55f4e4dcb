/**
 * The practice's payment-plan and late-payment settings as typed: percents with up to two
 * decimals become basis points, dollars become cents, and every problem is named by field.
 */
import { parseDollars } from '../core/money.ts';
import { DEFAULT_LATE_POLICY, LatePolicy } from './ledger.schema.ts';
import {
  DEFAULT_PAYMENT_SETTINGS,
  PaymentSettings,
  type PayInFullDiscountBase,
  type RoundingConvention,
} from './payment-settings.schema.ts';
import { toFieldIssues } from '../documents/collection.ts';
import { formatCents } from '../core/money.ts';

export type PaymentSettingsForm = {
  rounding: RoundingConvention;
  payInFullPercent: string;
  payInFullBase: PayInFullDiscountBase;
  defaultDownPercent: string;
  minimumDown: string;
  maximumMonths: string;
  dueDayOfMonth: string;
  firstDueMinDays: string;
  aprPercent: string;
  graceDays: string;
  lateFee: string;
  /** Up to three preset plans (PLAN-106); a row without a name is no plan. */
  presets: PresetRow[];
};

export type PresetRow = { label: string; downPercent: string; months: string };

const PRESET_ROWS = 3;

const percentText = (bp: number) => String(bp / 100);

export function paymentSettingsToForm(
  settings: PaymentSettings | undefined,
  late: LatePolicy | undefined,
): PaymentSettingsForm {
  const s = { ...DEFAULT_PAYMENT_SETTINGS, ...(settings ?? {}) };
  const l = late ?? DEFAULT_LATE_POLICY;
  return {
    rounding: s.rounding,
    payInFullPercent: percentText(s.payInFullDiscountBasisPoints),
    payInFullBase: s.payInFullDiscountBase,
    defaultDownPercent: percentText(s.defaultDownPaymentBasisPoints),
    minimumDown: formatCents(s.minimumDownPaymentCents).replace('$', ''),
    maximumMonths: String(s.maximumMonths),
    dueDayOfMonth: String(s.dueDayOfMonth),
    firstDueMinDays: String(s.firstDueMinDays),
    aprPercent: percentText(s.aprBasisPoints),
    graceDays: String(l.graceDays),
    lateFee: l.lateFeeCents ? formatCents(l.lateFeeCents).replace('$', '') : '',
    presets: Array.from({ length: PRESET_ROWS }, (_, i) => {
      const preset = s.planPresets[i];
      return preset
        ? {
            label: preset.label,
            downPercent: percentText(preset.downPaymentBasisPoints),
            months: String(preset.months),
          }
        : { label: '', downPercent: '', months: '' };
    }),
  };
}

/** "2.5" → 250; null when it is not a percent with at most two decimals. */
export function percentToBasisPoints(text: string): number | null {
  const t = text.trim().replace(/%$/, '').trim();
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(t)) return null;
  const [whole, fraction = ''] = t.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/**
 * The settings as typed, over the practice's `current` ones (settings the form does not show,
 * such as the frequency, stay as they were), or every problem by field.
 */
export function readPaymentSettingsForm(
  form: PaymentSettingsForm,
  late: LatePolicy | undefined,
  current: PaymentSettings = {},
): {
  value?: { paymentSettings: PaymentSettings; latePolicy: LatePolicy };
  errors: Partial<Record<keyof PaymentSettingsForm, string>>;
} {
  const errors: Partial<Record<keyof PaymentSettingsForm, string>> = {};
  const planPresets: NonNullable<PaymentSettings['planPresets']> = [];
  for (const [i, row] of (form.presets ?? []).entries()) {
    if (!row.label.trim()) continue;
    const down = percentToBasisPoints(row.downPercent || '0');
    const months = row.months.trim();
    if (down === null || down > 10_000 || !/^\d+$/.test(months) || Number(months) > 60) {
      errors.presets ??= `Preset ${i + 1}: a share down such as 20 and 0–60 months (0 = paid in full)`;
      continue;
    }
    planPresets.push({ label: row.label.trim(), downPaymentBasisPoints: down, months: Number(months) });
  }
  type TextKey = Exclude<keyof PaymentSettingsForm, 'presets'>;
  const bp = (key: TextKey) => {
    const value = percentToBasisPoints(form[key]);
    if (value === null) errors[key] = 'A percent such as 3 or 2.5';
    return value ?? 0;
  };
  const whole = (key: TextKey) => {
    const t = form[key].trim();
    if (!/^\d+$/.test(t)) errors[key] = 'A whole number';
    return Number(t);
  };
  const minimumDown = form.minimumDown.trim()
    ? parseDollars(form.minimumDown)
    : { ok: true as const, value: 0 };
  if (!minimumDown.ok) errors.minimumDown = minimumDown.error;
  const lateFee = form.lateFee.trim() ? parseDollars(form.lateFee) : null;
  if (lateFee && !lateFee.ok) errors.lateFee = lateFee.error;
  const paymentSettings: PaymentSettings = {
    ...current,
    rounding: form.rounding,
    payInFullDiscountBasisPoints: bp('payInFullPercent'),
    payInFullDiscountBase: form.payInFullBase,
    defaultDownPaymentBasisPoints: bp('defaultDownPercent'),
    minimumDownPaymentCents: minimumDown.ok ? minimumDown.value : 0,
    maximumMonths: whole('maximumMonths'),
    dueDayOfMonth: whole('dueDayOfMonth'),
    firstDueMinDays: whole('firstDueMinDays'),
    aprBasisPoints: bp('aprPercent'),
    planPresets,
  };
  const latePolicy: LatePolicy = {
    ...(late ?? DEFAULT_LATE_POLICY),
    graceDays: whole('graceDays'),
    ...(lateFee?.ok && lateFee.value > 0 ? { lateFeeCents: lateFee.value } : { lateFeeCents: undefined }),
  };
  if (Object.keys(errors).length > 0) return { errors };
  const checkSettings = PaymentSettings.safeParse(paymentSettings);
  const checkLate = LatePolicy.safeParse(latePolicy);
  const fields: Record<string, keyof PaymentSettingsForm> = {
    payInFullDiscountBasisPoints: 'payInFullPercent',
    defaultDownPaymentBasisPoints: 'defaultDownPercent',
    minimumDownPaymentCents: 'minimumDown',
    maximumMonths: 'maximumMonths',
    dueDayOfMonth: 'dueDayOfMonth',
    firstDueMinDays: 'firstDueMinDays',
    aprBasisPoints: 'aprPercent',
    graceDays: 'graceDays',
    lateFeeCents: 'lateFee',
    planPresets: 'presets',
  };
  for (const issue of [
    ...(checkSettings.success ? [] : toFieldIssues(checkSettings.error)),
    ...(checkLate.success ? [] : toFieldIssues(checkLate.error)),
  ]) {
    const key = fields[issue.path.split('.')[0] ?? ''] ?? 'maximumMonths';
    errors[key] ??= issue.message;
  }
  if (Object.keys(errors).length > 0) return { errors };
  const { lateFeeCents, ...rest } = latePolicy;
  return {
    value: { paymentSettings, latePolicy: lateFeeCents === undefined ? rest : latePolicy },
    errors,
  };
}
