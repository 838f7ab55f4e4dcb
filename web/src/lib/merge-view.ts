/**
 * How the merge tool shows a field's value: plain words, never a raw id or JSON. Plain functions,
 * tested beside (merge-view.test.ts).
 */
import {
  CONTACT_CHANNEL_LABELS,
  displayLocalDate,
  formatPhone,
  type Address,
  type FamilyMergeField,
  type PatientMergeField,
} from '@aligned/shared';

export const MERGE_FIELD_LABELS: Record<PatientMergeField, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  preferredName: 'Preferred name',
  dateOfBirth: 'Date of birth',
  phone: 'Phone',
  altPhone: 'Other phone',
  email: 'Email',
  address: 'Address',
  preferredChannel: 'Preferred contact',
  language: 'Language',
  notes: 'Notes',
  locationId: 'Location',
  familyId: 'Family',
  doNotContact: 'Do not contact',
  doNotContactReason: 'Do not contact: why',
};

export const FAMILY_MERGE_FIELD_LABELS: Record<FamilyMergeField, string> = {
  name: 'Family name',
  address: 'Address',
  notes: 'Notes',
};

const addressText = (a: Address) =>
  [a.line1, a.line2, a.city, a.region, a.postalCode].filter(Boolean).join(', ');

/** A family field's value in words ("—" when empty). */
export function familyFieldText(field: FamilyMergeField, value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  return field === 'address' ? addressText(value as Address) : String(value);
}

type Names = {
  practice?: { locationName(id: string): string } | null;
  patients?: { families: { records: ReadonlyMap<string, { name: string }> } } | null;
};

/** A field's value in words ("—" when empty). */
export function fieldText(field: PatientMergeField, value: unknown, names: Names): string {
  if (value === undefined || value === null || value === '') return '—';
  switch (field) {
    case 'dateOfBirth':
      return displayLocalDate(String(value));
    case 'phone':
    case 'altPhone':
      return formatPhone(String(value));
    case 'address':
      return addressText(value as Address);
    case 'preferredChannel':
      return CONTACT_CHANNEL_LABELS[value as keyof typeof CONTACT_CHANNEL_LABELS] ?? String(value);
    case 'locationId':
      return names.practice?.locationName(String(value)) ?? 'A location';
    case 'familyId':
      return names.patients?.families.records.get(String(value))?.name ?? 'A family';
    case 'doNotContact':
      return value === true ? 'Yes' : 'No';
    default:
      return String(value);
  }
}
