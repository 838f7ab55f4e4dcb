/**
 * The book drives the case, on one device and on two that act apart and merge. Every two-device
 * test merges the two devices' updates in both orders and expects the same documents and the same
 * linkage on both (BOOK-102: derived from the book, never stored).
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { examRoundStart } from '../pipeline/pipeline.ts';
import { localOrigin } from '../documents/origins.ts';
import type { WriteContext } from '../documents/collection.ts';
import { addOption, changeCaseStatus, openCase, readChart } from '../pipeline/chart-doc.ts';
import { addTask, readComms } from '../comms/comms-doc.ts';
import { DEFAULT_FOLLOW_UP_CADENCE } from '../pipeline/follow-up.ts';
import { readSchedule, updateAppointment, bookAppointment } from './schedule-doc.ts';
import type { Appointment, OrthoStage } from './schedule.schema.ts';
import type { VisitHappening } from '../pipeline/case.schema.ts';
import { caseStatusFromBook, consultLinkage, linkedVisitOf, type LinkedVisit } from './consult-linkage.ts';
import {
  FOLLOW_VISIT,
  applyVisitToCase,
  bookLinkedVisit,
  type VisitCaseEnv,
} from './consult-linkage.workflow.ts';
import { createCommands, recordingEnv, type CommandEnv } from '../documents/commands.ts';
import { userContext } from '../test-support/fixtures.ts';
import { deniedReason, mayAdd } from '../identity/permissions.ts';

const PATIENT = 'pat_0000000000000001';
const LOCATION = 'loc_0000000000000001';
const CHAIR = 'chr_0000000000000001';
const CONSULT_TYPE = 'apt_type00000000001';
const ENV: VisitCaseEnv = { cadence: DEFAULT_FOLLOW_UP_CADENCE, today: '2026-06-01' };
const WEEKS = ['2026-06-01', '2026-06-08', '2026-06-15'] as const;
type Week = (typeof WEEKS)[number];

function context(actor: string, device: string, at: string): WriteContext {
  let ms = Date.parse(at);
  return { origin: localOrigin(actor, device), now: () => new Date((ms += 1000)).toISOString() };
}

/** One device's copies of the patient's chart and comms and of three weeks of the book. */
class Device {
  chart = new Y.Doc();
  comms = new Y.Doc();
  weeks = new Map<Week, Y.Doc>(WEEKS.map((w) => [w, new Y.Doc()]));
  constructor(readonly ctx: WriteContext) {}

