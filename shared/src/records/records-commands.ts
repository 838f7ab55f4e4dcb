/** The chart's records commands (lab orders, medical alerts) as the app runs them (documents/commands.ts): permission, audit; never undone. */
import { audited, command } from '../documents/commands.ts';
import { placeLabOrder, recordLabStep } from './lab-orders-doc.ts';
import { addMedicalAlert, removeMedicalAlert } from './medical-alerts.ts';

export const RECORDS_COMMANDS = {
  // An order others may already have acted on (a step logged on another device) is corrected by
  // a cancellation, not taken back: undo would leave its steps pointing at nothing.
  placeLabOrder: command({
    name: 'chart/place-lab-order',
    docKind: 'chart',
    run: placeLabOrder,
    audit: audited.created('lab-order'),
    undoable: false,
  }),
  // Steps are history (APPEND-12).
  recordLabStep: command({
    name: 'chart/record-lab-step',
    docKind: 'chart',
    run: recordLabStep,
    audit: (_value: unknown, args: readonly [string, ...unknown[]]) => [
      { action: 'update' as const, entity: 'lab-order' as const, entityId: args[0], fields: ['steps'] },
    ],
    undoable: false,
  }),
  addMedicalAlert: command({
    name: 'chart/add-medical-alert',
    docKind: 'chart',
    run: addMedicalAlert,
    audit: audited.created('medical-alert'),
  }),
  removeMedicalAlert: command({
    name: 'chart/remove-medical-alert',
    docKind: 'chart',
    run: removeMedicalAlert,
    audit: audited.removed('medical-alert'),
  }),
};
