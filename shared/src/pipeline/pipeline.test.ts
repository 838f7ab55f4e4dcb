import { describe, expect, it } from 'vitest';
import type { Case, TreatmentOption } from './case.schema.ts';
import type { CommEntry, Task } from '../comms/comms.schema.ts';
import {
  BOARD_STAGES,
  LAPSED_AFTER_DAYS,
  boardColumns,
  daysPending,
  dueFollowUps,
  pipelineItemsOf,
  reactivationList,
  recallsDue,
  todaySummary,
  type PipelineItem,
} from './pipeline.ts';

const PATIENT_ID = 'pat_sofia0000000000';
const ALICE = 'stf_alice0000000000';
const BOB = 'stf_bob000000000000';
const MAIN = 'loc_main00000000000';
const NORTH = 'loc_north0000000000';
const CHICAGO = 'America/Chicago';
const TODAY = '2026-11-25';
const CREATED = '2026-11-01T15:00:00.000Z';

const stamps = (at = CREATED) => ({ createdAt: at, createdBy: ALICE, updatedAt: at, updatedBy: ALICE });

function aCase(id: string, overrides: Partial<Case> = {}): Case {
  return {
    id,
    patientId: PATIENT_ID,
    type: 'comprehensive',
    status: 'pending',
    statusAt: CREATED,
    ...stamps(overrides.createdAt),
    ...overrides,
  };
}

function anOption(id: string, caseId: string, feeCents: number, overrides: Partial<TreatmentOption> = {}) {
  const option: TreatmentOption = {
    id,
    caseId,
    name: `Option ${id}`,
    appliance: 'metal-braces',
    feeCents,
    months: 24,
    recommended: false,
    status: 'open',
    sortOrder: 0,
    ...stamps(),
    ...overrides,
  };
  return option;
}

function anEntry(id: string, at: string, overrides: Partial<CommEntry> = {}): CommEntry {
  return {
    id,
    patientId: PATIENT_ID,
    channel: 'call',
    direction: 'outbound',
    outcome: 'reached',
    at,
    by: ALICE,
    ...stamps(at),
    ...overrides,
  };
}

function aTask(id: string, caseId: string, due: string, overrides: Partial<Task> = {}): Task {
  return {
    id,
    patientId: PATIENT_ID,
    caseId,
    kind: 'follow-up',
    due,
    step: 0,
    status: 'open',
    ...stamps(),
    ...overrides,
  };
}

let serial = 0;
/** A pipeline item as the lists see it. */
function item(overrides: Partial<PipelineItem> = {}): PipelineItem {
  serial += 1;
  return {
    patientId: `pat_item${String(serial).padStart(12, '0')}`,
    caseId: `cas_item${String(serial).padStart(12, '0')}`,
    type: 'comprehensive',
    status: 'pending',
    statusAt: '2026-11-20T16:00:00.000Z',
    createdAt: '2026-11-01T16:00:00.000Z',
    valueCents: 500000,
    ...overrides,
  };
}

function task(due: string, overrides: Partial<NonNullable<PipelineItem['nextTask']>> = {}) {
  return {
    id: `tsk_${due.replaceAll('-', '')}0000000`,
    due,
    kind: 'follow-up' as const,
    step: 0,
    ...overrides,
  };
}

const ids = (items: readonly PipelineItem[]) => items.map((i) => i.caseId);

