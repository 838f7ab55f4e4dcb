/**
 * Typed record collections inside a Yjs document: the only code that knows how records
 * are laid out. A collection is a root Y.Map from record id to a Y.Map with one key per
 * field (field-level merging: concurrent edits of different fields both survive; unknown
 * fields written by newer versions are left alone because writes only touch the keys
 * they change).
 *
 * Reads are validated with the entity's zod schema. A record that fails (written by an
 * older or newer version, or a buggy device) is returned as "needs attention" with what is
 * wrong; it is never thrown on and never silently rewritten.
 *
 * Writes are named commands that run in one transaction with a typed origin and stamp
 * `updatedAt`/`updatedBy`.
 */
import * as Y from 'yjs';
import type { z } from 'zod';
import { err, ok, type Result } from '../core/result.ts';
import { newId, type IdKind } from '../core/ids.ts';
import type { DocKind } from './doc-names.ts';
import { compatibility, stampSchemaVersion } from './doc-meta.ts';
import { appendOnlyLayout, isAppendOnly } from './append-only.ts';
import type { LocalOrigin, MigrationOrigin } from './origins.ts';

export type CollectionSpec<F extends z.ZodObject = z.ZodObject, R extends z.ZodType = z.ZodType> = {
  /** Root map name inside the document. Never renamed: top-level types cannot be deleted. */
  readonly name: string;
  readonly docKind: DocKind;
  readonly idKind: IdKind;
  /** Fields a person edits (forms, commands). */
  readonly fields: F;
  /** The stored record: fields + id + stamps, passing unknown keys through. */
  readonly record: R;
};

export type FieldIssue = { path: string; message: string };

/** A stored record that did not validate: shown to people, never auto-fixed. */
export type NeedsAttention = {
  id: string;
  raw: Record<string, unknown>;
  issues: FieldIssue[];
};

export type RecordRead<T> =
  { status: 'ok'; record: T } | ({ status: 'needs-attention' } & NeedsAttention) | { status: 'missing' };

export type WriteError =
  | { kind: 'invalid'; issues: FieldIssue[] }
  | { kind: 'not-found'; id: string }
  | { kind: 'append-only'; id: string }
  | { kind: 'read-only'; reason: 'too-new' | 'needs-migration' }
  /** The signed-in person's role may not change this kind of document (identity/permissions.ts). */
  | { kind: 'denied'; reason: string };

export type WriteContext = {
  origin: LocalOrigin | MigrationOrigin;
  /** The current instant as an ISO UTC string; injected so tests control time. */
  now: () => string;
};

type FieldsOf<S extends CollectionSpec> = z.output<S['fields']>;
type InputOf<S extends CollectionSpec> = z.input<S['fields']>;
type RecordOf<S extends CollectionSpec> = z.output<S['record']>;

/** A patch: fields to set; a field given as `undefined` is cleared. */
export type Patch<S extends CollectionSpec> = { [K in keyof InputOf<S>]?: InputOf<S>[K] | undefined };

export function collectionMap(doc: Y.Doc, spec: CollectionSpec): Y.Map<unknown> {
  return doc.getMap<unknown>(spec.name);
}

export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

function readEntry<S extends CollectionSpec>(spec: S, id: string, value: unknown): RecordRead<RecordOf<S>> {
  if (isPlainEntry(value)) {
    // An append-only entry (see appendRecord): one JSON value, validated the same way.
    const parsed = spec.record.safeParse(value);
    if (parsed.success) return { status: 'ok', record: parsed.data as RecordOf<S> };
    return { status: 'needs-attention', id, raw: value, issues: toFieldIssues(parsed.error) };
  }
  if (!(value instanceof Y.Map)) {
    return {
      status: 'needs-attention',
      id,
      raw: { value: value instanceof Y.AbstractType ? value.toJSON() : value },
      issues: [{ path: '', message: 'Stored value is not a record' }],
    };
  }
  const raw = value.toJSON() as Record<string, unknown>;
  const parsed = spec.record.safeParse(raw);
  if (parsed.success) return { status: 'ok', record: parsed.data as RecordOf<S> };
  return { status: 'needs-attention', id, raw, issues: toFieldIssues(parsed.error) };
}

export function readRecord<S extends CollectionSpec>(
  doc: Y.Doc,
  spec: S,
  id: string,
): RecordRead<RecordOf<S>> {
  const map = collectionMap(doc, spec);
  if (!map.has(id)) return { status: 'missing' };
  return readEntry(spec, id, map.get(id));
}

export type CollectionRead<T> = { records: T[]; needsAttention: NeedsAttention[] };

