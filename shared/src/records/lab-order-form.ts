/**
 * The lab order form as typed: text in, an order to place or a message per field out (LAB-1).
 */
import { isValidLocalDate } from '../core/calendar.ts';
import { LabItem } from './lab-order.schema.ts';
import type { NewLabOrder } from './lab-orders-doc.ts';

export type LabOrderFormValues = {
  caseId: string;
  item: string;
  vendor: string;
  turnaroundDays: string;
  orderedOn: string;
  description: string;
};

export type LabOrderFormErrors = Partial<Record<keyof LabOrderFormValues, string>>;

export function emptyLabOrderForm(today: string, caseId = ''): LabOrderFormValues {
  return { caseId, item: 'aligners', vendor: '', turnaroundDays: '14', orderedOn: today, description: '' };
}

export function readLabOrderForm(
  values: LabOrderFormValues,
): { ok: true; value: NewLabOrder } | { ok: false; errors: LabOrderFormErrors } {
  const errors: LabOrderFormErrors = {};
  const item = LabItem.safeParse(values.item);
  if (!values.caseId) errors.caseId = 'Choose the case';
  if (!item.success) errors.item = 'Choose what the lab makes';
  const vendor = values.vendor.trim();
  if (!vendor) errors.vendor = 'Name the lab';
  else if (vendor.length > 80) errors.vendor = 'At most 80 characters';
  const days = values.turnaroundDays.trim();
  const turnaround = /^\d{1,3}$/.test(days) ? Number(days) : NaN;
  if (!(turnaround >= 0 && turnaround <= 120)) errors.turnaroundDays = 'Whole days, 0 to 120';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.orderedOn) || !isValidLocalDate(values.orderedOn)) {
    errors.orderedOn = 'The day it was sent';
  }
  if (Object.keys(errors).length > 0 || !item.success) return { ok: false, errors };
  const description = values.description.trim();
  return {
    ok: true,
    value: {
      caseId: values.caseId,
      item: item.data,
      vendor,
      turnaroundDays: turnaround,
      orderedOn: values.orderedOn,
      ...(description ? { description } : {}),
    },
  };
}
