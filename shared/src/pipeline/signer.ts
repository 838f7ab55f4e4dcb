/**
 * Who signs, and how (SIG-7, SIG-8): who usually signs, the printed name suggested for the signer
 * chosen, and the statement a typed signature is made under.
 */
import { ageOn } from '../core/calendar.ts';
import type { Patient } from '../patients/patient.schema.ts';
import type { PatientPartyLink, Relationship, ResponsibleParty } from '../patients/family.schema.ts';
import type { Signature } from './case.schema.ts';

export type SignerRole = Signature['signerRole'];

/** The patient's name as it goes into signed terms: legal first and last name, never a nickname. */
export function signedName(person: { firstName: string; lastName: string }): string {
  return `${person.firstName} ${person.lastName}`;
}

/** Who usually signs: the patient when an adult, otherwise a parent. */
export function defaultSignerRole(dateOfBirth: string | undefined, today: string): SignerRole {
  const age = dateOfBirth ? ageOn(dateOfBirth, today) : null;
  return age !== null && age >= 18 ? 'patient' : 'parent';
}

/**
 * SIG-7: what a person agrees to when they type their name instead of drawing. Kept word for word
 * in the signature record, so the record says what was agreed even if this text changes later.
 */
export const TYPED_SIGNATURE_INTENT =
  'I agree that typing my name here is my signature on this document, with the same effect as signing it by hand.';

const PARENTS: ReadonlySet<Relationship> = new Set(['mother', 'father', 'parent', 'stepparent']);

type LinkedParty = {
  link: Pick<PatientPartyLink, 'relationship' | 'isGuarantor'>;
  party: Pick<ResponsibleParty, 'firstName' | 'lastName'>;
};

/** Guarantors first, then in the order given (the family's order). */
function guarantorFirst<T extends LinkedParty>(parties: readonly T[]): T[] {
  return [...parties].sort((a, b) => Number(b.link.isGuarantor) - Number(a.link.isGuarantor));
}

/**
 * SIG-8: the printed name to prefill for a signer role: the patient's legal name when the patient
 * signs; a parent (the guarantor first) for a parent; a guardian for a guardian; the guarantor for
 * a responsible party. A role with nobody on file falls back to the guarantor; null when nobody fits.
 */
export function suggestedSignerName(
  role: SignerRole,
  patient: Pick<Patient, 'firstName' | 'lastName'> | undefined,
  parties: readonly LinkedParty[],
): string | null {
  if (role === 'patient') return patient ? signedName(patient) : null;
  const others = guarantorFirst(parties.filter((p) => p.link.relationship !== 'self'));
  const fits = (p: LinkedParty) =>
    role === 'parent'
      ? PARENTS.has(p.link.relationship)
      : role === 'guardian'
        ? p.link.relationship === 'guardian'
        : p.link.isGuarantor;
  const chosen = others.find(fits) ?? others.find((p) => p.link.isGuarantor);
  return chosen ? signedName(chosen.party) : null;
}
