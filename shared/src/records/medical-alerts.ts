/**
 * Medical alerts (REC-6): allergies, premedication and conditions a clinician must see before
 * touching the patient, kept in the chart and shown wherever the patient is about to be seen
 * (the appointment panel, the patient page, the presentation). An alert no longer true is removed;
 * the audit trail keeps who added and removed it.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { ActorId, AuditStamps, Id } from '../core/common.schema.ts';
import type { Result } from '../core/result.ts';
import {
  actorOf,
  createRecord,
  invalidField,
  deleteRecord,
  readAll,
  type CollectionSpec,
  type WriteContext,
  type WriteError,
} from '../documents/collection.ts';

export const MedicalAlertKind = z.enum(['allergy', 'premedication', 'condition']);
export type MedicalAlertKind = z.infer<typeof MedicalAlertKind>;

export const MEDICAL_ALERT_LABELS: Record<MedicalAlertKind, string> = {
  allergy: 'Allergy',
  premedication: 'Premedication',
  condition: 'Condition',
};

export const MedicalAlertFields = z.object({
  kind: MedicalAlertKind,
  text: z.string().trim().min(1, { error: 'Say what it is' }).max(200, { error: 'At most 200 characters' }),
  addedBy: ActorId,
});
export const MedicalAlert = z.looseObject({ id: Id, ...MedicalAlertFields.shape, ...AuditStamps });
export type MedicalAlert = z.infer<typeof MedicalAlert>;

export const MEDICAL_ALERTS = {
  name: 'medicalAlerts',
  docKind: 'chart',
  idKind: 'medicalAlert',
  fields: MedicalAlertFields,
  record: MedicalAlert,
} as const satisfies CollectionSpec;

/** The alerts to show, allergies first (the one that harms fastest), then by when added. */
export function readMedicalAlerts(doc: Y.Doc): MedicalAlert[] {
  const order = MedicalAlertKind.options;
  return readAll(doc, MEDICAL_ALERTS).records.sort(
    (a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.createdAt.localeCompare(b.createdAt),
  );
}

export function addMedicalAlert(
  doc: Y.Doc,
  ctx: WriteContext,
  input: { kind: MedicalAlertKind; text: string },
): Result<MedicalAlert, WriteError> {
  const same = readAll(doc, MEDICAL_ALERTS).records.some(
    (a) => a.kind === input.kind && a.text.trim().toLowerCase() === input.text.trim().toLowerCase(),
  );
  if (same) return invalidField('text', 'Already on the chart');
  return createRecord(doc, MEDICAL_ALERTS, ctx, { ...input, addedBy: actorOf(ctx) });
}

export function removeMedicalAlert(doc: Y.Doc, ctx: WriteContext, id: string): Result<true, WriteError> {
  return deleteRecord(doc, MEDICAL_ALERTS, ctx, id);
}
