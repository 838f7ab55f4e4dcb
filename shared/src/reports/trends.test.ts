// KPI-29: a KPI month by month for the 24 months up to a day.
import { describe, expect, it } from 'vitest';
import { reportSourceOf } from './report-source.ts';
import { KPIS } from './kpis.ts';
import { monthlyTrend, trendPeriods } from './trends.ts';
import { practice } from './report-test-fixtures.ts';

describe('monthly trends', () => {
  it('KPI-29: the 24 months end with the month of the day, which ends on that day', () => {
    const periods = trendPeriods('2026-01-20');
    expect(periods).toHaveLength(24);
    expect(periods[0]).toEqual({ month: '2024-02', period: { from: '2024-02-01', to: '2024-02-29' } });
    expect(periods[22]).toEqual({ month: '2025-12', period: { from: '2025-12-01', to: '2025-12-31' } });
    expect(periods[23]).toEqual({ month: '2026-01', period: { from: '2026-01-01', to: '2026-01-20' } });
  });

  it('KPI-29: new-patient inquiries per month are each month’s own figure', () => {
    // Opened (not Phase II), by local month: Hal 2025-02, Fay 2025-06, Kai 2025-12-15 and Cal
    // (23:00 on 2025-12-31 local) in December, Ava, Ben, Dee, Gus in January. Ivy (2023-12) and
    // Jo (2023-06) are older than the 24 months; every other month is 0.
    const trend = monthlyTrend(reportSourceOf(practice), {}, KPIS['KPI-4'], '2026-01-31');
    const nonZero = trend.filter((p) => p.result.members.length > 0).map((p) => [p.month, p.result.members]);
    expect(nonZero).toEqual([
      ['2025-02', ['cas_hal00000']],
      ['2025-06', ['cas_fay00000']],
      ['2025-12', ['cas_cal00000', 'cas_kai00000']],
      ['2026-01', ['cas_ava00000', 'cas_ben00000', 'cas_dee00000', 'cas_gus00000']],
    ]);
    expect(trend.every((p) => p.result.id === 'KPI-4')).toBe(true);
  });

  it('KPI-29: a trend keeps its filters in every month (north: only Dee and Gus, in January)', () => {
    const trend = monthlyTrend(
      reportSourceOf(practice),
      { locationIds: ['loc_north000'] },
      KPIS['KPI-4'],
      '2026-01-31',
    );
    expect(trend.flatMap((p) => p.result.members)).toEqual(['cas_dee00000', 'cas_gus00000']);
  });
});
