import { describe, expect, it } from 'vitest';
import { upcomingVisitsFromBook } from './upcoming-visits.ts';
import type { OrthoStage } from '../schedule/schedule.schema.ts';

const STAGES: Record<string, OrthoStage> = {
  atp_exam: 'consult',
  atp_bond: 'bonding',
  atp_align: 'aligner-start',
  atp_adjust: 'adjustment',
};
const context = {
  today: '2026-12-07',
  stageOf: (typeId: string) => STAGES[typeId],
  dayOf: (row: { start: string }) => row.start.slice(0, 10),
};
const row = (patientId: string, typeId: string, start: string, status = 'scheduled' as const) => ({
  patientId,
  typeId,
  start,
  status,
  locationId: 'loc_main',
});

describe('upcomingVisitsFromBook', () => {
  it('VERIFY-101: consults and treatment starts booked from today on, per patient, from the book', () => {
    const visits = upcomingVisitsFromBook(
      [
        row('pat_a', 'atp_exam', '2026-12-09T16:00:00.000Z'),
        row('pat_a', 'atp_bond', '2027-01-12T15:00:00.000Z'),
        row('pat_b', 'atp_align', '2026-12-07T20:00:00.000Z'),
        // Not asking for benefits: an adjustment, a past consult, a cancelled start.
        row('pat_b', 'atp_adjust', '2026-12-10T15:00:00.000Z'),
        row('pat_c', 'atp_exam', '2026-12-01T15:00:00.000Z'),
        { ...row('pat_c', 'atp_bond', '2026-12-20T15:00:00.000Z'), status: 'cancelled' as const },
      ],
      context,
    );
    expect(Object.fromEntries(visits)).toEqual({
      pat_a: [
        { kind: 'consult', at: '2026-12-09' },
        { kind: 'start', at: '2027-01-12' },
      ],
      pat_b: [{ kind: 'start', at: '2026-12-07' }],
    });
  });

  it('PAT-102: a visit booked for a merged-away record counts for its survivor', () => {
    const visits = upcomingVisitsFromBook([row('pat_old', 'atp_exam', '2026-12-09T16:00:00.000Z')], {
      ...context,
      resolve: (id) => (id === 'pat_old' ? 'pat_new' : id),
    });
    expect([...visits.keys()]).toEqual(['pat_new']);
  });
});
