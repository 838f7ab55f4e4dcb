/**
 * Starting the device projection every practice-wide list reads (the board, Today, Billing, the
 * worklists): loads its code, builds it over the app's live state, starts it, saves it when the
 * page is hidden and, once the patients document has loaded, re-checks it in the background.
 *
 * The projection's code is a chunk of its own, loaded here on demand: this module imports
 * `projection.svelte.ts` only as a type, so the first screen's scripts do not carry it.
 */
import { bookWindowKeys, type ReplicaStore, type SyncClient } from '@aligned/shared';
import type { AppState } from './app.svelte.ts';

/**
 * Starts the projection over `app`'s practice, patients and date (read at each use: they change),
 * setting `app.projection` as soon as it exists (screens then see it, not yet `ready`). Resolves,
 * once it has started, to the function that removes its listener and timer.
 */
export async function startProjection(
  app: Pick<AppState, 'today' | 'practice' | 'patients' | 'projection'>,
  where: { store: ReplicaStore; sync: SyncClient; practiceId: string; build: string },
  /** Resolves once the patients document is loaded: the re-check waits for it. */
  patientsLoaded: Promise<void>,
): Promise<() => void> {
  const { ProjectionState } = await import('./projection.svelte.ts');
  const projection = new ProjectionState({
    ...where,
    context: () => ({
      today: app.today(),
      paymentSettings: app.practice?.practice?.paymentSettings ?? {},
    }),
    merges: () => app.patients?.resolved ?? NO_MERGES,
    stageOf: () => app.practice?.stageOf ?? NO_STAGES,
    bookWindow: () =>
      bookWindowKeys(
        (app.practice?.activeLocations ?? []).map((l) => l.id),
        app.today(),
      ),
  });
  app.projection = projection;
  await projection.start();
  const save = () => projection.saveNow();
  addEventListener('pagehide', save);
  let recheck: ReturnType<typeof setTimeout> | undefined;
  // The saved projection shows at once; re-checking it against the stored documents (a crash
  // may have come between a stored change and the next save) waits until the patients
  // document has loaded and the screen has settled.
  void patientsLoaded.then(() => {
    recheck = setTimeout(() => void projection.recheck(), 5_000);
  });
  return () => {
    removeEventListener('pagehide', save);
    clearTimeout(recheck);
  };
}

const NO_MERGES: ReadonlyMap<string, string> = new Map();
const NO_STAGES = (): undefined => undefined;
