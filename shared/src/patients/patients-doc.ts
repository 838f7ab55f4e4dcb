/**
 * The patients document: demographics, families, responsible parties and their links.
 * It is the practice-wide patient index (search, lists) and the unit front desk may write.
 */
import type * as Y from 'yjs';
import { type z } from 'zod';
import { err, ok, type Result } from '../core/result.ts';
import { Patient, PatientFields } from './patient.schema.ts';
import {
  Family,
  FamilyFields,
  PatientPartyLink,
  PatientPartyLinkFields,
  ResponsibleParty,
  ResponsiblePartyFields,
} from './family.schema.ts';
import { Referrer, ReferrerFields } from '../comms/comms.schema.ts';
import { Carrier, CarrierFields } from '../insurance/insurance.schema.ts';
import {
  createRecord,
  deleteRecord,
  readAll,
  readRecord,
  updateRecord,
  type CollectionSpec,
  type Patch,
  type WriteContext,
  type WriteError,
} from '../documents/collection.ts';

export const PATIENTS = {
  name: 'patients',
  docKind: 'patients',
  idKind: 'patient',
  fields: PatientFields,
  record: Patient,
} as const satisfies CollectionSpec;

export const FAMILIES = {
  name: 'families',
  docKind: 'patients',
  idKind: 'family',
  fields: FamilyFields,
  record: Family,
} as const satisfies CollectionSpec;

export const PARTIES = {
  name: 'parties',
  docKind: 'patients',
  idKind: 'party',
  fields: ResponsiblePartyFields,
  record: ResponsibleParty,
} as const satisfies CollectionSpec;

export const LINKS = {
  name: 'links',
  docKind: 'patients',
  idKind: 'link',
  fields: PatientPartyLinkFields,
  record: PatientPartyLink,
} as const satisfies CollectionSpec;

/** Referring offices and doctors: kept beside the patients they refer (front desk adds them). */
export const REFERRERS = {
  name: 'referrers',
  docKind: 'patients',
  idKind: 'referrer',
  fields: ReferrerFields,
  record: Referrer,
} as const satisfies CollectionSpec;

/** Insurance carriers: practice-wide, beside the patients (front desk and billing add them). */
export const CARRIERS = {
  name: 'carriers',
  docKind: 'patients',
  idKind: 'carrier',
  fields: CarrierFields,
  record: Carrier,
} as const satisfies CollectionSpec;

export const PATIENTS_DOC_COLLECTIONS = [PATIENTS, FAMILIES, PARTIES, LINKS, REFERRERS, CARRIERS] as const;

export type CarrierInput = z.input<typeof CarrierFields>;
export const addCarrier = (doc: Y.Doc, ctx: WriteContext, input: CarrierInput) =>
  createRecord(doc, CARRIERS, ctx, input);
export const updateCarrier = (doc: Y.Doc, ctx: WriteContext, id: string, patch: Patch<typeof CARRIERS>) =>
  updateRecord(doc, CARRIERS, ctx, id, patch);

export type ReferrerInput = z.input<typeof ReferrerFields>;
export const addReferrer = (doc: Y.Doc, ctx: WriteContext, input: ReferrerInput) =>
  createRecord(doc, REFERRERS, ctx, input);
export const updateReferrer = (doc: Y.Doc, ctx: WriteContext, id: string, patch: Patch<typeof REFERRERS>) =>
  updateRecord(doc, REFERRERS, ctx, id, patch);

export type PatientInput = z.input<typeof PatientFields>;
export type FamilyInput = z.input<typeof FamilyFields>;
export type PartyInput = z.input<typeof ResponsiblePartyFields>;
export type LinkInput = z.input<typeof PatientPartyLinkFields>;

export const createPatient = (doc: Y.Doc, ctx: WriteContext, input: PatientInput) =>
  createRecord(doc, PATIENTS, ctx, input);

export const updatePatient = (doc: Y.Doc, ctx: WriteContext, id: string, patch: Patch<typeof PATIENTS>) =>
  updateRecord(doc, PATIENTS, ctx, id, patch);

export const createFamily = (doc: Y.Doc, ctx: WriteContext, input: FamilyInput) =>
  createRecord(doc, FAMILIES, ctx, input);

export const updateFamily = (doc: Y.Doc, ctx: WriteContext, id: string, patch: Patch<typeof FAMILIES>) =>
  updateRecord(doc, FAMILIES, ctx, id, patch);

