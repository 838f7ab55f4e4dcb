/**
 * The one way a screen opens documents it does not keep: a state object that reads its documents
 * on `open()` and releases them on `close()` (a patient's care, a family's account) is opened
 * either for one change (`withOpened`) or for as long as a component shows it (`useOpened`).
 * Opening is a local read (no network), so both work offline.
 */
export type Openable = { open(): Promise<void>; close(): void };

/** Opens, applies one change, and releases: for a change made from a screen that shows a list. */
export async function withOpened<T extends Openable, R>(opened: T, change: (opened: T) => R): Promise<R> {
  await opened.open();
  try {
    return change(opened);
  } finally {
    opened.close();
  }
}

/**
 * Opens what `make` returns for as long as the calling component lives and `make`'s inputs stay
 * the same, and releases it after. Call during component initialisation; read `.current` (null
 * until made) and `.error` (why it could not be read).
 */
export function useOpened<T extends Openable>(make: () => T | null) {
  const state = $state<{ current: T | null; error: string | null }>({ current: null, error: null });
  $effect(() => {
    const opened = make();
    if (!opened) return;
    state.current = opened;
    state.error = null;
    opened.open().catch((error: unknown) => {
      state.error = error instanceof Error ? error.message : String(error);
    });
    return () => {
      opened.close();
      state.current = null;
    };
  });
  return state;
}
