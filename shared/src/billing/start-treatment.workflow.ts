/**
 * Starting treatment, on the money side: whether the case is ready to start (the readiness
 * checks of a start visit) and, if not, the reason a person gives to start anyway; and, once it
 * has started, locking the case's signed contract.
 */
import type * as Y from 'yjs';
import { err, ok, type Result } from '../core/result.ts';
import type { ReadinessCheck } from '../schedule/readiness.ts';
import type { Contract } from './contract.schema.ts';
import { activateContract, readContracts } from './contracts-doc.ts';
import type { WriteContext, WriteError } from '../documents/collection.ts';

/** The longest reason a case event keeps. */
const REASON_MAX = 200;

/**
 * CONTRACT-107: treatment starts when every readiness check is ready; otherwise only with a
 * reason, which the case's history keeps together with what was missing. Wherever treatment is
 * started, this is the one gate.
 */
export function startTreatmentGate(
  checks: readonly ReadinessCheck[],
  reason: string,
): Result<{ reason?: string }, string> {
  const missing = checks.filter((c) => !c.ready);
  const why = reason.trim();
  if (missing.length === 0) return ok(why ? { reason: why.slice(0, REASON_MAX) } : {});
  if (!why)
    return err(
      `Not ready: ${missing.map((c) => c.label.toLowerCase()).join(', ')}. Say why treatment starts anyway.`,
    );
  const prefix = `Started without ${missing.map((c) => c.label.toLowerCase()).join(', ')}: `;
  const text = `${prefix}${why}`;
  return ok({ reason: text.length > REASON_MAX ? `${text.slice(0, REASON_MAX - 1)}…` : text });
}

export type LockOutcome =
  | { kind: 'locked'; contract: Contract }
  | { kind: 'already-active'; contract: Contract }
  | { kind: 'not-signed'; contract: Contract }
  | { kind: 'no-contract' };

/**
 * CONTRACT-104: when treatment starts, the case's signed contract becomes active on the start
 * day and its terms lock (changes are amendments from then on). A contract still proposed, or
 * none at all, is reported so the coordinator can follow it up; nothing else changes.
 */
export function lockContractAtStart(
  contractsDoc: Y.Doc,
  ctx: WriteContext,
  input: { caseId: string; startDate: string },
): Result<LockOutcome, WriteError> {
  const open = readContracts(contractsDoc).contracts.filter(
    (c) => c.caseId === input.caseId && ['proposed', 'signed', 'active'].includes(c.status),
  );
  const active = open.find((c) => c.status === 'active');
  if (active) return ok({ kind: 'already-active', contract: active });
  const signed = open.find((c) => c.status === 'signed');
  if (!signed) {
    const proposed = open[0];
    return ok(proposed ? { kind: 'not-signed', contract: proposed } : { kind: 'no-contract' });
  }
  const locked = activateContract(contractsDoc, ctx, signed.id, input.startDate);
  if (!locked.ok) return err(locked.error);
  return ok({ kind: 'locked', contract: locked.value });
}

/** The outcome in words for the coordinator; null when there is nothing to say. */
export function lockOutcomeText(outcome: LockOutcome): string | null {
  switch (outcome.kind) {
    case 'locked':
      return 'The contract is locked: changes are amendments from now on.';
    case 'already-active':
      return null;
    case 'not-signed':
      return 'The contract is not signed yet, so it is not locked: sign it on the account.';
    case 'no-contract':
      return 'There is no contract for this case yet: propose one on the account.';
  }
}
