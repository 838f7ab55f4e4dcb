/**
 * What the signed-in person may do, as pure functions of their session over the permission table
 * (`deniedReason`, `mayAdd`): the app uses them to offer only what will be accepted. Not a
 * security boundary: the relay decides (PERM-1, PERM-5).
 */
import { can, deniedReason, mayAdd, type Capability } from './permissions.ts';
import type { StaffRole } from './staff.schema.ts';
import type { DocKind } from '../documents/doc-names.ts';
import type { RelatedRecord } from './entry-rules.ts';
import type { LocationLimited } from './location-scope.ts';

/** The part of a session these rules read. */
export type PermissionSession = {
  identity: 'development' | 'account';
  user: { role?: StaffRole | undefined; locationIds?: readonly string[] | undefined };
};

/**
 * The role the permission table limits, or null when nothing is limited (PERM-202): the
 * development identity (one fixed owner, AUTH_MODE=development) and a tab with no role yet.
 */
export function limitedRole(session: PermissionSession | null): StaffRole | null {
  const role = session?.user.role;
  return !role || session?.identity === 'development' ? null : role;
}

/** Whether the person may read documents of this kind (PERM-1, role-level). */
export function sessionMayRead(session: PermissionSession | null, kind: DocKind): boolean {
  const role = limitedRole(session);
  return role === null || deniedReason(role, kind, 'read') === null;
}

/** Whether the person may change documents of this kind, and why not (PERM-1, PERM-4). */
export function sessionMayWrite(
  session: PermissionSession | null,
  kind: DocKind,
): { allowed: boolean; reason: string | null } {
  const role = limitedRole(session);
  if (role === null) return { allowed: true, reason: null };
  const reason = deniedReason(role, kind, 'write');
  return { allowed: reason === null, reason };
}

/**
 * Whether the person may add this entry to a collection, where the role's grant is finer than the
 * whole document (PERM-6: an inquiry in a chart, a counter payment on a ledger).
 */
export function sessionMayAdd(
  session: PermissionSession | null,
  kind: DocKind,
  collection: string,
  entry: Readonly<Record<string, unknown>>,
  related?: RelatedRecord | null,
): boolean {
  const role = limitedRole(session);
  return role === null || mayAdd(role, kind, collection, entry, related);
}

/** Whether the person has a capability of the table (PERM-3); the development identity has all. */
export function sessionMayDo(session: PermissionSession | null, capability: Capability): boolean {
  if (!session) return false;
  return (
    session.identity === 'development' || (session.user.role ? can(session.user.role, capability) : false)
  );
}

/** The documents a merge writes, by what is merged (PAT-103, FAM-101). */
export const MERGE_WRITES: Readonly<Record<'patient' | 'family', readonly DocKind[]>> = {
  patient: ['patients', 'chart', 'comms', 'insurance'],
  family: ['patients', 'contracts', 'ledger'],
};

/**
 * Whether the person may merge records of this kind (PERM-203): a merge writes the patients index
 * and carries every document of the merged record, so it needs write access to all of them.
 */
export function sessionMayMerge(
  session: PermissionSession | null,
  kind: 'patient' | 'family' = 'patient',
): boolean {
  return MERGE_WRITES[kind].every((k) => sessionMayWrite(session, k).allowed);
}

/**
 * The locations the person works with (PERM-201): their staff record's, so a manager's change
 * applies at once; the session's until the practice document is here. The development identity is
 * never location-limited (PERM-202).
 */
export function sessionLocations(
  session: (PermissionSession & { user: { id?: string } }) | null,
  staff: readonly { id: string; locationIds?: readonly string[] | undefined }[],
): LocationLimited {
  if (session?.identity === 'development') return { locationIds: [] };
  const id = session?.user.id;
  const record = staff.find((s) => s.id === id);
  return { locationIds: record?.locationIds ?? session?.user.locationIds ?? [] };
}
