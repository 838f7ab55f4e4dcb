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
  dateToForm,
  EMPTY_ADDRESS_FORM,
  optionalText,
  phoneToForm,
  readAddress,
  readBirthDate,
  readEmail,
  readPhone,
  type AddressForm,
  type FieldErrors,
} from '../core/form-fields.ts';

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

export type PartyForm = AddressForm & {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  phone: string;
  email: string;
  preferredChannel: ContactChannel | '';
  employer: string;
  notes: string;
  relationship: Relationship;
  isGuarantor: boolean;
  doNotContact: boolean;
  doNotContactReason: string;
};

export const emptyPartyForm = (lastName = ''): PartyForm => ({
  firstName: '',
  lastName,
  dateOfBirth: '',
  phone: '',
  email: '',
  preferredChannel: '',
  employer: '',
  notes: '',
  relationship: 'parent',
  isGuarantor: true,
  doNotContact: false,
  doNotContactReason: '',
  ...EMPTY_ADDRESS_FORM,
});

export const partyToForm = (
  party: ResponsibleParty,
  relationship: Relationship,
  isGuarantor: boolean,
): PartyForm => ({
  firstName: party.firstName,
  lastName: party.lastName,
  dateOfBirth: dateToForm(party.dateOfBirth),
  phone: phoneToForm(party.phone),
  email: party.email ?? '',
  preferredChannel: party.preferredChannel ?? '',
  employer: party.employer ?? '',
  notes: party.notes ?? '',
  relationship,
  isGuarantor,
  doNotContact: party.doNotContact === true,
  doNotContactReason: party.doNotContactReason ?? '',
  ...addressToForm(party.address),
});

export type PartyFormValue = Omit<PartyInput, 'familyId'> & {
  relationship: Relationship;
  isGuarantor: boolean;
};

export function readPartyForm(
  form: PartyForm,
  today: string,
): Result<PartyFormValue, FieldErrors<PartyForm>> {
  const errors: FieldErrors<PartyForm> = {};
  const phone = readPhone(form.phone);
  const email = readEmail(form.email);
  const dateOfBirth = readBirthDate(form.dateOfBirth, today);
  const address = readAddress(form);
  if (phone.error) errors.phone = phone.error;
  if (email.error) errors.email = email.error;
  if (dateOfBirth.error) errors.dateOfBirth = dateOfBirth.error;
  Object.assign(errors, address.errors);
  const fields = {
    firstName: form.firstName.trim(),
    lastName: form.lastName.trim(),
    dateOfBirth: dateOfBirth.value,
    phone: phone.value,
    email: email.value,
    preferredChannel: form.preferredChannel === '' ? undefined : form.preferredChannel,
    address: address.value,
    employer: optionalText(form.employer),
    notes: optionalText(form.notes),
    doNotContact: form.doNotContact ? true : undefined,
    doNotContactReason: form.doNotContact ? optionalText(form.doNotContactReason) : undefined,
  };
  const checked = ResponsiblePartyFields.omit({ familyId: true, patientId: true }).safeParse(fields);
  if (!checked.success) addIssues(checked.error.issues, form, errors);
  if (!phone.value && !email.value && !errors.phone && !errors.email) {
    errors.phone = 'Give a phone number or an email so the practice can reach them';
  }
  if (Object.keys(errors).length > 0) return err(errors);
  return ok({ ...fields, relationship: form.relationship, isGuarantor: form.isGuarantor } as PartyFormValue);
}
