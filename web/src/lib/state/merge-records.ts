/**
 * The merge tool's effect (PAT-101…PAT-103): the patients document changes in one command, then
 * each document of the merged record is carried into the survivor's. Carrying is idempotent, so
 * `carryAliases` runs again whenever a survivor's documents are opened: what another device added
 * to the merged record meanwhile joins the survivor then.
 */
import type * as Y from 'yjs';
import {
  carryOver,
  chartDocName,
  commsDocName,
  contractsDocName,
  insuranceDocName,
  ledgerDocName,
  MERGE_FAMILIES,
  MERGE_PATIENTS,
  untracked,
  patientsDocName,
  type Choice,
  type FamilyMergeField,
  type MergeRecord,
  type PatientMergeField,
  type Result,
  type WorkflowChange,
  type RecordMergeInput,
  type Workflow,
  type WriteError,
} from '@aligned/shared';
import type { AppState } from './app.svelte.ts';

/** The documents a merged record brings with it, per kind of record. */
function carriedDocs(app: AppState, kind: 'patient' | 'family', id: string): string[] {
  const practiceId = app.session!.practiceId;
  return kind === 'patient'
    ? [chartDocName(practiceId, id), commsDocName(practiceId, id), insuranceDocName(practiceId, id)]
    : [contractsDocName(practiceId, id), ledgerDocName(practiceId, id)];
}

/** Carries each merged-away record's documents into the survivor's. True when anything moved. */
export async function carryAliases(
  app: AppState,
  kind: 'patient' | 'family',
  survivorId: string,
  aliases: readonly string[],
): Promise<boolean> {
  if (!app.sync || aliases.length === 0) return false;
  const sync = app.sync;
  // Carrying is part of a merge, which is never undone: outside the undo manager's origin.
  const origin = untracked(app.context().origin);
  let carried = false;
  const into = carriedDocs(app, kind, survivorId);
  for (const alias of aliases) {
    const from = carriedDocs(app, kind, alias);
    for (const [i, name] of from.entries()) {
      const [source, target] = await Promise.all([sync.open(name), sync.open(into[i]!)]);
      try {
        if (carryOver(source.doc, target.doc, origin)) carried = true;
      } finally {
        source.release();
        target.release();
      }
    }
  }
  return carried;
}

async function mergeRecords<F extends string>(
  app: AppState,
  kind: 'patient' | 'family',
  flow: Workflow<
    { patients: Y.Doc },
    [RecordMergeInput<F>],
    { merge: MergeRecord; changes: WorkflowChange[] },
    WriteError
  >,
  input: RecordMergeInput<F>,
): Promise<Result<MergeRecord, WriteError>> {
  if (!app.sync || !app.session)
    return { ok: false, error: { kind: 'read-only', reason: 'needs-migration' } };
  const live = await app.sync.open(patientsDocName(app.session.practiceId));
  try {
    const result = app.commands.workflow(flow, { patients: live.doc }, input);
    if (!result.ok) return result;
    await carryAliases(app, kind, result.value.merge.intoId, [result.value.merge.fromId]);
    return { ok: true, value: result.value.merge };
  } finally {
    live.release();
  }
}

export const mergePatientRecords = (
  app: AppState,
  fromId: string,
  intoId: string,
  choices: Partial<Record<PatientMergeField, Choice>>,
) => mergeRecords(app, 'patient', MERGE_PATIENTS, { fromId, intoId, choices });

export const mergeFamilyRecords = (
  app: AppState,
  fromId: string,
  intoId: string,
  choices: Partial<Record<FamilyMergeField, Choice>>,
) => mergeRecords(app, 'family', MERGE_FAMILIES, { fromId, intoId, choices });
