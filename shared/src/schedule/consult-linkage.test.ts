import { describe, expect, it } from 'vitest';
import { examRoundStart, type PipelineItem } from '../pipeline/pipeline.ts';
import {
  caseForVisit,
  caseStatusFromBook,
  consultLinkage,
  consultVisitsOf,
  itemsWithBook,
  keptExams,
  recentKeptExams,
  visitNoteText,
  visitEffect,
  type LinkedVisit,
} from './consult-linkage.ts';

const CASE = 'cas_0000000000000001';
const PATIENT = 'pat_0000000000000001';
const LOCATION = 'loc_0000000000000001';

function visit(id: string, over: Partial<LinkedVisit> = {}): LinkedVisit {
  return {
    id,
    patientId: PATIENT,
    locationId: LOCATION,
    caseId: CASE,
    stage: 'consult',
    status: 'scheduled',
    start: '2026-06-02T14:00:00.000Z',
    createdAt: '2026-05-20T10:00:00.000Z',
    ...over,
  };
}

/** A case on the board before its exam. */
function item(over: Partial<PipelineItem> = {}): PipelineItem {
  return {
    patientId: PATIENT,
    caseId: CASE,
    type: 'comprehensive',
    status: 'inquiry',
    statusAt: '2026-05-20T09:00:00.000Z',
    createdAt: '2026-05-20T09:00:00.000Z',
    valueCents: 0,
    roundStart: '2026-05-20T09:00:00.000Z',
    ...over,
  };
}

describe('caseForVisit', () => {
  const cases = [
    { id: 'cas_old', status: 'declined' as const, createdAt: '2025-01-01T00:00:00.000Z' },
    { id: 'cas_inq', status: 'inquiry' as const, createdAt: '2026-05-01T00:00:00.000Z' },
    { id: 'cas_obs', status: 'observation' as const, createdAt: '2026-05-10T00:00:00.000Z' },
  ];

  it('BOOK-101: a consult joins the open inquiry before an observation recall', () => {
    expect(caseForVisit('consult', cases)).toBe('cas_inq');
  });

  it('BOOK-101: an observation recall visit joins the observation case; a bonding needs an accepted case', () => {
    expect(caseForVisit('observation', cases)).toBe('cas_obs');
    expect(caseForVisit('bonding', cases)).toBeNull();
    expect(
      caseForVisit('bonding', [
        ...cases,
        { id: 'cas_acc', status: 'accepted', createdAt: '2026-05-15T00:00:00.000Z' },
      ]),
    ).toBe('cas_acc');
  });

  it('BOOK-101: of two cases in the same status the newest wins; visits of other kinds join nothing', () => {
    const two = [
      { id: 'cas_a', status: 'inquiry' as const, createdAt: '2026-05-01T00:00:00.000Z' },
      { id: 'cas_b', status: 'inquiry' as const, createdAt: '2026-05-02T00:00:00.000Z' },
    ];
    expect(caseForVisit('consult', two)).toBe('cas_b');
    expect(caseForVisit('other', two)).toBeNull();
  });
});

