/**
 * An appointment book for a screen (opens week documents on demand); `close()` it when leaving.
 * Its own module, so the schedule's code loads with the screens that show the schedule. The book
 * drives the case (BOOK-101…BOOK-106): a visit's change is followed in the patient's documents,
 * and what it offers next is offered at once.
 */
import type { AppState } from './app.svelte.ts';
import { ScheduleBook } from './schedule.svelte.ts';
import { caseForBooking, followVisit } from './visit-effects.ts';
import { offerNext } from './visit-offers.svelte.ts';

export function bookFor(app: AppState): ScheduleBook {
  if (!app.sync || !app.session) throw new Error('The practice is not open');
  return new ScheduleBook({
    sync: app.sync,
    practiceId: app.session.practiceId,
    commands: app.commands,
    timeZone: (locationId) => app.practice?.locationTimeZone(locationId) ?? 'UTC',
    visits: {
      caseFor: (patientId, typeId) => caseForBooking(app, patientId, typeId),
      changed: (appointment, what, others, reason) =>
        void followVisit(app, appointment, what, others, reason).then((outcome) =>
          offerNext(appointment.patientId, outcome),
        ),
    },
  });
}