export function addResponsibleParty(
  doc: Y.Doc,
  ctx: WriteContext,
  input: PartyInput,
): Result<ResponsibleParty, WriteError> {
  if (readRecord(doc, FAMILIES, input.familyId).status === 'missing') {
    return err({ kind: 'invalid', issues: [{ path: 'familyId', message: 'No such family' }] });
  }
  return createRecord(doc, PARTIES, ctx, input);
}

export const updateResponsibleParty = (
  doc: Y.Doc,
  ctx: WriteContext,
  id: string,
  patch: Patch<typeof PARTIES>,
) => updateRecord(doc, PARTIES, ctx, id, patch);

/** Records how a responsible party relates to a patient; both must exist. */
export function linkResponsibleParty(
  doc: Y.Doc,
  ctx: WriteContext,
  input: LinkInput,
): Result<PatientPartyLink, WriteError> {
  const issues = [];
  if (readRecord(doc, PATIENTS, input.patientId).status === 'missing') {
    issues.push({ path: 'patientId', message: 'No such patient' });
  }
  if (readRecord(doc, PARTIES, input.partyId).status === 'missing') {
    issues.push({ path: 'partyId', message: 'No such responsible party' });
  }
  if (issues.length > 0) return err({ kind: 'invalid', issues });
  return createRecord(doc, LINKS, ctx, input);
}

export const updateLink = (doc: Y.Doc, ctx: WriteContext, id: string, patch: Patch<typeof LINKS>) =>
  updateRecord(doc, LINKS, ctx, id, patch);

/** Removes a relationship; returns the link it removed (whose patient the audit trail names). */
export function unlinkResponsibleParty(
  doc: Y.Doc,
  ctx: WriteContext,
  linkId: string,
): Result<PatientPartyLink | null, WriteError> {
  const current = readRecord(doc, LINKS, linkId);
  const removed = deleteRecord(doc, LINKS, ctx, linkId);
  if (!removed.ok) return removed;
  return ok(current.status === 'ok' ? current.record : null);
}

export type NewPartyWithLink = Omit<PartyInput, 'familyId'> & {
  relationship: LinkInput['relationship'];
  isGuarantor: boolean;
};

export type RegisterPatientInput = {
  patient: Omit<PatientInput, 'familyId'>;
  /** An existing family to join, or a new one to create, or none. */
  family?: { existingId: string } | { create: FamilyInput };
  parties?: NewPartyWithLink[];
};

export type RegisterPatientError = WriteError & { section?: 'patient' | 'family' | `party.${number}` };

/**
 * Registers a new patient with their family and responsible parties in one transaction,
 * so it is one undo step and other devices never see half a registration.
 * Everything is validated before anything is written.
 */
export function registerPatient(
  doc: Y.Doc,
  ctx: WriteContext,
  input: RegisterPatientInput,
): Result<{ patient: Patient; familyId?: string }, RegisterPatientError> {
  const patientCheck = PatientFields.safeParse({ ...input.patient, familyId: undefined });
  if (!patientCheck.success) {
    return err({ kind: 'invalid', section: 'patient', issues: patientCheck.error.issues.map(issueOf) });
  }
  if (input.family && 'create' in input.family) {
    const check = FamilyFields.safeParse(input.family.create);
    if (!check.success)
      return err({ kind: 'invalid', section: 'family', issues: check.error.issues.map(issueOf) });
  }
  if (input.family && 'existingId' in input.family) {
    if (readRecord(doc, FAMILIES, input.family.existingId).status === 'missing') {
      return err({
        kind: 'invalid',
        section: 'family',
        issues: [{ path: 'familyId', message: 'No such family' }],
      });
    }
  }
  const parties = input.parties ?? [];
  if (parties.length > 0 && !input.family) {
    return err({
      kind: 'invalid',
      section: 'family',
      issues: [{ path: 'family', message: 'Responsible parties belong to a family' }],
    });
  }
  for (const [index, party] of parties.entries()) {
    const { relationship, isGuarantor, ...fields } = party;
    const check = ResponsiblePartyFields.omit({ familyId: true }).safeParse(fields);
    const linkCheck = PatientPartyLinkFields.pick({ relationship: true, isGuarantor: true }).safeParse({
      relationship,
      isGuarantor,
    });
    const issues = [
      ...(check.success ? [] : check.error.issues.map(issueOf)),
      ...(linkCheck.success ? [] : linkCheck.error.issues.map(issueOf)),
    ];
    if (issues.length > 0) return err({ kind: 'invalid', section: `party.${index}`, issues });
  }

  let result: Result<{ patient: Patient; familyId?: string }, RegisterPatientError> | undefined;
  doc.transact(() => {
    let familyId: string | undefined;
    if (input.family && 'existingId' in input.family) familyId = input.family.existingId;
    if (input.family && 'create' in input.family) {
      const family = createFamily(doc, ctx, input.family.create);
      if (!family.ok) return void (result = family);
      familyId = family.value.id;
    }
    const patient = createPatient(doc, ctx, { ...input.patient, familyId });
    if (!patient.ok) return void (result = patient);
    for (const { relationship, isGuarantor, ...fields } of parties) {
      const party = createRecord(doc, PARTIES, ctx, { ...fields, familyId: familyId as string });
      if (!party.ok) return void (result = party);
      const link = createRecord(doc, LINKS, ctx, {
        patientId: patient.value.id,
        partyId: party.value.id,
        relationship,
        isGuarantor,
      });
      if (!link.ok) return void (result = link);
    }
    result = ok({ patient: patient.value, ...(familyId ? { familyId } : {}) });
  }, ctx.origin);
  // Every part was validated above, so a failure here is a bug, not bad input.
  if (!result) throw new Error('registerPatient produced no result');
  return result;
}

