import { describe, expect, it } from 'vitest';
import type { Appointment, AppointmentType, OrthoStage } from './schedule.schema.ts';
import {
  cadenceCaseOf,
  DEFAULT_CADENCE,
  planVisitSeries,
  seriesVisitsOnBook,
  typeForStage,
  type CadenceInput,
} from './cadence-plan.ts';
import { weekdayOf } from '../core/calendar.ts';

const STAMPS = {
  createdAt: '2026-01-01T12:00:00.000Z',
  createdBy: 'stf_0000000000000001',
  updatedAt: '2026-01-01T12:00:00.000Z',
  updatedBy: 'stf_0000000000000001',
};

function aType(id: string, stage: OrthoStage, name: string, active = true): AppointmentType {
  return { id, name, stage, minutes: 20, color: '#3366cc', needsDoctor: false, active, ...STAMPS };
}

const ADJ = aType('apt_adjust00000001', 'adjustment', 'Adjustment');
const ALIGNER_CHECK = aType('apt_alignchk000001', 'adjustment', 'Aligner check');
const DEBOND = aType('apt_debond00000001', 'debond', 'Debond');
const RETAINERS = aType('apt_retainer000001', 'retainer-delivery', 'Retainer delivery');
const CHECK = aType('apt_retcheck000001', 'retainer-check', 'Retainer check');
const TYPES = [ADJ, ALIGNER_CHECK, DEBOND, RETAINERS, CHECK];

/** A Monday; the six-month estimate from it ends on Sunday 2026-07-05. */
const START = '2026-01-05';

function plan(over: Partial<CadenceInput> = {}) {
  return planVisitSeries({
    caseType: 'comprehensive',
    startedOn: START,
    estimatedMonths: 6,
    today: START,
    booked: [{ stage: 'bonding', on: START }],
    types: TYPES,
    ...over,
  });
}

const dates = (p: ReturnType<typeof plan>) => p.suggestions.map((s) => `${s.key} ${s.on}`);

