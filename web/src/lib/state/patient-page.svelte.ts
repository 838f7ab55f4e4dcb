/**
 * What every page about one patient sets up (the patient page, a case's presentation, a signed
 * document): the patient's care documents opened with the page, and one "viewed" entry in the
 * audit trail per opening of what it shows. Call during component initialisation.
 */
import { untrack } from 'svelte';
import type { AuditEntity } from '@aligned/shared';
import type { AppState } from './app.svelte.ts';
import { usePatientCare } from './patient-care.svelte.ts';

export function usePatientPage(
  app: AppState,
  patientId: () => string,
  viewed: () => { entity: AuditEntity; id: string },
) {
  const opened = usePatientCare(app, patientId);
  $effect(() => {
    const [{ entity, id }, of] = [viewed(), patientId()];
    untrack(() => app.record({ action: 'view', entity, entityId: id, patientId: of }));
  });
  return {
    get patient() {
      return app.patients?.get(patientId());
    },
    get care() {
      return opened.care;
    },
    get error() {
      return opened.error;
    },
    get timeZone() {
      return app.practice?.timeZone ?? 'UTC';
    },
  };
}
