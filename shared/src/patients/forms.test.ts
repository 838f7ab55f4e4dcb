import { describe, expect, it } from 'vitest';
import { emptyPatientForm, patientToForm, readPatientForm } from './patient-form.ts';
import { emptyFamilyForm, emptyPartyForm, readFamilyForm, readPartyForm } from './family-form.ts';
import { changedFields } from '../documents/collection.ts';

const TODAY = '2026-11-25';
const base = () => ({
  ...emptyPatientForm({ locationId: 'loc_main00000000000' }),
  firstName: ' Sofia ',
  lastName: 'Garcia',
});

describe('PAT-1: patient form', () => {
  it('turns typed phone numbers and dates into stored forms', () => {
    const result = readPatientForm({ ...base(), phone: '(512) 555-0123', dateOfBirth: '3/4/2012' }, TODAY);
    expect(result).toMatchObject({
      ok: true,
      value: { firstName: 'Sofia', phone: '+15125550123', dateOfBirth: '2012-03-04' },
    });
  });

  it('puts each problem beside its field', () => {
    const result = readPatientForm(
      { ...base(), lastName: '', phone: '555', email: 'x@', dateOfBirth: '12/12/2030', city: 'Austin' },
      TODAY,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toEqual({
      lastName: 'Required',
      phone: 'Too few digits for a phone number',
      email: 'Not a valid email address',
      dateOfBirth: 'Date of birth is in the future',
      addressLine1: 'Required',
      region: 'Required',
      postalCode: 'Too short',
    });
  });

  it('asks for a location when none is chosen', () => {
    const result = readPatientForm({ ...base(), locationId: '' }, TODAY);
    expect(!result.ok && result.error.locationId).toBe('Choose a location');
  });

  it('round-trips a patient, and an unchanged form produces an empty patch', () => {
    const result = readPatientForm(
      {
        ...base(),
        phone: '5125550123',
        email: 'a@b.co',
        city: 'Austin',
        addressLine1: '1 Main',
        region: 'TX',
        postalCode: '78701',
      },
      TODAY,
    );
    if (!result.ok) throw new Error('valid');
    const stored = {
      ...result.value,
      id: 'pat_0123456789abcdef',
      createdAt: '2026-11-25T10:00:00.000Z',
      createdBy: 'stf_a',
      updatedAt: '2026-11-25T10:00:00.000Z',
      updatedBy: 'stf_a',
    };
    const again = readPatientForm(patientToForm(stored as never), TODAY);
    if (!again.ok) throw new Error('valid again');
    expect(changedFields(result.value, again.value)).toEqual({});
  });

  it('emptying an optional field produces a patch that clears it', () => {
    const first = readPatientForm({ ...base(), email: 'a@b.co' }, TODAY);
    const second = readPatientForm({ ...base(), email: '' }, TODAY);
    if (!first.ok || !second.ok) throw new Error('valid');
    expect(changedFields(first.value, second.value)).toEqual({ email: undefined });
  });
});

describe('FAM-1: family and responsible party forms', () => {
  it('a family needs a name', () => {
    expect(readFamilyForm(emptyFamilyForm(''))).toEqual({ ok: false, error: { name: 'Required' } });
    expect(readFamilyForm(emptyFamilyForm('Garcia family')).ok).toBe(true);
  });

  it('a responsible party needs a way to be reached', () => {
    const form = { ...emptyPartyForm('Garcia'), firstName: 'Maria' };
    expect(readPartyForm(form, TODAY)).toEqual({
      ok: false,
      error: { phone: 'Give a phone number or an email so the practice can reach them' },
    });
    expect(readPartyForm({ ...form, phone: '512 555 0100' }, TODAY)).toMatchObject({
      ok: true,
      value: { firstName: 'Maria', phone: '+15125550100', relationship: 'parent', isGuarantor: true },
    });
  });
});
