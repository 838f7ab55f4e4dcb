import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { bindCommands, createCommands, recordingEnv, workflow, type AnyCommand } from './commands.ts';
import { ok } from '../core/result.ts';
import { readRecord } from './collection.ts';
import { createUndoHistory } from './undo.ts';
import { deniedReason, mayAdd } from '../identity/permissions.ts';
import { PATIENTS, PATIENTS_DOC_COLLECTIONS } from '../patients/patients-doc.ts';
import { PATIENTS_COMMANDS } from '../patients/patients-commands.ts';
import { CASES, CHART_DOC_COLLECTIONS } from '../pipeline/chart-doc.ts';
import { CHART_COMMANDS } from '../pipeline/chart-commands.ts';
import { RECORDS_COMMANDS } from '../records/records-commands.ts';
import { COMMS_COMMANDS } from '../comms/comms-commands.ts';
import { INSURANCE_COMMANDS } from '../insurance/insurance-commands.ts';
import { PRACTICE_COMMANDS } from '../practice/practice-commands.ts';
import { SCHEDULE_COMMANDS } from '../schedule/schedule-commands.ts';
import { CONTRACTS_COMMANDS, LEDGER_COMMANDS } from '../billing/billing-commands.ts';
import { patientInput, userContext } from '../test-support/fixtures.ts';

const PATIENT_ID = 'pat_sofia0000000000';

function setUp(denied?: Parameters<typeof recordingEnv>[1]) {
  const ctx = userContext();
  const env = recordingEnv(() => ctx, denied);
  return { ctx, env, commands: createCommands(env) };
}

