/**
 * An appointment book for a screen (opens week documents on demand); `close()` it when leaving.
 * Its own module, so the schedule's code loads with the screens that show the schedule.
 */
import type { AppState } from './app.svelte.ts';
import { ScheduleBook } from './schedule.svelte.ts';

export function bookFor(app: AppState): ScheduleBook {
  if (!app.sync || !app.session) throw new Error('The practice is not open');
  return new ScheduleBook({
    sync: app.sync,
    practiceId: app.session.practiceId,
    commands: app.commands,
    timeZone: (locationId) => app.practice?.locationTimeZone(locationId) ?? 'UTC',
  });
}
