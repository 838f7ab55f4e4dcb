/**
 * A family account's ledger document: append-only entries (payments, adjustments, refunds,
 * reversals, late fees and other charges). Nothing is edited or deleted: a mistake is reversed by
 * a new entry. Two devices posting offline both keep their entries. Contract installments are
 * not posted here (billing/contract-charges.ts).
 */
import type * as Y from 'yjs';
import { type z } from 'zod';
import { err, type Result } from '../core/result.ts';
import { LedgerEntry, LedgerEntryFields } from './ledger.schema.ts';
import {
  appendRecord,
  readAll,
  type CollectionSpec,
  type NeedsAttention,
  type WriteContext,
  type WriteError,
} from '../documents/collection.ts';

export const LEDGER_ENTRIES = {
  name: 'entries',
  docKind: 'ledger',
  idKind: 'ledgerEntry',
  fields: LedgerEntryFields,
  record: LedgerEntry,
} as const satisfies CollectionSpec;

export type LedgerData = { entries: LedgerEntry[]; needsAttention: NeedsAttention[] };

export function readLedger(doc: Y.Doc): LedgerData {
  const read = readAll(doc, LEDGER_ENTRIES);
  return {
    entries: read.records.sort(
      (a, b) => a.postedOn.localeCompare(b.postedOn) || a.createdAt.localeCompare(b.createdAt),
    ),
    needsAttention: read.needsAttention,
  };
}

export type LedgerEntryInput = z.input<typeof LedgerEntryFields>;

/** Posts an entry. A reversal must name an entry of this ledger that is not itself reversed away. */
export function postLedgerEntry(
  doc: Y.Doc,
  ctx: WriteContext,
  input: LedgerEntryInput,
): Result<LedgerEntry, WriteError> {
  if (input.kind === 'reversal' && input.reversesId) {
    const entries = readAll(doc, LEDGER_ENTRIES).records;
    if (!entries.some((e) => e.id === input.reversesId)) {
      return err({
        kind: 'invalid',
        issues: [{ path: 'reversesId', message: 'No such entry in this account' }],
      });
    }
    if (entries.some((e) => e.kind === 'reversal' && e.reversesId === input.reversesId)) {
      return err({
        kind: 'invalid',
        issues: [{ path: 'reversesId', message: 'That entry is already reversed' }],
      });
    }
  }
  return appendRecord(doc, LEDGER_ENTRIES, ctx, input);
}
