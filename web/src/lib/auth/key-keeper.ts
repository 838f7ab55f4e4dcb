/**
 * The page side of the key keeper (key-keeper.worker.ts): keep this tab's data key in memory
 * across its page loads, take it back after a reload, drop it on lock and sign-out.
 */
import type { DataKey } from '@aligned/shared';

const TAB_KEY = 'aligned.tab';
/** A keeper that does not answer by then is treated as having nothing. */
const TAKE_TIMEOUT_MS = 1_000;

export type KeptKey = { practiceId: string; userId: string; key: DataKey };
type Wire = { practiceId: string; userId: string; key: CryptoKey; keyId: string };

let port: MessagePort | null | undefined;
let nextId = 1;

function tabId(): string {
  let id = sessionStorage.getItem(TAB_KEY);
  if (!id) {
    id = crypto.randomUUID();
    sessionStorage.setItem(TAB_KEY, id);
  }
  return id;
}

function keeper(): MessagePort | null {
  if (port !== undefined) return port;
  try {
    const worker = new SharedWorker(new URL('./key-keeper.worker.ts', import.meta.url), {
      type: 'module',
      name: 'aligned-key-keeper',
      // Chromium 148+: survives the navigation of its last page (a reload).
      extendedLifetime: true,
    } as WorkerOptions);
    port = worker.port;
    port.start();
  } catch {
    port = null;
  }
  return port;
}

export function keepKey(kept: KeptKey): void {
  const entry: Wire = {
    practiceId: kept.practiceId,
    userId: kept.userId,
    key: kept.key.key as CryptoKey,
    keyId: kept.key.id,
  };
  keeper()?.postMessage({ op: 'put', tab: tabId(), entry });
}

export function dropKey(): void {
  keeper()?.postMessage({ op: 'drop', tab: tabId() });
}

export async function takeKey(): Promise<KeptKey | null> {
  const p = keeper();
  if (!p) return null;
  const id = nextId++;
  const entry = await new Promise<Wire | null>((resolve) => {
    const timer = setTimeout(() => finish(null), TAKE_TIMEOUT_MS);
    function finish(value: Wire | null) {
      clearTimeout(timer);
      p!.removeEventListener('message', onMessage);
      resolve(value);
    }
    function onMessage(event: MessageEvent<{ id: number; entry: Wire | null }>) {
      if (event.data.id === id) finish(event.data.entry);
    }
    p.addEventListener('message', onMessage);
    p.postMessage({ op: 'take', tab: tabId(), id });
  });
  if (!entry) return null;
  return { practiceId: entry.practiceId, userId: entry.userId, key: { id: entry.keyId, key: entry.key } };
}
