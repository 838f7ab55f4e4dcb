/**
 * What the presentation offers for one treatment option (CONTRACT-102): the payment slider while its
 * terms are open (never for a declined option); once chosen, "Change terms" until treatment starts;
 * while a chosen option's terms are reopened, "Keep these terms".
 */
import type { TreatmentOption } from './case.schema.ts';

export type OptionOffers = { chooseTerms: boolean; keepTerms: boolean; changeTerms: boolean };

/** `frozen`: the option is chosen and its terms are not reopened; `started`: treatment has started. */
export function optionOffers(
  option: Pick<TreatmentOption, 'status'>,
  frozen: boolean,
  started: boolean,
): OptionOffers {
  const reopened = option.status === 'accepted' && !frozen;
  return {
    chooseTerms: option.status !== 'declined' && !frozen,
    keepTerms: reopened,
    changeTerms: !reopened && frozen && !started,
  };
}
