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
  parseDocName,
} from '../documents/doc-names.ts';
import type { WriteContext } from '../documents/collection.ts';
import { ID_PREFIXES } from '../core/ids.ts';
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

/** One carry a stored change calls for: a merged-away record's documents into its survivor's. */
export type Carry = { kind: 'patient' | 'family'; survivorId: string; aliasId: string };

const CARRIED_KINDS: Record<string, 'patient' | 'family'> = {
  chart: 'patient',
  comms: 'patient',
  insurance: 'patient',
  contracts: 'family',
  ledger: 'family',
};

/**
 * PAT-106: which carries a stored document calls for, so a device carries as changes arrive rather
 * than when someone happens to open the survivor. A change to a merged-away record's document is
 * carried at once; a merge this follower has not seen (the patients document changed) carries
 * everything of the merged record once. The caller does the carrying (`carryMergedDocs`).
 */
export class MergeFollower {
  readonly #seen = new Set<string>();

  /** `resolved`: merged-away ids → survivors as the device knows them now. */
  noteStored(name: string, resolved: ReadonlyMap<string, string>): Carry[] {
    const address = parseDocName(name);
    if (!address) return [];
    if (address.kind === 'patients') {
      const carries: Carry[] = [];
      for (const [aliasId, survivorId] of resolved) {
        const pair = `${aliasId}>${survivorId}`;
        if (this.#seen.has(pair)) continue;
        this.#seen.add(pair);
        carries.push({ kind: kindOfId(aliasId), survivorId, aliasId });
      }
      return carries;
    }
    const kind = CARRIED_KINDS[address.kind];
    const survivorId = address.key ? resolved.get(address.key) : undefined;
    if (!kind || !address.key || survivorId === undefined) return [];
    return [{ kind, survivorId, aliasId: address.key }];
  }
}

/** Patient and family ids carry their kind in their prefix. */
export const kindOfId = (id: string): 'patient' | 'family' =>
  id.startsWith(`${ID_PREFIXES.family}_`) ? 'family' : 'patient';
