import { describe, expect, it } from 'vitest';
import { Patient, PatientFields } from './patient.schema.ts';
import { Family, PatientPartyLink, ResponsibleParty } from './family.schema.ts';
import { Location, Practice } from '../practice/practice.schema.ts';
import { StaffMember } from '../identity/staff.schema.ts';
import { patientInput } from '../test-support/fixtures.ts';

const stamps = {
  createdAt: '2026-11-25T15:00:00.000Z',
  createdBy: 'stf_alice0000000000',
  updatedAt: '2026-11-25T15:00:00.000Z',
  updatedBy: 'stf_alice0000000000',
};

function pathsOf(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) {
  return (result.error?.issues ?? []).map((i) => i.path.join('.'));
}

describe('PAT-1: Patient schema', () => {
  it('accepts a complete patient record', () => {
    const record = { id: 'pat_0123456789abcdef', ...patientInput(), ...stamps };
    expect(Patient.safeParse(record).success).toBe(true);
  });

  it('accepts a minimal inquiry with no birthday or contact details', () => {
    const { dateOfBirth: _d, phone: _p, email: _e, ...minimal } = patientInput();
    expect(PatientFields.safeParse(minimal).success).toBe(true);
  });

  it('keeps fields it does not know (written by a newer version)', () => {
    const record = { id: 'pat_0123456789abcdef', ...patientInput(), ...stamps, pronouns: 'she/her' };
    const parsed = Patient.parse(record);
    expect(parsed).toHaveProperty('pronouns', 'she/her');
  });

  it('names every wrong field: empty name, impossible birthday, bad email, unknown status', () => {
    const result = PatientFields.safeParse(
      patientInput({
        firstName: '  ',
        dateOfBirth: '2013-02-29',
        email: 'not-an-email',
        status: 'lost' as never,
      }),
    );
    expect(result.success).toBe(false);
    expect(pathsOf(result).sort()).toEqual(['dateOfBirth', 'email', 'firstName', 'status']);
  });

  it('rejects phone numbers that are not normalized to E.164', () => {
    expect(PatientFields.safeParse(patientInput({ phone: '512-555-0123' })).success).toBe(false);
  });

  it('rejects a record without audit stamps', () => {
    const result = Patient.safeParse({ id: 'pat_0123456789abcdef', ...patientInput() });
    expect(pathsOf(result)).toEqual(expect.arrayContaining(['updatedAt', 'updatedBy']));
  });

  it('trims names', () => {
    expect(PatientFields.parse(patientInput({ lastName: '  Garcia ' })).lastName).toBe('Garcia');
  });
});

describe('FAM-1: Family and responsible party schemas', () => {
  it('accepts a family with an address, defaulting the country', () => {
    const family = Family.parse({
      id: 'fam_0123456789abcdef',
      name: 'Garcia family',
      address: { line1: '12 Oak St', city: 'Austin', region: 'TX', postalCode: '78701' },
      ...stamps,
    });
    expect(family.address?.country).toBe('US');
  });

  it('rejects a family address missing its city', () => {
    const result = Family.safeParse({
      id: 'fam_0123456789abcdef',
      name: 'Garcia family',
      address: { line1: '12 Oak St', city: '', region: 'TX', postalCode: '78701' },
      ...stamps,
    });
    expect(pathsOf(result)).toEqual(['address.city']);
  });

  it('requires a responsible party to belong to a family', () => {
    const result = ResponsibleParty.safeParse({
      id: 'rp_0123456789abcdef',
      firstName: 'Maria',
      lastName: 'Garcia',
      ...stamps,
    });
    expect(pathsOf(result)).toEqual(['familyId']);
  });

  it('accepts a guarantor link and rejects an unknown relationship', () => {
    const link = {
      id: 'lnk_0123456789abcdef',
      patientId: 'pat_0123456789abcdef',
      partyId: 'rp_0123456789abcdef',
      relationship: 'mother',
      isGuarantor: true,
      ...stamps,
    };
    expect(PatientPartyLink.safeParse(link).success).toBe(true);
    expect(pathsOf(PatientPartyLink.safeParse({ ...link, relationship: 'neighbour' }))).toEqual([
      'relationship',
    ]);
  });
});

describe('Practice, location and staff schemas', () => {
  it('CAL-4: accepts a practice in a real time zone and rejects a made-up one', () => {
    const practice = {
      id: 'prc_0123456789abcdef',
      name: 'Bright Smiles Ortho',
      timeZone: 'America/Chicago',
      ...stamps,
    };
    expect(Practice.safeParse(practice).success).toBe(true);
    expect(pathsOf(Practice.safeParse({ ...practice, timeZone: 'Mars/Olympus' }))).toEqual(['timeZone']);
  });

  it('requires a location to say whether it is active', () => {
    const result = Location.safeParse({ id: 'loc_0123456789abcdef', name: 'North', ...stamps });
    expect(pathsOf(result)).toEqual(['active']);
  });

  it('PERM-1: accepts each staff role and defaults to every location', () => {
    const member = StaffMember.parse({
      id: 'stf_0123456789abcdef',
      name: 'Alice Chen',
      role: 'treatment-coordinator',
      active: true,
      ...stamps,
    });
    expect(member.locationIds).toEqual([]);
    expect(pathsOf(StaffMember.safeParse({ ...member, role: 'janitor' }))).toEqual(['role']);
  });
});
