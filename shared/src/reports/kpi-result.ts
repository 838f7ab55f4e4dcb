/**
 * What every KPI returns (KPI-3): the figure as whole numbers only (a count, cents, or a ratio as
 * numerator and denominator, an average as total and count), the ids of the records behind it
 * (the drill-down) and the records left out because they failed validation (KPI-2). Rounding
 * happens only when a figure is shown, through the named helpers below, so two devices with the
 * same records always hold the same figure.
 */
import type { Excluded } from './report-source.ts';
import type { KpiId } from './kpi-definitions.ts';

export type KpiValue =
  | { kind: 'count'; count: number }
  | { kind: 'cents'; cents: number }
  | { kind: 'ratio'; numerator: number; denominator: number }
  | { kind: 'average-cents'; totalCents: number; count: number };

/** One reason's share of a grouped KPI (KPI-15). */
export type KpiGroup = { key: string; count: number; members: string[] };

export type KpiResult = {
  id: KpiId;
  value: KpiValue;
  /** The records counted: for a ratio the numerator's, for an average the records averaged. */
  members: string[];
  /** A ratio's denominator records. */
  base?: string[];
  /** Counts per reason (KPI-15). */
  groups?: KpiGroup[];
  excluded: Excluded[];
};

/**
 * KPI-3: a ratio as a whole percent, rounded **half up** (2 of 3 is 67%, 1 of 8 is 13%); null
 * when nothing is in the denominator (no figure, rather than 0%). Integers only: no float is ever
 * kept, and a half is a half on every device.
 */
export function ratioPercentHalfUp(value: { numerator: number; denominator: number }): number | null {
  const { numerator, denominator } = value;
  if (denominator === 0) return null;
  return Math.floor((200 * numerator + denominator) / (2 * denominator));
}

/**
 * KPI-3: an average amount rounded **half up to the cent** ($100.005 shows as $100.01); null when
 * nothing was averaged. Amounts are never negative here, so half up needs no sign rule.
 */
export function averageCentsHalfUp(value: { totalCents: number; count: number }): number | null {
  const { totalCents, count } = value;
  if (count === 0) return null;
  return Math.floor((2 * totalCents + count) / (2 * count));
}

const sorted = (ids: Iterable<string>) => [...new Set(ids)].sort();

/** A count of records: the ids, sorted so every device lists them in the same order. */
export function countResult(id: KpiId, members: Iterable<string>, excluded: Excluded[]): KpiResult {
  const ids = sorted(members);
  return { id, value: { kind: 'count', count: ids.length }, members: ids, excluded };
}

/** A ratio of two counts of records: the numerator's ids and the denominator's. */
export function ratioResult(
  id: KpiId,
  numerator: Iterable<string>,
  denominator: Iterable<string>,
  excluded: Excluded[],
): KpiResult {
  const members = sorted(numerator);
  const base = sorted(denominator);
  return {
    id,
    value: { kind: 'ratio', numerator: members.length, denominator: base.length },
    members,
    base,
    excluded,
  };
}

type Amounts = readonly { id: string; cents: number }[];

const totalOf = (amounts: Amounts) => amounts.reduce((sum, a) => sum + a.cents, 0);

/** An amount over records: each record's cents, summed. */
export function centsResult(id: KpiId, amounts: Amounts, excluded: Excluded[]): KpiResult {
  const members = sorted(amounts.map((a) => a.id));
  return { id, value: { kind: 'cents', cents: totalOf(amounts) }, members, excluded };
}

/** An average amount over records, kept as total and count (rounded only when shown, KPI-3). */
export function averageResult(id: KpiId, amounts: Amounts, excluded: Excluded[]): KpiResult {
  const value = { kind: 'average-cents', totalCents: totalOf(amounts), count: amounts.length } as const;
  return { id, value, members: sorted(amounts.map((a) => a.id)), excluded };
}
