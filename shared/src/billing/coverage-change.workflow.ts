/**
 * A coverage change during treatment, on the money side (CONTRACT-105): insurance is now
 * expected to pay `movedToPatientCents` less (more, when negative), so the case's active contract
 * is amended from the change date and the payments still to come are re-planned (CONTRACT-8).
 * The insurer's side (the superseding insurer schedules) is the insurance workflow's.
 */
import type * as Y from 'yjs';
import { err, ok, type Result } from '../core/result.ts';
import { displayLocalDate } from '../core/calendar.ts';
import type { Amendment } from './contract.schema.ts';
import { amendContract, readContracts } from './contracts-doc.ts';
import { coverageAmendment } from './contract-charges.ts';
import type { WriteContext, WriteError } from '../documents/collection.ts';

export type CoverageOutcome =
  | { kind: 'amended'; amendment: Amendment }
  /** Nothing moved, or the case has no active contract (a proposal is revised instead). */
  | { kind: 'unchanged' };

export function amendForCoverageChange(
  contractsDoc: Y.Doc,
  ctx: WriteContext,
  input: { caseId: string; movedToPatientCents: number; changeDate: string },
): Result<CoverageOutcome, WriteError> {
  if (input.movedToPatientCents === 0) return ok({ kind: 'unchanged' });
  const active = readContracts(contractsDoc).contracts.find(
    (c) => c.caseId === input.caseId && c.status === 'active',
  );
  const amendment = active ? coverageAmendment(active, input.movedToPatientCents, input.changeDate) : null;
  if (!active || !amendment) return ok({ kind: 'unchanged' });
  const result = amendContract(contractsDoc, ctx, active.id, amendment);
  return result.ok ? ok({ kind: 'amended', amendment: result.value }) : err(result.error);
}

/** The outcome in words for the coordinator; null when nothing changed. */
export function coverageOutcomeText(outcome: CoverageOutcome): string | null {
  return outcome.kind === 'amended'
    ? `The contract is amended from ${displayLocalDate(outcome.amendment.effectiveFrom)}; the remaining payments are re-planned.`
    : null;
}
