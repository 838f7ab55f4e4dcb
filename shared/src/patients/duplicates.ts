/**
 * Intake finds who already exists (docs/spec/patients.md INTAKE-101…INTAKE-103): while a new
 * inquiry or patient is typed, the patients and responsible parties it may already be, by phone,
 * email, or name with date of birth, and what to do about each: the same patient (reopen), a
 * sibling in that family, or a new patient anyway.
 *
 * Pure, over the practice-wide index (PatientsData). Merged-away records never match: their
 * survivor does (merge.ts).
 */
import type { Patient } from './patient.schema.ts';
import type { PatientPartyLink, ResponsibleParty } from './family.schema.ts';
import type { PatientsData } from './patients-doc.ts';
import { normalizeText } from './patient-search.ts';
import { parsePhoneInput } from '../core/phone.ts';
import { parseLocalDateInput } from '../core/calendar.ts';

/** What the form holds while the person types (any field may be empty or half typed). */
export type IntakeQuery = {
  firstName: string;
  lastName: string;
  dateOfBirth?: string;
  phone?: string;
  email?: string;
  /** The parent or guardian calling for the patient, as typed ("Maria Lopez"). */
  parentName?: string;
};

export type MatchReason = 'phone' | 'email' | 'name-dob' | 'name' | 'parent-name';

export const MATCH_REASON_LABELS: Record<MatchReason, string> = {
  phone: 'same phone',
  email: 'same email',
  'name-dob': 'same name and date of birth',
  name: 'same name',
  'parent-name': 'same parent',
};

/**
 * - `same-patient`: this is someone already on file (offer "this is the same patient (reopen)");
 * - `family`: a household already on file: a sibling or a parent's other child (offer "add as
 *   sibling to this family").
 */
export type IntakeMatch =
  | { kind: 'same-patient'; patientId: string; familyId?: string; reasons: MatchReason[] }
  | {
      kind: 'family';
      familyId: string;
      via: { patientId?: string; partyId?: string };
      reasons: MatchReason[];
    };

type Index = Pick<PatientsData, 'patients' | 'families' | 'parties' | 'links'> & {
  /** Ids merged into another record (merge.ts): never offered. */
  mergedAway?: ReadonlySet<string>;
};

const same = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a !== '' && normalizeText(a.trim()) === normalizeText(b.trim());

function phoneOf(text: string | undefined): string | null {
  if (!text) return null;
  const parsed = parsePhoneInput(text);
  return parsed.ok ? parsed.value : null;
}

function emailOf(text: string | undefined): string | null {
  const value = text?.trim().toLowerCase() ?? '';
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? value : null;
}

const STRONG: ReadonlySet<MatchReason> = new Set(['phone', 'email', 'name-dob']);

/**
 * INTAKE-101: the records the typed person may already be, strongest first, at most `limit`:
 * - a patient with the same first and last name (accents and case ignored) and the same date
 *   of birth, or the same name and the same phone or email, is the **same patient**;
 * - a patient with another name but the same phone or email, or a responsible party with the
 *   same phone or email (or the same name as the parent calling), belongs to a **family** the new
 *   patient may join as a sibling;
 * - a patient with the same name alone is offered as possibly the same patient, after the others.
 * A phone counts once it is a whole number (10 digits), an email once it looks like one, a date
 * once it is a real date: nothing is offered on a half-typed value. Merged-away records are
 * skipped.
 */
