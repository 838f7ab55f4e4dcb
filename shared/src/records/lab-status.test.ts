import { describe, expect, it } from 'vitest';
import type { LabOrder, LabStep } from './lab-order.schema.ts';
import { labOrderState, labStatusFor, labVisitFinder, labWorklist } from './lab-status.ts';

const STAMPS = {
  createdAt: '2026-12-01T15:00:00.000Z',
  updatedAt: '2026-12-01T15:00:00.000Z',
  createdBy: 'stf_a',
  updatedBy: 'stf_a',
};

function order(id: string, over: Partial<LabOrder> = {}): LabOrder {
  return {
    id,
    caseId: 'cas_case00000000001',
    item: 'aligners',
    vendor: 'ClearCo Lab',
    turnaroundDays: 14,
    orderedOn: '2026-12-01',
    dueOn: '2026-12-15',
    orderedBy: 'stf_a',
    ...STAMPS,
    ...over,
  } as LabOrder;
}

let n = 0;
function step(orderId: string, kind: LabStep['step'], on: string): LabStep {
  n += 1;
  return {
    id: `lbs_step${String(n).padStart(12, '0')}`,
    orderId,
    step: kind,
    on,
    at: `${on}T15:00:00.000Z`,
    by: 'stf_a',
    ...STAMPS,
  } as LabStep;
}

describe('labOrderState', () => {
  it('LAB-3: an order is at its furthest step, and a cancellation ends it', () => {
    const o = order('lab_one0000000000001');
    expect(labOrderState(o, []).stage).toBe('ordered');
    expect(labOrderState(o, [step(o.id, 'shipped', '2026-12-10')]).stage).toBe('shipped');
    const received = labOrderState(o, [
      step(o.id, 'shipped', '2026-12-10'),
      step(o.id, 'received', '2026-12-12'),
    ]);
    expect(received).toMatchObject({ stage: 'received', receivedOn: '2026-12-12' });
    expect(
      labOrderState(o, [step(o.id, 'received', '2026-12-12'), step(o.id, 'checked', '2026-12-13')]).stage,
    ).toBe('checked');
    expect(labOrderState(o, [step(o.id, 'cancelled', '2026-12-03')]).stage).toBe('cancelled');
    expect(labOrderState(o, [step('lab_other00000000001', 'received', '2026-12-12')]).stage).toBe('ordered');
  });
});

describe('labStatusFor (LAB-3, READY-102)', () => {
  it('LAB-3: an aligner start waits for the latest aligner or refinement order of its case; received counts once checked', () => {
    const first = order('lab_first0000000001', { orderedOn: '2026-11-01', dueOn: '2026-11-15' });
    const refinement = order('lab_refine000000001', {
      item: 'refinement',
      orderedOn: '2026-12-01',
      dueOn: '2026-12-15',
    });
    const steps = [step(first.id, 'received', '2026-11-14'), step(first.id, 'checked', '2026-11-14')];
    expect(labStatusFor([first, refinement], steps, first.caseId, 'aligners')).toEqual({
      ordered: true,
      received: false,
      checked: false,
      dueOn: '2026-12-15',
    });
    const withRefinementIn = [...steps, step(refinement.id, 'received', '2026-12-14')];
    expect(labStatusFor([first, refinement], withRefinementIn, first.caseId, 'aligners')).toMatchObject({
      received: true,
      checked: false,
    });
  });

  it('LAB-3: cancelled orders, other cases and other items do not count; none left is no order', () => {
    const cancelled = order('lab_cancel000000001');
    const retainers = order('lab_retain000000001', { item: 'retainers' });
    const otherCase = order('lab_othercase000001', { caseId: 'cas_case00000000002' });
    const steps = [step(cancelled.id, 'cancelled', '2026-12-02')];
    expect(labStatusFor([cancelled, retainers, otherCase], steps, cancelled.caseId, 'aligners')).toBeNull();
    expect(
      labStatusFor([cancelled, retainers, otherCase], steps, cancelled.caseId, 'retainers'),
    ).toMatchObject({ ordered: true, dueOn: '2026-12-15' });
  });
});

