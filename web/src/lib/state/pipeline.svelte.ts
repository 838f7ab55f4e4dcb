/**
 * The pipeline projection: every followed case of the practice as a `PipelineItem`, computed on
 * this device from each patient's chart and comms documents (docs/data-model.md, "Practice-wide
 * lists"). It opens instantly from the last saved projection, is kept current from every change
 * this device stores (its own or a colleague's), and is re-checked against the stored documents
 * in the background once per start, so a projection saved before a crash cannot stay stale.
 */
import * as Y from 'yjs';
import {
  parseDocName,
  pipelineItemsOf,
  readChart,
  readComms,
  chartDocName,
  commsDocName,
  insuranceDocName,
  insuranceSummaryOf,
  contractsDocName,
  familyAccount,
  ledgerDocName,
  readContracts,
  readLedger,
  type AccountState,
  type PaymentSettings,
  readInsurance,
  type InsuranceSummary,
  type PipelineItem,
  type ReplicaStore,
  type SyncClient,
} from '@aligned/shared';

const SNAPSHOT_KEY = 'projection:pipeline';

type Snapshot = {
  build: string;
  items: Record<string, PipelineItem[]>;
  insurance?: Record<string, InsuranceSummary>;
  accounts?: Record<string, AccountSummary>;
};

/** A family account as the practice-wide A/R and collections lists need it. */
export type AccountSummary = { familyId: string; state: AccountState; lastPaymentOn?: string };

type Projected = { items: PipelineItem[]; insurance: InsuranceSummary | null };

export class PipelineState {
  /** Patient id → that patient's followed cases. */
  byPatient = $state.raw<ReadonlyMap<string, PipelineItem[]>>(new Map());
  items = $derived([...this.byPatient.values()].flat());
  /** Patient id → that patient's insurance summary (patients with a policy only). */
  insurance = $state.raw<ReadonlyMap<string, InsuranceSummary>>(new Map());
  /** Family id → that account's balance, past due and aging (families with a contract or ledger). */
  accounts = $state.raw<ReadonlyMap<string, AccountSummary>>(new Map());
  /** True once the saved projection (or a first build) is in memory. */
  ready = $state(false);
  /** Progress of the background re-check, for the sync panel: null when done. */
  checking = $state<{ done: number; total: number } | null>(null);

  #store: ReplicaStore;
  #sync: SyncClient;
  #practiceId: string;
  #build: string;
  #today: () => string;
  #paymentSettings: () => PaymentSettings;
  #dirtyFamilies = new Set<string>();
  #dirty = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #saveTimer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;
  #stop: (() => void)[] = [];

  constructor(options: {
    store: ReplicaStore;
    sync: SyncClient;
    practiceId: string;
    build: string;
    today: () => string;
    paymentSettings: () => PaymentSettings;
  }) {
    this.#today = options.today;
    this.#paymentSettings = options.paymentSettings;
    this.#store = options.store;
    this.#sync = options.sync;
    this.#practiceId = options.practiceId;
    this.#build = options.build;
  }

  /** Whether a saved projection was found at start (otherwise the first re-check builds it). */
  fromSnapshot = false;

