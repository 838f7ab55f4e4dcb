/**
 * The patients document as reactive plain records: the practice-wide patient index behind
 * the list, search and patient pages. Reads come from memory; writes are the shared command
 * table's (patients/patients-commands.ts). Only records that changed are re-read when the
 * document changes.
 */
import type * as Y from 'yjs';
import {
  FAMILIES,
  LINKS,
  PARTIES,
  PATIENTS,
  REFERRERS,
  CARRIERS,
  PATIENTS_COMMANDS,
  bindCommands,
  familyView,
  observeCollection,
  readAll,
  readRecord,
  searchPatients,
  toSearchEntry,
  type Commands,
  type CollectionSpec,
  type Family,
  type FamilyView,
  type NeedsAttention,
  type Patient,
  type PatientPartyLink,
  type Referrer,
  type Carrier,
  type ResponsibleParty,
  type SearchEntry,
} from '@aligned/shared';

type Collection<T> = { records: ReadonlyMap<string, T>; needsAttention: ReadonlyMap<string, NeedsAttention> };

function compareNames(a: Patient, b: Patient): number {
  return (
    a.lastName.localeCompare(b.lastName) || a.firstName.localeCompare(b.firstName) || a.id.localeCompare(b.id)
  );
}

/** What the patients list needs to show before the document is loaded (see `snapshot`). */
export type PatientsSnapshot = {
  /** The app build that wrote it: another build may validate differently, so it is not used. */
  build: string;
  patients: [Patient[], NeedsAttention[]];
  families: [Family[], NeedsAttention[]];
  parties: [ResponsibleParty[], NeedsAttention[]];
  links: [PatientPartyLink[], NeedsAttention[]];
};

function fromArrays<T extends { id: string }>([records, bad]: [T[], NeedsAttention[]]): Collection<T> {
  return {
    records: new Map(records.map((r) => [r.id, r])),
    needsAttention: new Map(bad.map((r) => [r.id, r])),
  };
}

function toArrays<T>(collection: Collection<T>): [T[], NeedsAttention[]] {
  return [[...collection.records.values()], [...collection.needsAttention.values()]];
}

export class PatientsState {
  #doc: Y.Doc | null = null;
  #executor: Commands;
  #stop: (() => void)[] = [];
  /** True once the document is loaded: until then the state shows a snapshot and cannot write. */
  ready = $state(false);

  patients = $state.raw<Collection<Patient>>({ records: new Map(), needsAttention: new Map() });
  families = $state.raw<Collection<Family>>({ records: new Map(), needsAttention: new Map() });
  parties = $state.raw<Collection<ResponsibleParty>>({ records: new Map(), needsAttention: new Map() });
  links = $state.raw<Collection<PatientPartyLink>>({ records: new Map(), needsAttention: new Map() });
  referrers = $state.raw<Collection<Referrer>>({ records: new Map(), needsAttention: new Map() });
  carriers = $state.raw<Collection<Carrier>>({ records: new Map(), needsAttention: new Map() });

  /** Everyone, by last then first name. */
  sorted = $derived([...this.patients.records.values()].sort(compareNames));
  #entries = $derived([...this.patients.records.values()].map(toSearchEntry) as SearchEntry[]);
  /** Records from other devices or versions that do not validate, across the document. */
  needsAttention = $derived([
    ...[...this.patients.needsAttention.values()].map((r) => ({ ...r, kind: 'patient' as const })),
    ...[...this.families.needsAttention.values()].map((r) => ({ ...r, kind: 'family' as const })),
    ...[...this.parties.needsAttention.values()].map((r) => ({ ...r, kind: 'responsible party' as const })),
    ...[...this.links.needsAttention.values()].map((r) => ({ ...r, kind: 'relationship' as const })),
  ]);

  constructor(commands: Commands, snapshot?: PatientsSnapshot) {
    this.#executor = commands;
    if (snapshot) {
      this.patients = fromArrays(snapshot.patients);
      this.families = fromArrays(snapshot.families);
      this.parties = fromArrays(snapshot.parties);
      this.links = fromArrays(snapshot.links);
    }
  }

  /** Plain records for the next cold start (validated already, so it opens without the document). */
  snapshot(build: string): PatientsSnapshot {
    return {
      build,
      patients: toArrays(this.patients),
      families: toArrays(this.families),
      parties: toArrays(this.parties),
      links: toArrays(this.links),
    };
  }

