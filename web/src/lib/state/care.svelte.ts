/**
 * One patient's care documents, live while their page is open: the chart (cases, options,
 * signatures), the comms document (log, follow-up tasks) and insurance. Reads are plain records;
 * writes are the shared command tables and workflows (moving a case keeps its follow-up tasks in
 * step: pipeline/follow-ups.workflow.ts; a start fixes the insurer schedules:
 * insurance/insurer-schedules.workflow.ts), run with permission, origin, undo scope and audit.
 */
import type * as Y from 'yjs';
import {
  CHART_COMMANDS,
  CHART_DOC_COLLECTIONS,
  RECORDS_COMMANDS,
  LAB_DOC_COLLECTIONS,
  readLabOrders,
  readMedicalAlerts,
  MEDICAL_ALERTS,
  type MedicalAlert,
  type LabData,
  COMMS_COMMANDS,
  COMMS_DOC_COLLECTIONS,
  INSURANCE_COMMANDS,
  INSURANCE_DOC_COLLECTIONS,
  bindCommands,
  cadenceOf,
  chartDocName,
  commsDocName,
  completeFollowUp,
  fixInsurerSchedulesAtStart,
  insuranceDocName,
  moveCase,
  observeCollection,
  openCaseWithFollowUps,
  readChart,
  readComms,
  readInsurance,
  reestimateAfterCoverageChange,
  type ChartData,
  type CommInput,
  type Commands,
  type CommsData,
  type InsuranceData,
  type LiveDoc,
  type NewCaseInput,
  type StatusChange,
  type SyncClient,
} from '@aligned/shared';
import type { PracticeState } from './practice.svelte.ts';

export type CareDeps = {
  sync: SyncClient;
  practiceId: string;
  /** Runs the care documents' commands (permission, origin, undo scope, audit). */
  commands: Commands;
  practice: () => PracticeState | null;
  today: () => string;
  /** The patient's date of birth (insurance age limits). */
  dateOfBirth: () => string | undefined;
  /** Treatment started: the family's signed contract for the case is locked (another document). */
  caseStarted?: (caseId: string, startDate: string) => void;
  /**
   * Insurance now expects `movedToPatientCents` less for a started case: the family's contract is
   * amended from the change date. Resolves to what happened, in words for the coordinator.
   */
  coverageChanged?: (
    caseId: string,
    movedToPatientCents: number,
    changeDate: string,
  ) => Promise<string | null>;
};

const EMPTY_CHART: ChartData = { cases: [], events: [], options: [], signatures: [], needsAttention: [] };
const EMPTY_COMMS: CommsData = { entries: [], tasks: [], needsAttention: [] };
const EMPTY_INSURANCE: InsuranceData = {
  policies: [],
  verifications: [],
  preauths: [],
  schedules: [],
  claimEvents: [],
  needsAttention: [],
};

export class PatientCareState {
  readonly patientId: string;
  chart = $state.raw<ChartData>(EMPTY_CHART);
  /** The chart's lab orders and their steps (LAB-1..3), for readiness and the records screen. */
  lab = $state.raw<LabData>({ orders: [], steps: [], needsAttention: [] });
  /** Allergies, premedication and conditions (REC-6), allergies first. */
  alerts = $state.raw<MedicalAlert[]>([]);
  comms = $state.raw<CommsData>(EMPTY_COMMS);
  insurance = $state.raw<InsuranceData>(EMPTY_INSURANCE);
  ready = $state(false);
  #deps: CareDeps;
  #commands: Commands;
  #chartLive: LiveDoc | null = null;
  #commsLive: LiveDoc | null = null;
  #insuranceLive: LiveDoc | null = null;
  #stop: (() => void)[] = [];
  #closed = false;

  constructor(patientId: string, deps: CareDeps) {
    this.patientId = patientId;
    this.#deps = deps;
    this.#commands = deps.commands.forPatient(patientId);
  }

