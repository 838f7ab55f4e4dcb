/**
 * The insurance source: a patient's `InsuranceSummary` (policies and their last verification,
 * unpaid claims due soon, open pre-authorizations) for the insurance worklists and insurance A/R.
 */
import { insuranceDocName } from '../documents/doc-names.ts';
import { readInsurance } from '../insurance/insurance-doc.ts';
import { insuranceSummaryOf, type InsuranceSummary } from '../insurance/insurance-summary.ts';
import type { ProjectionSource } from './projection-source.ts';

export const insuranceSource: ProjectionSource<InsuranceSummary> = {
  name: 'insurance',
  kinds: ['insurance'],
  docsOf: (practiceId, patientId) => [insuranceDocName(practiceId, patientId)],
  project: ([doc], patientId, context) => insuranceSummaryOf(patientId, readInsurance(doc!), context.today),
  // Which claims are kept depends on today (a horizon of a few weeks ahead).
  contextKey: (context) => context.today,
  storage: { kind: 'shards', count: 8 },
};
