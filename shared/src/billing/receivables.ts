/**
 * The practice's patient receivables as the Billing screen and the collections list read them
 * (AGING-101): one aging index for the day and the practice's grace days, fed with the family
 * account states a device has projected. Each update puts only the accounts whose state changed
 * (the projection hands out the same state object for an account that did not), so a new payment
 * costs one account, not the practice; states of another day are left out and counted, until
 * the projection brings them up to today.
 */
import type { AccountState } from './ledger.ts';
import { createAgingIndex, type AgingIndex } from './ledger.ts';

export type Receivables = {
  readonly index: AgingIndex;
  /** Brings the index in line with `accounts`; returns how many states are not as of the index's day. */
  update(accounts: ReadonlyMap<string, { state: AccountState }>): { stale: number };
};

export function createReceivables(asOf: string, graceDays: number): Receivables {
  const index = createAgingIndex(asOf, { graceDays });
  const put = new Map<string, AccountState>();
  return {
    index,
    update(accounts) {
      let stale = 0;
      for (const [familyId, { state }] of accounts) {
        if (state.asOf !== asOf || state.payer !== index.payer) {
          stale += 1;
          if (put.delete(familyId)) index.removeAccount(familyId);
          continue;
        }
        if (put.get(familyId) === state) continue;
        index.setState(familyId, state);
        put.set(familyId, state);
      }
      for (const familyId of put.keys()) {
        if (accounts.has(familyId)) continue;
        put.delete(familyId);
        index.removeAccount(familyId);
      }
      return { stale };
    },
  };
}
