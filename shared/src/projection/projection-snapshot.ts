/**
 * How the projection is kept on the device, in the replica store's metadata (so whatever protects
 * the store, encryption at rest included, protects it too). Everything read back is checked: a
 * record from another build, a damaged one or one of the wrong shape counts as missing and is
 * computed again from the documents (PROJ-7).
 *
 *   projection:manifest                 { format, build, caughtUp, complete, contexts }
 *   projection:<source>:shard:<n>       { build, entries: [key, value][] }   (`shards` sources)
 *   projection:<source>:key:<key>       { build, json }                     (`per-key` sources)
 */

export const MANIFEST_KEY = 'projection:manifest';
const FORMAT = 1;

export type Manifest = {
  format: typeof FORMAT;
  /** The app build that wrote the values: another build's values are computed again. */
  build: string;
  /** This device has received every document the relay listed, at least once (PROJ-3). */
  caughtUp: boolean;
  /** When written, every stored document was projected and every value written. */
  complete: boolean;
  /** Per source, the context key its values were computed with. */
  contexts: Record<string, string>;
};

export type ShardRecord = { build: string; entries: [string, unknown][] };
export type KeyRecord = { build: string; json: string | null };

export const shardKey = (source: string, shard: number) => `projection:${source}:shard:${shard}`;
export const keyRecordKey = (source: string, key: string) => `projection:${source}:key:${key}`;

/** The shard of a key: FNV-1a over its characters, so every device and build agree. */
export function shardOf(key: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % count;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function readManifest(value: unknown): Manifest | null {
  if (!isRecord(value) || value.format !== FORMAT || typeof value.build !== 'string') return null;
  if (typeof value.caughtUp !== 'boolean' || typeof value.complete !== 'boolean') return null;
  if (!isRecord(value.contexts) || !Object.values(value.contexts).every((c) => typeof c === 'string'))
    return null;
  return value as Manifest;
}

export function readShard(value: unknown, build: string): ShardRecord | null {
  if (!isRecord(value) || value.build !== build || !Array.isArray(value.entries)) return null;
  const ok = value.entries.every(
    (entry) =>
      Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && entry[1] !== null,
  );
  return ok ? (value as ShardRecord) : null;
}

/** A per-key record's value: `undefined` when missing or unusable, `null` when there is none. */
export function readKeyRecord(value: unknown, build: string): unknown {
  if (!isRecord(value) || value.build !== build) return undefined;
  if (value.json === null) return null;
  if (typeof value.json !== 'string') return undefined;
  try {
    return JSON.parse(value.json) as unknown;
  } catch {
    return undefined;
  }
}

export const newManifest = (build: string): Manifest => ({
  format: FORMAT,
  build,
  caughtUp: false,
  complete: false,
  contexts: {},
});
