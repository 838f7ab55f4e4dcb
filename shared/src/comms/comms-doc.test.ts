import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  collectionMap,
  deleteRecord,
  readRecord,
  updateRecord,
  type WriteContext,
} from '../documents/collection.ts';
import {
  COMM_ENTRIES,
  COMMS_DOC_COLLECTIONS,
  TASKS,
  addTask,
  completeTask,
  logCommunication,
  readComms,
  rescheduleTask,
  type CommInput,
  type TaskInput,
} from './comms-doc.ts';
import { createUndoHistory } from '../documents/undo.ts';
import { REMOTE } from '../documents/origins.ts';
import type { Task } from './comms.schema.ts';
import { syncBoth, userContext } from '../test-support/fixtures.ts';

const PATIENT_ID = 'pat_sofia0000000000';
const CASE_ID = 'cas_sofia0000000000';
const ALICE = 'stf_alice0000000000';
const BOB = 'stf_bob000000000000';

function at(ctx: WriteContext, iso: string): WriteContext {
  return { ...ctx, now: () => iso };
}

function call(overrides: Partial<CommInput> = {}): CommInput {
  return {
    patientId: PATIENT_ID,
    caseId: CASE_ID,
    channel: 'call',
    direction: 'outbound',
    outcome: 'left-message',
    summary: 'Left a voicemail about the aligner option',
    at: '2026-11-25T16:00:00.000Z',
    by: ALICE,
    ...overrides,
  };
}

function followUp(overrides: Partial<TaskInput> = {}): TaskInput {
  return {
    patientId: PATIENT_ID,
    caseId: CASE_ID,
    kind: 'follow-up',
    due: '2026-11-27',
    ownerId: ALICE,
    step: 0,
    ...overrides,
  };
}

function mustAddTask(doc: Y.Doc, ctx: WriteContext, overrides: Partial<TaskInput> = {}): Task {
  const added = addTask(doc, ctx, followUp(overrides));
  if (!added.ok) throw new Error(JSON.stringify(added.error));
  return added.value;
}

function taskOf(doc: Y.Doc, id: string): Task {
  const read = readRecord(doc, TASKS, id);
  if (read.status !== 'ok') throw new Error(`task ${id} is ${read.status}`);
  return read.record;
}

