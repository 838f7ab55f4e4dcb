/**
 * The audit trail: who viewed and changed which record, when, on which device (HIPAA
 * 164.312(b) audit controls). Views happen offline on the device, so each device records its
 * own trail (one `audit` document per device) and syncs it later.
 *
 * Entries are hash-chained (164.312(c) integrity): each carries the SHA-256 of its own
 * canonical form, which includes the previous entry's hash. Changing, removing, reordering or
 * inserting an entry breaks the chain from that point on, so a review can tell exactly where a
 * trail stops being trustworthy. A chain alone cannot detect a rewrite of the whole tail by
 * someone who recomputes every hash; the relay's record of the last head it acknowledged is what
 * anchors it.
 *
 * The trail holds ids and field names only, never values: it is read by people (a privacy
 * officer, an auditor) who must not see more PHI than the trail needs.
 */
import { z } from 'zod';
import { digest } from 'lib0/hash/sha256';
import { encodeUtf8 } from 'lib0/string';
import { ActorId, Id, IsoDateTime } from '../core/common.schema.ts';

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, { error: 'Not a SHA-256 hex digest' });

/** The `prevHash` of the first entry of every trail. */
export const GENESIS_HASH = '0'.repeat(64);

export const AuditAction = z.enum(['view', 'create', 'update', 'delete', 'print', 'export']);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEntity = z.enum([
  'patient',
  'family',
  'responsible-party',
  'link',
  'practice',
  'location',
  'staff',
  'audit-trail',
  'case',
  'treatment-option',
  'signature',
  'communication',
  'task',
  'referrer',
  'template',
  'carrier',
  'policy',
  'verification',
  'preauth',
  'claim',
  'contract',
  'ledger-entry',
  'appointment',
  'chair',
  'appointment-type',
  'lab-order',
  'medical-alert',
]);
export type AuditEntity = z.infer<typeof AuditEntity>;

/**
 * A field name or dotted path (`address.line1`). Restricted to identifier characters so a value
 * cannot be smuggled into the trail in place of a name.
 */
const FieldName = z.string().regex(/^[A-Za-z][A-Za-z0-9_.]{0,63}$/, { error: 'Not a field name' });

/**
 * One entry. Strict: a key this version does not know is rejected rather than carried, because
 * an unknown key is exactly where PHI could slip in; a later version that adds keys must say so
 * explicitly (for instance with a new schema and a version entry).
 */
