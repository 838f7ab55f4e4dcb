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

/**
 * What a person is booked as on the schedule (BOOK-201): a doctor (may take visits that need one)
 * or an assistant. Doctors and assistants are providers by their role; anyone else (an
 * owner-doctor, a coordinator who also assists) is one when their staff record says so.
 */
export const ProviderKind = z.enum(['doctor', 'assistant']);
export type ProviderKind = z.infer<typeof ProviderKind>;

export const PROVIDER_KIND_LABELS: Record<ProviderKind, string> = {
  doctor: 'Doctor',
  assistant: 'Assistant',
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
  /**
   * Booked on the schedule as this kind of provider besides the role (an owner who is the
   * practice's orthodontist); absent: by the role alone (providerKindOf).
   */
  providerKind: ProviderKind.optional(),
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

/**
 * What a person is booked as (BOOK-201): the kind their staff record names, else doctors and
 * assistants by their role; null for someone who is not booked with patients.
 */
export function providerKindOf(member: Pick<StaffMember, 'role' | 'providerKind'>): ProviderKind | null {
  if (member.providerKind) return member.providerKind;
  return member.role === 'doctor' || member.role === 'assistant' ? member.role : null;
}

/** A provider who may take a visit that needs a doctor (BOOK-201). */
export const isDoctor = (member: Pick<StaffMember, 'role' | 'providerKind'>): boolean =>
  providerKindOf(member) === 'doctor';

/** Active people the schedule books patients with (BOOK-201). */
export function bookableProviders<M extends Pick<StaffMember, 'role' | 'providerKind' | 'active'>>(
  staff: readonly M[],
): M[] {
  return staff.filter((s) => s.active && providerKindOf(s) !== null);
}

/**
 * How many booked appointments may overlap for this provider before the schedule flags them: the
 * record's own number, else the default of what they are booked as (an owner-doctor runs several
 * chairs like any doctor), else of their role.
 */
export function patientsAtOnce(
  member: Pick<StaffMember, 'role' | 'patientsAtOnce' | 'providerKind'>,
): number {
  const kind = providerKindOf(member);
  return member.patientsAtOnce ?? DEFAULT_PATIENTS_AT_ONCE[kind ?? member.role] ?? 1;
}
