/**
 * The facts the readiness checks (`readiness.ts`, READY-1 … READY-3) need about one appointment,
 * put together from the documents a screen has open: the patient's chart and insurance, the
 * family's contracts and ledger, and the patient's visits on the book. Plain functions over plain
 * records.
 */
import type { Appointment, AppointmentType, OrthoStage } from './schedule.schema.ts';
import type { Case } from '../pipeline/case.schema.ts';
import type { ChartData } from '../pipeline/chart-doc.ts';
import type { Contract } from '../billing/contract.schema.ts';
import type { LedgerEntry } from '../billing/ledger.schema.ts';
import { currentVerification, type InsuranceData } from '../insurance/insurance-doc.ts';
import { localDateOf } from '../core/calendar.ts';
import type { LabData } from '../records/lab-orders-doc.ts';
import { labStatusFor } from '../records/lab-status.ts';
import {
  downPaymentReceivedCents,
  readinessChecks,
  type ConsentState,
  type LabOrderStatus,
  type ReadinessCheck,
  type ReadinessFacts,
} from './readiness.ts';

export type ReadinessSources = {
  today: string;
  familyId?: string;
  chart: Pick<ChartData, 'cases'> | null;
  insurance: InsuranceData | null;
  /** The family's contracts and every entry of its account (posted entries and computed charges). */
  contracts: readonly Contract[];
  accountEntries: readonly LedgerEntry[];
  /** The patient's visits on the book (any loaded month), with their types. */
  visits: readonly Appointment[];
  types: ReadonlyMap<string, AppointmentType>;
  timeZone: string;
  staleDays?: number;
  /** The case's informed consent (READY-101); absent counts as not signed. */
  consentOf?: (theCase: Pick<Case, 'id' | 'acceptedOptionId'>) => ConsentState;
  /** The chart's lab orders and steps: the visit waits for its case's order (LAB-3). */
  labOrders?: Pick<LabData, 'orders' | 'steps'>;
};

/** The readiness checks of an appointment: what is missing before the visit, and where to fix it. */
export function appointmentReadiness(
  appointment: Appointment,
  appointmentOn: string,
  sources: ReadinessSources,
): ReadinessCheck[] {
  const stage = sources.types.get(appointment.typeId)?.stage;
  if (!stage) return [];
  const cases = sources.chart?.cases ?? [];
  const theCase =
    cases.find((c) => c.id === appointment.caseId) ??
    cases.find((c) => ['accepted', 'started'].includes(c.status)) ??
    null;
  return readinessChecks(
    stage,
    appointmentOn,
    factsOf(theCase, appointment.patientId, appointmentOn, sources, stage),
  );
}

/**
 * CONTRACT-107: the checks before a case starts treatment, wherever it is started: those of the
 * visit that starts it (an aligner start for an aligner case, a bonding otherwise) on the start day.
 */
export function caseStartReadiness(
  theCase: Pick<Case, 'id' | 'type' | 'status'>,
  patientId: string,
  startDate: string,
  sources: ReadinessSources,
): ReadinessCheck[] {
  const stage: OrthoStage = theCase.type === 'aligners' ? 'aligner-start' : 'bonding';
  return readinessChecks(stage, startDate, factsOf(theCase, patientId, startDate, sources, stage));
}

/** LAB-3: the order the visit waits for: aligners for an aligner start, retainers for a delivery. */
function labOf(
  theCase: Pick<Case, 'id'> | null,
  stage: OrthoStage,
  sources: ReadinessSources,
): LabOrderStatus | null {
  if (!theCase || !sources.labOrders) return null;
  const need = stage === 'retainer-delivery' ? 'retainers' : 'aligners';
  return labStatusFor(sources.labOrders.orders, sources.labOrders.steps, theCase.id, need);
}

function factsOf(
  theCase: Pick<Case, 'id' | 'type' | 'status'> | null,
  patientId: string,
  on: string,
  sources: ReadinessSources,
  stage: OrthoStage,
): ReadinessFacts {
  const insurance = sources.insurance;
  const stageOf = (a: Appointment) => sources.types.get(a.typeId)?.stage;
  const records = sources.visits.filter((a) => stageOf(a) === 'records');
  const taken = records
    .filter((a) => a.status === 'completed')
    .map((a) => localDateOf(a.start, sources.timeZone))
    .filter((day) => day <= on);
  const booked = records
    .filter((a) => a.status === 'scheduled' || a.status === 'confirmed')
    .map((a) => localDateOf(a.start, sources.timeZone));
  return {
    today: sources.today,
    patientId,
    ...(sources.familyId ? { familyId: sources.familyId } : {}),
    case: theCase ? { id: theCase.id, type: theCase.type, status: theCase.status } : null,
    contracts: sources.contracts.map((c) => ({
      id: c.id,
      caseId: c.caseId,
      status: c.status,
      terms: { downPaymentCents: c.terms.downPaymentCents },
      downPaymentReceivedCents: downPaymentReceivedCents(c, sources.accountEntries, sources.today),
    })),
    policies: (insurance?.policies ?? []).map((p) => ({
      ...p,
      // A plan that says so, or a pre-authorization already asked for this case, must be approved first.
      preauthRequired:
        currentVerification(insurance!, p.id)?.preauthRequired === true ||
        (insurance?.preauths ?? []).some((a) => a.policyId === p.id && a.caseId === theCase?.id),
    })),
    verifications: (policyId: string) => (insurance ? currentVerification(insurance, policyId) : null),
    preauths: insurance?.preauths ?? [],
    records: { takenOn: taken.sort().at(-1), bookedOn: booked.sort()[0] },
    lab: labOf(theCase, stage, sources),
    ...(theCase && sources.consentOf ? { consent: sources.consentOf(theCase) } : {}),
    ...(sources.staleDays ? { staleDays: sources.staleDays } : {}),
  };
}
