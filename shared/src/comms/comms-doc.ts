/**
 * A patient's comms document: the communication log (append-only) and follow-up tasks.
 * Most roles write it: whoever talks to the family logs it.
 */
import type * as Y from 'yjs';
import { type z } from 'zod';
import { err, type Result } from '../core/result.ts';
import { CommEntry, CommEntryFields, Task, TaskFields } from './comms.schema.ts';
import {
  appendRecord,
  createRecord,
  readAll,
  readRecord,
  toFieldIssues,
  updateRecord,
  type CollectionSpec,
  type NeedsAttention,
  type Patch,
  type WriteContext,
  type WriteError,
} from '../documents/collection.ts';

export const COMM_ENTRIES = {
  name: 'entries',
  docKind: 'comms',
  idKind: 'comm',
  fields: CommEntryFields,
  record: CommEntry,
} as const satisfies CollectionSpec;

export const TASKS = {
  name: 'tasks',
  docKind: 'comms',
  idKind: 'task',
  fields: TaskFields,
  record: Task,
} as const satisfies CollectionSpec;

export const COMMS_DOC_COLLECTIONS = [COMM_ENTRIES, TASKS] as const;

export type CommsData = {
  /** Newest first. */
  entries: CommEntry[];
  /** By due date. */
  tasks: Task[];
  needsAttention: NeedsAttention[];
};

export function readComms(doc: Y.Doc): CommsData {
  const entries = readAll(doc, COMM_ENTRIES);
  const tasks = readAll(doc, TASKS);
  return {
    entries: entries.records.sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id)),
    tasks: tasks.records.sort((a, b) => a.due.localeCompare(b.due) || a.id.localeCompare(b.id)),
    needsAttention: [...entries.needsAttention, ...tasks.needsAttention],
  };
}

export type CommInput = z.input<typeof CommEntryFields>;
export type TaskInput = Omit<z.input<typeof TaskFields>, 'status' | 'doneAt' | 'doneBy'>;

/** Logs a call, text, email, letter, portal message or talk. Never edited afterwards. */
export const logCommunication = (doc: Y.Doc, ctx: WriteContext, input: CommInput) =>
  appendRecord(doc, COMM_ENTRIES, ctx, input);

export const addTask = (doc: Y.Doc, ctx: WriteContext, input: TaskInput) =>
  createRecord(doc, TASKS, ctx, { ...input, status: 'open' });

export const rescheduleTask = (
  doc: Y.Doc,
  ctx: WriteContext,
  id: string,
  patch: Pick<Patch<typeof TASKS>, 'due' | 'ownerId' | 'note'>,
) => updateRecord(doc, TASKS, ctx, id, patch);

/**
 * Completes a task and, in the same transaction, logs what happened and creates the next
 * task (the caller works out the next date from the practice's cadence: pipeline/follow-up.ts).
 * One undo step; another device never sees a completed follow-up without its successor.
 */
export function completeTask(
  doc: Y.Doc,
  ctx: WriteContext,
  id: string,
  options: { log?: CommInput; next?: TaskInput; cancel?: boolean } = {},
): Result<{ task: Task; next: Task | null; entry: CommEntry | null }, WriteError> {
  const current = readRecord(doc, TASKS, id);
  if (current.status === 'missing') return err({ kind: 'not-found', id });
  if (current.status === 'needs-attention') {
    return err({ kind: 'invalid', issues: [{ path: '', message: 'This task needs attention first' }] });
  }
  if (current.record.status !== 'open') {
    return err({ kind: 'invalid', issues: [{ path: 'status', message: 'This task is already closed' }] });
  }
  // Everything is checked before anything is written, so a bad part never leaves half a completion.
  const logCheck = options.log ? CommEntryFields.safeParse(options.log) : null;
  if (logCheck && !logCheck.success) return err({ kind: 'invalid', issues: toFieldIssues(logCheck.error) });
  const nextCheck = options.next ? TaskFields.safeParse({ ...options.next, status: 'open' }) : null;
  if (nextCheck && !nextCheck.success)
    return err({ kind: 'invalid', issues: toFieldIssues(nextCheck.error) });
  let result: Result<{ task: Task; next: Task | null; entry: CommEntry | null }, WriteError> | undefined;
  doc.transact(() => {
    const now = ctx.now();
    const actor = ctx.origin.kind === 'local' ? ctx.origin.actor : 'system:migration';
    let entry: CommEntry | null = null;
    if (options.log) {
      const logged = logCommunication(doc, ctx, options.log);
      if (!logged.ok) return void (result = logged);
      entry = logged.value;
    }
    const done = updateRecord(doc, TASKS, ctx, id, {
      status: options.cancel ? 'cancelled' : 'done',
      doneAt: now,
      doneBy: actor,
    });
    if (!done.ok) return void (result = done);
    let next: Task | null = null;
    if (options.next) {
      const created = addTask(doc, ctx, options.next);
      if (!created.ok) return void (result = created);
      next = created.value;
    }
    result = { ok: true, value: { task: done.value!, next, entry } };
  }, ctx.origin);
  return result!;
}
