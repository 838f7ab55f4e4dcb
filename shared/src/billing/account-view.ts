/**
 * What the family account screen shows and offers, computed from the documents: the summary
 * (balance, what is late and what is owed within grace), the ledger lines, which entries can be
 * reversed, and which contract actions each contract's status allows. The screen formats and
 * renders these; it decides none of them.
 */
import type { Contract, ContractStatus } from './contract.schema.ts';
import type { Case, Signature, TreatmentOption } from '../pipeline/case.schema.ts';
import {
  ADJUSTMENT_KIND_LABELS,
  CHARGE_KIND_LABELS,
  LEDGER_ENTRY_KIND_LABELS,
  PAYMENT_METHOD_LABELS,
  type LatePolicy,
  type LedgerEntry,
} from './ledger.schema.ts';
import { lateStanding, type AccountState, type LateStanding } from './ledger.ts';
import type { PaymentPlan } from './payment-plan.ts';
import { paymentsPhrase, planFigures, type PlanFigures } from './payment-quote.ts';

/** The computed contract charges carry this author: they are not entries a person posted. */
export const CONTRACT_CHARGE_AUTHOR = 'system:contract';

// ---------------------------------------------------------------------------------------------
// The summary

export type AccountTiles = {
  /** What the family owes now (never shown below zero: a credit shows as credit). */
  balanceCents: number;
  creditCents: number;
  nextDue?: { dueOn: string; cents: number };
} & LateStanding;

/** The account's tiles (LATE-101: "past due" is what is late after the practice's grace days). */
export function accountTiles(state: AccountState, policy: Pick<LatePolicy, 'graceDays'>): AccountTiles {
  return {
    balanceCents: Math.max(0, state.balanceCents),
    creditCents: state.creditCents,
    ...(state.nextDue ? { nextDue: state.nextDue } : {}),
    ...lateStanding(state, policy.graceDays),
  };
}

// ---------------------------------------------------------------------------------------------
// The ledger

export type AccountLine = {
  entry: LedgerEntry;
  dueOn: string;
  label: string;
  /** Charges and refunds add to what is owed; payments and adjustments take from it; reversals are neither. */
  side: 'debit' | 'credit' | 'none';
  reversed: boolean;
  /** LEDGER-101: a person may reverse it. */
  reversible: boolean;
  /** DOC-201: it prints as a receipt. */
  hasReceipt: boolean;
};

function lineLabel(entry: LedgerEntry): string {
  switch (entry.kind) {
    case 'charge':
      return CHARGE_KIND_LABELS[entry.chargeKind ?? 'other'];
    case 'payment':
      return `Payment · ${PAYMENT_METHOD_LABELS[entry.method ?? 'card']}${entry.reference ? ` ${entry.reference}` : ''}`;
    case 'adjustment':
      return `${ADJUSTMENT_KIND_LABELS[entry.adjustmentKind ?? 'other']}${entry.reason ? `: ${entry.reason}` : ''}`;
    default:
      return `${LEDGER_ENTRY_KIND_LABELS[entry.kind]}${entry.reason ? `: ${entry.reason}` : ''}`;
  }
}

/** The ids of entries a reversal on the ledger names. */
export function reversedIds(entries: readonly LedgerEntry[]): Set<string> {
  const ids = new Set<string>();
  for (const e of entries) if (e.kind === 'reversal' && e.reversesId) ids.add(e.reversesId);
  return ids;
}

/**
 * LEDGER-101: an entry can be reversed when a person posted it (a contract's charges are
 * computed from its terms: they change by amendment, never by reversal), it is not itself a
 * reversal, and nothing reverses it yet.
 */
export function isReversible(entry: LedgerEntry, reversed: ReadonlySet<string>): boolean {
  return entry.createdBy !== CONTRACT_CHARGE_AUTHOR && entry.kind !== 'reversal' && !reversed.has(entry.id);
}

/** DOC-201: only payments have receipts, and only those a person took (not computed ones). */
export const hasReceipt = (entry: LedgerEntry): boolean =>
  entry.kind === 'payment' && entry.createdBy !== CONTRACT_CHARGE_AUTHOR;

/**
 * The statement's lines, newest first: every posted entry, and the contracts' charges due by
 * `today` (charges scheduled later are the payment schedule, not the statement).
 */
