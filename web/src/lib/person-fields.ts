/**
 * The person, contact and address fields every form that asks about a person shares (a patient,
 * a responsible party, an inquiry, the practice owner), as specs for `TextFields.svelte`. One
 * label, hint and input kind per field, whichever screen shows it. None names an autocomplete
 * token: these are details about patients, which the browser must neither fill from the
 * coordinator's own profile nor keep (UI-3; TextFields defaults to `off`).
 */
import type { HTMLInputAttributes } from 'svelte/elements';

export type TextFieldSpec<F> = {
  key: keyof F & string;
  /** The input's id after the form's prefix. */
  id: string;
  label: string;
  hint?: string;
  required?: boolean;
  type?: 'text' | 'tel' | 'email';
  inputmode?: HTMLInputAttributes['inputmode'];
  autocomplete?: HTMLInputAttributes['autocomplete'];
  autocapitalize?: HTMLInputAttributes['autocapitalize'];
  maxlength?: number;
};

type Names = { firstName: string; lastName: string };
type Contact = { phone: string; email: string };

export function nameFields<F extends Names>(): TextFieldSpec<F>[] {
  return [
    { key: 'firstName', id: 'first', label: 'First name', required: true },
    { key: 'lastName', id: 'last', label: 'Last name', required: true },
  ];
}

export function preferredNameField<F extends { preferredName: string }>(): TextFieldSpec<F> {
  return { key: 'preferredName', id: 'preferred', label: 'Preferred name' };
}

export function dateOfBirthField<F extends { dateOfBirth: string }>(hint = 'MM/DD/YYYY'): TextFieldSpec<F> {
  return { key: 'dateOfBirth', id: 'dob', label: 'Date of birth', hint, inputmode: 'numeric' };
}

export function phoneField<F extends { phone: string }>(label = 'Phone'): TextFieldSpec<F> {
  return { key: 'phone', id: 'phone', label, type: 'tel', inputmode: 'tel' };
}

export function emailField<F extends { email: string }>(): TextFieldSpec<F> {
  return { key: 'email', id: 'email', label: 'Email', type: 'email' };
}

export function contactFields<F extends Contact>(phoneLabel = 'Phone'): TextFieldSpec<F>[] {
  return [phoneField<F>(phoneLabel), emailField<F>()];
}

type Address = {
  addressLine1: string;
  addressLine2: string;
  city: string;
  region: string;
  postalCode: string;
};

export function streetFields<F extends Address>(): TextFieldSpec<F>[] {
  return [
    { key: 'addressLine1', id: 'line1', label: 'Street address' },
    {
      key: 'addressLine2',
      id: 'line2',
      label: 'Apartment, suite (optional)',
    },
  ];
}

export function cityFields<F extends Address>(): TextFieldSpec<F>[] {
  return [
    { key: 'city', id: 'city', label: 'City' },
    { key: 'region', id: 'region', label: 'State' },
    {
      key: 'postalCode',
      id: 'postal',
      label: 'ZIP code',
      inputmode: 'numeric',
    },
  ];
}
