/**
 * The family account ledger (LEDGER-1 to LEDGER-3, LATE-1): one append-only document per
 * family account. Every charge, payment, adjustment, refund and reversal is one entry, stored as
 * one plain JSON value (documents/collection.ts `appendRecord`) and never edited or deleted: a mistake is
 * corrected by a new entry (a reversal names the entry it cancels). Two devices that post offline
 * both keep their entries by construction. Balances and aging are computed (billing/ledger.ts).
 *
 * **Signs.** `amountCents` is always positive; the kind gives the direction:
 * - `charge` and `refund` are debits: they increase what the family owes (a refund pays money
 *   back, so it takes a credit back toward zero);
 * - `payment` and `adjustment` are credits: they reduce what the family owes (an adjustment is
 *   always a reduction: a discount, a courtesy, a write-off; to add to what is owed, post a charge);
 * - `reversal` cancels the entry named by `reversesId` entirely, whatever its kind. Its
 *   `amountCents` repeats the cancelled entry's amount for people reading the ledger.
 *
 * **Card and bank numbers are never stored**: a card or bank (ACH) reference is at most its last
 * four digits, and a free-text reference that looks like a full card number is refused.
 */
import { z } from 'zod';
import { Cents } from '../pipeline/case.schema.ts';
import { AuditStamps, Id, LocalDate } from '../core/common.schema.ts';

export const LedgerEntryKind = z.enum(['charge', 'payment', 'adjustment', 'refund', 'reversal']);
export type LedgerEntryKind = z.infer<typeof LedgerEntryKind>;
export const LEDGER_ENTRY_KIND_LABELS: Record<LedgerEntryKind, string> = {
  charge: 'Charge',
  payment: 'Payment',
  adjustment: 'Adjustment',
  refund: 'Refund',
  reversal: 'Reversal',
};

/** Which way an entry moves what the family owes (a reversal undoes its target instead). */
export const LEDGER_ENTRY_DIRECTION: Record<Exclude<LedgerEntryKind, 'reversal'>, 'debit' | 'credit'> = {
  charge: 'debit',
  refund: 'debit',
  payment: 'credit',
  adjustment: 'credit',
};

/** `insurance-balance`: what an insurer did not pay on a claim, moved to the family (CLAIM-10). */
export const ChargeKind = z.enum(['initial-fee', 'installment', 'late-fee', 'insurance-balance', 'other']);
export type ChargeKind = z.infer<typeof ChargeKind>;
export const CHARGE_KIND_LABELS: Record<ChargeKind, string> = {
  'initial-fee': 'Initial fee',
  installment: 'Installment',
  'late-fee': 'Late fee',
  'insurance-balance': 'Not paid by insurance',
  other: 'Other charge',
};

export const PaymentMethod = z.enum(['card', 'cash', 'check', 'ach', 'financing', 'insurance']);
export type PaymentMethod = z.infer<typeof PaymentMethod>;
export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  card: 'Card',
  cash: 'Cash',
  check: 'Check',
  ach: 'Bank transfer (ACH)',
  financing: 'Financing company',
  insurance: 'Insurance',
};

/** Why an amount was taken off what the family owes. Every adjustment also says why in words. */
export const AdjustmentKind = z.enum(['discount', 'courtesy', 'write-off', 'other']);
export type AdjustmentKind = z.infer<typeof AdjustmentKind>;
export const ADJUSTMENT_KIND_LABELS: Record<AdjustmentKind, string> = {
  discount: 'Discount',
  courtesy: 'Courtesy',
  'write-off': 'Write-off',
  other: 'Other',
};

/** Whose receivable an entry belongs to: patient A/R and insurance A/R are kept apart. */
export const LedgerPayer = z.enum(['patient', 'insurance']);
export type LedgerPayer = z.infer<typeof LedgerPayer>;
export const LEDGER_PAYER_LABELS: Record<LedgerPayer, string> = {
  patient: 'Patient',
  insurance: 'Insurance',
};

/** An amount on the ledger: whole cents, at least one cent (the kind gives the sign). */
export const EntryCents = Cents.min(1, { error: 'Enter an amount above zero' });

