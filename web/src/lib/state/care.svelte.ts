/**
 * One patient's care documents, live while their page is open: the chart (cases, options,
 * signatures) and the comms document (log, follow-up tasks). Reads are plain records; writes
 * go through shared commands and are recorded in the audit trail. Follow-up tasks are kept in
 * step with case moves here (pipeline/follow-up-plan.ts decides which).
 */
import type * as Y from 'yjs';
import {
  CHART_DOC_COLLECTIONS,
  COMMS_DOC_COLLECTIONS,
  INSURANCE_DOC_COLLECTIONS,
  bracesFeeOf,
  estimateForOption,
  planCoverageChange,
  addPolicy,
  addPreauth,
  insuranceDocName,
  readInsurance,
  recordClaimEvent,
  recordInsurerSchedule,
  recordVerification,
  updatePolicy,
  updatePreauth,
  type ClaimEventInput,
  type InsuranceData,
  type InsurerScheduleInput,
  type POLICIES,
  type PREAUTHS,
  type PolicyInput,
  type PreauthInput,
  type VerificationInput,
  addOption,
  addSignature,
  addTask,
  cadenceOf,
  changeCaseStatus,
  chartDocName,
  commsDocName,
  completeTask,
  localDateInZone,
  logCommunication,
  nextTaskAfter,
  observeCollection,
  openCase,
  planTasksForStatus,
  readChart,
  readComms,
  removeOption,
  rescheduleTask,
  updateCase,
  updateOption,
  type AuditEntity,
  type CasePatch,
  type ChartData,
  type CommInput,
  type CommsData,
  type LiveDoc,
  type NewCaseInput,
  type OptionInput,
  type Patch,
  type Result,
  type StatusChange,
  type SyncClient,
  type TaskInput,
  type TASKS,
  type OPTIONS,
  type WriteContext,
  type WriteError,
} from '@aligned/shared';
import type { PracticeState } from './practice.svelte.ts';

export type CareWriteEvent = {
  action: 'create' | 'update' | 'delete';
  entity: AuditEntity;
  entityId: string;
  patientId: string;
  fields?: string[];
};

