/**
 * What a patient's insurance screen checks about their policies: whether a policy's benefits are
 * verified and current, and whether the birthday rule agrees with which plan is marked primary.
 */
import type { Policy } from './insurance.schema.ts';
import { birthdayRuleOrder } from './insurance-estimate.ts';
import { daysBetween } from '../core/calendar.ts';

export type VerificationState = 'never-verified' | 'stale' | 'current';

/** A verification older than `staleAfterDays` is stale (VERIFY rules: re-verify before relying on it). */
export function verificationState(
  current: { verifiedOn: string } | null,
  today: string,
  staleAfterDays: number,
): VerificationState {
  if (!current) return 'never-verified';
  return daysBetween(current.verifiedOn, today) > staleAfterDays ? 'stale' : 'current';
}

export type BirthdayRuleCheck = { message: string; mismatch: boolean };

/**
 * For a child covered by two parents' plans still in force: the birthday rule's answer, and
 * whether the plan marked primary disagrees with it. Null unless two such plans are on file.
 */
export function birthdayRuleCheck(
  policies: readonly Pick<Policy, 'subscriber' | 'relationship' | 'endDate' | 'order'>[],
  partyOf: (
    partyId: string,
  ) => { firstName: string; lastName: string; dateOfBirth?: string | undefined } | undefined,
  today: string,
): BirthdayRuleCheck | null {
  const byParent = policies
    .filter((p) => p.relationship === 'child' && !(p.endDate !== undefined && p.endDate < today))
    .flatMap((policy) => {
      if (policy.subscriber.kind !== 'party') return [];
      const party = partyOf(policy.subscriber.partyId);
      return party
        ? [{ policy, dateOfBirth: party.dateOfBirth, name: `${party.firstName} ${party.lastName}` }]
        : [];
    });
  if (byParent.length < 2) return null;
  const order = birthdayRuleOrder(byParent[0]!, byParent[1]!);
  if (!order.primary) return { message: order.reason, mismatch: false };
  return { message: order.reason, mismatch: order.primary.policy.order !== 'primary' };
}
