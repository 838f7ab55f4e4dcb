import { describe, expect, it } from 'vitest';
import type { Appointment, AppointmentStatus, AppointmentType, OrthoStage } from './schedule.schema.ts';
import {
  combineSummaries,
  mergeVisitSummaries,
  recoveryLists,
  summarizeBook,
  summarizeVisits,
  type VisitSummary,
} from './schedule-recovery.ts';
import { addDays, instantAt, localDateOf } from '../core/calendar.ts';

const TZ = 'America/Chicago';
const TODAY = '2026-06-01';
/** 10:00 in Chicago on TODAY. */
const NOW = instantAt(TODAY, 600, TZ);
const ago = (n: number) => addDays(TODAY, -n);
const inDays = (n: number) => addDays(TODAY, n);

const STAMPS = {
  createdAt: '2026-01-01T12:00:00.000Z',
  createdBy: 'stf_0000000000000001',
  updatedAt: '2026-01-01T12:00:00.000Z',
  updatedBy: 'stf_0000000000000001',
};

function aType(stage: OrthoStage): AppointmentType {
  return {
    id: `apt_${stage.replace(/-/g, '').slice(0, 10).padEnd(10, '0')}`,
    name: stage,
    stage,
    minutes: 20,
    color: '#3366cc',
    needsDoctor: false,
    active: true,
    ...STAMPS,
  };
}
const STAGES: OrthoStage[] = [
  'consult',
  'records',
  'bonding',
  'adjustment',
  'emergency',
  'debond',
  'retainer-check',
];
const TYPES = new Map(STAGES.map((s) => [aType(s).id, aType(s)]));
const typeId = (stage: OrthoStage) => aType(stage).id;

const ANA = 'pat_ana0000000000001';
const BEN = 'pat_ben0000000000001';
const CY = 'pat_cy00000000000001';
const DEE = 'pat_dee0000000000001';

let serial = 0;
/** An appointment at `minute` (default 9:00) local on `on`. */
function appt(
  patientId: string,
  stage: OrthoStage,
  on: string,
  status: AppointmentStatus,
  over: Partial<Appointment> & { minute?: number } = {},
): Appointment {
  serial += 1;
  const { minute = 540, ...rest } = over;
  return {
    id: `apt_${String(serial).padStart(12, '0')}`,
    patientId,
    locationId: 'loc_0000000000000001',
    chairId: 'chr_0000000000000001',
    typeId: typeId(stage),
    start: instantAt(on, minute, TZ),
    minutes: 20,
    status,
    ...STAMPS,
    ...rest,
  };
}

const summarize = (appointments: readonly Appointment[], now = NOW) =>
  summarizeVisits(appointments, TYPES, now, TZ);
const summaryOf = (appointments: readonly Appointment[], patientId = ANA) =>
  summarize(appointments).get(patientId)!;

