/**
 * Yjs updates written byte by byte (update format v1, as yjs encodes them), for the attacks a
 * well-behaved Yjs client never produces: an item that names an existing key with no origin, an
 * item placed between two chosen neighbours, deletions of chosen clocks.
 */
import * as encoding from 'lib0/encoding';
import type * as Y from 'yjs';

export type CraftedId = { client: number; clock: number };

export type CraftedItem = {
  client: number;
  clock: number;
  origin?: CraftedId;
  rightOrigin?: CraftedId;
  /** A root type's name, or the id of the item holding the parent type. */
  parent?: string | CraftedId;
  parentSub?: string;
  /** Stored as one plain value (ContentAny). */
  value: unknown;
};

const CONTENT_ANY = 8;

/** One update holding the given items (each client's items consecutive by clock) and deletions. */
export function craftUpdate(
  items: CraftedItem[],
  deletions: { client: number; clock: number; len: number }[] = [],
) {
  const e = encoding.createEncoder();
  const byClient = new Map<number, CraftedItem[]>();
  for (const item of items) byClient.set(item.client, [...(byClient.get(item.client) ?? []), item]);
  encoding.writeVarUint(e, byClient.size);
  for (const [client, list] of byClient) {
    list.sort((a, b) => a.clock - b.clock);
    encoding.writeVarUint(e, list.length);
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, list[0]!.clock);
    for (const item of list) {
      const info =
        CONTENT_ANY |
        (item.origin ? 0b1000_0000 : 0) |
        (item.rightOrigin ? 0b0100_0000 : 0) |
        (item.parentSub !== undefined ? 0b0010_0000 : 0);
      encoding.writeUint8(e, info);
      if (item.origin) {
        encoding.writeVarUint(e, item.origin.client);
        encoding.writeVarUint(e, item.origin.clock);
      }
      if (item.rightOrigin) {
        encoding.writeVarUint(e, item.rightOrigin.client);
        encoding.writeVarUint(e, item.rightOrigin.clock);
      }
      if (!item.origin && !item.rightOrigin) {
        if (typeof item.parent === 'string') {
          encoding.writeVarUint(e, 1);
          encoding.writeVarString(e, item.parent);
        } else if (item.parent) {
          encoding.writeVarUint(e, 0);
          encoding.writeVarUint(e, item.parent.client);
          encoding.writeVarUint(e, item.parent.clock);
        } else {
          throw new Error('an item with no neighbours needs a parent');
        }
        if (item.parentSub !== undefined) encoding.writeVarString(e, item.parentSub);
      }
      encoding.writeVarUint(e, 1);
      encoding.writeAny(e, item.value as Parameters<typeof encoding.writeAny>[1]);
    }
  }
  const byDeleted = new Map<number, { clock: number; len: number }[]>();
  for (const { client, clock, len } of deletions)
    byDeleted.set(client, [...(byDeleted.get(client) ?? []), { clock, len }]);
  encoding.writeVarUint(e, byDeleted.size);
  for (const [client, ranges] of byDeleted) {
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, ranges.length);
    for (const { clock, len } of ranges) {
      encoding.writeVarUint(e, clock);
      encoding.writeVarUint(e, len);
    }
  }
  return encoding.toUint8Array(e);
}

/** The id of the item currently holding `key` in a root map (its last clock: what origins name). */
export function keyItemId(doc: Y.Doc, root: string, key: string): CraftedId {
  const item = doc.getMap(root)._map.get(key);
  if (!item) throw new Error(`no ${root}/${key}`);
  return { client: item.id.client, clock: item.id.clock + item.length - 1 };
}

/** The ids of a root array's items, one per element, in order. */
export function arrayElementIds(doc: Y.Doc, root: string): CraftedId[] {
  const ids: CraftedId[] = [];
  for (let item = doc.getArray(root)._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    for (let i = 0; i < item.length; i += 1) ids.push({ client: item.id.client, clock: item.id.clock + i });
  }
  return ids;
}

/** A client id below every client that wrote `doc` (wins Yjs's tie-break toward the left). */
export function lowestClientBelow(doc: Y.Doc): number {
  return Math.max(0, Math.min(...doc.store.clients.keys()) - 1);
}
