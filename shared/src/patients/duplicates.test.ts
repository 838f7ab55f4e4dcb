import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { intakeMatches, siblingLinks } from './duplicates.ts';
import { readPatientsData, registerPatient, familyView } from './patients-doc.ts';
import { patientInput, userContext } from '../test-support/fixtures.ts';

/** The Lopez household (Maria calls for Sofia), an adult patient, and a second Garcia. */
function practice() {
  const doc = new Y.Doc();
  const ctx = userContext();
  const lopez = registerPatient(doc, ctx, {
    patient: patientInput({
      firstName: 'Sofía',
      lastName: 'Lopez',
      dateOfBirth: '2013-04-02',
      phone: undefined,
      email: undefined,
    }),
    family: { create: { name: 'Lopez family' } },
    parties: [
      {
        firstName: 'Maria',
        lastName: 'Lopez',
        phone: '+15125550190',
        email: 'maria@example.com',
        relationship: 'mother',
        isGuarantor: true,
      },
    ],
  });
  const adult = registerPatient(doc, ctx, {
    patient: patientInput({
      firstName: 'Dana',
      lastName: 'Cole',
      dateOfBirth: '1988-09-09',
      phone: '+15125550111',
      email: 'dana@example.com',
    }),
  });
  if (!lopez.ok || !adult.ok) throw new Error('setup failed');
  return { doc, ctx, sofia: lopez.value.patient, familyId: lopez.value.familyId!, dana: adult.value.patient };
}

describe('intakeMatches', () => {
  it('INTAKE-101: a sibling’s call: the parent’s phone finds the family', () => {
    const { doc, familyId } = practice();
    const matches = intakeMatches(
      { firstName: 'Mateo', lastName: 'Lopez', phone: '(512) 555-0190' },
      readPatientsData(doc),
    );
    expect(matches).toEqual([
      { kind: 'family', familyId, via: { partyId: expect.any(String) }, reasons: ['phone'] },
    ]);
  });

  it('INTAKE-101: the parent’s name or email finds the family too', () => {
    const { doc, familyId } = practice();
    const data = readPatientsData(doc);
    expect(
      intakeMatches({ firstName: 'Mateo', lastName: 'Lopez', parentName: 'maria lopez' }, data)[0],
    ).toMatchObject({
      kind: 'family',
      familyId,
      reasons: ['parent-name'],
    });
    expect(
      intakeMatches({ firstName: 'Mateo', lastName: 'Lopez', email: 'MARIA@example.com ' }, data)[0],
    ).toMatchObject({
      kind: 'family',
      reasons: ['email'],
    });
  });

  it('INTAKE-101: the same name and date of birth is the same patient (accents and case ignored)', () => {
    const { doc, sofia, familyId } = practice();
    const matches = intakeMatches(
      { firstName: 'sofia', lastName: 'LOPEZ', dateOfBirth: '04/02/2013' },
      readPatientsData(doc),
    );
    expect(matches).toEqual([{ kind: 'same-patient', patientId: sofia.id, familyId, reasons: ['name-dob'] }]);
  });

  it('INTAKE-101: a returning adult is found by name with phone or email, and a family is not offered twice', () => {
    const { doc, dana } = practice();
    const matches = intakeMatches(
      { firstName: 'Dana', lastName: 'Cole', phone: '512-555-0111', email: 'dana@example.com' },
      readPatientsData(doc),
    );
    expect(matches).toEqual([{ kind: 'same-patient', patientId: dana.id, reasons: ['phone', 'email'] }]);
  });

  it('INTAKE-101: a name alone is a weak match, and a different date of birth rules it out', () => {
    const { doc, dana } = practice();
    const data = readPatientsData(doc);
    expect(intakeMatches({ firstName: 'Dana', lastName: 'Cole' }, data)).toEqual([
      { kind: 'same-patient', patientId: dana.id, reasons: ['name'] },
    ]);
    expect(intakeMatches({ firstName: 'Dana', lastName: 'Cole', dateOfBirth: '1990-01-01' }, data)).toEqual(
      [],
    );
  });

  it('INTAKE-101: half-typed values match nothing', () => {
    const { doc } = practice();
    const data = readPatientsData(doc);
    expect(intakeMatches({ firstName: 'M', lastName: '', phone: '512555', email: 'maria@' }, data)).toEqual(
      [],
    );
  });

  it('INTAKE-101: a merged-away record is never offered', () => {
    const { doc, dana } = practice();
    const data = { ...readPatientsData(doc), mergedAway: new Set([dana.id]) };
    expect(intakeMatches({ firstName: 'Dana', lastName: 'Cole' }, data)).toEqual([]);
  });
});

describe('adding a sibling', () => {
  it('INTAKE-102: the new sibling joins the family with the same parents, the guarantor still the guarantor', () => {
    const { doc, ctx, familyId, sofia } = practice();
    const links = siblingLinks(familyId, readPatientsData(doc));
    expect(links).toEqual([{ partyId: expect.any(String), relationship: 'mother', isGuarantor: true }]);
    const added = registerPatient(doc, ctx, {
      patient: patientInput({ firstName: 'Mateo', lastName: 'Lopez', phone: undefined, email: undefined }),
      family: { existingId: familyId },
      linkParties: links,
    });
    if (!added.ok) throw new Error(JSON.stringify(added.error));
    const view = familyView(added.value.patient, readPatientsData(doc));
    expect(view.family?.id).toBe(familyId);
    expect(view.siblings.map((s) => s.id)).toEqual([sofia.id]);
    expect(view.parties.map((p) => [p.party.firstName, p.link.isGuarantor])).toEqual([['Maria', true]]);
  });

  it('INTAKE-102: a party of another family cannot be linked into this one', () => {
    const { doc, ctx, familyId } = practice();
    const other = registerPatient(doc, ctx, {
      patient: patientInput({ firstName: 'Ivy', lastName: 'Ng' }),
      family: { create: { name: 'Ng family' } },
      parties: [{ firstName: 'Lin', lastName: 'Ng', relationship: 'father', isGuarantor: true }],
    });
    if (!other.ok) throw new Error('setup');
    const foreign = siblingLinks(other.value.familyId!, readPatientsData(doc));
    const result = registerPatient(doc, ctx, {
      patient: patientInput({ firstName: 'Mateo', lastName: 'Lopez' }),
      family: { existingId: familyId },
      linkParties: foreign,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'invalid', issues: [{ message: 'Not a responsible party of this family' }] },
    });
  });
});
