/**
 * PAT-106: this device carries merged-away records' documents into their survivors' as changes
 * arrive (a payment posted to the old family by a device that had not heard of the merge joins the
 * survivor's ledger, and A/R, without anyone opening the survivor). Carries run one at a time;
 * a person who may not merge leaves it to a device whose person may.
 */
import { MergeFollower, type SyncClient } from '@aligned/shared';
import type { AppState } from './app.svelte.ts';
import { carryAliases } from './merge-records.ts';

export function carryOnArrival(app: AppState, sync: SyncClient): () => void {
  const follower = new MergeFollower();
  let queue: Promise<unknown> = Promise.resolve();
  return sync.onDocStored((name) => {
    const resolved = app.patients?.resolved;
    if (!resolved || resolved.size === 0) return;
    for (const carry of follower.noteStored(name, resolved)) {
      if (!app.canMerge(carry.kind)) continue;
      queue = queue
        .then(() => carryAliases(app, carry.kind, carry.survivorId, [carry.aliasId]))
        .catch(() => undefined);
    }
  });
}