describe('CADENCE-1: planVisitSeries', () => {
  it('plans adjustments every six weeks, the debond at the estimate, retainers a week later, then the checks', () => {
    const result = plan();
    expect(dates(result)).toEqual([
      'adjustment-1 2026-02-16',
      'adjustment-2 2026-03-30',
      'adjustment-3 2026-05-11',
      // 2026-06-22 would be under four weeks before the debond: the debond takes its place.
      'debond 2026-07-05',
      'retainer-delivery 2026-07-12',
      'retainer-check-1 2026-08-23',
      'retainer-check-2 2026-10-04',
      'retainer-check-3 2027-01-10',
      'retainer-check-4 2027-07-11',
    ]);
    expect(result.estimatedCompletionOn).toBe('2026-07-05');
    expect(result.missingStages).toEqual([]);
  });

  it('CADENCE-2: gives each suggestion the practice’s type for its stage and a label', () => {
    const [first, , , debond, retainers, check] = plan().suggestions;
    expect(first).toEqual({
      key: 'adjustment-1',
      stage: 'adjustment',
      typeId: ADJ.id,
      on: '2026-02-16',
      label: 'Adjustment 1',
    });
    expect(debond).toMatchObject({ typeId: DEBOND.id, label: 'Debond' });
    expect(retainers).toMatchObject({ typeId: RETAINERS.id, label: 'Retainer delivery' });
    expect(check).toMatchObject({ typeId: CHECK.id, label: 'Retainer check 1' });
  });

  it('continues from the latest visit on the book, past or future, and numbers after the booked adjustments', () => {
    const result = plan({
      today: '2026-03-02',
      booked: [
        { stage: 'bonding', on: START },
        { stage: 'adjustment', on: '2026-02-16' },
        { stage: 'adjustment', on: '2026-03-30' },
      ],
    });
    expect(dates(result).slice(0, 2)).toEqual(['adjustment-3 2026-05-11', 'debond 2026-07-05']);
  });

  it('CADENCE-2: keeps its keys when a suggestion is booked, so only the booked one leaves the list', () => {
    const before = plan();
    const first = before.suggestions[0]!;
    const after = plan({
      booked: [
        { stage: 'bonding', on: START },
        { stage: first.stage, on: first.on },
      ],
    });
    expect(after.suggestions).toEqual(before.suggestions.slice(1));
  });

  it('never suggests a day before today: a patient behind gets the next visit today and the rhythm from there', () => {
    // Last seen at the bonding, ten weeks ago.
    const result = plan({ today: '2026-03-16' });
    expect(dates(result).slice(0, 3)).toEqual([
      'adjustment-1 2026-03-16',
      'adjustment-2 2026-04-27',
      'debond 2026-07-05',
    ]);
    expect(result.suggestions.every((s) => s.on >= '2026-03-16')).toBe(true);
  });

  it('puts the debond of a case past its estimate four weeks after its last visit, and keeps the original estimate', () => {
    const result = plan({
      today: '2026-08-03',
      booked: [
        { stage: 'bonding', on: START },
        { stage: 'adjustment', on: '2026-07-27' },
      ],
    });
    expect(result.suggestions[0]).toMatchObject({ key: 'debond', on: '2026-08-24' });
    expect(result.estimatedCompletionOn).toBe('2026-07-05');
  });

  it('counts the estimate in calendar months, clamped to the month’s end', () => {
    const result = plan({ startedOn: '2026-01-31', today: '2026-01-31', booked: [], estimatedMonths: 1 });
    expect(result.estimatedCompletionOn).toBe('2026-02-28');
  });

  it('plans up to a booked debond and the retainers from it, without suggesting another debond', () => {
    const result = plan({
      booked: [
        { stage: 'bonding', on: START },
        { stage: 'debond', on: '2026-06-01' },
      ],
    });
    expect(dates(result).slice(0, 4)).toEqual([
      'adjustment-1 2026-02-16',
      'adjustment-2 2026-03-30',
      // 2026-05-11 is three weeks before the booked debond: left out.
      'retainer-delivery 2026-06-08',
      'retainer-check-1 2026-07-20',
    ]);
    expect(result.suggestions.some((s) => s.stage === 'debond')).toBe(false);
  });

  it('does not let a visit booked after the debond move the rhythm before it', () => {
    const result = plan({
      booked: [
        { stage: 'bonding', on: START },
        { stage: 'debond', on: '2026-06-01' },
        { stage: 'adjustment', on: '2026-07-20' },
      ],
    });
    expect(result.suggestions[0]).toMatchObject({ key: 'adjustment-2', on: '2026-02-16' });
  });

  it('suggests only the retainer checks after the booked ones, spaced at least as the settings space them', () => {
    const result = plan({
      today: '2026-09-01',
      booked: [
        { stage: 'bonding', on: START },
        { stage: 'debond', on: '2026-07-06' },
        { stage: 'retainer-delivery', on: '2026-07-13' },
        // The first check came late: 2026-09-28 instead of 2026-08-24.
        { stage: 'retainer-check', on: '2026-09-28' },
      ],
    });
    expect(dates(result)).toEqual([
      // Twelve weeks after delivery is 2026-10-05; six weeks after the late first check is later,
      // and the checks after it keep their spacing (14 and 26 weeks) from there.
      'retainer-check-2 2026-11-09',
      'retainer-check-3 2027-02-15',
      'retainer-check-4 2027-08-16',
    ]);
  });

  it('moves a suggestion off a closed weekday to the next open day', () => {
    // Closed on weekends: the estimate's Sunday debond moves to Monday.
    const result = plan({ closedWeekdays: [0, 6] });
    const debond = result.suggestions.find((s) => s.key === 'debond')!;
    expect(debond.on).toBe('2026-07-06');
    expect(result.suggestions.every((s) => weekdayOf(s.on) !== 0 && weekdayOf(s.on) !== 6)).toBe(true);
  });

  it('ignores closed weekdays that would close every day', () => {
    const result = plan({ closedWeekdays: [0, 1, 2, 3, 4, 5, 6] });
    expect(result.suggestions[0]!.on).toBe('2026-02-16');
  });

  it('CADENCE-2: skips a stage with no active type, says so, and still places the visits after it', () => {
    const result = plan({
      types: [ADJ, aType('apt_olddebond00001', 'debond', 'Debond', false), RETAINERS, CHECK],
    });
    expect(result.missingStages).toEqual(['debond']);
    expect(result.suggestions.some((s) => s.stage === 'debond')).toBe(false);
    expect(result.suggestions.find((s) => s.stage === 'retainer-delivery')!.on).toBe('2026-07-12');
  });

  it('plans aligner checks with the aligner type and delivers retainers at the end, without a debond', () => {
    const result = plan({ caseType: 'aligners', booked: [{ stage: 'aligner-start', on: START }] });
    expect(result.suggestions[0]).toMatchObject({
      key: 'adjustment-1',
      typeId: ALIGNER_CHECK.id,
      label: 'Aligner check 1',
    });
    expect(result.suggestions.some((s) => s.stage === 'debond')).toBe(false);
    expect(result.suggestions.find((s) => s.stage === 'retainer-delivery')!.on).toBe('2026-07-05');
  });

  it('CADENCE-2: gives a braces case the adjustment type that is not for aligners', () => {
    expect(typeForStage([ALIGNER_CHECK, ADJ], 'adjustment', 'comprehensive')?.id).toBe(ADJ.id);
    expect(typeForStage([ALIGNER_CHECK, ADJ], 'adjustment', 'aligners')?.id).toBe(ALIGNER_CHECK.id);
    expect(typeForStage([ALIGNER_CHECK], 'adjustment', 'comprehensive')?.id).toBe(ALIGNER_CHECK.id);
  });

  it('plans a retention-only case as retainers at its start and the checks', () => {
    const result = plan({ caseType: 'retention-only', booked: [] });
    expect(dates(result)).toEqual([
      'retainer-delivery 2026-01-05',
      'retainer-check-1 2026-02-16',
      'retainer-check-2 2026-03-30',
      'retainer-check-3 2026-07-06',
      'retainer-check-4 2027-01-04',
    ]);
  });

  it('plans nothing for an observation case', () => {
    expect(plan({ caseType: 'observation' })).toEqual({
      suggestions: [],
      missingStages: [],
      estimatedCompletionOn: null,
    });
  });

  it('delivers retainers at the debond visit when the practice sets no delay, debond first', () => {
    const result = plan({ settings: { ...DEFAULT_CADENCE, retainerDeliveryDays: 0 } });
    const end = result.suggestions.filter((s) => s.on === '2026-07-05').map((s) => s.key);
    expect(end).toEqual(['debond', 'retainer-delivery']);
  });

  it('uses the practice’s interval', () => {
    const result = plan({ settings: { intervalWeeks: 8, retainerCheckWeeks: [] } });
    expect(dates(result)).toEqual([
      'adjustment-1 2026-03-02',
      'adjustment-2 2026-04-27',
      'debond 2026-07-05',
      'retainer-delivery 2026-07-05',
    ]);
  });

  it('CADENCE-2: refuses an interval outside 4–10 weeks and retainer checks out of order', () => {
    expect(() => plan({ settings: { intervalWeeks: 3, retainerCheckWeeks: [6] } })).toThrow(RangeError);
    expect(() => plan({ settings: { intervalWeeks: 11, retainerCheckWeeks: [6] } })).toThrow(RangeError);
    expect(() => plan({ settings: { intervalWeeks: 6, retainerCheckWeeks: [12, 6] } })).toThrow(RangeError);
  });
});