describe('commands', () => {
  it('AUDIT-1: records what a command changed, by id and field name, once it succeeds', () => {
    const { env, commands } = setUp();
    const doc = new Y.Doc();
    const registered = commands.run(PATIENTS_COMMANDS.register, doc, { patient: patientInput() });
    if (!registered.ok) throw new Error('register');
    const id = registered.value.patient.id;
    commands.run(PATIENTS_COMMANDS.update, doc, id, { firstName: 'Sofie', phone: '+15125550199' });

    expect(env.notes).toEqual([
      { action: 'create', entity: 'patient', entityId: id, patientId: id },
      { action: 'update', entity: 'patient', entityId: id, patientId: id, fields: ['firstName', 'phone'] },
    ]);
  });

  it('records nothing for a command that failed', () => {
    const { env, commands } = setUp();
    const result = commands.run(PATIENTS_COMMANDS.update, new Y.Doc(), 'pat_nobody000000000', {
      firstName: 'X',
    });
    expect(result.ok).toBe(false);
    expect(env.notes).toEqual([]);
  });

  it('PERM-1, PERM-4: refuses a write the permission table does not allow, writes nothing and says why', () => {
    const { env, commands } = setUp((kind) => deniedReason('front-desk', kind, 'write'));
    const doc = new Y.Doc();
    const opened = commands.run(CHART_COMMANDS.openCase, doc, {
      patientId: PATIENT_ID,
      type: 'comprehensive',
    });

    expect(opened).toEqual({
      ok: false,
      error: { kind: 'denied', reason: 'Front desk can view treatment charts but not change them.' },
    });
    expect(doc.getMap(CASES.name).size).toBe(0);
    expect(env.notes).toEqual([]);
    // The same person may register a patient: the table allows front desk to write patients.
    expect(commands.run(PATIENTS_COMMANDS.register, doc, { patient: patientInput() }).ok).toBe(true);
  });

  it('PERM-1: front desk may add an inquiry to a chart it otherwise reads, and nothing else there', () => {
    const ctx = userContext();
    const commands = createCommands({
      ...recordingEnv(
        () => ctx,
        (kind) => deniedReason('front-desk', kind, 'write'),
      ),
      mayAdd: (kind, collection, entry, related) => mayAdd('front-desk', kind, collection, entry, related),
    });
    const doc = new Y.Doc();
    const inquiry = commands.run(CHART_COMMANDS.openCase, doc, {
      patientId: PATIENT_ID,
      type: 'comprehensive',
    });
    expect(inquiry.ok).toBe(true);
    const recommended = commands.run(CHART_COMMANDS.openCase, doc, {
      patientId: PATIENT_ID,
      type: 'limited',
      status: 'recommended',
    });
    expect(recommended).toMatchObject({ ok: false, error: { kind: 'denied' } });
    if (!inquiry.ok) return;
    const moved = commands.run(CHART_COMMANDS.changeStatus, doc, inquiry.value.id, { to: 'exam' });
    expect(moved).toMatchObject({ ok: false, error: { kind: 'denied' } });
    expect(doc.getMap(CASES.name).size).toBe(1);
  });

  it("runs with the session's typed origin, so the edit is stamped with the person who made it", () => {
    const { ctx, commands } = setUp();
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    const registered = commands.run(PATIENTS_COMMANDS.register, doc, { patient: patientInput() });
    if (!registered.ok) throw new Error('register');

    expect(origins).toEqual([ctx.origin]);
    expect(registered.value.patient.updatedBy).toBe('stf_alice0000000000');
  });

  it('APPEND-2: lets undo take back an undoable command but never a final one (history)', () => {
    const { ctx, commands } = setUp();
    const doc = new Y.Doc();
    if (ctx.origin.kind !== 'local') throw new Error('local origin');
    const history = createUndoHistory(doc, CHART_DOC_COLLECTIONS, ctx.origin);
    const opened = commands.run(CHART_COMMANDS.openCase, doc, {
      patientId: PATIENT_ID,
      type: 'comprehensive',
    });
    if (!opened.ok) throw new Error('open');
    expect(history.canUndo).toBe(false);

    commands.run(CHART_COMMANDS.updateCase, doc, opened.value.id, { notes: 'Wants clear aligners' });
    expect(history.undo()).toBe(true);
    const read = readRecord(doc, CASES, opened.value.id);
    expect(read.status === 'ok' && read.record.notes).toBeFalsy();
    expect(read.status).toBe('ok');
    expect(history.undo()).toBe(false);
  });

  it('AUDIT-1: stamps every note with the patient when scoped to one', () => {
    const { env, commands } = setUp();
    const doc = new Y.Doc();
    const opened = commands
      .forPatient(PATIENT_ID)
      .run(CHART_COMMANDS.openCase, doc, { patientId: PATIENT_ID, type: 'comprehensive' });
    if (!opened.ok) throw new Error('open');
    expect(env.notes).toEqual([
      { action: 'create', entity: 'case', entityId: opened.value.id, patientId: PATIENT_ID },
    ]);
  });

  it('runs several commands as one transaction and one undo step', () => {
    const { ctx, commands } = setUp();
    const doc = new Y.Doc();
    if (ctx.origin.kind !== 'local') throw new Error('local origin');
    const history = createUndoHistory(doc, PATIENTS_DOC_COLLECTIONS, ctx.origin);
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    const ids = commands.together(doc, () =>
      ['Sofia', 'Mateo'].map((firstName) => {
        const made = commands.run(PATIENTS_COMMANDS.register, doc, { patient: patientInput({ firstName }) });
        return made.ok ? made.value.patient.id : '';
      }),
    );
    expect(transactions).toBe(1);
    expect(history.undo()).toBe(true);
    expect(ids.map((id) => readRecord(doc, PATIENTS, id).status)).toEqual(['missing', 'missing']);
  });

  it('binds a table to a document under the same names', () => {
    const { env, commands } = setUp();
    const doc = new Y.Doc();
    const patients = bindCommands(commands, PATIENTS_COMMANDS, () => doc);
    const family = patients.createFamily({ name: 'Garcia' });
    if (!family.ok) throw new Error('family');
    expect(env.notes).toEqual([{ action: 'create', entity: 'family', entityId: family.value.id }]);
  });

  it('names every command once, as feature/verb-noun, writing the document kind of its table', () => {
    const tables: [string, Record<string, AnyCommand>][] = [
      ['patients', PATIENTS_COMMANDS],
      ['practice', PRACTICE_COMMANDS],
      ['chart', CHART_COMMANDS],
      ['chart', RECORDS_COMMANDS],
      ['comms', COMMS_COMMANDS],
      ['insurance', INSURANCE_COMMANDS],
      ['schedule', SCHEDULE_COMMANDS],
      ['contracts', CONTRACTS_COMMANDS],
      ['ledger', LEDGER_COMMANDS],
    ];
    const names = tables.flatMap(([, table]) => Object.values(table).map((c) => c.name));
    expect(new Set(names).size).toBe(names.length);
    for (const [kind, table] of tables) {
      for (const cmd of Object.values(table)) {
        expect(cmd.docKind).toBe(kind);
        expect(cmd.name).toMatch(new RegExp(`^${kind}/[a-z]+(-[a-z]+)*$`));
      }
    }
  });

  describe('workflows', () => {
    const NOTE = workflow({
      name: 'test/note-and-task',
      docKinds: { chart: 'chart', comms: 'comms' },
      partial: ['chart'],
      undoable: true,
      run: (docs: { chart: Y.Doc; comms: Y.Doc }, ctx, text: string) => {
        docs.comms.getMap('notes').set('last', text);
        const wrote = ctx.may.write('chart');
        if (wrote) docs.chart.getMap('notes').set('last', text);
        return ok({
          wrote,
          mayNote: ctx.may.add(
            'chart',
            'caseEvents',
            { to: 'inquiry', visit: { what: text } },
            { value: 'inquiry', created: false, counted: 0 },
          ),
          origin: ctx.origin,
          changes: [{ action: 'update' as const, entity: 'case' as const, entityId: 'cas_x0000000000' }],
        });
      },
    });

    it('AUDIT-1: records a workflow’s changes once it succeeds, stamped with the patient', () => {
      const { env, commands } = setUp();
      const result = commands
        .forPatient(PATIENT_ID)
        .workflow(NOTE, { chart: new Y.Doc(), comms: new Y.Doc() }, 'hi');
      expect(result.ok).toBe(true);
      expect(env.notes).toEqual([
        { action: 'update', entity: 'case', entityId: 'cas_x0000000000', patientId: PATIENT_ID },
      ]);
    });

    it('PERM-1: a document written in part is asked about inside; one written whole is refused before anything is written', () => {
      const { env } = setUp((kind) => deniedReason('front-desk', kind, 'write'));
      const desk = createCommands({
        ...env,
        mayAdd: (kind, collection, entry, related) => mayAdd('front-desk', kind, collection, entry, related),
      });
      const chart = new Y.Doc();
      const partly = desk.workflow(NOTE, { chart, comms: new Y.Doc() }, 'booked');
      expect(partly.ok && { wrote: partly.value.wrote, mayNote: partly.value.mayNote }).toEqual({
        wrote: false,
        mayNote: true,
      });
      expect(chart.getMap('notes').size).toBe(0);

      const { env: readOnlyEnv } = setUp((kind) => deniedReason('read-only', kind, 'write'));
      const comms = new Y.Doc();
      const refused = createCommands(readOnlyEnv).workflow(NOTE, { chart: new Y.Doc(), comms }, 'no');
      expect(refused.ok ? null : refused.error.kind).toBe('denied');
      expect(comms.getMap('notes').size).toBe(0);
      expect(readOnlyEnv.notes).toEqual([]);
    });

    it('runs a final workflow outside the undo manager’s origin', () => {
      const { ctx, commands } = setUp();
      const final = workflow({ ...NOTE, name: 'test/final', undoable: false });
      const tracked = commands.workflow(NOTE, { chart: new Y.Doc(), comms: new Y.Doc() }, 'a');
      const untrackedRun = commands.workflow(final, { chart: new Y.Doc(), comms: new Y.Doc() }, 'b');
      expect(tracked.ok && tracked.value.origin).toBe(ctx.origin);
      expect(untrackedRun.ok && untrackedRun.value.origin).not.toBe(ctx.origin);
      expect(untrackedRun.ok && untrackedRun.value.origin).toEqual(ctx.origin);
    });
  });
});
