/**
 * The receipt a family takes home when they pay at the counter (docs/spec/billing.md DOC-201):
 * who paid what, when, how (cash, check number, card's last four), who took it, and the balance
 * after it. Pure: the screen prints it (print CSS), nothing here stores anything.
 */
import type { LedgerEntry, PaymentMethod } from './ledger.schema.ts';
import { PAYMENT_METHOD_LABELS } from './ledger.schema.ts';
import { accountState } from './ledger.ts';
import { formatCents } from '../core/money.ts';

export type Receipt = {
  /** The entry's id: the receipt number the family can quote. */
  number: string;
  postedOn: string;
  amount: string;
  /** "Cash", "Check 1042", "Card ending 4242". */
  paidBy: string;
  /** The balance once this payment is counted, as of its day (future installments not included). */
  balanceAfter: string;
  /** The payment was reversed afterwards: the receipt says so rather than pretend it stands. */
  reversed: boolean;
};

/** How the payment was made, in the words a receipt uses. */
export function paidByText(method: PaymentMethod | undefined, reference: string | undefined): string {
  if (!method) return 'Payment';
  const label = PAYMENT_METHOD_LABELS[method];
  if (!reference) return label;
  if (method === 'check') return `Check ${reference}`;
  if (method === 'card' || method === 'ach') return `${label} ending ${reference}`;
  return `${label} (${reference})`;
}

/**
 * DOC-201: the receipt of payment `entryId`. `entries` are the family account's entries (posted
 * and computed charges). Null when the entry is not a payment of this account.
 */
export function receiptOf(entryId: string, entries: readonly LedgerEntry[]): Receipt | null {
  const entry = entries.find((e) => e.id === entryId);
  if (!entry || entry.kind !== 'payment') return null;
  // As it stood once paid: a later reversal of this payment does not change what the receipt says.
  const upTo = entries.filter((e) => e.postedOn <= entry.postedOn && e.reversesId !== entry.id);
  const state = accountState(upTo, entry.postedOn, { payer: entry.payer });
  return {
    number: entry.id,
    postedOn: entry.postedOn,
    amount: formatCents(entry.amountCents),
    paidBy: paidByText(entry.method, entry.reference),
    balanceAfter: formatCents(state.balanceCents),
    reversed: entries.some((e) => e.kind === 'reversal' && e.reversesId === entry.id),
  };
}
