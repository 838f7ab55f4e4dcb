import { describe, expect, it } from 'vitest';
import { readComms } from '../comms/comms-doc.ts';
import { deniedReason } from '../identity/permissions.ts';
import { careDocs } from '../test-support/fixtures.ts';
import { addOption, readChart } from './chart-doc.ts';
import { completeFollowUp, moveCase, openCaseWithFollowUps } from './follow-ups.workflow.ts';

const PATIENT_ID = 'pat_sofia0000000000';
const TODAY = '2026-11-25';
const SETTINGS = {
  cadence: { days: [2, 5, 10], thenEveryDays: 30 },
  today: TODAY,
  timeZone: 'America/Chicago',
};

function openTasks(comms: Parameters<typeof readComms>[0]) {
  return readComms(comms)
    .tasks.filter((t) => t.status === 'open')
    .map((t) => ({ kind: t.kind, due: t.due, step: t.step }));
}

function started(denied?: Parameters<typeof careDocs>[0]) {
  const care = careDocs(denied);
  const opened = openCaseWithFollowUps(
    care.commands.forPatient(PATIENT_ID),
    care.docs,
    { patientId: PATIENT_ID, type: 'comprehensive' },
    SETTINGS,
  );
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  return { ...care, caseId: opened.value.id };
}

/** Moves the started inquiry through its exam to a recommendation with one option; returns the option. */
function recommended({ docs, commands, ctx, caseId }: ReturnType<typeof started>) {
  moveCase(commands, docs, caseId, { to: 'exam' }, SETTINGS);
  moveCase(commands, docs, caseId, { to: 'recommended', examOutcome: 'treatment-recommended' }, SETTINGS);
  const option = addOption(docs.chart, ctx, {
    caseId,
    name: 'Metal braces',
    appliance: 'metal-braces',
    feeCents: 550_000,
    months: 24,
    recommended: false,
  });
  if (!option.ok) throw new Error('option');
  return option.value;
}

describe('follow-up tasks move with their case', () => {
  it('FUP-5: gives a new inquiry its first-contact task, due today, and records both in the trail', () => {
    const { docs, notes, caseId } = started();
    expect(openTasks(docs.comms)).toEqual([{ kind: 'first-contact', due: TODAY, step: 0 }]);
    const taskId = readComms(docs.comms).tasks[0]!.id;
    expect(notes).toEqual([
      { action: 'create', entity: 'case', entityId: caseId, patientId: PATIENT_ID },
      { action: 'create', entity: 'task', entityId: taskId, patientId: PATIENT_ID },
    ]);
  });

  it('FUP-2, FUP-5: closes the first contact and plans the first follow-up from the cadence when a case is recommended', () => {
    const { docs, commands, caseId } = started();
    moveCase(commands, docs, caseId, { to: 'exam' }, SETTINGS);
    const moved = moveCase(
      commands,
      docs,
      caseId,
      { to: 'recommended', examOutcome: 'treatment-recommended' },
      SETTINGS,
    );
    expect(moved.ok).toBe(true);
    expect(openTasks(docs.comms)).toEqual([{ kind: 'follow-up', due: '2026-11-27', step: 0 }]);
    expect(readComms(docs.comms).tasks.find((t) => t.kind === 'first-contact')?.status).toBe('cancelled');
  });

  it('leaves the tasks alone when the move is refused', () => {
    const { docs, commands, caseId } = started();
    const moved = moveCase(commands, docs, caseId, { to: 'started' }, SETTINGS);
    expect(moved.ok).toBe(false);
    expect(openTasks(docs.comms)).toEqual([{ kind: 'first-contact', due: TODAY, step: 0 }]);
  });

  it('FUP-5: tells what starts with treatment the start date, and closes every open task', () => {
    const care = started();
    const { docs, commands, caseId } = care;
    const option = recommended(care);
    moveCase(commands, docs, caseId, { to: 'accepted', optionId: option.id }, SETTINGS);
    const starts: [string, string][] = [];
    const moved = moveCase(
      commands,
      docs,
      caseId,
      { to: 'started', startDate: '2026-12-01' },
      SETTINGS,
      (id, date) => starts.push([id, date]),
    );
    expect(moved.ok).toBe(true);
    expect(starts).toEqual([[caseId, '2026-12-01']]);
    expect(openTasks(docs.comms)).toEqual([]);
    expect(readChart(docs.chart).cases[0]?.status).toBe('started');
  });

  it('PERM-1: refuses to open a case for someone the permission table does not let write charts, and plans no task', () => {
    const care = careDocs((kind) => deniedReason('billing', kind, 'write'));
    const opened = openCaseWithFollowUps(
      care.commands,
      care.docs,
      { patientId: PATIENT_ID, type: 'comprehensive' },
      SETTINGS,
    );
    expect(opened.ok ? 'opened' : opened.error.kind).toBe('denied');
    expect(readComms(care.docs.comms).tasks).toEqual([]);
  });
});

describe('completing a follow-up', () => {
  it('FUP-3, FUP-6: logs the contact and plans the next step of the cadence, counted from the day the case was presented', () => {
    const care = started();
    const { docs, commands, caseId } = care;
    recommended(care);
    // Presented today (the clock's 2026-11-25 at the practice): the cadence counts from here.
    moveCase(commands, docs, caseId, { to: 'pending' }, SETTINGS);
    const followUp = readComms(docs.comms).tasks.find((t) => t.kind === 'follow-up' && t.status === 'open')!;

    const done = completeFollowUp(
      commands,
      docs,
      followUp.id,
      {
        patientId: PATIENT_ID,
        caseId,
        channel: 'call',
        direction: 'outbound',
        outcome: 'left-message',
        at: '2026-11-27T16:00:00.000Z',
        by: 'stf_alice0000000000',
      },
      { ...SETTINGS, today: '2026-11-27' },
    );
    if (!done.ok) throw new Error(JSON.stringify(done.error));
    expect(done.value.entry?.channel).toBe('call');
    expect(openTasks(docs.comms)).toEqual([{ kind: 'follow-up', due: '2026-11-30', step: 1 }]);
  });

  it('says a task that is not there was not found', () => {
    const { docs, commands } = started();
    const done = completeFollowUp(commands, docs, 'tsk_missing00000000', undefined, SETTINGS);
    expect(done).toEqual({ ok: false, error: { kind: 'not-found', id: 'tsk_missing00000000' } });
  });
});
