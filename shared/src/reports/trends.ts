/**
 * KPI-29: any KPI month by month, for the 24 calendar months up to a day: the last month ends on
 * that day, so this month's figure is the month so far. Each month is computed as its own period
 * with the same filters, so a month's figure in a trend is the figure of that month's report.
 */
import { daysInMonth, formatLocalDate, splitLocalDate } from '../core/calendar.ts';
import type { Kpi } from './kpis.ts';
import type { KpiResult } from './kpi-result.ts';
import type { ReportFilter, ReportPeriod } from './report-filter.ts';
import type { ReportSource } from './report-source.ts';

export const TREND_MONTHS = 24;

export type TrendPoint = { month: string; period: ReportPeriod; result: KpiResult };

/** The calendar months (oldest first) of the `count` months ending with the month of `upTo`. */
export function trendPeriods(upTo: string, count = TREND_MONTHS): { month: string; period: ReportPeriod }[] {
  const end = splitLocalDate(upTo);
  if (!end) throw new RangeError(`Not a local date: ${upTo}`);
  const out: { month: string; period: ReportPeriod }[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const index = end.year * 12 + (end.month - 1) - back;
    const year = Math.floor(index / 12);
    const month = index - year * 12 + 1;
    const from = formatLocalDate({ year, month, day: 1 });
    const to = back === 0 ? upTo : formatLocalDate({ year, month, day: daysInMonth(year, month) });
    out.push({ month: from.slice(0, 7), period: { from, to } });
  }
  return out;
}

/** KPI-29 */
export function monthlyTrend(
  source: ReportSource,
  filter: Omit<ReportFilter, 'period'>,
  kpi: Kpi,
  upTo: string,
  count = TREND_MONTHS,
): TrendPoint[] {
  return trendPeriods(upTo, count).map(({ month, period }) => ({
    month,
    period,
    result: kpi(source, { ...filter, period }),
  }));
}
