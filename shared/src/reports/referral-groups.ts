/**
 * KPI-16: any KPI per referral source (web, a referring dentist, a patient …) or per referral
 * partner (the referring office itself): the KPI run once per value with that value added to the
 * filters, so each group's figure is exactly the figure a report filtered that way shows. Cases
 * with no referral recorded are in no group.
 */
import type { Kpi } from './kpis.ts';
import type { KpiResult } from './kpi-result.ts';
import type { ReportFilter } from './report-filter.ts';
import type { ReportSource } from './report-source.ts';

export type ReferralDimension = 'source' | 'partner';

export type ReferralGroup = { key: string; result: KpiResult };

/** KPI-16: one group per value the practice's cases carry, in the order of the values. */
export function byReferral(
  source: ReportSource,
  filter: ReportFilter,
  kpi: Kpi,
  dimension: ReferralDimension,
): ReferralGroup[] {
  const keys = new Set<string>();
  for (const c of source.cases) {
    const key = dimension === 'source' ? c.referral?.kind : c.referral?.referrerId;
    if (key !== undefined) keys.add(key);
  }
  return [...keys].sort().map((key) => ({
    key,
    result: kpi(
      source,
      dimension === 'source'
        ? { ...filter, referralSource: key as NonNullable<ReportFilter['referralSource']> }
        : { ...filter, referralPartnerId: key },
    ),
  }));
}
