/**
 * The money KPIs (KPI-17…KPI-22): contracts signed, production and collections, in integer cents.
 * Averages and ratios are kept as whole numbers and rounded only when shown (KPI-3).
 */
import type { Contract } from '../billing/contract.schema.ts';
import { averageResult, centsResult, ratioResult, type KpiResult } from './kpi-result.ts';
import { startedInPeriod } from './pipeline-kpis.ts';
import { contractMatches, entryMatches, inPeriod, type ReportFilter } from './report-filter.ts';
import { excludedOf, isAgreed, type ReportRecordKind, type ReportSource } from './report-source.ts';

const CONTRACT_KINDS: readonly ReportRecordKind[] = [
  'patient',
  'case',
  'appointment',
  'appointment-type',
  'contract',
];
const PRODUCTION_KINDS: readonly ReportRecordKind[] = [...CONTRACT_KINDS, 'case-event'];
const COLLECTION_KINDS: readonly ReportRecordKind[] = [...CONTRACT_KINDS, 'ledger-entry'];

function signedInPeriod(source: ReportSource, filter: ReportFilter): Contract[] {
  return source.contracts.filter(
    (k) =>
      isAgreed(k) &&
      k.signedAt !== undefined &&
      inPeriod(source.dayOf(k.signedAt), filter.period) &&
      contractMatches(source, k, filter),
  );
}

/** KPI-17 */
export function averageContractValue(source: ReportSource, filter: ReportFilter): KpiResult {
  const amounts = signedInPeriod(source, filter).map((k) => ({ id: k.id, cents: k.terms.feeCents }));
  return averageResult('KPI-17', amounts, excludedOf(source, CONTRACT_KINDS));
}

/** KPI-18 */
export function payInFullShare(source: ReportSource, filter: ReportFilter): KpiResult {
  const signed = signedInPeriod(source, filter);
  return ratioResult(
    'KPI-18',
    signed.filter((k) => k.terms.payInFull).map((k) => k.id),
    signed.map((k) => k.id),
    excludedOf(source, CONTRACT_KINDS),
  );
}

/** KPI-19: a pay-in-full contract has no down payment to average. */
export function averageDownPayment(source: ReportSource, filter: ReportFilter): KpiResult {
  const amounts = signedInPeriod(source, filter)
    .filter((k) => !k.terms.payInFull)
    .map((k) => ({ id: k.id, cents: k.terms.downPaymentCents }));
  return averageResult('KPI-19', amounts, excludedOf(source, CONTRACT_KINDS));
}

/** KPI-20 */
export function production(source: ReportSource, filter: ReportFilter): KpiResult {
  const started = new Set(startedInPeriod(source, filter).map((s) => s.theCase.id));
  const amounts = [...started]
    .flatMap((caseId) => source.contractsByCase.get(caseId) ?? [])
    .filter(isAgreed)
    .map((k) => ({ id: k.id, cents: k.terms.feeCents }));
  return centsResult('KPI-20', amounts, excludedOf(source, PRODUCTION_KINDS));
}

/**
 * KPI-21: a reversal cancels its payment entirely (LEDGER-1), so it takes off the payment's own
 * amount, in the period the reversal is posted: a past month's collections never change.
 */
export function collections(source: ReportSource, filter: ReportFilter): KpiResult {
  const amounts: { id: string; cents: number }[] = [];
  for (const entry of source.ledger) {
    if (!inPeriod(entry.postedOn, filter.period)) continue;
    if (entry.kind === 'payment' && entryMatches(source, entry, filter)) {
      amounts.push({ id: entry.id, cents: entry.amountCents });
    } else if (entry.kind === 'reversal' && entry.reversesId !== undefined) {
      const target = source.ledgerById.get(entry.reversesId);
      if (target?.kind === 'payment' && entryMatches(source, target, filter))
        amounts.push({ id: entry.id, cents: -target.amountCents });
    }
  }
  return centsResult('KPI-21', amounts, excludedOf(source, COLLECTION_KINDS));
}

/** KPI-22: cents over cents; the members are the collections', the base production's. */
export function collectionsOverProduction(source: ReportSource, filter: ReportFilter): KpiResult {
  const collected = collections(source, filter);
  const produced = production(source, filter);
  const cents = (r: KpiResult) => (r.value.kind === 'cents' ? r.value.cents : 0);
  return {
    id: 'KPI-22',
    value: { kind: 'ratio', numerator: cents(collected), denominator: cents(produced) },
    members: collected.members,
    base: produced.members,
    excluded: excludedOf(source, [...COLLECTION_KINDS, 'case-event']),
  };
}
