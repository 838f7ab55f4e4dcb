/** Staff members. Accounts and sign-in come with staff identity; this is who edited what. */
import { z } from 'zod';
import { AuditStamps, Email, Id } from '../core/common.schema.ts';
import { WorkDay } from '../schedule/schedule.schema.ts';

export const StaffRole = z.enum([
  'owner',
  'manager',
  'treatment-coordinator',
  'front-desk',
  'doctor',
  'assistant',
  'billing',
  'read-only',
]);
export type StaffRole = z.infer<typeof StaffRole>;

export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  owner: 'Owner',
  manager: 'Practice manager',
  'treatment-coordinator': 'Treatment coordinator',
  'front-desk': 'Front desk',
  doctor: 'Doctor',
  assistant: 'Clinical assistant',
  billing: 'Billing',
  'read-only': 'Read-only',
};

export const StaffFields = z.object({
  name: z.string().trim().min(1, { error: 'Required' }).max(80),
  role: StaffRole,
  email: Email.optional(),
  /** Locations this person may work with; empty means every location. */
  locationIds: z.array(Id).default([]),
  /** Doctors and assistants: the days and hours they see patients, per location. */
  workDays: z.array(WorkDay).max(50).optional(),
  /**
   * How many patients this provider sees at the same time (a doctor running several chairs while
   * assistants work); absent: DEFAULT_PATIENTS_AT_ONCE for the role (see patientsAtOnce).
   */
  patientsAtOnce: z.number().int().min(1).max(12).optional(),
  active: z.boolean(),
});
export type StaffFields = z.infer<typeof StaffFields>;

export const StaffMember = z.looseObject({ id: Id, ...StaffFields.shape, ...AuditStamps });
export type StaffMember = z.infer<typeof StaffMember>;

/**
 * Patients at once when a staff record does not say: a doctor checks a patient and moves on to
 * the next chair while assistants work, so runs several chairs; anyone else sees one at a time.
 */
export const DEFAULT_PATIENTS_AT_ONCE: Readonly<Record<StaffRole, number>> = {
  owner: 1,
  manager: 1,
  'treatment-coordinator': 1,
  'front-desk': 1,
  doctor: 4,
  assistant: 1,
  billing: 1,
  'read-only': 1,
};

/** How many booked appointments may overlap for this provider before the schedule flags them. */
export function patientsAtOnce(member: Pick<StaffMember, 'role' | 'patientsAtOnce'>): number {
  return member.patientsAtOnce ?? DEFAULT_PATIENTS_AT_ONCE[member.role] ?? 1;
}