  /** Loads the saved projection and starts following changes. */
  async start(): Promise<void> {
    try {
      const saved = (await this.#store.getMeta(SNAPSHOT_KEY)) as Snapshot | undefined;
      if (saved && saved.build === this.#build) {
        this.byPatient = new Map(Object.entries(saved.items));
        this.insurance = new Map(Object.entries(saved.insurance ?? {}));
        this.accounts = new Map(Object.entries(saved.accounts ?? {}));
        this.fromSnapshot = true;
      }
    } catch {
      // An unreadable projection is rebuilt below.
    }
    this.ready = true;
    this.#stop.push(
      this.#sync.onDocStored((name) => {
        const address = parseDocName(name);
        if (address?.practiceId !== this.#practiceId) return;
        if (!address.key) return;
        if (address.kind === 'chart' || address.kind === 'comms' || address.kind === 'insurance')
          this.#markDirty(address.key);
        if (address.kind === 'contracts' || address.kind === 'ledger') this.#markFamilyDirty(address.key);
      }),
    );
  }

  /** Re-reads every patient's documents from the store, a few at a time, yielding between. */
  async recheckAll(): Promise<void> {
    const names = await this.#store.docNames();
    const patients = new Set<string>();
    for (const name of names) {
      const address = parseDocName(name);
      const projected = address?.kind === 'chart' || address?.kind === 'insurance';
      if (address?.practiceId === this.#practiceId && projected && address.key) patients.add(address.key);
    }
    const families = new Set<string>();
    for (const name of names) {
      const address = parseDocName(name);
      const money = address?.kind === 'contracts' || address?.kind === 'ledger';
      if (address?.practiceId === this.#practiceId && money && address.key) families.add(address.key);
    }
    const ids = [...patients];
    this.checking = { done: 0, total: ids.length + families.size };
    const next = new Map(this.byPatient);
    const nextInsurance = new Map(this.insurance);
    for (let i = 0; i < ids.length && !this.#stopped; i += 25) {
      const batch = ids.slice(i, i + 25);
      const results = await Promise.all(batch.map((id) => this.#project(id)));
      batch.forEach((id, k) => apply(next, nextInsurance, id, results[k]!));
      this.checking = { done: Math.min(ids.length, i + 25), total: ids.length };
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    // Patients whose chart is gone from the store keep nothing on the board.
    const nextAccounts = new Map<string, AccountSummary>();
    const familyIds = [...families];
    for (let i = 0; i < familyIds.length && !this.#stopped; i += 50) {
      const batch = familyIds.slice(i, i + 50);
      const results = await Promise.all(batch.map((id) => this.#projectFamily(id)));
      results.forEach((r) => nextAccounts.set(r.familyId, r));
      this.checking = {
        done: ids.length + Math.min(familyIds.length, i + 50),
        total: ids.length + familyIds.length,
      };
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    for (const id of next.keys()) if (!patients.has(id)) next.delete(id);
    for (const id of nextInsurance.keys()) if (!patients.has(id)) nextInsurance.delete(id);
    if (this.#stopped) return;
    this.byPatient = next;
    this.insurance = nextInsurance;
    this.accounts = nextAccounts;
    this.checking = null;
    this.#scheduleSave();
  }

  #holding = false;

  /**
   * While the device catches up with the relay (a first sync brings thousands of documents),
   * changes are only noted; projecting each as it lands would double the work of the sync.
   * Released when the catch-up is done, or when the device goes offline (then local edits
   * must show at once).
   */
  hold(holding: boolean) {
    if (this.#holding === holding) return;
    this.#holding = holding;
    if (!holding && this.#dirty.size + this.#dirtyFamilies.size > 0)
      this.#timer ??= setTimeout(() => void this.#flush(), 0);
  }

  #markFamilyDirty(familyId: string) {
    this.#dirtyFamilies.add(familyId);
    if (!this.#holding) this.#timer ??= setTimeout(() => void this.#flush(), 0);
  }

  async #projectFamily(familyId: string): Promise<AccountSummary> {
    const [contractsDoc, ledgerDoc] = await Promise.all([
      this.#readDoc(contractsDocName(this.#practiceId, familyId)),
      this.#readDoc(ledgerDocName(this.#practiceId, familyId)),
    ]);
    try {
      const contracts = readContracts(contractsDoc);
      const ledger = readLedger(ledgerDoc);
      const account = familyAccount(
        { ...contracts, entries: ledger.entries, settings: this.#paymentSettings() },
        this.#today(),
      );
      const payments = ledger.entries.filter((e) => e.kind === 'payment');
      const lastPaymentOn = payments.at(-1)?.postedOn;
      return { familyId, state: account.state, ...(lastPaymentOn ? { lastPaymentOn } : {}) };
    } finally {
      contractsDoc.destroy();
      ledgerDoc.destroy();
    }
  }

  #markDirty(patientId: string) {
    this.#dirty.add(patientId);
    // A batch per task: a sync burst touches many documents; one visible update follows it.
    if (!this.#holding) this.#timer ??= setTimeout(() => void this.#flush(), 0);
  }

  async #flush() {
    this.#timer = null;
    if (this.#dirtyFamilies.size > 0 && !this.#holding) {
      const families = [...this.#dirtyFamilies];
      this.#dirtyFamilies.clear();
      const results = await Promise.all(families.map((id) => this.#projectFamily(id)));
      if (this.#stopped) return;
      const next = new Map(this.accounts);
      for (const r of results) next.set(r.familyId, r);
      this.accounts = next;
      this.#scheduleSave();
    }
    while (this.#dirty.size > 0 && !this.#stopped && !this.#holding) {
      // A few patients at a time, yielding between, so a large catch-up never blocks the screen.
      const ids = [...this.#dirty].slice(0, 50);
      for (const id of ids) this.#dirty.delete(id);
      const results = await Promise.all(ids.map((id) => this.#project(id)));
      if (this.#stopped) return;
      const next = new Map(this.byPatient);
      const nextInsurance = new Map(this.insurance);
      ids.forEach((id, k) => apply(next, nextInsurance, id, results[k]!));
      this.byPatient = next;
      this.insurance = nextInsurance;
      this.#scheduleSave();
      if (this.#dirty.size > 0) await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }

  /** A patient's items, from the stored documents (or the live ones, when open). */
  async #project(patientId: string): Promise<Projected> {
    const [chart, comms, insurance] = await Promise.all([
      this.#readDoc(chartDocName(this.#practiceId, patientId)),
      this.#readDoc(commsDocName(this.#practiceId, patientId)),
      this.#readDoc(insuranceDocName(this.#practiceId, patientId)),
    ]);
    try {
      return {
        items: pipelineItemsOf(readChart(chart), readComms(comms)),
        insurance: insuranceSummaryOf(patientId, readInsurance(insurance), this.#today()),
      };
    } finally {
      chart.destroy();
      comms.destroy();
      insurance.destroy();
    }
  }

  async #readDoc(name: string): Promise<Y.Doc> {
    const doc = new Y.Doc();
    const updates = await this.#store.readDoc(name);
    if (updates.length > 0) Y.applyUpdate(doc, updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
    return doc;
  }

  /** Writes the projection now (the app is being hidden or closed). */
  saveNow() {
    if (!this.#saveTimer) return;
    clearTimeout(this.#saveTimer);
    this.#saveTimer = null;
    this.#write();
  }

  #scheduleSave() {
    this.#saveTimer ??= setTimeout(() => {
      this.#saveTimer = null;
      this.#write();
    }, 2_000);
  }

  #write() {
    const snapshot: Snapshot = {
      build: this.#build,
      items: Object.fromEntries(this.byPatient),
      insurance: Object.fromEntries(this.insurance),
      accounts: Object.fromEntries(this.accounts),
    };
    const complete =
      this.#dirty.size === 0 && this.#dirtyFamilies.size === 0 && !this.#holding && this.checking === null;
    void this.#store.setMeta(SNAPSHOT_KEY, snapshot).then(
      // For the benchmarks (tests/bench): a projection of everything stored is on disk.
      () => complete && performance.mark('aligned:projection-saved'),
      () => undefined,
    );
  }

  destroy() {
    this.#stopped = true;
    for (const stop of this.#stop.splice(0)) stop();
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#saveTimer) clearTimeout(this.#saveTimer);
  }
}

function apply(
  items: Map<string, PipelineItem[]>,
  insurance: Map<string, InsuranceSummary>,
  id: string,
  projected: Projected,
) {
  if (projected.items.length > 0) items.set(id, projected.items);
  else items.delete(id);
  if (projected.insurance) insurance.set(id, projected.insurance);
  else insurance.delete(id);
}