describe('COMM-1: the communication log', () => {
  it('SYNC-12: logs an entry as one plain value with who logged it', () => {
    const doc = new Y.Doc();
    const ctx = at(userContext(ALICE), '2026-11-25T16:01:00.000Z');
    const logged = logCommunication(doc, ctx, call());
    if (!logged.ok) throw new Error(JSON.stringify(logged.error));

    expect(logged.value).toMatchObject({
      patientId: PATIENT_ID,
      channel: 'call',
      outcome: 'left-message',
      createdBy: ALICE,
      createdAt: '2026-11-25T16:01:00.000Z',
    });
    expect(logged.value.id).toMatch(/^com_[0-9a-z]{16}$/);
    const stored = collectionMap(doc, COMM_ENTRIES).get(logged.value.id);
    expect(stored).not.toBeInstanceOf(Y.AbstractType);
    expect(stored).toMatchObject({ summary: 'Left a voicemail about the aligner option' });
  });

  it('APPEND-2: refuses to edit or delete a logged entry: it is append-only', () => {
    const doc = new Y.Doc();
    const ctx = userContext();
    const logged = logCommunication(doc, ctx, call());
    if (!logged.ok) throw new Error(JSON.stringify(logged.error));
    const before = Y.encodeStateVector(doc);
    const id = logged.value.id;

    expect(updateRecord(doc, COMM_ENTRIES, ctx, id, { summary: 'Rewritten' })).toEqual({
      ok: false,
      error: { kind: 'append-only', id },
    });
    expect(deleteRecord(doc, COMM_ENTRIES, ctx, id)).toEqual({
      ok: false,
      error: { kind: 'append-only', id },
    });
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('refuses an invalid entry, names each bad field, and writes nothing', () => {
    const doc = new Y.Doc();
    const result = logCommunication(
      doc,
      userContext(),
      call({ channel: 'fax' as never, at: 'yesterday', summary: 'x'.repeat(2001) }),
    );
    expect(result.ok).toBe(false);
    expect(
      !result.ok && result.error.kind === 'invalid' && result.error.issues.map((i) => i.path).sort(),
    ).toEqual(['at', 'channel', 'summary']);
    expect(collectionMap(doc, COMM_ENTRIES).size).toBe(0);
  });
});

describe('FUP-6: completing a task', () => {
  it('marks the task done, logs what happened and creates the next task, in one transaction (not undoable: APPEND-2)', () => {
    const doc = new Y.Doc();
    const ctx = at(userContext(ALICE), '2026-11-27T17:00:00.000Z');
    const task = mustAddTask(doc, ctx);
    const history = createUndoHistory(doc, COMMS_DOC_COLLECTIONS, ctx.origin as never);
    let updates = 0;
    doc.on('update', () => updates++);

    const result = completeTask(doc, ctx, task.id, {
      log: call({ outcome: 'reached', at: '2026-11-27T16:55:00.000Z' }),
      next: followUp({ due: '2026-11-30', step: 1 }),
    });

    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(updates).toBe(1);
    expect(result.value.task).toMatchObject({
      status: 'done',
      doneAt: '2026-11-27T17:00:00.000Z',
      doneBy: ALICE,
    });
    expect(result.value.entry).toMatchObject({ outcome: 'reached', at: '2026-11-27T16:55:00.000Z' });
    expect(result.value.next).toMatchObject({ status: 'open', due: '2026-11-30', step: 1 });
    const comms = readComms(doc);
    expect(comms.entries).toHaveLength(1);
    expect(comms.tasks.map((t) => [t.status, t.step])).toEqual([
      ['done', 0],
      ['open', 1],
    ]);

    // Undo would delete the logged call, which the relay refuses: the command is not undoable.
    expect(history.undo()).toBe(false);
    expect(taskOf(doc, task.id).status).toBe('done');
    expect(readComms(doc).entries).toHaveLength(1);
  });

  it('cancels a task instead of completing it when asked', () => {
    const doc = new Y.Doc();
    const ctx = userContext();
    const task = mustAddTask(doc, ctx);
    const result = completeTask(doc, ctx, task.id, { cancel: true });
    expect(result.ok && result.value).toMatchObject({
      task: { status: 'cancelled' },
      next: null,
      entry: null,
    });
  });

  it('refuses a bad next task before writing anything', () => {
    const doc = new Y.Doc();
    const ctx = userContext();
    const task = mustAddTask(doc, ctx);
    const before = Y.encodeStateVector(doc);

    const result = completeTask(doc, ctx, task.id, {
      log: call(),
      next: followUp({ due: '2026-02-30' }),
    });

    expect(!result.ok && result.error.kind === 'invalid' && result.error.issues.map((i) => i.path)).toEqual([
      'due',
    ]);
    expect(Y.encodeStateVector(doc)).toEqual(before);
    expect(taskOf(doc, task.id).status).toBe('open');
    expect(collectionMap(doc, COMM_ENTRIES).size).toBe(0);
  });

  it('refuses a bad log entry before writing anything', () => {
    const doc = new Y.Doc();
    const ctx = userContext();
    const task = mustAddTask(doc, ctx);
    const before = Y.encodeStateVector(doc);

    const result = completeTask(doc, ctx, task.id, {
      log: call({ by: '' }),
      next: followUp({ step: 1 }),
    });

    expect(!result.ok && result.error.kind === 'invalid' && result.error.issues.map((i) => i.path)).toEqual([
      'by',
    ]);
    expect(Y.encodeStateVector(doc)).toEqual(before);
    expect(readComms(doc).tasks).toHaveLength(1);
  });

  it('refuses to complete a task that is already closed', () => {
    const doc = new Y.Doc();
    const ctx = userContext();
    const task = mustAddTask(doc, ctx);
    expect(completeTask(doc, ctx, task.id).ok).toBe(true);
    const before = Y.encodeStateVector(doc);

    const again = completeTask(doc, ctx, task.id, { next: followUp({ step: 1 }) });

    expect(again).toEqual({
      ok: false,
      error: { kind: 'invalid', issues: [{ path: 'status', message: 'This task is already closed' }] },
    });
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('completing a task that does not exist returns not-found', () => {
    const result = completeTask(new Y.Doc(), userContext(), 'tsk_missing000000000');
    expect(result).toEqual({ ok: false, error: { kind: 'not-found', id: 'tsk_missing000000000' } });
  });
});

describe('COMM-4: tasks', () => {
  it('are created open', () => {
    const doc = new Y.Doc();
    expect(mustAddTask(doc, userContext()).status).toBe('open');
  });

  it('can be rescheduled to another day', () => {
    const doc = new Y.Doc();
    const ctx = userContext();
    const task = mustAddTask(doc, ctx);
    const moved = rescheduleTask(doc, ctx, task.id, { due: '2026-12-01', note: 'Back from vacation' });
    expect(moved.ok && moved.value).toMatchObject({ due: '2026-12-01', note: 'Back from vacation' });
  });
});

describe('COMM-2: two devices', () => {
  it('both keep the entries they logged offline after they sync', () => {
    const a = new Y.Doc();
    const task = mustAddTask(a, userContext(ALICE));
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a), REMOTE);

    const fromA = logCommunication(a, userContext(ALICE), call({ summary: 'Called mom' }));
    const fromB = logCommunication(
      b,
      userContext(BOB, 'dev_tablet000000000'),
      call({ channel: 'text', outcome: 'sent', by: BOB, summary: 'Texted the fee summary' }),
    );
    expect(fromA.ok && fromB.ok).toBe(true);
    syncBoth(a, b);

    for (const doc of [a, b]) {
      expect(
        readComms(doc)
          .entries.map((e) => e.summary)
          .sort(),
      ).toEqual(['Called mom', 'Texted the fee summary']);
      expect(taskOf(doc, task.id).status).toBe('open');
    }
    expect(readComms(a)).toEqual(readComms(b));
  });
});

describe('COMM-3: reading the comms document', () => {
  it('lists entries newest first and tasks by due date', () => {
    const doc = new Y.Doc();
    const ctx = userContext();
    for (const when of ['2026-11-20T10:00:00.000Z', '2026-11-25T10:00:00.000Z', '2026-11-22T10:00:00.000Z']) {
      logCommunication(doc, ctx, call({ at: when }));
    }
    for (const due of ['2026-12-10', '2026-11-28', '2026-12-01']) mustAddTask(doc, ctx, { due });

    const comms = readComms(doc);

    expect(comms.entries.map((e) => e.at)).toEqual([
      '2026-11-25T10:00:00.000Z',
      '2026-11-22T10:00:00.000Z',
      '2026-11-20T10:00:00.000Z',
    ]);
    expect(comms.tasks.map((t) => t.due)).toEqual(['2026-11-28', '2026-12-01', '2026-12-10']);
    expect(comms.needsAttention).toEqual([]);
  });

  it('lists a stored entry that fails its schema as needing attention instead of throwing', () => {
    const doc = new Y.Doc();
    collectionMap(doc, COMM_ENTRIES).set('com_broken000000000', { patientId: PATIENT_ID, channel: 'fax' });
    const comms = readComms(doc);
    expect(comms.entries).toEqual([]);
    expect(comms.needsAttention.map((n) => n.id)).toEqual(['com_broken000000000']);
  });
});
