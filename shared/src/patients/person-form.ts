/**
 * The fields a patient's form and a responsible party's form share: who the person is and how to
 * reach them (PAT-1, PAT-2). Each form adds its own fields and checks around these.
 */
import type { Address } from '../core/common.schema.ts';
import {
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

export type PersonForm = AddressForm & {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  phone: string;
  email: string;
  notes: string;
  doNotContact: boolean;
  doNotContactReason: string;
};

export const emptyPersonForm = (lastName = ''): PersonForm => ({
  firstName: '',
  lastName,
  dateOfBirth: '',
  phone: '',
  email: '',
  notes: '',
  doNotContact: false,
  doNotContactReason: '',
  ...EMPTY_ADDRESS_FORM,
});

/** A stored person as the form shows it: empty text where nothing is kept. */
export const personToForm = (person: {
  firstName: string;
  lastName: string;
  dateOfBirth?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  notes?: string | undefined;
  address?: Address | undefined;
  doNotContact?: boolean | undefined;
  doNotContactReason?: string | undefined;
}): PersonForm => ({
  firstName: person.firstName,
  lastName: person.lastName,
  dateOfBirth: dateToForm(person.dateOfBirth),
  phone: phoneToForm(person.phone),
  email: person.email ?? '',
  notes: person.notes ?? '',
  doNotContact: person.doNotContact === true,
  doNotContactReason: person.doNotContactReason ?? '',
  ...addressToForm(person.address),
});

/**
 * Reads the shared fields: names trimmed, the birthday, phone, email and address checked, and
 * `undefined` for what was emptied (so a patch clears it). Do-not-contact is cleared rather than
 * stored as false, so a record that never had the flag stays as it was.
 */
export function readPersonForm(form: PersonForm, today: string) {
  const errors: FieldErrors<PersonForm> = {};
  const phone = readPhone(form.phone);
  const email = readEmail(form.email);
  const dateOfBirth = readBirthDate(form.dateOfBirth, today);
  const address = readAddress(form);
  if (phone.error) errors.phone = phone.error;
  if (email.error) errors.email = email.error;
  if (dateOfBirth.error) errors.dateOfBirth = dateOfBirth.error;
  Object.assign(errors, address.errors);
  const value = {
    firstName: form.firstName.trim(),
    lastName: form.lastName.trim(),
    dateOfBirth: dateOfBirth.value,
    phone: phone.value,
    email: email.value,
    address: address.value,
    notes: optionalText(form.notes),
    doNotContact: form.doNotContact ? true : undefined,
    doNotContactReason: form.doNotContact ? optionalText(form.doNotContactReason) : undefined,
  };
  return { value, errors };
}