describe('consultLinkage', () => {
  it('BOOK-102: the first booked consult is the case’s, the other is a duplicate', () => {
    const first = visit('apt_b', {
      createdAt: '2026-05-20T10:00:00.000Z',
      start: '2026-06-05T14:00:00.000Z',
    });
    const second = visit('apt_a', {
      createdAt: '2026-05-20T10:05:00.000Z',
      start: '2026-06-02T14:00:00.000Z',
    });
    const linkage = consultLinkage([second, first], CASE);
    expect(linkage.current?.id).toBe('apt_b');
    expect(linkage.duplicates.map((v) => v.id)).toEqual(['apt_a']);
    expect(linkage.state).toBe('booked');
  });

  it('BOOK-102: the same instant of booking falls to the smaller id', () => {
    const linkage = consultLinkage([visit('apt_z'), visit('apt_m')], CASE);
    expect(linkage.current?.id).toBe('apt_m');
  });

  it('BOOK-102: a consult the patient came to wins over one booked earlier', () => {
    const held = visit('apt_2', { status: 'arrived', createdAt: '2026-05-21T00:00:00.000Z' });
    const linkage = consultLinkage([visit('apt_1'), held], CASE);
    expect(linkage.current?.id).toBe('apt_2');
    expect(linkage.state).toBe('held');
  });

  it('BOOK-102: a move that lost to a concurrent move of the same visit is a duplicate', () => {
    const original = visit('apt_0', { status: 'rescheduled', rebookedAs: 'apt_win' });
    const winner = visit('apt_win', { rebookOf: 'apt_0', createdAt: '2026-05-22T00:00:00.000Z' });
    const loser = visit('apt_lose', { rebookOf: 'apt_0', createdAt: '2026-05-21T00:00:00.000Z' });
    const linkage = consultLinkage([original, loser, winner], CASE);
    expect(linkage.current?.id).toBe('apt_win');
    expect(linkage.duplicates.map((v) => v.id)).toEqual(['apt_lose']);
  });

  it('BOOK-102: with nothing booked, the latest missed or cancelled consult says where the exam stands', () => {
    const missed = visit('apt_1', { status: 'missed', start: '2026-06-01T14:00:00.000Z' });
    const cancelled = visit('apt_2', { status: 'cancelled', start: '2026-06-08T14:00:00.000Z' });
    expect(consultLinkage([missed], CASE)).toMatchObject({ current: null, state: 'missed' });
    expect(consultLinkage([missed, cancelled], CASE).state).toBe('cancelled');
    expect(consultLinkage([visit('apt_3', { status: 'rescheduled' })], CASE).state).toBe('none');
  });

  it('BOOK-102: consults before the round began (the exam that led to observation) do not count', () => {
    const original = visit('apt_1', {
      status: 'completed',
      start: '2026-01-10T15:00:00.000Z',
      createdAt: '2026-01-03T00:00:00.000Z',
    });
    const recall = visit('apt_2', {
      start: '2026-07-10T15:00:00.000Z',
      createdAt: '2026-06-20T00:00:00.000Z',
    });
    const since = examRoundStart({ id: CASE, createdAt: '2026-01-02T00:00:00.000Z' }, [
      { caseId: CASE, to: 'exam', at: '2026-01-03T00:00:00.000Z' },
      { caseId: CASE, to: 'observation', at: '2026-01-10T16:00:00.000Z' },
      {
        caseId: CASE,
        to: 'observation',
        at: '2026-06-20T00:00:00.000Z',
        visit: { appointmentId: 'apt_2', stage: 'consult', what: 'booked', start: recall.start },
      },
    ]);
    expect(since).toBe('2026-01-10T16:00:00.000Z');
    expect(consultLinkage([original, recall], CASE, since)).toMatchObject({
      current: { id: 'apt_2' },
      state: 'booked',
    });
    // A consult entered after the fact (booked after the round began, for a time before it) counts.
    const walkIn = visit('apt_3', {
      start: '2026-01-10T15:30:00.000Z',
      createdAt: '2026-01-10T18:00:00.000Z',
    });
    expect(consultLinkage([walkIn], CASE, since).current?.id).toBe('apt_3');
    // Without the round, the held original would wrongly stand for the recall.
    expect(consultLinkage([original, recall], CASE).current?.id).toBe('apt_1');
  });

  it('BOOK-103: the book decides the exam stage: a booked consult means exam booked, a cancelled one inquiry', () => {
    const booked = consultLinkage([visit('apt_1')], CASE);
    const cancelled = consultLinkage([visit('apt_1', { status: 'cancelled' })], CASE);
    const missed = consultLinkage([visit('apt_1', { status: 'missed' })], CASE);
    expect(caseStatusFromBook('inquiry', booked)).toBe('exam');
    expect(caseStatusFromBook('observation', booked)).toBe('exam');
    expect(caseStatusFromBook('exam', cancelled)).toBe('inquiry');
    expect(caseStatusFromBook('exam', missed)).toBe('exam');
    const held = consultLinkage([visit('apt_1', { status: 'arrived' })], CASE);
    expect(caseStatusFromBook('inquiry', held)).toBe('exam');
    expect(caseStatusFromBook('recommended', cancelled)).toBe('recommended');
    expect(caseStatusFromBook('inquiry', consultLinkage([], CASE))).toBe('inquiry');
  });

  it('BOOK-102: visits of other cases and other stages are not the case’s consult', () => {
    const other = visit('apt_1', { caseId: 'cas_other' });
    const bonding = visit('apt_2', { stage: 'bonding' });
    expect(consultLinkage([other, bonding], CASE).state).toBe('none');
  });
});