/** Methods whose reference is the last four digits of a card or bank account number. */
const LAST_FOUR_METHODS: ReadonlySet<PaymentMethod> = new Set(['card', 'ach']);

/**
 * True when `text` holds 13–19 digits in a row (spaces and dashes between them allowed) that
 * pass the Luhn check: almost certainly a full card number, which must never be stored.
 */
export function looksLikeCardNumber(text: string): boolean {
  for (const match of text.matchAll(/\d(?:[ -]?\d){12,18}/g)) {
    const digits = match[0].replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) return true;
  }
  return false;
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

type EntryShape = {
  kind: LedgerEntryKind;
  payer: LedgerPayer;
  chargeKind?: ChargeKind | undefined;
  dueOn?: string | undefined;
  method?: PaymentMethod | undefined;
  reference?: string | undefined;
  adjustmentKind?: AdjustmentKind | undefined;
  reason?: string | undefined;
  reversesId?: string | undefined;
};

/** Which optional fields each kind takes, and which of them it requires. */
const FIELDS_BY_KIND: Record<
  LedgerEntryKind,
  { allowed: ReadonlySet<keyof EntryShape>; required: readonly (keyof EntryShape)[] }
> = {
  charge: { allowed: new Set(['chargeKind', 'dueOn']), required: ['chargeKind'] },
  payment: { allowed: new Set(['method', 'reference']), required: ['method'] },
  adjustment: { allowed: new Set(['adjustmentKind', 'reason']), required: ['adjustmentKind', 'reason'] },
  refund: { allowed: new Set(['method', 'reference', 'reason']), required: [] },
  reversal: { allowed: new Set(['reversesId', 'reason']), required: ['reversesId', 'reason'] },
};

/** In the order of the fields, so issues come in the order a form shows them. */
const KIND_SPECIFIC: readonly (keyof EntryShape)[] = [
  'dueOn',
  'chargeKind',
  'method',
  'reference',
  'adjustmentKind',
  'reason',
  'reversesId',
];

const REQUIRED_MESSAGES: Partial<Record<keyof EntryShape, string>> = {
  chargeKind: 'Choose what the charge is for',
  method: 'Choose how it was paid',
  adjustmentKind: 'Choose the kind of adjustment',
  reason: 'Say why',
  reversesId: 'Choose the entry to reverse',
};

/** Checks across fields, shared by the fields schema and the stored record. */
function checkEntry(entry: EntryShape, ctx: z.RefinementCtx): void {
  const rules = FIELDS_BY_KIND[entry.kind];
  for (const field of KIND_SPECIFIC) {
    const present = entry[field] !== undefined;
    if (present && !rules.allowed.has(field)) {
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: `Not used on a ${LEDGER_ENTRY_KIND_LABELS[entry.kind].toLowerCase()}`,
      });
    } else if (!present && rules.required.includes(field)) {
      ctx.addIssue({ code: 'custom', path: [field], message: REQUIRED_MESSAGES[field] ?? 'Required' });
    }
  }
  if (entry.kind === 'charge' && entry.chargeKind === 'installment' && entry.dueOn === undefined) {
    ctx.addIssue({ code: 'custom', path: ['dueOn'], message: 'An installment needs its due date' });
  }
  if (entry.method === 'insurance' && entry.payer !== 'insurance') {
    ctx.addIssue({
      code: 'custom',
      path: ['method'],
      message: 'An insurance payment belongs to the insurance side of the account',
    });
  }
  const reference = entry.reference;
  if (reference !== undefined && rules.allowed.has('reference')) {
    if (entry.method !== undefined && LAST_FOUR_METHODS.has(entry.method)) {
      if (!/^\d{1,4}$/.test(reference)) {
        ctx.addIssue({
          code: 'custom',
          path: ['reference'],
          message: 'Only the last 4 digits: never the full card or account number',
        });
      }
    } else if (entry.method === 'check') {
      if (!/^\d{1,10}$/.test(reference)) {
        ctx.addIssue({
          code: 'custom',
          path: ['reference'],
          message: 'The check number: digits only, at most 10',
        });
      }
    } else if (looksLikeCardNumber(reference)) {
      ctx.addIssue({
        code: 'custom',
        path: ['reference'],
        message: 'This looks like a card number: record the last 4 digits only',
      });
    }
  }
}