export function readAll<S extends CollectionSpec>(doc: Y.Doc, spec: S): CollectionRead<RecordOf<S>> {
  const records: RecordOf<S>[] = [];
  const needsAttention: NeedsAttention[] = [];
  collectionMap(doc, spec).forEach((value, id) => {
    const read = readEntry(spec, id, value);
    if (read.status === 'ok') records.push(read.record);
    else if (read.status === 'needs-attention') {
      needsAttention.push({ id: read.id, raw: read.raw, issues: read.issues });
    }
  });
  return { records, needsAttention };
}

/** Reads the records with the given ids (used to refresh only what changed). */
export function readSome<S extends CollectionSpec>(
  doc: Y.Doc,
  spec: S,
  ids: Iterable<string>,
): Map<string, RecordRead<RecordOf<S>>> {
  const out = new Map<string, RecordRead<RecordOf<S>>>();
  for (const id of ids) out.set(id, readRecord(doc, spec, id));
  return out;
}

/**
 * Calls `onChange` with the ids of records that were added, removed or edited, once per
 * transaction, for any origin. Returns the function that stops observing.
 */
export function observeCollection(
  doc: Y.Doc,
  spec: CollectionSpec,
  onChange: (ids: Set<string>, origin: unknown) => void,
): () => void {
  const map = collectionMap(doc, spec);
  const handler = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
    const ids = new Set<string>();
    for (const event of events) {
      if (event.target === map) {
        for (const key of event.changes.keys.keys()) ids.add(key);
      } else {
        const first = event.path[0];
        if (typeof first === 'string') ids.add(first);
      }
    }
    if (ids.size > 0) onChange(ids, transaction.origin);
  };
  map.observeDeep(handler);
  return () => map.unobserveDeep(handler);
}

/** Who a write is by, for a record's own `by` fields: the signed-in person, or the migration. */
export function actorOf(ctx: WriteContext): string {
  return ctx.origin.kind === 'local' ? ctx.origin.actor : 'system:migration';
}

/** A command's refusal of one field, with the message for the person. */
export function invalidField<T>(path: string, message: string): Result<T, WriteError> {
  return err({ kind: 'invalid', issues: [{ path, message }] });
}

function checkWritable(doc: Y.Doc, spec: CollectionSpec): WriteError | null {
  const state = compatibility(doc, spec.docKind);
  if (state === 'writable') return null;
  return { kind: 'read-only', reason: state };
}

function isPlainEntry(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Y.AbstractType)
  );
}

/**
 * Appends an entry that is never edited (a communication, a status event): stored as one
 * plain JSON value rather than a Y.Map, which is ~3x cheaper to load and makes edits
 * impossible by construction (updateRecord refuses it). Corrections are new entries.
 */
export function appendRecord<S extends CollectionSpec>(
  doc: Y.Doc,
  spec: S,
  ctx: WriteContext,
  input: InputOf<S>,
): Result<RecordOf<S>, WriteError> {
  // A programming error, not a user's: the relay would refuse nothing for an unlisted collection.
  if (appendOnlyLayout(spec.docKind, spec.name) !== 'keyed')
    throw new Error(
      `${spec.docKind}/${spec.name} is not an append-only collection (documents/append-only.ts)`,
    );
  const blocked = checkWritable(doc, spec);
  if (blocked) return err(blocked);
  const parsed = spec.fields.safeParse(input);
  if (!parsed.success) return err({ kind: 'invalid', issues: toFieldIssues(parsed.error) });
  const id = newId(spec.idKind);
  const now = ctx.now();
  const actor = actorOf(ctx);
  const value = JSON.parse(
    JSON.stringify({
      ...parsed.data,
      id,
      createdAt: now,
      createdBy: actor,
      updatedAt: now,
      updatedBy: actor,
    }),
  ) as Record<string, unknown>;
  doc.transact(() => {
    stampSchemaVersion(doc, spec.docKind);
    collectionMap(doc, spec).set(id, value);
  }, ctx.origin);
  const read = readRecord(doc, spec, id);
  if (read.status !== 'ok') throw new Error(`Appended ${spec.name} entry failed its own schema`);
  return ok(read.record);
}

