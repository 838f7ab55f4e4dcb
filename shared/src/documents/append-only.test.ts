import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { APPEND_ONLY, appendOnlyLayout } from './append-only.ts';
import { appendRecord, deleteRecord, updateRecord } from './collection.ts';
import { localOrigin } from './origins.ts';
import type { DocKind } from './doc-names.ts';
import { CHART_DOC_COLLECTIONS, SIGNATURES } from '../pipeline/chart-doc.ts';
import { COMMS_DOC_COLLECTIONS, TASKS } from '../comms/comms-doc.ts';
import { CONTRACTS_DOC_COLLECTIONS } from '../billing/contracts-doc.ts';
import { LEDGER_ENTRIES } from '../billing/ledger-doc.ts';
import { INSURANCE_DOC_COLLECTIONS } from '../insurance/insurance-doc.ts';
import { MERGES, PATIENTS_DOC_COLLECTIONS } from '../patients/patients-doc.ts';
import { DOCUMENT_TEMPLATES } from '../practice/practice-doc.ts';
import { LAB_DOC_COLLECTIONS } from '../records/lab-orders-doc.ts';

const ctx = {
  origin: localOrigin('stf_alice0000000000', 'dev_laptop000000000'),
  now: () => '2026-11-25T15:00:00.000Z',
};
const SPECS = [
  ...CHART_DOC_COLLECTIONS,
  ...LAB_DOC_COLLECTIONS,
  ...COMMS_DOC_COLLECTIONS,
  ...CONTRACTS_DOC_COLLECTIONS,
  LEDGER_ENTRIES,
  ...INSURANCE_DOC_COLLECTIONS,
  ...PATIENTS_DOC_COLLECTIONS,
  MERGES,
  DOCUMENT_TEMPLATES,
];

describe('APPEND-2: the one table of append-only collections', () => {
  it('names only collections that exist, each under the document kind that holds it', () => {
    for (const [kind, roots] of Object.entries(APPEND_ONLY) as [DocKind, Record<string, string>][]) {
      for (const [root, layout] of Object.entries(roots)) {
        if (kind === 'audit') {
          expect([root, layout]).toEqual(['entries', 'ordered']);
          continue;
        }
        expect(
          SPECS.some((spec) => spec.docKind === kind && spec.name === root),
          `${kind}/${root}`,
        ).toBe(true);
        expect(layout).toBe('keyed');
      }
    }
  });

  it('keeps editable what is not a log (tasks, cases, patients)', () => {
    expect(appendOnlyLayout('comms', TASKS.name)).toBeNull();
    expect(appendOnlyLayout('chart', 'cases')).toBeNull();
    expect(appendOnlyLayout('patients', 'patients')).toBeNull();
  });

  it('refuses updating or deleting an entry of a log, even one stored as fields by an older version', () => {
    const doc = new Y.Doc();
    const legacy = new Y.Map<unknown>();
    legacy.set('printedName', 'Maria Garcia');
    doc.getMap(SIGNATURES.name).set('sig_0000000000000001', legacy);
    expect(updateRecord(doc, SIGNATURES, ctx, 'sig_0000000000000001', {} as never)).toEqual({
      ok: false,
      error: { kind: 'append-only', id: 'sig_0000000000000001' },
    });
    expect(deleteRecord(doc, SIGNATURES, ctx, 'sig_0000000000000001')).toEqual({
      ok: false,
      error: { kind: 'append-only', id: 'sig_0000000000000001' },
    });
    expect(doc.getMap(SIGNATURES.name).size).toBe(1);
  });

  it('will not append to a collection the table does not list (a programming error, not a person’s)', () => {
    expect(() => appendRecord(new Y.Doc(), TASKS, ctx, {} as never)).toThrow(/not an append-only collection/);
  });
});
