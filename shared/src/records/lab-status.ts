/**
 * Where lab orders stand (LAB-3, LAB-4): each order's stage from its steps, what the readiness of a
 * visit needs to know (READY-102), and the practice's lab worklist.
 */
import { addDays } from '../core/calendar.ts';
import type { LabOrderStatus } from '../schedule/readiness.ts';
import type { LabItem, LabOrder, LabStep } from './lab-order.schema.ts';

export type LabStage = 'ordered' | 'shipped' | 'received' | 'checked' | 'cancelled';

export type LabOrderState = {
  order: LabOrder;
  stage: LabStage;
  receivedOn?: string;
  checkedOn?: string;
};

/** An order's stage: the furthest step it has had (a cancellation ends it). */
export function labOrderState(order: LabOrder, steps: readonly LabStep[]): LabOrderState {
  const own = steps.filter((s) => s.orderId === order.id);
  const on = (kind: LabStep['step']) => own.find((s) => s.step === kind)?.on;
  const receivedOn = on('received');
  const checkedOn = on('checked');
  const stage: LabStage = on('cancelled')
    ? 'cancelled'
    : checkedOn
      ? 'checked'
      : receivedOn
        ? 'received'
        : on('shipped')
          ? 'shipped'
          : 'ordered';
  return {
    order,
    stage,
    ...(receivedOn ? { receivedOn } : {}),
    ...(checkedOn ? { checkedOn } : {}),
  };
}

/** Which items a visit waits for: an aligner start takes the series or a refinement; a delivery, retainers. */
const NEEDS: Record<'aligners' | 'retainers', readonly LabItem[]> = {
  aligners: ['aligners', 'refinement'],
  retainers: ['retainers'],
};

/**
 * LAB-3: the order a visit of the case waits for, as readiness sees it: the latest one not
 * cancelled; null when there is none (READY-102: not ready). Ready takes received and checked.
 */
export function labStatusFor(
  orders: readonly LabOrder[],
  steps: readonly LabStep[],
  caseId: string,
  need: 'aligners' | 'retainers',
): LabOrderStatus | null {
  const live = orders
    .filter((o) => o.caseId === caseId && NEEDS[need].includes(o.item))
    .map((o) => labOrderState(o, steps))
    .filter((s) => s.stage !== 'cancelled')
    .sort(
      (a, b) => a.order.orderedOn.localeCompare(b.order.orderedOn) || a.order.id.localeCompare(b.order.id),
    );
  const latest = live.at(-1);
  if (!latest) return null;
  return {
    ordered: true,
    received: latest.stage === 'received' || latest.stage === 'checked',
    checked: latest.stage === 'checked',
    dueOn: latest.order.dueOn,
  };
}

export type LabWorkReason = 'late' | 'after-visit' | 'due-this-week' | 'unchecked';

export type LabWorkItem = {
  patientId: string;
  state: LabOrderState;
  reason: LabWorkReason;
  /** The visit that needs the work, when one is booked. */
  visitOn?: string;
};

export type LabWorklistInput = {
  patientId: string;
  orders: readonly LabOrder[];
  steps: readonly LabStep[];
  /** The first booked visit, from today, that needs this order's work (its case and item). */
  visitFor?: (order: LabOrder) => string | undefined;
};

const REASON_ORDER: readonly LabWorkReason[] = ['late', 'after-visit', 'unchecked', 'due-this-week'];

/**
 * LAB-4: the lab worklist. An order not yet received is late once its due day has passed, or when it
 * is due after the visit that needs it; otherwise it is listed when due within the next 7 days. A
 * received order waits to be checked. Each order is listed once, under its most urgent reason.
 */
export function labWorklist(patients: readonly LabWorklistInput[], today: string): LabWorkItem[] {
  const weekEnd = addDays(today, 6);
  const items: LabWorkItem[] = [];
  for (const patient of patients) {
    for (const order of patient.orders) {
      const state = labOrderState(order, patient.steps);
      if (state.stage === 'cancelled' || state.stage === 'checked') continue;
      const visitOn = patient.visitFor?.(order);
      const visit = visitOn ? { visitOn } : {};
      let reason: LabWorkReason | null = null;
      if (state.stage === 'received') reason = 'unchecked';
      else if (order.dueOn < today) reason = 'late';
      else if (visitOn && order.dueOn > visitOn) reason = 'after-visit';
      else if (order.dueOn <= weekEnd) reason = 'due-this-week';
      if (reason) items.push({ patientId: patient.patientId, state, reason, ...visit });
    }
  }
  return items.sort(
    (a, b) =>
      REASON_ORDER.indexOf(a.reason) - REASON_ORDER.indexOf(b.reason) ||
      a.state.order.dueOn.localeCompare(b.state.order.dueOn) ||
      a.state.order.id.localeCompare(b.state.order.id),
  );
}

/** What the visit finder needs of a booked appointment (a projection row has it). */
export type LabVisitRow = {
  patientId: string;
  caseId?: string | undefined;
  typeId: string;
  start: string;
  status: string;
};

const WAITS_FOR: Partial<Record<string, readonly LabItem[]>> = {
  'aligner-start': ['aligners', 'refinement'],
  'retainer-delivery': ['retainers'],
};

/**
 * LAB-4: the first booked visit from `today` that waits for an order's work: same patient and case,
 * a stage that needs that item (an aligner start for aligners or a refinement, a retainer delivery
 * for retainers). Its day in the practice's zone, via `dayOf`.
 */
export function labVisitFinder(
  rows: readonly LabVisitRow[],
  stageOf: (typeId: string) => string | undefined,
  dayOf: (instant: string) => string,
  today: string,
): (patientId: string, order: LabOrder) => string | undefined {
  const booked = rows
    .filter((r) => r.status === 'scheduled' || r.status === 'confirmed')
    .map((r) => ({ row: r, on: dayOf(r.start), needs: WAITS_FOR[stageOf(r.typeId) ?? ''] }))
    .filter((v) => v.on >= today && v.needs !== undefined)
    .sort((a, b) => a.on.localeCompare(b.on));
  return (patientId, order) =>
    booked.find(
      (v) =>
        v.row.patientId === patientId &&
        (v.row.caseId === undefined || v.row.caseId === order.caseId) &&
        v.needs!.includes(order.item),
    )?.on;
}
