/**
 * Posting to a family's ledger from the account screen (LEDGER-102): the form read into an
 * entry (every problem named, nothing posted when one is found), the entry appended, and the
 * reversal of a mistaken entry, refused for what may not be reversed (LEDGER-101).
 */
import type * as Y from 'yjs';
import { err, ok, type Result } from '../core/result.ts';
import type { LedgerEntry } from './ledger.schema.ts';
import { postLedgerEntry, readLedger } from './ledger-doc.ts';
import { readLedgerForm, type LedgerForm } from './ledger-form.ts';
import { isReversible, reversedIds } from './account-view.ts';
import type { WriteContext, WriteError } from '../documents/collection.ts';

export type PostProblem = { fields: Partial<Record<keyof LedgerForm, string>> } | { write: WriteError };

export function postFromForm(
  ledgerDoc: Y.Doc,
  ctx: WriteContext,
  form: LedgerForm,
  account: { familyId: string; patientId?: string; contractId?: string },
): Result<LedgerEntry, PostProblem> {
  const read = readLedgerForm(form, account);
  if (!read.value) return err({ fields: read.errors });
  const posted = postLedgerEntry(ledgerDoc, ctx, read.value);
  return posted.ok ? ok(posted.value) : err({ write: posted.error });
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
