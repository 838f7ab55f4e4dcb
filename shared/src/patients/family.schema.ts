/**
 * Families and responsible parties. A family is the household (address, account);
 * a responsible party is an adult who decides or pays; a link says how a party relates
 * to one patient (mother, guardian, self) and whether they are that patient's guarantor.
 * Siblings are the patients that share a family. All live in the patients document.
 */
import { z } from 'zod';
import {
  Address,
  AuditStamps,
  ContactChannel,
  Email,
  Id,
  LocalDate,
  Notes,
  PersonName,
  Phone,
} from '../core/common.schema.ts';

export const FamilyFields = z.object({
  name: z.string().trim().min(1, { error: 'Required' }).max(120),
  address: Address.optional(),
  notes: Notes.optional(),
});
export type FamilyFields = z.infer<typeof FamilyFields>;

export const Family = z.looseObject({ id: Id, ...FamilyFields.shape, ...AuditStamps });
export type Family = z.infer<typeof Family>;

export const ResponsiblePartyFields = z.object({
  familyId: Id,
  firstName: PersonName,
  lastName: PersonName,
  /** Needed later for the insurance birthday rule when this person is a subscriber. */
  dateOfBirth: LocalDate.optional(),
  phone: Phone.optional(),
  email: Email.optional(),
  preferredChannel: ContactChannel.optional(),
  /** Only when this person does not live at the family's address. */
  address: Address.optional(),
  employer: z.string().trim().max(120).optional(),
  /** Set when this person is also a patient of the practice. */
  patientId: Id.optional(),
  notes: Notes.optional(),
  /** Asked not to be contacted (COMM-101): messages go to another linked person, or to no one. */
  doNotContact: z.boolean().optional(),
  doNotContactReason: z.string().trim().max(200).optional(),
});
export type ResponsiblePartyFields = z.infer<typeof ResponsiblePartyFields>;

export const ResponsibleParty = z.looseObject({
  id: Id,
  ...ResponsiblePartyFields.shape,
  ...AuditStamps,
});
export type ResponsibleParty = z.infer<typeof ResponsibleParty>;

export const Relationship = z.enum([
  'self',
  'mother',
  'father',
  'parent',
  'stepparent',
  'guardian',
  'grandparent',
  'spouse',
  'other',
]);
export type Relationship = z.infer<typeof Relationship>;

export const RELATIONSHIP_LABELS: Record<Relationship, string> = {
  self: 'Self',
  mother: 'Mother',
  father: 'Father',
  parent: 'Parent',
  stepparent: 'Stepparent',
  guardian: 'Legal guardian',
  grandparent: 'Grandparent',
  spouse: 'Spouse / partner',
  other: 'Other',
};

export const PatientPartyLinkFields = z.object({
  patientId: Id,
  partyId: Id,
  relationship: Relationship,
  /** The guarantor signs the financial agreement and receives statements. */
  isGuarantor: z.boolean(),
});
export type PatientPartyLinkFields = z.infer<typeof PatientPartyLinkFields>;

export const PatientPartyLink = z.looseObject({
  id: Id,
  ...PatientPartyLinkFields.shape,
  ...AuditStamps,
});
export type PatientPartyLink = z.infer<typeof PatientPartyLink>;
