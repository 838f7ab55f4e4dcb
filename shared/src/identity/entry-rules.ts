/**
 * Relational rules of the finer grants (PERM-6, PERM-10): whether an entry may be added depends on
 * the record it names in the same document, not only on its own fields. A grant names its rule
 * (`ADD_GRANTS`); the relay finds the named record in the stored document or in the same update
 * (sync-server/src/update-guard.ts) and the app passes what its copy holds (`mayAdd`), so both ask
 * the same function.
 *
 * What a rule reads is declared (`names`), so the relay reads one field of one record per entry:
 * the cost stays proportional to the update, never to the document.
 */

/** What a rule knows about the record an entry names, as the write would leave it. */
export type RelatedRecord = {
  /** The record's field the rule reads (`names.reads`): as stored, or as the same write sets it. */
  readonly value: unknown;
  /** Whether the same write creates the record (so nothing was recorded about it before). */
  readonly created: boolean;
  /** How many entries of the same write name the record and are counted by the rule, this one included. */
  readonly counted: number;
};

export type EntryRule = {
  /** The record an entry names: the entry's field holding its id, its collection, the field read. */
  readonly names: { readonly by: string; readonly collection: string; readonly reads: string };
  /** Which entries of one write the rule counts per named record (`RelatedRecord.counted`). */
  readonly counts: (entry: Readonly<Record<string, unknown>>) => boolean;
  /** Whether the entry may be added, given the record it names (null: the document has no such record). */
  readonly admits: (entry: Readonly<Record<string, unknown>>, record: RelatedRecord | null) => boolean;
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A case event with a `visit` is a visit note (BOOK-105); any other is a status move. */
export const isVisitNote = (entry: Readonly<Record<string, unknown>>): boolean =>
  Object.hasOwn(entry, 'visit') && entry.visit !== undefined;

/**
 * PERM-10: the case events front desk may add to a chart it otherwise reads.
 * - the opening event of an inquiry it opens: a status move (no `visit`, no `from`) to `inquiry`,
 *   for a case the same write creates at status `inquiry`, and the only status move of that case in
 *   the write (the app opens a case and writes its first event in one transaction, `openCase`);
 * - a visit note (`visit` set, no `from`) for a case the chart has. Its `to` is what the writing
 *   device last saw of the case and is not checked: no reader takes a status from a note (moves are
 *   the events without `visit`), and a note written on a copy a moment behind the coordinator's
 *   move must not be refused, or that device's chart would stay unsynced;
 * - nothing else: no other status move, no event naming a case the chart does not have.
 */
const CASE_OPENING_OR_VISIT_NOTE: EntryRule = {
  names: { by: 'caseId', collection: 'cases', reads: 'status' },
  counts: (entry) => !isVisitNote(entry),
  admits: (entry, theCase) => {
    if (theCase === null || typeof theCase.value !== 'string') return false;
    if (Object.hasOwn(entry, 'from') && entry.from !== undefined) return false;
    if (isVisitNote(entry)) return isPlainObject(entry.visit) && typeof entry.to === 'string';
    return entry.to === 'inquiry' && theCase.value === 'inquiry' && theCase.created && theCase.counted === 1;
  },
};

/** The named rules a grant may carry. */
export const ENTRY_RULES = {
  'case-opening-or-visit-note': CASE_OPENING_OR_VISIT_NOTE,
} as const satisfies Record<string, EntryRule>;

export type EntryRuleName = keyof typeof ENTRY_RULES;
