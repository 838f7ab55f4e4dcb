/**
 * Whom to reach about a patient, in order (PAT-201): a minor through the parents and guardians
 * linked to them, the guarantor first, and only then the patient; an adult first themselves.
 * The contact card leads with the first of these, and signing offers them as signers.
 */
import { ageOn } from '../core/calendar.ts';
import type { Relationship } from './family.schema.ts';

/** Guarantor first (the parent who manages the account), then parents before other relatives. */
export const GUARDIAN_ORDER: readonly Relationship[] = [
  'mother',
  'father',
  'parent',
  'guardian',
  'stepparent',
  'grandparent',
  'spouse',
  'other',
];

type LinkOrder = { partyId: string; relationship: Relationship; isGuarantor: boolean };

/** Sorts a patient's links the way they are reached: guarantor, then GUARDIAN_ORDER, then by id. */
export function byGuardianOrder(a: LinkOrder, b: LinkOrder): number {
  return (
    Number(b.isGuarantor) - Number(a.isGuarantor) ||
    GUARDIAN_ORDER.indexOf(a.relationship) - GUARDIAN_ORDER.indexOf(b.relationship) ||
    (a.partyId < b.partyId ? -1 : a.partyId > b.partyId ? 1 : 0)
  );
}

type Reachable = {
  firstName: string;
  lastName: string;
  preferredName?: string | undefined;
  phone?: string | undefined;
  altPhone?: string | undefined;
  email?: string | undefined;
};

export type CallPatient = Reachable & { id: string; dateOfBirth?: string | undefined };
export type CallParty = Reachable & { id: string };

export type WhomToCall =
  | { kind: 'patient'; person: CallPatient }
  | { kind: 'party'; person: CallParty; relationship: Relationship; isGuarantor: boolean };

/** Under 18 today by date of birth; a patient without one is taken for an adult. */
export function isMinorOn(dateOfBirth: string | undefined, today: string): boolean {
  const age = dateOfBirth ? ageOn(dateOfBirth, today) : null;
  return age !== null && age < 18;
}

/**
 * Everyone to reach about `patient`, in order (PAT-201). For a minor: each linked party (not
 * `self`), guarantor first, a party who has a phone before one who has none, then the patient.
 * For an adult: the patient, then the parties. A party not loaded is left out.
 */
export function whomToCall(input: {
  patient: CallPatient;
  parties: readonly CallParty[];
  links: readonly (LinkOrder & { patientId: string })[];
  today: string;
}): WhomToCall[] {
  const parties = new Map(input.parties.map((p) => [p.id, p]));
  const linked = input.links
    .filter((l) => l.patientId === input.patient.id && l.relationship !== 'self')
    .sort(byGuardianOrder)
    .flatMap((link): WhomToCall[] => {
      const person = parties.get(link.partyId);
      return person
        ? [{ kind: 'party', person, relationship: link.relationship, isGuarantor: link.isGuarantor }]
        : [];
    });
  const self: WhomToCall = { kind: 'patient', person: input.patient };
  if (!isMinorOn(input.patient.dateOfBirth, input.today)) return [self, ...linked];
  const hasPhone = (w: WhomToCall) => Boolean(w.person.phone ?? w.person.altPhone);
  return [...linked.filter(hasPhone), ...linked.filter((w) => !hasPhone(w)), self];
}
