/**
 * The pipeline source: a patient's followed cases as `PipelineItem`s (pending board, Today,
 * follow-ups, referrals), from the patient's chart and comms documents.
 */
import { chartDocName, commsDocName } from '../documents/doc-names.ts';
import { readChart } from '../pipeline/chart-doc.ts';
import { readComms } from '../comms/comms-doc.ts';
import { pipelineItemsOf, type PipelineItem } from '../pipeline/pipeline.ts';
import type { ProjectionSource } from './projection-source.ts';

export const casesSource: ProjectionSource<PipelineItem[]> = {
  name: 'cases',
  kinds: ['chart', 'comms'],
  docsOf: (practiceId, patientId) => [
    chartDocName(practiceId, patientId),
    commsDocName(practiceId, patientId),
  ],
  project([chart, comms]) {
    const items = pipelineItemsOf(readChart(chart!), readComms(comms!));
    return items.length > 0 ? items : null;
  },
  storage: { kind: 'shards', count: 8 },
};
