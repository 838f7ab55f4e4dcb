/**
 * The app's composition root in the browser: finds the relay, loads the session (from the
 * relay or the device), opens the local replica, starts sync and exposes the reactive state
 * every screen uses. Created once by the root layout and shared through context.
 */
import { getContext, setContext } from 'svelte';
import type * as Y from 'yjs';
import { version } from '$app/environment';
import {
  PATIENTS_DOC_COLLECTIONS,
  SyncClient,
  localDateInZone,
  localOrigin,
  newId,
  patientsDocName,
  practiceDocName,
  type LiveDoc,
  type LocalOrigin,
  type ReplicaStore,
  type SocketLike,
  type SyncStatus,
  type WriteContext,
} from '@aligned/shared';
import type { Session } from '@aligned/shared/protocol';
import { openIdbStore } from '../sync/idb-store.ts';
import { resolveRelayAddress, type RelayAddress } from '../sync/relay-address.ts';
import { cachedSession, deviceId, loadSession } from '../sync/session-cache.ts';
import { PatientsState, type PatientsSnapshot } from './patients.svelte.ts';
import { PracticeState } from './practice.svelte.ts';
import { colorFor, PresenceState } from './presence.svelte.ts';
import { UndoState } from './undo.svelte.ts';

export type Phase =
  | { kind: 'starting'; step: string }
  | { kind: 'no-session'; reason: 'unreachable' | 'sign-in-required' }
  | { kind: 'ready' }
  | { kind: 'failed'; message: string };

export class AppState {
  phase = $state<Phase>({ kind: 'starting', step: 'Finding the relay' });
  syncStatus = $state.raw<SyncStatus | null>(null);
  /**
   * Whether the practice document has completed a sync with the relay in this session: only then
   * is "no practice record" proof that the practice needs setting up, not that it has not arrived.
   */
  practiceSynced = $state(false);
  storagePersisted = $state<boolean | null>(null);
  /** Ticks every 30 s so "5 min ago" labels stay true. */
  now = $state(Date.now());

  session: Session | null = null;
  relay: RelayAddress | null = null;
  sync: SyncClient | null = null;
  practice: PracticeState | null = $state.raw(null);
  patients: PatientsState | null = $state.raw(null);
  presence: PresenceState | null = $state.raw(null);
  undo: UndoState | null = $state.raw(null);
  origin: LocalOrigin | null = null;
  deviceId = '';

  #live: LiveDoc[] = [];
  #cleanup: (() => void)[] = [];

  context = (): WriteContext => {
    if (!this.origin) throw new Error('No signed-in user');
    return { origin: this.origin, now: () => new Date().toISOString() };
  };

  /** Today's date at the practice, for ages and "due today". */
  today(): string {
    return localDateInZone(
      new Date(this.now),
      this.practice?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    );
  }