describe('BOARD-1: pipelineItemsOf', () => {
  it('values a case at its accepted option, else its recommended one, else its most expensive, else zero', () => {
    const accepted = aCase('cas_accepted0000000', {
      status: 'accepted',
      acceptedOptionId: 'opt_chosen000000000',
    });
    const recommended = aCase('cas_recommended0000');
    const neither = aCase('cas_neither00000000');
    const bare = aCase('cas_bare00000000000', { status: 'inquiry' });
    const options = [
      anOption('opt_chosen000000000', accepted.id, 450000, { status: 'accepted' }),
      anOption('opt_pricier00000000', accepted.id, 700000, { recommended: true, status: 'declined' }),
      anOption('opt_cheap0000000000', recommended.id, 300000, { recommended: true }),
      anOption('opt_dear00000000000', recommended.id, 650000),
      anOption('opt_low00000000000', neither.id, 200000),
      anOption('opt_high00000000000', neither.id, 620000),
      anOption('opt_mid00000000000', neither.id, 410000),
    ];

    const items = pipelineItemsOf(
      { cases: [accepted, recommended, neither, bare], options },
      { entries: [], tasks: [] },
    );

    expect(Object.fromEntries(items.map((i) => [i.caseId, i.valueCents]))).toEqual({
      [accepted.id]: 450000,
      [recommended.id]: 300000,
      [neither.id]: 620000,
      [bare.id]: 0,
    });
  });

  it('takes contactedAt from the first outbound contact after the case was opened', () => {
    const theCase = aCase('cas_inquiry00000000', {
      status: 'inquiry',
      createdAt: '2026-11-10T15:00:00.000Z',
    });
    const entries = [
      anEntry('com_before000000000', '2026-11-09T15:00:00.000Z'),
      anEntry('com_inbound00000000', '2026-11-10T16:00:00.000Z', {
        direction: 'inbound',
        caseId: theCase.id,
      }),
      anEntry('com_othercase000000', '2026-11-10T17:00:00.000Z', { caseId: 'cas_other0000000000' }),
      anEntry('com_later0000000000', '2026-11-12T15:00:00.000Z', { caseId: theCase.id }),
      anEntry('com_first0000000000', '2026-11-11T15:00:00.000Z', { caseId: theCase.id }),
    ];

    const [projected] = pipelineItemsOf({ cases: [theCase], options: [] }, { entries, tasks: [] });

    expect(projected?.contactedAt).toBe('2026-11-11T15:00:00.000Z');
    expect(projected?.lastContactAt).toBe('2026-11-12T15:00:00.000Z');
  });

  it('keeps the contactedAt recorded on the case over the log', () => {
    const theCase = aCase('cas_inquiry00000000', {
      status: 'inquiry',
      contactedAt: '2026-11-02T09:00:00.000Z',
    });
    const entries = [anEntry('com_first0000000000', '2026-11-03T15:00:00.000Z', { caseId: theCase.id })];
    const [projected] = pipelineItemsOf({ cases: [theCase], options: [] }, { entries, tasks: [] });
    expect(projected?.contactedAt).toBe('2026-11-02T09:00:00.000Z');
  });

  it('leaves an inquiry nobody has called back uncontacted', () => {
    const theCase = aCase('cas_inquiry00000000', { status: 'inquiry' });
    const entries = [anEntry('com_inbound00000000', '2026-11-02T15:00:00.000Z', { direction: 'inbound' })];
    const [projected] = pipelineItemsOf({ cases: [theCase], options: [] }, { entries, tasks: [] });
    expect(projected).not.toHaveProperty('contactedAt');
    expect(projected?.lastContactAt).toBe('2026-11-02T15:00:00.000Z');
  });

  it('gives each case its earliest open task as the next task', () => {
    const theCase = aCase('cas_pending00000000');
    const tasks = [
      aTask('tsk_later0000000000', theCase.id, '2026-12-05', { step: 2 }),
      aTask('tsk_done00000000000', theCase.id, '2026-11-20', { status: 'done' }),
      aTask('tsk_cancelled000000', theCase.id, '2026-11-21', { status: 'cancelled' }),
      aTask('tsk_othercase000000', 'cas_other0000000000', '2026-11-22'),
      aTask('tsk_next0000000000', theCase.id, '2026-11-28', { step: 1, ownerId: BOB }),
    ];

    const [projected] = pipelineItemsOf({ cases: [theCase], options: [] }, { entries: [], tasks });

    expect(projected?.nextTask).toEqual({
      id: 'tsk_next0000000000',
      due: '2026-11-28',
      kind: 'follow-up',
      ownerId: BOB,
      step: 1,
    });
  });

  it('projects plain JSON: no key holds undefined', () => {
    const [projected] = pipelineItemsOf(
      { cases: [aCase('cas_bare00000000000')], options: [] },
      { entries: [], tasks: [aTask('tsk_next0000000000', 'cas_bare00000000000', '2026-11-28')] },
    );
    expect(projected).toEqual(JSON.parse(JSON.stringify(projected)));
    expect(Object.values(projected!)).not.toContain(undefined);
    expect(Object.values(projected!.nextTask!)).not.toContain(undefined);
  });

  it('projects cases in treatment and closed ones too, but no list follows them up', () => {
    const cases = [
      aCase('cas_started00000000', { status: 'started' }),
      aCase('cas_retention000000', { status: 'retention', type: 'phase-1' }),
      aCase('cas_completed000000', { status: 'completed', type: 'phase-2' }),
      aCase('cas_transferred0000', { status: 'transferred', type: 'limited' }),
      aCase('cas_discontinued000', { status: 'discontinued', type: 'aligners' }),
    ];
    const items = pipelineItemsOf({ cases, options: [] }, { entries: [], tasks: [] });

    expect(ids(items).sort()).toEqual(cases.map((c) => c.id).sort());
    expect(boardColumns(items).flatMap((c) => c.items)).toEqual([]);
    expect(dueFollowUps(items, TODAY)).toEqual([]);
    expect(reactivationList(items, TODAY, CHICAGO)).toEqual([]);
    expect(todaySummary(items, TODAY, CHICAGO)).toMatchObject({ pendingCount: 0, pendingValueCents: 0 });
  });
});

