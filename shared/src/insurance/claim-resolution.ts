/**
 * Closing out a claim the insurer will not pay in full (CLAIM-9 … CLAIM-12): write its unpaid part
 * off, or move it to the family's account as a charge or as a contract amendment. A workflow over
 * two documents (the patient's insurance document, the family's ledger or contracts document),
 * written through the commands it is given so the caller's audit trail records each write.
 *
 * Claim events are append-only, so a write-off or a move is a new event that names its cents; the
 * family side is written first and the event names what it wrote, so insurance A/R (from claims)
 * and the family's balance move by exactly the same cents.
 */
import type { ClaimEvent } from './claims.schema.ts';
import { ClaimEventFields } from './claims.schema.ts';
import type { ClaimEventInput } from './insurance-doc.ts';
import { outstandingCents, type ClaimView } from './claims.ts';
import type { Amendment, Contract, ContractTerms } from '../billing/contract.schema.ts';
import type { LedgerEntry } from '../billing/ledger.schema.ts';
import type { LedgerEntryInput } from '../billing/ledger-doc.ts';
import type { PaymentSettings } from '../billing/payment-settings.schema.ts';
import { contractCharges } from '../billing/contract-charges.ts';
import { isValidLocalDate, displayLocalDate } from '../core/calendar.ts';
import { formatCents } from '../core/money.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { WriteError } from '../documents/collection.ts';

/** The writes a resolution needs, as the caller's (audited) commands. */
export type ClaimCommands = {
  recordClaimEvent: (input: ClaimEventInput) => Result<ClaimEvent, WriteError>;
};
export type FamilyCommands = {
  postLedgerEntry: (input: LedgerEntryInput) => Result<LedgerEntry, WriteError>;
  amendContract: (
    id: string,
    input: { reason: string; effectiveFrom: string; after: ContractTerms },
  ) => Result<Amendment, WriteError>;
};

/** What is settled: part or all of a claim's unpaid amount, on a day, with the EOB that said so. */
export type ClaimSettlement = {
  claim: ClaimView;
  cents: number;
  /** The day it happened (the EOB's or the decision's date). */
  on: string;
  reference?: string | undefined;
  reason?: string | undefined;
};

const invalid = (path: string, message: string): WriteError => ({
  kind: 'invalid',
  issues: [{ path, message }],
});

/** The claim's label for people: "Initial claim due 06/01/2026" or "Continuation 3 due …". */
export function claimLabel(claim: Pick<ClaimView, 'kind' | 'paymentNumber' | 'dueOn'>): string {
  return `${claim.kind === 'initial' ? 'Initial claim' : `Continuation ${claim.paymentNumber}`} due ${displayLocalDate(claim.dueOn)}`;
}

function checkSettlement({ claim, cents, on }: ClaimSettlement): WriteError | null {
  if (!Number.isSafeInteger(cents) || cents < 1)
    return invalid('resolvedCents', 'Enter an amount above zero');
  const open = outstandingCents(claim);
  if (cents > open)
    return invalid(
      'resolvedCents',
      open === 0 ? 'Nothing is outstanding on this claim' : `At most ${formatCents(open)} is outstanding`,
    );
  if (!isValidLocalDate(on)) return invalid('on', 'Enter the date');
  return null;
}

function eventInput(
  settlement: ClaimSettlement,
  status: 'written-off' | 'transferred',
  transfer?: ClaimEventInput['transfer'],
): ClaimEventInput {
  const { claim, cents, on, reference, reason } = settlement;
  return {
    scheduleId: claim.scheduleId,
    paymentNumber: claim.paymentNumber,
    status,
    on,
    resolvedCents: cents,
    ...(reference?.trim() ? { reference: reference.trim() } : {}),
    ...(reason?.trim() ? { reason: reason.trim() } : {}),
    ...(transfer ? { transfer } : {}),
  };
}

/** CLAIM-9: the practice writes off what the insurer will not pay; the family owes none of it. */
export function writeOffClaim(
  commands: ClaimCommands,
  settlement: ClaimSettlement,
): Result<ClaimEvent, WriteError> {
  const problem = checkSettlement(settlement);
  if (problem) return err(problem);
  if (!settlement.reason?.trim()) return err(invalid('reason', 'Say why it is written off'));
  return commands.recordClaimEvent(eventInput(settlement, 'written-off'));
}

export type TransferTarget =
  | { to: 'charge'; familyId: string; patientId: string; contractId?: string | undefined }
  | {
      to: 'amendment';
      contract: Contract;
      amendments: readonly Amendment[];
      /** The practice's settings, for contracts signed before settings were kept on them. */
      settings: PaymentSettings;
    };

export type TransferResult = { event: ClaimEvent; entry?: LedgerEntry; amendment?: Amendment };

const sumCharges = (charges: readonly { amountCents: number }[]) =>
  charges.reduce((total, c) => total + c.amountCents, 0);

