/** The practice document: the practice record, its locations and staff. Owner and manager write. */
import type * as Y from 'yjs';
import { type z } from 'zod';
import { err, ok, type Result } from '../core/result.ts';
import { Location, LocationFields, Practice, PracticeFields } from './practice.schema.ts';
import { StaffFields, StaffMember } from '../identity/staff.schema.ts';
import { MessageTemplate, TemplateFields } from '../comms/comms.schema.ts';
import { AppointmentType, AppointmentTypeFields, Chair, ChairFields } from '../schedule/schedule.schema.ts';
import {
  DocumentTemplate,
  DocumentTemplateFields,
  checkDocumentTemplate,
  nextTemplateVersion,
} from '../pipeline/document-templates.ts';
import type { SignedDocumentKind } from '../pipeline/case.schema.ts';
import {
  appendRecord,
  createRecord,
  readAll,
  updateRecord,
  type CollectionSpec,
  type Patch,
  type WriteContext,
  type WriteError,
} from '../documents/collection.ts';

export const PRACTICE = {
  name: 'practice',
  docKind: 'practice',
  idKind: 'practice',
  fields: PracticeFields,
  record: Practice,
} as const satisfies CollectionSpec;

export const LOCATIONS = {
  name: 'locations',
  docKind: 'practice',
  idKind: 'location',
  fields: LocationFields,
  record: Location,
} as const satisfies CollectionSpec;

export const STAFF = {
  name: 'staff',
  docKind: 'practice',
  idKind: 'staff',
  fields: StaffFields,
  record: StaffMember,
} as const satisfies CollectionSpec;

export const TEMPLATES = {
  name: 'templates',
  docKind: 'practice',
  idKind: 'template',
  fields: TemplateFields,
  record: MessageTemplate,
} as const satisfies CollectionSpec;

/** The practice's document templates, one append-only entry per version (DOC-101). */
export const DOCUMENT_TEMPLATES = {
  name: 'documentTemplates',
  docKind: 'practice',
  idKind: 'documentTemplate',
  fields: DocumentTemplateFields,
  record: DocumentTemplate,
} as const satisfies CollectionSpec;

/** Chairs of every location (schedule/schedule.schema.ts). */
export const CHAIRS = {
  name: 'chairs',
  docKind: 'practice',
  idKind: 'chair',
  fields: ChairFields,
  record: Chair,
} as const satisfies CollectionSpec;

/** Appointment types with their length, color, stage and whether a doctor is needed. */
export const APPOINTMENT_TYPES = {
  name: 'appointmentTypes',
  docKind: 'practice',
  idKind: 'appointmentType',
  fields: AppointmentTypeFields,
  record: AppointmentType,
} as const satisfies CollectionSpec;

export type ChairInput = z.input<typeof ChairFields>;
export type AppointmentTypeInput = z.input<typeof AppointmentTypeFields>;
export const addChair = (doc: Y.Doc, ctx: WriteContext, input: ChairInput) =>
  createRecord(doc, CHAIRS, ctx, input);
export const updateChair = (doc: Y.Doc, ctx: WriteContext, id: string, patch: Patch<typeof CHAIRS>) =>
  updateRecord(doc, CHAIRS, ctx, id, patch);
export const addAppointmentType = (doc: Y.Doc, ctx: WriteContext, input: AppointmentTypeInput) =>
  createRecord(doc, APPOINTMENT_TYPES, ctx, input);
export const updateAppointmentType = (
  doc: Y.Doc,
  ctx: WriteContext,
  id: string,
  patch: Patch<typeof APPOINTMENT_TYPES>,
) => updateRecord(doc, APPOINTMENT_TYPES, ctx, id, patch);

export type TemplateInput = z.input<typeof TemplateFields>;
export const addTemplate = (doc: Y.Doc, ctx: WriteContext, input: TemplateInput) =>
  createRecord(doc, TEMPLATES, ctx, input);
export const updateTemplate = (doc: Y.Doc, ctx: WriteContext, id: string, patch: Patch<typeof TEMPLATES>) =>
  updateRecord(doc, TEMPLATES, ctx, id, patch);

/**
 * Saves a new version of a document template (DOC-101): checked (DOC-102), numbered one after the
 * highest stored, appended; earlier versions stay as they were, for the documents signed under them.
 */
