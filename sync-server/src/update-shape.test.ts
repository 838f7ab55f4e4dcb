import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { updateShapeProblem } from './update-shape.ts';

describe('update shape', () => {
  it('accepts what a real document produces, including merged updates', () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    doc.getText('t').insert(0, 'hello');
    doc.getArray('a').insert(0, [1, 2, { x: 3 }]);
    const nested = new Y.Map();
    doc.getMap('m').set('child', nested);
    nested.set('k', 'v');
    doc.getText('t').delete(1, 2);
    for (const u of updates) expect(updateShapeProblem(u)).toBeNull();
    expect(updateShapeProblem(Y.mergeUpdates(updates))).toBeNull();
    expect(updateShapeProblem(Y.encodeStateAsUpdate(doc))).toBeNull();
  });

  it('refuses a struct whose parent is a later clock of its own client (found by fuzzing)', () => {
    expect(updateShapeProblem(new Uint8Array([1, 1, 101, 1, 1, 0, 101, 18, 1, 0]))).toBe(
      'update refers forward in its own history',
    );
  });

  it('refuses overlapping blocks of one client (found by fuzzing)', () => {
    expect(
      updateShapeProblem(new Uint8Array([2, 3, 101, 12, 0, 3, 0, 1, 65, 101, 18, 3, 1, 101, 1, 0, 1, 0])),
    ).not.toBeNull();
  });

  it('refuses bytes that do not decode', () => {
    expect(updateShapeProblem(new Uint8Array([9, 9, 9, 9]))).toBe('update does not decode');
  });
});
