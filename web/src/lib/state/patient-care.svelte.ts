/**
 * Opens a patient's care documents (chart, comms, insurance) for as long as the calling
 * component lives and the patient stays the same, and releases them after (opened.svelte.ts).
 * Call it during component initialisation; read `.care` (null until opened) and `.error`.
 */
import type { AppState } from './app.svelte.ts';
import { careFor } from './care-for.ts';
import { useOpened } from './opened.svelte.ts';

export function usePatientCare(app: AppState, patientId: () => string) {
  const opened = useOpened(() => {
    const id = patientId();
    return app.sync && id ? careFor(app, id) : null;
  });
  return {
    get care() {
      return opened.current;
    },
    get error() {
      return opened.error;
    },
  };
}
