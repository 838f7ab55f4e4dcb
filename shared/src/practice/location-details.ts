/**
 * A location's details: the form that edits them (LOC-2) and the read model every printed or sent
 * document takes its letterhead from (LOC-3): agreements, statements, claim forms, reminders.
 */
import { ok, err, type Result } from '../core/result.ts';
import type { Address } from '../core/common.schema.ts';
import { formatPhone } from '../core/phone.ts';
import {
  addIssues,
  addressToForm,
  EMPTY_ADDRESS_FORM,
  phoneToForm,
  readAddress,
  readEmail,
  readPhone,
  type AddressForm,
  type FieldErrors,
} from '../core/form-fields.ts';
import { LocationFields, type Location, type Practice } from './practice.schema.ts';

export type LocationForm = AddressForm & {
  name: string;
  phone: string;
  email: string;
  taxId: string;
  npi: string;
};

export const emptyLocationForm = (): LocationForm => ({
  name: '',
  ...EMPTY_ADDRESS_FORM,
  phone: '',
  email: '',
  taxId: '',
  npi: '',
});

export function locationToForm(location: Location): LocationForm {
  return {
    name: location.name,
    ...addressToForm(location.address),
    phone: phoneToForm(location.phone),
    email: location.email ?? '',
    taxId: location.taxId ?? '',
    npi: location.npi ?? '',
  };
}

/** The details a location form sets; `undefined` clears an optional one. */
export type LocationDetails = Pick<Location, 'name' | 'address' | 'phone' | 'email' | 'taxId' | 'npi'>;

/** `123456789`, `12 3456789` and `12-3456789` are one tax id, stored as `12-3456789`. */
function normalTaxId(input: string): string | undefined {
  const text = input.trim();
  if (text === '') return undefined;
  const digits = text.replace(/[\s-]/g, '');
  return /^\d{9}$/.test(digits) ? `${digits.slice(0, 2)}-${digits.slice(2)}` : text;
}

function normalNpi(input: string): string | undefined {
  const text = input.replace(/\s/g, '');
  return text === '' ? undefined : text;
}

/**
 * Reads the location form (LOC-2): every field optional but the name; an address is all or
 * nothing; phone, email, tax id and NPI must be real ones. Each problem beside its field.
 */
export function readLocationForm(form: LocationForm): Result<LocationDetails, FieldErrors<LocationForm>> {
  const errors: FieldErrors<LocationForm> = {};
  const phone = readPhone(form.phone);
  const email = readEmail(form.email);
  const address = readAddress(form);
  if (phone.error) errors.phone = phone.error;
  if (email.error) errors.email = email.error;
  Object.assign(errors, address.errors);
  const value: LocationDetails = {
    name: form.name.trim(),
    address: address.value,
    phone: phone.value,
    email: email.value,
    taxId: normalTaxId(form.taxId),
    npi: normalNpi(form.npi),
  };
  const checked = LocationFields.pick({
    name: true,
    address: true,
    phone: true,
    email: true,
    taxId: true,
    npi: true,
  }).safeParse(value);
  if (!checked.success) addIssues(checked.error.issues, form, errors);
  return Object.keys(errors).length > 0 ? err(errors) : ok(value);
}

/** What a document says about who sent it (LOC-3). */
export type Letterhead = {
  practiceName: string;
  /** The location's name; absent when the practice has only one location (it would repeat itself). */
  locationName?: string;
  /** The street address as printed, line by line (`12 Main St`, `Suite 4`, `Austin, TX 78701`). */
  addressLines: string[];
  /** Shown form: `(512) 555-0100`. */
  phone?: string;
  /** E.164, for `tel:` links and text gateways. */
  phoneE164?: string;
  email?: string;
  taxId?: string;
  npi?: string;
};

/** The details a kind of document cannot go out without (LOC-3). */
export const LETTERHEAD_NEEDS = {
  agreement: ['address', 'phone'],
  statement: ['address', 'phone'],
  reminder: ['phone'],
  claim: ['address', 'phone', 'taxId', 'npi'],
} as const satisfies Record<string, readonly LetterheadDetail[]>;

export type LetterheadDetail = 'address' | 'phone' | 'taxId' | 'npi';
export const LETTERHEAD_DETAIL_LABELS: Record<LetterheadDetail, string> = {
  address: 'address',
  phone: 'phone number',
  taxId: 'tax id',
  npi: 'NPI',
};

export function addressLines(address: Address | undefined): string[] {
  if (!address) return [];
  return [
    address.line1,
    ...(address.line2 ? [address.line2] : []),
    `${address.city}, ${address.region} ${address.postalCode}`,
  ];
}

/**
 * The letterhead of a location (LOC-3): its own address, phone and email, each falling back to the
 * practice's where the location has none; its tax id and NPI. An unknown or absent location id
 * reads the practice's only active location, if it has just one.
 */
export function letterheadFor(
  view: {
    practice: Pick<Practice, 'name' | 'phone' | 'email'> | null;
    locations: readonly Location[];
  },
  locationId?: string,
): Letterhead {
  const active = view.locations.filter((l) => l.active);
  const location =
    view.locations.find((l) => l.id === locationId) ?? (active.length === 1 ? active[0] : undefined);
  const phoneE164 = location?.phone ?? view.practice?.phone;
  const email = location?.email ?? view.practice?.email;
  return {
    practiceName: view.practice?.name ?? '',
    ...(location && active.length > 1 ? { locationName: location.name } : {}),
    addressLines: addressLines(location?.address),
    ...(phoneE164 ? { phone: formatPhone(phoneE164), phoneE164 } : {}),
    ...(email ? { email } : {}),
    ...(location?.taxId ? { taxId: location.taxId } : {}),
    ...(location?.npi ? { npi: location.npi } : {}),
  };
}

/** The details `letterhead` lacks for a kind of document, in a fixed order (LOC-3). */
export function missingDetails(
  letterhead: Letterhead,
  document: keyof typeof LETTERHEAD_NEEDS,
): LetterheadDetail[] {
  const has: Record<LetterheadDetail, boolean> = {
    address: letterhead.addressLines.length > 0,
    phone: letterhead.phone !== undefined,
    taxId: letterhead.taxId !== undefined,
    npi: letterhead.npi !== undefined,
  };
  return LETTERHEAD_NEEDS[document].filter((detail) => !has[detail]);
}
