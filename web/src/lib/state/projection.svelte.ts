/**
 * The device projection as Svelte state: the values every practice-wide list reads (the board,
 * Today, Billing, the insurance worklists, the recovery lists) and whether each list is complete
 * on this device. The work is the shared engine's (shared/src/projection); this class only mirrors
 * its values into reactive state and starts, saves and stops it with the app.
 */
import {
  PRACTICE_SOURCES,
  ProjectionEngine,
  accountsAfterMerges,
  accountsSource,
  appointmentsSource,
  casesSource,
  combineProgress,
  consultVisitsOf,
  insuranceSource,
  itemsAfterMerges,
  labSource,
  reportChartsSource,
  reportMoneySource,
  itemsWithBook,
  type AccountSummary,
  type AppointmentRow,
  type InsuranceSummary,
  type LabSummary,
  type ListProgress,
  type OrthoStage,
  type PipelineItem,
  type ProjectionContext,
  type ReportChart,
  type ReportMoney,
  type ReplicaStore,
  type SyncClient,
} from '@aligned/shared';
import type { ListSource } from './practice-progress.ts';

export type { AccountSummary, ListSource };

const STARTING: ListProgress = { state: 'starting' };

export class ProjectionState {
  /** Merged-away ids → survivors (set by the constructor; declared first, the lists below read it). */
  #merges: () => ReadonlyMap<string, string> = () => new Map();
  /** Patient id → that patient's cases (a merged-away patient's too: its key is kept). */
  byPatient = $state.raw<ReadonlyMap<string, PipelineItem[]>>(new Map());
  /** An appointment type's stage (the practice's types; set by the constructor). */
  #stageOf: () => (typeId: string) => OrthoStage | undefined = () => () => undefined;
  /** The book window's appointments (BOOK_WINDOW), held in memory for the session. */
  bookRows = $derived.by(() => {
    void this.appointmentsVersion;
    const values = this.engine.values(appointmentsSource);
    return this.#bookWindow().flatMap((key) => values.get(key) ?? []);
  });
  /**
   * Every case once, merged-away patients' under their survivors (PAT-105), at the stage the book
   * says (BOOK-103): a consult the front desk booked shows the case at exam booked.
   */
  items = $derived(
    itemsWithBook(
      itemsAfterMerges(this.byPatient, this.#merges()),
      consultVisitsOf(this.bookRows, this.#stageOf()),
    ),
  );
  /** Patient id → that patient's insurance summary (patients with a policy only). */
  insurance = $state.raw<ReadonlyMap<string, InsuranceSummary>>(new Map());
  /** Patient id → that patient's open lab orders (LAB-4; patients with one only). */
  lab = $state.raw<ReadonlyMap<string, LabSummary>>(new Map());
  /** Family id → that account's balance, past due and aging, as projected (merged-away families too). */
  #accounts = $state.raw<ReadonlyMap<string, AccountSummary>>(new Map());
  /** The accounts A/R counts: families with a contract or ledger, merged-away ones folded in (PAT-105). */
  accounts = $derived(accountsAfterMerges(this.#accounts, this.#merges()));
  /** Patient id → that chart's records a report reads (the reports screen only). */
  reportCharts = $state.raw<ReadonlyMap<string, ReportChart>>(new Map());
  /** Family id → that account's contracts and ledger entries a report reads. */
  reportMoney = $state.raw<ReadonlyMap<string, ReportMoney>>(new Map());
  /** Per source, whether its lists are the whole practice on this device (PROJ-3). */
  #progress = $state.raw<Record<string, ListProgress>>({});
  /** Bumped when retained appointment weeks change (`AppointmentWeeks` re-reads them). */
  appointmentsVersion = $state(0);
  /** True once the book window's weeks are in memory (`bookRows` is then the whole window). */
  bookLoaded = $state(false);
  /** True once the saved projection is in memory (or known to be missing). */
  ready = $state(false);

  readonly engine: ProjectionEngine;
  #stopEffects: () => void = () => undefined;
  #context: () => ProjectionContext;
  #bookWindow: () => string[] = () => [];

  constructor(options: {
    store: ReplicaStore;
    sync: SyncClient;
    practiceId: string;
    build: string;
    context: () => ProjectionContext;
    /** The appointments keys practice-wide lists read (the book window), kept in memory. */
    bookWindow: () => string[];
    /** Merged-away patient and family ids → their survivors (PAT-102). */
    merges: () => ReadonlyMap<string, string>;
    /** An appointment type's stage, from the practice's types. */
    stageOf: () => (typeId: string) => OrthoStage | undefined;
  }) {
    this.#merges = options.merges;
    this.#stageOf = options.stageOf;
    this.#context = options.context;
    this.#bookWindow = options.bookWindow;
    this.engine = new ProjectionEngine({
      store: options.store,
      feed: options.sync,
      practiceId: options.practiceId,
      build: options.build,
      sources: PRACTICE_SOURCES,
      context: options.context,
    });
    this.engine.onChange((sources) => this.#mirror(sources));
    this.engine.onSaved((complete) => {
      // For the benchmarks (tests/bench): a projection of everything stored is on disk.
      if (complete) performance.mark('aligned:projection-saved');
    });
  }

  /** Whether the lists of these sources are complete, and how far along they are if not. */
  progress(...sources: ListSource[]): ListProgress {
    return combineProgress(sources.map((s) => this.#progress[s] ?? STARTING));
  }

  async start(): Promise<void> {
    await this.engine.start();
    this.ready = true;
    this.#stopEffects = $effect.root(() => {
      // A new day or new payment settings: the values that depend on them are computed again.
      $effect(() => {
        this.#context();
        this.engine.contextChanged();
      });
      // The book window's weeks stay in memory: the recovery lists and a patient's visits open
      // without reading them (they are read here, before the patient index takes the main thread).
      const window = $derived(this.#bookWindow().join(' '));
      $effect(() => {
        if (!window) return;
        const held = this.engine.retain(appointmentsSource, window.split(' '));
        let live = true;
        void held.loaded.then(() => {
          if (live) this.bookLoaded = true;
        });
        return () => {
          live = false;
          held.release();
        };
      });
    });
  }

  /** Checks the saved projection against the stored documents, in the background. */
  recheck(): Promise<void> {
    return this.engine.recheck();
  }

  /** Writes the projection now (the app is being hidden or closed). */
  saveNow() {
    void this.engine.saveNow();
  }

  destroy() {
    this.#stopEffects();
    this.engine.destroy();
  }

  #mirror(sources: ReadonlySet<string>) {
    const progress = { ...this.#progress };
    for (const name of sources) progress[name] = this.engine.progress(name);
    this.#progress = progress;
    if (sources.has(casesSource.name)) this.byPatient = new Map(this.engine.values(casesSource));
    if (sources.has(insuranceSource.name)) this.insurance = new Map(this.engine.values(insuranceSource));
    if (sources.has(labSource.name)) this.lab = new Map(this.engine.values(labSource));
    if (sources.has(accountsSource.name)) this.#accounts = new Map(this.engine.values(accountsSource));
    if (sources.has(appointmentsSource.name)) this.appointmentsVersion += 1;
    if (sources.has(reportChartsSource.name))
      this.reportCharts = new Map(this.engine.values(reportChartsSource));
    if (sources.has(reportMoneySource.name))
      this.reportMoney = new Map(this.engine.values(reportMoneySource));
  }
}

/**
 * The appointments of some weeks at some locations, from the projection (never the book's
 * documents): for lists that span the book, such as the recovery lists and a patient's visits.
 * `close()` when the screen goes.
 */
export class AppointmentWeeks {
  rows = $state.raw<AppointmentRow[]>([]);
  loaded = $state(false);
  #held: ReturnType<ProjectionEngine['retain']>;
  #keys: string[];
  #projection: ProjectionState;
  #stop: () => void;

  constructor(projection: ProjectionState, keys: readonly string[]) {
    this.#projection = projection;
    this.#keys = [...keys];
    this.#held = projection.engine.retain(appointmentsSource, keys);
    void this.#held.loaded.then(() => {
      this.#read();
      this.loaded = true;
    });
    this.#stop = $effect.root(() => {
      $effect(() => {
        void this.#projection.appointmentsVersion;
        if (this.loaded) this.#read();
      });
    });
  }

  #read() {
    const values = this.#projection.engine.values(appointmentsSource);
    this.rows = this.#keys.flatMap((key) => values.get(key) ?? []);
  }

  close() {
    this.#stop();
    this.#held.release();
  }
}
