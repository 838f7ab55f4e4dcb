/**
 * Lab and aligner orders (LAB-1..4, docs/spec/records.md). An order names what the lab makes for a
 * case and when it is due; what happened to it (shipped, received, checked, cancelled) is a log of
 * steps, each with who and when, never edited (APPEND-12). Both live in the patient's chart.
 */
import { z } from 'zod';
import { ActorId, AuditStamps, Id, IsoDateTime, LocalDate, Notes } from '../core/common.schema.ts';

export const LabItem = z.enum(['aligners', 'refinement', 'retainers', 'appliance']);
export type LabItem = z.infer<typeof LabItem>;

export const LAB_ITEM_LABELS: Record<LabItem, string> = {
  aligners: 'Aligner series',
  refinement: 'Refinement aligners',
  retainers: 'Retainers',
  appliance: 'Appliance',
};

export const LabOrderFields = z.object({
  caseId: Id,
  item: LabItem,
  vendor: z.string().trim().min(1, { error: 'Name the lab' }).max(80),
  /** Calendar days the lab takes, as the practice knows it (LAB-1: the due day comes from it). */
  turnaroundDays: z.number().int().min(0).max(120),
  orderedOn: LocalDate,
  dueOn: LocalDate,
  /** Which aligners, which appliance: free text the lab's form needs. */
  description: Notes.optional(),
  orderedBy: ActorId,
});
export const LabOrder = z.looseObject({ id: Id, ...LabOrderFields.shape, ...AuditStamps });
export type LabOrder = z.infer<typeof LabOrder>;

export const LabStepKind = z.enum(['shipped', 'received', 'checked', 'cancelled']);
export type LabStepKind = z.infer<typeof LabStepKind>;

export const LabStepFields = z.object({
  orderId: Id,
  step: LabStepKind,
  /** The day it happened, in the practice's zone (a box received yesterday is logged today). */
  on: LocalDate,
  at: IsoDateTime,
  by: ActorId,
  note: z.string().trim().max(200).optional(),
});
export const LabStep = z.looseObject({ id: Id, ...LabStepFields.shape, ...AuditStamps });
export type LabStep = z.infer<typeof LabStep>;