describe('BOARD-2: boardColumns', () => {
  it('has one column per stage, most valuable first, oldest first on equal value, with the value summed', () => {
    const small = item({ status: 'pending', valueCents: 300000 });
    const bigNewer = item({ status: 'pending', valueCents: 600000, statusAt: '2026-11-22T16:00:00.000Z' });
    const bigOlder = item({ status: 'pending', valueCents: 600000, statusAt: '2026-11-10T16:00:00.000Z' });
    const inquiry = item({ status: 'inquiry', valueCents: 0 });
    const accepted = item({ status: 'accepted', valueCents: 550000 });
    const declined = item({ status: 'declined' });
    const observation = item({ status: 'observation' });

    const columns = boardColumns([small, bigNewer, bigOlder, inquiry, accepted, declined, observation]);

    expect(columns.map((c) => c.stage)).toEqual([...BOARD_STAGES]);
    const pending = columns.find((c) => c.stage === 'pending')!;
    expect(ids(pending.items)).toEqual([bigOlder.caseId, bigNewer.caseId, small.caseId]);
    expect(pending.valueCents).toBe(1500000);
    expect(columns.map((c) => [c.stage, c.items.length, c.valueCents])).toEqual([
      ['inquiry', 1, 0],
      ['exam', 0, 0],
      ['recommended', 0, 0],
      ['pending', 3, 1500000],
      ['accepted', 1, 550000],
    ]);
  });

  it('filters by owner and by location, and sums only what it shows', () => {
    const alicesMain = item({ ownerId: ALICE, locationId: MAIN, valueCents: 100000 });
    const alicesNorth = item({ ownerId: ALICE, locationId: NORTH, valueCents: 200000 });
    const bobsMain = item({ ownerId: BOB, locationId: MAIN, valueCents: 400000 });
    const unowned = item({ valueCents: 800000 });
    const all = [alicesMain, alicesNorth, bobsMain, unowned];
    const pendingOf = (filter: Parameters<typeof boardColumns>[1]) =>
      boardColumns(all, filter).find((c) => c.stage === 'pending')!;

    expect(pendingOf({}).valueCents).toBe(1500000);
    expect(ids(pendingOf({ ownerId: ALICE }).items)).toEqual([alicesNorth.caseId, alicesMain.caseId]);
    expect(pendingOf({ ownerId: ALICE }).valueCents).toBe(300000);
    expect(ids(pendingOf({ locationId: MAIN }).items)).toEqual([bobsMain.caseId, alicesMain.caseId]);
    expect(ids(pendingOf({ ownerId: ALICE, locationId: MAIN }).items)).toEqual([alicesMain.caseId]);
  });
});