/**
 * CLAIM-11: the amendment that moves `cents` from insurance to the family on an active contract:
 * the insurance it counts drops by `cents` and the installments from `on` are re-planned. Refused
 * when the contract's own terms would change what the family pays by any other amount (interest
 * on the added balance, a discount figured on the patient portion) or when nothing is left to
 * re-plan: then the move is made as a charge.
 */
export function claimAmendment(
  target: Extract<TransferTarget, { to: 'amendment' }>,
  cents: number,
  on: string,
  why: string,
): Result<{ reason: string; effectiveFrom: string; after: ContractTerms }, WriteError> {
  const { contract, amendments, settings } = target;
  if (contract.status !== 'active') return err(invalid('contract', 'Only an active contract is amended'));
  const { terms } = contract;
  if (terms.insuranceCents < cents)
    return err(
      invalid(
        'contract',
        `The contract counts only ${formatCents(terms.insuranceCents)} of insurance: move the rest as a charge`,
      ),
    );
  const after: ContractTerms = { ...terms, insuranceCents: terms.insuranceCents - cents };
  const reason = `Insurance did not pay ${formatCents(cents)} (${why})`;
  const preview: Amendment = {
    id: 'amd_preview',
    contractId: contract.id,
    reason,
    effectiveFrom: on,
    before: terms,
    after,
    by: 'system:preview',
    createdAt: '9999-12-31T23:59:59.999Z',
    createdBy: 'system:preview',
    updatedAt: '9999-12-31T23:59:59.999Z',
    updatedBy: 'system:preview',
  };
  const before = contractCharges(contract, amendments, settings);
  const amended = contractCharges({ ...contract, terms: after }, [...amendments, preview], settings);
  if (!before.ok) return err(invalid('contract', before.error.message));
  if (!amended.ok)
    return err(
      invalid('contract', `The contract cannot take it: ${amended.error.message}. Move it as a charge`),
    );
  const moved = sumCharges(amended.value) - sumCharges(before.value);
  if (moved !== cents)
    return err(
      invalid(
        'contract',
        `The contract's terms would change what the family pays by ${formatCents(moved)}, not ` +
          `${formatCents(cents)}: move it as a charge instead`,
      ),
    );
  return ok({ reason, effectiveFrom: on, after });
}

/**
 * CLAIM-10, CLAIM-11: moves part or all of a claim's unpaid amount to the family's account, as a
 * charge on the ledger (due the day it is moved) or as an amendment of the case's active
 * contract, then records the claim event naming what it wrote. Nothing is written when anything
 * is wrong.
 */
export function transferClaimToFamily(
  commands: ClaimCommands & FamilyCommands,
  settlement: ClaimSettlement,
  target: TransferTarget,
  describe: { carrier: string },
): Result<TransferResult, WriteError> {
  const problem = checkSettlement(settlement);
  if (problem) return err(problem);
  const { claim, cents, on } = settlement;
  const why = `${describe.carrier}, ${claimLabel(claim)}`;
  const familyId = target.to === 'charge' ? target.familyId : target.contract.familyId;
  // The event is checked before anything is written, with stand-in ids for what it will name.
  const probe = ClaimEventFields.safeParse(
    eventInput(
      settlement,
      'transferred',
      target.to === 'charge'
        ? { to: 'charge', familyId, ledgerEntryId: 'lge_0000000000000000' }
        : { to: 'amendment', familyId, contractId: target.contract.id, amendmentId: 'amd_0000000000000000' },
    ),
  );
  if (!probe.success) {
    return err({
      kind: 'invalid',
      issues: probe.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    });
  }

  if (target.to === 'charge') {
    const entry = commands.postLedgerEntry({
      familyId,
      patientId: target.patientId,
      ...(target.contractId ? { contractId: target.contractId } : {}),
      kind: 'charge',
      payer: 'patient',
      chargeKind: 'insurance-balance',
      amountCents: cents,
      postedOn: on,
      dueOn: on,
      note: `Not paid by insurance: ${why}`.slice(0, 1000),
    });
    if (!entry.ok) return entry;
    const event = commands.recordClaimEvent(
      eventInput(settlement, 'transferred', { to: 'charge', familyId, ledgerEntryId: entry.value.id }),
    );
    return event.ok ? ok({ event: event.value, entry: entry.value }) : event;
  }

  const planned = claimAmendment(target, cents, on, why);
  if (!planned.ok) return planned;
  const amendment = commands.amendContract(target.contract.id, planned.value);
  if (!amendment.ok) return amendment;
  const event = commands.recordClaimEvent(
    eventInput(settlement, 'transferred', {
      to: 'amendment',
      familyId,
      contractId: target.contract.id,
      amendmentId: amendment.value.id,
    }),
  );
  return event.ok ? ok({ event: event.value, amendment: amendment.value }) : event;
}
