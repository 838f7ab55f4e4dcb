/**
 * The reports screen's data (docs/spec/reports.md): the practice's records gathered from the
 * device projection (the report sources, the patient index, the book's rows of the weeks the
 * period reads), checked once per change of those records (KPI-2), and the cards and trend for
 * the chosen filters. Every figure is the shared code's (shared/src/reports); this module only
 * holds the choices and wires the live state in. Call from a component's script: the book's weeks
 * are held while it lives.
 */
import {
  appointmentsKey,
  can,
  bookWindowKeys,
  inquiryStartTrend,
  reportCards,
  reportInputOf,
  reportPeriodOf,
  reportSourceOf,
  reportWeeks,
  type CardGroup,
  type PeriodChoice,
  type ReportFilter,
  type ReportPeriod,
  type ReportSource,
  type TrendRow,
} from '@aligned/shared';
import type { AppState } from './app.svelte.ts';
import { myLocations } from './location-limits.ts';
import { heldWeekRows } from './book-window.svelte.ts';

export type ReportChoices = {
  period: PeriodChoice;
  from: string;
  to: string;
  /** One location, or '' for every location the person may see. */
  locationId: string;
};

export type ReportView = {
  readonly period: ReportPeriod | null;
  /** The locations the person may choose from (every active one for everyone-location staff). */
  readonly locations: { id: string; name: string }[];
  /** Whether the money figures are this person's to see (KPI-30). */
  readonly money: boolean;
  /** True once the book's weeks the period reads are in memory. */
  readonly loaded: boolean;
  readonly source: ReportSource;
  readonly cards: CardGroup[];
  readonly trend: TrendRow[];
};

export function reportView(app: AppState, choices: () => ReportChoices): ReportView {
  const period = $derived(reportPeriodOf(choices().period, app.today(), choices()));
  const scope = $derived(myLocations(app).locationIds);
  const locations = $derived(
    (app.practice?.activeLocations ?? [])
      .filter((l) => scope.length === 0 || scope.includes(l.id))
      .map((l) => ({ id: l.id, name: l.name })),
  );
  // The weeks the period's figures read (KPI-30), with the book window the app holds anyway.
  const keyList = $derived.by(() => {
    const ids = (app.practice?.activeLocations ?? []).map((l) => l.id);
    const keys = new Set(bookWindowKeys(ids, app.today()));
    if (period)
      for (const week of reportWeeks(period, app.today()))
        for (const id of ids) keys.add(appointmentsKey(id, week));
    return [...keys].sort().join(' ');
  });
  const weeks = heldWeekRows(app, () => keyList);
  const patients = $derived.by(() => {
    const index = app.patients?.patients;
    if (!index) return [];
    // Records that fail their schema go in too: the report lists them as left out (KPI-2).
    return [
      ...index.records.values(),
      ...[...index.needsAttention.values()].map((r) => ({ ...r.raw, id: r.id })),
    ];
  });
  const source = $derived(
    reportSourceOf(
      reportInputOf({
        timeZone: app.practice?.timeZone ?? 'UTC',
        patients,
        charts: app.projection?.reportCharts.values() ?? [],
        money: app.projection?.reportMoney.values() ?? [],
        appointments: weeks.rows,
        appointmentTypes: app.practice?.appointmentTypes ?? [],
      }),
    ),
  );
  const money = $derived(app.session ? can(app.session.user.role, 'view-money-reports') : false);
  const filterBase = $derived.by((): Omit<ReportFilter, 'period'> => {
    const id = choices().locationId;
    if (id) return { locationIds: [id] };
    return scope.length > 0 ? { locationIds: scope } : {};
  });
  const cards = $derived(period ? reportCards(source, { ...filterBase, period }, { money }) : []);
  const trend = $derived(inquiryStartTrend(source, filterBase, app.today()));
  return {
    get period() {
      return period;
    },
    get locations() {
      return locations;
    },
    get money() {
      return money;
    },
    get loaded() {
      return weeks.loaded;
    },
    get source() {
      return source;
    },
    get cards() {
      return cards;
    },
    get trend() {
      return trend;
    },
  };
}
