import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { openCase } from '../pipeline/chart-doc.ts';
import { userContext } from '../test-support/fixtures.ts';
import type { WriteContext } from '../documents/collection.ts';
import { checkLabStep, placeLabOrder, readLabOrders, recordLabStep } from './lab-orders-doc.ts';

const PATIENT = 'pat_lab000000000001';
const ASSISTANT = 'stf_assistant000001';
const at = (iso: string): WriteContext => ({ ...userContext(ASSISTANT), now: () => iso });

function chartWithCase() {
  const doc = new Y.Doc();
  const opened = openCase(doc, at('2026-12-01T15:00:00.000Z'), { patientId: PATIENT, type: 'aligners' });
  if (!opened.ok) throw new Error('no case');
  return { doc, caseId: opened.value.id };
}

const order = (caseId: string) => ({
  caseId,
  item: 'aligners' as const,
  vendor: 'ClearCo Lab',
  turnaroundDays: 21,
  orderedOn: '2026-12-07',
  description: 'Series 1, 24 trays',
});

describe('lab orders in the chart (LAB-1, LAB-2)', () => {
  it('LAB-1: an order is due its lab’s turnaround after it was sent, and records who placed it', () => {
    const { doc, caseId } = chartWithCase();
    const placed = placeLabOrder(doc, at('2026-12-07T16:00:00.000Z'), order(caseId));
    expect(placed.ok && placed.value).toMatchObject({
      dueOn: '2026-12-28',
      orderedBy: ASSISTANT,
      vendor: 'ClearCo Lab',
    });
    expect(readLabOrders(doc).orders).toHaveLength(1);
  });

  it('LAB-1: an order needs one of the patient’s cases and a named lab', () => {
    const { doc, caseId } = chartWithCase();
    const noCase = placeLabOrder(doc, at('2026-12-07T16:00:00.000Z'), order('cas_nosuchcase000001'));
    expect(noCase).toEqual({
      ok: false,
      error: { kind: 'invalid', issues: [{ path: 'caseId', message: 'Choose a case of this patient' }] },
    });
    const noLab = placeLabOrder(doc, at('2026-12-07T16:00:00.000Z'), { ...order(caseId), vendor: ' ' });
    expect(noLab.ok).toBe(false);
    expect(!noLab.ok && noLab.error.kind === 'invalid' && noLab.error.issues[0]?.path).toBe('vendor');
  });

  it('LAB-2: steps are appended with who and when, in an order that makes sense', () => {
    const { doc, caseId } = chartWithCase();
    const placed = placeLabOrder(doc, at('2026-12-07T16:00:00.000Z'), order(caseId));
    if (!placed.ok) throw new Error('not placed');
    const id = placed.value.id;
    const early = recordLabStep(doc, at('2026-12-20T16:00:00.000Z'), id, {
      step: 'checked',
      on: '2026-12-20',
    });
    expect(!early.ok && early.error.kind === 'invalid' && early.error.issues[0]?.message).toBe(
      'Receive the order before checking it',
    );
    const received = recordLabStep(doc, at('2026-12-21T16:00:00.000Z'), id, {
      step: 'received',
      on: '2026-12-21',
    });
    expect(received.ok && received.value).toMatchObject({
      step: 'received',
      on: '2026-12-21',
      by: ASSISTANT,
    });
    expect(
      recordLabStep(doc, at('2026-12-21T17:00:00.000Z'), id, { step: 'received', on: '2026-12-21' }).ok,
    ).toBe(false);
    expect(
      recordLabStep(doc, at('2026-12-21T17:00:00.000Z'), id, { step: 'checked', on: '2026-12-21' }).ok,
    ).toBe(true);
    expect(readLabOrders(doc).steps.map((s) => s.step)).toEqual(['received', 'checked']);
    expect(
      recordLabStep(doc, at('2026-12-22T17:00:00.000Z'), 'lab_nosuchorder00001', {
        step: 'received',
        on: '2026-12-22',
      }),
    ).toEqual({
      ok: false,
      error: { kind: 'not-found', id: 'lab_nosuchorder00001' },
    });
  });

  it('LAB-2: a step cannot be dated before the order was sent', () => {
    const { doc, caseId } = chartWithCase();
    const placed = placeLabOrder(doc, at('2026-12-07T16:00:00.000Z'), order(caseId));
    if (!placed.ok) throw new Error('not placed');
    const before = recordLabStep(doc, at('2026-12-07T17:00:00.000Z'), placed.value.id, {
      step: 'shipped',
      on: '2026-12-06',
    });
    expect(!before.ok && before.error.kind === 'invalid' && before.error.issues[0]?.path).toBe('on');
  });

  it('LAB-2: nothing follows a cancellation, shipping comes before receiving, and checked work is not cancelled', () => {
    expect(checkLabStep(new Set(['cancelled']), 'received')).toBe('This order was cancelled');
    expect(checkLabStep(new Set(['received']), 'shipped')).toBe('Already received');
    expect(checkLabStep(new Set(['received', 'checked']), 'cancelled')).toBe(
      'Already checked: the work is here',
    );
    expect(checkLabStep(new Set([]), 'received')).toBeNull();
    expect(checkLabStep(new Set(['shipped']), 'cancelled')).toBeNull();
  });
});
