import { describe, expect, it } from 'vitest';
import { emptyInquiryForm, readInquiryForm } from './inquiry-form.ts';

const LOC = 'loc_0000000000000001';

describe('INTAKE-1: the new-inquiry form', () => {
  it('needs only the names and one way to call back', () => {
    const { value, errors } = readInquiryForm(
      { ...emptyInquiryForm(LOC), firstName: ' Mia ', lastName: 'Lopez', phone: '(512) 555-0134' },
      { ownerId: 'stf_0000000000000001' },
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
    const { value, errors } = readInquiryForm({ ...emptyInquiryForm(LOC), email: 'not-an-email' }, {});
    expect(value).toBeUndefined();
    expect(errors).toMatchObject({
      firstName: expect.any(String),
      lastName: expect.any(String),
      email: 'Not a valid email address',
    });
  });

  it('asks for a phone or an email when neither is given', () => {
    const { errors } = readInquiryForm({ ...emptyInquiryForm(LOC), firstName: 'A', lastName: 'B' }, {});
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
      {},
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
      {},
    );
    expect(errors.parentName).toBe('First and last name');
  });
});