/**
 * One ledger entry. See the module comment for signs; the fields each kind takes:
 * - charge: `chargeKind` (required), `dueOn` (required for installments);
 * - payment: `method` (required), `reference`;
 * - adjustment: `adjustmentKind` and `reason` (both required);
 * - refund: `method`, `reference`, `reason` (all optional);
 * - reversal: `reversesId` and `reason` (both required).
 */
export const LedgerEntryFields = z
  .object({
    /** The family account whose ledger this is. */
    familyId: Id,
    /** The patient the entry is for, when it is for one (a family account can hold several). */
    patientId: Id.optional(),
    contractId: Id.optional(),
    kind: LedgerEntryKind,
    /** Patient A/R or insurance A/R (expected insurer payments); the two never mix. */
    payer: LedgerPayer,
    /** Always positive: the kind gives the sign. */
    amountCents: EntryCents,
    /**
     * The day the entry counts from: a payment is received, a charge is posted. As of an earlier
     * day the entry is not on the ledger yet.
     */
    postedOn: LocalDate,
    /**
     * Charges only: the day it falls due (an installment scheduled at signing). Until then it is
     * scheduled, not owed, and not aged; from then it ages from this day (otherwise from
     * `postedOn`).
     */
    dueOn: LocalDate.optional(),
    chargeKind: ChargeKind.optional(),
    method: PaymentMethod.optional(),
    /**
     * Payments and refunds: a check number, the last four digits of a card or bank account, a
     * receipt or EOB number. Never a full card or account number.
     */
    reference: z
      .string()
      .trim()
      .min(1, { error: 'Required' })
      .max(40, { error: 'At most 40 characters' })
      .optional(),
    adjustmentKind: AdjustmentKind.optional(),
    /** Why: required on adjustments and reversals. */
    reason: z
      .string()
      .trim()
      .min(1, { error: 'Say why' })
      .max(300, { error: 'At most 300 characters' })
      .optional(),
    /** Reversals only: the entry this one cancels, entirely. */
    reversesId: Id.optional(),
    note: z.string().trim().max(1000, { error: 'At most 1,000 characters' }).optional(),
  })
  .superRefine(checkEntry);
export type LedgerEntryFields = z.infer<typeof LedgerEntryFields>;

export const LedgerEntry = z
  .looseObject({ id: Id, ...LedgerEntryFields.shape, ...AuditStamps })
  .superRefine((entry, ctx) => {
    checkEntry(entry, ctx);
    if (entry.reversesId !== undefined && entry.reversesId === entry.id) {
      ctx.addIssue({ code: 'custom', path: ['reversesId'], message: 'An entry cannot reverse itself' });
    }
  });
export type LedgerEntry = z.infer<typeof LedgerEntry>;

/**
 * The practice's late policy (LATE-1, a practice setting): days of grace after a due
 * date before an account is late, an optional late fee, and escalation steps by days late
 * (e.g. a reminder at 15 days, the doctor told at 90, suspension at 120).
 */
export const LatePolicy = z.object({
  graceDays: z.number().int({ error: 'Whole days' }).min(0, { error: 'Cannot be negative' }).max(365),
  lateFeeCents: EntryCents.optional(),
  steps: z
    .array(
      z.object({
        afterDays: z.number().int({ error: 'Whole days' }).min(1, { error: 'At least 1 day' }).max(3650),
        label: z.string().trim().min(1, { error: 'Required' }).max(60, { error: 'At most 60 characters' }),
      }),
    )
    .max(12),
});
export type LatePolicy = z.infer<typeof LatePolicy>;

/** The usual escalation (LATE-1); the grace period of 10 days is a common ortho default (assumed). */
export const DEFAULT_LATE_POLICY: LatePolicy = {
  graceDays: 10,
  steps: [
    { afterDays: 15, label: 'Reminder' },
    { afterDays: 90, label: 'Doctor notified' },
    { afterDays: 120, label: 'Suspension' },
  ],
};