  async open(): Promise<void> {
    const { sync, practiceId } = this.#deps;
    const [chart, comms, insurance] = await Promise.all([
      sync.open(chartDocName(practiceId, this.patientId)),
      sync.open(commsDocName(practiceId, this.patientId)),
      sync.open(insuranceDocName(practiceId, this.patientId)),
    ]);
    if (this.#closed) {
      chart.release();
      comms.release();
      insurance.release();
      return;
    }
    this.#chartLive = chart;
    this.#commsLive = comms;
    this.#insuranceLive = insurance;
    this.chart = readChart(chart.doc);
    this.lab = readLabOrders(chart.doc);
    this.alerts = readMedicalAlerts(chart.doc);
    this.comms = readComms(comms.doc);
    this.insurance = readInsurance(insurance.doc);
    for (const spec of INSURANCE_DOC_COLLECTIONS) {
      this.#stop.push(
        observeCollection(insurance.doc, spec, () => (this.insurance = readInsurance(insurance.doc))),
      );
    }
    for (const spec of CHART_DOC_COLLECTIONS) {
      this.#stop.push(observeCollection(chart.doc, spec, () => (this.chart = readChart(chart.doc))));
    }
    for (const spec of LAB_DOC_COLLECTIONS) {
      this.#stop.push(observeCollection(chart.doc, spec, () => (this.lab = readLabOrders(chart.doc))));
    }
    this.#stop.push(
      observeCollection(chart.doc, MEDICAL_ALERTS, () => (this.alerts = readMedicalAlerts(chart.doc))),
    );
    for (const spec of COMMS_DOC_COLLECTIONS) {
      this.#stop.push(observeCollection(comms.doc, spec, () => (this.comms = readComms(comms.doc))));
    }
    this.ready = true;
  }

  close(): void {
    this.#closed = true;
    for (const stop of this.#stop.splice(0)) stop();
    this.#chartLive?.release();
    this.#commsLive?.release();
    this.#insuranceLive?.release();
    this.#chartLive = this.#commsLive = this.#insuranceLive = null;
  }

  get #docs(): { chart: Y.Doc; comms: Y.Doc; insurance: Y.Doc } {
    if (!this.#chartLive || !this.#commsLive || !this.#insuranceLive)
      throw new Error("The patient's care documents are not open yet");
    return { chart: this.#chartLive.doc, comms: this.#commsLive.doc, insurance: this.#insuranceLive.doc };
  }

  get #settings() {
    const practice = this.#deps.practice();
    return {
      cadence: cadenceOf(practice?.practice ?? null),
      today: this.#deps.today(),
      timeZone: practice?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    };
  }

  #chart = bindCommands(
    () => this.#commands,
    CHART_COMMANDS,
    () => this.#docs.chart,
  );
  #records = bindCommands(
    () => this.#commands,
    RECORDS_COMMANDS,
    () => this.#docs.chart,
  );
  #comms = bindCommands(
    () => this.#commands,
    COMMS_COMMANDS,
    () => this.#docs.comms,
  );
  #insurance = bindCommands(
    () => this.#commands,
    INSURANCE_COMMANDS,
    () => this.#docs.insurance,
  );

  /** Opens a case with its first task. */
  openCase = (input: NewCaseInput) =>
    openCaseWithFollowUps(this.#commands, this.#docs, input, this.#settings);

  /** Moves a case with its tasks; a start fixes the insurer schedules and locks the contract. */
  changeStatus = (caseId: string, change: StatusChange & { startDate?: string }) =>
    moveCase(this.#commands, this.#docs, caseId, change, this.#settings, (id, startDate) => {
      fixInsurerSchedulesAtStart(this.#commands, this.#docs, id, startDate, this.#deps.dateOfBirth());
      this.#deps.caseStarted?.(id, startDate);
    });

  /** Re-estimates a started case after a coverage change; the contract follows (`coverageChanged`). */
  reestimateCoverage(caseId: string, changeDate: string) {
    const result = reestimateAfterCoverageChange(
      this.#commands,
      this.#docs,
      caseId,
      changeDate,
      this.#deps.dateOfBirth(),
    );
    if (!result.ok) return result;
    const contract =
      this.#deps.coverageChanged?.(caseId, result.value.movedToPatientCents, changeDate) ??
      Promise.resolve(null);
    return { ...result, contract };
  }

  /** Completes a task, logging the contact, and plans the next follow-up from the practice's cadence. */
  completeTask = (id: string, log?: CommInput) =>
    completeFollowUp(this.#commands, this.#docs, id, log, this.#settings);

  updateCase = this.#chart.updateCase;
  addOption = this.#chart.addOption;
  updateOption = this.#chart.updateOption;
  removeOption = this.#chart.removeOption;
  addSignature = this.#chart.addSignature;
  placeLabOrder = this.#records.placeLabOrder;
  recordLabStep = this.#records.recordLabStep;
  addMedicalAlert = this.#records.addMedicalAlert;
  removeMedicalAlert = this.#records.removeMedicalAlert;

  log = this.#comms.log;
  addTask = this.#comms.addTask;
  rescheduleTask = this.#comms.rescheduleTask;

  addPolicy = this.#insurance.addPolicy;
  updatePolicy = this.#insurance.updatePolicy;
  recordVerification = this.#insurance.recordVerification;
  addPreauth = this.#insurance.addPreauth;
  updatePreauth = this.#insurance.updatePreauth;
  recordClaimEvent = this.#insurance.recordClaimEvent;
  recordInsurerSchedule = this.#insurance.recordInsurerSchedule;
}
