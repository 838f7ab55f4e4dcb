/**
 * What a practice-wide screen says while its lists are not yet the whole practice (PROJ-3): one
 * progress for the sources a screen reads, and the sentence that states it.
 */
import type { ListProgress } from './projection-engine.ts';

const RANK: Record<ListProgress['state'], number> = { starting: 0, arriving: 1, preparing: 2, complete: 3 };

/** The progress of a screen reading several sources: the least advanced one; preparing ones add up. */
export function combineProgress(progress: readonly ListProgress[]): ListProgress {
  let least: ListProgress = { state: 'complete' };
  for (const p of progress) if (RANK[p.state] < RANK[least.state]) least = p;
  if (least.state !== 'preparing') return least;
  let done = 0;
  let total = 0;
  for (const p of progress)
    if (p.state === 'preparing') {
      done += p.done;
      total += p.total;
    }
  return { state: 'preparing', done, total };
}

const count = (n: number) => n.toLocaleString('en-US');

/** The sentence a screen shows instead of a list or total that is not complete. */
export function progressText(progress: ListProgress): string {
  switch (progress.state) {
    case 'complete':
      return 'Up to date';
    case 'starting':
      return 'Opening the practice’s lists…';
    case 'arriving':
      if (progress.connection !== 'online' && progress.connection !== 'connecting')
        return 'Waiting for the connection to sync the practice to this device';
      if (progress.total === 0) return 'Syncing the practice: connecting…';
      return `Syncing the practice: ${count(progress.done)} of ${count(progress.total)} records`;
    case 'preparing':
      return progress.total === 0
        ? 'Preparing the lists…'
        : `Preparing the lists: ${count(progress.done)} of ${count(progress.total)}`;
  }
}

/** Share done, 0…1, for a progress bar (null while there is nothing to count yet). */
export function progressShare(progress: ListProgress): number | null {
  if (progress.state === 'complete') return 1;
  if (progress.state === 'starting' || progress.total === 0) return null;
  return Math.min(1, progress.done / progress.total);
}