  docs() {
    return [this.chart, this.comms, ...this.weeks.values()];
  }
  week(w: Week) {
    return this.weeks.get(w)!;
  }
  appointments(): Appointment[] {
    return [...this.weeks.values()].flatMap((doc) => readSchedule(doc).appointments);
  }
  visits(): LinkedVisit[] {
    return this.appointments().map((a) => linkedVisitOf(a, 'consult'));
  }
  theCase() {
    return readChart(this.chart).cases[0]!;
  }
  linkage() {
    const chart = readChart(this.chart);
    const theCase = chart.cases[0]!;
    return consultLinkage(this.visits(), theCase.id, examRoundStart(theCase, chart.events));
  }
  /** Books a consult in a week through the workflow. */
  book(w: Week, start: string) {
    const result = bookLinkedVisit(
      { schedule: this.week(w), chart: this.chart, comms: this.comms },
      this.ctx,
      {
        patientId: PATIENT,
        locationId: LOCATION,
        chairId: CHAIR,
        typeId: CONSULT_TYPE,
        start,
        minutes: 60,
        status: 'scheduled',
      },
      { stage: 'consult', visits: this.visits(), visitOn: start.slice(0, 10) },
      ENV,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value;
  }
  /** Changes a visit in its week document, then lets the case follow. */
  change(
    id: string,
    w: Week,
    patch: Parameters<typeof updateAppointment>[3],
    what: Parameters<typeof applyVisitToCase>[2]['what'],
    reason?: string,
  ) {
    const updated = updateAppointment(this.week(w), this.ctx, id, patch);
    if (!updated.ok || !updated.value) throw new Error('update failed');
    return this.follow(updated.value, what, reason);
  }
  follow(appointment: Appointment, what: Parameters<typeof applyVisitToCase>[2]['what'], reason?: string) {
    const result = applyVisitToCase(
      { chart: this.chart, comms: this.comms },
      this.ctx,
      {
        visit: linkedVisitOf(appointment, 'consult' as OrthoStage),
        what,
        visits: this.visits(),
        visitOn: appointment.start.slice(0, 10),
        ...(reason ? { reason } : {}),
      },
      ENV,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value;
  }
  /** Moves a visit into another week as the book does: a new booking there, the old one rescheduled. */
  moveToWeek(id: string, from: Week, to: Week, start: string) {
    const old = readSchedule(this.week(from)).appointments.find((a) => a.id === id)!;
    const booked = bookAppointment(this.week(to), this.ctx, {
      patientId: old.patientId,
      locationId: old.locationId,
      chairId: old.chairId,
      typeId: old.typeId,
      caseId: old.caseId,
      start,
      minutes: old.minutes,
      status: 'scheduled',
      rebookOf: old.id,
    });
    if (!booked.ok) throw new Error('rebook failed');
    updateAppointment(this.week(from), this.ctx, id, { status: 'rescheduled', rebookedAs: booked.value.id });
    return { appointment: booked.value, outcome: this.follow(booked.value, 'moved') };
  }
}

function copyOf(device: Device, ctx: WriteContext): Device {
  const copy = new Device(ctx);
  device.docs().forEach((doc, i) => Y.applyUpdate(copy.docs()[i]!, Y.encodeStateAsUpdate(doc)));
  return copy;
}

/** Both devices' changes since `base`, applied to two fresh replicas in the two orders. */
function mergeBothOrders(base: Device, a: Device, b: Device): [Device, Device] {
  const ab = copyOf(base, a.ctx);
  const ba = copyOf(base, b.ctx);
  const diff = (from: Device, to: Device) =>
    from.docs().map((doc, i) => Y.encodeStateAsUpdate(doc, Y.encodeStateVector(to.docs()[i]!)));
  const fromA = diff(a, base);
  const fromB = diff(b, base);
  ab.docs().forEach((doc, i) => {
    Y.applyUpdate(doc, fromA[i]!);
    Y.applyUpdate(doc, fromB[i]!);
  });
  ba.docs().forEach((doc, i) => {
    Y.applyUpdate(doc, fromB[i]!);
    Y.applyUpdate(doc, fromA[i]!);
  });
  return [ab, ba];
}

function expectSame(x: Device, y: Device) {
  x.docs().forEach((doc, i) => expect(doc.toJSON()).toEqual(y.docs()[i]!.toJSON()));
  expect(x.linkage()).toEqual(y.linkage());
}

/** A device with a new inquiry and its first-contact task. */
function inquiryDevice(): Device {
  const device = new Device(context('stf_front000000000', 'dev_front000000000', '2026-05-30T15:00:00.000Z'));
  const opened = openCase(device.chart, device.ctx, { patientId: PATIENT, type: 'comprehensive' });
  if (!opened.ok) throw new Error('open failed');
  addTask(device.comms, device.ctx, {
    patientId: PATIENT,
    caseId: opened.value.id,
    kind: 'first-contact',
    due: '2026-05-30',
    step: 0,
  });
  return device;
}

const openTasks = (device: Device) => readComms(device.comms).tasks.filter((t) => t.status === 'open');

describe('one device', () => {
  it('BOOK-101, BOOK-103: booking a consult links it to the inquiry and moves the case to exam booked', () => {
    const device = inquiryDevice();
    const { appointment, linked } = device.book('2026-06-01', '2026-06-02T14:00:00.000Z');
    expect(appointment.caseId).toBe(device.theCase().id);
    expect(linked?.moved).toBe('exam');
    expect(device.theCase()).toMatchObject({ status: 'exam', examAt: '2026-06-02T14:00:00.000Z' });
    // The call-back task closes: the exam is booked.
    expect(openTasks(device)).toEqual([]);
  });

  it('BOOK-103: moving the consult keeps the case at exam booked with the new time', () => {
    const device = inquiryDevice();
    const { appointment } = device.book('2026-06-01', '2026-06-02T14:00:00.000Z');
    device.change(appointment.id, '2026-06-01', { start: '2026-06-03T15:00:00.000Z' }, 'moved');
    expect(device.theCase()).toMatchObject({ status: 'exam', examAt: '2026-06-03T15:00:00.000Z' });
    const { appointment: moved } = device.moveToWeek(
      appointment.id,
      '2026-06-01',
      '2026-06-08',
      '2026-06-09T15:00:00.000Z',
    );
    expect(device.linkage().current?.id).toBe(moved.id);
    expect(device.theCase().examAt).toBe('2026-06-09T15:00:00.000Z');
  });

  it('BOOK-103: cancelling the consult sends the case back to inquiry with a call to rebook', () => {
    const device = inquiryDevice();
    const { appointment } = device.book('2026-06-01', '2026-06-02T14:00:00.000Z');
    const outcome = device.change(
      appointment.id,
      '2026-06-01',
      { status: 'cancelled', cancelledBy: 'patient' },
      'cancelled',
      'sick',
    );
    expect(outcome?.moved).toBe('inquiry');
    expect(device.theCase().status).toBe('inquiry');
    expect(openTasks(device).map((t) => t.kind)).toEqual(['first-contact']);
    const events = readChart(device.chart).events;
    expect(events.at(-2)).toMatchObject({ from: 'exam', to: 'inquiry', reason: 'Consult cancelled: sick' });
  });

  it('BOOK-104: a missed consult stays at exam booked, shows as missed and gets a follow-up on the cadence', () => {
    const device = inquiryDevice();
    const { appointment } = device.book('2026-06-01', '2026-06-02T14:00:00.000Z');
    device.change(appointment.id, '2026-06-01', { status: 'missed' }, 'missed');
    expect(device.theCase().status).toBe('exam');
    expect(device.linkage().state).toBe('missed');
    expect(openTasks(device)).toMatchObject([{ kind: 'missed-exam', due: '2026-06-04', step: 0 }]);
    // Rebooking closes the follow-up.
    device.book('2026-06-08', '2026-06-10T14:00:00.000Z');
    expect(openTasks(device)).toEqual([]);
    expect(device.linkage().state).toBe('booked');
  });

  it('BOOK-105, BOOK-106: the case’s history shows its visits; arriving asks for the exam outcome, dated by the visit', () => {
    const device = inquiryDevice();
    const { appointment } = device.book('2026-06-01', '2026-06-02T14:00:00.000Z');
    const outcome = device.change(appointment.id, '2026-06-01', { status: 'arrived' }, 'arrived');
    expect(outcome?.offer).toBe('record-exam-outcome');
    expect(outcome?.visitOn).toBe('2026-06-02');
    const notes = readChart(device.chart)
      .events.filter((e) => e.visit)
      .map((e) => e.visit!.what);
    expect(notes).toEqual(['booked', 'arrived']);
    expect(device.linkage().state).toBe('held');
  });

  it('BOOK-103: front desk books a consult: the case is left to the book, the note and the tasks are written', () => {
    const device = inquiryDevice();
    const desk: VisitCaseEnv = {
      ...ENV,
      mayMoveCase: false,
      mayNote: (note, theCase) => mayAdd('front-desk', 'chart', 'caseEvents', note, theCase),
    };
    const booked = bookLinkedVisit(
      { schedule: device.week('2026-06-01'), chart: device.chart, comms: device.comms },
      device.ctx,
      {
        patientId: PATIENT,
        locationId: LOCATION,
        chairId: CHAIR,
        typeId: CONSULT_TYPE,
        start: '2026-06-02T14:00:00.000Z',
        minutes: 60,
        status: 'scheduled',
      },
      { stage: 'consult', visits: [], visitOn: '2026-06-02' },
      desk,
    );
    if (!booked.ok) throw new Error('book failed');
    expect(device.theCase().status).toBe('inquiry');
    expect(caseStatusFromBook(device.theCase().status, device.linkage())).toBe('exam');
    expect(
      readChart(device.chart)
        .events.filter((e) => e.visit)
        .map((e) => e.to),
    ).toEqual(['inquiry']);
    expect(openTasks(device)).toEqual([]);
    // The coordinator marks the patient arrived: the case catches up with the book.
    const arrived = device.change(
      booked.value.appointment.id,
      '2026-06-01',
      { status: 'arrived' },
      'arrived',
    );
    expect(arrived?.moved).toBe('exam');
  });

  it('BOOK-103: through the executor, front desk’s booking notes the visit but leaves the case to the book; the coordinator’s moves it, audited for the patient', () => {
    const run = (env: CommandEnv) => {
      const device = inquiryDevice();
      const booked = bookAppointment(device.week('2026-06-01'), device.ctx, {
        patientId: PATIENT,
        locationId: LOCATION,
        chairId: CHAIR,
        typeId: CONSULT_TYPE,
        caseId: device.theCase().id,
        start: '2026-06-02T14:00:00.000Z',
        minutes: 60,
        status: 'scheduled',
      });
      if (!booked.ok) throw new Error('book failed');
      const result = createCommands(env)
        .forPatient(PATIENT)
        .workflow(
          FOLLOW_VISIT,
          { chart: device.chart, comms: device.comms },
          {
            visit: linkedVisitOf(booked.value, 'consult' as OrthoStage),
            what: 'booked',
            visits: [linkedVisitOf(booked.value, 'consult' as OrthoStage)],
            visitOn: '2026-06-02',
          },
          ENV,
        );
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      const notes = readChart(device.chart)
        .events.filter((e) => e.visit)
        .map((e) => e.to);
      return { status: device.theCase().status, notes, moved: result.value.outcome?.moved };
    };
    const deskEnv = recordingEnv(
      () => userContext(),
      (kind) => deniedReason('front-desk', kind, 'write'),
    );
    const desk = run({
      ...deskEnv,
      mayAdd: (kind, collection, entry, related) => mayAdd('front-desk', kind, collection, entry, related),
    });
    expect(desk).toEqual({ status: 'inquiry', notes: ['inquiry'], moved: undefined });

    const coordinatorEnv = recordingEnv(() => userContext());
    expect(run(coordinatorEnv)).toEqual({ status: 'exam', notes: ['exam'], moved: 'exam' });
    expect(coordinatorEnv.notes.length).toBeGreaterThan(0);
    expect(coordinatorEnv.notes.every((n) => n.patientId === PATIENT)).toBe(true);
  });

  /** Runs FOLLOW_VISIT through the executor as front desk (the app's permission mirror). */
  function asFrontDesk(device: Device, appointment: Appointment, stage: OrthoStage, what: VisitHappening) {
    const env = recordingEnv(
      () => device.ctx,
      (kind) => deniedReason('front-desk', kind, 'write'),
    );
    const result = createCommands({
      ...env,
      mayAdd: (kind, collection, entry, related) => mayAdd('front-desk', kind, collection, entry, related),
    })
      .forPatient(PATIENT)
      .workflow(
        FOLLOW_VISIT,
        { chart: device.chart, comms: device.comms },
        {
          visit: linkedVisitOf(appointment, stage),
          what,
          visits: [linkedVisitOf(appointment, stage)],
          visitOn: appointment.start.slice(0, 10),
        },
        ENV,
      );
    return { result, notes: env.notes };
  }

  /** A device whose patient has a case in treatment (moved there by the coordinator). */
  function startedDevice(): Device {
    const device = new Device(
      context('stf_tc0000000000000', 'dev_tc000000000000', '2026-05-01T15:00:00.000Z'),
    );
    const opened = openCase(device.chart, device.ctx, { patientId: PATIENT, type: 'comprehensive' });
    if (!opened.ok) throw new Error('open failed');
    const option = addOption(device.chart, device.ctx, {
      caseId: opened.value.id,
      name: 'Metal braces',
      appliance: 'metal-braces',
      feeCents: 600_000,
      months: 24,
      recommended: true,
    });
    if (!option.ok) throw new Error('option failed');
    for (const change of [
      { to: 'exam' as const },
      { to: 'recommended' as const, examOutcome: 'treatment-recommended' as const },
      { to: 'accepted' as const, optionId: option.value.id },
      { to: 'started' as const, startDate: '2026-05-20' },
    ]) {
      const moved = changeCaseStatus(device.chart, device.ctx, opened.value.id, change);
      if (!moved.ok) throw new Error(JSON.stringify(moved.error));
    }
    return device;
  }

  it('PERM-10, BOOK-105: front desk checking a patient in for an adjustment on a case in treatment writes the visit note at started', () => {
    const device = startedDevice();
    const caseId = device.theCase().id;
    const booked = bookAppointment(device.week('2026-06-01'), device.ctx, {
      patientId: PATIENT,
      locationId: LOCATION,
      chairId: CHAIR,
      typeId: 'apt_type00000000002',
      caseId,
      start: '2026-06-02T14:00:00.000Z',
      minutes: 20,
      status: 'arrived',
    });
    if (!booked.ok) throw new Error('book failed');
    const movesBefore = readChart(device.chart).events.filter((e) => !e.visit).length;
    const { result, notes } = asFrontDesk(device, booked.value, 'adjustment', 'arrived');
    expect(result.ok).toBe(true);
    expect(device.theCase().status).toBe('started');
    const events = readChart(device.chart).events;
    expect(events.filter((e) => !e.visit)).toHaveLength(movesBefore);
    expect(events.filter((e) => e.visit)).toMatchObject([
      {
        caseId,
        to: 'started',
        visit: { appointmentId: booked.value.id, stage: 'adjustment', what: 'arrived' },
      },
    ]);
    expect(events.find((e) => e.visit)).not.toHaveProperty('from');
    expect(notes).toEqual([]);
  });

  it('PERM-10, BOOK-103: front desk cancelling a booked consult skips the move back to inquiry quietly and notes the visit at exam', () => {
    const device = inquiryDevice();
    const { appointment } = device.book('2026-06-01', '2026-06-02T14:00:00.000Z');
    expect(device.theCase().status).toBe('exam');
    const cancelled = updateAppointment(device.week('2026-06-01'), device.ctx, appointment.id, {
      status: 'cancelled',
      cancelledBy: 'patient',
    });
    if (!cancelled.ok || !cancelled.value) throw new Error('cancel failed');
    const { result } = asFrontDesk(device, cancelled.value, 'consult', 'cancelled');
    expect(result.ok && result.value.outcome?.moved).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(device.theCase().status).toBe('exam');
    const last = readChart(device.chart).events.at(-1);
    expect(last).toMatchObject({ to: 'exam', visit: { what: 'cancelled' } });
    expect(last).not.toHaveProperty('from');
  });

  it('a visit without a case changes no chart', () => {
    const device = inquiryDevice();
    const booked = bookAppointment(device.week('2026-06-01'), device.ctx, {
      patientId: PATIENT,
      locationId: LOCATION,
      chairId: CHAIR,
      typeId: CONSULT_TYPE,
      start: '2026-06-02T14:00:00.000Z',
      minutes: 60,
      status: 'scheduled',
    });
    if (!booked.ok) throw new Error('book failed');
    const before = device.chart.toJSON();
    expect(device.follow(booked.value, 'booked')).toBeNull();
    expect(device.chart.toJSON()).toEqual(before);
  });
});

describe('two devices apart, merged in both orders', () => {
  it('BOOK-102: two bookings of one consult: the first booked is the consult, the other a duplicate', () => {
    const base = inquiryDevice();
    const front = copyOf(
      base,
      context('stf_front000000000', 'dev_front000000000', '2026-05-31T09:00:00.000Z'),
    );
    const tc = copyOf(base, context('stf_tc0000000000000', 'dev_tc000000000000', '2026-05-31T09:05:00.000Z'));
    const first = front.book('2026-06-01', '2026-06-04T14:00:00.000Z').appointment;
    const second = tc.book('2026-06-08', '2026-06-09T16:00:00.000Z').appointment;
    const [ab, ba] = mergeBothOrders(base, front, tc);
    expectSame(ab, ba);
    expect(ab.linkage().current?.id).toBe(first.id);
    expect(ab.linkage().duplicates.map((v) => v.id)).toEqual([second.id]);
    expect(ab.theCase().status).toBe('exam');
    expect(openTasks(ab)).toEqual([]);
    expect(readChart(ab.chart).events.filter((e) => e.visit?.what === 'booked')).toHaveLength(2);
  });

  it('BOOK-102: two moves of one consult into different weeks: the move its original names wins', () => {
    const base = inquiryDevice();
    const { appointment } = base.book('2026-06-01', '2026-06-02T14:00:00.000Z');
    const a = copyOf(base, context('stf_front000000000', 'dev_front000000000', '2026-05-31T09:00:00.000Z'));
    const b = copyOf(base, context('stf_tc0000000000000', 'dev_tc000000000000', '2026-05-31T09:05:00.000Z'));
    const toA = a.moveToWeek(
      appointment.id,
      '2026-06-01',
      '2026-06-08',
      '2026-06-09T14:00:00.000Z',
    ).appointment;
    const toB = b.moveToWeek(
      appointment.id,
      '2026-06-01',
      '2026-06-15',
      '2026-06-16T14:00:00.000Z',
    ).appointment;
    const [ab, ba] = mergeBothOrders(base, a, b);
    expectSame(ab, ba);
    const original = ab.appointments().find((x) => x.id === appointment.id)!;
    const winner = original.rebookedAs!;
    expect([toA.id, toB.id]).toContain(winner);
    expect(ab.linkage().current?.id).toBe(winner);
    expect(ab.linkage().duplicates.map((v) => v.id)).toEqual([winner === toA.id ? toB.id : toA.id]);
  });

  it('BOOK-102: a move within the week and a move into another week: the visit in the other week is the consult', () => {
    const base = inquiryDevice();
    const { appointment } = base.book('2026-06-01', '2026-06-02T14:00:00.000Z');
    const a = copyOf(base, context('stf_front000000000', 'dev_front000000000', '2026-05-31T09:00:00.000Z'));
    const b = copyOf(base, context('stf_tc0000000000000', 'dev_tc000000000000', '2026-05-31T09:05:00.000Z'));
    a.change(appointment.id, '2026-06-01', { start: '2026-06-05T14:00:00.000Z' }, 'moved');
    const moved = b.moveToWeek(
      appointment.id,
      '2026-06-01',
      '2026-06-08',
      '2026-06-10T14:00:00.000Z',
    ).appointment;
    const [ab, ba] = mergeBothOrders(base, a, b);
    expectSame(ab, ba);
    expect(ab.linkage()).toMatchObject({ current: { id: moved.id }, duplicates: [], state: 'booked' });
  });

  it('BOOK-103: one device cancels while the other moves the consult: the book decides the stage on both', () => {
    const base = inquiryDevice();
    const { appointment } = base.book('2026-06-01', '2026-06-02T14:00:00.000Z');
    const a = copyOf(base, context('stf_front000000000', 'dev_front000000000', '2026-05-31T09:00:00.000Z'));
    const b = copyOf(base, context('stf_tc0000000000000', 'dev_tc000000000000', '2026-05-31T09:05:00.000Z'));
    a.change(appointment.id, '2026-06-01', { status: 'cancelled', cancelledBy: 'patient' }, 'cancelled');
    const moved = b.moveToWeek(
      appointment.id,
      '2026-06-01',
      '2026-06-08',
      '2026-06-10T14:00:00.000Z',
    ).appointment;
    const [ab, ba] = mergeBothOrders(base, a, b);
    expectSame(ab, ba);
    // The move booked a new visit that its original names: a consult is booked.
    expect(ab.linkage().current?.id).toBe(moved.id);
    // The stored status came from the cancel alone; the book says exam booked, on both devices.
    expect(ab.theCase().status).toBe('inquiry');
    expect(caseStatusFromBook(ab.theCase().status, ab.linkage())).toBe('exam');
    // The next change to the visit writes what the book says.
    const confirmed = ab.change(moved.id, '2026-06-08', { status: 'confirmed' }, 'confirmed');
    expect(confirmed?.moved).toBe('exam');
    expect(ab.theCase().status).toBe('exam');
  });
});
