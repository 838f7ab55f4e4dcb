/**
 * The "split between parents" form: two responsible parties share what the family pays, by
 * percent (60 / 40) or by fixed amounts (one parent pays $2,000, the other the rest). Amounts
 * must add up to exactly what the family pays, so no cent is left unassigned or assigned twice.
 */
import { err, ok, type Result } from '../core/result.ts';
import type { PartyShare } from './contract.schema.ts';
import { formatCents, parseDollars } from '../core/money.ts';

export type SplitBy = 'percent' | 'amount';

export type SplitFormInput = {
  by: SplitBy;
  /** One entry per party, as typed: a percent or a dollar amount. */
  values: readonly string[];
  partyIds: readonly string[];
  /** What the family pays in all (the contract plan's total), for amounts. */
  totalCents: number;
};

export function readSplitForm(input: SplitFormInput): Result<PartyShare[], string> {
  const { by, values, partyIds, totalCents } = input;
  if (partyIds.length === 0) return err('Add a responsible party to the family first');
  const shares: PartyShare[] = [];
  if (by === 'percent') {
    let sum = 0;
    for (const [i, partyId] of partyIds.entries()) {
      const text = (values[i] ?? '').trim();
      const percent = text === '' ? 0 : Number(text);
      if (!Number.isInteger(percent) || percent < 0 || percent > 100)
        return err(`Share ${i + 1}: a whole percent from 0 to 100`);
      sum += percent;
      if (percent > 0) shares.push({ partyId, share: { kind: 'percent', percent } });
    }
    if (sum !== 100) return err(`The shares add up to ${sum}%; they must add up to 100%`);
    return ok(shares);
  }
  let sum = 0;
  for (const [i, partyId] of partyIds.entries()) {
    const text = (values[i] ?? '').trim();
    const parsed = text === '' ? ({ ok: true, value: 0 } as const) : parseDollars(text);
    if (!parsed.ok) return err(`Share ${i + 1}: ${parsed.error}`);
    sum += parsed.value;
    if (parsed.value > 0) shares.push({ partyId, share: { kind: 'amount', cents: parsed.value } });
  }
  if (sum !== totalCents)
    return err(
      `The amounts add up to ${formatCents(sum)}; they must add up to ${formatCents(totalCents)}, what the family pays`,
    );
  return ok(shares);
}

/**
 * CONTRACT-108: what each responsible party pays of `totalCents`. A fixed amount is that amount;
 * percents are taken down to the cent, and the last party by percent takes the cents left, so
 * the shares always add up to the total exactly.
 */
export function shareAmounts(
  parties: readonly PartyShare[],
  totalCents: number,
): { partyId: string; cents: number }[] {
  const fixed = parties.reduce((sum, p) => sum + (p.share.kind === 'amount' ? p.share.cents : 0), 0);
  const byPercent = parties.filter((p) => p.share.kind === 'percent');
  const lastPercent = byPercent.at(-1)?.partyId;
  let left = totalCents - fixed;
  const pool = left;
  return parties.map((p) => {
    if (p.share.kind === 'amount') return { partyId: p.partyId, cents: p.share.cents };
    const cents = p.partyId === lastPercent ? left : Math.floor((pool * p.share.percent) / 100);
    left -= cents;
    return { partyId: p.partyId, cents };
  });
}
