/**
 * The lab source: a patient's open lab orders (not checked, not cancelled) with their steps, for
 * the practice's lab worklist (LAB-4). Finished orders are left out: the worklist never lists them,
 * and the chart keeps them.
 */
import { chartDocName } from '../documents/doc-names.ts';
import { readLabOrders } from '../records/lab-orders-doc.ts';
import { labOrderState } from '../records/lab-status.ts';
import type { LabOrder, LabStep } from '../records/lab-order.schema.ts';
import type { ProjectionSource } from './projection-source.ts';

export type LabSummary = { orders: LabOrder[]; steps: LabStep[] };

export const labSource: ProjectionSource<LabSummary> = {
  name: 'lab',
  kinds: ['chart'],
  docsOf: (practiceId, patientId) => [chartDocName(practiceId, patientId)],
  project([chart]) {
    const { orders, steps } = readLabOrders(chart!);
    const open = orders.filter((o) => {
      const stage = labOrderState(o, steps).stage;
      return stage !== 'checked' && stage !== 'cancelled';
    });
    if (open.length === 0) return null;
    const ids = new Set(open.map((o) => o.id));
    return { orders: open, steps: steps.filter((s) => ids.has(s.orderId)) };
  },
  storage: { kind: 'shards', count: 2 },
};
