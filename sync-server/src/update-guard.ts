/**
 * What an update may change, checked at the relay before it touches the stored document:
 * - append-only collections only grow, whoever writes (APPEND-1..10; which collections is the
 *   shared table `APPEND_ONLY`): no entry removed, no entry id written again, nothing inside an
 *   entry changed, and for ordered logs (the audit trail) nothing added anywhere but after the
 *   last entry;
 * - a writer with a partial scope (PERM-2, PERM-6: front desk adding an inquiry or a payment to a
 *   document it otherwise reads, a device adding to its own audit trail) only adds new entries to
 *   the collections it was granted, each meeting the grant's condition, and removes nothing; where
 *   the grant names a rule (PERM-10: a case event and its case), the entry must be one plain value
 *   and the rule must admit it given the record it names, found in this update or else stored.
 *
 * How: the update is decoded once (its new items and its delete set); each new item is placed by
 * what it names (a root collection and key, a parent item, or a neighbour it was inserted next
 * to), looking neighbours up in the stored document's struct store by binary search and in the
 * update itself. A Y.Map key overwrite arrives as a new item whose origin is the key's current
 * item (or, crafted, with no origin but the same key), and deletes the old one; both are caught.
 * Nothing is copied or applied here, so the cost is proportional to the update, not the document
 * (a rule reads one field of one stored record per entry, by key).
 */
import * as Y from 'yjs';
import {
  APPEND_ONLY,
  ENTRY_RULES,
  meetsCondition,
  type DocKind,
  type EntryCondition,
  type EntryRule,
  type RelatedRecord,
  type WriteScope,
} from '@aligned/shared';

export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

export type Refusal = {
  /** `append-only`: recorded history would change (any role); `not-permitted`: beyond the writer's scope. */
  code: 'append-only' | 'not-permitted';
  reason: string;
};

type Id = { client: number; clock: number };

/** Where an item sits: under which root collection, how deep, in which entry. */
type Place = {
  root: string;
  /** 0 for an entry itself (a direct child of the root), 1 for a field of an entry, and so on. */
  depth: number;
  /** The entry's key in a keyed (Y.Map) root; null in an array root. */
  key: string | null;
  /** The item directly under the root that this item belongs to (itself at depth 0). */
  entry: Y.Item;
  /** The field of the entry this item sets (the key at depth 1), when there is one. */
  field: string | null;
};

/** The document's schema stamp (documents/doc-meta.ts): a partial writer may set it once. */
const META_ROOT = 'meta';
const META_KEYS: ReadonlySet<string> = new Set(['schemaVersion', 'kind']);

const isId = (value: unknown): value is Id =>
  typeof value === 'object' && value !== null && 'client' in value && 'clock' in value;

const appendOnly = (reason: string): Refusal => ({ code: 'append-only', reason });
const notPermitted = (reason: string): Refusal => ({ code: 'not-permitted', reason });

/** The first value an item holds (a plain value, a nested type), or undefined when it holds none. */
function valueOf(item: Y.Item): unknown {
  if (item.deleted || item.content instanceof Y.ContentDeleted) return undefined;
  return item.content.getContent()[0];
}

/** The stored struct holding `id`, or null when the relay does not have that clock. */
function storedStruct(doc: Y.Doc, id: Id): Y.Item | Y.GC | null {
  const structs = doc.store.clients.get(id.client);
  const last = structs?.at(-1);
  if (!structs || !last || id.clock >= last.id.clock + last.length) return null;
  const struct = structs[Y.findIndexSS(structs, id.clock)];
  return struct instanceof Y.Item || struct instanceof Y.GC ? struct : null;
}

/** The stored items of `client` overlapping clocks [clock, clock + len). */
function* storedItems(doc: Y.Doc, client: number, clock: number, len: number): Generator<Y.Item> {
  const structs = doc.store.clients.get(client);
  const last = structs?.at(-1);
  if (!structs || !last || clock >= last.id.clock + last.length) return;
  const start = clock <= structs[0]!.id.clock ? 0 : Y.findIndexSS(structs, clock);
  for (let i = start; i < structs.length; i += 1) {
    const struct = structs[i]!;
    if (struct.id.clock >= clock + len) return;
    if (struct instanceof Y.Item) yield struct;
  }
}

