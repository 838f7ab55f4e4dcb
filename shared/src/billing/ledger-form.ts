/**
 * The forms that post to a family's ledger: a payment, an adjustment, a refund, a late fee, or
 * a reversal of a mistaken entry. Dollars typed as text become cents; every problem is named.
 */
import type { LedgerEntryInput } from './ledger-doc.ts';
import { parseDollars } from '../core/money.ts';
import { LedgerEntryFields, type AdjustmentKind, type PaymentMethod } from './ledger.schema.ts';
import { toFieldIssues } from '../documents/collection.ts';

export type LedgerForm = {
  kind: 'payment' | 'adjustment' | 'refund' | 'late-fee';
  amount: string;
  postedOn: string;
  method: PaymentMethod;
  reference: string;
  adjustmentKind: AdjustmentKind;
  reason: string;
};

export function emptyLedgerForm(today: string): LedgerForm {
  return {
    kind: 'payment',
    amount: '',
    postedOn: today,
    method: 'card',
    reference: '',
    adjustmentKind: 'courtesy',
    reason: '',
  };
}

export function readLedgerForm(
  form: LedgerForm,
  context: { familyId: string; patientId?: string; contractId?: string },
): { value?: LedgerEntryInput; errors: Partial<Record<keyof LedgerForm, string>> } {
  const errors: Partial<Record<keyof LedgerForm, string>> = {};
  const amount = parseDollars(form.amount);
  if (!amount.ok) errors.amount = amount.error;
  else if (amount.value === 0) errors.amount = 'More than $0.00';
  if (Object.keys(errors).length > 0 || !amount.ok) return { errors };
  const base = {
    familyId: context.familyId,
    ...(context.patientId ? { patientId: context.patientId } : {}),
    ...(context.contractId ? { contractId: context.contractId } : {}),
    payer: 'patient' as const,
    amountCents: amount.value,
    postedOn: form.postedOn,
  };
  const reference = form.reference.trim() || undefined;
  const reason = form.reason.trim() || undefined;
  const input: LedgerEntryInput =
    form.kind === 'payment'
      ? { ...base, kind: 'payment', method: form.method, reference }
      : form.kind === 'adjustment'
        ? { ...base, kind: 'adjustment', adjustmentKind: form.adjustmentKind, reason }
        : form.kind === 'refund'
          ? { ...base, kind: 'refund', method: form.method, reference, reason }
          : // A charge carries no reason (its kind says what it is): one typed before switching is dropped.
            { ...base, kind: 'charge', chargeKind: 'late-fee' };
  const check = LedgerEntryFields.safeParse(input);
  if (!check.success) {
    for (const issue of toFieldIssues(check.error)) {
      const key =
        (['reference', 'reason', 'postedOn', 'method'] as const).find((k) => issue.path.startsWith(k)) ??
        'amount';
      errors[key] ??= issue.message;
    }
    return { errors };
  }
  return { value: input, errors };
}
