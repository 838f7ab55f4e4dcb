import { describe, expect, it } from 'vitest';
import { asSiblingRegistration, emptyInquiryForm, readInquiryForm } from './inquiry-form.ts';

const LOC = 'loc_0000000000000001';
const TODAY = '2026-11-25';

describe('INTAKE-1: the new-inquiry form', () => {
  it('INTAKE-101: takes a date of birth when the caller gives one, and refuses one that has not come', () => {
    const form = { ...emptyInquiryForm(LOC), firstName: 'Mia', lastName: 'Lopez', phone: '512 555 0134' };
    expect(
      readInquiryForm({ ...form, dateOfBirth: '03/14/2015' }, { today: TODAY }).value?.registration.patient,
    ).toMatchObject({ dateOfBirth: '2015-03-14' });
    expect(readInquiryForm(form, { today: TODAY }).value?.registration.patient).not.toHaveProperty(
      'dateOfBirth',
    );
    const { value, errors } = readInquiryForm({ ...form, dateOfBirth: '01/02/2027' }, { today: TODAY });
    expect(value).toBeUndefined();
    expect(errors.dateOfBirth).toEqual(expect.any(String));
  });

  it('needs only the names and one way to call back', () => {
    const { value, errors } = readInquiryForm(
      { ...emptyInquiryForm(LOC), firstName: ' Mia ', lastName: 'Lopez', phone: '(512) 555-0134' },
      { ownerId: 'stf_0000000000000001', today: TODAY },
    );
    expect(errors).toEqual({});
    expect(value?.registration.patient).toMatchObject({
      firstName: 'Mia',
      lastName: 'Lopez',
      phone: '+15125550134',
      preferredChannel: 'phone',
      status: 'prospect',
    });
    expect(value?.newCase).toMatchObject({
      status: 'inquiry',
      ownerId: 'stf_0000000000000001',
      locationId: LOC,
    });
  });

  it('names each missing or wrong field', () => {
    const { value, errors } = readInquiryForm(
      { ...emptyInquiryForm(LOC), email: 'not-an-email' },
      { today: TODAY },
    );
    expect(value).toBeUndefined();
    expect(errors).toMatchObject({
      firstName: expect.any(String),
      lastName: expect.any(String),
      email: 'Not a valid email address',
    });
  });

  it('asks for a phone or an email when neither is given', () => {
    const { errors } = readInquiryForm(
      { ...emptyInquiryForm(LOC), firstName: 'A', lastName: 'B' },
      { today: TODAY },
    );
    expect(errors.phone).toMatch(/phone number or an email/);
  });

  it('records a calling parent as the family’s guarantor with the contact details', () => {
    const { value } = readInquiryForm(
      {
        ...emptyInquiryForm(LOC),
        firstName: 'Leo',
        lastName: 'Park',
        phone: '5125550177',
        parentName: 'Dana Lee Park',
        referralKind: 'dentist',
        referrerId: 'ref_0000000000000001',
        referralDetail: 'Dr. Smith',
      },
      { today: TODAY },
    );
    expect(value?.registration.family).toEqual({ create: { name: 'Park family' } });
    expect(value?.registration.parties?.[0]).toMatchObject({
      firstName: 'Dana Lee',
      lastName: 'Park',
      phone: '+15125550177',
      relationship: 'parent',
      isGuarantor: true,
    });
    expect(value?.registration.patient.phone).toBeUndefined();
    expect(value?.newCase.referral).toEqual({
      kind: 'dentist',
      referrerId: 'ref_0000000000000001',
      detail: 'Dr. Smith',
    });
  });

  it('refuses a one-word parent name', () => {
    const { errors } = readInquiryForm(
      {
        ...emptyInquiryForm(LOC),
        firstName: 'Leo',
        lastName: 'Park',
        phone: '5125550177',
        parentName: 'Dana',
      },
      { today: TODAY },
    );
    expect(errors.parentName).toBe('First and last name');
  });
});

describe('asSiblingRegistration', () => {
  it('INTAKE-102: a parent calling for a second child adds the child to their family, with no second parent record', () => {
    const read = readInquiryForm(
      {
        ...emptyInquiryForm('loc_main00000000000'),
        firstName: 'Mateo',
        lastName: 'Lopez',
        phone: '512 555 0190',
        parentName: 'Maria Lopez',
      },
      { today: TODAY },
    );
    const links = [{ partyId: 'rp_maria0000000000', relationship: 'mother' as const, isGuarantor: true }];
    const sibling = asSiblingRegistration(read.value!.registration, 'fam_lopez000000000', links);
    expect(sibling.family).toEqual({ existingId: 'fam_lopez000000000' });
    expect(sibling.parties).toBeUndefined();
    expect(sibling.linkParties).toEqual(links);
    expect(sibling.patient).toMatchObject({ firstName: 'Mateo', phone: undefined, email: undefined });
  });
});