describe('labWorklist (LAB-4)', () => {
  const today = '2026-12-08';
  it('LAB-4: lists late, due-after-the-visit, received-not-checked and due-this-week orders once each, most urgent first', () => {
    const late = order('lab_late00000000001', { dueOn: '2026-12-07' });
    const afterVisit = order('lab_aftervisit00001', { dueOn: '2026-12-20' });
    const unchecked = order('lab_unchecked000001', { dueOn: '2026-12-05' });
    const thisWeek = order('lab_thisweek0000001', { dueOn: '2026-12-14' });
    const nextWeek = order('lab_nextweek0000001', { dueOn: '2026-12-15' });
    const done = order('lab_done00000000001', { dueOn: '2026-12-01' });
    const cancelled = order('lab_cancelled000001', { dueOn: '2026-12-01' });
    const steps = [
      step(unchecked.id, 'received', '2026-12-06'),
      step(done.id, 'received', '2026-12-01'),
      step(done.id, 'checked', '2026-12-02'),
      step(cancelled.id, 'cancelled', '2026-12-02'),
    ];
    const items = labWorklist(
      [
        {
          patientId: 'pat_one000000000001',
          orders: [late, afterVisit, unchecked, thisWeek, nextWeek, done, cancelled],
          steps,
          visitFor: (o) => (o.id === afterVisit.id ? '2026-12-18' : undefined),
        },
      ],
      today,
    );
    expect(items.map((i) => [i.state.order.id, i.reason])).toEqual([
      [late.id, 'late'],
      [afterVisit.id, 'after-visit'],
      [unchecked.id, 'unchecked'],
      [thisWeek.id, 'due-this-week'],
    ]);
    expect(items[1]?.visitOn).toBe('2026-12-18');
  });

  it('LAB-4: an empty practice has an empty worklist', () => {
    expect(labWorklist([], today)).toEqual([]);
  });
});

describe('labVisitFinder (LAB-4)', () => {
  const stageOf = (typeId: string) =>
    ({ atp_start: 'aligner-start', atp_deliv: 'retainer-delivery', atp_adj: 'adjustment' })[typeId];
  const dayOf = (instant: string) => instant.slice(0, 10);
  const row = (
    over: Partial<{ patientId: string; caseId: string; typeId: string; start: string; status: string }>,
  ) => ({
    patientId: 'pat_one000000000001',
    caseId: 'cas_case00000000001',
    typeId: 'atp_start',
    start: '2026-12-18T15:00:00.000Z',
    status: 'scheduled',
    ...over,
  });

  it('LAB-4: finds the first booked visit from today of the same patient and case that waits for the item', () => {
    const find = labVisitFinder(
      [
        row({ start: '2026-12-22T15:00:00.000Z' }),
        row({ start: '2026-12-18T15:00:00.000Z' }),
        row({ start: '2026-12-10T15:00:00.000Z', status: 'cancelled' }),
        row({ start: '2026-12-01T15:00:00.000Z' }),
        row({ start: '2026-12-12T15:00:00.000Z', typeId: 'atp_adj' }),
        row({ start: '2026-12-11T15:00:00.000Z', caseId: 'cas_case00000000002' }),
        row({ start: '2026-12-09T15:00:00.000Z', typeId: 'atp_deliv' }),
      ],
      stageOf,
      dayOf,
      '2026-12-08',
    );
    expect(find('pat_one000000000001', order('lab_a0000000000000001'))).toBe('2026-12-18');
    expect(find('pat_one000000000001', order('lab_r0000000000000001', { item: 'retainers' }))).toBe(
      '2026-12-09',
    );
    expect(find('pat_two000000000001', order('lab_a0000000000000001'))).toBeUndefined();
  });
});
