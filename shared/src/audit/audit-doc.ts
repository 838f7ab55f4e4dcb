/**
 * A device's audit trail document (`<practiceId>/audit/<deviceId>`): who viewed, created or changed
 * which record, when, on this device, including while offline. Entries are appended to one
 * Y.Array and chained by hash (shared/src/audit/audit-chain.ts), so any later edit, removal or
 * reordering shows up when the chain is verified. Only this device may write it (the relay
 * enforces it); managers read every device's trail.
 */
import type * as Y from 'yjs';
import {
  appendEntry,
  AuditEntry,
  verifyChain,
  type AuditEntryData,
  type ChainVerdict,
} from './audit-chain.ts';
import { docName } from '../documents/doc-names.ts';
import { stampSchemaVersion } from '../documents/doc-meta.ts';
import type { LocalOrigin } from '../documents/origins.ts';

export const auditDocName = (practiceId: string, deviceId: string) =>
  docName({ practiceId, kind: 'audit', key: deviceId });

function entriesOf(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray('entries');
}

/** Appends one entry chained to the last; returns it. */
export function appendAudit(
  doc: Y.Doc,
  origin: LocalOrigin,
  data: Omit<AuditEntryData, 'actor' | 'deviceId'>,
): AuditEntry {
  const array = entriesOf(doc);
  const last = array.length > 0 ? AuditEntry.safeParse(array.get(array.length - 1)) : null;
  const entry = appendEntry(last?.success ? last.data : null, {
    ...data,
    actor: origin.actor,
    deviceId: origin.deviceId,
  });
  doc.transact(() => {
    stampSchemaVersion(doc, 'audit');
    array.push([entry]);
  }, origin);
  return entry;
}

export type AuditRead = { entries: AuditEntry[]; verdict: ChainVerdict };

/** The trail with its verdict: valid entries for display, and whether the chain is intact. */
export function readAudit(doc: Y.Doc): AuditRead {
  const raw = entriesOf(doc).toArray();
  const entries = raw.flatMap((item) => {
    const parsed = AuditEntry.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
  return { entries, verdict: verifyChain(raw) };
}
