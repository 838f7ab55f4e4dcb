/**
 * A family account's contracts document: contracts and their amendments. A contract's terms
 * can be edited while it is proposed; once signed they are bound to the signature, and once
 * active (treatment started) they are locked: changes are amendments, which keep the before and
 * after terms, so the original stays readable.
 */
import type * as Y from 'yjs';
import type { PaymentSettings } from './payment-settings.schema.ts';
import { type z } from 'zod';
import { err, type Result } from '../core/result.ts';
import {
  Amendment,
  AmendmentFields,
  type Autopay,
  Contract,
  ContractFields,
  type ContractTerms,
  type Financing,
  type ContractStatus,
} from './contract.schema.ts';
import {
  appendRecord,
  createRecord,
  readAll,
  readRecord,
  updateRecord,
  type CollectionSpec,
  type NeedsAttention,
  type WriteContext,
  type WriteError,
} from '../documents/collection.ts';

export const CONTRACTS = {
  name: 'contracts',
  docKind: 'contracts',
  idKind: 'contract',
  fields: ContractFields,
  record: Contract,
} as const satisfies CollectionSpec;

export const AMENDMENTS = {
  name: 'amendments',
  docKind: 'contracts',
  idKind: 'amendment',
  fields: AmendmentFields,
  record: Amendment,
} as const satisfies CollectionSpec;

export const CONTRACTS_DOC_COLLECTIONS = [CONTRACTS, AMENDMENTS] as const;

export type ContractsData = {
  contracts: Contract[];
  amendments: Amendment[];
  needsAttention: NeedsAttention[];
};

