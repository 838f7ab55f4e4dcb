/**
 * Lab orders in the patient's chart document (LAB-1, LAB-2): placing an order works out its due
 * day from the lab's turnaround; each step after that (shipped, received, checked, cancelled) is
 * appended with who and when, in an order that makes sense, and never edited (APPEND-12).
 */
import type * as Y from 'yjs';
import { addDays } from '../core/calendar.ts';
import { err, type Result } from '../core/result.ts';
import {
  actorOf,
  appendRecord,
  createRecord,
  invalidField as invalid,
  readAll,
  readRecord,
  type CollectionSpec,
  type NeedsAttention,
  type WriteContext,
  type WriteError,
} from '../documents/collection.ts';
import { CASES } from '../pipeline/chart-doc.ts';
import {
  LabOrder,
  LabOrderFields,
  LabStep,
  LabStepFields,
  type LabItem,
  type LabStepKind,
} from './lab-order.schema.ts';

export const LAB_ORDERS = {
  name: 'labOrders',
  docKind: 'chart',
  idKind: 'labOrder',
  fields: LabOrderFields,
  record: LabOrder,
} as const satisfies CollectionSpec;

export const LAB_STEPS = {
  name: 'labSteps',
  docKind: 'chart',
  idKind: 'labStep',
  fields: LabStepFields,
  record: LabStep,
} as const satisfies CollectionSpec;

export const LAB_DOC_COLLECTIONS = [LAB_ORDERS, LAB_STEPS] as const;

export type LabData = { orders: LabOrder[]; steps: LabStep[]; needsAttention: NeedsAttention[] };

/** The chart's lab orders (oldest first) and their steps (in the order they happened). */
export function readLabOrders(doc: Y.Doc): LabData {
  const orders = readAll(doc, LAB_ORDERS);
  const steps = readAll(doc, LAB_STEPS);
  return {
    orders: orders.records.sort((a, b) => a.orderedOn.localeCompare(b.orderedOn) || a.id.localeCompare(b.id)),
    steps: steps.records.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id)),
    needsAttention: [...orders.needsAttention, ...steps.needsAttention],
  };
}

export type NewLabOrder = {
  caseId: string;
  item: LabItem;
  vendor: string;
  turnaroundDays: number;
  orderedOn: string;
  description?: string;
};

/** LAB-1: an order for one of the chart's cases, due `turnaroundDays` calendar days after it was sent. */
export function placeLabOrder(
  doc: Y.Doc,
  ctx: WriteContext,
  input: NewLabOrder,
): Result<LabOrder, WriteError> {
  if (readRecord(doc, CASES, input.caseId).status !== 'ok')
    return invalid('caseId', 'Choose a case of this patient');
  const due =
    Number.isInteger(input.turnaroundDays) && input.turnaroundDays >= 0
      ? addDays(input.orderedOn, input.turnaroundDays)
      : input.orderedOn;
  return createRecord(doc, LAB_ORDERS, ctx, { ...input, dueOn: due, orderedBy: actorOf(ctx) });
}

/** The steps an order has had, by kind. */
const stepsOf = (doc: Y.Doc, orderId: string): Set<LabStepKind> =>
  new Set(
    readAll(doc, LAB_STEPS)
      .records.filter((s) => s.orderId === orderId)
      .map((s) => s.step),
  );

/**
 * LAB-2: what happened to an order. Received needs no shipped (labs often do not say); checked
 * needs received; nothing follows a cancellation, no step happens twice, and a cancelled or
 * checked order takes no more steps.
 */
export function checkLabStep(done: ReadonlySet<LabStepKind>, step: LabStepKind): string | null {
  if (done.has('cancelled')) return 'This order was cancelled';
  if (done.has(step)) return `Already ${step}`;
  if (step === 'checked' && !done.has('received')) return 'Receive the order before checking it';
  if (step === 'shipped' && done.has('received')) return 'Already received';
  if (step === 'cancelled' && done.has('checked')) return 'Already checked: the work is here';
  return null;
}

export function recordLabStep(
  doc: Y.Doc,
  ctx: WriteContext,
  orderId: string,
  input: { step: LabStepKind; on: string; note?: string },
): Result<LabStep, WriteError> {
  const order = readRecord(doc, LAB_ORDERS, orderId);
  if (order.status === 'missing') return err({ kind: 'not-found', id: orderId });
  if (order.status === 'needs-attention') return invalid('orderId', 'This order needs attention first');
  const refused = checkLabStep(stepsOf(doc, orderId), input.step);
  if (refused) return invalid('step', refused);
  if (input.on < order.record.orderedOn) return invalid('on', 'Not before the order was sent');
  return appendRecord(doc, LAB_STEPS, ctx, { orderId, ...input, at: ctx.now(), by: actorOf(ctx) });
}
