/**
 * Each document records the schema version it was last written with, in a root map named
 * `meta`. Readers accept every version up to the one they know; a document written by a
 * newer version opens read-only (see migrations.ts and docs/data-model.md).
 *
 * The version is set by the first write command, never on load: initialising defaults on
 * load races with state that has not arrived from the server yet (discuss.yjs.dev/t/2321).
 */
import type * as Y from 'yjs';
import type { DocKind } from './doc-names.ts';

/** The schema version this code writes, per document kind. Bump with a migration in migrations.ts. */
export const SCHEMA_VERSIONS: Record<DocKind, number> = {
  practice: 1,
  patients: 1,
  chart: 1,
  comms: 1,
  insurance: 1,
  contracts: 1,
  ledger: 1,
  schedule: 1,
  audit: 1,
};

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('meta');
}

/** The document's schema version; 0 for a document nobody has written yet. */
export function schemaVersionOf(doc: Y.Doc): number {
  const value = metaMap(doc).get('schemaVersion');
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
}

export type Compatibility = 'writable' | 'needs-migration' | 'too-new';

export function compatibility(doc: Y.Doc, kind: DocKind): Compatibility {
  const version = schemaVersionOf(doc);
  const current = SCHEMA_VERSIONS[kind];
  if (version > current) return 'too-new';
  if (version !== 0 && version < current) return 'needs-migration';
  return 'writable';
}

/** Called inside every write transaction: stamps the version on a fresh document. */
export function stampSchemaVersion(doc: Y.Doc, kind: DocKind): void {
  const meta = metaMap(doc);
  if (meta.get('schemaVersion') === undefined) meta.set('schemaVersion', SCHEMA_VERSIONS[kind]);
  if (meta.get('kind') === undefined) meta.set('kind', kind);
}