export function guardUpdate(
  doc: Y.Doc,
  decoded: DecodedUpdate,
  kind: DocKind,
  scope: WriteScope,
): Refusal | null {
  const layouts = APPEND_ONLY[kind];
  if (scope === 'none') return notPermitted('read-only');
  // The common case costs nothing: a whole-document writer of a document with no log.
  if (scope === 'all' && Object.keys(layouts).length === 0) return null;

  const rootNames = new Map<unknown, string>();
  for (const [name, type] of doc.share) rootNames.set(type, name);
  const layoutOf = (root: string) => (Object.hasOwn(layouts, root) ? layouts[root]! : null);
  const rootKeyExists = (root: string, key: string) => doc.share.get(root)?._map.has(key) === true;

  // New items of the update by client, in clock order, for looking up references between them.
  const knownClocks = new Map<number, number>();
  const known = (client: number) => {
    let clock = knownClocks.get(client);
    if (clock === undefined) knownClocks.set(client, (clock = Y.getState(doc.store, client)));
    return clock;
  };
  const fresh = new Map<number, Y.Item[]>();
  const freshItems = new Set<Y.Item>();
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    if (struct.id.clock + struct.length <= known(struct.id.client)) continue;
    let list = fresh.get(struct.id.client);
    if (!list) fresh.set(struct.id.client, (list = []));
    list.push(struct);
    freshItems.add(struct);
  }
  const isFresh = (id: Id) => id.clock >= known(id.client);
  function freshItem(id: Id): Y.Item | null {
    const list = fresh.get(id.client);
    if (!list) return null;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const item = list[mid]!;
      if (id.clock < item.id.clock) high = mid - 1;
      else if (id.clock >= item.id.clock + item.length) low = mid + 1;
      else return item;
    }
    return null;
  }

  function placeOfStored(item: Y.Item): Place | null {
    let current = item;
    let depth = 0;
    let field: string | null = null;
    for (;;) {
      const parent = current.parent as Y.AbstractType<unknown> | null;
      if (!parent) return null;
      const holder = parent._item;
      if (holder === null) {
        const root = rootNames.get(parent);
        if (root === undefined) return null;
        return { root, depth, key: current.parentSub, entry: current, field: depth === 0 ? null : field };
      }
      field = current.parentSub;
      current = holder;
      depth += 1;
    }
  }

  const places = new Map<Y.Item, Place | null | 'resolving'>();
  /** Where a reference (a parent, an origin) points: a stored item or one of this update. */
  function placeOfRef(id: Id): { place: Place; item: Y.Item; stored: boolean } | null {
    if (!isFresh(id)) {
      const struct = storedStruct(doc, id);
      if (!(struct instanceof Y.Item)) return null;
      const place = placeOfStored(struct);
      return place ? { place, item: struct, stored: true } : null;
    }
    const item = freshItem(id);
    const place = item ? placeOfFresh(item) : null;
    return item && place ? { place, item, stored: false } : null;
  }

  /** The neighbour a new item was inserted after; for a partly known struct, its known part. */
  function originOf(item: Y.Item): Id | null {
    const end = known(item.id.client);
    return item.id.clock < end ? { client: item.id.client, clock: end - 1 } : item.origin;
  }

  function placeOfFresh(item: Y.Item): Place | null {
    const memo = places.get(item);
    if (memo === 'resolving') return null; // a crafted cycle
    if (memo !== undefined) return memo;
    places.set(item, 'resolving');
    let place: Place | null = null;
    const parent = item.parent as unknown;
    const origin = originOf(item);
    if (typeof parent === 'string' && origin === null) {
      place = { root: parent, depth: 0, key: item.parentSub, entry: item, field: null };
    } else if (isId(parent) && origin === null) {
      const holder = placeOfRef(parent);
      if (holder) {
        const depth = holder.place.depth + 1;
        place = {
          root: holder.place.root,
          depth,
          key: holder.place.key,
          entry: holder.place.entry,
          field: depth === 1 ? item.parentSub : holder.place.field,
        };
      }
    } else {
      const neighbourId = origin ?? (isId(item.rightOrigin) ? item.rightOrigin : null);
      const neighbour = neighbourId ? placeOfRef(neighbourId) : null;
      if (neighbour) {
        const { place: near } = neighbour;
        place = { ...near, entry: near.depth === 0 ? item : near.entry };
      }
    }
    places.set(item, place);
    return place;
  }

  /**
   * Whether a new entry of an ordered log lands after every entry there is, replaying Yjs's
   * placement of concurrent inserts (Item.integrate) against the stored items, read only. Yjs
   * merges consecutive entries of one client into one struct and splits it when an insert names
   * a clock inside it; a `Piece` is such a part: a struct from a clock on.
   */
  function landsAtEnd(item: Y.Item, root: string): boolean {
    const list = doc.share.get(root);
    if (!list) return true;
    type Piece = { struct: Y.Item; from: number };
    const originId = originOf(item);
    // The split point, if the origin names a clock inside a struct: the piece after it starts there.
    let split: { struct: Y.Item; at: number } | null = null;
    let left: Piece | null = null;
    if (originId) {
      const struct = storedStruct(doc, originId);
      if (!(struct instanceof Y.Item)) return false;
      left = { struct, from: struct.id.clock };
      if (originId.clock < struct.id.clock + struct.length - 1) split = { struct, at: originId.clock + 1 };
    }
    const pieceOrigin = (p: Piece): Id | null =>
      p.from === p.struct.id.clock ? p.struct.origin : { client: p.struct.id.client, clock: p.from - 1 };
    const nextOf = (p: Piece | null): Piece | null => {
      if (p === null) return list._start ? { struct: list._start, from: list._start.id.clock } : null;
      if (split && p.struct === split.struct && p.from < split.at)
        return { struct: p.struct, from: split.at };
      const right = p.struct.right;
      return right ? { struct: right, from: right.id.clock } : null;
    };
    const keyOf = (p: Piece) => `${p.struct.id.client}:${p.from}`;
    /** The piece holding a stored clock, as Yjs's getItem would after the split. */
    const pieceAt = (id: Id): string | null => {
      const struct = storedStruct(doc, id);
      if (!(struct instanceof Y.Item)) return null;
      const from = split && struct === split.struct && id.clock >= split.at ? split.at : struct.id.clock;
      return `${struct.id.client}:${from}`;
    };
    const sameId = (a: Id | null, b: Id | null) =>
      a === b || (a !== null && b !== null && a.client === b.client && a.clock === b.clock);

    let o = nextOf(left);
    const conflicting = new Set<string>();
    const before = new Set<string>();
    while (o !== null) {
      const key = keyOf(o);
      before.add(key);
      conflicting.add(key);
      const oOrigin = pieceOrigin(o);
      if (sameId(originId, oOrigin)) {
        if (o.struct.id.client < item.id.client) {
          left = o;
          conflicting.clear();
        } else if (o.struct.rightOrigin === null) {
          break;
        }
      } else if (oOrigin !== null) {
        const originKey = pieceAt(oOrigin);
        if (originKey === null || !before.has(originKey)) break;
        if (!conflicting.has(originKey)) {
          left = o;
          conflicting.clear();
        }
      } else {
        break;
      }
      o = nextOf(o);
    }
    for (let next = nextOf(left); next !== null; next = nextOf(next)) {
      if (!next.struct.deleted) return false;
    }
    return true;
  }

  // Deletions: nothing recorded is ever removed; a partial writer removes nothing at all.
  for (const [client, ranges] of decoded.ds.clients) {
    for (const { clock, len } of ranges) {
      for (const item of storedItems(doc, client, clock, len)) {
        if (item.deleted) continue;
        if (scope !== 'all') return notPermitted('this role may only add entries here');
        const place = placeOfStored(item);
        if (place && layoutOf(place.root) !== null) {
          return appendOnly(`${place.root}: recorded entries may not be removed`);
        }
      }
    }
  }

  // New items: where each lands and what it sets.
  const recordsToCheck = new Map<Y.Item, { condition: EntryCondition; seen: Set<string> }>();
  // Entries of granted collections whose grant names a rule, judged once the whole update is read.
  const ruled: { root: string; rule: EntryRule; entry: Record<string, unknown> }[] = [];
  // The fields rules read, by the collection of the records they name.
  const readFields = new Map<string, Set<string>>();
  if (scope !== 'all') {
    for (const grant of Object.values(scope.add)) {
      if (grant.rule === undefined) continue;
      const { collection, reads } = ENTRY_RULES[grant.rule].names;
      readFields.set(collection, (readFields.get(collection) ?? new Set()).add(reads));
    }
  }
  // Records of those collections this update creates (`root\0key`), and the values it sets a field
  // read to (`root\0key\0field`).
  const createdRecords = new Set<string>();
  const createdValues = new Map<string, unknown[]>();
  const recordKey = (...parts: string[]) => parts.join('\u0000');
  const setHere = (key: string, value: unknown) => {
    const values = createdValues.get(key);
    if (values) values.push(value);
    else createdValues.set(key, [value]);
  };
  for (const list of fresh.values()) {
    for (const item of list) {
      const place = placeOfFresh(item);
      if (!place) {
        // Refers to what the relay lacks (then the update does not apply) or to collected garbage.
        if (scope === 'all') continue;
        return notPermitted('update refers to changes the relay does not have');
      }
      const layout = layoutOf(place.root);
      const rightOrigin = isId(item.rightOrigin) ? item.rightOrigin : null;

      if (layout === 'ordered' && place.depth === 0) {
        if (item.parentSub !== null || place.key !== null) return appendOnly(`${place.root}: not an entry`);
        if (rightOrigin !== null) return appendOnly(`${place.root}: entries may only be added at the end`);
        const origin = originOf(item);
        const followsNewEntry = origin !== null && isFresh(origin);
        if (!followsNewEntry && !landsAtEnd(item, place.root)) {
          return appendOnly(`${place.root}: entries may only be added at the end`);
        }
      } else if (layout === 'keyed' && place.depth === 0) {
        if (place.key === null) return appendOnly(`${place.root}: not an entry`);
        if (rootKeyExists(place.root, place.key)) {
          return appendOnly(`${place.root}: a recorded entry may not be rewritten`);
        }
        if (rightOrigin !== null) return appendOnly(`${place.root}: not an entry`);
      } else if (layout !== null && !freshItems.has(place.entry)) {
        return appendOnly(`${place.root}: a recorded entry may not be changed`);
      }

      if (scope === 'all') continue;

      // A partial writer: the schema stamp once, and new entries of granted collections.
      if (place.root === META_ROOT && place.depth === 0) {
        if (place.key !== null && META_KEYS.has(place.key) && !rootKeyExists(META_ROOT, place.key)) continue;
        return notPermitted('this role may not change document settings');
      }
      // Own keys only: a root named `constructor` must not find Object.prototype's. The reason
      // names no root here: it is the sender's string (it reaches the metrics and the security log).
      const grant = Object.hasOwn(scope.add, place.root) ? scope.add[place.root] : undefined;
      if (grant === undefined) return notPermitted('this role may not write there');
      const condition = grant.fields;
      const reads = readFields.get(place.root);
      if (rightOrigin !== null && !isFresh(rightOrigin))
        return notPermitted(`${place.root}: only new entries`);
      if (place.depth === 0) {
        if (layout !== 'ordered') {
          if (place.key === null || rootKeyExists(place.root, place.key)) {
            return notPermitted(`${place.root}: only new entries`);
          }
          const origin = originOf(item);
          if (origin !== null && !isFresh(origin)) return notPermitted(`${place.root}: only new entries`);
        }
        const values = item.deleted ? [] : (item.content.getContent() as unknown[]);
        if (grant.rule !== undefined) {
          // A ruled entry is one plain value (appendRecord), so the rule sees all of it here.
          const [value] = values;
          if (values.length !== 1 || !isEntryMeeting(condition, value)) {
            return notPermitted(`${place.root}: this role may not add this entry`);
          }
          ruled.push({
            root: place.root,
            rule: ENTRY_RULES[grant.rule],
            entry: value as Record<string, unknown>,
          });
        } else if (values.length === 1 && values[0] instanceof Y.AbstractType) {
          recordsToCheck.set(item, { condition, seen: new Set() });
        } else if (values.length === 0 || !values.every((value) => isEntryMeeting(condition, value))) {
          return notPermitted(`${place.root}: this role may not add this entry`);
        }
        if (reads !== undefined && place.key !== null) {
          // The record is created here; a plain one carries the fields read, a map sets them below.
          createdRecords.add(recordKey(place.root, place.key));
          const plain = values.length === 1 && isEntryMeeting({}, values[0]) ? values[0] : undefined;
          for (const field of plain === undefined ? [] : reads) {
            if (Object.hasOwn(plain as object, field))
              setHere(recordKey(place.root, place.key, field), (plain as Record<string, unknown>)[field]);
          }
        }
      } else if (place.depth === 1 && freshItems.has(place.entry)) {
        const field = place.field;
        if (field !== null && reads?.has(field) && place.key !== null) {
          setHere(recordKey(place.root, place.key, field), valueOf(item));
        }
        const allowed = field === null ? undefined : condition[field];
        if (allowed !== undefined) {
          const value = valueOf(item);
          if (typeof value !== 'string' || !allowed.includes(value)) {
            return notPermitted(`${place.root}: this role may not add this entry`);
          }
          recordsToCheck.get(place.entry)?.seen.add(field!);
        }
      } else {
        return notPermitted(`${place.root}: only new entries`);
      }
    }
  }
  // A new record (a Y.Map of fields) must carry every field its grant names.
  for (const { condition, seen } of recordsToCheck.values()) {
    if (Object.keys(condition).some((field) => !seen.has(field))) {
      return notPermitted('this role may not add this entry');
    }
  }

  // Ruled entries: each against the record it names, as this update leaves it.
  const counted = new Map<string, number>();
  const namedId = ({ rule, entry }: (typeof ruled)[number]) => {
    const id = entry[rule.names.by];
    return typeof id === 'string' ? id : null;
  };
  for (const one of ruled) {
    const id = namedId(one);
    if (id === null || !one.rule.counts(one.entry)) continue;
    const key = recordKey(one.rule.names.collection, id);
    counted.set(key, (counted.get(key) ?? 0) + 1);
  }
  for (const one of ruled) {
    const id = namedId(one);
    const { collection, reads } = one.rule.names;
    const record =
      id === null ? null : relatedRecord(collection, id, reads, counted.get(recordKey(collection, id)) ?? 0);
    if (!one.rule.admits(one.entry, record))
      return notPermitted(`${one.root}: this role may not add this entry`);
  }
  return null;

  /** The record a ruled entry names: created by this update, else stored; null when neither. */
  function relatedRecord(collection: string, id: string, reads: string, count: number): RelatedRecord | null {
    if (createdRecords.has(recordKey(collection, id))) {
      // Set twice to different values in one update (crafted): no value the rule could trust.
      const set = createdValues.get(recordKey(collection, id, reads)) ?? [];
      const value = set.every((v) => v === set[0]) ? set[0] : undefined;
      return { value, created: true, counted: count };
    }
    const item = doc.share.get(collection)?._map.get(id);
    if (item === undefined || item.deleted) return null;
    const stored = valueOf(item);
    let value: unknown;
    if (stored instanceof Y.AbstractType) {
      const field = stored._map.get(reads);
      value = field === undefined ? undefined : valueOf(field);
    } else if (isEntryMeeting({}, stored)) {
      value = (stored as Record<string, unknown>)[reads];
    }
    return { value, created: false, counted: count };
  }
}

/** A plain JSON object entry whose fields meet the condition. */
function isEntryMeeting(condition: EntryCondition, value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Y.AbstractType) &&
    meetsCondition(condition, value as Record<string, unknown>)
  );
}
