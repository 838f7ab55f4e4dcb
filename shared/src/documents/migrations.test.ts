import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { collectionMap } from './collection.ts';
import { metaMap, schemaVersionOf } from './doc-meta.ts';
import { migrateDoc, type MigrationRegistry } from './migrations.ts';
import { PATIENTS } from '../patients/patients-doc.ts';
import { isTransactionOrigin } from './origins.ts';

// An example v2: split a legacy `name` field into first and last name.
const registry: MigrationRegistry = {
  patients: [
    {
      to: 2,
      description: 'split name into firstName/lastName',
      run(doc) {
        collectionMap(doc, PATIENTS).forEach((value) => {
          const record = value as Y.Map<unknown>;
          const name = record.get('name');
          if (typeof name === 'string' && !record.has('lastName')) {
            const [first = '', ...rest] = name.split(' ');
            record.set('firstName', first);
            record.set('lastName', rest.join(' '));
          }
        });
      },
    },
  ],
};

function legacyDoc(): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    metaMap(doc).set('schemaVersion', 1);
    const record = new Y.Map<unknown>();
    record.set('name', 'Sofia Garcia');
    collectionMap(doc, PATIENTS).set('pat_0000000000000001', record);
  });
  return doc;
}

describe('SYNC-14: document migrations', () => {
  it('upgrade a document in one transaction with a migration origin and stamp the version', () => {
    const doc = legacyDoc();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    expect(migrateDoc(doc, 'patients', registry, 2)).toEqual({ status: 'migrated', from: 1, to: 2 });
    expect(schemaVersionOf(doc)).toBe(2);
    const record = collectionMap(doc, PATIENTS).get('pat_0000000000000001') as Y.Map<unknown>;
    expect(record.get('lastName')).toBe('Garcia');
    expect(origins).toHaveLength(1);
    expect(isTransactionOrigin(origins[0]) && origins[0].kind).toBe('migration');
  });

  it('run concurrently on two devices and still converge to the same content', () => {
    const a = legacyDoc();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    migrateDoc(a, 'patients', registry, 2);
    migrateDoc(b, 'patients', registry, 2);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(collectionMap(a, PATIENTS).toJSON()).toEqual(collectionMap(b, PATIENTS).toJSON());
    expect(schemaVersionOf(a)).toBe(2);
  });

  it('leave a current document alone', () => {
    const doc = legacyDoc();
    expect(migrateDoc(doc, 'patients', registry, 1)).toEqual({ status: 'current', version: 1 });
  });

  it('refuse to touch a document from a newer version', () => {
    const doc = legacyDoc();
    metaMap(doc).set('schemaVersion', 3);
    expect(migrateDoc(doc, 'patients', registry, 2)).toEqual({ status: 'too-new', version: 3, supported: 2 });
  });

  it('report a gap in the migration chain instead of skipping a step', () => {
    const doc = legacyDoc();
    expect(migrateDoc(doc, 'patients', registry, 3)).toEqual({ status: 'missing-migration', from: 1, to: 3 });
    expect(schemaVersionOf(doc)).toBe(1);
  });
});
