/**
 * Holds each unlocked tab's data key in memory across that tab's page loads (a reload, a typed
 * address), so they do not ask for the password again, without the key ever being written to
 * disk (sessionStorage is written to disk by browsers that restore sessions). A shared worker
 * created with `extendedLifetime` outlives a navigation of its last page; where that is not
 * supported the key is simply gone and the tab asks to unlock. Entries are per tab (an id in
 * the tab's sessionStorage): a new tab never receives another tab's key.
 */
type Entry = { practiceId: string; userId: string; key: CryptoKey; keyId: string };
type KeeperRequest =
  | { op: 'put'; tab: string; entry: Entry }
  | { op: 'take'; tab: string; id: number }
  | { op: 'drop'; tab: string };

const entries = new Map<string, Entry>();
const scope = self as unknown as { onconnect: ((event: MessageEvent) => void) | null };

scope.onconnect = (event) => {
  const port = event.ports[0]!;
  port.onmessage = (message: MessageEvent<KeeperRequest>) => {
    const request = message.data;
    if (request.op === 'put') entries.set(request.tab, request.entry);
    else if (request.op === 'drop') entries.delete(request.tab);
    else if (request.op === 'take')
      port.postMessage({ id: request.id, entry: entries.get(request.tab) ?? null });
  };
  port.start();
};
export {};
