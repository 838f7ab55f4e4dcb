/** The insurance document's commands as the app runs them (documents/commands.ts): permission, audit, undo. */
import { audited, command } from '../documents/commands.ts';
import {
  addPolicy,
  addPreauth,
  recordClaimEvent,
  recordInsurerSchedule,
  recordVerification,
  updatePolicy,
  updatePreauth,
} from './insurance-doc.ts';

export const INSURANCE_COMMANDS = {
  addPolicy: command({
    name: 'insurance/add-policy',
    docKind: 'insurance',
    run: addPolicy,
    audit: audited.created('policy'),
  }),
  updatePolicy: command({
    name: 'insurance/update-policy',
    docKind: 'insurance',
    run: updatePolicy,
    audit: audited.updated('policy'),
  }),
  // Verifications, insurer schedules and claim events are history: appended, never undone.
  recordVerification: command({
    name: 'insurance/record-verification',
    docKind: 'insurance',
    run: recordVerification,
    audit: audited.created('verification'),
    undoable: false,
  }),
  addPreauth: command({
    name: 'insurance/add-preauth',
    docKind: 'insurance',
    run: addPreauth,
    audit: audited.created('preauth'),
  }),
  updatePreauth: command({
    name: 'insurance/update-preauth',
    docKind: 'insurance',
    run: updatePreauth,
    audit: audited.updated('preauth'),
  }),
  recordClaimEvent: command({
    name: 'insurance/record-claim-event',
    docKind: 'insurance',
    run: recordClaimEvent,
    audit: audited.created('claim'),
    undoable: false,
  }),
  recordInsurerSchedule: command({
    name: 'insurance/record-insurer-schedule',
    docKind: 'insurance',
    run: recordInsurerSchedule,
    audit: audited.created('claim'),
    undoable: false,
  }),
};