  async start(): Promise<void> {
    try {
      const relayReady = resolveRelayAddress().then((relay) => (this.relay = relay));
      // With a session on this device, open the local copy at once and refresh the session
      // from the relay alongside: a cold start must not wait for the network.
      const cached = cachedSession();
      let session: Session;
      if (cached) {
        session = cached;
        void relayReady
          .then((relay) => loadSession(relay.httpBase))
          .then((result) => {
            if (result.status !== 'ok') return;
            if (result.session.practiceId !== cached.practiceId) location.reload();
            else this.session = result.session;
          });
      } else {
        this.phase = { kind: 'starting', step: 'Signing in' };
        const result = await loadSession((await relayReady).httpBase);
        if (result.status !== 'ok') {
          this.phase = { kind: 'no-session', reason: result.status };
          return;
        }
        session = result.session;
      }
      this.session = session;
      this.deviceId = deviceId(() => newId('device'));
      this.origin = localOrigin(session.user.id, this.deviceId);
      performance.mark('aligned:session');
      this.phase = { kind: 'starting', step: 'Opening this device’s copy' };
      const store = await openIdbStore(session.practiceId);
      const sync = new SyncClient({
        store,
        // Read at each connection: the relay address and ticket may arrive after the first render.
        openSocket: () =>
          new WebSocket(
            `${this.relay?.syncUrl}?ticket=${encodeURIComponent(this.session?.ticket ?? '')}`,
          ) as unknown as SocketLike,
      });
      this.sync = sync;
      this.#cleanup.push(sync.onStatus((status) => (this.syncStatus = status)));

      // The list can show from the last snapshot of validated records while the patients document,
      // the largest thing on a device, loads; editing waits for the document (`patients.ready`).
      const [practiceDoc, snapshot] = await Promise.all([
        sync.open(practiceDocName(session.practiceId)),
        readSnapshot(store),
      ]);
      this.#live.push(practiceDoc);
      this.practice = new PracticeState(practiceDoc.doc, this.context);
      const patients = new PatientsState(this.context, snapshot ?? undefined);
      this.patients = patients;
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
      const patientsDoc = await sync.open(patientsDocName(session.practiceId), { presence: true });
      this.#live.push(patientsDoc);
      patients.attach(patientsDoc.doc);
      performance.mark('aligned:docs-loaded');
      this.presence = new PresenceState(patientsDoc.awareness!, {
        id: session.user.id,
        name: session.user.name,
        color: colorFor(session.user.id),
      });
      this.undo = new UndoState(patientsDoc.doc, PATIENTS_DOC_COLLECTIONS, this.origin);
      this.#keepSnapshot(store, patientsDoc.doc);
      performance.mark('aligned:editable');

      // The screen needs only local data: show it, then connect.
      if (this.phase.kind !== 'ready') {
        this.phase = { kind: 'ready' };
        performance.mark('aligned:ready');
      }
      const onOffline = () => sync.pause();
      const onOnline = () => sync.resume();
      addEventListener('offline', onOffline);
      addEventListener('online', onOnline);
      this.#cleanup.push(
        () => removeEventListener('offline', onOffline),
        () => removeEventListener('online', onOnline),
      );
      const tick = setInterval(() => (this.now = Date.now()), 30_000);
      this.#cleanup.push(() => clearInterval(tick));
      void this.#requestPersistence();

      await relayReady;
      await sync.start();
      if (!navigator.onLine) sync.pause();
      void sync.whenSynced(practiceDocName(session.practiceId)).then(() => (this.practiceSynced = true));
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

  /** Rewrites the snapshot when the patients document changed: every 15 s at most, and on leaving. */
  #keepSnapshot(store: ReplicaStore, doc: Y.Doc) {
    let dirty = false;
    const onUpdate = () => (dirty = true);
    const save = () => {
      if (!dirty || !this.patients?.ready) return;
      dirty = false;
      void store.setMeta(SNAPSHOT_KEY, this.patients.snapshot(version)).catch(() => undefined);
    };
    const onHidden = () => document.visibilityState === 'hidden' && save();
    doc.on('update', onUpdate);
    const timer = setInterval(save, 15_000);
    document.addEventListener('visibilitychange', onHidden);
    addEventListener('pagehide', save);
    // The first time on this device there is no snapshot yet: write one once the data is here.
    dirty = true;
    setTimeout(save, 2_000);
    this.#cleanup.push(() => {
      doc.off('update', onUpdate);
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onHidden);
      removeEventListener('pagehide', save);
    });
  }

  async #requestPersistence() {
    if (!navigator.storage?.persist) return;
    try {
      this.storagePersisted = (await navigator.storage.persisted()) || (await navigator.storage.persist());
    } catch {
      this.storagePersisted = false;
    }
  }

  async stop(): Promise<void> {
    for (const cleanup of this.#cleanup.splice(0)) cleanup();
    this.patients?.destroy();
    this.practice?.destroy();
    this.presence?.destroy();
    this.undo?.destroy();
    for (const live of this.#live.splice(0)) live.release();
    await this.sync?.stop();
  }
}

const KEY = Symbol('aligned-app');
const SNAPSHOT_KEY = 'snapshot:patients';

async function readSnapshot(store: ReplicaStore): Promise<PatientsSnapshot | null> {
  try {
    const snapshot = (await store.getMeta(SNAPSHOT_KEY)) as PatientsSnapshot | undefined;
    return snapshot && snapshot.build === version ? snapshot : null;
  } catch {
    return null;
  }
}

export function provideApp(app: AppState): void {
  setContext(KEY, app);
}

export function useApp(): AppState {
  return getContext<AppState>(KEY);
}
