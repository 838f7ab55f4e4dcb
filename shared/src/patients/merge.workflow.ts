/**
 * The merge tool's writes (docs/spec/patients.md PAT-101…PAT-104, FAM-101). In the patients
 * document, in one transaction: the survivor takes the chosen values, the merged record's links
 * and references move to it, and the merge record is appended. Then each document of the merged
 * record (chart, comms, insurance; a family's contracts and ledger) is carried into the
 * survivor's (`carryOver`): its Yjs state merged in, so cases, messages, tasks, policies,
 * contracts and ledger entries keep their ids and histories and are the survivor's from then on.
 * Appointments name the merged id and lead to the survivor through the merge record.
 *
 * Run with an origin of its own (not the session's undo origin): a merge is confirmed first and
 * is not undone.
 */
import * as Y from 'yjs';
import { err, ok, type Result } from '../core/result.ts';
import {
  appendRecord,
  createRecord,
  readAll,
  readRecord,
  updateRecord,
  type Patch,
  type WriteContext,
  type WriteError,
} from '../documents/collection.ts';
import type { WorkflowChange } from '../documents/workflow-change.ts';
import { workflow, type AuditNote } from '../documents/commands.ts';
import { FAMILIES, LINKS, MERGES, PARTIES, PATIENTS } from './patients-doc.ts';
import {
  FAMILY_MERGE_FIELDS,
  PATIENT_MERGE_FIELDS,
  resolveMerges,
  type Choice,
  type FamilyMergeField,
  type MergeRecord,
  type PatientMergeField,
} from './merge.ts';

export type RecordMergeInput<F extends string> = {
  fromId: string;
  intoId: string;
  /** Per field, whose value the survivor keeps; fields left out keep the survivor's. */
  choices: Partial<Record<F, Choice>>;
};

function invalid<T>(path: string, message: string): Result<T, WriteError> {
  return err({ kind: 'invalid', issues: [{ path, message }] });
}

function checkPair(doc: Y.Doc, fromId: string, intoId: string, what: string): Result<true, WriteError> {
  if (fromId === intoId) return invalid('intoId', `Choose two different ${what}`);
  const resolved = resolveMerges(readAll(doc, MERGES).records);
  if (resolved.has(fromId)) return invalid('fromId', `That record was already merged into another`);
  if (resolved.has(intoId)) return invalid('intoId', `That record was already merged into another`);
  return ok(true);
}

const actorOf = (ctx: WriteContext) => (ctx.origin.kind === 'local' ? ctx.origin.actor : 'system:migration');

/**
 * PAT-101, PAT-103: merges patient `fromId` into `intoId` in the patients document. The survivor
 * takes each field chosen `from`; it gains a link to every responsible party of the merged
 * patient it was not linked to; a party recorded as being the merged patient now is the survivor.
 */
export function mergePatients(
  doc: Y.Doc,
  ctx: WriteContext,
  input: RecordMergeInput<PatientMergeField>,
): Result<{ merge: MergeRecord; changes: WorkflowChange[] }, WriteError> {
  const from = readRecord(doc, PATIENTS, input.fromId);
  const into = readRecord(doc, PATIENTS, input.intoId);
  if (from.status !== 'ok') return invalid('fromId', 'No such patient, or it needs attention first');
  if (into.status !== 'ok') return invalid('intoId', 'No such patient, or it needs attention first');
  const pair = checkPair(doc, input.fromId, input.intoId, 'patients');
  if (!pair.ok) return pair;
  const changes: WorkflowChange[] = [];
  let result: Result<{ merge: MergeRecord; changes: WorkflowChange[] }, WriteError> | undefined;
  doc.transact(() => {
    const taken = PATIENT_MERGE_FIELDS.filter((f) => input.choices[f] === 'from');
    const patch: Patch<typeof PATIENTS> = {};
    for (const field of taken) (patch as Record<string, unknown>)[field] = from.record[field];
    if (taken.length > 0) {
      const updated = updateRecord(doc, PATIENTS, ctx, input.intoId, patch);
      if (!updated.ok) return void (result = updated);
      changes.push({ action: 'update', entity: 'patient', entityId: input.intoId, fields: taken });
    }
    const links = readAll(doc, LINKS).records;
    const linked = new Set(links.filter((l) => l.patientId === input.intoId).map((l) => l.partyId));
    for (const link of links) {
      if (link.patientId !== input.fromId || linked.has(link.partyId)) continue;
      const created = createRecord(doc, LINKS, ctx, {
        patientId: input.intoId,
        partyId: link.partyId,
        relationship: link.relationship,
        isGuarantor: link.isGuarantor,
      });
      if (!created.ok) return void (result = created);
      linked.add(link.partyId);
      changes.push({ action: 'create', entity: 'link', entityId: created.value.id });
    }
    for (const party of readAll(doc, PARTIES).records) {
      if (party.patientId !== input.fromId) continue;
      updateRecord(doc, PARTIES, ctx, party.id, { patientId: input.intoId });
      changes.push({
        action: 'update',
        entity: 'responsible-party',
        entityId: party.id,
        fields: ['patientId'],
      });
    }
    result = appendMerge(doc, ctx, 'patient', input, taken, from.record, PATIENT_MERGE_FIELDS, changes);
  }, ctx.origin);
  return result!;
}

