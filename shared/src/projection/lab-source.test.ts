import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { openCase } from '../pipeline/chart-doc.ts';
import { placeLabOrder, recordLabStep } from '../records/lab-orders-doc.ts';
import { userContext } from '../test-support/fixtures.ts';
import { labSource } from './lab-source.ts';
import { PRACTICE_SOURCES } from './sources.ts';

const CONTEXT = { today: '2026-12-08', paymentSettings: {} };
const ctx = userContext();

describe('the lab source (LAB-4)', () => {
  it('LAB-4: keeps a patient’s open orders with their steps and leaves finished ones to the chart', () => {
    const chart = new Y.Doc();
    const opened = openCase(chart, ctx, { patientId: 'pat_lab000000000001', type: 'aligners' });
    if (!opened.ok) throw new Error('case');
    const order = (orderedOn: string) => {
      const placed = placeLabOrder(chart, ctx, {
        caseId: opened.value.id,
        item: 'aligners',
        vendor: 'ClearCo Lab',
        turnaroundDays: 14,
        orderedOn,
      });
      if (!placed.ok) throw new Error('order');
      return placed.value.id;
    };
    expect(labSource.project([chart], 'pat_lab000000000001', CONTEXT)).toBeNull();
    const open = order('2026-12-01');
    const done = order('2026-11-01');
    const cancelled = order('2026-11-15');
    recordLabStep(chart, ctx, open, { step: 'received', on: '2026-12-07' });
    recordLabStep(chart, ctx, done, { step: 'received', on: '2026-11-14' });
    recordLabStep(chart, ctx, done, { step: 'checked', on: '2026-11-14' });
    recordLabStep(chart, ctx, cancelled, { step: 'cancelled', on: '2026-11-16' });
    const value = labSource.project([chart], 'pat_lab000000000001', CONTEXT);
    expect(value?.orders.map((o) => o.id)).toEqual([open]);
    expect(value?.steps.map((s) => [s.orderId, s.step])).toEqual([[open, 'received']]);
  });

  it('is one of the practice-wide sources', () => {
    expect(PRACTICE_SOURCES).toContain(labSource);
  });
});