describe('visitEffect', () => {
  const consult = { id: 'apt_1', stage: 'consult' as const, start: '2026-06-02T14:00:00.000Z' };

  it('BOOK-103: booking a consult moves an inquiry to exam booked and closes the call-back tasks', () => {
    const effect = visitEffect({ status: 'inquiry' }, consult, 'booked', {
      linkage: consultLinkage([visit('apt_1')], CASE),
    });
    expect(effect.move).toEqual({ to: 'exam' });
    expect(effect.examAt).toBe(consult.start);
    expect(effect.closeTasks).toEqual(['missed-exam', 'first-contact']);
    expect(effect.note).toEqual({
      appointmentId: 'apt_1',
      stage: 'consult',
      what: 'booked',
      start: consult.start,
    });
  });

  it('BOOK-103: an observation recall booked as a consult moves to exam booked too', () => {
    const linkage = consultLinkage([visit('apt_1')], CASE);
    expect(visitEffect({ status: 'observation' }, consult, 'booked', { linkage }).move).toEqual({
      to: 'exam',
    });
  });

  it('BOOK-103: a cancelled consult sends the case back to inquiry, unless another consult is booked', () => {
    const none = consultLinkage([visit('apt_1', { status: 'cancelled' })], CASE);
    expect(
      visitEffect({ status: 'exam' }, consult, 'cancelled', { linkage: none, reason: 'sick' }).move,
    ).toEqual({
      to: 'inquiry',
      reason: 'Consult cancelled: sick',
    });
    const another = consultLinkage([visit('apt_1', { status: 'cancelled' }), visit('apt_2')], CASE);
    expect(visitEffect({ status: 'exam' }, consult, 'cancelled', { linkage: another }).move).toBeUndefined();
  });

  it('BOOK-104: a missed consult keeps the case at exam booked and plans a missed-exam follow-up', () => {
    const linkage = consultLinkage([visit('apt_1', { status: 'missed' })], CASE);
    const effect = visitEffect({ status: 'exam' }, consult, 'missed', { linkage, visitOn: '2026-06-02' });
    expect(effect.move).toBeUndefined();
    expect(effect.missedExamTask).toEqual({ missedOn: '2026-06-02' });
  });

  it('BOOK-106: arriving for the consult asks for the exam outcome', () => {
    expect(visitEffect({ status: 'exam' }, consult, 'arrived').offer).toBe('record-exam-outcome');
  });

  it('BOOK-106: a completed bonding of an accepted case offers to start treatment; a debond offers retention', () => {
    const bonding = { ...consult, stage: 'bonding' as const };
    expect(visitEffect({ status: 'accepted' }, bonding, 'completed').offer).toBe('start-treatment');
    expect(visitEffect({ status: 'started' }, bonding, 'completed').offer).toBeUndefined();
    const debond = { ...consult, stage: 'debond' as const };
    expect(visitEffect({ status: 'started' }, debond, 'completed').offer).toBe('retention');
    expect(visitEffect({ status: 'started' }, debond, 'arrived').offer).toBeUndefined();
  });
});

describe('itemsWithBook', () => {
  it('BOOK-103: the board shows an inquiry with a booked consult at exam booked, with the book’s time', () => {
    const [shown] = itemsWithBook([item()], [visit('apt_1')]);
    expect(shown).toMatchObject({
      status: 'exam',
      examAt: '2026-06-02T14:00:00.000Z',
      consult: { state: 'booked', appointmentId: 'apt_1', start: '2026-06-02T14:00:00.000Z' },
    });
  });

  it('BOOK-104: a missed consult shows as missed; BOOK-102: duplicates are named', () => {
    const [missed] = itemsWithBook([item({ status: 'exam' })], [visit('apt_1', { status: 'missed' })]);
    expect(missed).toMatchObject({ status: 'exam', consult: { state: 'missed', appointmentId: 'apt_1' } });
    const [twice] = itemsWithBook(
      [item({ status: 'exam' })],
      [visit('apt_1'), visit('apt_2', { createdAt: '2026-05-21T00:00:00.000Z' })],
    );
    expect(twice?.consult).toMatchObject({ state: 'booked', appointmentId: 'apt_1', duplicates: ['apt_2'] });
  });

  it('leaves cases past the exam, and cases without visits, as they are', () => {
    const recommended = item({ status: 'recommended', roundStart: undefined });
    const alone = item({ caseId: 'cas_other' });
    expect(itemsWithBook([recommended, alone], [visit('apt_1')])).toEqual([recommended, alone]);
  });
});

