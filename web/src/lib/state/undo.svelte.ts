/** Undo/redo of the signed-in user's own edits, as reactive state for the header and shortcuts. */
import { createUndoHistory, type CollectionSpec, type LocalOrigin, type UndoHistory } from '@aligned/shared';
import type * as Y from 'yjs';

export class UndoState {
  #history: UndoHistory;
  #stop: () => void;
  canUndo = $state(false);
  canRedo = $state(false);

  constructor(doc: Y.Doc, collections: readonly CollectionSpec[], origin: LocalOrigin) {
    this.#history = createUndoHistory(doc, collections, origin);
    this.#stop = this.#history.onChange(() => {
      this.canUndo = this.#history.canUndo;
      this.canRedo = this.#history.canRedo;
    });
  }

  undo = () => this.#history.undo();
  redo = () => this.#history.redo();

  destroy() {
    this.#stop();
    this.#history.destroy();
  }
}
