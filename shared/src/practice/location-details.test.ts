import { describe, expect, it } from 'vitest';
import {
  emptyLocationForm,
  letterheadFor,
  locationToForm,
  missingDetails,
  readLocationForm,
} from './location-details.ts';
import { isValidNpi, type Location } from './practice.schema.ts';

const STAMPS = {
  createdAt: '2026-01-01T10:00:00.000Z',
  createdBy: 'stf_owner00000000',
  updatedAt: '2026-01-01T10:00:00.000Z',
  updatedBy: 'stf_owner00000000',
};
const MAIN: Location = {
  id: 'loc_main00000000',
  name: 'Main office',
  active: true,
  address: {
    line1: '12 Congress Ave',
    line2: 'Suite 4',
    city: 'Austin',
    region: 'TX',
    postalCode: '78701',
    country: 'US',
  },
  phone: '+15125550100',
  email: 'main@example.com',
  taxId: '12-3456789',
  npi: '1234567893',
  ...STAMPS,
};
const NORTH: Location = { id: 'loc_north0000000', name: 'North office', active: true, ...STAMPS };
const PRACTICE = { name: 'Bright Smiles Orthodontics', phone: '+15125550199', email: 'hello@example.com' };

describe('LOC-2: the location form', () => {
  it('reads every detail, normalizing the phone and the tax id', () => {
    const result = readLocationForm({
      ...emptyLocationForm(),
      name: ' North office ',
      addressLine1: '9 Lamar Blvd',
      city: 'Austin',
      region: 'TX',
      postalCode: '78756',
      phone: '512 555 0142',
      email: 'north@example.com',
      taxId: '987654321',
      npi: '1234 567 893',
    });
    expect(result).toEqual({
      ok: true,
      value: {
        name: 'North office',
        address: { line1: '9 Lamar Blvd', city: 'Austin', region: 'TX', postalCode: '78756', country: 'US' },
        phone: '+15125550142',
        email: 'north@example.com',
        taxId: '98-7654321',
        npi: '1234567893',
      },
    });
  });

  it('clears what was emptied and needs only a name', () => {
    expect(readLocationForm({ ...emptyLocationForm(), name: 'Main' })).toEqual({
      ok: true,
      value: {
        name: 'Main',
        address: undefined,
        phone: undefined,
        email: undefined,
        taxId: undefined,
        npi: undefined,
      },
    });
  });

  it('puts each problem beside its field', () => {
    const result = readLocationForm({
      ...emptyLocationForm(),
      name: ' ',
      city: 'Austin',
      phone: '555',
      email: 'x@',
      taxId: '12-34',
      npi: '1234567890',
    });
    expect(result).toEqual({
      ok: false,
      error: {
        name: 'Required',
        addressLine1: 'Required',
        region: 'Required',
        postalCode: 'Too short',
        phone: 'Too few digits for a phone number',
        email: 'Not a valid email address',
        taxId: 'Use nine digits, as 12-3456789',
        npi: 'Not a valid NPI: check the digits',
      },
    });
  });

  it('checks the NPI’s Luhn digit over the 80840 prefix', () => {
    expect(isValidNpi('1234567893')).toBe(true);
    expect(isValidNpi('1245319599')).toBe(true);
    expect(isValidNpi('1234567890')).toBe(false);
    expect(isValidNpi('123456789')).toBe(false);
  });

  it('shows a location as it was saved', () => {
    expect(readLocationForm(locationToForm(MAIN))).toEqual({
      ok: true,
      value: {
        name: MAIN.name,
        address: MAIN.address,
        phone: MAIN.phone,
        email: MAIN.email,
        taxId: MAIN.taxId,
        npi: MAIN.npi,
      },
    });
  });
});

describe('LOC-3: the letterhead documents print', () => {
  it('takes the location’s own details and names it when there are several', () => {
    expect(letterheadFor({ practice: PRACTICE, locations: [MAIN, NORTH] }, MAIN.id)).toEqual({
      practiceName: 'Bright Smiles Orthodontics',
      locationName: 'Main office',
      addressLines: ['12 Congress Ave', 'Suite 4', 'Austin, TX 78701'],
      phone: '(512) 555-0100',
      phoneE164: '+15125550100',
      email: 'main@example.com',
      taxId: '12-3456789',
      npi: '1234567893',
    });
  });

  it('falls back to the practice’s phone and email, and names no location for a single one', () => {
    expect(letterheadFor({ practice: PRACTICE, locations: [NORTH] }, NORTH.id)).toEqual({
      practiceName: 'Bright Smiles Orthodontics',
      addressLines: [],
      phone: '(512) 555-0199',
      phoneE164: '+15125550199',
      email: 'hello@example.com',
    });
  });

  it('reads the only active location when none is named, and nothing when several could be meant', () => {
    const closed = { ...NORTH, active: false };
    expect(letterheadFor({ practice: PRACTICE, locations: [MAIN, closed] }).addressLines).toHaveLength(3);
    expect(
      letterheadFor({ practice: PRACTICE, locations: [MAIN, NORTH] }, 'loc_gone00000000').addressLines,
    ).toEqual([]);
  });

  it('names what each kind of document lacks', () => {
    const bare = letterheadFor({ practice: { name: 'P' }, locations: [NORTH] });
    expect(missingDetails(bare, 'agreement')).toEqual(['address', 'phone']);
    expect(missingDetails(bare, 'reminder')).toEqual(['phone']);
    expect(missingDetails(bare, 'claim')).toEqual(['address', 'phone', 'taxId', 'npi']);
    const full = letterheadFor({ practice: PRACTICE, locations: [MAIN] });
    expect(missingDetails(full, 'claim')).toEqual([]);
  });
});
