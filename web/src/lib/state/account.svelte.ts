/**
 * One family account, live while its page is open: contracts (with amendments) and the ledger.
 * The account (balance, what is late, aging, the schedule) is computed from them and the
 * practice's payment settings (billing/contract-charges.ts); writes are the shared command table
 * (billing/billing-commands.ts), workflows included (billing/*.workflow.ts). Nothing is decided here.
 */
import type * as Y from 'yjs';
import {
  CONTRACTS_COMMANDS,
  CONTRACTS_DOC_COLLECTIONS,
  LEDGER_COMMANDS,
  LEDGER_ENTRIES,
  accountLines,
  accountTiles,
  bindCommands,
  contractsDocName,
  familyAccount,
  ledgerDocName,
  observeCollection,
  readContracts,
  readLedger,
  type AgreementContractInput,
  type Commands,
  type ContractsData,
  type LatePolicy,
  type LedgerForm,
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
  latePolicy: () => LatePolicy;
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
  /** The tiles: balance, late after the grace days (LATE-101), owed within grace, next due, credit. */
  summary = $derived.by(() => accountTiles(this.account.state, this.#deps.latePolicy()));
  /** The statement's lines, newest first, each saying whether it can be reversed (LEDGER-101). */
  lines = $derived.by(() => accountLines(this.ledger.entries, this.account.charges, this.#deps.today()));
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
  sign = (
    id: string,
    by: ({ signatureId: string } | { onPaper: true }) & {
      signedAt: string;
      lateFee?: { cents: number; graceDays: number } | undefined;
    },
  ) => this.#contractCommands.sign(id, { ...by, settings: this.#deps.settings() });
  activate = this.#contractCommands.activate;
  close_ = this.#contractCommands.close;
  amend = this.#contractCommands.amend;
  setAutopay = this.#contractCommands.setAutopay;
  setFinancing = this.#contractCommands.setFinancing;
  /** CONTRACT-108: who pays what share, until treatment starts. */
  setShares = this.#contractCommands.setShares;
  post = this.#ledgerCommands.post;
  /** LEDGER-102: a payment, adjustment, refund or late fee from the posting form. */
  postForm = (form: LedgerForm) => this.#ledgerCommands.postForm(form, { familyId: this.familyId });
  /** LEDGER-101: reverses a mistaken entry with the reason. */
  reverse = (entryId: string, reason: string) =>
    this.#ledgerCommands.reverse({ entryId, reason, today: this.#deps.today() });

  /** CONTRACT-101: the contract of a financial agreement just signed, signed by it. */
  contractFromAgreement = (input: Omit<AgreementContractInput, 'familyId' | 'settings'>) =>
    this.#contractCommands.fromAgreement({
      ...input,
      familyId: this.familyId,
      settings: this.#deps.settings(),
    });
  /** CONTRACT-102: the family changes its terms: a contract not yet active is withdrawn. */
  withdrawForNewTerms = (caseId: string) =>
    this.#contractCommands.withdrawForNewTerms({ caseId, today: this.#deps.today() });
  /** CONTRACT-104: treatment started: the case's signed contract locks. */
  lockAtStart = (caseId: string, startDate: string) =>
    this.#contractCommands.lockAtStart({ caseId, startDate });
  /** CONTRACT-105: insurance now pays less (or more) for a started case: the contract is amended. */
  amendForCoverage = (caseId: string, movedToPatientCents: number, changeDate: string) =>
    this.#contractCommands.amendForCoverage({ caseId, movedToPatientCents, changeDate });
}
