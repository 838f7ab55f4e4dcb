/**
 * The app's composition root in the browser: finds the relay, loads the session (from the
 * relay or the device), opens the local replica, starts sync and exposes the reactive state
 * every screen uses. Created once by the root layout and shared through context.
 */
import { getContext, setContext } from 'svelte';
import { version } from '$app/environment';
import {
  PATIENTS_DOC_COLLECTIONS,
  auditDocName,
  parseDocName,
  type PatientStatus,
  type Commands,
  type DocKind,
  type RelatedRecord,
  SyncClient,
  createCommands,
  localDateInZone,
  localOrigin,
  patientsDocName,
  practiceDocName,
  type DataKey,
  type LiveDoc,
  type LocalOrigin,
  type ReplicaStore,
  type SocketLike,
  type SyncStatus,
  type WriteContext,
  sessionCheckVerdict,
  sessionMayAdd,
  sessionMayMerge,
  sessionMayRead,
  sessionMayWrite,
} from '@aligned/shared';
import { API_ERROR_MESSAGES, CLOSE, ticketProtocols, type Session } from '@aligned/shared/protocol';
import { openIdbStore } from '../sync/idb-store.ts';
import { createAuthApi } from '../auth/auth-api.ts';
import type { RelayAddress } from '../sync/relay-address.ts';
import { PatientsState } from './patients.svelte.ts';
import { PracticeState } from './practice.svelte.ts';
import type { ProjectionState } from './projection.svelte.ts';
import { colorFor, PresenceState } from './presence.svelte.ts';
import { UndoState } from './undo.svelte.ts';
import { createLoadGate } from './load-gate.ts';
import { keepPatientsSnapshot, readPatientsSnapshot } from './patients-snapshot.ts';
import { completePendingSetup } from './pending-setup.ts';
import type { AuthState } from './auth.svelte.ts';
import { AuditTrail, type AuditEvent } from './audit-trail.ts';
import { pauseSyncWhileAway } from './pause-sync.ts';
import { patientStatus } from './patient-status.ts';
import { startProjection } from './start-projection.ts';
import { requestPersistence } from './storage-persistence.ts';

export type Phase =
  { kind: 'starting'; step: string } | { kind: 'ready' } | { kind: 'failed'; message: string };

export class AppState {
  phase = $state<Phase>({ kind: 'starting', step: 'Finding the relay' });
  syncStatus = $state.raw<SyncStatus | null>(null);
  /**
   * Whether the practice document has completed a sync with the relay in this session: only then
   * is "no practice record" proof that the practice needs setting up, not that it has not arrived.
   */
  practiceSynced = $state(false);
  /**
   * Whether the patient index is the whole practice's on this device: it has synced with the relay
   * in this session, or this device caught up before. Until then an empty list is not "no patients".
   */
  patientsComplete = $state(false);
  storagePersisted = $state<boolean | null>(null);
  /** The relay no longer accepts this session (expired, revoked): work goes on, syncing waits. */
  sessionProblem = $state<string | null>(null);
  /** Ticks every 30 s so "5 min ago" labels stay true. */
  now = $state(Date.now());

  session: Session | null = null;
  relay: RelayAddress | null = null;
  sync: SyncClient | null = null;
  practice: PracticeState | null = $state.raw(null);
  patients: PatientsState | null = $state.raw(null);
  presence: PresenceState | null = $state.raw(null);
  undo: UndoState | null = $state.raw(null);
  /** The device projection every practice-wide list reads (board, Today, Billing, worklists). */
  projection: ProjectionState | null = $state.raw(null);
  origin: LocalOrigin | null = null;
  deviceId = '';
  /** This device's replica (the audit screen reads every device's trail from it). */
  store: ReplicaStore | null = null;
  /** Who is signed in on this tab, and the lock (set by the root layout). */
  auth: AuthState | null = null;

  #live: LiveDoc[] = [];
  #cleanup: (() => void)[] = [];

  context = (): WriteContext => {
    if (!this.origin) throw new Error('No signed-in user');
    return { origin: this.origin, now: () => new Date().toISOString() };
  };

  /**
   * Every write a screen makes runs through these: the permission table's check, the session's
   * typed origin, its undo scope and the audit trail (shared documents/commands.ts).
   */
  commands: Commands = createCommands({
    context: () => this.context(),
    denied: (kind) => this.canWrite(kind).reason,
    mayAdd: (kind, collection, entry, related) => this.canAdd(kind, collection, entry, related),
    record: (note) => this.record(note),
  });

  /** Today's date at the practice, for ages and "due today". */
  today(): string {
    return localDateInZone(
      new Date(this.now),
      this.practice?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    );
  }

