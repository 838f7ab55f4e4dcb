/**
 * The migration path for document schemas.
 *
 * Rules (docs/data-model.md, "Schema evolution"):
 * - Prefer additive changes: a new optional field needs no migration, because records are
 *   validated on read and unknown fields pass through untouched.
 * - A migration is a deterministic, idempotent function of the document's content, so two
 *   devices that run it concurrently write the same values and converge.
 * - It runs in one transaction with a `migration` origin, then stamps the new version.
 * - A document whose version is newer than this code knows is opened read-only, and the app
 *   offers the update (service worker "update available").
 */
import type * as Y from 'yjs';
import type { DocKind } from './doc-names.ts';
import { metaMap, schemaVersionOf, SCHEMA_VERSIONS } from './doc-meta.ts';
import type { MigrationOrigin } from './origins.ts';

export type Migration = {
  /** The version this migration produces; it runs on documents at `to - 1`. */
  to: number;
  description: string;
  run(doc: Y.Doc): void;
};

export type MigrationRegistry = Partial<Record<DocKind, readonly Migration[]>>;

/** The migrations shipped with this version. Empty: every document kind is at version 1. */
export const MIGRATIONS: MigrationRegistry = {};

export type MigrationOutcome =
  | { status: 'current'; version: number }
  | { status: 'migrated'; from: number; to: number }
  | { status: 'too-new'; version: number; supported: number }
  | { status: 'missing-migration'; from: number; to: number };

export function migrateDoc(
  doc: Y.Doc,
  kind: DocKind,
  registry: MigrationRegistry = MIGRATIONS,
  target: number = SCHEMA_VERSIONS[kind],
): MigrationOutcome {
  const version = schemaVersionOf(doc);
  // A document nobody has written yet gets the current version from its first write.
  if (version === 0 || version === target) return { status: 'current', version };
  if (version > target) return { status: 'too-new', version, supported: target };
  const steps = (registry[kind] ?? [])
    .filter((m) => m.to > version && m.to <= target)
    .sort((a, b) => a.to - b.to);
  for (let expected = version + 1; expected <= target; expected++) {
    if (!steps.some((m) => m.to === expected))
      return { status: 'missing-migration', from: version, to: expected };
  }
  const origin: MigrationOrigin = { kind: 'migration', from: version, to: target };
  doc.transact(() => {
    for (const step of steps) step.run(doc);
    metaMap(doc).set('schemaVersion', target);
  }, origin);
  return { status: 'migrated', from: version, to: target };
}
