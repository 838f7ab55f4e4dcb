/**
 * The patient list's snapshot on the device: what the list shows at a cold start while the
 * patients document, the largest thing on a device, loads (the document corrects it once loaded).
 */
import type * as Y from 'yjs';
import type { ReplicaStore } from '@aligned/shared';
import type { PatientsSnapshot, PatientsState } from './patients.svelte.ts';

const SNAPSHOT_KEY = 'snapshot:patients';
/** How often a changed patient list's snapshot is written while the app stays open. */
const SNAPSHOT_EVERY_MS = 120_000;

/** The stored snapshot, if this build wrote it. */
export async function readPatientsSnapshot(
  store: ReplicaStore,
  build: string,
): Promise<PatientsSnapshot | null> {
  try {
    const snapshot = (await store.getMeta(SNAPSHOT_KEY)) as PatientsSnapshot | undefined;
    return snapshot && snapshot.build === build ? snapshot : null;
  } catch {
    return null;
  }
}

/**
 * Rewrites the snapshot when the patients document changed: on leaving, and every two minutes at
 * most in idle time. Writing it is a long task on a large practice (half a second here: the
 * whole list encoded and sealed), so it must not run every few seconds while people work; a
 * snapshot a little stale costs nothing, as the document corrects the list once loaded.
 * Returns the function that stops it.
 */
export function keepPatientsSnapshot(options: {
  store: ReplicaStore;
  doc: Y.Doc;
  patients: () => PatientsState | null;
  build: string;
  /** Without one (the first time on this device, or after an update), one is written soon. */
  hadSnapshot: boolean;
}): () => void {
  const { store, doc, patients, build } = options;
  let dirty = !options.hadSnapshot;
  const onUpdate = () => (dirty = true);
  const save = () => {
    const state = patients();
    if (!dirty || !state?.ready) return;
    dirty = false;
    void store.setMeta(SNAPSHOT_KEY, state.snapshot(build)).catch(() => undefined);
  };
  const whenIdle = () =>
    typeof requestIdleCallback === 'function' ? requestIdleCallback(save, { timeout: 10_000 }) : save();
  const onHidden = () => document.visibilityState === 'hidden' && save();
  doc.on('update', onUpdate);
  const timer = setInterval(whenIdle, SNAPSHOT_EVERY_MS);
  document.addEventListener('visibilitychange', onHidden);
  addEventListener('pagehide', save);
  const first = setTimeout(whenIdle, 2_000);
  return () => {
    doc.off('update', onUpdate);
    clearInterval(timer);
    clearTimeout(first);
    document.removeEventListener('visibilitychange', onHidden);
    removeEventListener('pagehide', save);
  };
}
