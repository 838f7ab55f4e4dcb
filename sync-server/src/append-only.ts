/**
 * Audit trails are append-only at the relay. Their hash chain shows an edit in the middle, but
 * not a trail cut short: dropping the newest entries leaves a shorter chain that still verifies.
 * So the relay refuses any update that deletes an entry of a trail, or inserts one anywhere but
 * the end; a person with write access to a trail (the device that records it) can add to it and
 * nothing else. Settings such as the document's schema stamp live outside the array and stay
 * writable.
 *
 * Checked against the stored document before the update is applied, from the update's structure
 * (its delete set and each new item's right neighbour), so a large trail is never copied.
 */
import * as Y from 'yjs';
import { isId } from './update-shape.ts';

/** The root array holding a trail's entries (shared/src/audit/audit-doc.ts). */
const ENTRIES = 'entries';

/** The stored items of `client` that overlap clocks [clock, clock + len). */
function* storedItems(doc: Y.Doc, client: number, clock: number, len: number): Generator<Y.Item> {
  const structs = doc.store.clients.get(client);
  const last = structs?.at(-1);
  if (!structs || !last || clock >= last.id.clock + last.length) return;
  // A trail grows with every view: find the first overlapping struct by binary search.
  const start = clock <= structs[0]!.id.clock ? 0 : Y.findIndexSS(structs, clock);
  for (let i = start; i < structs.length; i += 1) {
    const struct = structs[i]!;
    if (struct.id.clock >= clock + len) return;
    if (struct instanceof Y.Item) yield struct;
  }
}

/** Why the update would change existing entries of the trail, or null when it only appends. */
export function appendOnlyProblem(doc: Y.Doc, update: Uint8Array): string | null {
  const entries = doc.getArray(ENTRIES);
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return 'update does not decode';
  }
  for (const [client, ranges] of decoded.ds.clients) {
    for (const { clock, len } of ranges) {
      for (const item of storedItems(doc, client, clock, len)) {
        if (item.parent === entries) return 'audit trails are append-only: an entry may not be removed';
      }
    }
  }
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item) || !isId(struct.rightOrigin)) continue;
    const { client, clock } = struct.rightOrigin;
    for (const item of storedItems(doc, client, clock, 1)) {
      if (item.parent === entries)
        return 'audit trails are append-only: entries may only be added at the end';
    }
  }
  return null;
}
