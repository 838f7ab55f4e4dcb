/**
 * What every page about one family account sets up (the account, a contract, a receipt): the
 * account's contracts and ledger opened with the page and closed when leaving it, or when the page
 * turns to another family. `onOpen` runs once per opening (the account page's "viewed" entry).
 * Call during component initialisation.
 */
import type { AppState } from './app.svelte.ts';
import type { FamilyAccountState } from './account.svelte.ts';
import { accountFor } from './account-for.ts';

export function useFamilyAccount(app: AppState, familyId: () => string, onOpen?: (familyId: string) => void) {
  let account = $state.raw<FamilyAccountState | null>(null);
  $effect(() => {
    const id = familyId();
    if (!app.sync || !id) return;
    const opened = accountFor(app, id);
    account = opened;
    void opened.open();
    onOpen?.(id);
    return () => {
      opened.close();
      account = null;
    };
  });
  return {
    get account() {
      return account;
    },
  };
}