describe('RECOVER-1: summarizeVisits', () => {
  it('RECOVER-2: keeps the last visit, the last adjustment, the next visit and the latest booked one', () => {
    const bonding = appt(ANA, 'bonding', ago(90), 'completed');
    const adjustment = appt(ANA, 'adjustment', ago(40), 'completed');
    const repair = appt(ANA, 'emergency', ago(10), 'completed');
    const next = appt(ANA, 'adjustment', inDays(5), 'confirmed');
    const later = appt(ANA, 'adjustment', inDays(47), 'scheduled');
    const s = summaryOf([later, repair, bonding, next, adjustment]);
    expect(s.lastVisit).toEqual({
      appointmentId: repair.id,
      start: repair.start,
      on: ago(10),
      stage: 'emergency',
    });
    // A repair does not reset the adjustment rhythm.
    expect(s.lastAdjustment?.appointmentId).toBe(adjustment.id);
    expect(s.nextVisit?.appointmentId).toBe(next.id);
    expect(s.latestBooked?.appointmentId).toBe(later.id);
    expect(s.unrebooked).toEqual([]);
  });

  it('dates a visit on the location’s calendar, not UTC’s', () => {
    // 19:00 in Chicago is after midnight UTC.
    const evening = appt(ANA, 'adjustment', ago(3), 'completed', { minute: 19 * 60 });
    expect(evening.start.slice(0, 10)).toBe(ago(2));
    expect(summaryOf([evening]).lastVisit?.on).toBe(ago(3));
  });

  it('counts a patient who arrived or is seated as seen, and an earlier visit today as not next', () => {
    const seated = appt(ANA, 'adjustment', TODAY, 'seated', { minute: 9 * 60 });
    expect(summaryOf([seated]).lastAdjustment?.appointmentId).toBe(seated.id);
    const arrived = appt(BEN, 'consult', TODAY, 'arrived');
    expect(summaryOf([arrived], BEN).lastVisit?.appointmentId).toBe(arrived.id);
    const late = appt(CY, 'adjustment', TODAY, 'scheduled', { minute: 8 * 60 });
    const s = summaryOf([late], CY);
    expect(s.nextVisit).toBeUndefined();
    expect(s.latestBooked?.appointmentId).toBe(late.id);
  });

  it('lists a missed or cancelled visit that nothing rebooked', () => {
    const missed = appt(ANA, 'adjustment', ago(3), 'missed');
    const cancelled = appt(ANA, 'records', inDays(4), 'cancelled', { cancelledBy: 'patient' });
    expect(summaryOf([cancelled, missed]).unrebooked).toEqual([
      {
        appointmentId: missed.id,
        start: missed.start,
        on: ago(3),
        stage: 'adjustment',
        status: 'missed',
        locationId: 'loc_0000000000000001',
      },
      {
        appointmentId: cancelled.id,
        start: cancelled.start,
        on: inDays(4),
        stage: 'records',
        status: 'cancelled',
        locationId: 'loc_0000000000000001',
      },
    ]);
  });

  it('treats a visit as rebooked when it links its replacement', () => {
    const missed = appt(ANA, 'adjustment', ago(3), 'missed', { rebookedAs: 'apt_000000000999' });
    expect(summaryOf([missed]).unrebooked).toEqual([]);
  });

  it('treats a visit as rebooked when a later appointment names it', () => {
    const missed = appt(ANA, 'adjustment', ago(3), 'missed');
    // Rebooked as a different stage, so only the link can tell.
    const replacement = appt(ANA, 'emergency', inDays(2), 'scheduled', { rebookOf: missed.id });
    expect(summaryOf([missed, replacement]).unrebooked).toEqual([]);
  });

  it('treats a visit as rebooked when a later visit of its stage is booked, even without a link', () => {
    const missed = appt(ANA, 'adjustment', ago(3), 'missed');
    expect(summaryOf([missed, appt(ANA, 'adjustment', inDays(9), 'scheduled')]).unrebooked).toEqual([]);
    // A later visit that also came (completed) counts too.
    expect(summaryOf([missed, appt(ANA, 'adjustment', ago(1), 'completed')]).unrebooked).toEqual([]);
  });

  it('does not count an earlier visit, another stage, or another missed visit as a rebooking', () => {
    const missed = appt(ANA, 'adjustment', ago(3), 'missed');
    const s = summaryOf([
      appt(ANA, 'adjustment', ago(45), 'completed'),
      appt(ANA, 'records', inDays(9), 'scheduled'),
      appt(ANA, 'adjustment', inDays(2), 'cancelled', { rebookedAs: 'apt_000000000998' }),
      appt(BEN, 'adjustment', inDays(5), 'scheduled'),
      missed,
    ]);
    expect(s.unrebooked.map((u) => u.appointmentId)).toEqual([missed.id]);
  });

  it('never lists a rescheduled appointment', () => {
    expect(summaryOf([appt(ANA, 'adjustment', ago(3), 'rescheduled')]).unrebooked).toEqual([]);
  });

  it('counts an appointment of an unknown type as stage other', () => {
    const unknown = appt(ANA, 'adjustment', ago(3), 'completed', { typeId: 'apt_deleted00000' });
    expect(summaryOf([unknown]).lastVisit?.stage).toBe('other');
    expect(summaryOf([unknown]).lastAdjustment).toBeUndefined();
  });
});