describe('BOARD-3: dueFollowUps', () => {
  it('lists follow-ups due before today as overdue and today’s as today, and leaves later ones off', () => {
    const overdue = item({ nextTask: task('2026-11-24') });
    const today = item({ nextTask: task(TODAY) });
    const later = item({ nextTask: task('2026-11-26') });

    const due = dueFollowUps([overdue, today, later], TODAY);

    expect(due.map((d) => [d.item.caseId, d.state, d.due])).toEqual([
      [overdue.caseId, 'overdue', '2026-11-24'],
      [today.caseId, 'today', TODAY],
    ]);
  });

  it('lists recommended and pending cases with no open task as missing a follow-up, and no other status', () => {
    const pending = item({ status: 'pending' });
    const recommended = item({ status: 'recommended' });
    const others = (['inquiry', 'exam', 'accepted', 'declined', 'observation'] as const).map((status) =>
      item({ status }),
    );

    const due = dueFollowUps([pending, recommended, ...others], TODAY);

    expect(due.map((d) => [d.item.caseId, d.state])).toEqual([
      [pending.caseId, 'missing'],
      [recommended.caseId, 'missing'],
    ]);
    expect(due[0]).not.toHaveProperty('due');
  });

  it('puts missing follow-ups first, then overdue ones oldest first, then today’s, most valuable first on ties', () => {
    const todaySmall = item({ valueCents: 100000, nextTask: task(TODAY) });
    const todayBig = item({ valueCents: 900000, nextTask: task(TODAY) });
    const overdueRecent = item({ nextTask: task('2026-11-24') });
    const overdueOld = item({ nextTask: task('2026-11-10') });
    const missingSmall = item({ valueCents: 200000 });
    const missingBig = item({ status: 'recommended', valueCents: 700000 });

    const due = dueFollowUps(
      [todaySmall, todayBig, overdueRecent, overdueOld, missingSmall, missingBig],
      TODAY,
    );

    expect(due.map((d) => d.item.caseId)).toEqual([
      missingBig.caseId,
      missingSmall.caseId,
      overdueOld.caseId,
      overdueRecent.caseId,
      todayBig.caseId,
      todaySmall.caseId,
    ]);
  });

  it('filters by owner', () => {
    const mine = item({ ownerId: ALICE, nextTask: task('2026-11-24') });
    const bobs = item({ ownerId: BOB, nextTask: task('2026-11-24') });
    expect(dueFollowUps([mine, bobs], TODAY, { ownerId: ALICE }).map((d) => d.item.caseId)).toEqual([
      mine.caseId,
    ]);
  });
});

describe('BOARD-5: recallsDue', () => {
  it('lists observation patients whose recall date has come, earliest first', () => {
    const today = item({ status: 'observation', recallDate: TODAY });
    const past = item({ status: 'observation', recallDate: '2026-10-01' });
    const next = item({ status: 'observation', recallDate: '2026-11-30' });
    const notObserved = item({ status: 'declined', recallDate: '2026-10-01' });

    expect(ids(recallsDue([today, past, next, notObserved], TODAY))).toEqual([past.caseId, today.caseId]);
  });

  it('looks ahead the number of days asked', () => {
    const soon = item({ status: 'observation', recallDate: '2026-12-02' });
    const later = item({ status: 'observation', recallDate: '2026-12-03' });
    expect(ids(recallsDue([soon, later], TODAY, 7))).toEqual([soon.caseId]);
  });
});

