/**
 * Document partitioning. A practice's data is split into many Yjs documents so a device
 * loads only what the screen needs, and so the relay can grant access per document: what
 * front desk may change and what only a coordinator or billing may change live apart.
 * See docs/data-model.md for the design and its measured trade-offs.
 *
 * Names are `<practiceId>/<kind>` or `<practiceId>/<kind>/<key>...`; keys are opaque record
 * ids or periods, never names, so a document name in a log carries no PHI.
 */
import { z } from 'zod';
import { Id } from '../core/common.schema.ts';
import { isValidLocalDate } from '../core/calendar.ts';

/**
 * Every kind of document. A new kind is added here first, so the relay's access rules
 * (identity/permissions.ts), the replicator and the synthetic practice know it.
 */
export const DOC_KINDS = {
  /** Practice, locations, staff, settings. Owner and manager write; everyone reads. */
  practice: { keyed: false },
  /**
   * Patient demographics, families, responsible parties and their links (the practice-wide
   * patient index), referring offices and insurance carriers.
   */
  patients: { keyed: false },
  /** Cases, their status events, treatment options and signatures of one patient. Key: patient id. */
  chart: { keyed: true },
  /** Communication log and follow-up tasks of one patient. Key: patient id. */
  comms: { keyed: true },
  /**
   * Insurance policies, verifications, pre-authorizations, insurer schedules and claim events of
   * one patient. Key: patient id.
   */
  insurance: { keyed: true },
  /** Contracts and their amendments of one family account. Key: family id. */
  contracts: { keyed: true },
  /** The append-only ledger of one family account. Key: family id. */
  ledger: { keyed: true },
  /** Appointments of one location for one week. Key: `<locationId>/<yyyy-mm-dd>` (the week's Monday). */
  schedule: { keyed: true },
  /** The audit trail one device records (views and changes), hash-chained. Key: device id. */
  audit: { keyed: true },
} as const;

export type DocKind = keyof typeof DOC_KINDS;

export type DocAddress = { practiceId: string; kind: DocKind; key?: string };

const KeyPart = z.string().regex(/^[0-9a-z_-]{1,40}$/);
/** A schedule document's week: the Monday it starts on, `YYYY-MM-DD`. */
const isWeekStart = (value: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) &&
  isValidLocalDate(value) &&
  new Date(`${value}T12:00:00Z`).getUTCDay() === 1;

export function docName(address: DocAddress): string {
  const { practiceId, kind, key } = address;
  return key === undefined ? `${practiceId}/${kind}` : `${practiceId}/${kind}/${key}`;
}

export const practiceDocName = (practiceId: string) => docName({ practiceId, kind: 'practice' });
export const patientsDocName = (practiceId: string) => docName({ practiceId, kind: 'patients' });
export const chartDocName = (practiceId: string, patientId: string) =>
  docName({ practiceId, kind: 'chart', key: patientId });
export const commsDocName = (practiceId: string, patientId: string) =>
  docName({ practiceId, kind: 'comms', key: patientId });
export const insuranceDocName = (practiceId: string, patientId: string) =>
  docName({ practiceId, kind: 'insurance', key: patientId });
export const contractsDocName = (practiceId: string, familyId: string) =>
  docName({ practiceId, kind: 'contracts', key: familyId });
export const ledgerDocName = (practiceId: string, familyId: string) =>
  docName({ practiceId, kind: 'ledger', key: familyId });
export const scheduleDocName = (practiceId: string, locationId: string, week: string) =>
  docName({ practiceId, kind: 'schedule', key: `${locationId}/${week}` });

/**
 * Parses and checks a document name from an untrusted source (the wire, storage).
 * Returns null for anything that is not exactly a name this version knows.
 */
export function parseDocName(name: string): DocAddress | null {
  if (name.length > 200) return null;
  const [practiceId, kind, ...rest] = name.split('/');
  if (!practiceId || !Id.safeParse(practiceId).success || !practiceId.startsWith('prc_')) return null;
  if (!kind || !Object.hasOwn(DOC_KINDS, kind)) return null;
  const docKind = kind as DocKind;
  if (!DOC_KINDS[docKind].keyed) return rest.length === 0 ? { practiceId, kind: docKind } : null;
  if (docKind === 'schedule') {
    const [locationId, week, ...extra] = rest;
    if (!locationId || !week || extra.length > 0) return null;
    if (!Id.safeParse(locationId).success || !isWeekStart(week)) return null;
    return { practiceId, kind: docKind, key: `${locationId}/${week}` };
  }
  const [key, ...extra] = rest;
  if (!key || extra.length > 0 || !KeyPart.safeParse(key).success || !Id.safeParse(key).success) {
    return null;
  }
  return { practiceId, kind: docKind, key };
}
