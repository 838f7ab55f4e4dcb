/**
 * The book drives the case (BOOK-101…BOOK-106) from the screens that change visits: the case a new
 * visit joins, and what a booked, moved, confirmed, attended, missed or cancelled visit does to
 * its case, written in the patient's chart and comms documents (opened for the change, released
 * after). What the signed-in person may write in the chart is the relay's rule, mirrored.
 */
import {
  FOLLOW_VISIT,
  caseForVisit,
  cadenceOf,
  chartDocName,
  commsDocName,
  linkedVisitOf,
  localDateOf,
  readChart,
  type Appointment,
  type LinkedVisit,
  type VisitCaseOutcome,
  type VisitHappening,
} from '@aligned/shared';
import type { AppState } from './app.svelte.ts';

async function openCaseDocs(app: AppState, patientId: string) {
  const sync = app.sync!;
  const practiceId = app.session!.practiceId;
  const [chart, comms] = await Promise.all([
    sync.open(chartDocName(practiceId, patientId)),
    sync.open(commsDocName(practiceId, patientId)),
  ]);
  return { chart, comms, release: () => (chart.release(), comms.release()) };
}

/** BOOK-101: the case a new visit of this type for the patient joins, if any. */
export async function caseForBooking(
  app: AppState,
  patientId: string,
  typeId: string,
): Promise<string | undefined> {
  const stage = app.practice?.stageOf(typeId);
  if (!app.sync || !app.session || !stage || !app.canRead('chart')) return undefined;
  const docs = await openCaseDocs(app, patientId);
  try {
    return caseForVisit(stage, readChart(docs.chart.doc).cases) ?? undefined;
  } finally {
    docs.release();
  }
}

/**
 * BOOK-103…BOOK-106: after `appointment` changed (`what`), brings its case in line. `others` are the
 * appointments this screen has of the book (the patient's other visits decide, e.g., whether a
 * cancelled consult was the case's last). Null when the visit has no case.
 */
export async function followVisit(
  app: AppState,
  appointment: Appointment,
  what: VisitHappening,
  others: readonly Appointment[],
  reason?: string,
): Promise<VisitCaseOutcome | null> {
  if (!app.sync || !app.session || !appointment.caseId) return null;
  const stageOf = app.practice?.stageOf ?? (() => undefined);
  const stage = stageOf(appointment.typeId);
  if (!stage) return null;
  const tz = app.practice?.locationTimeZone(appointment.locationId) ?? app.practice?.timeZone ?? 'UTC';
  const visits: LinkedVisit[] = others
    .filter((a) => a.patientId === appointment.patientId)
    .flatMap((a) => {
      const s = stageOf(a.typeId);
      return s ? [linkedVisitOf(a, s)] : [];
    });
  const docs = await openCaseDocs(app, appointment.patientId);
  try {
    const result = app.commands.forPatient(appointment.patientId).workflow(
      FOLLOW_VISIT,
      { chart: docs.chart.doc, comms: docs.comms.doc },
      {
        visit: linkedVisitOf(appointment, stage),
        what,
        visits,
        visitOn: localDateOf(appointment.start, tz),
        ...(reason ? { reason } : {}),
      },
      { cadence: cadenceOf(app.practice?.practice ?? null), today: app.today() },
    );
    return result.ok ? result.value.outcome : null;
  } finally {
    docs.release();
  }
}
