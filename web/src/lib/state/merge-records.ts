/**
 * The merge tool's effect (PAT-101…PAT-103): the patients document changes in one command, then
 * each document of the merged record is carried into the survivor's. Carrying is idempotent, so
 * `carryAliases` runs again whenever a survivor's documents are opened: what another device added
 * to the merged record meanwhile joins the survivor then.
 */
import type * as Y from 'yjs';
import {
  carryMergedDocs,
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

/** Carries each merged-away record's documents into the survivor's. True when anything moved. */
export async function carryAliases(
  app: AppState,
  kind: 'patient' | 'family',
  survivorId: string,
  aliases: readonly string[],
): Promise<boolean> {
  if (!app.sync || !app.session || aliases.length === 0) return false;
  const sync = app.sync;
  // Carrying is part of a merge, which is never undone: outside the undo manager's origin.
  const origin = untracked(app.context().origin);
  return carryMergedDocs(
    (name) => sync.open(name),
    app.session.practiceId,
    kind,
    survivorId,
    aliases,
    origin,
  );
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
