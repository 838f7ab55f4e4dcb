/** The practice document's commands as the app runs them (documents/commands.ts): permission, audit, undo. */
import type * as Y from 'yjs';
import { audited, command } from '../documents/commands.ts';
import type { WriteContext } from '../documents/collection.ts';
import {
  addAppointmentType,
  addChair,
  addLocation,
  addStaffMember,
  addTemplate,
  readPractice,
  saveDocumentTemplate,
  setUpPractice,
  updateAppointmentType,
  updateChair,
  updateLocation,
  updatePractice,
  updateStaffMember,
  updateTemplate,
  type LocationInput,
  type PracticeInput,
  type StaffInput,
} from './practice-doc.ts';

/**
 * The owner's first start: the practice record, its first location and the owner's staff entry
 * (unless someone already added it), in one transaction.
 */
export function setUpPracticeWithOwner(
  doc: Y.Doc,
  ctx: WriteContext,
  practiceId: string,
  input: { practice: PracticeInput; location: LocationInput },
  owner: StaffInput & { id: string },
) {
  let result: ReturnType<typeof setUpPractice> | undefined;
  doc.transact(() => {
    result = setUpPractice(doc, ctx, practiceId, input);
    if (result.ok && !readPractice(doc).staff.some((s) => s.id === owner.id)) {
      const { id, ...fields } = owner;
      addStaffMember(doc, ctx, fields, { id });
    }
  }, ctx.origin);
  return result!;
}

export const PRACTICE_COMMANDS = {
  setUp: command({
    name: 'practice/set-up',
    docKind: 'practice',
    run: setUpPracticeWithOwner,
    audit: (view, [practiceId, , owner]) => [
      { action: 'create', entity: 'practice', entityId: practiceId },
      ...view.locations.map((l) => ({
        action: 'create' as const,
        entity: 'location' as const,
        entityId: l.id,
      })),
      { action: 'create', entity: 'staff', entityId: owner.id },
    ],
  }),
  update: command({
    name: 'practice/update-practice',
    docKind: 'practice',
    run: updatePractice,
    audit: audited.updated('practice'),
  }),
  addStaff: command({
    name: 'practice/add-staff-member',
    docKind: 'practice',
    run: (doc: Y.Doc, ctx: WriteContext, id: string, input: StaffInput) =>
      addStaffMember(doc, ctx, input, { id }),
    audit: audited.created('staff'),
  }),
  updateStaff: command({
    name: 'practice/update-staff-member',
    docKind: 'practice',
    run: updateStaffMember,
    audit: audited.updated('staff'),
  }),
  addLocation: command({
    name: 'practice/add-location',
    docKind: 'practice',
    run: addLocation,
    audit: audited.created('location'),
  }),
  updateLocation: command({
    name: 'practice/update-location',
    docKind: 'practice',
    run: updateLocation,
    audit: audited.updated('location'),
  }),
  addTemplate: command({
    name: 'practice/add-template',
    docKind: 'practice',
    run: addTemplate,
    audit: audited.created('template'),
  }),
  updateTemplate: command({
    name: 'practice/update-template',
    docKind: 'practice',
    run: updateTemplate,
    audit: audited.updated('template'),
  }),
  // A template version is history: documents signed under it name it, so it is never taken back.
  saveDocumentTemplate: command({
    name: 'practice/save-document-template',
    docKind: 'practice',
    run: saveDocumentTemplate,
    audit: audited.created('template'),
    undoable: false,
  }),
  addChair: command({
    name: 'practice/add-chair',
    docKind: 'practice',
    run: addChair,
    audit: audited.created('chair'),
  }),
  updateChair: command({
    name: 'practice/update-chair',
    docKind: 'practice',
    run: updateChair,
    audit: audited.updated('chair'),
  }),
  addAppointmentType: command({
    name: 'practice/add-appointment-type',
    docKind: 'practice',
    run: addAppointmentType,
    audit: audited.created('appointment-type'),
  }),
  updateAppointmentType: command({
    name: 'practice/update-appointment-type',
    docKind: 'practice',
    run: updateAppointmentType,
    audit: audited.updated('appointment-type'),
  }),
};