/** Creates a record from a person's input. Returns the stored record or what is wrong, field by field. */
export function createRecord<S extends CollectionSpec>(
  doc: Y.Doc,
  spec: S,
  ctx: WriteContext,
  input: InputOf<S>,
  options: { id?: string } = {},
): Result<RecordOf<S>, WriteError> {
  const blocked = checkWritable(doc, spec);
  if (blocked) return err(blocked);
  const parsed = spec.fields.safeParse(input);
  if (!parsed.success) return err({ kind: 'invalid', issues: toFieldIssues(parsed.error) });
  const id = options.id ?? newId(spec.idKind);
  const now = ctx.now();
  const values: Record<string, unknown> = {
    ...(parsed.data as Record<string, unknown>),
    id,
    createdAt: now,
    createdBy: ctx.origin.kind === 'local' ? ctx.origin.actor : 'system:migration',
    updatedAt: now,
    updatedBy: ctx.origin.kind === 'local' ? ctx.origin.actor : 'system:migration',
  };
  doc.transact(() => {
    stampSchemaVersion(doc, spec.docKind);
    const record = new Y.Map<unknown>();
    for (const [key, value] of Object.entries(values)) {
      if (value !== undefined) record.set(key, value);
    }
    collectionMap(doc, spec).set(id, record);
  }, ctx.origin);
  const read = readRecord(doc, spec, id);
  if (read.status !== 'ok') throw new Error(`Created ${spec.name} record failed its own schema`);
  return ok(read.record);
}

/**
 * Applies a patch to one record: only the keys in the patch are touched, and only those
 * whose value differs. Forms must pass the fields the person changed (see `changedFields`),
 * not the whole form, or a stale form would undo someone else's concurrent edit.
 */
export function updateRecord<S extends CollectionSpec>(
  doc: Y.Doc,
  spec: S,
  ctx: WriteContext,
  id: string,
  patch: Patch<S>,
): Result<RecordOf<S> | null, WriteError> {
  const blocked = checkWritable(doc, spec);
  if (blocked) return err(blocked);
  const record = collectionMap(doc, spec).get(id);
  if (isPlainEntry(record) || isAppendOnly(spec.docKind, spec.name)) return err({ kind: 'append-only', id });
  if (!(record instanceof Y.Map)) return err({ kind: 'not-found', id });

  const shape = spec.fields.shape as Record<string, z.ZodType>;
  const issues: FieldIssue[] = [];
  const toSet: Record<string, unknown> = {};
  const toClear: string[] = [];
  for (const [key, value] of Object.entries(patch)) {
    const field = shape[key];
    if (!field) {
      issues.push({ path: key, message: 'Not a field of this record' });
    } else if (value === undefined) {
      if (field.safeParse(undefined).success) toClear.push(key);
      else issues.push({ path: key, message: 'Required' });
    } else {
      const parsed = field.safeParse(value);
      if (parsed.success) toSet[key] = parsed.data;
      else
        issues.push(
          ...toFieldIssues(parsed.error).map((i) => ({ ...i, path: i.path ? `${key}.${i.path}` : key })),
        );
    }
  }
  if (issues.length > 0) return err({ kind: 'invalid', issues });

  doc.transact(() => {
    let changed = false;
    for (const [key, value] of Object.entries(toSet)) {
      if (!jsonEqual(record.get(key), value)) {
        record.set(key, value);
        changed = true;
      }
    }
    for (const key of toClear) {
      if (record.has(key)) {
        record.delete(key);
        changed = true;
      }
    }
    if (changed) {
      stampSchemaVersion(doc, spec.docKind);
      record.set('updatedAt', ctx.now());
      record.set('updatedBy', ctx.origin.kind === 'local' ? ctx.origin.actor : 'system:migration');
    }
  }, ctx.origin);
  const read = readRecord(doc, spec, id);
  return ok(read.status === 'ok' ? read.record : null);
}

/** Removes a record. Used only for records that are safe to remove (links); people are archived instead. */
export function deleteRecord(
  doc: Y.Doc,
  spec: CollectionSpec,
  ctx: WriteContext,
  id: string,
): Result<true, WriteError> {
  const blocked = checkWritable(doc, spec);
  if (blocked) return err(blocked);
  const map = collectionMap(doc, spec);
  if (!map.has(id)) return err({ kind: 'not-found', id });
  if (isPlainEntry(map.get(id)) || isAppendOnly(spec.docKind, spec.name))
    return err({ kind: 'append-only', id });
  doc.transact(() => {
    stampSchemaVersion(doc, spec.docKind);
    map.delete(id);
  }, ctx.origin);
  return ok(true);
}

/**
 * The fields whose value differs between what a form loaded and what it submits:
 * the patch to send. A field emptied by the person comes back as `undefined` (clear it).
 */
export function changedFields<T extends Record<string, unknown>>(before: T, after: T): Partial<T> {
  const patch: Partial<T> = {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (!jsonEqual(before[key], after[key])) (patch as Record<string, unknown>)[key] = after[key];
  }
  return patch;
}

/** Structural equality for JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const aKeys = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bKeys = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return aKeys.length === bKeys.length && aKeys.every((k) => jsonEqual(ao[k], bo[k]));
}

export type { FieldsOf, InputOf, RecordOf };
