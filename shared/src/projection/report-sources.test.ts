import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { collectionMap } from '../documents/collection.ts';
import { CASES, openCase } from '../pipeline/chart-doc.ts';
import { reportSourceOf } from '../reports/report-source.ts';
import { reportInputOf } from '../reports/report-screen.ts';
import { userContext } from '../test-support/fixtures.ts';
import { reportChartsSource, reportMoneySource } from './report-sources.ts';

const PATIENT = 'pat_sofia0000000000';
const CONTEXT = { today: '2026-11-25', paymentSettings: {} };
const ctx = userContext();

describe('the report sources', () => {
  it('KPI-2: a chart’s cases and status moves reach the report, and a broken case is carried to be listed, not dropped', () => {
    const doc = new Y.Doc();
    const opened = openCase(doc, ctx, { patientId: PATIENT, type: 'comprehensive' });
    if (!opened.ok) throw new Error('not opened');
    // A device of another version wrote a status this one does not know.
    collectionMap(doc, CASES).set('cas_broken000000000', new Y.Map<unknown>([['status', 'maybe']]));
    const chart = reportChartsSource.project([doc], PATIENT, CONTEXT)!;
    const source = reportSourceOf(
      reportInputOf({
        timeZone: 'America/Chicago',
        patients: [],
        charts: [chart],
        money: [],
        appointments: [],
        appointmentTypes: [],
      }),
    );
    expect(source.cases.map((c) => c.id)).toEqual([opened.value.id]);
    expect(source.movesByCase.get(opened.value.id)).toHaveLength(1);
    expect(source.excluded.map((e) => [e.kind, e.id])).toEqual([['case', 'cas_broken000000000']]);
  });

  it('a patient without cases and a family without contracts or entries give no value', () => {
    expect(reportChartsSource.project([new Y.Doc()], PATIENT, CONTEXT)).toBeNull();
    expect(reportMoneySource.project([new Y.Doc(), new Y.Doc()], 'fam_x', CONTEXT)).toBeNull();
  });
});