export function readContracts(doc: Y.Doc): ContractsData {
  const contracts = readAll(doc, CONTRACTS);
  const amendments = readAll(doc, AMENDMENTS);
  return {
    contracts: contracts.records.sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    amendments: amendments.records.sort(
      (a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.createdAt.localeCompare(b.createdAt),
    ),
    needsAttention: [...contracts.needsAttention, ...amendments.needsAttention],
  };
}

export type ContractInput = Omit<z.input<typeof ContractFields>, 'status'>;

const invalid = <T>(path: string, message: string): Result<T, WriteError> =>
  err({ kind: 'invalid', issues: [{ path, message }] });

/** Proposes a contract for an accepted option (one open contract per case). */
export function proposeContract(
  doc: Y.Doc,
  ctx: WriteContext,
  input: ContractInput,
): Result<Contract, WriteError> {
  const open = readAll(doc, CONTRACTS).records.find(
    (c) => c.caseId === input.caseId && ['proposed', 'signed', 'active'].includes(c.status),
  );
  if (open) return invalid('caseId', 'This case already has a contract; change that one');
  const shares = checkShares(input.parties);
  if (shares) return invalid('parties', shares);
  return createRecord(doc, CONTRACTS, ctx, { ...input, status: 'proposed' });
}

/** Shares must name each party once and, as percents, add up to 100. */
function checkShares(parties: ContractInput['parties']): string | null {
  const ids = new Set(parties.map((p) => p.partyId));
  if (ids.size !== parties.length) return 'Each responsible party once';
  const percents = parties.filter((p) => p.share.kind === 'percent');
  if (percents.length === parties.length) {
    const total = percents.reduce((sum, p) => sum + (p.share.kind === 'percent' ? p.share.percent : 0), 0);
    if (total !== 100) return 'The shares must add up to 100%';
  }
  return null;
}

function current(doc: Y.Doc, id: string): Result<Contract, WriteError> {
  const read = readRecord(doc, CONTRACTS, id);
  if (read.status === 'missing') return err({ kind: 'not-found', id });
  if (read.status === 'needs-attention') return invalid('', 'This contract needs attention first');
  return { ok: true, value: read.record };
}

function move(
  doc: Y.Doc,
  ctx: WriteContext,
  id: string,
  from: readonly ContractStatus[],
  patch: Partial<z.input<typeof ContractFields>>,
): Result<Contract, WriteError> {
  const found = current(doc, id);
  if (!found.ok) return found;
  if (!from.includes(found.value.status)) {
    return invalid('status', `A ${found.value.status} contract cannot become ${patch.status}`);
  }
  const updated = updateRecord(doc, CONTRACTS, ctx, id, patch);
  if (!updated.ok) return updated;
  return current(doc, id);
}

/**
 * CONTRACT-108: changes who pays what share until treatment starts. The shares never change
 * what the family pays in all, so a signed agreement still holds.
 */
export function setShares(
  doc: Y.Doc,
  ctx: WriteContext,
  id: string,
  parties: ContractInput['parties'],
): Result<Contract, WriteError> {
  const found = current(doc, id);
  if (!found.ok) return found;
  if (found.value.status !== 'proposed' && found.value.status !== 'signed')
    return invalid('status', 'Treatment has started: record an amendment to change who pays');
  const shares = checkShares(parties);
  if (shares) return invalid('parties', shares);
  const updated = updateRecord(doc, CONTRACTS, ctx, id, { parties });
  if (!updated.ok) return updated;
  return current(doc, id);
}

/** Changes the terms or shares of a proposed contract (nothing is signed yet). */
export function reviseProposal(
  doc: Y.Doc,
  ctx: WriteContext,
  id: string,
  patch: { terms?: z.input<typeof ContractTerms>; parties?: ContractInput['parties'] },
): Result<Contract, WriteError> {
  const found = current(doc, id);
  if (!found.ok) return found;
  if (found.value.status !== 'proposed') {
    return invalid('status', 'Signed terms are bound to the signature: record an amendment instead');
  }
  if (patch.parties) {
    const shares = checkShares(patch.parties);
    if (shares) return invalid('parties', shares);
  }
  const updated = updateRecord(doc, CONTRACTS, ctx, id, patch);
  if (!updated.ok) return updated;
  return current(doc, id);
}

/**
 * Signs a proposed contract, by the financial agreement signed on screen or on paper, and fixes
 * the payment settings it is planned with (those in force now).
 */
export const signContract = (
  doc: Y.Doc,
  ctx: WriteContext,
  id: string,
  by: ({ signatureId: string } | { onPaper: true }) & {
    signedAt: string;
    settings: PaymentSettings;
    /** The agreement's late-fee clause, when it has one (LATE-102). */
    lateFee?: { cents: number; graceDays: number } | undefined;
  },
) =>
  move(doc, ctx, id, ['proposed'], {
    status: 'signed',
    signedAt: by.signedAt,
    settings: by.settings,
    ...(by.lateFee ? { lateFee: by.lateFee } : {}),
    ...('signatureId' in by ? { signatureId: by.signatureId } : { signedOnPaper: true }),
  });

/** Treatment started: the contract is active and its terms are locked. */
export const activateContract = (doc: Y.Doc, ctx: WriteContext, id: string, on: string) =>
  move(doc, ctx, id, ['signed'], { status: 'active', activatedOn: on });

export const closeContract = (
  doc: Y.Doc,
  ctx: WriteContext,
  id: string,
  status: 'completed' | 'transferred' | 'cancelled',
  on: string,
) =>
  move(doc, ctx, id, status === 'cancelled' ? ['proposed', 'signed', 'active'] : ['active'], {
    status,
    closedOn: on,
  });

export function setAutopay(
  doc: Y.Doc,
  ctx: WriteContext,
  id: string,
  autopay: z.input<typeof Autopay> | undefined,
) {
  const found = current(doc, id);
  if (!found.ok) return found;
  return updateRecord(doc, CONTRACTS, ctx, id, { autopay });
}

export function setFinancing(
  doc: Y.Doc,
  ctx: WriteContext,
  id: string,
  financing: z.input<typeof Financing> | undefined,
) {
  const found = current(doc, id);
  if (!found.ok) return found;
  return updateRecord(doc, CONTRACTS, ctx, id, { financing });
}

/**
 * Amends an active contract: records the amendment (before/after, reason, who) and sets the new
 * terms, in one transaction. The schedule before `effectiveFrom` is kept; the rest is re-planned
 * from the new terms (billing/payment-plan.ts `replanRemaining`).
 */
export function amendContract(
  doc: Y.Doc,
  ctx: WriteContext,
  id: string,
  input: { reason: string; effectiveFrom: string; after: z.input<typeof ContractTerms> },
): Result<Amendment, WriteError> {
  const found = current(doc, id);
  if (!found.ok) return found;
  if (found.value.status !== 'active') return invalid('status', 'Only an active contract is amended');
  const by = ctx.origin.kind === 'local' ? ctx.origin.actor : 'system:migration';
  const check = AmendmentFields.safeParse({ contractId: id, before: found.value.terms, by, ...input });
  if (!check.success) {
    return err({
      kind: 'invalid',
      issues: check.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    });
  }
  let result: Result<Amendment, WriteError> | undefined;
  doc.transact(() => {
    const amendment = appendRecord(doc, AMENDMENTS, ctx, check.data);
    if (!amendment.ok) return void (result = amendment);
    const updated = updateRecord(doc, CONTRACTS, ctx, id, { terms: check.data.after });
    result = updated.ok ? amendment : updated;
  }, ctx.origin);
  return result!;
}
