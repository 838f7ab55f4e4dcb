/**
 * Whether a screen's practice-wide lists are the whole practice on this device (PROJ-3). Its own
 * small module: every practice-wide screen asks, and none should load the projection's code for it.
 */
import type { ListProgress, SyncStatus } from '@aligned/shared';
import type { ProjectionState } from './projection.svelte.ts';

/** The sources a screen can wait for, by name. */
export type ListSource =
  'cases' | 'insurance' | 'accounts' | 'appointments' | 'lab' | 'report-charts' | 'report-money';

/**
 * The progress of these sources' lists. Before the projection has started (a first start opens it
 * a moment after the screen), or for lists outside it (the patient index), the sync's own progress.
 */
export function practiceProgress(
  projection: ProjectionState | null,
  status: SyncStatus | null,
  sources: ListSource[],
): ListProgress {
  if (projection) return projection.progress(...sources);
  if (!status || status.replication.total === 0) return { state: 'starting' };
  return { state: 'arriving', ...status.replication, connection: status.connection };
}
