/** How the screens say a plan's frequency: "a month", "10 monthly payments". Words, not rules. */
import type { PlanFrequency } from '@aligned/shared';

export const PER_PERIOD: Record<PlanFrequency, string> = {
  monthly: 'a month',
  weekly: 'a week',
  biweekly: 'every two weeks',
  quarterly: 'a quarter',
};

const NOUN: Record<PlanFrequency, [string, string]> = {
  monthly: ['monthly payment', 'monthly payments'],
  weekly: ['weekly payment', 'weekly payments'],
  biweekly: ['payment every two weeks', 'payments every two weeks'],
  quarterly: ['quarterly payment', 'quarterly payments'],
};

export function paymentsNoun(frequency: PlanFrequency, count: number): string {
  return NOUN[frequency][count === 1 ? 0 : 1];
}
