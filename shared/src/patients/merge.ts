/**
 * Two records of one patient (or one household) become one (docs/spec/patients.md PAT-101…PAT-104,
 * FAM-101): the person chooses field by field, the survivor takes the chosen values, and a merge
 * record says which id went into which. Both ids stay resolvable: a link, a search result or an
 * appointment naming the old id leads to the survivor.
 *
 * The merged record's own documents (chart, comms, insurance; a family's contracts and ledger)
 * are carried into the survivor's by merging their Yjs state into the survivor's documents, which
 * is idempotent and order-free: what another device adds to the old documents later is carried
 * the next time any device reads the survivor (merge.workflow.ts `carryOver`), and every device
 * ends with the same documents.
 *
 * Pure, over plain records.
 */
import { z } from 'zod';
import { ActorId, AuditStamps, Id, IsoDateTime } from '../core/common.schema.ts';
import type { Patient } from './patient.schema.ts';
import type { Family } from './family.schema.ts';

export const MergeKind = z.enum(['patient', 'family']);
export type MergeKind = z.infer<typeof MergeKind>;

/** The fields a person chooses between when two patients are one. */
export const PATIENT_MERGE_FIELDS = [
  'firstName',
  'lastName',
  'preferredName',
  'dateOfBirth',
  'phone',
  'altPhone',
  'email',
  'address',
  'preferredChannel',
  'language',
  'notes',
  'locationId',
  'familyId',
  'doNotContact',
  'doNotContactReason',
] as const satisfies readonly (keyof Patient)[];
export type PatientMergeField = (typeof PATIENT_MERGE_FIELDS)[number];

export const FAMILY_MERGE_FIELDS = ['name', 'address', 'notes'] as const satisfies readonly (keyof Family)[];
export type FamilyMergeField = (typeof FAMILY_MERGE_FIELDS)[number];

/**
 * One merge, written once (append-only): `fromId` went into `intoId`. `taken` names the fields
 * the survivor took from the merged record; `before` keeps the merged record's values of the
 * mergeable fields as they were, so an edit made to it elsewhere afterwards can be shown
 * (`lateEdits`) rather than lost.
 */
export const MergeRecordFields = z.object({
  kind: MergeKind,
  fromId: Id,
  intoId: Id,
  at: IsoDateTime,
  by: ActorId,
  taken: z.array(z.string().max(40)).max(40),
  before: z.record(z.string().max(40), z.unknown()),
});
export type MergeRecordFields = z.infer<typeof MergeRecordFields>;
export const MergeRecord = z.looseObject({ id: Id, ...MergeRecordFields.shape, ...AuditStamps });
export type MergeRecord = z.infer<typeof MergeRecord>;

export type Choice = 'from' | 'into';

/**
 * PAT-101: what the screen proposes: the survivor's value where it has one, the merged record's
 * where only it has one. Fields both leave empty are not listed.
 */
export function defaultChoices<F extends string>(
  fields: readonly F[],
  from: Partial<Record<F, unknown>>,
  into: Partial<Record<F, unknown>>,
): Partial<Record<F, Choice>> {
  const choices: Partial<Record<F, Choice>> = {};
  for (const field of fields) {
    if (into[field] !== undefined && into[field] !== '') choices[field] = 'into';
    else if (from[field] !== undefined && from[field] !== '') choices[field] = 'from';
  }
  return choices;
}

/** The fields whose values differ: the ones the person actually chooses between. */
export function conflictingFields<F extends string>(
  fields: readonly F[],
  from: Partial<Record<F, unknown>>,
  into: Partial<Record<F, unknown>>,
): F[] {
  return fields.filter(
    (f) =>
      from[f] !== undefined && into[f] !== undefined && JSON.stringify(from[f]) !== JSON.stringify(into[f]),
  );
}

/**
 * PAT-101: the rows the merge tool lists: each field either record has a value for, and whether
 * the values differ (the ones the person actually chooses between).
 */
export function mergeFieldRows<F extends string>(
  fields: readonly F[],
  from: Partial<Record<F, unknown>>,
  into: Partial<Record<F, unknown>>,
): { field: F; differs: boolean }[] {
  const differing = new Set(conflictingFields(fields, from, into));
  return fields
    .filter((f) => from[f] !== undefined || into[f] !== undefined)
    .map((field) => ({ field, differs: differing.has(field) }));
}

/** PAT-101, FAM-101: a record offered to merge into `intoId`: never itself nor one merged away. */
export const mayMergeInto = (intoId: string, candidateId: string, mergedAway: ReadonlySet<string>): boolean =>
  candidateId !== intoId && !mergedAway.has(candidateId);

/**
 * PAT-102: where every id leads. A merged id leads to the record it went into, following chains
 * (A into B, B into C: A leads to C). When two devices merged the same records into each other
 * (a cycle), the smallest id of the cycle survives and the others lead to it. When one record
 * was merged into two (on two devices), the earlier merge (time, then id) stands. Every device
 * resolves the same records the same way, whatever order the merges arrived in.
 */
export function resolveMerges(
  merges: readonly Pick<MergeRecord, 'id' | 'fromId' | 'intoId' | 'at'>[],
): Map<string, string> {
  const edge = new Map<string, { intoId: string; at: string; id: string }>();
  for (const m of merges) {
    if (m.fromId === m.intoId) continue;
    const seen = edge.get(m.fromId);
    if (!seen || m.at < seen.at || (m.at === seen.at && m.id < seen.id))
      edge.set(m.fromId, { intoId: m.intoId, at: m.at, id: m.id });
  }
  const resolved = new Map<string, string>();
  for (const start of edge.keys()) {
    const path: string[] = [];
    let at: string | undefined = start;
    while (at !== undefined && edge.has(at) && !path.includes(at)) {
      path.push(at);
      at = edge.get(at)!.intoId;
    }
    let survivor: string;
    if (at !== undefined && path.includes(at)) {
      // A cycle: from where it closes, every member leads to its smallest id.
      const cycle = path.slice(path.indexOf(at));
      survivor = [...cycle].sort()[0]!;
    } else survivor = at!;
    for (const id of path) if (id !== survivor) resolved.set(id, survivor);
  }
  return resolved;
}

/** The id a record now goes by (itself when it was never merged away). */
export const resolveId = (resolved: ReadonlyMap<string, string>, id: string) => resolved.get(id) ?? id;

/** PAT-102: the ids that lead to `id` (its merged-away records), sorted. */
export function aliasesOf(resolved: ReadonlyMap<string, string>, id: string): string[] {
  return [...resolved]
    .filter(([, into]) => into === id)
    .map(([from]) => from)
    .sort();
}

/**
 * PAT-104: fields of a merged-away record changed after its merge (another device edited it before
 * hearing of the merge): the value now and what it was when merged. The survivor's page offers
 * them; nothing is applied by itself.
 */
export function lateEdits(
  merge: Pick<MergeRecord, 'before'>,
  now: Record<string, unknown>,
  fields: readonly string[],
): { field: string; value: unknown }[] {
  return fields
    .filter((f) => JSON.stringify(now[f] ?? null) !== JSON.stringify(merge.before[f] ?? null))
    .map((f) => ({ field: f, value: now[f] }));
}
