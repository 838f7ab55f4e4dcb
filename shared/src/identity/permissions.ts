/**
 * Who may read and write which document: the one place that decides. The relay enforces it
 * (a connection gets read, write or nothing per document, HIPAA 164.312(a)(1)); the UI mirrors
 * it so people are never offered an edit the relay would refuse. The UI check is not a security
 * boundary: anything a device receives can be read there, which is why access is decided per
 * document and documents are split along these lines (see documents/doc-names.ts).
 *
 * "Minimum necessary" (45 CFR 164.502(b)) is why clinical roles get no access to money documents
 * rather than read access: a doctor or assistant never needs a family's ledger to treat a patient.
 */
import { STAFF_ROLE_LABELS, type StaffRole } from './staff.schema.ts';
import type { DocAddress, DocKind } from '../documents/doc-names.ts';

export type Access = 'none' | 'read' | 'write';

const RANK: Record<Access, number> = { none: 0, read: 1, write: 2 };

/** True when `granted` covers `wanted` (write implies read). */
export const allows = (granted: Access, wanted: Access): boolean => RANK[granted] >= RANK[wanted];

const N = 'none';
const R = 'read';
const W = 'write';

/**
 * The table. W = write (implies read), R = read, - = none.
 *
 * | role                  | practice | patients | chart | comms | insurance | contracts | ledger | schedule | audit |
 * |-----------------------|----------|----------|-------|-------|-----------|-----------|--------|----------|-------|
 * | owner                 | W        | W        | W     | W     | W         | W         | W      | W        | R     |
 * | manager               | W        | W        | W     | W     | W         | W         | W      | W        | R     |
 * | treatment-coordinator | R        | W        | W     | W     | W         | W         | W      | W        | -     |
 * | front-desk            | R        | W        | R     | W     | W         | R         | R      | W        | -     |
 * | doctor                | R        | W        | W     | W     | R         | -         | -      | W        | -     |
 * | assistant             | R        | W        | W     | W     | R         | -         | -      | W        | -     |
 * | billing               | R        | W        | R     | W     | W         | W         | W      | R        | -     |
 * | read-only             | R        | R        | R     | R     | R         | R         | R      | R        | -     |
 *
 * Why:
 * - practice (locations, staff, settings): everyone reads it (names on screen, location list);
 *   only owner and manager change it, because it holds who works here and with which role.
 * - The treatment coordinator runs a patient from inquiry to start, including the financial
 *   agreement and the down payment, so writes everything clinical-administrative and financial.
 * - Front desk books, checks in, captures and verifies insurance and logs calls; it reads the
 *   chart (case status decides what to book), and reads contracts and ledger to answer "what do I
 *   owe", but terms and money postings belong to the coordinator and billing.
 * - Doctors and assistants write the chart (exams, notes, consents) and may correct demographics
 *   and book chairs; they read insurance (coverage shapes the treatment options), and see no
 *   contracts or ledgers (minimum necessary).
 * - Billing writes insurance, contracts and the ledger, writes patients because responsible
 *   parties' addresses and phones (statements) live there, logs collection calls in comms, and
 *   reads the chart (start date triggers claims and locks contracts) and the schedule.
 * - read-only (an auditor, a consultant) reads the working documents and writes nothing.
 * - audit: nobody writes another device's trail, not even the owner: a trail is written only by
 *   the device that records it (granted in docAccess, not here), so a person cannot rewrite what
 *   was recorded about them. Owner and manager review trails.
 */
export const DOC_ACCESS: Record<StaffRole, Record<DocKind, Access>> = {
  owner: {
    practice: W,
    patients: W,
    chart: W,
    comms: W,
    insurance: W,
    contracts: W,
    ledger: W,
    schedule: W,
    audit: R,
  },
  manager: {
    practice: W,
    patients: W,
    chart: W,
    comms: W,
    insurance: W,
    contracts: W,
    ledger: W,
    schedule: W,
    audit: R,
  },
  'treatment-coordinator': {
    practice: R,
    patients: W,
    chart: W,
    comms: W,
    insurance: W,
    contracts: W,
    ledger: W,
    schedule: W,
    audit: N,
  },
  'front-desk': {
    practice: R,
    patients: W,
    chart: R,
    comms: W,
    insurance: W,
    contracts: R,
    ledger: R,
    schedule: W,
    audit: N,
  },
  doctor: {
    practice: R,
    patients: W,
    chart: W,
    comms: W,
    insurance: R,
    contracts: N,
    ledger: N,
    schedule: W,
    audit: N,
  },
  assistant: {
    practice: R,
    patients: W,
    chart: W,
    comms: W,
    insurance: R,
    contracts: N,
    ledger: N,
    schedule: W,
    audit: N,
  },
  billing: {
    practice: R,
    patients: W,
    chart: R,
    comms: W,
    insurance: W,
    contracts: W,
    ledger: W,
    schedule: R,
    audit: N,
  },
  'read-only': {
    practice: R,
    patients: R,
    chart: R,
    comms: R,
    insurance: R,
    contracts: R,
    ledger: R,
    schedule: R,
    audit: N,
  },
};

