/** The patient form: what the fields hold while a person types, and how it becomes a patient. */
import type { ContactChannel } from '../core/common.schema.ts';
import { PatientFields, PatientStatus, type Patient } from './patient.schema.ts';
import type { PatientInput } from './patients-doc.ts';
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

export type PatientForm = AddressForm & {
  firstName: string;
  lastName: string;
  preferredName: string;
  dateOfBirth: string;
  phone: string;
  altPhone: string;
  email: string;
  preferredChannel: ContactChannel;
  language: string;
  notes: string;
  locationId: string;
  /** Kept as loaded: the status is derived (STATUS-101), never typed. */
  status: PatientStatus;
  doNotContact: boolean;
  doNotContactReason: string;
};

export function emptyPatientForm(defaults: { locationId: string; language?: string }): PatientForm {
  return {
    firstName: '',
    lastName: '',
    preferredName: '',
    dateOfBirth: '',
    phone: '',
    altPhone: '',
    email: '',
    ...EMPTY_ADDRESS_FORM,
    preferredChannel: 'text',
    language: defaults.language ?? 'en',
    notes: '',
    locationId: defaults.locationId,
    status: 'prospect',
    doNotContact: false,
    doNotContactReason: '',
  };
}

export function patientToForm(patient: Patient): PatientForm {
  return {
    firstName: patient.firstName,
    lastName: patient.lastName,
    preferredName: patient.preferredName ?? '',
    dateOfBirth: dateToForm(patient.dateOfBirth),
    phone: phoneToForm(patient.phone),
    altPhone: phoneToForm(patient.altPhone),
    email: patient.email ?? '',
    ...addressToForm(patient.address),
    preferredChannel: patient.preferredChannel,
    language: patient.language,
    notes: patient.notes ?? '',
    locationId: patient.locationId,
    status: patient.status,
    doNotContact: patient.doNotContact === true,
    doNotContactReason: patient.doNotContactReason ?? '',
  };
}

/** Everything but the family link, which the registration and family screens handle. */
export type PatientFormValue = Omit<PatientInput, 'familyId'>;

/**
 * Reads the form. On success the value has every field the form controls, with `undefined`
 * for emptied optional fields, so `changedFields(before, after)` yields a patch that clears them.
 */
export function readPatientForm(
  form: PatientForm,
  today: string,
): Result<PatientFormValue, FieldErrors<PatientForm>> {
  const errors: FieldErrors<PatientForm> = {};
  const phone = readPhone(form.phone);
  const altPhone = readPhone(form.altPhone);
  const email = readEmail(form.email);
  const dateOfBirth = readBirthDate(form.dateOfBirth, today);
  const address = readAddress(form);
  if (phone.error) errors.phone = phone.error;
  if (altPhone.error) errors.altPhone = altPhone.error;
  if (email.error) errors.email = email.error;
  if (dateOfBirth.error) errors.dateOfBirth = dateOfBirth.error;
  Object.assign(errors, address.errors);

  const value = {
    firstName: form.firstName.trim(),
    lastName: form.lastName.trim(),
    preferredName: optionalText(form.preferredName),
    dateOfBirth: dateOfBirth.value,
    phone: phone.value,
    altPhone: altPhone.value,
    email: email.value,
    address: address.value,
    preferredChannel: form.preferredChannel,
    language: form.language.trim(),
    notes: optionalText(form.notes),
    locationId: form.locationId,
    // The stored status is what older versions kept by hand; a value they cannot read is replaced
    // (screens show the derived one, STATUS-101), so a record quarantined for it can be saved.
    status: PatientStatus.safeParse(form.status).success ? form.status : 'prospect',
    // Cleared rather than stored as false, so a record that never had the flag stays as it was.
    doNotContact: form.doNotContact ? true : undefined,
    doNotContactReason: form.doNotContact ? optionalText(form.doNotContactReason) : undefined,
  };
  const checked = PatientFields.omit({ familyId: true }).safeParse(value);
  if (!checked.success) addIssues(checked.error.issues, form, errors, { locationId: 'Choose a location' });
  if (Object.keys(errors).length > 0) return err(errors);
  return ok(value as PatientFormValue);
}
