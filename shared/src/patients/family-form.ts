/** The family and responsible-party forms. */
import type { ContactChannel } from '../core/common.schema.ts';
import {
  FamilyFields,
  ResponsiblePartyFields,
  type Family,
  type Relationship,
  type ResponsibleParty,
} from './family.schema.ts';
import type { FamilyInput, PartyInput } from './patients-doc.ts';
import { ok, err, type Result } from '../core/result.ts';
import {
  addIssues,
  addressToForm,
  EMPTY_ADDRESS_FORM,
  optionalText,
  readAddress,
  type AddressForm,
  type FieldErrors,
} from '../core/form-fields.ts';
import { emptyPersonForm, personToForm, readPersonForm, type PersonForm } from './person-form.ts';

export type FamilyForm = AddressForm & { name: string; notes: string };

export const emptyFamilyForm = (name = ''): FamilyForm => ({ name, notes: '', ...EMPTY_ADDRESS_FORM });

export const familyToForm = (family: Family): FamilyForm => ({
  name: family.name,
  notes: family.notes ?? '',
  ...addressToForm(family.address),
});

export function readFamilyForm(form: FamilyForm): Result<FamilyInput, FieldErrors<FamilyForm>> {
  const address = readAddress(form);
  const errors: FieldErrors<FamilyForm> = { ...address.errors };
  const value = { name: form.name.trim(), address: address.value, notes: optionalText(form.notes) };
  const checked = FamilyFields.safeParse(value);
  if (!checked.success) addIssues(checked.error.issues, form, errors);
  return Object.keys(errors).length > 0 ? err(errors) : ok(value);
}

export type PartyForm = PersonForm & {
  preferredChannel: ContactChannel | '';
  employer: string;
  relationship: Relationship;
  isGuarantor: boolean;
};

export const emptyPartyForm = (lastName = ''): PartyForm => ({
  ...emptyPersonForm(lastName),
  preferredChannel: '',
  employer: '',
  relationship: 'parent',
  isGuarantor: true,
});

export const partyToForm = (
  party: ResponsibleParty,
  relationship: Relationship,
  isGuarantor: boolean,
): PartyForm => ({
  ...personToForm(party),
  preferredChannel: party.preferredChannel ?? '',
  employer: party.employer ?? '',
  relationship,
  isGuarantor,
});

export type PartyFormValue = Omit<PartyInput, 'familyId'> & {
  relationship: Relationship;
  isGuarantor: boolean;
};

export function readPartyForm(
  form: PartyForm,
  today: string,
): Result<PartyFormValue, FieldErrors<PartyForm>> {
  const person = readPersonForm(form, today);
  const errors: FieldErrors<PartyForm> = person.errors;
  const fields = {
    ...person.value,
    preferredChannel: form.preferredChannel === '' ? undefined : form.preferredChannel,
    employer: optionalText(form.employer),
  };
  const checked = ResponsiblePartyFields.omit({ familyId: true, patientId: true }).safeParse(fields);
  if (!checked.success) addIssues(checked.error.issues, form, errors);
  if (!fields.phone && !fields.email && !errors.phone && !errors.email) {
    errors.phone = 'Give a phone number or an email so the practice can reach them';
  }
  if (Object.keys(errors).length > 0) return err(errors);
  return ok({ ...fields, relationship: form.relationship, isGuarantor: form.isGuarantor } as PartyFormValue);
}