/** The location id a schedule document key (`<locationId>/<yyyy-mm-dd>`) belongs to, or null if malformed. */
export function locationOfSchedule(key: string): string | null {
  const parts = key.split('/');
  if (parts.length !== 2) return null;
  const [locationId, week] = parts;
  return locationId && week ? locationId : null;
}

export type AccessSubject = { role: StaffRole; locationIds: readonly string[] };
export type AccessContext = { deviceId?: string };

/**
 * What `who` may do with one document. The table first, then the two rules it cannot express:
 * a device always writes its own audit trail (every role, so everyone's views are recorded), and
 * a member limited to some locations sees no other location's schedule.
 */
export function docAccess(who: AccessSubject, address: DocAddress, context?: AccessContext): Access {
  const fromTable = DOC_ACCESS[who.role][address.kind];
  if (address.kind === 'audit') {
    const deviceId = context?.deviceId;
    if (deviceId !== undefined && address.key !== undefined && deviceId === address.key) return 'write';
    return fromTable;
  }
  if (address.kind === 'schedule') {
    // Fail closed: a schedule document that names no location belongs to nobody.
    const locationId = address.key === undefined ? null : locationOfSchedule(address.key);
    if (locationId === null) return 'none';
    if (who.locationIds.length > 0 && !who.locationIds.includes(locationId)) return 'none';
  }
  return fromTable;
}

export type Capability =
  | 'manage-practice'
  | 'manage-staff'
  | 'reset-passwords'
  | 'revoke-sessions'
  | 'view-audit'
  | 'change-contract-terms'
  | 'take-payments'
  | 'edit-patients'
  | 'schedule';

/** Roles that administer people and sessions. Kept apart from the doc table: staff records live in
 * the practice document, but resetting a password or ending a session is an account action. */
const ADMIN_ROLES: ReadonlySet<StaffRole> = new Set(['owner', 'manager']);

/** Capabilities that are exactly "may write this kind of document", so they cannot drift from the table. */
const CAPABILITY_WRITES: Partial<Record<Capability, DocKind>> = {
  'manage-practice': 'practice',
  'change-contract-terms': 'contracts',
  'take-payments': 'ledger',
  'edit-patients': 'patients',
  schedule: 'schedule',
};

export function can(role: StaffRole, capability: Capability): boolean {
  const kind = CAPABILITY_WRITES[capability];
  if (kind !== undefined) return DOC_ACCESS[role][kind] === 'write';
  if (capability === 'view-audit') return allows(DOC_ACCESS[role].audit, 'read');
  // manage-staff, reset-passwords, revoke-sessions
  return ADMIN_ROLES.has(role);
}

/**
 * Whether `actor` may create, change, reset or sign out a member with role `target` (for a role
 * change, check both the old and the new role). Owners manage everyone; managers manage everyone
 * but owners, so a manager cannot take over the practice by resetting an owner's password or
 * promoting themselves. Keeping at least one active owner is the caller's rule, not this one.
 */
export function canManage(actor: StaffRole, target: StaffRole): boolean {
  if (actor === 'owner') return true;
  if (actor === 'manager') return target !== 'owner';
  return false;
}

/** Role names as the subject of a sentence ("Doctors can …"). */
const ROLE_SUBJECT: Record<StaffRole, string> = {
  owner: 'Owners',
  manager: 'Practice managers',
  'treatment-coordinator': 'Treatment coordinators',
  'front-desk': STAFF_ROLE_LABELS['front-desk'],
  doctor: 'Doctors',
  assistant: 'Clinical assistants',
  billing: 'Billing staff',
  'read-only': 'Read-only accounts',
};

/** What each kind holds, in words, and what "change" means for it. */
const KIND_WORDS: Record<DocKind, { noun: string; change: string }> = {
  practice: { noun: 'practice settings', change: 'change them' },
  patients: { noun: 'patient details', change: 'change them' },
  chart: { noun: 'treatment charts', change: 'change them' },
  comms: { noun: 'the communication log', change: 'add to it' },
  insurance: { noun: 'insurance records', change: 'change them' },
  contracts: { noun: 'contracts', change: 'change their terms' },
  ledger: { noun: 'account ledgers', change: 'post payments or charges' },
  schedule: { noun: 'the schedule', change: 'book or move appointments' },
  audit: { noun: 'audit trails', change: 'change them' },
};

/**
 * A short sentence for the UI explaining why something is not offered, or null when the role's
 * table entry allows it. Role-level only: device and location rules are explained where they apply.
 */
export function deniedReason(role: StaffRole, kind: DocKind, wanted: 'read' | 'write'): string | null {
  const granted = DOC_ACCESS[role][kind];
  if (allows(granted, wanted)) return null;
  const who = ROLE_SUBJECT[role];
  const { noun, change } = KIND_WORDS[kind];
  if (kind === 'audit') {
    return wanted === 'write' && granted === 'read'
      ? 'Audit trails are written only by the device that records them; nobody can change them.'
      : 'Only owners and practice managers can view audit trails.';
  }
  if (granted === 'read') return `${who} can view ${noun} but not ${change}.`;
  return `${who} do not have access to ${noun}.`;
}
