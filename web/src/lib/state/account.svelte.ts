/**
 * One family account, live while its page is open: contracts (with amendments) and the ledger.
 * The account (balance, what is late, aging, the schedule) is computed from them and the
 * practice's payment settings (billing/contract-charges.ts); writes are the shared commands and
 * workflows (billing/*.workflow.ts), recorded in the audit trail. Nothing is decided here.
 */
import type * as Y from 'yjs';
import {
  CONTRACTS_DOC_COLLECTIONS,
  LEDGER_ENTRIES,
  activateContract,
  amendContract,
  amendForCoverageChange,
  closeContract,
  contractFromAgreement,
  contractsDocName,
  accountLines,
  accountTiles,
  familyAccount,
  lockContractAtStart,
  postFromForm,
  reverseEntry,
  withdrawContractForNewTerms,
  ledgerDocName,
  observeCollection,
  postLedgerEntry,
  proposeContract,
  readContracts,
  readLedger,
  reviseProposal,
  setAutopay,
  setFinancing,
  setShares,
  signContract,
  type AuditEntity,
  type ContractInput,
  type ContractsData,
  type LedgerData,
  type AgreementContractInput,
  type LedgerEntryInput,
  type LedgerForm,
  type LiveDoc,
  type LatePolicy,
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
  latePolicy: () => LatePolicy;
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
  /** CONTRACT-108: who pays what share, until treatment starts. */
  setShares = (id: string, parties: Parameters<typeof setShares>[3]) =>
    this.#audit(setShares(this.#contractsDoc, this.#deps.context(), id, parties), 'update', 'contract', [
      'parties',
    ]);
  revise = (id: string, patch: Parameters<typeof reviseProposal>[3]) =>
    this.#audit(
      reviseProposal(this.#contractsDoc, this.#deps.context(), id, patch),
      'update',
      'contract',
      Object.keys(patch),
    );
  /** Signs with the agreement on file or on paper, fixing today's payment settings on the contract. */
  sign = (
    id: string,
    by: ({ signatureId: string } | { onPaper: true }) & {
      signedAt: string;
      lateFee?: { cents: number; graceDays: number } | undefined;
    },
  ) =>
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

  /** LEDGER-102: a payment, adjustment, refund or late fee from the posting form. */
  postForm(form: LedgerForm) {
    const result = postFromForm(this.#ledgerDoc, this.#deps.context(), form, { familyId: this.familyId });
    if (result.ok) this.#deps.record({ action: 'create', entity: 'ledger-entry', entityId: result.value.id });
    return result;
  }
  /** LEDGER-101: reverses a mistaken entry with the reason. */
  reverse = (entryId: string, reason: string) =>
    this.#audit(
      reverseEntry(this.#ledgerDoc, this.#deps.context(), { entryId, reason, today: this.#deps.today() }),
      'create',
      'ledger-entry',
    );

  /** CONTRACT-101: the contract of a financial agreement just signed, signed by it. */
  contractFromAgreement(input: Omit<AgreementContractInput, 'familyId' | 'settings'>) {
    const result = contractFromAgreement(this.#contractsDoc, this.#deps.context(), {
      ...input,
      familyId: this.familyId,
      settings: this.#deps.settings(),
    });
    if (result.ok && result.value.kind === 'signed')
      this.#deps.record({
        action: result.value.revised ? 'update' : 'create',
        entity: 'contract',
        entityId: result.value.contract.id,
        fields: ['terms', 'status'],
      });
    return result;
  }
  /** CONTRACT-102: the family changes its terms: a contract not yet active is withdrawn. */
  withdrawForNewTerms(caseId: string) {
    const result = withdrawContractForNewTerms(this.#contractsDoc, this.#deps.context(), {
      caseId,
      today: this.#deps.today(),
    });
    if (result.ok)
      for (const c of result.value)
        this.#deps.record({ action: 'update', entity: 'contract', entityId: c.id, fields: ['status'] });
    return result;
  }
  /** CONTRACT-104: treatment started: the case's signed contract locks. */
  lockAtStart(caseId: string, startDate: string) {
    const result = lockContractAtStart(this.#contractsDoc, this.#deps.context(), { caseId, startDate });
    if (result.ok && result.value.kind === 'locked')
      this.#deps.record({
        action: 'update',
        entity: 'contract',
        entityId: result.value.contract.id,
        fields: ['status'],
      });
    return result;
  }
  /** CONTRACT-105: insurance now pays less (or more) for a started case: the contract is amended. */
  amendForCoverage(caseId: string, movedToPatientCents: number, changeDate: string) {
    const result = amendForCoverageChange(this.#contractsDoc, this.#deps.context(), {
      caseId,
      movedToPatientCents,
      changeDate,
    });
    if (result.ok && result.value.kind === 'amended')
      this.#deps.record({
        action: 'create',
        entity: 'contract',
        entityId: result.value.amendment.contractId,
        fields: ['terms'],
      });
    return result;
  }
}
