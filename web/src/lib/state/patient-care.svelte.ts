/**
 * Opens a patient's care documents (chart, comms, insurance) for as long as the calling
 * component lives and the patient stays the same, and releases them after. Call it during
 * component initialisation; read `.care` (null until opened) and `.error`.
 */
import type { AppState } from './app.svelte.ts';
import type { PatientCareState } from './care.svelte.ts';
import { careFor } from './care-for.ts';

export function usePatientCare(app: AppState, patientId: () => string) {
  const opened = $state<{ care: PatientCareState | null; error: string | null }>({ care: null, error: null });
  $effect(() => {
    const id = patientId();
    if (!app.sync || !id) return;
    const care = careFor(app, id);
    opened.care = care;
    opened.error = null;
    care.open().catch((error: unknown) => {
      opened.error = error instanceof Error ? error.message : String(error);
    });
    return () => {
      care.close();
      opened.care = null;
    };
  });
  return opened;
}
