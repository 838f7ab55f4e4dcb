/**
 * Every Yjs transaction carries a typed origin, so observers know where a change came from
 * without guessing: persistence must not re-save what it just loaded, the outbox must only
 * count this device's own edits, and undo must only touch the signed-in user's edits.
 */
/** An edit made on this device by the signed-in user. One instance per user session: the undo manager tracks it by identity. */
export type LocalOrigin = {
  readonly kind: 'local';
  /** Staff id of the person editing; stamped into `updatedBy`. */
  readonly actor: string;
  readonly deviceId: string;
};

/** State received from the relay (or another peer). */
export type RemoteOrigin = { readonly kind: 'remote' };

/** State read back from local storage (IndexedDB) or the relay's database when a document is opened. */
export type StorageOrigin = { readonly kind: 'storage' };

/** A schema migration run by the app, not by a person. */
export type MigrationOrigin = { readonly kind: 'migration'; readonly from: number; readonly to: number };

export type TransactionOrigin = LocalOrigin | RemoteOrigin | StorageOrigin | MigrationOrigin;

const KINDS = new Set(['local', 'remote', 'storage', 'migration']);

export function isTransactionOrigin(value: unknown): value is TransactionOrigin {
  return (
    typeof value === 'object' && value !== null && KINDS.has((value as { kind?: unknown }).kind as string)
  );
}

export function localOrigin(actor: string, deviceId: string): LocalOrigin {
  return Object.freeze({ kind: 'local', actor, deviceId });
}

export const REMOTE: RemoteOrigin = Object.freeze({ kind: 'remote' });
export const STORAGE: StorageOrigin = Object.freeze({ kind: 'storage' });

/**
 * True when a transaction was made on this device and must be stored in the outbox and sent
 * to the relay: a person's command, a migration, or an undo/redo (whose origin is the
 * Y.UndoManager itself). Anything not known to come from elsewhere counts as ours, so an
 * edit is never silently left unsent.
 */
export function isOwnChange(origin: unknown): boolean {
  return !(isTransactionOrigin(origin) && (origin.kind === 'remote' || origin.kind === 'storage'));
}