describe('BOARD-5: reactivationList', () => {
  it('lists declined patients, and pending ones nobody has talked to for more than 60 days, most valuable first', () => {
    const declined = item({ status: 'declined', valueCents: 300000 });
    const lapsed = item({ lastContactAt: '2026-09-25T18:00:00.000Z', valueCents: 500000 });
    const sixtyDays = item({ lastContactAt: '2026-09-26T18:00:00.000Z' });
    const recent = item({ lastContactAt: '2026-11-20T18:00:00.000Z' });
    const neverCalled = item({
      status: 'recommended',
      statusAt: '2026-09-16T18:00:00.000Z',
      valueCents: 700000,
    });
    const presentedLongAgo = item({
      presentedAt: '2026-08-27T18:00:00.000Z',
      statusAt: '2026-11-20T18:00:00.000Z',
      valueCents: 100000,
    });
    const acceptedLongAgo = item({ status: 'accepted', statusAt: '2026-06-01T18:00:00.000Z' });

    const list = reactivationList(
      [declined, lapsed, sixtyDays, recent, neverCalled, presentedLongAgo, acceptedLongAgo],
      TODAY,
      CHICAGO,
    );

    expect(LAPSED_AFTER_DAYS).toBe(60);
    expect(list.map((e) => [e.item.caseId, e.reason])).toEqual([
      [neverCalled.caseId, 'lapsed'],
      [lapsed.caseId, 'lapsed'],
      [declined.caseId, 'declined'],
      [presentedLongAgo.caseId, 'lapsed'],
    ]);
  });

  it('counts the days since the last contact in the practice time zone', () => {
    // 03:00 UTC on Sep 26 is the evening of Sep 25 in Chicago: 61 days before Nov 25 there, 60 in UTC.
    const lateEveningCall = item({ lastContactAt: '2026-09-26T03:00:00.000Z' });
    expect(reactivationList([lateEveningCall], TODAY, CHICAGO)).toHaveLength(1);
    expect(reactivationList([lateEveningCall], TODAY, 'UTC')).toHaveLength(0);
  });
});

describe('BOARD-4: daysPending', () => {
  it('counts calendar days since the presentation in the practice time zone', () => {
    // 03:00 UTC on Nov 25 is 9 pm on Nov 24 in Chicago.
    const presentedLate = item({ presentedAt: '2026-11-25T03:00:00.000Z' });
    expect(daysPending(presentedLate, TODAY, CHICAGO)).toBe(1);
    expect(daysPending(presentedLate, TODAY, 'UTC')).toBe(0);
    expect(daysPending(presentedLate, '2026-12-04', CHICAGO)).toBe(10);
  });

  it('counts from the status change when the case was never presented', () => {
    const recommended = item({ status: 'recommended', statusAt: '2026-11-18T16:00:00.000Z' });
    expect(daysPending(recommended, TODAY, CHICAGO)).toBe(7);
  });

  it('is never negative', () => {
    const presented = item({ presentedAt: '2026-11-25T16:00:00.000Z' });
    expect(daysPending(presented, '2026-11-20', CHICAGO)).toBe(0);
  });
});

describe('BOARD-6: todaySummary', () => {
  it('lists today’s consults in the practice time zone, earliest first', () => {
    const evening = item({ status: 'exam', examAt: '2026-11-26T03:00:00.000Z' }); // 9 pm Nov 25 in Chicago
    const morning = item({ status: 'exam', examAt: '2026-11-25T15:00:00.000Z' });
    const lastNight = item({ status: 'exam', examAt: '2026-11-25T03:00:00.000Z' }); // Nov 24 in Chicago
    const held = item({
      status: 'recommended',
      examAt: '2026-11-25T16:00:00.000Z',
      nextTask: task('2026-11-27'),
    });
    const unbooked = item({ status: 'exam' });

    const summary = todaySummary([evening, morning, lastNight, held, unbooked], TODAY, CHICAGO);

    expect(ids(summary.consults)).toEqual([morning.caseId, evening.caseId]);
  });

  it('sums what is pending, lists uncontacted inquiries oldest first, and splits overdue from due today', () => {
    const pending = item({ status: 'pending', valueCents: 500000, nextTask: task(TODAY) });
    const recommended = item({ status: 'recommended', valueCents: 350000 });
    const overdue = item({ status: 'pending', valueCents: 150000, nextTask: task('2026-11-20') });
    const accepted = item({ status: 'accepted', valueCents: 900000 });
    const newer = item({ status: 'inquiry', valueCents: 0, createdAt: '2026-11-24T16:00:00.000Z' });
    const older = item({ status: 'inquiry', valueCents: 0, createdAt: '2026-11-21T16:00:00.000Z' });
    const contacted = item({ status: 'inquiry', valueCents: 0, contactedAt: '2026-11-24T17:00:00.000Z' });
    const recall = item({ status: 'observation', recallDate: '2026-11-24' });

    const summary = todaySummary(
      [pending, recommended, overdue, accepted, newer, older, contacted, recall],
      TODAY,
      CHICAGO,
    );

    expect(summary.pendingCount).toBe(3);
    expect(summary.pendingValueCents).toBe(1000000);
    expect(ids(summary.newInquiries)).toEqual([older.caseId, newer.caseId]);
    expect(summary.overdue.map((d) => [d.item.caseId, d.state])).toEqual([
      [recommended.caseId, 'missing'],
      [overdue.caseId, 'overdue'],
    ]);
    expect(summary.dueToday.map((d) => d.item.caseId)).toEqual([pending.caseId]);
    expect(ids(summary.recalls)).toEqual([recall.caseId]);
  });

  it('shows only the chosen coordinator’s cases', () => {
    const mine = item({ ownerId: ALICE, valueCents: 500000 });
    const bobs = item({ ownerId: BOB, valueCents: 700000 });
    const bobsInquiry = item({ ownerId: BOB, status: 'inquiry' });
    const summary = todaySummary([mine, bobs, bobsInquiry], TODAY, CHICAGO, { ownerId: ALICE });
    expect(summary).toMatchObject({ pendingCount: 1, pendingValueCents: 500000, newInquiries: [] });
    expect(summary.overdue.map((d) => d.item.caseId)).toEqual([mine.caseId]);
  });
});

