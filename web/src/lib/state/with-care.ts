/**
 * Runs one change against a patient's care documents from a screen that does not have them
 * open (the board, Today): opens them, applies the change, releases them (opened.svelte.ts).
 */
import type { AppState } from './app.svelte.ts';
import type { PatientCareState } from './care.svelte.ts';
import { careFor } from './care-for.ts';
import { withOpened } from './opened.svelte.ts';

export const withCare = <T>(app: AppState, patientId: string, change: (care: PatientCareState) => T) =>
  withOpened(careFor(app, patientId), change);
