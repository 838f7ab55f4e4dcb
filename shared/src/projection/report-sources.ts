/**
 * The report sources: the records the KPIs read (docs/spec/reports.md, KPI-2), practice-wide, so
 * the reports screen counts from the projection and never opens every chart or account:
 * - `report-charts`, per patient: the chart's cases, status moves and treatment options;
 * - `report-money`, per family: the account's contracts and ledger entries.
 * Records that fail their schema are carried as stored (`raw`), not dropped: the report checks
 * every record again and lists the ones it leaves out, so a figure never silently skips one.
 * Appointments come from the appointments source's rows (`ReportAppointment` reads exactly those).
 */
import { chartDocName, contractsDocName, ledgerDocName } from '../documents/doc-names.ts';
import { readAll, type CollectionSpec, type NeedsAttention } from '../documents/collection.ts';
import { CASES, CASE_EVENTS, OPTIONS } from '../pipeline/chart-doc.ts';
import { CONTRACTS } from '../billing/contracts-doc.ts';
import { LEDGER_ENTRIES } from '../billing/ledger-doc.ts';
import type * as Y from 'yjs';
import type { ProjectionSource } from './projection-source.ts';

/** A patient's chart records as a report reads them (valid records and the raw invalid ones). */
export type ReportChart = { cases: unknown[]; caseEvents: unknown[]; treatmentOptions: unknown[] };

/** A family's money records as a report reads them. */
export type ReportMoney = { contracts: unknown[]; ledgerEntries: unknown[] };

/** A stored record that failed its schema, as stored, with its id. */
const rawOf = (bad: NeedsAttention): unknown => ({ ...bad.raw, id: bad.id });

type Stored = Record<string, unknown>;

function recordsOf(doc: Y.Doc, spec: CollectionSpec, keep: (r: Stored) => boolean = () => true): unknown[] {
  const read = readAll(doc, spec);
  return [...(read.records as Stored[]).filter(keep), ...read.needsAttention.map(rawOf)];
}

export const reportChartsSource: ProjectionSource<ReportChart> = {
  name: 'report-charts',
  kinds: ['chart'],
  docsOf: (practiceId, patientId) => [chartDocName(practiceId, patientId)],
  project([chart]) {
    const cases = recordsOf(chart!, CASES);
    if (cases.length === 0) return null;
    return {
      cases,
      // Visit notes are not status moves: no KPI reads them (KPI-2), so they are not kept.
      caseEvents: recordsOf(chart!, CASE_EVENTS, (e) => !e.visit),
      treatmentOptions: recordsOf(chart!, OPTIONS),
    };
  },
  storage: { kind: 'shards', count: 8 },
};

export const reportMoneySource: ProjectionSource<ReportMoney> = {
  name: 'report-money',
  kinds: ['contracts', 'ledger'],
  docsOf: (practiceId, familyId) => [
    contractsDocName(practiceId, familyId),
    ledgerDocName(practiceId, familyId),
  ],
  project([contractsDoc, ledgerDoc]) {
    const contracts = recordsOf(contractsDoc!, CONTRACTS);
    const ledgerEntries = recordsOf(ledgerDoc!, LEDGER_ENTRIES);
    if (contracts.length === 0 && ledgerEntries.length === 0) return null;
    return { contracts, ledgerEntries };
  },
  storage: { kind: 'shards', count: 8 },
};
