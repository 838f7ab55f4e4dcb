/**
 * What a contract charges the family account, computed, never stored: the down payment on the
 * contract date and each installment on its due day, from the terms and the practice's payment
 * settings, with amendments re-planning only what falls due after them. Installment charges are
 * not posted to the ledger as they fall due (two offline devices would post them twice); the
 * account is the ledger's entries plus these charges, each with an id derived from the contract
 * and installment, so every device sees the same ones.
 */
import type { Amendment, Contract, ContractTerms } from './contract.schema.ts';
import type { TreatmentOptionFields } from '../pipeline/case.schema.ts';
import type { LedgerEntry } from './ledger.schema.ts';
import type { PaymentSettings } from './payment-settings.schema.ts';
import { err, ok, type Result } from '../core/result.ts';
import { planPayments, replanRemaining, type PaymentPlan, type PaymentPlanProblem } from './payment-plan.ts';
import { accountState, type AccountState } from './ledger.ts';
import { choiceOfOption } from './payment-quote.ts';
import { formatCents } from '../core/money.ts';

export function planOfTerms(
  terms: ContractTerms,
  settings: PaymentSettings,
): Result<PaymentPlan, PaymentPlanProblem> {
  return planPayments({
    feeCents: terms.feeCents,
    insuranceCents: terms.insuranceCents,
    discounts: {
      payInFull: terms.payInFull,
      ...(terms.siblingDiscount ? { sibling: terms.siblingDiscount } : {}),
      ...(terms.courtesy ? { courtesy: terms.courtesy } : {}),
    },
    downPaymentCents: terms.downPaymentCents,
    months: terms.months,
    startDate: terms.startDate,
    settings,
  });
}

/** The option fields a contract's terms come from (what the family chose on the presentation). */
export type OptionPaymentChoice = Pick<
  TreatmentOptionFields,
  'feeCents' | 'insuranceEstimateCents' | 'downPaymentCents' | 'installments'
>;

/**
 * The contract terms of a chosen option: no monthly payments means paid in full (with the
 * practice's pay-in-full discount). The financial agreement and the contract both come from
 * these terms, so what the family signs is what the account is charged.
 */
export function termsOfOption(option: OptionPaymentChoice, startDate: string): ContractTerms {
  const choice = choiceOfOption(option);
  return {
    feeCents: option.feeCents,
    insuranceCents: option.insuranceEstimateCents ?? 0,
    payInFull: choice.payInFull,
    downPaymentCents: choice.payInFull ? 0 : choice.downPaymentCents,
    months: choice.payInFull ? 0 : choice.months,
    startDate,
  };
}

/**
 * The contract's plan as it stands: the original terms' plan, then each amendment re-planning
 * the installments due on or after its effective day with the amended financed amount and months.
 */
export function contractPlan(
  contract: Pick<Contract, 'id' | 'terms' | 'settings'>,
  amendments: readonly Amendment[],
  practiceSettings: PaymentSettings,
): Result<PaymentPlan, PaymentPlanProblem> {
  // The settings agreed with the family win over whatever the practice uses today.
  const settings = contract.settings ?? practiceSettings;
  const mine = amendments
    .filter((a) => a.contractId === contract.id)
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.createdAt.localeCompare(b.createdAt));
  const original = mine[0]?.before ?? contract.terms;
  let plan = planOfTerms(original, settings);
  for (const amendment of mine) {
    if (!plan.ok) return plan;
    const target = planOfTerms(amendment.after, settings);
    if (!target.ok) return target;
    plan = replanRemaining(plan.value, {
      asOf: amendment.effectiveFrom,
      newFinancedCents: target.value.financedCents,
      newMonths: amendment.after.months,
    });
  }
  return plan;
}

const CHARGING = new Set(['signed', 'active', 'completed', 'transferred', 'cancelled']);

function chargeId(contractId: string, n: number): string {
  return `lge_${contractId.slice(contractId.indexOf('_') + 1)}n${String(n).padStart(3, '0')}`;
}

/**
 * The charges of a signed contract: down payment (number 0) on the contract date, installments on
 * their due days. A contract closed early (cancelled, transferred) charges nothing due after it closed,
 * and a proposal cancelled before anyone signed it charges nothing at all (CONTRACT-7).
 */
