import { describe, expect, it } from 'vitest';
import { readSplitForm, shareAmounts } from './split-form.ts';

const PARTIES = ['rp_00000000000000001', 'rp_00000000000000002'];

describe('CONTRACT-2: splitting between parents', () => {
  it('by percent takes whole percents that add up to 100', () => {
    expect(readSplitForm({ by: 'percent', values: ['60', '40'], partyIds: PARTIES, totalCents: 0 })).toEqual({
      ok: true,
      value: [
        { partyId: PARTIES[0], share: { kind: 'percent', percent: 60 } },
        { partyId: PARTIES[1], share: { kind: 'percent', percent: 40 } },
      ],
    });
  });

  it('by percent refuses shares that do not add up to 100, saying what they add up to', () => {
    expect(readSplitForm({ by: 'percent', values: ['60', '30'], partyIds: PARTIES, totalCents: 0 })).toEqual({
      ok: false,
      error: 'The shares add up to 90%; they must add up to 100%',
    });
    expect(
      readSplitForm({ by: 'percent', values: ['50.5', '49.5'], partyIds: PARTIES, totalCents: 0 }),
    ).toMatchObject({
      ok: false,
      error: 'Share 1: a whole percent from 0 to 100',
    });
  });

  it('by amount takes dollar amounts that add up to what the family pays', () => {
    expect(
      readSplitForm({ by: 'amount', values: ['$2,000', '2,365.50'], partyIds: PARTIES, totalCents: 436_550 }),
    ).toEqual({
      ok: true,
      value: [
        { partyId: PARTIES[0], share: { kind: 'amount', cents: 200_000 } },
        { partyId: PARTIES[1], share: { kind: 'amount', cents: 236_550 } },
      ],
    });
  });

  it('by amount refuses amounts that leave cents unassigned, and amounts that are not money', () => {
    expect(
      readSplitForm({ by: 'amount', values: ['2000', '2000'], partyIds: PARTIES, totalCents: 436_550 }),
    ).toEqual({
      ok: false,
      error: 'The amounts add up to $4,000.00; they must add up to $4,365.50, what the family pays',
    });
    expect(
      readSplitForm({ by: 'amount', values: ['abc', '1'], partyIds: PARTIES, totalCents: 100 }),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Share 1: /),
    });
  });

  it('leaves out a party whose share is zero', () => {
    const read = readSplitForm({ by: 'percent', values: ['100', ''], partyIds: PARTIES, totalCents: 0 });
    expect(read.ok && read.value).toHaveLength(1);
  });
});

describe('what each party pays', () => {
  it('CONTRACT-108: percents are taken down to the cent, the last party takes what is left', () => {
    const parties = [
      { partyId: 'rp_a', share: { kind: 'percent' as const, percent: 60 } },
      { partyId: 'rp_b', share: { kind: 'percent' as const, percent: 40 } },
    ];
    expect(shareAmounts(parties, 100_001)).toEqual([
      { partyId: 'rp_a', cents: 60_000 },
      { partyId: 'rp_b', cents: 40_001 },
    ]);
    const fixed = [
      { partyId: 'rp_a', share: { kind: 'amount' as const, cents: 200_000 } },
      { partyId: 'rp_b', share: { kind: 'amount' as const, cents: 285_000 } },
    ];
    expect(shareAmounts(fixed, 485_000).map((s) => s.cents)).toEqual([200_000, 285_000]);
  });
});
