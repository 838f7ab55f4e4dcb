import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { readRecord } from './collection.ts';
import {
  createPatient,
  PATIENTS,
  PATIENTS_DOC_COLLECTIONS,
  updatePatient,
} from '../patients/patients-doc.ts';
import { createUndoHistory } from './undo.ts';
import { REMOTE } from './origins.ts';
import { patientInput, userContext } from '../test-support/fixtures.ts';

function firstNameOf(doc: Y.Doc, id: string) {
  const read = readRecord(doc, PATIENTS, id);
  return read.status === 'ok' ? read.record.firstName : read.status;
}

describe('undo history', () => {
  it("undoes and redoes the signed-in user's own edits, one command at a time", () => {
    const doc = new Y.Doc();
    const alice = userContext('stf_alice0000000000');
    const history = createUndoHistory(doc, PATIENTS_DOC_COLLECTIONS, alice.origin as never);
    const created = createPatient(doc, alice, patientInput());
    if (!created.ok) throw new Error('create');
    updatePatient(doc, alice, created.value.id, { firstName: 'Sofie' });
    updatePatient(doc, alice, created.value.id, { firstName: 'Sophia' });

    expect(history.undo()).toBe(true);
    expect(firstNameOf(doc, created.value.id)).toBe('Sofie');
    expect(history.undo()).toBe(true);
    expect(firstNameOf(doc, created.value.id)).toBe('Sofia');
    expect(history.redo()).toBe(true);
    expect(firstNameOf(doc, created.value.id)).toBe('Sofie');
  });

  it('never undoes an edit that came from someone else', () => {
    const doc = new Y.Doc();
    const alice = userContext('stf_alice0000000000');
    const history = createUndoHistory(doc, PATIENTS_DOC_COLLECTIONS, alice.origin as never);
    const created = createPatient(doc, alice, patientInput());
    if (!created.ok) throw new Error('create');

    // Bob's edit arrives from the relay.
    const bobDoc = new Y.Doc();
    Y.applyUpdate(bobDoc, Y.encodeStateAsUpdate(doc), REMOTE);
    updatePatient(bobDoc, userContext('stf_bob000000000000'), created.value.id, { phone: '+15125559999' });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(bobDoc, Y.encodeStateVector(doc)), REMOTE);

    updatePatient(doc, alice, created.value.id, { firstName: 'Sofie' });
    history.undo();
    const read = readRecord(doc, PATIENTS, created.value.id);
    expect(read.status === 'ok' && read.record).toMatchObject({ firstName: 'Sofia', phone: '+15125559999' });
  });

  it("does not undo another local user's edits on a shared device", () => {
    const doc = new Y.Doc();
    const alice = userContext('stf_alice0000000000');
    const carol = userContext('stf_carol00000000000');
    const created = createPatient(doc, carol, patientInput());
    if (!created.ok) throw new Error('create');
    const history = createUndoHistory(doc, PATIENTS_DOC_COLLECTIONS, alice.origin as never);
    expect(history.canUndo).toBe(false);
    expect(history.undo()).toBe(false);
    expect(firstNameOf(doc, created.value.id)).toBe('Sofia');
  });

  it('tells listeners when undo becomes possible', () => {
    const doc = new Y.Doc();
    const alice = userContext();
    const history = createUndoHistory(doc, PATIENTS_DOC_COLLECTIONS, alice.origin as never);
    let calls = 0;
    history.onChange(() => calls++);
    createPatient(doc, alice, patientInput());
    expect(calls).toBeGreaterThan(0);
    expect(history.canUndo).toBe(true);
  });
});
