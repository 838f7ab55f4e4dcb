/**
 * The records a report reads (KPI-2): the same records the app keeps in its documents (patients,
 * cases with their status events and options, appointments and their types, contracts, ledger
 * entries), each checked against its own schema once, here. A record that fails is left out of
 * every figure and listed with the reason, never counted and never thrown: a report must open
 * even when one device wrote something a newer version no longer accepts.
 */
import type { z } from 'zod';
import { localDateOf } from '../core/calendar.ts';
import { groupBy } from '../core/group-by.ts';
import { Patient } from '../patients/patient.schema.ts';
import { Case, CaseEvent, TreatmentOption } from '../pipeline/case.schema.ts';
import { Appointment, AppointmentType, type OrthoStage } from '../schedule/schedule.schema.ts';
import { Contract, type ContractStatus } from '../billing/contract.schema.ts';
import { LedgerEntry } from '../billing/ledger.schema.ts';

export type ReportRecordKind =
  | 'patient'
  | 'case'
  | 'case-event'
  | 'treatment-option'
  | 'appointment'
  | 'appointment-type'
  | 'contract'
  | 'ledger-entry';

/** A record left out of the figures, and why (the first problem its schema found). */
export type Excluded = { kind: ReportRecordKind; id: string | null; reason: string };

/** What the app hands a report: records as stored, not yet trusted. */
export type ReportInput = {
  /** The practice's time zone: periods are calendar days there (KPI-1). */
  timeZone: string;
  patients: readonly unknown[];
  cases: readonly unknown[];
  caseEvents: readonly unknown[];
  treatmentOptions: readonly unknown[];
  appointments: readonly unknown[];
  appointmentTypes: readonly unknown[];
  contracts: readonly unknown[];
  ledgerEntries: readonly unknown[];
};

/**
 * The fields of an appointment the KPIs read: the projection's rows (`AppointmentRow`) carry
 * exactly these, so a report reads the book from the projection without opening its documents.
 * A full stored appointment passes too (the extra fields are kept, not read).
 */
export const ReportAppointment = Appointment.pick({
  id: true,
  patientId: true,
  locationId: true,
  chairId: true,
  providerId: true,
  typeId: true,
  caseId: true,
  start: true,
  minutes: true,
  status: true,
  rebookOf: true,
  rebookedAs: true,
  createdAt: true,
});
export type ReportAppointment = z.infer<typeof ReportAppointment>;

/** An appointment with the stage of its type, which is what the KPIs key on. */
export type StagedAppointment = ReportAppointment & { stage: OrthoStage };

export type ReportSource = {
  timeZone: string;
  patients: ReadonlyMap<string, Patient>;
  cases: readonly Case[];
  casesById: ReadonlyMap<string, Case>;
  /** Status moves only (visit notes left out), per case, oldest first. */
  movesByCase: ReadonlyMap<string, readonly CaseEvent[]>;
  options: readonly TreatmentOption[];
  appointments: readonly StagedAppointment[];
  appointmentsByCase: ReadonlyMap<string, readonly StagedAppointment[]>;
  contracts: readonly Contract[];
  contractsById: ReadonlyMap<string, Contract>;
  contractsByCase: ReadonlyMap<string, readonly Contract[]>;
  ledger: readonly LedgerEntry[];
  ledgerById: ReadonlyMap<string, LedgerEntry>;
  excluded: readonly Excluded[];
  /** The local day of an instant in the practice's zone. */
  dayOf(iso: string): string;
};

/** The order excluded records are listed in: the order of the record kinds above. */
const KIND_ORDER: readonly ReportRecordKind[] = [
  'patient',
  'case',
  'case-event',
  'treatment-option',
  'appointment-type',
  'appointment',
  'contract',
  'ledger-entry',
];

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function reasonOf(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Not a valid record';
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

function idOf(raw: unknown): string | null {
  const id = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : null;
}

function valid<S extends z.ZodType>(
  schema: S,
  kind: ReportRecordKind,
  raws: readonly unknown[],
  excluded: Excluded[],
): z.infer<S>[] {
  const out: z.infer<S>[] = [];
  for (const raw of raws) {
    const parsed = schema.safeParse(raw);
    if (parsed.success) out.push(parsed.data);
    else excluded.push({ kind, id: idOf(raw), reason: reasonOf(parsed.error) });
  }
  return out;
}

/** KPI-2: checks every record once and indexes what passed. */
export function reportSourceOf(input: ReportInput): ReportSource {
  const excluded: Excluded[] = [];
  const patients = valid(Patient, 'patient', input.patients, excluded);
  const cases = valid(Case, 'case', input.cases, excluded);
  const events = valid(CaseEvent, 'case-event', input.caseEvents, excluded);
  const options = valid(TreatmentOption, 'treatment-option', input.treatmentOptions, excluded);
  const types = valid(AppointmentType, 'appointment-type', input.appointmentTypes, excluded);
  const stageOf = new Map(types.map((t) => [t.id, t.stage]));
  const appointments: StagedAppointment[] = [];
  for (const a of valid(ReportAppointment, 'appointment', input.appointments, excluded)) {
    const stage = stageOf.get(a.typeId);
    // Without its type the visit's kind is unknown: counting it as an exam or a debond would be a guess.
    if (stage === undefined)
      excluded.push({ kind: 'appointment', id: a.id, reason: 'Unknown appointment type' });
    else appointments.push({ ...a, stage });
  }
  const contracts = valid(Contract, 'contract', input.contracts, excluded);
  const ledger = valid(LedgerEntry, 'ledger-entry', input.ledgerEntries, excluded);
  // KPI-3: the same records give the same list whatever order a device read them in.
  excluded.sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      compareText(a.id ?? '', b.id ?? '') ||
      compareText(a.reason, b.reason),
  );
  const moves = events
    .filter((e) => !e.visit)
    .sort((a, b) => compareText(a.at, b.at) || compareText(a.id, b.id));
  const timeZone = input.timeZone;
  return {
    timeZone,
    patients: new Map(patients.map((p) => [p.id, p])),
    cases,
    casesById: new Map(cases.map((c) => [c.id, c])),
    movesByCase: groupBy(moves, (e) => e.caseId),
    options,
    appointments,
    appointmentsByCase: groupBy(appointments, (a) => a.caseId),
    contracts,
    contractsById: new Map(contracts.map((c) => [c.id, c])),
    contractsByCase: groupBy(contracts, (c) => c.caseId),
    ledger,
    ledgerById: new Map(ledger.map((e) => [e.id, e])),
    excluded,
    dayOf: (iso) => localDateOf(iso, timeZone),
  };
}

/** KPI-2: the excluded records of the kinds a KPI reads. */
export function excludedOf(source: ReportSource, kinds: readonly ReportRecordKind[]): Excluded[] {
  return source.excluded.filter((e) => kinds.includes(e.kind));
}

/** A proposal is not an agreement, and a cancelled contract was never carried out (KPI-11, KPI-17…KPI-20). */
const AGREED: ReadonlySet<ContractStatus> = new Set(['signed', 'active', 'completed', 'transferred']);

export function isAgreed(contract: Pick<Contract, 'status'>): boolean {
  return AGREED.has(contract.status);
}
