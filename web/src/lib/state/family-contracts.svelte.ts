/**
 * The contracts of a patient's family, for pages that check a financial agreement against the
 * contract it became and make the contract from it (the presentation, a signed document).
 * Opened for as long as the calling component lives; empty when the signed-in person may not
 * read contracts, in which case the agreement is checked with the practice's current settings.
 */
import type { Amendment, Contract } from '@aligned/shared';
import type { AppState } from './app.svelte.ts';
import type { FamilyAccountState } from './account.svelte.ts';
import { accountFor } from './account-for.ts';

export function useFamilyContracts(app: AppState, familyId: () => string | undefined) {
  let account = $state.raw<FamilyAccountState | null>(null);
  $effect(() => {
    const id = familyId();
    if (!app.sync || !id || !app.canRead('contracts')) return;
    const opened = accountFor(app, id);
    account = opened;
    opened.open().catch(() => {
      // Not readable on this device: the practice's current settings apply.
    });
    return () => {
      opened.close();
      account = null;
    };
  });
  return {
    /** The open account (for the contract workflows), once it is ready. */
    get account(): FamilyAccountState | null {
      return account?.ready ? account : null;
    },
    get contracts(): readonly Contract[] {
      return account?.contracts.contracts ?? [];
    },
    get amendments(): readonly Amendment[] {
      return account?.contracts.amendments ?? [];
    },
  };
}
