/** The chart document's commands as the app runs them (documents/commands.ts): permission, audit, undo. */
import { audited, command } from '../documents/commands.ts';
import {
  addOption,
  addSignature,
  changeCaseStatus,
  openCase,
  removeOption,
  updateCase,
  updateOption,
  type NewCaseInput,
} from './chart-doc.ts';

export const CHART_COMMANDS = {
  // Opening and moving a case append to its history (case events): final, never undone.
  openCase: command({
    name: 'chart/open-case',
    docKind: 'chart',
    run: openCase,
    audit: audited.created('case'),
    undoable: false,
    adds: (input: NewCaseInput) => {
      const status = input.status ?? 'inquiry';
      // The case is created by the same write, and its opening event is its only status move.
      return [
        { collection: 'cases', entry: { status } },
        {
          collection: 'caseEvents',
          entry: { to: status },
          related: { value: status, created: true, counted: 1 },
        },
      ];
    },
  }),
  updateCase: command({
    name: 'chart/update-case',
    docKind: 'chart',
    run: updateCase,
    audit: audited.updated('case'),
  }),
  changeStatus: command({
    name: 'chart/change-case-status',
    docKind: 'chart',
    run: changeCaseStatus,
    audit: audited.updated('case', ['status']),
    undoable: false,
  }),
  addOption: command({
    name: 'chart/add-option',
    docKind: 'chart',
    run: addOption,
    audit: audited.created('treatment-option'),
  }),
  updateOption: command({
    name: 'chart/update-option',
    docKind: 'chart',
    run: updateOption,
    audit: audited.updated('treatment-option'),
  }),
  removeOption: command({
    name: 'chart/remove-option',
    docKind: 'chart',
    run: removeOption,
    audit: audited.removed('treatment-option'),
  }),
  addSignature: command({
    name: 'chart/add-signature',
    docKind: 'chart',
    run: addSignature,
    audit: audited.created('signature'),
    undoable: false,
  }),
};
