/**
 * Communication with a patient's family and the follow-up tasks that keep a case moving.
 * Both live in the patient's comms document (see comms/comms-doc.ts). Spec COMM-1 to COMM-4.
 */
import { z } from 'zod';
import { ActorId, AuditStamps, Email, Id, IsoDateTime, LocalDate, Phone } from '../core/common.schema.ts';

export const CommChannel = z.enum(['call', 'text', 'email', 'letter', 'portal', 'in-person']);
export type CommChannel = z.infer<typeof CommChannel>;
export const COMM_CHANNEL_LABELS: Record<CommChannel, string> = {
  call: 'Call',
  text: 'Text',
  email: 'Email',
  letter: 'Letter',
  portal: 'Portal message',
  'in-person': 'In person',
};

export const CommDirection = z.enum(['outbound', 'inbound']);
export type CommDirection = z.infer<typeof CommDirection>;

export const CommOutcome = z.enum([
  'reached',
  'left-message',
  'no-answer',
  'sent',
  'replied',
  'booked',
  'decided',
  'other',
]);
export type CommOutcome = z.infer<typeof CommOutcome>;
export const COMM_OUTCOME_LABELS: Record<CommOutcome, string> = {
  reached: 'Talked',
  'left-message': 'Left a message',
  'no-answer': 'No answer',
  sent: 'Sent',
  replied: 'They replied',
  booked: 'Booked an appointment',
  decided: 'Made a decision',
  other: 'Other',
};

/**
 * One logged communication. Append-only (one plain JSON value per entry): a mistake is
 * corrected by a new entry that names the one it corrects.
 */
export const CommEntryFields = z.object({
  patientId: Id,
  caseId: Id.optional(),
  channel: CommChannel,
  direction: CommDirection,
  outcome: CommOutcome,
  summary: z.string().trim().max(2000, { error: 'At most 2,000 characters' }).optional(),
  nextStep: z.string().trim().max(200).optional(),
  at: IsoDateTime,
  by: ActorId,
  templateId: Id.optional(),
  correctsId: Id.optional(),
  /** A family promised to pay a past-due balance by this day (collections). */
  promiseToPayOn: LocalDate.optional(),
});
export type CommEntryFields = z.infer<typeof CommEntryFields>;
export const CommEntry = z.looseObject({ id: Id, ...CommEntryFields.shape, ...AuditStamps });
export type CommEntry = z.infer<typeof CommEntry>;

export const TaskKind = z.enum(['first-contact', 'follow-up', 'recall', 'reactivation']);
export type TaskKind = z.infer<typeof TaskKind>;
export const TASK_KIND_LABELS: Record<TaskKind, string> = {
  'first-contact': 'Contact new inquiry',
  'follow-up': 'Follow up',
  recall: 'Observation recall',
  reactivation: 'Reactivation',
};

export const TaskStatus = z.enum(['open', 'done', 'cancelled']);
export type TaskStatus = z.infer<typeof TaskStatus>;

/** A follow-up to do on a date. Completing one generates the next from the practice's cadence. */
export const TaskFields = z.object({
  patientId: Id,
  caseId: Id.optional(),
  kind: TaskKind,
  due: LocalDate,
  ownerId: ActorId.optional(),
  /** Position in the follow-up cadence (0 = first follow-up after presentation). */
  step: z.number().int().min(0).max(1000),
  status: TaskStatus,
  doneAt: IsoDateTime.optional(),
  doneBy: ActorId.optional(),
  note: z.string().trim().max(200).optional(),
});
export type TaskFields = z.infer<typeof TaskFields>;
export const Task = z.looseObject({ id: Id, ...TaskFields.shape, ...AuditStamps });
export type Task = z.infer<typeof Task>;

/** A message template or call script with merge fields (comms/template.ts). Managers edit them. */
export const TemplatePurpose = z.enum([
  'consult-follow-up',
  'financial',
  'insurance',
  'reminder',
  'reactivation',
  'other',
]);
export type TemplatePurpose = z.infer<typeof TemplatePurpose>;
export const TEMPLATE_PURPOSE_LABELS: Record<TemplatePurpose, string> = {
  'consult-follow-up': 'Consult follow-up',
  financial: 'Financial presentation',
  insurance: 'Insurance letter',
  reminder: 'Reminder',
  reactivation: 'Reactivation',
  other: 'Other',
};

export const TemplateChannel = z.enum(['email', 'text', 'letter', 'script']);
export type TemplateChannel = z.infer<typeof TemplateChannel>;

export const TemplateFields = z.object({
  name: z.string().trim().min(1, { error: 'Required' }).max(80),
  purpose: TemplatePurpose,
  channel: TemplateChannel,
  subject: z.string().trim().max(200).optional(),
  body: z.string().trim().min(1, { error: 'Required' }).max(5000, { error: 'At most 5,000 characters' }),
  active: z.boolean(),
});
export type TemplateFields = z.infer<typeof TemplateFields>;
export const MessageTemplate = z.looseObject({ id: Id, ...TemplateFields.shape, ...AuditStamps });
export type MessageTemplate = z.infer<typeof MessageTemplate>;

/** A referring office or doctor. Lives in the patients document beside the people they refer. */
export const ReferrerFields = z.object({
  kind: z.enum(['office', 'doctor']),
  name: z.string().trim().min(1, { error: 'Required' }).max(120),
  officeName: z.string().trim().max(120).optional(),
  phone: Phone.optional(),
  email: Email.optional(),
  notes: z.string().trim().max(1000).optional(),
  active: z.boolean(),
});
export type ReferrerFields = z.infer<typeof ReferrerFields>;
export const Referrer = z.looseObject({ id: Id, ...ReferrerFields.shape, ...AuditStamps });
export type Referrer = z.infer<typeof Referrer>;