export type CareDeps = {
  sync: SyncClient;
  practiceId: string;
  context: () => WriteContext;
  practice: () => PracticeState | null;
  today: () => string;
  record: (event: CareWriteEvent) => void;
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
  comms = $state.raw<CommsData>(EMPTY_COMMS);
  insurance = $state.raw<InsuranceData>(EMPTY_INSURANCE);
  ready = $state(false);
  #deps: CareDeps;
  #chartLive: LiveDoc | null = null;
  #commsLive: LiveDoc | null = null;
  #insuranceLive: LiveDoc | null = null;
  #stop: (() => void)[] = [];
  #closed = false;

  constructor(patientId: string, deps: CareDeps) {
    this.patientId = patientId;
    this.#deps = deps;
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

  get #chartDoc(): Y.Doc {
    if (!this.#chartLive) throw new Error('The chart is not open yet');
    return this.#chartLive.doc;
  }
  get #insuranceDoc(): Y.Doc {
    if (!this.#insuranceLive) throw new Error('The insurance is not open yet');
    return this.#insuranceLive.doc;
  }
  get #commsDoc(): Y.Doc {
    if (!this.#commsLive) throw new Error('The communication log is not open yet');
    return this.#commsLive.doc;
  }

  #audit<T extends { id: string } | null | true>(
    result: Result<T, WriteError>,
    action: CareWriteEvent['action'],
    entity: AuditEntity,
    entityId: (value: T) => string,
    fields?: string[],
  ): Result<T, WriteError> {
    if (result.ok) {
      this.#deps.record({
        action,
        entity,
        entityId: entityId(result.value),
        patientId: this.patientId,
        fields,
      });
    }
    return result;
  }

  /** Brings the case's follow-up tasks in line with its status (see planTasksForStatus). */
  #syncTasks(caseId: string) {
    const theCase = readChart(this.#chartDoc).cases.find((c) => c.id === caseId);
    if (!theCase) return;
    const ctx = this.#deps.context();
    const cadence = cadenceOf(this.#deps.practice()?.practice ?? null);
    const plan = planTasksForStatus(theCase, readComms(this.#commsDoc).tasks, cadence, this.#deps.today());
    this.#commsDoc.transact(() => {
      for (const id of plan.cancel) completeTask(this.#commsDoc, ctx, id, { cancel: true });
      for (const task of plan.create) {
        const created = addTask(this.#commsDoc, ctx, task);
        if (created.ok)
          this.#deps.record({
            action: 'create',
            entity: 'task',
            entityId: created.value.id,
            patientId: this.patientId,
          });
      }
    }, ctx.origin);
  }

  openCase(input: NewCaseInput) {
    const result = this.#audit(
      openCase(this.#chartDoc, this.#deps.context(), input),
      'create',
      'case',
      (c) => c.id,
    );
    if (result.ok) this.#syncTasks(result.value.id);
    return result;
  }

  updateCase = (id: string, patch: CasePatch) =>
    this.#audit(
      updateCase(this.#chartDoc, this.#deps.context(), id, patch),
      'update',
      'case',
      () => id,
      Object.keys(patch),
    );

  changeStatus(caseId: string, change: StatusChange & { startDate?: string }) {
    const result = this.#audit(
      changeCaseStatus(this.#chartDoc, this.#deps.context(), caseId, change),
      'update',
      'case',
      (c) => c.id,
      ['status'],
    );
    if (result.ok) this.#syncTasks(caseId);
    if (result.ok && change.to === 'started') {
      const startDate = change.startDate ?? this.#deps.today();
      this.#fixInsurerSchedules(caseId, startDate);
      this.#deps.caseStarted?.(caseId, startDate);
    }
    return result;
  }

  /** Re-estimates a started case after a coverage change and records the superseding schedules. */
  reestimateCoverage(caseId: string, changeDate: string) {
    const chart = readChart(this.#chartDoc);
    const theCase = chart.cases.find((c) => c.id === caseId);
    const option = chart.options.find((o) => o.id === theCase?.acceptedOptionId);
    if (!theCase || !option) return { ok: false as const, error: { kind: 'not-found' as const, id: caseId } };
    const plan = planCoverageChange({
      caseId,
      option,
      bracesFeeCents: bracesFeeOf(chart.options, caseId),
      startDate: theCase.startDate ?? changeDate,
      changeDate,
      patientDateOfBirth: this.#deps.dateOfBirth(),
      insurance: readInsurance(this.#insuranceDoc),
    });
    const ctx = this.#deps.context();
    this.#insuranceDoc.transact(() => {
      for (const schedule of plan.schedules) this.recordInsurerSchedule(schedule);
    }, ctx.origin);
    const contract =
      this.#deps.coverageChanged?.(caseId, plan.change.movedToPatientCents, changeDate) ??
      Promise.resolve(null);
    return { ok: true as const, value: plan.change, contract };
  }

  /**
   * At treatment start the insurer payments expected under each policy are fixed from the
   * accepted option's estimate: they become the claims as they come due (insurance/claims.ts).
   */
  #fixInsurerSchedules(caseId: string, startDate: string) {
    const chart = readChart(this.#chartDoc);
    const theCase = chart.cases.find((c) => c.id === caseId);
    const option = chart.options.find((o) => o.id === theCase?.acceptedOptionId);
    if (!theCase || !option) return;
    const insurance = readInsurance(this.#insuranceDoc);
    if (insurance.schedules.some((s) => s.caseId === caseId && s.reason === 'start')) return;
    const estimate = estimateForOption({
      option,
      bracesFeeCents: bracesFeeOf(chart.options, caseId),
      startDate,
      patientDateOfBirth: this.#deps.dateOfBirth(),
      insurance,
    });
    for (const plan of estimate.plans) {
      if (plan.schedule.payments.length === 0) continue;
      this.recordInsurerSchedule({
        caseId,
        policyId: plan.policyId,
        reason: 'start',
        effectiveFrom: startDate,
        estimateCents: plan.estimateCents,
        payments: plan.schedule.payments.map(({ date, amountCents, kind, number }) => ({
          date,
          amountCents,
          kind,
          number,
        })),
        reasons: plan.steps.map((step) => step.reason).slice(0, 40),
      });
    }
  }

  addOption = (input: OptionInput) =>
    this.#audit(
      addOption(this.#chartDoc, this.#deps.context(), input),
      'create',
      'treatment-option',
      (o) => o.id,
    );
  updateOption = (id: string, patch: Omit<Patch<typeof OPTIONS>, 'status' | 'caseId'>) =>
    this.#audit(
      updateOption(this.#chartDoc, this.#deps.context(), id, patch),
      'update',
      'treatment-option',
      () => id,
      Object.keys(patch),
    );
  removeOption = (id: string) =>
    this.#audit(
      removeOption(this.#chartDoc, this.#deps.context(), id),
      'delete',
      'treatment-option',
      () => id,
    );
  addSignature = (input: Parameters<typeof addSignature>[2]) =>
    this.#audit(
      addSignature(this.#chartDoc, this.#deps.context(), input),
      'create',
      'signature',
      (s) => s.id,
    );

  log = (input: CommInput) =>
    this.#audit(
      logCommunication(this.#commsDoc, this.#deps.context(), input),
      'create',
      'communication',
      (e) => e.id,
    );
  addTask = (input: TaskInput) =>
    this.#audit(addTask(this.#commsDoc, this.#deps.context(), input), 'create', 'task', (t) => t.id);
  rescheduleTask = (id: string, patch: Pick<Patch<typeof TASKS>, 'due' | 'ownerId' | 'note'>) =>
    this.#audit(
      rescheduleTask(this.#commsDoc, this.#deps.context(), id, patch),
      'update',
      'task',
      () => id,
      Object.keys(patch),
    );

  addPolicy = (input: PolicyInput) =>
    this.#audit(addPolicy(this.#insuranceDoc, this.#deps.context(), input), 'create', 'policy', (p) => p.id);
  updatePolicy = (id: string, patch: Patch<typeof POLICIES>) =>
    this.#audit(
      updatePolicy(this.#insuranceDoc, this.#deps.context(), id, patch),
      'update',
      'policy',
      () => id,
      Object.keys(patch),
    );
  recordVerification = (input: VerificationInput) =>
    this.#audit(
      recordVerification(this.#insuranceDoc, this.#deps.context(), input),
      'create',
      'verification',
      (v) => v.id,
    );
  addPreauth = (input: PreauthInput) =>
    this.#audit(
      addPreauth(this.#insuranceDoc, this.#deps.context(), input),
      'create',
      'preauth',
      (p) => p.id,
    );
  updatePreauth = (id: string, patch: Patch<typeof PREAUTHS>) =>
    this.#audit(
      updatePreauth(this.#insuranceDoc, this.#deps.context(), id, patch),
      'update',
      'preauth',
      () => id,
      Object.keys(patch),
    );
  recordClaimEvent = (input: ClaimEventInput) =>
    this.#audit(
      recordClaimEvent(this.#insuranceDoc, this.#deps.context(), input),
      'create',
      'claim',
      (e) => e.id,
    );
  recordInsurerSchedule = (input: InsurerScheduleInput) =>
    this.#audit(
      recordInsurerSchedule(this.#insuranceDoc, this.#deps.context(), input),
      'create',
      'claim',
      (s) => s.id,
    );

  /** Completes a task, logging the contact, and plans the next follow-up from the practice's cadence. */
  completeTask(id: string, log?: CommInput) {
    const task = this.comms.tasks.find((t) => t.id === id);
    if (!task) return { ok: false as const, error: { kind: 'not-found' as const, id } };
    const theCase = this.chart.cases.find((c) => c.id === task.caseId);
    const today = this.#deps.today();
    const presentedOn = theCase?.presentedAt
      ? localDay(theCase.presentedAt, this.#deps.practice())
      : undefined;
    const next = nextTaskAfter(
      task,
      theCase?.status,
      presentedOn,
      cadenceOf(this.#deps.practice()?.practice ?? null),
      today,
    );
    const result = completeTask(this.#commsDoc, this.#deps.context(), id, { log, next: next ?? undefined });
    if (result.ok) {
      this.#deps.record({
        action: 'update',
        entity: 'task',
        entityId: id,
        patientId: this.patientId,
        fields: ['status'],
      });
      if (result.value.entry)
        this.#deps.record({
          action: 'create',
          entity: 'communication',
          entityId: result.value.entry.id,
          patientId: this.patientId,
        });
      if (result.value.next)
        this.#deps.record({
          action: 'create',
          entity: 'task',
          entityId: result.value.next.id,
          patientId: this.patientId,
        });
    }
    return result;
  }
}

function localDay(iso: string, practice: PracticeState | null): string {
  return localDateInZone(
    new Date(iso),
    practice?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
  );
}