/**
 * FAM-101: merges family `fromId` into `intoId`: the survivor takes the chosen fields, and the
 * merged family's patients and responsible parties move into it.
 */
export function mergeFamilies(
  doc: Y.Doc,
  ctx: WriteContext,
  input: RecordMergeInput<FamilyMergeField>,
): Result<{ merge: MergeRecord; changes: WorkflowChange[] }, WriteError> {
  const from = readRecord(doc, FAMILIES, input.fromId);
  const into = readRecord(doc, FAMILIES, input.intoId);
  if (from.status !== 'ok') return invalid('fromId', 'No such family, or it needs attention first');
  if (into.status !== 'ok') return invalid('intoId', 'No such family, or it needs attention first');
  const pair = checkPair(doc, input.fromId, input.intoId, 'families');
  if (!pair.ok) return pair;
  const changes: WorkflowChange[] = [];
  let result: Result<{ merge: MergeRecord; changes: WorkflowChange[] }, WriteError> | undefined;
  doc.transact(() => {
    const taken = FAMILY_MERGE_FIELDS.filter((f) => input.choices[f] === 'from');
    const patch: Patch<typeof FAMILIES> = {};
    for (const field of taken) (patch as Record<string, unknown>)[field] = from.record[field];
    if (taken.length > 0) {
      const updated = updateRecord(doc, FAMILIES, ctx, input.intoId, patch);
      if (!updated.ok) return void (result = updated);
      changes.push({ action: 'update', entity: 'family', entityId: input.intoId, fields: taken });
    }
    for (const patient of readAll(doc, PATIENTS).records) {
      if (patient.familyId !== input.fromId) continue;
      updateRecord(doc, PATIENTS, ctx, patient.id, { familyId: input.intoId });
      changes.push({ action: 'update', entity: 'patient', entityId: patient.id, fields: ['familyId'] });
    }
    for (const party of readAll(doc, PARTIES).records) {
      if (party.familyId !== input.fromId) continue;
      updateRecord(doc, PARTIES, ctx, party.id, { familyId: input.intoId });
      changes.push({
        action: 'update',
        entity: 'responsible-party',
        entityId: party.id,
        fields: ['familyId'],
      });
    }
    result = appendMerge(doc, ctx, 'family', input, taken, from.record, FAMILY_MERGE_FIELDS, changes);
  }, ctx.origin);
  return result!;
}

function appendMerge(
  doc: Y.Doc,
  ctx: WriteContext,
  kind: MergeRecord['kind'],
  input: { fromId: string; intoId: string },
  taken: readonly string[],
  from: Record<string, unknown>,
  fields: readonly string[],
  changes: WorkflowChange[],
): Result<{ merge: MergeRecord; changes: WorkflowChange[] }, WriteError> {
  const before: Record<string, unknown> = {};
  for (const field of fields) if (from[field] !== undefined) before[field] = from[field];
  const merge = appendRecord(doc, MERGES, ctx, {
    kind,
    fromId: input.fromId,
    intoId: input.intoId,
    at: ctx.now(),
    by: actorOf(ctx),
    taken: [...taken],
    before,
  });
  if (!merge.ok) return merge;
  changes.push({
    action: 'update',
    entity: kind === 'patient' ? 'patient' : 'family',
    entityId: input.fromId,
    fields: ['mergedInto'],
  });
  return ok({ merge: merge.value, changes });
}

/**
 * PAT-103: carries a merged record's document into the survivor's: whatever `from` holds that
 * `into` does not is merged in (Yjs state, so ids, histories and concurrent edits all survive).
 * Idempotent and order-free: carrying twice, or from two devices, or after more was added to
 * `from`, always ends in the same `into`. True when anything was carried.
 */
export function carryOver(from: Y.Doc, into: Y.Doc, origin: WriteContext['origin']): boolean {
  const missing = Y.encodeStateAsUpdate(from, Y.encodeStateVector(into));
  let carried = false;
  const mark = () => (carried = true);
  into.on('update', mark);
  try {
    Y.applyUpdate(into, missing, origin);
  } finally {
    into.off('update', mark);
  }
  return carried;
}

/** A merge's audit line: a patient's change is about that patient. */
const mergeAudit = (change: WorkflowChange): AuditNote =>
  change.entity === 'patient' ? { ...change, patientId: change.entityId } : { ...change };

/**
 * PAT-101…PAT-103 through the command executor: final (a merge is confirmed first and never
 * undone), audited by what it changed.
 */
export const MERGE_PATIENTS = workflow({
  name: 'patients/merge-patients',
  docKinds: { patients: 'patients' },
  undoable: false,
  run: (docs: { patients: Y.Doc }, ctx, input: RecordMergeInput<PatientMergeField>) =>
    mergePatients(docs.patients, ctx, input),
  auditOf: mergeAudit,
});

export const MERGE_FAMILIES = workflow({
  name: 'patients/merge-families',
  docKinds: { patients: 'patients' },
  undoable: false,
  run: (docs: { patients: Y.Doc }, ctx, input: RecordMergeInput<FamilyMergeField>) =>
    mergeFamilies(docs.patients, ctx, input),
  auditOf: mergeAudit,
});
