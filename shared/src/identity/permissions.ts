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
import { isAppendOnly } from '../documents/append-only.ts';
import { ENTRY_RULES, type EntryRuleName, type RelatedRecord } from './entry-rules.ts';

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
 * - audit: nobody writes another device's trail, not even the owner: a trail is added to only by
 *   the device that records it (granted in docPermission, not here; the device id is bound to the
 *   session by the relay), so a person cannot rewrite what was recorded about them. Owner and
 *   manager review trails; nobody else reads one, not even their own device's.
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
 * What `who` may do with one document, as a whole: the table first, then location limits (a
 * member limited to some locations sees no other location's schedule). Audit trails follow the
 * table's `audit` column whatever device is asking (PERM-2): a device writes its own trail through
 * `docPermission`, but reading it back is for owners and managers only.
 * The context is accepted for callers that pass it; access never depends on the device.
 */
export function docAccess(who: AccessSubject, address: DocAddress, _context?: AccessContext): Access {
  const fromTable = DOC_ACCESS[who.role][address.kind];
  if (address.kind === 'schedule') {
    // Fail closed: a schedule document that names no location belongs to nobody.
    const locationId = address.key === undefined ? null : locationOfSchedule(address.key);
    if (locationId === null) return 'none';
    if (who.locationIds.length > 0 && !who.locationIds.includes(locationId)) return 'none';
  }
  return fromTable;
}

/**
 * A condition on an entry a role may add: each named field must be present and hold one of the
 * listed values (an empty condition admits any entry).
 */
export type EntryCondition = Readonly<Record<string, readonly string[]>>;

/**
 * What a grant admits into one collection: entries whose own fields meet `fields`, and, when it
 * names a `rule`, that the rule admits given the record the entry names in the same document
 * (PERM-10, identity/entry-rules.ts), e.g. a case event and its case's status.
 */
export type AddGrant = { readonly fields: EntryCondition; readonly rule?: EntryRuleName };

/**
 * Permissions finer than one per document (PERM-6), where one document mixes work of two roles:
 * collections a role may **add new entries** to inside a document it otherwise only reads. Nothing
 * existing is changed or removed through a grant; the relay checks each update's new entries
 * against the grant (sync-server/src/update-guard.ts) and the app asks `collectionRight`/`mayAdd`.
 *
 * | role       | document | collection | may add                                                         |
 * |------------|----------|------------|-----------------------------------------------------------------|
 * | front-desk | chart    | cases      | a new case at status `inquiry`                                  |
 * | front-desk | chart    | caseEvents | the opening event of an inquiry it opens, and visit notes at    |
 * |            |          |            | the case's current status (rule `case-opening-or-visit-note`)   |
 * | front-desk | ledger   | entries    | a patient payment by cash, check or card (reference)            |
 *
 * Why: front desks answer most new-patient calls, book and check in visits (noted in the case's
 * history, BOOK-105) and take most payments at the counter, but case status moves, treatment
 * options, fees, contract terms, adjustments and reversals stay with the coordinator and billing
 * (contracts stay read-only for front desk; a reversal or adjustment is a different `kind`).
 */
export const ADD_GRANTS: Partial<
  Record<StaffRole, Partial<Record<DocKind, Readonly<Record<string, AddGrant>>>>>
> = {
  'front-desk': {
    chart: {
      cases: { fields: { status: ['inquiry'] } },
      caseEvents: { fields: {}, rule: 'case-opening-or-visit-note' },
    },
    ledger: {
      entries: { fields: { kind: ['payment'], payer: ['patient'], method: ['cash', 'check', 'card'] } },
    },
  },
};

/**
 * What a connection may write in one document: everything (append-only collections still only
 * grow), nothing, or only new entries of some collections (`add`, collection name → grant).
 */
export type WriteScope = 'all' | 'none' | { readonly add: Readonly<Record<string, AddGrant>> };
export type DocPermission = { read: boolean; write: WriteScope };

/**
 * The relay's question for every frame: may `who` read this document, and what may it write?
 * `docAccess` for the whole document, then the finer grants, then the device's own audit trail,
 * which every session may add to, and only the session bound to that device (PERM-2).
 */
export function docPermission(
  who: AccessSubject,
  address: DocAddress,
  context?: AccessContext,
): DocPermission {
  const access = docAccess(who, address);
  if (address.kind === 'audit') {
    const own = context?.deviceId !== undefined && address.key === context.deviceId;
    return { read: allows(access, 'read'), write: own ? { add: { entries: { fields: {} } } } : 'none' };
  }
  if (access === 'write') return { read: true, write: 'all' };
  if (access === 'none') return { read: false, write: 'none' };
  const grants = ADD_GRANTS[who.role]?.[address.kind];
  return { read: true, write: grants ? { add: grants } : 'none' };
}

/** A document-level access as a permission (principals that only know read/write/none). */
export function permissionOf(access: Access): DocPermission {
  return { read: access !== 'none', write: access === 'write' ? 'all' : 'none' };
}

export type CollectionRight =
  | { right: 'none' }
  /**
   * New entries only; when `condition` is given, only entries that meet it, and when `rule` is,
   * only entries the rule admits given the record they name (PERM-10).
   */
  | { right: 'add'; condition?: EntryCondition; rule?: EntryRuleName }
  /** Create, change and remove records. */
  | { right: 'edit' };

/**
 * What `role` may do to one collection of a kind of document (role level: location and device
 * rules are separate). Append-only collections are never better than `add`, for anyone.
 */
export function collectionRight(role: StaffRole, kind: DocKind, collection: string): CollectionRight {
  if (kind === 'audit') return { right: 'none' };
  if (DOC_ACCESS[role][kind] === 'write')
    return isAppendOnly(kind, collection) ? { right: 'add' } : { right: 'edit' };
  const grants = ADD_GRANTS[role]?.[kind];
  const grant = grants && Object.hasOwn(grants, collection) ? grants[collection] : undefined;
  if (!grant) return { right: 'none' };
  return { right: 'add', condition: grant.fields, ...(grant.rule ? { rule: grant.rule } : {}) };
}

/** Whether an entry's fields meet a condition (each named field holds one of its values). */
export function meetsCondition(condition: EntryCondition, entry: Readonly<Record<string, unknown>>): boolean {
  return Object.entries(condition).every(([field, values]) => {
    const value = entry[field];
    return typeof value === 'string' && values.includes(value);
  });
}

/**
 * "May this role add this entry to this collection?", e.g. front desk posting a cash payment. Where
 * the grant names a rule (PERM-10), `related` is the record the entry names as the caller's copy
 * holds it after the write (null: no such record); without it a rule admits nothing.
 */
export function mayAdd(
  role: StaffRole,
  kind: DocKind,
  collection: string,
  entry: Readonly<Record<string, unknown>>,
  related?: RelatedRecord | null,
): boolean {
  const granted = collectionRight(role, kind, collection);
  if (granted.right === 'edit') return true;
  if (granted.right !== 'add') return false;
  if (granted.condition !== undefined && !meetsCondition(granted.condition, entry)) return false;
  if (granted.rule === undefined) return true;
  return related !== undefined && ENTRY_RULES[granted.rule].admits(entry, related);
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
  | 'schedule'
  | 'view-money-reports';

/** Roles that administer people and sessions. Kept apart from the doc table: staff records live in
 * the practice document, but resetting a password or ending a session is an account action. */
const ADMIN_ROLES: ReadonlySet<StaffRole> = new Set(['owner', 'manager']);

/** Capabilities that are exactly "may write this kind of document", so they cannot drift from the table. */
const CAPABILITY_WRITES: Partial<Record<Capability, DocKind>> = {
  'manage-practice': 'practice',
  'change-contract-terms': 'contracts',
  'edit-patients': 'patients',
  schedule: 'schedule',
};

export function can(role: StaffRole, capability: Capability): boolean {
  const kind = CAPABILITY_WRITES[capability];
  if (kind !== undefined) return DOC_ACCESS[role][kind] === 'write';
  if (capability === 'view-audit') return allows(DOC_ACCESS[role].audit, 'read');
  // A payment at the counter: whole-ledger writers, and roles granted patient payments (PERM-6).
  if (capability === 'take-payments')
    return mayAdd(role, 'ledger', 'entries', { kind: 'payment', payer: 'patient', method: 'cash' });
  // KPI-30: the practice's money figures are for those who run its contracts and ledger; the front
  // desk reads an account to take a payment at the counter, not the practice's production.
  if (capability === 'view-money-reports')
    return DOC_ACCESS[role].contracts === 'write' && DOC_ACCESS[role].ledger === 'write';
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
