/**
 * One patient's chart, communications and insurance for a screen; `open()` it, `close()` it when
 * leaving. Starting treatment locks the family's signed contract; a coverage change amends the
 * active one. Its own module, so the estimate engine and the rest of the chart's rules load with
 * the patient's screens, not with the app's first screen.
 */
import { coverageOutcomeText } from '@aligned/shared';
import type { AppState } from './app.svelte.ts';
import { PatientCareState } from './care.svelte.ts';
import { accountFor } from './account-for.ts';
import { writeErrorText } from '../write-error.ts';

export function careFor(app: AppState, patientId: string): PatientCareState {
  if (!app.sync || !app.session) throw new Error('The practice is not open');
  const familyOf = () => app.patients?.get(patientId)?.familyId;
  return new PatientCareState(patientId, {
    sync: app.sync,
    practiceId: app.session.practiceId,
    commands: app.commands,
    practice: () => app.practice,
    today: () => app.today(),
    dateOfBirth: () => app.patients?.get(patientId)?.dateOfBirth,
    caseStarted: (caseId, startDate) => {
      const familyId = familyOf();
      if (familyId) void lockContractAtStart(app, familyId, caseId, startDate);
    },
    coverageChanged: (caseId, moved, changeDate) => {
      const familyId = familyOf();
      return familyId ? amendForCoverage(app, familyId, caseId, moved, changeDate) : Promise.resolve(null);
    },
  });
}

/** CONTRACT-104: at treatment start the case's signed contract becomes active: its terms lock. */
async function lockContractAtStart(app: AppState, familyId: string, caseId: string, startDate: string) {
  if (!app.canWrite('contracts').allowed) return;
  const account = accountFor(app, familyId);
  await account.open();
  try {
    account.lockAtStart(caseId, startDate);
  } finally {
    account.close();
  }
}

/** CONTRACT-105: a coverage change amends the case's active contract. */
async function amendForCoverage(
  app: AppState,
  familyId: string,
  caseId: string,
  moved: number,
  changeDate: string,
): Promise<string | null> {
  if (moved === 0) return null;
  if (!app.canWrite('contracts').allowed)
    return 'The contract is not amended: ask someone who manages contracts to amend it.';
  const account = accountFor(app, familyId);
  await account.open();
  try {
    const result = account.amendForCoverage(caseId, moved, changeDate);
    return result.ok
      ? coverageOutcomeText(result.value)
      : `The contract could not be amended: ${writeErrorText(result.error)}`;
  } finally {
    account.close();
  }
}
