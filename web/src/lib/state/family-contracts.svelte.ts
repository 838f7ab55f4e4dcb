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
import { useOpened } from './opened.svelte.ts';

export function useFamilyContracts(app: AppState, familyId: () => string | undefined) {
  // Not readable on this device: empty, and the practice's current settings apply.
  const account = useOpened(() => {
    const id = familyId();
    return app.sync && id && app.canRead('contracts') ? accountFor(app, id) : null;
  });
  return {
    /** The open account (for the contract workflows), once it is ready. */
    get account(): FamilyAccountState | null {
      return account.current?.ready ? account.current : null;
    },
    get contracts(): readonly Contract[] {
      return account.current?.contracts.contracts ?? [];
    },
    get amendments(): readonly Amendment[] {
      return account.current?.contracts.amendments ?? [];
    },
  };
}
