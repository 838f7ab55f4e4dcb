/**
 * PAT-103: carrying a merged record's documents into its survivor's, over whatever opens live
 * documents (the sync client in the app and in the chaos test). Idempotent, so it runs after a
 * merge and again whenever the survivor is opened: what another device added to the old record
 * meanwhile joins the survivor then.
 */
import type * as Y from 'yjs';
import {
  chartDocName,
  commsDocName,
  contractsDocName,
  insuranceDocName,
  ledgerDocName,
} from '../documents/doc-names.ts';
import type { WriteContext } from '../documents/collection.ts';
import { carryOver } from './merge.workflow.ts';

/** Opens a live document (`SyncClient.open`). */
export type OpenDoc = (name: string) => Promise<{ readonly doc: Y.Doc; release(): void }>;

/** The documents a record brings with it when merged, per kind of record. */
export function carriedDocNames(practiceId: string, kind: 'patient' | 'family', id: string): string[] {
  return kind === 'patient'
    ? [chartDocName(practiceId, id), commsDocName(practiceId, id), insuranceDocName(practiceId, id)]
    : [contractsDocName(practiceId, id), ledgerDocName(practiceId, id)];
}

/**
 * Carries each merged-away record's documents into the survivor's. `origin` should be outside the
 * session's undo (`untracked`): a merge is never undone. True when anything moved.
 */
export async function carryMergedDocs(
  open: OpenDoc,
  practiceId: string,
  kind: 'patient' | 'family',
  survivorId: string,
  aliases: readonly string[],
  origin: WriteContext['origin'],
): Promise<boolean> {
  let carried = false;
  const into = carriedDocNames(practiceId, kind, survivorId);
  for (const alias of aliases) {
    for (const [i, name] of carriedDocNames(practiceId, kind, alias).entries()) {
      const [source, target] = await Promise.all([open(name), open(into[i]!)]);
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