describe('keptExams', () => {
  it('BOOK-107: held over held and missed, in the period; cancelled and still-booked visits counted apart', () => {
    const day = (v: { start: string }) => v.start.slice(0, 10);
    const visits = [
      visit('apt_1', { status: 'completed', start: '2026-06-01T14:00:00.000Z' }),
      visit('apt_2', { status: 'arrived', start: '2026-06-02T14:00:00.000Z' }),
      visit('apt_3', { status: 'missed', start: '2026-06-03T14:00:00.000Z' }),
      visit('apt_4', { status: 'cancelled', start: '2026-06-04T14:00:00.000Z' }),
      visit('apt_5', { status: 'scheduled', start: '2026-06-05T14:00:00.000Z' }),
      visit('apt_6', { status: 'completed', start: '2026-05-01T14:00:00.000Z' }),
      visit('apt_7', { status: 'completed', stage: 'bonding', start: '2026-06-01T16:00:00.000Z' }),
    ];
    expect(keptExams(visits, '2026-06-01', '2026-06-30', day)).toEqual({
      held: 2,
      missed: 1,
      cancelled: 1,
      booked: 1,
      keptRate: 2 / 3,
    });
    expect(keptExams([], '2026-06-01', '2026-06-30', day).keptRate).toBeNull();
  });
});

describe('consultVisitsOf', () => {
  const stageOf = (typeId: string) =>
    (({ typ_consult: 'consult', typ_adjust: 'adjustment' }) as const)[typeId as 'typ_consult'];
  const row = (id: string, over: Record<string, unknown> = {}) => {
    const { stage: _stage, ...rest } = visit(id);
    return { ...rest, typeId: 'typ_consult', ...over };
  };

  it('BOOK-102: keeps the case-linked consults of the book rows, as the linkage reads them', () => {
    const rows = [
      row('apt_1', { rebookOf: 'apt_0' }),
      row('apt_2', { typeId: 'typ_adjust' }),
      row('apt_3', { caseId: undefined }),
      row('apt_4', { typeId: 'typ_unknown' }),
    ];
    expect(consultVisitsOf(rows, stageOf)).toEqual([{ ...visit('apt_1'), rebookOf: 'apt_0' }]);
  });

  it('BOOK-103: a consult the front desk booked moves the board card to exam booked, with its time', () => {
    const [shown] = itemsWithBook([item()], consultVisitsOf([row('apt_1')], stageOf));
    expect(shown?.status).toBe('exam');
    expect(shown?.examAt).toBe('2026-06-02T14:00:00.000Z');
  });
});

describe('recentKeptExams', () => {
  it('BOOK-107: counts the consults of the 30 days to today, whatever their type id, and nothing older or later', () => {
    const stageOf = (typeId: string) => (typeId === 'typ_consult' ? 'consult' : 'adjustment');
    const day = (v: { start: string }) => v.start.slice(0, 10);
    const at = (start: string, status: string, typeId = 'typ_consult') => ({
      typeId,
      status: status as LinkedVisit['status'],
      start,
      locationId: LOCATION,
    });
    const rows = [
      at('2026-06-30T14:00:00.000Z', 'completed'),
      at('2026-06-01T14:00:00.000Z', 'missed'),
      at('2026-05-31T14:00:00.000Z', 'missed'),
      at('2026-07-01T14:00:00.000Z', 'scheduled'),
      at('2026-06-15T14:00:00.000Z', 'missed', 'typ_adjust'),
    ];
    expect(recentKeptExams(rows, stageOf, '2026-06-30', day)).toEqual({
      held: 1,
      missed: 1,
      cancelled: 0,
      booked: 0,
      keptRate: 0.5,
      from: '2026-06-01',
      to: '2026-06-30',
    });
  });
});

describe('visitNoteText', () => {
  it('BOOK-105: says what happened to which visit, when', () => {
    const when = (iso: string) => iso.slice(0, 10);
    const note = { appointmentId: 'apt_1', stage: 'consult' as const, start: '2026-06-02T14:00:00.000Z' };
    expect(visitNoteText({ ...note, what: 'booked' }, when)).toBe(
      'Exam / consultation booked for 2026-06-02',
    );
    expect(visitNoteText({ ...note, what: 'missed' }, when)).toBe('Exam / consultation on 2026-06-02 missed');
    expect(visitNoteText({ ...note, stage: 'bonding', what: 'completed' }, when)).toBe(
      'Bonding / start on 2026-06-02 completed',
    );
  });
});
