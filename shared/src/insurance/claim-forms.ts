/**
 * What people type about claims and pre-authorizations, read into commands with every problem
 * named by field: a claim event with its own date and EOB or check number (CLAIM-7), a write-off
 * or a move to the family (CLAIM-9 … CLAIM-11), a pre-authorization's answer.
 */
import type { ClaimEventInput, PreauthInput } from './insurance-doc.ts';
import type { Preauth } from './claims.schema.ts';
import { ClaimReference } from './claims.schema.ts';
import { outstandingCents, type ClaimView } from './claims.ts';
import type { ClaimSettlement } from './claim-resolution.ts';
import { isValidLocalDate } from '../core/calendar.ts';
import { formatCents, parseDollars } from '../core/money.ts';

/** What a person can record about a claim from its row (an appeal has its own letter form). */
export type ClaimAction = 'sent' | 'resubmitted' | 'paid' | 'denied' | 'write-off' | 'transfer';

export const CLAIM_ACTION_LABELS: Record<ClaimAction, string> = {
  sent: 'Sent',
  resubmitted: 'Resubmitted',
  paid: 'Payment',
  denied: 'Denied',
  'write-off': 'Write off',
  transfer: 'Move to the family',
};

/** The actions that make sense for a claim in its state, in the order a row offers them. */
export function claimActionsFor(
  claim: Pick<ClaimView, 'status'> & Parameters<typeof outstandingCents>[0],
): ClaimAction[] {
  if (claim.status === 'upcoming') return [];
  const open = outstandingCents(claim) > 0;
  if (!open) return [];
  const actions: ClaimAction[] = [];
  if (claim.status === 'to-send') actions.push('sent');
  if (claim.status === 'denied' || claim.status === 'partly-paid') actions.push('resubmitted');
  actions.push('paid');
  // A denial can come back for a claim sent from elsewhere (a clearinghouse) and never marked sent.
  if (claim.status !== 'denied') actions.push('denied');
  if (claim.status !== 'to-send') actions.push('write-off', 'transfer');
  return actions;
}

/** CLAIM-8: a denied or underpaid claim may be appealed while the insurer still owes on it. */
export function mayAppeal(
  claim: Pick<ClaimView, 'status'> & Parameters<typeof outstandingCents>[0],
): boolean {
  return (claim.status === 'denied' || claim.status === 'partly-paid') && outstandingCents(claim) > 0;
}

export type ClaimEventForm = {
  action: ClaimAction;
  /** The day it happened: the EOB's, the check's, the day it was sent. */
  on: string;
  reference: string;
  /** Paid, written off or moved, in dollars as typed. */
  amount: string;
  reason: string;
  /** Where a move to the family goes. */
  transferTo: 'charge' | 'amendment';
};

export function emptyClaimEventForm(
  action: ClaimAction,
  claim: Parameters<typeof outstandingCents>[0],
  today: string,
): ClaimEventForm {
  const open = outstandingCents(claim);
  return {
    action,
    on: today,
    reference: '',
    amount:
      action === 'sent' || action === 'resubmitted' || action === 'denied' ? '' : formatCents(open).slice(1),
    reason: '',
    transferTo: 'charge',
  };
}

type Errors = Partial<Record<keyof ClaimEventForm, string>>;

export type ReadClaimEvent =
  | { kind: 'event'; input: ClaimEventInput }
  | { kind: 'write-off'; settlement: ClaimSettlement }
  | { kind: 'transfer'; settlement: ClaimSettlement; to: 'charge' | 'amendment' };

/**
 * Reads the claim event form: the date must be a real day not after today; a reference is an
 * EOB, check or claim number (never a card number); a payment needs its amount; a denial and a
 * write-off need a reason; a write-off or a move needs an amount no larger than what is still
 * outstanding.
 */
export function readClaimEventForm(
  form: ClaimEventForm,
  claim: ClaimView,
  today: string,
): { value?: ReadClaimEvent; errors: Errors } {
  const errors: Errors = {};
  const on = form.on.trim();
  if (!isValidLocalDate(on)) errors.on = 'Enter the date it happened';
  else if (on > today) errors.on = 'That date has not come yet';
  const reference = form.reference.trim();
  if (reference) {
    const check = ClaimReference.safeParse(reference);
    if (!check.success) errors.reference = check.error.issues[0]?.message ?? 'Not a reference';
  }
  const reason = form.reason.trim();
  let cents: number | undefined;
  const needsAmount = form.action === 'paid' || form.action === 'write-off' || form.action === 'transfer';
  if (needsAmount) {
    const parsed = parseDollars(form.amount);
    if (!parsed.ok) errors.amount = parsed.error;
    else cents = parsed.value;
  }
  if ((form.action === 'write-off' || form.action === 'transfer') && cents !== undefined) {
    const open = outstandingCents(claim);
    if (cents < 1) errors.amount = 'Enter an amount above zero';
    else if (cents > open) errors.amount = `At most ${formatCents(open)} is outstanding`;
  }
  if (form.action === 'denied' && !reason) errors.reason = 'Say why it was denied';
  if (form.action === 'write-off' && !reason) errors.reason = 'Say why it is written off';
  if (reason.length > 300) errors.reason = 'At most 300 characters';
  if (Object.keys(errors).length > 0) return { errors };

  const base = {
    scheduleId: claim.scheduleId,
    paymentNumber: claim.paymentNumber,
    on,
    ...(reference ? { reference } : {}),
  };
  switch (form.action) {
    case 'write-off':
      return {
        value: { kind: 'write-off', settlement: { claim, cents: cents!, on, reference, reason } },
        errors,
      };
    case 'transfer':
      return {
        value: {
          kind: 'transfer',
          settlement: { claim, cents: cents!, on, reference, ...(reason ? { reason } : {}) },
          to: form.transferTo,
        },
        errors,
      };
    case 'paid':
      return { value: { kind: 'event', input: { ...base, status: 'paid', paidCents: cents! } }, errors };
    default:
      return {
        value: { kind: 'event', input: { ...base, status: form.action, ...(reason ? { reason } : {}) } },
        errors,
      };
  }
}

/**
 * A pre-authorization's answer as a patch: an approval needs the amount approved, a denial its
 * reason, an appeal is dated today.
 */
export function preauthAnswer(
  status: Preauth['status'],
  answer: string,
  today: string,
): { patch: Partial<PreauthInput> } | { error: string } {
  if (status === 'approved') {
    const amount = parseDollars(answer);
    return amount.ok ? { patch: { status, approvedCents: amount.value } } : { error: amount.error };
  }
  if (status === 'denied') {
    const reason = answer.trim();
    return reason ? { patch: { status, deniedReason: reason } } : { error: 'Say why it was denied' };
  }
  if (status === 'appeal') return { patch: { status, appealedOn: today } };
  return { patch: { status } };
}
