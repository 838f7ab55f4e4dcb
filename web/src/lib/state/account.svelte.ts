/**
 * One family account, live while its page is open: contracts (with amendments) and the ledger.
 * The account (balance, past due, aging, the schedule) is computed from them and the practice's
 * payment settings (billing/contract-charges.ts); writes are the shared command tables
 * (billing/billing-commands.ts).
 */
import type * as Y from 'yjs';
import {
  CONTRACTS_COMMANDS,
  CONTRACTS_DOC_COLLECTIONS,
  LEDGER_COMMANDS,
  LEDGER_ENTRIES,
  bindCommands,
  contractsDocName,
  familyAccount,
  ledgerDocName,
  observeCollection,
  readContracts,
  readLedger,
  type Commands,
  type ContractsData,
  type LedgerData,
  type LiveDoc,
  type PaymentSettings,
  type SyncClient,
} from '@aligned/shared';

export type AccountDeps = {
  sync: SyncClient;
  practiceId: string;
  /** Runs the contracts and ledger commands (permission, origin, undo scope, audit). */
  commands: Commands;
  settings: () => PaymentSettings;
  today: () => string;
};

export class FamilyAccountState {
  readonly familyId: string;
  #deps: AccountDeps;
  contracts = $state.raw<ContractsData>({ contracts: [], amendments: [], needsAttention: [] });
  ledger = $state.raw<LedgerData>({ entries: [], needsAttention: [] });
  ready = $state(false);
  /** Balance, past due, aging and the contracts' charges, as of today at the practice. */
  account = $derived.by(() => this.#compute());
  #live: LiveDoc[] = [];
  #stop: (() => void)[] = [];
  #closed = false;

  constructor(familyId: string, deps: AccountDeps) {
    this.familyId = familyId;
    this.#deps = deps;
  }

  #compute() {
    return familyAccount(
      {
        contracts: this.contracts.contracts,
        amendments: this.contracts.amendments,
        entries: this.ledger.entries,
        settings: this.#deps.settings(),
      },
      this.#deps.today(),
    );
  }

  async open(): Promise<void> {
    const { sync, practiceId } = this.#deps;
    const [contracts, ledger] = await Promise.all([
      sync.open(contractsDocName(practiceId, this.familyId)),
      sync.open(ledgerDocName(practiceId, this.familyId)),
    ]);
    if (this.#closed) {
      contracts.release();
      ledger.release();
      return;
    }
    this.#live = [contracts, ledger];
    this.contracts = readContracts(contracts.doc);
    this.ledger = readLedger(ledger.doc);
    for (const spec of CONTRACTS_DOC_COLLECTIONS) {
      this.#stop.push(
        observeCollection(contracts.doc, spec, () => (this.contracts = readContracts(contracts.doc))),
      );
    }
    this.#stop.push(
      observeCollection(ledger.doc, LEDGER_ENTRIES, () => (this.ledger = readLedger(ledger.doc))),
    );
    this.ready = true;
  }

  close(): void {
    this.#closed = true;
    for (const stop of this.#stop.splice(0)) stop();
    for (const live of this.#live.splice(0)) live.release();
  }

  get #contractsDoc(): Y.Doc {
    const live = this.#live[0];
    if (!live) throw new Error('The account is not open yet');
    return live.doc;
  }
  get #ledgerDoc(): Y.Doc {
    const live = this.#live[1];
    if (!live) throw new Error('The account is not open yet');
    return live.doc;
  }

  // Commands: the contracts and ledger tables, run with permission, origin, undo scope and audit.
  #contractCommands = bindCommands(
    () => this.#deps.commands,
    CONTRACTS_COMMANDS,
    () => this.#contractsDoc,
  );
  #ledgerCommands = bindCommands(
    () => this.#deps.commands,
    LEDGER_COMMANDS,
    () => this.#ledgerDoc,
  );
  propose = this.#contractCommands.propose;
  revise = this.#contractCommands.revise;
  /** Signs with the agreement on file or on paper, fixing today's payment settings on the contract. */
  sign = (id: string, by: ({ signatureId: string } | { onPaper: true }) & { signedAt: string }) =>
    this.#contractCommands.sign(id, { ...by, settings: this.#deps.settings() });
  activate = this.#contractCommands.activate;
  close_ = this.#contractCommands.close;
  amend = this.#contractCommands.amend;
  setAutopay = this.#contractCommands.setAutopay;
  setFinancing = this.#contractCommands.setFinancing;
  post = this.#ledgerCommands.post;
}
