/**
 * Posting to a family's ledger from the account screen (LEDGER-102): the form read into an
 * entry (every problem named, nothing posted when one is found), the entry appended, and the
 * reversal of a mistaken entry, refused for what may not be reversed (LEDGER-101).
 */
import type * as Y from 'yjs';
import { err, type Result } from '../core/result.ts';
import type { LedgerEntry } from './ledger.schema.ts';
import { postLedgerEntry, readLedger } from './ledger-doc.ts';
import { readLedgerForm, type LedgerForm } from './ledger-form.ts';
import { isReversible, reversedIds } from './account-view.ts';
import type { WriteContext, WriteError } from '../documents/collection.ts';

/**
 * Reads the form and posts the entry; a problem with the form is an `invalid` error whose issue
 * paths are the form's field names, so the screen shows each beside its field.
 */
export function postFromForm(
  ledgerDoc: Y.Doc,
  ctx: WriteContext,
  form: LedgerForm,
  account: { familyId: string; patientId?: string; contractId?: string },
): Result<LedgerEntry, WriteError> {
  const read = readLedgerForm(form, account);
  if (!read.value)
    return err({
      kind: 'invalid',
      issues: Object.entries(read.errors).map(([path, message]) => ({ path, message: String(message) })),
    });
  return postLedgerEntry(ledgerDoc, ctx, read.value);
}

const refused = (message: string): WriteError => ({
  kind: 'invalid',
  issues: [{ path: 'reversesId', message }],
});

/**
 * Reverses a posted entry with the reason (required): a new entry cancelling it whole, dated
 * `today`. A contract's computed charge, a reversal, or an entry already reversed is refused.
 */
export function reverseEntry(
  ledgerDoc: Y.Doc,
  ctx: WriteContext,
  input: { entryId: string; reason: string; today: string },
): Result<LedgerEntry, WriteError> {
  const reason = input.reason.trim();
  if (!reason)
    return err({ kind: 'invalid', issues: [{ path: 'reason', message: 'Say why it is reversed' }] });
  const entries = readLedger(ledgerDoc).entries;
  const target = entries.find((e) => e.id === input.entryId);
  if (!target) return err(refused('No such entry in this account'));
  if (!isReversible(target, reversedIds(entries))) return err(refused('That entry cannot be reversed'));
  return postLedgerEntry(ledgerDoc, ctx, {
    familyId: target.familyId,
    kind: 'reversal',
    payer: target.payer,
    amountCents: target.amountCents,
    postedOn: input.today,
    reversesId: target.id,
    reason,
  });
}
