/**
 * The accounts source: a family account's state as of today (balance, past due, aging) and its
 * last payment, for practice A/R and the collections list, from its contracts and ledger.
 */
import { contractsDocName, ledgerDocName } from '../documents/doc-names.ts';
import { readContracts } from '../billing/contracts-doc.ts';
import { readLedger } from '../billing/ledger-doc.ts';
import { familyAccount } from '../billing/contract-charges.ts';
import type { AccountState } from '../billing/ledger.ts';
import type { ProjectionSource } from './projection-source.ts';

/** A family account as the practice-wide A/R and collections lists need it. */
export type AccountSummary = { familyId: string; state: AccountState; lastPaymentOn?: string };

export const accountsSource: ProjectionSource<AccountSummary> = {
  name: 'accounts',
  kinds: ['contracts', 'ledger'],
  docsOf: (practiceId, familyId) => [
    contractsDocName(practiceId, familyId),
    ledgerDocName(practiceId, familyId),
  ],
  project([contractsDoc, ledgerDoc], familyId, context) {
    const contracts = readContracts(contractsDoc!);
    const ledger = readLedger(ledgerDoc!);
    // A family with neither a contract nor an entry has no account to list.
    if (contracts.contracts.length === 0 && ledger.entries.length === 0) return null;
    const account = familyAccount(
      { ...contracts, entries: ledger.entries, settings: context.paymentSettings },
      context.today,
    );
    const lastPaymentOn = ledger.entries.filter((e) => e.kind === 'payment').at(-1)?.postedOn;
    return { familyId, state: account.state, ...(lastPaymentOn ? { lastPaymentOn } : {}) };
  },
  // Ages and what is due move with the day; charges follow the practice's payment settings.
  contextKey: (context) => `${context.today}|${sortedJson(context.paymentSettings)}`,
  storage: { kind: 'shards', count: 8 },
};

/** JSON with keys sorted: the same settings give the same text whatever order they were read in. */
function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