function issueOf(issue: z.core.$ZodIssue) {
  return { path: issue.path.map(String).join('.'), message: issue.message };
}

export type PartyOfPatient = {
  link: PatientPartyLink;
  party: ResponsibleParty;
};

export type FamilyView = {
  family: Family | null;
  parties: PartyOfPatient[];
  /** Other patients in the same family. */
  siblings: Patient[];
  /** Family members of the household who are not linked to this patient. */
  otherParties: ResponsibleParty[];
};

/** The patients document's contents as plain records (what the app keeps in memory). */
export type PatientsData = {
  patients: ReadonlyMap<string, Patient>;
  families: ReadonlyMap<string, Family>;
  parties: ReadonlyMap<string, ResponsibleParty>;
  links: ReadonlyMap<string, PatientPartyLink>;
  referrers?: ReadonlyMap<string, Referrer>;
  carriers?: ReadonlyMap<string, Carrier>;
};

/** Everything shown on a patient's page about their family. Pure: works on plain records. */
export function familyView(patient: Patient, data: PatientsData): FamilyView {
  const family = patient.familyId ? (data.families.get(patient.familyId) ?? null) : null;
  const parties: PartyOfPatient[] = [];
  for (const link of data.links.values()) {
    if (link.patientId !== patient.id) continue;
    const party = data.parties.get(link.partyId);
    if (party) parties.push({ link, party });
  }
  parties.sort(
    (a, b) =>
      Number(b.link.isGuarantor) - Number(a.link.isGuarantor) ||
      a.party.firstName.localeCompare(b.party.firstName),
  );
  const linked = new Set(parties.map((p) => p.party.id));
  const siblings: Patient[] = [];
  const otherParties: ResponsibleParty[] = [];
  if (patient.familyId) {
    for (const other of data.patients.values()) {
      if (other.familyId === patient.familyId && other.id !== patient.id) siblings.push(other);
    }
    for (const party of data.parties.values()) {
      if (party.familyId === patient.familyId && !linked.has(party.id)) otherParties.push(party);
    }
  }
  siblings.sort((a, b) => a.firstName.localeCompare(b.firstName));
  return { family, parties, siblings, otherParties };
}

const byId = <T extends { id: string }>(records: T[]) => new Map(records.map((r) => [r.id, r]));

/** Reads the whole patients document into plain records (invalid ones are left out; see readAll). */
export function readPatientsData(doc: Y.Doc): PatientsData {
  return {
    patients: byId(readAll(doc, PATIENTS).records),
    families: byId(readAll(doc, FAMILIES).records),
    parties: byId(readAll(doc, PARTIES).records),
    links: byId(readAll(doc, LINKS).records),
    referrers: byId(readAll(doc, REFERRERS).records),
    carriers: byId(readAll(doc, CARRIERS).records),
  };
}

/** Everything shown on a patient's page about their family, read from the document. */
export function familyOf(doc: Y.Doc, patient: Patient): FamilyView {
  return familyView(patient, readPatientsData(doc));
}
