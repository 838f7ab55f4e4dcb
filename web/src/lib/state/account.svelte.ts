/**
 * One family account, live while its page is open: contracts (with amendments) and the ledger.
 * The account (balance, past due, aging, the schedule) is computed from them and the practice's
 * payment settings (billing/contract-charges.ts); writes go through shared commands and are
 * recorded in the audit trail.
 */
import type * as Y from 'yjs';
import {
  CONTRACTS_DOC_COLLECTIONS,
  LEDGER_ENTRIES,
  activateContract,
  amendContract,
  closeContract,
  contractsDocName,
  familyAccount,
  ledgerDocName,
  observeCollection,
  postLedgerEntry,
  proposeContract,
  readContracts,
  readLedger,
  reviseProposal,
  setAutopay,
  setFinancing,
  signContract,
  type AuditEntity,
  type ContractInput,
  type ContractsData,
  type LedgerData,
  type LedgerEntryInput,
  type LiveDoc,
  type PaymentSettings,
  type Result,
  type SyncClient,
  type WriteContext,
  type WriteError,
} from '@aligned/shared';

export type AccountDeps = {
  sync: SyncClient;
  practiceId: string;
  context: () => WriteContext;
  settings: () => PaymentSettings;
  today: () => string;
  record: (event: {
    action: 'create' | 'update';
    entity: AuditEntity;
    entityId: string;
    fields?: string[];
  }) => void;
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

  #audit<T extends { id: string }>(
    result: Result<T, WriteError>,
    action: 'create' | 'update',
    entity: AuditEntity,
    fields?: string[],
  ): Result<T, WriteError> {
    if (result.ok) this.#deps.record({ action, entity, entityId: result.value.id, fields });
    return result;
  }

  propose = (input: ContractInput) =>
    this.#audit(proposeContract(this.#contractsDoc, this.#deps.context(), input), 'create', 'contract');
  revise = (id: string, patch: Parameters<typeof reviseProposal>[3]) =>
    this.#audit(
      reviseProposal(this.#contractsDoc, this.#deps.context(), id, patch),
      'update',
      'contract',
      Object.keys(patch),
    );
  /** Signs with the agreement on file or on paper, fixing today's payment settings on the contract. */
  sign = (id: string, by: ({ signatureId: string } | { onPaper: true }) & { signedAt: string }) =>
    this.#audit(
      signContract(this.#contractsDoc, this.#deps.context(), id, { ...by, settings: this.#deps.settings() }),
      'update',
      'contract',
      ['status'],
    );
  activate = (id: string, on: string) =>
    this.#audit(activateContract(this.#contractsDoc, this.#deps.context(), id, on), 'update', 'contract', [
      'status',
    ]);
  close_ = (id: string, status: 'completed' | 'transferred' | 'cancelled', on: string) =>
    this.#audit(
      closeContract(this.#contractsDoc, this.#deps.context(), id, status, on),
      'update',
      'contract',
      ['status'],
    );
  amend = (id: string, input: Parameters<typeof amendContract>[3]) =>
    this.#audit(amendContract(this.#contractsDoc, this.#deps.context(), id, input), 'create', 'contract', [
      'terms',
    ]);
  setAutopay = (id: string, autopay: Parameters<typeof setAutopay>[3]) => {
    const result = setAutopay(this.#contractsDoc, this.#deps.context(), id, autopay);
    if (result.ok)
      this.#deps.record({ action: 'update', entity: 'contract', entityId: id, fields: ['autopay'] });
    return result;
  };
  setFinancing = (id: string, financing: Parameters<typeof setFinancing>[3]) => {
    const result = setFinancing(this.#contractsDoc, this.#deps.context(), id, financing);
    if (result.ok)
      this.#deps.record({ action: 'update', entity: 'contract', entityId: id, fields: ['financing'] });
    return result;
  };
  post = (input: LedgerEntryInput) =>
    this.#audit(postLedgerEntry(this.#ledgerDoc, this.#deps.context(), input), 'create', 'ledger-entry');
}
