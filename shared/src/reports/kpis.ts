/** Every KPI by its id: what a report screen, a trend or a grouping calls. */
import type { KpiId } from './kpi-definitions.ts';
import type { KpiResult } from './kpi-result.ts';
import type { ReportFilter } from './report-filter.ts';
import type { ReportSource } from './report-source.ts';
import {
  caseAcceptance,
  conversionWithin45Days,
  declineReasons,
  examsBooked,
  examsKept,
  newPatientInquiries,
  observationPool,
  pendingCount,
  pendingValue,
  sameDayStarts,
} from './pipeline-kpis.ts';
import {
  averageContractValue,
  averageDownPayment,
  collections,
  collectionsOverProduction,
  payInFullShare,
  production,
} from './money-kpis.ts';
import {
  cancellationRate,
  debonds,
  inTreatmentNothingBooked,
  noShowRate,
  pastEstimatedCompletion,
  starts,
} from './schedule-kpis.ts';

export type Kpi = (source: ReportSource, filter: ReportFilter) => KpiResult;

export const KPIS: Record<KpiId, Kpi> = {
  'KPI-4': newPatientInquiries,
  'KPI-5': examsBooked,
  'KPI-6': examsKept,
  'KPI-7': (s, f) => caseAcceptance(s, f, 'new-patient'),
  'KPI-8': (s, f) => caseAcceptance(s, f, 'phase-2'),
  'KPI-9': (s, f) => caseAcceptance(s, f, 'observation-recall'),
  'KPI-10': conversionWithin45Days,
  'KPI-11': sameDayStarts,
  'KPI-12': pendingCount,
  'KPI-13': pendingValue,
  'KPI-14': observationPool,
  'KPI-15': declineReasons,
  'KPI-17': averageContractValue,
  'KPI-18': payInFullShare,
  'KPI-19': averageDownPayment,
  'KPI-20': production,
  'KPI-21': collections,
  'KPI-22': collectionsOverProduction,
  'KPI-23': noShowRate,
  'KPI-24': cancellationRate,
  'KPI-25': starts,
  'KPI-26': debonds,
  'KPI-27': pastEstimatedCompletion,
  'KPI-28': inTreatmentNothingBooked,
};
