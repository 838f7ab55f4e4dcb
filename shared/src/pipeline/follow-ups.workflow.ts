/**
 * Workflows that keep a patient's follow-up tasks (comms document) in step with their cases
 * (chart document). Two documents, so two transactions: the chart change is made first and the
 * tasks follow it; follow-up-plan.ts decides which tasks a case needs. Every write runs through
 * the command executor (documents/commands.ts), which checks permission and records the audit.
 */
import type * as Y from 'yjs';
import type { Result } from '../core/result.ts';
import { localDateInZone } from '../core/calendar.ts';
import type { Commands } from '../documents/commands.ts';
import type { WriteError } from '../documents/collection.ts';
import type { CommInput } from '../comms/comms-doc.ts';
import { readComms } from '../comms/comms-doc.ts';
import { COMMS_COMMANDS } from '../comms/comms-commands.ts';
import type { Case } from './case.schema.ts';
import type { StatusChange } from './case-status.ts';
import { readChart, type NewCaseInput } from './chart-doc.ts';
import { CHART_COMMANDS } from './chart-commands.ts';
import type { FollowUpCadence } from './follow-up.ts';
import { nextTaskAfter, planTasksForStatus } from './follow-up-plan.ts';

/** The documents these workflows touch. */
export type FollowUpDocs = { chart: Y.Doc; comms: Y.Doc };

/** What the practice's settings and clock say, read by the caller. */
export type FollowUpSettings = {
  cadence: FollowUpCadence;
  /** Today at the practice (`yyyy-mm-dd`). */
  today: string;
  /** The practice's zone, for the day a case was presented on. */
  timeZone: string;
};

/**
 * Brings a case's open tasks in line with its status (planTasksForStatus): cancels those it no
 * longer needs and creates the one it does, in one transaction on the comms document.
 */
export function syncFollowUps(
  commands: Commands,
  docs: FollowUpDocs,
  caseId: string,
  settings: Pick<FollowUpSettings, 'cadence' | 'today'>,
): void {
  const theCase = readChart(docs.chart).cases.find((c) => c.id === caseId);
  if (!theCase) return;
  const plan = planTasksForStatus(theCase, readComms(docs.comms).tasks, settings.cadence, settings.today);
  if (plan.cancel.length === 0 && plan.create.length === 0) return;
  commands.together(docs.comms, () => {
    for (const id of plan.cancel) commands.run(COMMS_COMMANDS.completeTask, docs.comms, id, { cancel: true });
    for (const task of plan.create) commands.run(COMMS_COMMANDS.addTask, docs.comms, task);
  });
}

/** Opens a case and gives it its first task (a new inquiry's first contact, and so on). */
export function openCaseWithFollowUps(
  commands: Commands,
  docs: FollowUpDocs,
  input: NewCaseInput,
  settings: Pick<FollowUpSettings, 'cadence' | 'today'>,
): Result<Case, WriteError> {
  const opened = commands.run(CHART_COMMANDS.openCase, docs.chart, input);
  if (opened.ok) syncFollowUps(commands, docs, opened.value.id, settings);
  return opened;
}

/**
 * Moves a case and its tasks with it. When the move starts treatment, `onStart` is told the start
 * date (today unless the move names one), so what else starts with treatment (insurer schedules,
 * the contract) can follow in its own documents.
 */
export function moveCase(
  commands: Commands,
  docs: FollowUpDocs,
  caseId: string,
  change: StatusChange & { startDate?: string },
  settings: Pick<FollowUpSettings, 'cadence' | 'today'>,
  onStart?: (caseId: string, startDate: string) => void,
): Result<Case, WriteError> {
  const moved = commands.run(CHART_COMMANDS.changeStatus, docs.chart, caseId, change);
  if (!moved.ok) return moved;
  syncFollowUps(commands, docs, caseId, settings);
  if (change.to === 'started') onStart?.(caseId, change.startDate ?? settings.today);
  return moved;
}

/**
 * Completes a task, logging the contact, and creates the next follow-up from the practice's
 * cadence while the case is still waiting on the family (nextTaskAfter), counted from the day it
 * was presented.
 */
export function completeFollowUp(
  commands: Commands,
  docs: FollowUpDocs,
  taskId: string,
  log: CommInput | undefined,
  settings: FollowUpSettings,
) {
  const task = readComms(docs.comms).tasks.find((t) => t.id === taskId);
  if (!task) return { ok: false as const, error: { kind: 'not-found' as const, id: taskId } };
  const theCase = readChart(docs.chart).cases.find((c) => c.id === task.caseId);
  const presentedOn = theCase?.presentedAt
    ? localDateInZone(new Date(theCase.presentedAt), settings.timeZone)
    : undefined;
  const next = nextTaskAfter(task, theCase?.status, presentedOn, settings.cadence, settings.today);
  return commands.run(COMMS_COMMANDS.completeTask, docs.comms, taskId, { log, next: next ?? undefined });
}
