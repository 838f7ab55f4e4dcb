/** The appointment book: schedule documents, conflicts, next available, visit cadence, readiness, recovery, reminders, calendar files. */
export * from './appointment-book.ts';
export * from './appointment-status.ts';
export * from './cadence-plan.ts';
export * from './ics.ts';
export * from './readiness.ts';
export * from './reminders.ts';
export * from './schedule-commands.ts';
export * from './schedule-conflicts.ts';
export * from './schedule-doc.ts';
export * from './schedule-forms.ts';
export * from './schedule-recovery.ts';
export * from './schedule.schema.ts';
export * from './slot-finder.ts';
export * from './starter-appointment-types.ts';