/** Small deterministic PRNG (mulberry32): fast-check is not a dependency of shared. */
function random(seed: number): (max: number) => number {
  let a = seed;
  return (max) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (max + 1));
  };
}

function randomBook(seed: number): Appointment[] {
  const pick = random(seed);
  const patients = [ANA, BEN, CY, DEE];
  const statuses: AppointmentStatus[] = [
    'scheduled',
    'confirmed',
    'completed',
    'missed',
    'cancelled',
    'rescheduled',
  ];
  const stages: OrthoStage[] = ['adjustment', 'adjustment', 'bonding', 'debond', 'emergency'];
  const book: Appointment[] = [];
  for (let i = 0; i < 60; i++) {
    const a = appt(
      patients[pick(3)]!,
      stages[pick(4)]!,
      addDays(TODAY, pick(240) - 150),
      statuses[pick(5)]!,
      {
        minute: 480 + 5 * pick(120),
      },
    );
    const earlier = book[pick(book.length)];
    if (earlier && pick(5) === 0) a.rebookOf = earlier.id;
    book.push(a);
  }
  return book;
}

const byMonth = (book: readonly Appointment[]) => {
  const docs = new Map<string, Appointment[]>();
  for (const a of book) {
    const month = localDateOf(a.start, TZ).slice(0, 7);
    docs.set(month, [...(docs.get(month) ?? []), a]);
  }
  return [...docs.values()];
};

