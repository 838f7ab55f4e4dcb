/**
 * From the chair to the contract in one motion: when the family signs the financial agreement,
 * the contract is proposed from exactly the terms signed and marked signed by that agreement,
 * ready to lock at the start (CONTRACT-101); when the family changes the terms after signing,
 * the contract made from the old terms is withdrawn (CONTRACT-102).
 *
 * The agreement lives in the patient's chart, the contract in the family's contracts document:
 * this is the use case joining them. The caller reads the chart and passes the plain records.
 */
import type * as Y from 'yjs';
import { err, ok, type Result } from '../core/result.ts';
import type { Signature, TreatmentOption } from '../pipeline/case.schema.ts';
import type { Contract, PartyShare } from './contract.schema.ts';
import type { PaymentSettings } from './payment-settings.schema.ts';
import {
  closeContract,
  proposeContract,
  readContracts,
  reviseProposal,
  signContract,
} from './contracts-doc.ts';
import { planOfTerms, termsOfOption } from './contract-charges.ts';
import { formatCents } from '../core/money.ts';
import type { WriteContext, WriteError } from '../documents/collection.ts';

export type AgreementContractInput = {
  familyId: string;
  patientId: string;
  caseId: string;
  /** The accepted option, carrying the family's choice (what the agreement states). */
  option: TreatmentOption;
  /** The financial agreement just signed for it (valid: the caller checked it). */
  agreement: Pick<Signature, 'id' | 'kind' | 'optionId' | 'caseId' | 'signedAt' | 'terms'>;
  /** Who pays: the family's guarantor by default. */
  parties: PartyShare[];
  /** The practice's payment settings now: the ones the agreement was planned with. */
  settings: PaymentSettings;
  /** The contract date (the day the agreement was signed, at the practice). */
  startDate: string;
};

export type AgreementContractOutcome =
  { kind: 'signed'; contract: Contract; revised: boolean } | { kind: 'already-signed'; contract: Contract };

const invalid = (message: string): WriteError => ({ kind: 'invalid', issues: [{ path: '', message }] });

/**
 * CONTRACT-101: the contract of a signed financial agreement. Its terms are `termsOfOption` of
 * the option as signed, dated the day it was signed, with the settings the agreement was
 * planned with; it is signed by the agreement (and takes its late-fee clause, LATE-102). A
 * proposal already open for the case is revised to those terms first; a contract already
 * signed or active for the case is left alone (a new agreement for a started case is an
 * amendment, made on the account).
 */
export function contractFromAgreement(
  contractsDoc: Y.Doc,
  ctx: WriteContext,
  input: AgreementContractInput,
): Result<AgreementContractOutcome, WriteError> {
  const { agreement, option } = input;
  if (
    agreement.kind !== 'financial-agreement' ||
    agreement.optionId !== option.id ||
    agreement.caseId !== input.caseId
  )
    return err(invalid('That is not the financial agreement of this option'));
  if (input.parties.length === 0)
    return err(
      invalid('Add a parent or guardian to the family first: they are responsible for the payments'),
    );
  const terms = termsOfOption(option, input.startDate);
  const plan = planOfTerms(terms, input.settings);
  if (!plan.ok) return err(invalid(plan.error.message));

  const open = readContracts(contractsDoc).contracts.find(
    (c) => c.caseId === input.caseId && ['proposed', 'signed', 'active'].includes(c.status),
  );
  if (open && open.status !== 'proposed') return ok({ kind: 'already-signed', contract: open });

  const lateFee = agreement.terms.clauses?.find((c) => c.kind === 'late-fee');
  let outcome: Result<AgreementContractOutcome, WriteError> | undefined;
  contractsDoc.transact(() => {
    let proposalId: string;
    let revised = false;
    if (open && open.optionId === option.id) {
      const revision = reviseProposal(contractsDoc, ctx, open.id, { terms });
      if (!revision.ok) return void (outcome = revision);
      proposalId = open.id;
      revised = true;
    } else {
      // A proposal for another option the family no longer chose gives way to this one.
      if (open) {
        const withdrawn = closeContract(contractsDoc, ctx, open.id, 'cancelled', input.startDate);
        if (!withdrawn.ok) return void (outcome = withdrawn);
      }
      const proposal = proposeContract(contractsDoc, ctx, {
        familyId: input.familyId,
        patientId: input.patientId,
        caseId: input.caseId,
        optionId: option.id,
        terms,
        settings: input.settings,
        parties: input.parties,
      });
      if (!proposal.ok) return void (outcome = proposal);
      proposalId = proposal.value.id;
    }
    const signed = signContract(contractsDoc, ctx, proposalId, {
      signatureId: agreement.id,
      signedAt: agreement.signedAt,
      settings: input.settings,
      ...(lateFee ? { lateFee: { cents: lateFee.cents, graceDays: lateFee.graceDays } } : {}),
    });
    outcome = signed.ok ? ok({ kind: 'signed', contract: signed.value, revised }) : signed;
  }, ctx.origin);
  return outcome!;
}

/** The outcome in words for the coordinator. */
export function agreementOutcomeText(outcome: AgreementContractOutcome): string {
  if (outcome.kind === 'already-signed')
    return 'The case already has a signed contract: changes to it are amendments on the account.';
  const { terms } = outcome.contract;
  return terms.payInFull
    ? 'Contract signed: paid in full at the start.'
    : `Contract signed: ${formatCents(terms.downPaymentCents)} down, then ${terms.months} months.`;
}

/**
 * CONTRACT-102: the family changes the terms they chose. A contract not yet active made from
 * the old terms is cancelled (its agreement no longer matches and will show void once the new
 * terms are kept); a started case's contract is never reopened here: it changes by amendment.
 * Returns the contracts cancelled.
 */
export function withdrawContractForNewTerms(
  contractsDoc: Y.Doc,
  ctx: WriteContext,
  input: { caseId: string; today: string },
): Result<Contract[], WriteError> {
  const open = readContracts(contractsDoc).contracts.filter(
    (c) => c.caseId === input.caseId && ['proposed', 'signed', 'active'].includes(c.status),
  );
  if (open.some((c) => c.status === 'active'))
    return err(invalid('Treatment has started: the contract changes by amendment on the account'));
  const cancelled: Contract[] = [];
  let failure: WriteError | undefined;
  contractsDoc.transact(() => {
    for (const contract of open) {
      const closed = closeContract(contractsDoc, ctx, contract.id, 'cancelled', input.today);
      if (!closed.ok) return void (failure = closed.error);
      cancelled.push(closed.value);
    }
  }, ctx.origin);
  return failure ? err(failure) : ok(cancelled);
}
