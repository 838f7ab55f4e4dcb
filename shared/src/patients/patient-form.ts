/** The patient form: what the fields hold while a person types, and how it becomes a patient. */
import type { ContactChannel } from '../core/common.schema.ts';
import { PatientFields, PatientStatus, type Patient } from './patient.schema.ts';
import type { PatientInput } from './patients-doc.ts';
import { ok, err, type Result } from '../core/result.ts';
import { addIssues, optionalText, phoneToForm, readPhone, type FieldErrors } from '../core/form-fields.ts';
import { emptyPersonForm, personToForm, readPersonForm, type PersonForm } from './person-form.ts';

export type PatientForm = PersonForm & {
  preferredName: string;
  altPhone: string;
  preferredChannel: ContactChannel;
  language: string;
  locationId: string;
  /** Kept as loaded: the status is derived (STATUS-101), never typed. */
  status: PatientStatus;
};

export function emptyPatientForm(defaults: { locationId: string; language?: string }): PatientForm {
  return {
    ...emptyPersonForm(),
    preferredName: '',
    altPhone: '',
    preferredChannel: 'text',
    language: defaults.language ?? 'en',
    locationId: defaults.locationId,
    status: 'prospect',
  };
}

export function patientToForm(patient: Patient): PatientForm {
  return {
    ...personToForm(patient),
    preferredName: patient.preferredName ?? '',
    altPhone: phoneToForm(patient.altPhone),
    preferredChannel: patient.preferredChannel,
    language: patient.language,
    locationId: patient.locationId,
    status: patient.status,
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
  const person = readPersonForm(form, today);
  const errors: FieldErrors<PatientForm> = person.errors;
  const altPhone = readPhone(form.altPhone);
  if (altPhone.error) errors.altPhone = altPhone.error;

  const value = {
    ...person.value,
    preferredName: optionalText(form.preferredName),
    altPhone: altPhone.value,
    preferredChannel: form.preferredChannel,
    language: form.language.trim(),
    locationId: form.locationId,
    // The stored status is what older versions kept by hand; a value they cannot read is replaced
    // (screens show the derived one, STATUS-101), so a record quarantined for it can be saved.
    status: PatientStatus.safeParse(form.status).success ? form.status : 'prospect',
  };
  const checked = PatientFields.omit({ familyId: true }).safeParse(value);
  if (!checked.success) addIssues(checked.error.issues, form, errors, { locationId: 'Choose a location' });
  if (Object.keys(errors).length > 0) return err(errors);
  return ok(value as PatientFormValue);
}
