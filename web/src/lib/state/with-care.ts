/**
 * Runs one change against a patient's care documents from a screen that does not have them
 * open (the board, Today): opens them, applies the change, releases them. Opening is a local
 * read (no network), so this works offline.
 */
import type { AppState } from './app.svelte.ts';
import type { PatientCareState } from './care.svelte.ts';
import { careFor } from './care-for.ts';

export async function withCare<T>(
  app: AppState,
  patientId: string,
  change: (care: PatientCareState) => T,
): Promise<T> {
  const care = careFor(app, patientId);
  await care.open();
  try {
    return change(care);
  } finally {
    care.close();
  }
}
