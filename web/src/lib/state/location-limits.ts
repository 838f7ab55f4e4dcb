/**
 * The signed-in person's location limits (PERM-201), for the lists that apply them: the patients
 * list, Billing, the pending board and Today. Read from their staff record in the practice document,
 * so a change made by a manager applies at once; until that document is here, from the session
 * (`sessionLocations`).
 */
import { itemsInScope, sessionLocations, type LocationLimited, type PipelineItem } from '@aligned/shared';
import type { AppState } from './app.svelte.ts';

export function myLocations(app: AppState): LocationLimited {
  return sessionLocations(app.session, app.practice?.staff ?? []);
}

/** The pipeline's cases of the person's locations' patients (PERM-201), for the board and Today. */
export function casesHere(app: AppState, items: readonly PipelineItem[]): PipelineItem[] {
  return itemsInScope(myLocations(app), items, (id) => app.patients?.get(id)?.locationId);
}