export function contractCharges(
  contract: Pick<
    Contract,
    | 'id'
    | 'familyId'
    | 'patientId'
    | 'status'
    | 'terms'
    | 'closedOn'
    | 'financing'
    | 'settings'
    | 'signedAt'
    | 'signatureId'
    | 'signedOnPaper'
  >,
  amendments: readonly Amendment[],
  settings: PaymentSettings,
): Result<LedgerEntry[], PaymentPlanProblem> {
  if (!CHARGING.has(contract.status)) return ok([]);
  const signed =
    contract.signedAt !== undefined || contract.signatureId !== undefined || contract.signedOnPaper === true;
  if (contract.status === 'cancelled' && !signed) return ok([]);
  const plan = contractPlan(contract, amendments, settings);
  if (!plan.ok) return err(plan.error);
  const base = {
    familyId: contract.familyId,
    patientId: contract.patientId,
    contractId: contract.id,
    kind: 'charge' as const,
    payer: 'patient' as const,
    createdAt: '1970-01-01T00:00:00.000Z',
    createdBy: 'system:contract',
    updatedAt: '1970-01-01T00:00:00.000Z',
    updatedBy: 'system:contract',
  };
  const charges: LedgerEntry[] = [];
  const cutoff =
    contract.status === 'cancelled' || contract.status === 'transferred' ? contract.closedOn : undefined;
  if (plan.value.downPaymentCents > 0) {
    charges.push({
      ...base,
      id: chargeId(contract.id, 0),
      chargeKind: 'initial-fee',
      amountCents: plan.value.downPaymentCents,
      postedOn: plan.value.startDate,
      dueOn: plan.value.startDate,
    } as LedgerEntry);
  }
  for (const installment of plan.value.installments) {
    if (cutoff && installment.dueOn > cutoff) continue;
    charges.push({
      ...base,
      id: chargeId(contract.id, installment.number),
      chargeKind: 'installment',
      amountCents: installment.amountCents,
      postedOn: plan.value.startDate,
      dueOn: installment.dueOn,
    } as LedgerEntry);
  }
  return ok(charges);
}

/** A family account as of a day: the ledger plus the charges of its contracts. */
export function familyAccount(
  input: {
    contracts: readonly Contract[];
    amendments: readonly Amendment[];
    entries: readonly LedgerEntry[];
    settings: PaymentSettings;
  },
  asOf: string,
): { state: AccountState; charges: LedgerEntry[]; problems: string[] } {
  const charges: LedgerEntry[] = [];
  const problems: string[] = [];
  let agreedLateFeeCents = 0;
  for (const contract of input.contracts) {
    const made = contractCharges(contract, input.amendments, input.settings);
    if (made.ok) charges.push(...made.value);
    else problems.push(made.error.message);
    if (CHARGING.has(contract.status) && contract.lateFee)
      agreedLateFeeCents = Math.max(agreedLateFeeCents, contract.lateFee.cents);
  }
  const state = accountState([...input.entries, ...charges], asOf);
  if (agreedLateFeeCents > 0) state.agreedLateFeeCents = agreedLateFeeCents;
  return { state, charges, problems };
}

/**
 * The amendment a coverage change makes to a case's active contract: insurance is now expected
 * to pay `movedToPatientCents` less (more, when negative), so the family's financed amount
 * grows by it and the installments due from `changeDate` are re-planned. Null when nothing moves
 * or the contract is not active (before treatment starts the proposal is revised instead).
 */
export function coverageAmendment(
  contract: Pick<Contract, 'status' | 'terms'>,
  movedToPatientCents: number,
  changeDate: string,
): { reason: string; effectiveFrom: string; after: ContractTerms } | null {
  if (contract.status !== 'active' || movedToPatientCents === 0) return null;
  const { terms } = contract;
  const insuranceCents = Math.min(terms.feeCents, Math.max(0, terms.insuranceCents - movedToPatientCents));
  if (insuranceCents === terms.insuranceCents) return null;
  const moved = terms.insuranceCents - insuranceCents;
  return {
    reason:
      moved > 0
        ? `Coverage changed: insurance is expected to pay ${formatCents(moved)} less`
        : `Coverage changed: insurance is expected to pay ${formatCents(-moved)} more`,
    effectiveFrom: changeDate,
    after: { ...terms, insuranceCents },
  };
}
