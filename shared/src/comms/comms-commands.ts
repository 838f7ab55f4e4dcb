/** The comms document's commands as the app runs them (documents/commands.ts): permission, audit, undo. */
import { audited, command, type AuditNote } from '../documents/commands.ts';
import { addTask, completeTask, logCommunication, rescheduleTask } from './comms-doc.ts';

export const COMMS_COMMANDS = {
  log: command({
    name: 'comms/log-communication',
    docKind: 'comms',
    run: logCommunication,
    audit: audited.created('communication'),
    undoable: false,
  }),
  addTask: command({
    name: 'comms/add-task',
    docKind: 'comms',
    run: addTask,
    audit: audited.created('task'),
  }),
  rescheduleTask: command({
    name: 'comms/reschedule-task',
    docKind: 'comms',
    run: rescheduleTask,
    audit: audited.updated('task'),
  }),
  /** Completes (or cancels) a task, with what was logged and the follow-up that comes next. */
  completeTask: command({
    name: 'comms/complete-task',
    docKind: 'comms',
    run: completeTask,
    audit: ({ task, entry, next }): AuditNote[] => [
      { action: 'update', entity: 'task', entityId: task.id, fields: ['status'] },
      ...(entry ? [{ action: 'create' as const, entity: 'communication' as const, entityId: entry.id }] : []),
      ...(next ? [{ action: 'create' as const, entity: 'task' as const, entityId: next.id }] : []),
    ],
    undoable: false,
  }),
};
