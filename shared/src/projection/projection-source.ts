/**
 * A source of the device projection: one kind of small, plain value per key (a patient's cases,
 * a family's account, a schedule week's appointments), computed from the stored documents that
 * key names. The engine (projection-engine.ts) decides when to compute; a source only says which
 * documents feed it and how they become its value. Adding a practice-wide list that needs new
 * data is one module of this shape added to `PRACTICE_SOURCES` (docs/architecture.md).
 */
import type * as Y from 'yjs';
import type { DocAddress, DocKind } from '../documents/doc-names.ts';
import type { PaymentSettings } from '../billing/payment-settings.schema.ts';

/** What a value may depend on besides its documents. */
export type ProjectionContext = {
  /** Today at the practice (`YYYY-MM-DD`). */
  today: string;
  paymentSettings: PaymentSettings;
};

export type ProjectionSource<V> = {
  /** Stable name: the snapshot's key and the name screens ask for. */
  readonly name: string;
  /** A stored document of one of these kinds marks its key for re-projection. */
  readonly kinds: readonly DocKind[];
  /** The documents a key's value is computed from (their order is the order `project` receives). */
  docsOf(practiceId: string, key: string): string[];
  /** The key a stored document belongs to, when it feeds this source (default: its own key). */
  keyOf?(address: DocAddress): string | undefined;
  /**
   * The value of a key from its documents (empty documents when absent). `null` when there is
   * nothing to list: the key is dropped. Pure: the same documents and context give the same value.
   */
  project(docs: readonly Y.Doc[], key: string, context: ProjectionContext): V | null;
  /**
   * The part of the context the values depend on, as text: when it changes (a new day, new payment
   * settings) every value is computed again. Absent: values depend on documents only.
   */
  contextKey?(context: ProjectionContext): string;
  /**
   * How the values are kept on the device (`ReplicaStore` metadata):
   * - `shards`: all values in `count` records, loaded when the projection starts (small values
   *   every practice-wide list needs at once);
   * - `per-key`: one record per key, loaded when a screen asks for those keys (`retain`): large
   *   data of which a screen reads a slice (the appointment book's weeks).
   */
  readonly storage: { kind: 'shards'; count: number } | { kind: 'per-key' };
  /** Keys computed per task at most (default: the engine's): a week of the book weighs a hundred charts. */
  readonly batch?: number;
};

/** Erases a source's value type, for lists of sources. */
export type AnySource = ProjectionSource<unknown>;