  /** Binds the loaded document: reads it (the authority over any snapshot) and follows its changes. */
  attach(doc: Y.Doc) {
    this.#doc = doc;
    this.patients = this.#readAll(PATIENTS);
    this.#watch(
      PATIENTS,
      () => this.patients,
      (next) => (this.patients = next),
    );
    this.#watch(
      FAMILIES,
      () => this.families,
      (next) => (this.families = next),
    );
    this.#watch(
      PARTIES,
      () => this.parties,
      (next) => (this.parties = next),
    );
    this.#watch(
      LINKS,
      () => this.links,
      (next) => (this.links = next),
    );
    this.#watch(
      REFERRERS,
      () => this.referrers,
      (next) => (this.referrers = next),
    );
    this.#watch(
      CARRIERS,
      () => this.carriers,
      (next) => (this.carriers = next),
    );
    // The list and search need only patients; families, parties and links are read right after
    // the first paint, which keeps them off the cold-start path.
    const readRest = () => {
      this.families = this.#readAll(FAMILIES);
      this.parties = this.#readAll(PARTIES);
      this.links = this.#readAll(LINKS);
      this.referrers = this.#readAll(REFERRERS);
      this.carriers = this.#readAll(CARRIERS);
      this.#restLoaded = true;
    };
    if (typeof requestIdleCallback === 'function') requestIdleCallback(readRest, { timeout: 100 });
    else setTimeout(readRest, 0);
    this.ready = true;
  }

  #restLoaded = false;

  #writable(): Y.Doc {
    // Screens disable saving until `ready`; reaching this without a document is a bug.
    if (!this.#doc) throw new Error('The patients document is still loading');
    return this.#doc;
  }

  destroy() {
    for (const stop of this.#stop) stop();
  }

  #readAll<T>(spec: CollectionSpec): Collection<T> {
    const { records, needsAttention } = readAll(this.#writable(), spec);
    return {
      records: new Map((records as (T & { id: string })[]).map((r) => [r.id, r])),
      needsAttention: new Map(needsAttention.map((r) => [r.id, r])),
    };
  }

  #watch<T>(spec: CollectionSpec, get: () => Collection<T>, set: (next: Collection<T>) => void) {
    this.#stop.push(
      observeCollection(this.#writable(), spec, (ids) => {
        // Until the first full read of a deferred collection, that read will include this change.
        if (spec !== PATIENTS && !this.#restLoaded) return;
        const current = get();
        const records = new Map(current.records);
        const needsAttention = new Map(current.needsAttention);
        for (const id of ids) {
          const read = readRecord(this.#writable(), spec, id);
          records.delete(id);
          needsAttention.delete(id);
          if (read.status === 'ok') records.set(id, read.record as T);
          else if (read.status === 'needs-attention') needsAttention.set(id, read);
        }
        set({ records, needsAttention });
      }),
    );
  }

  get(id: string): Patient | undefined {
    return this.patients.records.get(id);
  }

  search(query: string, limit = 50): Patient[] {
    return searchPatients(this.#entries, query, limit)
      .map((id) => this.patients.records.get(id))
      .filter((p): p is Patient => p !== undefined);
  }

  familyOf(patient: Patient): FamilyView {
    return familyView(patient, {
      patients: this.patients.records,
      families: this.families.records,
      parties: this.parties.records,
      links: this.links.records,
    });
  }

  membersOf(familyId: string): { patients: Patient[]; parties: ResponsibleParty[] } {
    return {
      patients: this.sorted.filter((p) => p.familyId === familyId),
      parties: [...this.parties.records.values()].filter((p) => p.familyId === familyId),
    };
  }

  // Commands: the patients document's table, run with permission, origin, undo scope and audit.
  #commands = bindCommands(
    () => this.#executor,
    PATIENTS_COMMANDS,
    () => this.#writable(),
  );
  register = this.#commands.register;
  update = this.#commands.update;
  createFamily = this.#commands.createFamily;
  updateFamily = this.#commands.updateFamily;
  addParty = this.#commands.addParty;
  updateParty = this.#commands.updateParty;
  link = this.#commands.link;
  updateLink = this.#commands.updateLink;
  unlink = this.#commands.unlink;
  addReferrer = this.#commands.addReferrer;
  updateReferrer = this.#commands.updateReferrer;
  addCarrier = this.#commands.addCarrier;
}