describe('BOARD-3: due lists and cases that moved on', () => {
  it('never show a started or closed case as overdue, even with a task left open by another device', () => {
    const base = {
      patientId: 'pat_0000000000000001',
      type: 'comprehensive' as const,
      statusAt: '2026-11-01T15:00:00.000Z',
      createdAt: '2026-11-01T15:00:00.000Z',
      valueCents: 500_000,
      nextTask: { id: 'tsk_0000000000000001', due: '2026-11-10', kind: 'follow-up' as const, step: 0 },
    };
    const items = (['started', 'completed', 'transferred', 'discontinued', 'pending'] as const).map(
      (status, i) => ({
        ...base,
        caseId: `cas_000000000000000${i}`,
        status,
      }),
    );
    expect(dueFollowUps(items, '2026-11-25').map((d) => d.item.status)).toEqual(['pending']);
  });
});

describe('BOARD-2: the order of the board’s columns', () => {
  const item = (caseId: string, status: 'inquiry' | 'exam', createdAt: string, examAt?: string) => ({
    patientId: 'pat_0000000000000001',
    caseId,
    type: 'comprehensive' as const,
    status,
    statusAt: createdAt,
    createdAt,
    valueCents: 0,
    ...(examAt ? { examAt } : {}),
  });

  it('puts the newest inquiry first, so the call that just came in is on screen', () => {
    const columns = boardColumns([
      item('cas_0000000000000001', 'inquiry', '2026-11-01T10:00:00.000Z'),
      item('cas_0000000000000002', 'inquiry', '2026-11-25T10:00:00.000Z'),
    ]);
    expect(columns.find((c) => c.stage === 'inquiry')?.items.map((i) => i.caseId)).toEqual([
      'cas_0000000000000002',
      'cas_0000000000000001',
    ]);
  });

  it('puts the soonest booked exam first, and exams without a time last', () => {
    const columns = boardColumns([
      item('cas_0000000000000001', 'exam', '2026-11-01T10:00:00.000Z'),
      item('cas_0000000000000002', 'exam', '2026-11-02T10:00:00.000Z', '2026-12-03T15:00:00.000Z'),
      item('cas_0000000000000003', 'exam', '2026-11-03T10:00:00.000Z', '2026-11-27T15:00:00.000Z'),
    ]);
    expect(columns.find((c) => c.stage === 'exam')?.items.map((i) => i.caseId)).toEqual([
      'cas_0000000000000003',
      'cas_0000000000000002',
      'cas_0000000000000001',
    ]);
  });
});