describe('RECOVER-2: mergeVisitSummaries', () => {
  it('drops a missed visit of one month when a later month’s document rebooks it, in either order', () => {
    const missed = appt(ANA, 'adjustment', '2026-05-20', 'missed');
    const may = summaryOf([missed]);
    const june = summaryOf([appt(ANA, 'adjustment', '2026-06-10', 'scheduled')]);
    expect(may.unrebooked).toHaveLength(1);
    expect(mergeVisitSummaries(may, june).unrebooked).toEqual([]);
    expect(mergeVisitSummaries(june, may).unrebooked).toEqual([]);
    expect(mergeVisitSummaries(june, may).latestBooked?.on).toBe('2026-06-10');
  });

  it('drops a missed visit named by a rebooking in another document', () => {
    const missed = appt(ANA, 'adjustment', '2026-05-20', 'missed');
    const rebooked = appt(ANA, 'emergency', '2026-06-02', 'scheduled', { rebookOf: missed.id });
    expect(mergeVisitSummaries(summaryOf([missed]), summaryOf([rebooked])).unrebooked).toEqual([]);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'combines per-month summaries into what summarizing every appointment gives (seed %i)',
    (seed) => {
      const book = randomBook(seed);
      const whole = summarize(book);
      const docs = byMonth(book).map((doc) => summarize(doc));
      expect(combineSummaries(docs)).toEqual(whole);
      expect(combineSummaries([...docs].reverse())).toEqual(whole);
    },
  );

  it('is associative and idempotent', () => {
    const docs = byMonth(randomBook(42))
      .map((doc) => summarize(doc).get(ANA))
      .filter((s) => s !== undefined);
    expect(docs.length).toBeGreaterThanOrEqual(3);
    const [a, b, c] = docs as [VisitSummary, VisitSummary, VisitSummary];
    expect(mergeVisitSummaries(mergeVisitSummaries(a, b), c)).toEqual(
      mergeVisitSummaries(a, mergeVisitSummaries(b, c)),
    );
    expect(mergeVisitSummaries(a, a)).toEqual(a);
  });

  it('refuses summaries of two patients', () => {
    expect(() =>
      mergeVisitSummaries(summaryOf([appt(ANA, 'adjustment', ago(1), 'completed')]), {
        patientId: BEN,
        unrebooked: [],
        latestByStage: {},
        rebookOf: [],
      }),
    ).toThrow();
  });
});

describe('RECOVER-3: recoveryLists', () => {
  const lists = (
    book: readonly Appointment[],
    activePatients: readonly { patientId: string; intervalWeeks?: number }[] = [],
    lookbackDays?: number,
  ) =>
    recoveryLists({
      summaries: summarize(book).values(),
      activePatients,
      today: TODAY,
      ...(lookbackDays === undefined ? {} : { lookbackDays }),
    });

  it('lists missed and cancelled visits not rebooked, oldest first, with their age in days', () => {
    const old = appt(BEN, 'adjustment', ago(20), 'missed');
    const recent = appt(ANA, 'records', ago(2), 'cancelled');
    const ahead = appt(CY, 'adjustment', inDays(3), 'cancelled');
    const { unrebooked } = lists([ahead, recent, old]);
    expect(unrebooked.map((r) => [r.patientId, r.appointmentId, r.status, r.daysAgo])).toEqual([
      [BEN, old.id, 'missed', 20],
      [ANA, recent.id, 'cancelled', 2],
      [CY, ahead.id, 'cancelled', -3],
    ]);
    expect(unrebooked[0]).toMatchObject({ start: old.start, on: ago(20), stage: 'adjustment' });
  });

  it('drops missed visits older than the lookback (90 days by default)', () => {
    const book = [appt(ANA, 'adjustment', ago(90), 'missed'), appt(BEN, 'adjustment', ago(91), 'missed')];
    expect(lists(book).unrebooked.map((r) => r.patientId)).toEqual([ANA]);
    expect(lists(book, [], 30).unrebooked).toEqual([]);
  });

  it('lists active patients with no future visit, longest since the last visit first, never-seen last', () => {
    const book = [
      appt(ANA, 'retainer-check', ago(30), 'completed'),
      appt(BEN, 'consult', ago(200), 'completed'),
      appt(CY, 'adjustment', inDays(10), 'scheduled'),
    ];
    const { noFutureVisit } = lists(book, [
      { patientId: DEE },
      { patientId: ANA },
      { patientId: BEN },
      { patientId: CY },
    ]);
    expect(noFutureVisit).toEqual([
      { patientId: BEN, lastVisitOn: ago(200), daysSinceLastVisit: 200 },
      { patientId: ANA, lastVisitOn: ago(30), daysSinceLastVisit: 30 },
      { patientId: DEE },
    ]);
  });

  it('counts a visit later today as a future visit, and a booked day already gone as none', () => {
    const today = appt(ANA, 'adjustment', TODAY, 'scheduled', { minute: 8 * 60 });
    const gone = appt(BEN, 'adjustment', ago(1), 'scheduled');
    const { noFutureVisit } = lists([today, gone], [{ patientId: ANA }, { patientId: BEN }]);
    expect(noFutureVisit.map((r) => r.patientId)).toEqual([BEN]);
  });

  it('keeps answering from a summary made days ago: a next visit that has passed no longer counts', () => {
    const lastWeek = instantAt(ago(7), 600, TZ);
    const summaries = summarizeVisits([appt(ANA, 'adjustment', ago(3), 'confirmed')], TYPES, lastWeek, TZ);
    expect(summaries.get(ANA)?.nextVisit).toBeDefined();
    const { noFutureVisit } = recoveryLists({
      summaries: summaries.values(),
      activePatients: [{ patientId: ANA }],
      today: TODAY,
    });
    expect(noFutureVisit.map((r) => r.patientId)).toEqual([ANA]);
  });

  it('lists patients past their adjustment interval with no future visit, most overdue first', () => {
    const book = [
      appt(ANA, 'adjustment', ago(49), 'completed'),
      appt(BEN, 'adjustment', ago(70), 'completed'),
      appt(BEN, 'emergency', ago(5), 'completed'),
      // Six weeks exactly: due today, not overdue yet.
      appt(CY, 'adjustment', ago(42), 'completed'),
    ];
    const { overdue, noFutureVisit } = lists(book, [
      { patientId: ANA },
      { patientId: BEN },
      { patientId: CY },
    ]);
    expect(overdue).toEqual([
      { patientId: BEN, lastVisitOn: ago(70), intervalWeeks: 6, dueOn: ago(28), daysOverdue: 28 },
      { patientId: ANA, lastVisitOn: ago(49), intervalWeeks: 6, dueOn: ago(7), daysOverdue: 7 },
    ]);
    expect(noFutureVisit.map((r) => r.patientId)).toEqual([CY]);
  });

  it('uses each patient’s own interval', () => {
    const book = [appt(ANA, 'adjustment', ago(49), 'completed')];
    expect(lists(book, [{ patientId: ANA, intervalWeeks: 8 }]).overdue).toEqual([]);
    expect(lists(book, [{ patientId: ANA, intervalWeeks: 4 }]).overdue[0]?.daysOverdue).toBe(21);
  });

  it('counts the bonding as the start of the rhythm', () => {
    const { overdue } = lists([appt(ANA, 'bonding', ago(50), 'completed')], [{ patientId: ANA }]);
    expect(overdue.map((r) => r.lastVisitOn)).toEqual([ago(50)]);
  });

  it('does not call a patient in retention overdue for an adjustment', () => {
    const book = [appt(ANA, 'adjustment', ago(120), 'completed'), appt(ANA, 'debond', ago(80), 'completed')];
    const { overdue, noFutureVisit } = lists(book, [{ patientId: ANA }]);
    expect(overdue).toEqual([]);
    expect(noFutureVisit).toEqual([{ patientId: ANA, lastVisitOn: ago(80), daysSinceLastVisit: 80 }]);
  });

  it('does not list a patient with a future visit as overdue', () => {
    const book = [
      appt(ANA, 'adjustment', ago(70), 'completed'),
      appt(ANA, 'adjustment', inDays(2), 'scheduled'),
    ];
    expect(lists(book, [{ patientId: ANA }])).toEqual({ unrebooked: [], noFutureVisit: [], overdue: [] });
  });

  it('puts a patient in one list only: a missed visit comes before overdue', () => {
    const book = [appt(ANA, 'adjustment', ago(70), 'completed'), appt(ANA, 'adjustment', ago(20), 'missed')];
    const result = lists(book, [{ patientId: ANA }, { patientId: ANA }]);
    expect(result.unrebooked.map((r) => r.patientId)).toEqual([ANA]);
    expect(result.overdue).toEqual([]);
    expect(result.noFutureVisit).toEqual([]);
  });

  it('ignores patients who are not active, except for their missed visits', () => {
    const book = [appt(ANA, 'adjustment', ago(70), 'completed'), appt(BEN, 'consult', ago(4), 'missed')];
    const result = lists(book, []);
    expect(result.overdue).toEqual([]);
    expect(result.noFutureVisit).toEqual([]);
    expect(result.unrebooked.map((r) => r.patientId)).toEqual([BEN]);
  });

  it('merges several summaries of one patient before deciding', () => {
    const missed = appt(ANA, 'adjustment', '2026-05-20', 'missed');
    const may = summaryOf([missed]);
    const june = summaryOf([appt(ANA, 'adjustment', '2026-06-10', 'scheduled')]);
    expect(
      recoveryLists({ summaries: [may, june], activePatients: [{ patientId: ANA }], today: TODAY }),
    ).toEqual({ unrebooked: [], noFutureVisit: [], overdue: [] });
  });
});

describe('summarizeBook', () => {
  it('reads each location’s visits in its own time zone and combines them per patient', () => {
    // 11:30 pm in Chicago on the 19th is the 20th in New York: the day a visit is on is local.
    const chicago = appt(ANA, 'adjustment', '2026-05-19', 'missed', { minute: 23 * 60 + 30 });
    const newYork = {
      ...appt(ANA, 'adjustment', '2026-04-01', 'completed'),
      locationId: 'loc_0000000000000002',
    };
    const zones: Record<string, string> = {
      loc_0000000000000001: TZ,
      loc_0000000000000002: 'America/New_York',
    };
    const summary = summarizeBook([chicago, newYork], TYPES, NOW, (id) => zones[id]!).get(ANA)!;
    expect(summary.unrebooked.map((u) => u.on)).toEqual(['2026-05-19']);
    expect(summary.lastAdjustment?.on).toBe(localDateOf(newYork.start, 'America/New_York'));
  });
});