describe('CADENCE-1: cadenceCaseOf', () => {
  const options = [
    { id: 'opt_0000000000000001', months: 24 },
    { id: 'opt_0000000000000002', months: 18 },
  ];

  it('reads the estimated months from the accepted option and the start from the case', () => {
    expect(
      cadenceCaseOf({ type: 'phase-2', startDate: START, acceptedOptionId: 'opt_0000000000000002' }, options),
    ).toEqual({ caseType: 'phase-2', startedOn: START, estimatedMonths: 18 });
  });

  it('has nothing to plan without a start date or an accepted option', () => {
    expect(
      cadenceCaseOf({ type: 'comprehensive', acceptedOptionId: 'opt_0000000000000001' }, options),
    ).toBeNull();
    expect(cadenceCaseOf({ type: 'comprehensive', startDate: START }, options)).toBeNull();
  });
});

describe('CADENCE-1: seriesVisitsOnBook', () => {
  const visit = (id: string, status: Appointment['status'], typeId: string, caseId?: string) =>
    ({
      id,
      status,
      typeId,
      start: `2026-03-0${id}T15:00:00.000Z`,
      ...(caseId ? { caseId } : {}),
    }) as Appointment;
  const stages: Record<string, OrthoStage> = { atp_bond: 'bonding', atp_adj: 'adjustment' };

  it('CADENCE-1: counts this case’s visits and those of no case that still hold the chair, with their stage and day', () => {
    const visits = [
      visit('1', 'completed', 'atp_bond', 'cas_a'),
      visit('2', 'scheduled', 'atp_adj'),
      visit('3', 'cancelled', 'atp_adj', 'cas_a'),
      visit('4', 'missed', 'atp_adj', 'cas_a'),
      visit('5', 'rescheduled', 'atp_adj', 'cas_a'),
      visit('6', 'confirmed', 'atp_adj', 'cas_b'),
      visit('7', 'arrived', 'atp_other', 'cas_a'),
    ];
    expect(
      seriesVisitsOnBook(
        visits,
        'cas_a',
        (typeId) => stages[typeId],
        (a) => a.start.slice(0, 10),
      ),
    ).toEqual([
      { stage: 'bonding', on: '2026-03-01' },
      { stage: 'adjustment', on: '2026-03-02' },
    ]);
  });
});