export function intakeMatches(query: IntakeQuery, index: Index, limit = 5): IntakeMatch[] {
  const phone = phoneOf(query.phone);
  const email = emailOf(query.email);
  const dob = query.dateOfBirth ? parseLocalDateInput(query.dateOfBirth) : null;
  const [parentFirst, ...parentRest] = (query.parentName ?? '').trim().split(/\s+/).filter(Boolean);
  const parentLast = parentRest.at(-1);
  const skip = index.mergedAway ?? new Set<string>();

  const patientMatches = new Map<string, IntakeMatch>();
  const familyMatches = new Map<string, IntakeMatch & { kind: 'family' }>();
  const addFamily = (
    familyId: string,
    via: { patientId?: string; partyId?: string },
    reasons: MatchReason[],
  ) => {
    if (skip.has(familyId) || !index.families.has(familyId)) return;
    const seen = familyMatches.get(familyId);
    if (seen) seen.reasons = [...new Set([...seen.reasons, ...reasons])];
    else familyMatches.set(familyId, { kind: 'family', familyId, via, reasons });
  };

  for (const patient of index.patients.values()) {
    if (skip.has(patient.id)) continue;
    const contact: MatchReason[] = [];
    if (phone && (patient.phone === phone || patient.altPhone === phone)) contact.push('phone');
    if (email && emailOf(patient.email) === email) contact.push('email');
    const named = same(patient.firstName, query.firstName) && same(patient.lastName, query.lastName);
    if (named && dob && patient.dateOfBirth === dob)
      patientMatches.set(patient.id, sameOf(patient, ['name-dob', ...contact]));
    else if (named && contact.length > 0) patientMatches.set(patient.id, sameOf(patient, contact));
    else if (named && !(dob && patient.dateOfBirth && patient.dateOfBirth !== dob))
      patientMatches.set(patient.id, sameOf(patient, ['name']));
    else if (contact.length > 0 && patient.familyId)
      addFamily(patient.familyId, { patientId: patient.id }, contact);
  }

  for (const party of index.parties.values()) {
    if (skip.has(party.id)) continue;
    const reasons: MatchReason[] = [];
    if (phone && party.phone === phone) reasons.push('phone');
    if (email && emailOf(party.email) === email) reasons.push('email');
    if (parentFirst && parentLast && same(party.firstName, parentFirst) && same(party.lastName, parentLast))
      reasons.push('parent-name');
    if (reasons.length > 0) addFamily(party.familyId, { partyId: party.id }, reasons);
  }

  // A family already offered through its patient who is the same person is not offered again.
  for (const match of patientMatches.values())
    if (match.familyId && STRONG.has(match.reasons[0]!)) familyMatches.delete(match.familyId);

  const strength = (m: IntakeMatch) =>
    m.kind === 'same-patient'
      ? STRONG.has(m.reasons[0]!)
        ? 0
        : 2
      : m.reasons.some((r) => STRONG.has(r))
        ? 1
        : 3;
  return [...patientMatches.values(), ...familyMatches.values()]
    .sort(
      (a, b) =>
        strength(a) - strength(b) || b.reasons.length - a.reasons.length || keyOf(a).localeCompare(keyOf(b)),
    )
    .slice(0, limit);
}

function sameOf(patient: Patient, reasons: MatchReason[]): IntakeMatch {
  return {
    kind: 'same-patient',
    patientId: patient.id,
    ...(patient.familyId ? { familyId: patient.familyId } : {}),
    reasons: [...new Set(reasons)],
  };
}

const keyOf = (m: IntakeMatch) => (m.kind === 'same-patient' ? m.patientId : m.familyId);

/**
 * INTAKE-102: how a new sibling joins a family: the family's responsible parties who are parents
 * or guardians of a patient already in it are linked to the new patient the same way (the
 * guarantor stays the guarantor), so the second child's account and calls go to the same people.
 */
export function siblingLinks(
  familyId: string,
  index: Pick<PatientsData, 'patients' | 'parties' | 'links'>,
): { partyId: string; relationship: PatientPartyLink['relationship']; isGuarantor: boolean }[] {
  const members = new Set(
    [...index.patients.values()].filter((p) => p.familyId === familyId).map((p) => p.id),
  );
  const best = new Map<
    string,
    { partyId: string; relationship: PatientPartyLink['relationship']; isGuarantor: boolean }
  >();
  for (const link of index.links.values()) {
    const party: ResponsibleParty | undefined = index.parties.get(link.partyId);
    if (!party || party.familyId !== familyId || !members.has(link.patientId) || link.relationship === 'self')
      continue;
    const seen = best.get(party.id);
    if (!seen || (link.isGuarantor && !seen.isGuarantor))
      best.set(party.id, {
        partyId: party.id,
        relationship: link.relationship,
        isGuarantor: link.isGuarantor,
      });
  }
  return [...best.values()].sort(
    (a, b) => Number(b.isGuarantor) - Number(a.isGuarantor) || a.partyId.localeCompare(b.partyId),
  );
}
