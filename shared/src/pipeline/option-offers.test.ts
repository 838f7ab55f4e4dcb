import { describe, expect, it } from 'vitest';
import { optionOffers } from './option-offers.ts';

describe('what the presentation offers for an option', () => {
  it('CONTRACT-102: an open option offers the slider; a declined one nothing', () => {
    expect(optionOffers({ status: 'open' }, false, false)).toEqual({
      chooseTerms: true,
      keepTerms: false,
      changeTerms: false,
    });
    expect(optionOffers({ status: 'declined' }, false, false)).toEqual({
      chooseTerms: false,
      keepTerms: false,
      changeTerms: false,
    });
  });

  it('CONTRACT-102: a chosen option is frozen and offers to change its terms, until treatment starts', () => {
    expect(optionOffers({ status: 'accepted' }, true, false)).toEqual({
      chooseTerms: false,
      keepTerms: false,
      changeTerms: true,
    });
    expect(optionOffers({ status: 'accepted' }, true, true).changeTerms).toBe(false);
  });

  it('CONTRACT-102: a chosen option whose terms are reopened offers the slider and to keep the terms', () => {
    expect(optionOffers({ status: 'accepted' }, false, false)).toEqual({
      chooseTerms: true,
      keepTerms: true,
      changeTerms: false,
    });
  });
});
