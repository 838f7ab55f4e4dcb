/**
 * What the signed-in person may do, as pure functions of their session over shared's permission
 * table (`deniedReason`, `mayAdd`): screens use them to offer only what will be accepted. Not a
 * security boundary: the relay decides. A development session (AUTH_MODE=development, one fixed
 * owner) and a tab with no role yet are not limited here.
 */
import { deniedReason, mayAdd, type DocKind, type RelatedRecord } from '@aligned/shared';
import type { Session } from '@aligned/shared/protocol';

/** The part of a session the permission checks read. */
export type PermissionSession = Pick<Session, 'identity'> & { user: Pick<Session['user'], 'role'> };

/** The role the permission table limits, or null when nothing is limited here. */
function limitedRole(session: PermissionSession | null) {
  const role = session?.user.role;
  return !role || session?.identity === 'development' ? null : role;
}

/** Whether the person may read documents of this kind (role-level). */
export function canRead(session: PermissionSession | null, kind: DocKind): boolean {
  const role = limitedRole(session);
  return role === null || deniedReason(role, kind, 'read') === null;
}

/** Whether the person may change documents of this kind, and why not. */
export function canWrite(
  session: PermissionSession | null,
  kind: DocKind,
): { allowed: boolean; reason: string | null } {
  const role = limitedRole(session);
  if (role === null) return { allowed: true, reason: null };
  const reason = deniedReason(role, kind, 'write');
  return { allowed: reason === null, reason };
}

/**
 * Whether the person may add this entry to a collection of a kind of document, where the role's
 * grant is finer than the whole document (front desk: an inquiry in a chart, a counter payment on
 * a ledger; shared `mayAdd`, enforced by the relay).
 */
export function canAdd(
  session: PermissionSession | null,
  kind: DocKind,
  collection: string,
  entry: Readonly<Record<string, unknown>>,
  related?: RelatedRecord | null,
): boolean {
  const role = limitedRole(session);
  return role === null || mayAdd(role, kind, collection, entry, related);
}

/**
 * Whether the person may merge records (PAT-101): a merge writes the patients index and carries
 * every document of the merged record, so it needs write access to all of them.
 */
export function canMerge(session: PermissionSession | null, kind: 'patient' | 'family' = 'patient'): boolean {
  const kinds: DocKind[] =
    kind === 'patient' ? ['patients', 'chart', 'comms', 'insurance'] : ['patients', 'contracts', 'ledger'];
  return kinds.every((k) => canWrite(session, k).allowed);
}
