/**
 * Which collections record what happened and so are never edited or removed (spec APPEND-1..10,
 * docs/spec/security.md): the one table the relay enforces (sync-server/src/update-guard.ts) and the
 * document commands obey (collection.ts refuses to update or delete their entries, undo never tracks
 * them). Corrections are new entries: a reversal, a new status event, a new verification.
 *
 * Two layouts:
 * - `keyed`: a root Y.Map from entry id to the entry (one plain JSON value written by `appendRecord`,
 *   or a Y.Map written by older versions). Adding a new id is the only change allowed: an update
 *   that deletes an entry, overwrites an id that exists, or changes anything inside an entry is
 *   refused. Order is by the entries' own timestamps, so "where" an entry lands does not arise.
 * - `ordered`: a root Y.Array whose order is the record (the audit trail's hash chain). Entries may
 *   only be added after the last one; nothing is removed, and nothing is inserted before an entry.
 *
 * Every other root type of these documents (cases, options, tasks, policies, contracts, the `meta`
 * schema stamp) stays editable by whoever may write the document.
 */
import type { DocKind } from './doc-names.ts';

export type AppendOnlyLayout = 'keyed' | 'ordered';

export const APPEND_ONLY: Record<DocKind, Readonly<Record<string, AppendOnlyLayout>>> = {
  /** The versions of the practice's document templates, signed documents refer to (APPEND-10). */
  practice: { documentTemplates: 'keyed' },
  /** Record merges (APPEND-11): which record went into which, the trail every old id follows. */
  patients: { merges: 'keyed' },
  /** Case status history (APPEND-4), signed documents (APPEND-5) and lab order steps (APPEND-12). */
  chart: { caseEvents: 'keyed', signatures: 'keyed', labSteps: 'keyed' },
  /** The communication log (APPEND-6); follow-up tasks stay editable. */
  comms: { entries: 'keyed' },
  /** Benefit verification history, claim events and the insurer schedules they refer to (APPEND-7). */
  insurance: { verifications: 'keyed', claimEvents: 'keyed', schedules: 'keyed' },
  /** Contract amendments (APPEND-8); a contract's terms are locked by its status instead. */
  contracts: { amendments: 'keyed' },
  /** Every ledger entry (APPEND-3). */
  ledger: { entries: 'keyed' },
  schedule: {},
  /** The device's audit trail, in order (APPEND-1). */
  audit: { entries: 'ordered' },
};

/** How a collection of a document kind is protected, or null when it is editable. */
export function appendOnlyLayout(kind: DocKind, collection: string): AppendOnlyLayout | null {
  return Object.hasOwn(APPEND_ONLY[kind], collection) ? APPEND_ONLY[kind][collection]! : null;
}

export const isAppendOnly = (kind: DocKind, collection: string): boolean =>
  appendOnlyLayout(kind, collection) !== null;
