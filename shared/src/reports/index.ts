/**
 * Reports and KPIs (docs/spec/reports.md, KPI-1…KPI-29): pure figures over the practice's records,
 * each with the records behind it and the records it had to leave out.
 */
export * from './report-source.ts';
export * from './report-filter.ts';
export * from './case-timeline.ts';
export * from './kpi-definitions.ts';
export * from './kpi-result.ts';
export * from './pipeline-kpis.ts';
export * from './money-kpis.ts';
export * from './schedule-kpis.ts';
export * from './kpis.ts';
export * from './referral-groups.ts';
export * from './trends.ts';
export * from './report-screen.ts';
