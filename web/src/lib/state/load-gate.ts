/**
 * A gate a long load waits at while screens hold it (the patients document's load waits for the
 * first screen's own data: see AppState). Holds made once the gate is open change nothing.
 */
export type LoadGate = {
  /** Holds the gate; the returned function ends the hold (calling it again does nothing). */
  hold(): () => void;
  /** Resolves when no hold is left, or after `limitMs` whatever the holds; the gate then stays open. */
  passed(limitMs: number): Promise<void>;
  readonly open: boolean;
  /** Whether a screen holds the gate now. */
  readonly held: boolean;
};

export function createLoadGate(
  timer: { set(run: () => void, ms: number): unknown; clear(handle: unknown): void } = {
    set: (run, ms) => setTimeout(run, ms),
    clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  },
): LoadGate {
  let holds = 0;
  let open = false;
  let release: (() => void) | null = null;
  return {
    hold() {
      if (open) return () => undefined;
      holds += 1;
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        holds -= 1;
        if (holds === 0) release?.();
      };
    },
    passed(limitMs) {
      if (open || holds === 0) {
        open = true;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const done = () => {
          timer.clear(handle);
          release = null;
          open = true;
          resolve();
        };
        const handle = timer.set(done, limitMs);
        release = done;
      });
    },
    get open() {
      return open;
    },
    get held() {
      return holds > 0;
    },
  };
}
