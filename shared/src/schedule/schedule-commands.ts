/** A schedule week document's commands as the app runs them (documents/commands.ts): permission, audit, undo. */
import { command } from '../documents/commands.ts';
import { bookAppointment, updateAppointment } from './schedule-doc.ts';

export const SCHEDULE_COMMANDS = {
  book: command({
    name: 'schedule/book-appointment',
    docKind: 'schedule',
    run: bookAppointment,
    audit: (appointment) => [
      {
        action: 'create',
        entity: 'appointment',
        entityId: appointment.id,
        patientId: appointment.patientId,
      },
    ],
  }),
  update: command({
    name: 'schedule/update-appointment',
    docKind: 'schedule',
    run: updateAppointment,
    // Nothing to record when the patch changed nothing.
    audit: (appointment, [, patch]) =>
      appointment
        ? [
            {
              action: 'update',
              entity: 'appointment',
              entityId: appointment.id,
              patientId: appointment.patientId,
              fields: Object.keys(patch),
            },
          ]
        : [],
  }),
};
