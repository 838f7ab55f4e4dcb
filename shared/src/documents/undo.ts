/**
 * Undo and redo of the signed-in user's own edits. The undo manager tracks exactly one
 * origin object (the user's session origin), so edits that arrive from other people, from
 * storage or from migrations are never undone by this user.
 */
import * as Y from 'yjs';
import { isAppendOnly } from './append-only.ts';
import { collectionMap, type CollectionSpec } from './collection.ts';
import type { LocalOrigin } from './origins.ts';

export type UndoHistory = {
  undo(): boolean;
  redo(): boolean;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  /** Called whenever the stacks change; returns the function that stops listening. */
  onChange(listener: () => void): () => void;
  clear(): void;
  destroy(): void;
};

export function createUndoHistory(
  doc: Y.Doc,
  collections: readonly CollectionSpec[],
  origin: LocalOrigin,
): UndoHistory {
  const manager = new Y.UndoManager(
    collections.map((spec) => collectionMap(doc, spec)),
    // One step per command: commands are already one transaction each.
    { trackedOrigins: new Set([origin]), captureTimeout: 0 },
  );
  // Undoing a command that appended to a log would delete a recorded entry, which the relay
  // refuses (APPEND-2); half-undoing it would leave a record and its history disagreeing. Such a
  // command is not undoable: its correction is a new command (a reversal, another status move).
  const appendOnly = new Set<unknown>(
    collections
      .filter((spec) => isAppendOnly(spec.docKind, spec.name))
      .map((spec) => collectionMap(doc, spec)),
  );
  manager.on('stack-item-added', (event) => {
    if (event.type === 'undo' && [...event.changedParentTypes.keys()].some((type) => appendOnly.has(type))) {
      manager.undoStack.pop();
    }
  });
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());
  for (const event of ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const) {
    manager.on(event, notify);
  }
  return {
    undo: () => manager.undo() !== null,
    redo: () => manager.redo() !== null,
    get canUndo() {
      return manager.canUndo();
    },
    get canRedo() {
      return manager.canRedo();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear: () => manager.clear(),
    destroy: () => {
      listeners.clear();
      manager.destroy();
    },
  };
}
