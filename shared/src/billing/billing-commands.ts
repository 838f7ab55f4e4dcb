/** The contracts and ledger documents' commands as the app runs them (documents/commands.ts): permission, audit, undo. */
import { audited, command } from '../documents/commands.ts';
import {
  activateContract,
  amendContract,
  closeContract,
  proposeContract,
  reviseProposal,
  setAutopay,
  setFinancing,
  signContract,
} from './contracts-doc.ts';
import { postLedgerEntry } from './ledger-doc.ts';

export const CONTRACTS_COMMANDS = {
  propose: command({
    name: 'contracts/propose',
    docKind: 'contracts',
    run: proposeContract,
    audit: audited.created('contract'),
  }),
  revise: command({
    name: 'contracts/revise-proposal',
    docKind: 'contracts',
    run: reviseProposal,
    audit: audited.updated('contract'),
  }),
  // Signing, starting, closing and amending are the contract's history: final, never undone.
  sign: command({
    name: 'contracts/sign',
    docKind: 'contracts',
    run: signContract,
    audit: audited.updated('contract', ['status']),
    undoable: false,
  }),
  activate: command({
    name: 'contracts/activate',
    docKind: 'contracts',
    run: activateContract,
    audit: audited.updated('contract', ['status']),
    undoable: false,
  }),
  close: command({
    name: 'contracts/close',
    docKind: 'contracts',
    run: closeContract,
    audit: audited.updated('contract', ['status']),
    undoable: false,
  }),
  amend: command({
    name: 'contracts/amend',
    docKind: 'contracts',
    run: amendContract,
    // The amendment is a new record, kept under the contract entity in the trail.
    audit: (amendment) => [
      { action: 'create', entity: 'contract', entityId: amendment.id, fields: ['terms'] },
    ],
    undoable: false,
  }),
  setAutopay: command({
    name: 'contracts/set-autopay',
    docKind: 'contracts',
    run: setAutopay,
    audit: audited.updated('contract', ['autopay']),
  }),
  setFinancing: command({
    name: 'contracts/set-financing',
    docKind: 'contracts',
    run: setFinancing,
    audit: audited.updated('contract', ['financing']),
  }),
};

export const LEDGER_COMMANDS = {
  post: command({
    name: 'ledger/post-entry',
    docKind: 'ledger',
    run: postLedgerEntry,
    audit: audited.created('ledger-entry'),
    undoable: false,
  }),
};
