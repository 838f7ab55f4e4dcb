/**
 * Turning what people type into valid field values, with a message per field. Shared by the
 * patient, family and responsible-party forms so every form reads phones, dates and addresses
 * the same way and shows the same messages.
 */
import type { z } from 'zod';
import { Address, Email } from './common.schema.ts';
import { parseLocalDateInput } from './calendar.ts';
import { parsePhoneInput, PHONE_ERROR_MESSAGES, formatPhone } from './phone.ts';
import { displayLocalDate } from './calendar.ts';

export type FieldErrors<F> = Partial<Record<keyof F, string>>;

export type AddressForm = {
  addressLine1: string;
  addressLine2: string;
  city: string;
  region: string;
  postalCode: string;
};

export const EMPTY_ADDRESS_FORM: AddressForm = {
  addressLine1: '',
  addressLine2: '',
  city: '',
  region: '',
  postalCode: '',
};

const trim = (value: string) => value.trim();

/** Empty input means "not given"; anything else must be a real number. */
export function readPhone(input: string): { value?: string; error?: string } {
  if (trim(input) === '') return {};
  const parsed = parsePhoneInput(input);
  return parsed.ok ? { value: parsed.value } : { error: PHONE_ERROR_MESSAGES[parsed.error] };
}

export function readEmail(input: string): { value?: string; error?: string } {
  const text = trim(input);
  if (text === '') return {};
  const parsed = Email.safeParse(text);
  return parsed.success ? { value: parsed.data } : { error: 'Not a valid email address' };
}

/** A birthday: a real date, not in the future, not before 1900. */
export function readBirthDate(input: string, today: string): { value?: string; error?: string } {
  const text = trim(input);
  if (text === '') return {};
  const date = parseLocalDateInput(text);
  if (!date) return { error: 'Use MM/DD/YYYY or YYYY-MM-DD' };
  if (date > today) return { error: 'Date of birth is in the future' };
  if (date < '1900-01-01') return { error: 'Date of birth is before 1900' };
  return { value: date };
}

/** An address is all or nothing: a partly filled address names the missing parts. */
export function readAddress(form: AddressForm): {
  value?: z.output<typeof Address>;
  errors: FieldErrors<AddressForm>;
} {
  const any = [form.addressLine1, form.addressLine2, form.city, form.region, form.postalCode].some(
    (v) => trim(v) !== '',
  );
  if (!any) return { errors: {} };
  const parsed = Address.safeParse({
    line1: trim(form.addressLine1),
    ...(trim(form.addressLine2) ? { line2: trim(form.addressLine2) } : {}),
    city: trim(form.city),
    region: trim(form.region),
    postalCode: trim(form.postalCode),
  });
  if (parsed.success) return { value: parsed.data, errors: {} };
  const errors: FieldErrors<AddressForm> = {};
  const fieldOf: Record<string, keyof AddressForm> = {
    line1: 'addressLine1',
    line2: 'addressLine2',
    city: 'city',
    region: 'region',
    postalCode: 'postalCode',
  };
  for (const issue of parsed.error.issues) {
    const field = fieldOf[String(issue.path[0])];
    if (field && !errors[field]) errors[field] = issue.message;
  }
  return { errors };
}

export function addressToForm(address: z.output<typeof Address> | undefined): AddressForm {
  if (!address) return { ...EMPTY_ADDRESS_FORM };
  return {
    addressLine1: address.line1,
    addressLine2: address.line2 ?? '',
    city: address.city,
    region: address.region,
    postalCode: address.postalCode,
  };
}

/**
 * Puts schema issues beside the form fields they name (the first message per field wins; fields
 * the form does not have are ignored). `messages` overrides the text for a field.
 */
export function addIssues<F extends object>(
  issues: readonly z.core.$ZodIssue[],
  form: F,
  errors: FieldErrors<F>,
  messages: Partial<Record<keyof F, string>> = {},
): void {
  for (const issue of issues) {
    const field = String(issue.path[0]) as keyof F;
    if (field in form && !errors[field]) errors[field] = messages[field] ?? issue.message;
  }
}

export const phoneToForm = (phone: string | undefined) => (phone ? formatPhone(phone) : '');
export const dateToForm = (date: string | undefined) => (date ? displayLocalDate(date) : '');
export const optionalText = (value: string) => (trim(value) === '' ? undefined : trim(value));