export function accountLines(
  entries: readonly LedgerEntry[],
  charges: readonly LedgerEntry[],
  today: string,
): AccountLine[] {
  const reversed = reversedIds(entries);
  const due = charges.filter((c) => (c.dueOn ?? c.postedOn) <= today);
  return [...entries, ...due]
    .map((entry): AccountLine => {
      const dueOn = entry.dueOn ?? entry.postedOn;
      const side =
        entry.kind === 'reversal'
          ? 'none'
          : entry.kind === 'charge' || entry.kind === 'refund'
            ? 'debit'
            : 'credit';
      return {
        entry,
        dueOn,
        label: lineLabel(entry),
        side,
        reversed: reversed.has(entry.id),
        reversible: isReversible(entry, reversed),
        hasReceipt: hasReceipt(entry),
      };
    })
    .sort((a, b) => b.dueOn.localeCompare(a.dueOn) || b.entry.id.localeCompare(a.entry.id));
}

// ---------------------------------------------------------------------------------------------
// Contracts

export type ContractAction =
  | 'sign-by-agreement'
  | 'sign-on-paper'
  | 'lock'
  | 'amend'
  | 'complete'
  | 'transfer'
  | 'cancel'
  | 'split'
  | 'autopay-and-financing';

const ACTIONS: Record<ContractStatus, readonly ContractAction[]> = {
  proposed: ['sign-by-agreement', 'sign-on-paper', 'cancel', 'split', 'autopay-and-financing'],
  signed: ['lock', 'cancel', 'split', 'autopay-and-financing'],
  active: ['amend', 'complete', 'transfer', 'cancel', 'autopay-and-financing'],
  completed: [],
  transferred: [],
  cancelled: [],
};

/**
 * CONTRACT-103: what can be done to a contract in its status (CONTRACT-1's life): a proposal is
 * signed (by the agreement on file when that agreement states exactly its terms, otherwise on
 * paper) or cancelled; until treatment starts it can be split between parents (CONTRACT-108); a
 * signed contract is locked when treatment starts; an active one
 * changes only by amendment and ends completed, transferred or cancelled. Nothing is offered to
 * someone who may not change contracts, and a split needs two responsible parties.
 */
export function contractActions(
  contract: Pick<Contract, 'status'>,
  facts: { canWrite: boolean; agreementCovers: boolean; parties: number },
): ContractAction[] {
  if (!facts.canWrite) return [];
  return ACTIONS[contract.status].filter((action) => {
    if (action === 'sign-by-agreement') return facts.agreementCovers;
    if (action === 'sign-on-paper') return !facts.agreementCovers;
    if (action === 'split') return facts.parties > 1;
    return true;
  });
}

/** A contract's plan as the account and the printed contract show it (CONTRACT-106). */
export type ContractPlanView = PlanFigures & {
  /** "Paid in full at the start" or "12 monthly payments of $300.00": never "0 × $0.00". */
  paymentsText: string;
  installments: PaymentPlan['installments'];
};

export function contractPlanView(plan: PaymentPlan): ContractPlanView {
  const figures = planFigures(plan);
  const paymentsText = figures.payInFull
    ? 'Paid in full at the start'
    : figures.count === 0
      ? 'Everything at the start; no other payments'
      : paymentsPhrase(figures);
  return { ...figures, paymentsText, installments: plan.installments };
}

// ---------------------------------------------------------------------------------------------
// Cases a contract is for

export type ContractableCase = { theCase: Case; option: TreatmentOption; agreement?: Signature };

/**
 * CONTRACT-109: the chart's cases a contract is for: accepted or started, with the option chosen,
 * each with the latest financial agreement signed for it, if any.
 */
export function contractableCases(chart: {
  cases: readonly Case[];
  options: readonly TreatmentOption[];
  signatures: readonly Signature[];
}): ContractableCase[] {
  return chart.cases.flatMap((theCase) => {
    const option = chart.options.find((o) => o.id === theCase.acceptedOptionId);
    if (!option || (theCase.status !== 'accepted' && theCase.status !== 'started')) return [];
    const agreement = chart.signatures
      .filter((s) => s.caseId === theCase.id && s.kind === 'financial-agreement')
      .at(-1);
    return [{ theCase, option, ...(agreement ? { agreement } : {}) }];
  });
}

/** CONTRACT-109: those of `cases` with no contract that stands (a cancelled one does not). */
export function casesWithoutContract<T extends { theCase: Pick<Case, 'id'> }>(
  cases: readonly T[],
  contracts: readonly Pick<Contract, 'caseId' | 'status'>[],
): T[] {
  return cases.filter((a) => !contracts.some((c) => c.caseId === a.theCase.id && c.status !== 'cancelled'));
}
