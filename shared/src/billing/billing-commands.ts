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
  setShares,
  signContract,
} from './contracts-doc.ts';
import { postLedgerEntry } from './ledger-doc.ts';
import { contractFromAgreement, withdrawContractForNewTerms } from './agreement.workflow.ts';
import { lockContractAtStart } from './start-treatment.workflow.ts';
import { amendForCoverageChange } from './coverage-change.workflow.ts';
import { postFromForm, reverseEntry } from './post-payment.workflow.ts';

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
  setShares: command({
    name: 'contracts/set-shares',
    docKind: 'contracts',
    run: setShares,
    audit: audited.updated('contract', ['parties']),
  }),
  // The workflows (billing/*.workflow.ts): each a use case joining documents, final like signing.
  fromAgreement: command({
    name: 'contracts/from-agreement',
    docKind: 'contracts',
    run: contractFromAgreement,
    audit: (outcome) =>
      outcome.kind === 'signed'
        ? [
            {
              action: outcome.revised ? 'update' : 'create',
              entity: 'contract',
              entityId: outcome.contract.id,
              fields: ['terms', 'status'],
            },
          ]
        : [],
    undoable: false,
  }),
  withdrawForNewTerms: command({
    name: 'contracts/withdraw-for-new-terms',
    docKind: 'contracts',
    run: withdrawContractForNewTerms,
    audit: (cancelled) =>
      cancelled.map((c) => ({ action: 'update', entity: 'contract', entityId: c.id, fields: ['status'] })),
    undoable: false,
  }),
  lockAtStart: command({
    name: 'contracts/lock-at-start',
    docKind: 'contracts',
    run: lockContractAtStart,
    audit: (outcome) =>
      outcome.kind === 'locked'
        ? [{ action: 'update', entity: 'contract', entityId: outcome.contract.id, fields: ['status'] }]
        : [],
    undoable: false,
  }),
  amendForCoverage: command({
    name: 'contracts/amend-for-coverage',
    docKind: 'contracts',
    run: amendForCoverageChange,
    audit: (outcome) =>
      outcome.kind === 'amended'
        ? [{ action: 'create', entity: 'contract', entityId: outcome.amendment.id, fields: ['terms'] }]
        : [],
    undoable: false,
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
  postForm: command({
    name: 'ledger/post-from-form',
    docKind: 'ledger',
    run: postFromForm,
    audit: audited.created('ledger-entry'),
    undoable: false,
  }),
  reverse: command({
    name: 'ledger/reverse-entry',
    docKind: 'ledger',
    run: reverseEntry,
    audit: audited.created('ledger-entry'),
    undoable: false,
  }),
};