  /**
   * Opens the practice for a person who is signed in (or unlocked) on this device. The relay
   * address and session come from the root layout (AuthState).
   */
  async start(session: Session, relay: RelayAddress, deviceIdValue: string, dataKey: DataKey): Promise<void> {
    try {
      this.relay = relay;
      this.session = session;
      this.deviceId = deviceIdValue;
      this.origin = localOrigin(session.user.id, this.deviceId);
      performance.mark('aligned:session');
      this.phase = { kind: 'starting', step: 'Opening this device’s copy' };
      // A record that does not open is skipped (CRYPT-1): the document's next handshake fetches
      // what the relay has of it again.
      const store = await openIdbStore(session.practiceId, { key: dataKey });
      performance.mark('aligned:store-open');
      this.store = store;
      const sync = new SyncClient({
        store,
        shouldReconnect: () => this.#sessionStillValid(),
        bookkeeping: (name) => parseDocName(name)?.kind === 'audit',
        // Ended by a manager while connected: find out why (and end it on this device too).
        onFinalClose: (code) => {
          if (code === CLOSE.REVOKED || code === CLOSE.UNAUTHENTICATED) void this.#sessionStillValid();
        },
        // Read at each connection: the relay address and ticket may arrive after the first render.
        // The ticket goes as a subprotocol entry: never in a URL, where proxies log it.
        openSocket: () =>
          new WebSocket(
            this.relay?.syncUrl ?? '',
            ticketProtocols(this.session?.ticket ?? ''),
          ) as unknown as SocketLike,
      });
      this.sync = sync;
      this.#cleanup.push(sync.onStatus((status) => (this.syncStatus = status)));

      // The list can show from the last snapshot of validated records while the patients document,
      // the largest thing on a device, loads; editing waits for the document (`patients.ready`).
      const [practiceDoc, snapshot] = await Promise.all([
        sync.open(practiceDocName(session.practiceId)),
        readPatientsSnapshot(store, version),
      ]);
      performance.mark('aligned:practice-loaded');
      this.#live.push(practiceDoc);
      this.practice = new PracticeState(practiceDoc.doc, this.commands);
      const patients = new PatientsState(this.commands, snapshot ?? undefined);
      this.patients = patients;
      // The practice-wide lists' projection (board, Today, Billing) is its own chunk of code. A
      // returning device starts it now, from its saved projection: the first screen does not wait
      // for it (the patient list needs only the snapshot), and when that screen reads it, the
      // patients document's load waits for it (below). A first start loads it later.
      const projectionStarted = snapshot
        ? this.#startProjection(store, sync, session.practiceId).then(() =>
            performance.mark('aligned:projection-started'),
          )
        : null;
      projectionStarted?.catch((error: unknown) => {
        this.phase = { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
      });
      if (snapshot) {
        this.phase = { kind: 'ready' };
        performance.mark('aligned:ready');
        // Let the list paint before the document load takes the main thread (a hidden tab gets
        // no animation frames, hence the timeout).
        await new Promise<void>((resolve) => {
          requestAnimationFrame(() => setTimeout(resolve, 0));
          setTimeout(resolve, 100);
        });
      }
      // A first screen that reads the projection (the board, the book, Today) holds the patients
      // document's load, one long task of a second or more on a large practice, until its own data
      // shows; other screens (a patient's page) need that document first.
      if (this.#patientsGate.held) await projectionStarted;
      await this.#patientsGate.passed(snapshot ? HOLD_LIMIT_MS : 0);
      const patientsDoc = await sync.open(patientsDocName(session.practiceId), { presence: true });
      this.#live.push(patientsDoc);
      patients.attach(patientsDoc.doc);
      performance.mark('aligned:docs-loaded');
      this.#markPatientsLoaded();
      this.presence = new PresenceState(patientsDoc.awareness!, {
        id: session.user.id,
        name: session.user.name,
        color: colorFor(session.user.id),
      });
      this.undo = new UndoState(patientsDoc.doc, PATIENTS_DOC_COLLECTIONS, this.origin);
      // This device's audit trail: every view and change, recorded here even offline.
      const auditDoc = await sync.open(auditDocName(session.practiceId, this.deviceId));
      this.#live.push(auditDoc);
      this.#audit.opened(auditDoc.doc, this.origin);
      this.#cleanup.push(
        keepPatientsSnapshot({
          store,
          doc: patientsDoc.doc,
          patients: () => this.patients,
          build: version,
          hadSnapshot: snapshot !== null,
        }),
      );
      // Merged-away records' late changes join their survivors as they arrive (PAT-106).
      void import('./carry-on-arrival.ts').then(({ carryOnArrival }) =>
        this.#cleanup.push(carryOnArrival(this, sync)),
      );
      performance.mark('aligned:editable');

      // The screen needs only local data: show it, then connect.
      if (this.phase.kind !== 'ready') {
        this.phase = { kind: 'ready' };
        performance.mark('aligned:ready');
      }
      if (!snapshot) {
        // First start on this device: the first sync brings the whole practice and keeps the main
        // thread busy for seconds, during which the projection would only be held anyway. It
        // starts once the patient list has had its turn (2 s); until then the practice-wide
        // screens show the sync's own progress.
        const later = setTimeout(() => void this.#startProjection(store, sync, session.practiceId), 2_000);
        this.#cleanup.push(() => clearTimeout(later));
      }
      // No syncing while offline, nor (CRYPT-8) while the screen is locked and the key is gone.
      this.#cleanup.push(pauseSyncWhileAway(sync, store, this.auth));
      const tick = setInterval(() => (this.now = Date.now()), 30_000);
      this.#cleanup.push(() => clearInterval(tick));
      void requestPersistence().then((persisted) => (this.storagePersisted = persisted));

      await sync.start();
      if (!navigator.onLine) sync.pause();
      void sync.whenSynced(practiceDocName(session.practiceId)).then(() => {
        this.practiceSynced = true;
        completePendingSetup(this.practice, this.session);
      });
      const patientsComplete = () => (this.patientsComplete = true);
      void sync.whenSynced(patientsDocName(session.practiceId)).then(patientsComplete);
      void sync.replicatedBefore().then(
        (before) => before && patientsComplete(),
        () => undefined,
      );
      // Marks for the benchmarks (tests/bench): the whole practice is on this device.
      void sync
        .whenReplicated()
        .then(() => performance.mark('aligned:handshakes-done'))
        .then(() => sync.flush())
        .then(() => performance.mark('aligned:replicated'));
    } catch (error) {
      this.phase = { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
  }

  readonly #audit = new AuditTrail();

  /** Records a view, change, print or export in this device's audit trail (ids, never contents). */
  record(event: AuditEvent) {
    this.#audit.record(event, this.origin);
  }

  readonly #patientsGate = createLoadGate();

  /**
   * A screen still reading its own data asks the patients document's load to wait (it would take
   * the main thread for a second or more); the returned function ends the hold. Only a returning
   * device's start waits, at most HOLD_LIMIT_MS, and only for holds made before the load began.
   */
  holdPatientsLoad(): () => void {
    return this.#patientsGate.hold();
  }

  #markPatientsLoaded: () => void = () => undefined;
  /** Resolves once the patients document is loaded (the heaviest part of opening). */
  #patientsLoaded = new Promise<void>((resolve) => (this.#markPatientsLoaded = resolve));

  async #startProjection(store: ReplicaStore, sync: SyncClient, practiceId: string) {
    const where = { store, sync, practiceId, build: version };
    this.#cleanup.push(await startProjection(this, where, this.#patientsLoaded));
  }

  /**
   * A patient's status, derived from their cases (STATUS-101): from the projection once it is
   * ready, the stored one until then. A merged-away id answers for its survivor.
   */
  statusOf(patientId: string): PatientStatus {
    return patientStatus(this.patients, this.projection, patientId);
  }

  /** Whether the signed-in person may merge records of this kind (PERM-203). */
  canMerge(kind: 'patient' | 'family' = 'patient'): boolean {
    return sessionMayMerge(this.session, kind);
  }

  /** Whether the signed-in person may read documents of this kind (role-level). */
  canRead(kind: DocKind): boolean {
    return sessionMayRead(this.session, kind);
  }

  /** Whether the signed-in person may change documents of this kind, and why not. */
  canWrite(kind: DocKind): { allowed: boolean; reason: string | null } {
    return sessionMayWrite(this.session, kind);
  }

  /** Whether the signed-in person may add this entry where the role's grant is finer than the document. */
  canAdd(
    kind: DocKind,
    collection: string,
    entry: Readonly<Record<string, unknown>>,
    related?: RelatedRecord | null,
  ): boolean {
    return sessionMayAdd(this.session, kind, collection, entry, related);
  }

  /** After a failed connection: false (stop trying) when the relay says the session is over. */
  async #sessionStillValid(): Promise<boolean> {
    const session = this.session;
    if (!session || session.identity !== 'account' || !this.relay) return true;
    const check = await createAuthApi(this.relay.httpBase).refresh(session.ticket);
    if (check.ok) return true;
    const verdict = sessionCheckVerdict(check.failure.error);
    // `unreachable` is still-valid; naming it again narrows the code for the message lookup.
    if (verdict === 'still-valid' || check.failure.error === 'unreachable') return true;
    this.sessionProblem = API_ERROR_MESSAGES[check.failure.error];
    if (verdict === 'ended-by-relay') void this.auth?.endedByRelay(session.user.id, this.sessionProblem);
    return false;
  }

  async stop(): Promise<void> {
    for (const cleanup of this.#cleanup.splice(0)) cleanup();
    this.patients?.destroy();
    this.practice?.destroy();
    this.presence?.destroy();
    this.undo?.destroy();
    this.projection?.destroy();
    for (const live of this.#live.splice(0)) live.release();
    await this.sync?.stop();
  }
}

const KEY = Symbol('aligned-app');
/** The longest a screen's hold keeps the patients document from loading (see `holdPatientsLoad`). */
const HOLD_LIMIT_MS = 1_500;

export function provideApp(app: AppState): void {
  setContext(KEY, app);
}

export function useApp(): AppState {
  return getContext<AppState>(KEY);
}