export const AuditEntry = z.strictObject({
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  at: IsoDateTime,
  /** The staff member signed in when it happened. */
  actor: ActorId,
  deviceId: Id,
  action: AuditAction,
  entity: AuditEntity,
  entityId: Id,
  /** The patient the entity belongs to, so "everything that touched this patient" is one filter. */
  patientId: Id.optional(),
  /** Names of changed fields, never their values. */
  fields: z.array(FieldName).max(200).optional(),
  prevHash: Sha256Hex,
  hash: Sha256Hex,
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export type AuditEntryData = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>;

/**
 * Deterministic JSON: object keys sorted (by UTF-16 code units, as RFC 8785 does), no
 * whitespace, arrays in order, undefined properties omitted. Two devices must produce the same
 * bytes for the same entry or hashes would not match. Values JSON cannot represent exactly
 * (NaN, Infinity, bigint, functions, cycles) throw: hashing them is a bug, not data.
 */
export function canonicalJson(value: unknown): string {
  return canonical(value, new Set());
}

function canonical(value: unknown, seen: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: cannot represent ${value}`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new TypeError(`canonicalJson: cannot represent a ${typeof value}`);
  }
  const withJson = value as { toJSON?: unknown };
  if (typeof withJson.toJSON === 'function') {
    return canonical((withJson.toJSON as () => unknown).call(value), seen);
  }
  if (seen.has(value)) throw new TypeError('canonicalJson: cyclic value');
  seen.add(value);
  let out: string;
  if (Array.isArray(value)) {
    // As JSON.stringify does: an undefined array element becomes null, keeping positions.
    out = `[${value.map((item: unknown) => (item === undefined ? 'null' : canonical(item, seen))).join(',')}]`;
  } else {
    const record = value as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const item = record[key];
      if (item === undefined) continue;
      parts.push(`${JSON.stringify(key)}:${canonical(item, seen)}`);
    }
    out = `{${parts.join(',')}}`;
  }
  seen.delete(value);
  return out;
}

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** Hex SHA-256 of the entry's canonical JSON without `hash` (`prevHash` included, which makes the chain). */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  // A whole entry is assignable to this type; its own hash must never feed into itself.
  const { hash: _hash, ...rest } = entry as Omit<AuditEntry, 'hash'> & { hash?: unknown };
  return toHex(digest(encodeUtf8(canonicalJson(rest))));
}

/**
 * The next entry after `previous` (null for a device's first). Throws if `data` is not a valid
 * entry: recording an invalid entry would poison the trail for every later verification.
 */
export function appendEntry(previous: AuditEntry | null, data: AuditEntryData): AuditEntry {
  const unhashed = {
    ...data,
    seq: previous === null ? 1 : previous.seq + 1,
    prevHash: previous === null ? GENESIS_HASH : previous.hash,
  };
  return AuditEntry.parse({ ...unhashed, hash: entryHash(unhashed) });
}

export type ChainProblem = 'invalid-entry' | 'bad-hash' | 'broken-link' | 'bad-sequence';
export type ChainVerdict = { ok: true; count: number } | { ok: false; index: number; reason: ChainProblem };

/**
 * Checks a whole trail from its first entry: each entry valid, its hash matching its contents,
 * linked to the one before (the first to the genesis hash), and numbered 1, 2, 3, …
 * Reports the first entry that fails; everything before it is intact.
 */
export function verifyChain(entries: readonly unknown[]): ChainVerdict {
  let previous: AuditEntry | null = null;
  for (const [index, raw] of entries.entries()) {
    const parsed = AuditEntry.safeParse(raw);
    if (!parsed.success) return { ok: false, index, reason: 'invalid-entry' };
    const entry = parsed.data;
    if (entryHash(entry) !== entry.hash) return { ok: false, index, reason: 'bad-hash' };
    if (entry.prevHash !== (previous === null ? GENESIS_HASH : previous.hash)) {
      return { ok: false, index, reason: 'broken-link' };
    }
    if (entry.seq !== (previous === null ? 1 : previous.seq + 1)) {
      return { ok: false, index, reason: 'bad-sequence' };
    }
    previous = entry;
  }
  return { ok: true, count: entries.length };
}

export type AuditNames = { staff?: (id: string) => string; patient?: (id: string) => string };

const CSV_HEADER = [
  'when',
  'who',
  'device',
  'action',
  'entity',
  'entity id',
  'patient',
  'fields',
  'seq',
  'hash',
];

/**
 * One CSV cell. A cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return, which
 * some spreadsheets skip before those) is run as a formula when the file is opened, so a staff
 * or patient name like `=HYPERLINK(...)` could exfiltrate data: prefix a quote to make it text
 * (OWASP "CSV injection"). Then quote per RFC 4180.
 */
export function csvCell(value: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/**
 * The trail as RFC 4180 CSV (CRLF line ends, header row) for a privacy officer or an auditor.
 * `names` turns ids into names for people; without it the ids themselves are shown.
 */
export function auditCsv(entries: readonly AuditEntry[], names?: AuditNames): string {
  const rows = entries.map((entry) => [
    entry.at,
    names?.staff ? names.staff(entry.actor) : entry.actor,
    entry.deviceId,
    entry.action,
    entry.entity,
    entry.entityId,
    entry.patientId === undefined ? '' : names?.patient ? names.patient(entry.patientId) : entry.patientId,
    (entry.fields ?? []).join('; '),
    String(entry.seq),
    entry.hash,
  ]);
  return [CSV_HEADER, ...rows].map((row) => row.map(csvCell).join(',') + '\r\n').join('');
}
