/**
 * The new-inquiry form: a patient, optionally a parent calling for them, what they want and how
 * they found the practice, read into a patient registration and a new case in one step, with
 * every problem named by field. Made for speed: only the names and one way to reach them are needed.
 */
import type { RegisterPatientInput } from '../patients/patients-doc.ts';
import type { NewCaseInput } from './chart-doc.ts';
import { ReferralKind, type CaseType } from './case.schema.ts';
import { PersonName } from '../core/common.schema.ts';
import type { FieldErrors } from '../core/form-fields.ts';
import { optionalText, readBirthDate, readEmail, readPhone } from '../core/form-fields.ts';

export type InquiryForm = {
  firstName: string;
  lastName: string;
  /** Optional; with the name it finds a record already on file (INTAKE-101). */
  dateOfBirth: string;
  phone: string;
  email: string;
  /** A parent or guardian calling for the patient, as "First Last"; empty when the patient calls. */
  parentName: string;
  concern: string;
  referralKind: ReferralKind | '';
  referrerId: string;
  referralDetail: string;
  caseType: CaseType;
  locationId: string;
};

export function emptyInquiryForm(locationId: string): InquiryForm {
  return {
    firstName: '',
    lastName: '',
    dateOfBirth: '',
    phone: '',
    email: '',
    parentName: '',
    concern: '',
    referralKind: '',
    referrerId: '',
    referralDetail: '',
    caseType: 'comprehensive',
    locationId,
  };
}

export type InquiryValue = {
  registration: RegisterPatientInput;
  newCase: Omit<NewCaseInput, 'patientId'>;
};

export function readInquiryForm(
  form: InquiryForm,
  context: { ownerId?: string; today: string },
): { value?: InquiryValue; errors: FieldErrors<InquiryForm> } {
  const errors: FieldErrors<InquiryForm> = {};
  const first = PersonName.safeParse(form.firstName);
  if (!first.success) errors.firstName = first.error.issues[0]?.message ?? 'Required';
  const last = PersonName.safeParse(form.lastName);
  if (!last.success) errors.lastName = last.error.issues[0]?.message ?? 'Required';
  const dateOfBirth = readBirthDate(form.dateOfBirth, context.today);
  if (dateOfBirth.error) errors.dateOfBirth = dateOfBirth.error;
  const phone = readPhone(form.phone);
  if (phone.error) errors.phone = phone.error;
  const email = readEmail(form.email);
  if (email.error) errors.email = email.error;
  if (!phone.error && !email.error && !phone.value && !email.value) {
    errors.phone = 'A phone number or an email, so someone can call back';
  }
  const parent = form.parentName.trim().split(/\s+/).filter(Boolean);
  if (parent.length === 1) errors.parentName = 'First and last name';
  if (form.parentName.length > 160) errors.parentName = 'At most 160 characters';
  if (form.concern.length > 500) errors.concern = 'At most 500 characters';
  if (form.referralDetail.length > 120) errors.referralDetail = 'At most 120 characters';
  if (!form.locationId) errors.locationId = 'Choose a location';
  if (Object.keys(errors).length > 0) return { errors };

  const firstName = form.firstName.trim();
  const lastName = form.lastName.trim();
  const channel = phone.value ? 'phone' : 'email';
  const registration: RegisterPatientInput = {
    patient: {
      firstName,
      lastName,
      ...(dateOfBirth.value ? { dateOfBirth: dateOfBirth.value } : {}),
      phone: phone.value,
      email: email.value,
      preferredChannel: channel,
      language: 'en',
      locationId: form.locationId,
      status: 'prospect',
    },
  };
  if (parent.length >= 2) {
    const parentLast = parent.at(-1)!;
    registration.family = { create: { name: `${parentLast} family` } };
    registration.parties = [
      {
        firstName: parent.slice(0, -1).join(' '),
        lastName: parentLast,
        phone: phone.value,
        email: email.value,
        preferredChannel: channel,
        relationship: 'parent',
        isGuarantor: true,
      },
    ];
    // The parent called: their phone and email are the family's, not the child's.
    registration.patient.phone = undefined;
    registration.patient.email = undefined;
  }
  const referralKind = ReferralKind.safeParse(form.referralKind);
  return {
    errors,
    value: {
      registration,
      newCase: {
        type: form.caseType,
        status: 'inquiry',
        ownerId: context.ownerId,
        locationId: form.locationId,
        concern: optionalText(form.concern),
        referral: referralKind.success
          ? {
              kind: referralKind.data,
              referrerId: referralKind.data === 'dentist' ? optionalText(form.referrerId) : undefined,
              detail: optionalText(form.referralDetail),
            }
          : undefined,
      },
    },
  };
}

/**
 * INTAKE-102: an inquiry's registration turned into a sibling joining a family already on file:
 * no new family and no new parent (the family's are linked, `links` from `siblingLinks`); a phone
 * or email typed for the calling parent stays off the child, since the parent already has theirs.
 */
export function asSiblingRegistration(
  registration: RegisterPatientInput,
  familyId: string,
  links: NonNullable<RegisterPatientInput['linkParties']>,
): RegisterPatientInput {
  const calledForChild = (registration.parties?.length ?? 0) > 0;
  return {
    patient: calledForChild
      ? { ...registration.patient, phone: undefined, email: undefined }
      : registration.patient,
    family: { existingId: familyId },
    linkParties: links,
  };
}