export function saveDocumentTemplate(
  doc: Y.Doc,
  ctx: WriteContext,
  input: { kind: SignedDocumentKind; title: string; body: string },
): Result<DocumentTemplate, WriteError> {
  const problems = checkDocumentTemplate(input.kind, input.body);
  if (problems.length > 0) return err({ kind: 'invalid', issues: problems });
  const version = nextTemplateVersion(readAll(doc, DOCUMENT_TEMPLATES).records, input.kind);
  return appendRecord(doc, DOCUMENT_TEMPLATES, ctx, { ...input, version });
}

export type PracticeInput = z.input<typeof PracticeFields>;
export type LocationInput = z.input<typeof LocationFields>;
export type StaffInput = z.input<typeof StaffFields>;

export type PracticeView = {
  practice: Practice | null;
  locations: Location[];
  staff: StaffMember[];
  templates: MessageTemplate[];
  /** Chairs of every location, in each location's left-to-right order. */
  chairs: Chair[];
  appointmentTypes: AppointmentType[];
  /** Every saved version of every document template, oldest first. */
  documentTemplates: DocumentTemplate[];
};

export function readPractice(doc: Y.Doc): PracticeView {
  const practices = readAll(doc, PRACTICE).records;
  return {
    practice: practices[0] ?? null,
    locations: readAll(doc, LOCATIONS).records.sort((a, b) => a.name.localeCompare(b.name)),
    staff: readAll(doc, STAFF).records.sort((a, b) => a.name.localeCompare(b.name)),
    templates: readAll(doc, TEMPLATES).records.sort((a, b) => a.name.localeCompare(b.name)),
    chairs: readAll(doc, CHAIRS).records.sort(
      (a, b) => a.locationId.localeCompare(b.locationId) || a.order - b.order || a.name.localeCompare(b.name),
    ),
    appointmentTypes: readAll(doc, APPOINTMENT_TYPES).records.sort((a, b) => a.name.localeCompare(b.name)),
    documentTemplates: readAll(doc, DOCUMENT_TEMPLATES).records.sort(
      (a, b) =>
        a.kind.localeCompare(b.kind) || a.version - b.version || a.createdAt.localeCompare(b.createdAt),
    ),
  };
}

/**
 * First-run setup: the practice record (under the practice id the relay assigned) and its
 * first location, in one transaction. Refuses when the practice is already set up.
 */
export function setUpPractice(
  doc: Y.Doc,
  ctx: WriteContext,
  practiceId: string,
  input: { practice: PracticeInput; location: LocationInput },
): Result<PracticeView, WriteError> {
  if (readPractice(doc).practice) {
    return err({ kind: 'invalid', issues: [{ path: '', message: 'This practice is already set up' }] });
  }
  const practiceCheck = PracticeFields.safeParse(input.practice);
  const locationCheck = LocationFields.safeParse(input.location);
  if (!practiceCheck.success || !locationCheck.success) {
    const issues = [
      ...(practiceCheck.success ? [] : practiceCheck.error.issues),
      ...(locationCheck.success
        ? []
        : locationCheck.error.issues.map((i) => ({ ...i, path: ['location', ...i.path] }))),
    ].map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    return err({ kind: 'invalid', issues });
  }
  let failure: WriteError | undefined;
  doc.transact(() => {
    const practice = createRecord(doc, PRACTICE, ctx, input.practice, { id: practiceId });
    if (!practice.ok) return void (failure = practice.error);
    const location = createRecord(doc, LOCATIONS, ctx, input.location);
    if (!location.ok) failure = location.error;
  }, ctx.origin);
  return failure ? err(failure) : ok(readPractice(doc));
}

export const updatePractice = (doc: Y.Doc, ctx: WriteContext, id: string, patch: Patch<typeof PRACTICE>) =>
  updateRecord(doc, PRACTICE, ctx, id, patch);
export const addLocation = (doc: Y.Doc, ctx: WriteContext, input: LocationInput) =>
  createRecord(doc, LOCATIONS, ctx, input);
export const updateLocation = (doc: Y.Doc, ctx: WriteContext, id: string, patch: Patch<typeof LOCATIONS>) =>
  updateRecord(doc, LOCATIONS, ctx, id, patch);
export const addStaffMember = (
  doc: Y.Doc,
  ctx: WriteContext,
  input: StaffInput,
  options: { id?: string } = {},
) => createRecord(doc, STAFF, ctx, input, options);
export const updateStaffMember = (doc: Y.Doc, ctx: WriteContext, id: string, patch: Patch<typeof STAFF>) =>
  updateRecord(doc, STAFF, ctx, id, patch);
