/**
 * A family account (contracts and ledger) for a screen: `open()` it, `close()` it when leaving.
 * Its own module, so the plan engine and the ledger load with the screens that need them, not
 * with the app's first screen.
 */
import { DEFAULT_LATE_POLICY } from '@aligned/shared';
import type { AppState } from './app.svelte.ts';
import { FamilyAccountState } from './account.svelte.ts';

export function accountFor(app: AppState, familyId: string): FamilyAccountState {
  if (!app.sync || !app.session) throw new Error('The practice is not open');
  return new FamilyAccountState(familyId, {
    sync: app.sync,
    practiceId: app.session.practiceId,
    commands: app.commands,
    settings: () => app.practice?.practice?.paymentSettings ?? {},
    latePolicy: () => app.practice?.practice?.latePolicy ?? DEFAULT_LATE_POLICY,
    today: () => app.today(),
  });
}
