/** A patient's demographics. Lives in the patients document (front desk and up may write). */
import { z } from 'zod';
import {
  Address,
  AuditStamps,
  ContactChannel,
  Email,
  Id,
  Language,
  LocalDate,
  Notes,
  PersonName,
  Phone,
} from '../core/common.schema.ts';

export const PatientStatus = z.enum([
  'prospect',
  'pending',
  'observation',
  'active',
  'retention',
  'completed',
  'inactive',
]);
export type PatientStatus = z.infer<typeof PatientStatus>;

export const PATIENT_STATUS_LABELS: Record<PatientStatus, string> = {
  prospect: 'New / prospect',
  pending: 'Pending decision',
  observation: 'Observation',
  active: 'In treatment',
  retention: 'Retention',
  completed: 'Completed',
  inactive: 'Inactive',
};

/**
 * The fields a person edits. Each top-level field is its own key in the record's Y.Map,
 * so two people editing different fields of one patient both keep their edits;
 * `address` is one value (edited as a whole).
 */
export const PatientFields = z.object({
  firstName: PersonName,
  lastName: PersonName,
  preferredName: z.string().trim().max(80).optional(),
  dateOfBirth: LocalDate.optional(),
  phone: Phone.optional(),
  altPhone: Phone.optional(),
  email: Email.optional(),
  address: Address.optional(),
  preferredChannel: ContactChannel,
  language: Language,
  notes: Notes.optional(),
  locationId: Id,
  /** What older versions kept by hand; screens show the derived status (pipeline/patient-status.ts). */
  status: PatientStatus,
  familyId: Id.optional(),
  /** Asked not to be contacted (COMM-101): no reminders, reactivation, recalls or messages. */
  doNotContact: z.boolean().optional(),
  doNotContactReason: z.string().trim().max(200).optional(),
});
export type PatientFields = z.infer<typeof PatientFields>;

/** A stored patient: the fields plus id and audit stamps; unknown fields from newer versions pass through. */
export const Patient = z.looseObject({ id: Id, ...PatientFields.shape, ...AuditStamps });
export type Patient = z.infer<typeof Patient>;
