/**
 * How an appointment's status moves on the day (BOOK-7): a booked visit is
 * confirmed, the patient arrives, is seated and seen; or does not come (missed). Cancelling and
 * rescheduling are separate acts (they need a reason or a new time) and are offered while the
 * visit is still ahead of the patient: scheduled or confirmed.
 */
import type { AppointmentStatus } from './schedule.schema.ts';

const NEXT: Readonly<Record<AppointmentStatus, readonly AppointmentStatus[]>> = {
  scheduled: ['confirmed', 'arrived', 'missed'],
  confirmed: ['arrived', 'missed'],
  arrived: ['seated', 'completed'],
  seated: ['completed'],
  completed: [],
  missed: [],
  cancelled: [],
  rescheduled: [],
};

/** The statuses a coordinator may set next from the book. */
export function nextAppointmentStatuses(status: AppointmentStatus): readonly AppointmentStatus[] {
  return NEXT[status];
}

/** Still ahead of the patient: it can be cancelled or moved to another time. */
export function isOpenAppointment(status: AppointmentStatus): boolean {
  return status === 'scheduled' || status === 'confirmed';
}

/** Missed or cancelled and not yet rebooked: the recovery list's business. */
export function needsRebooking(appointment: {
  status: AppointmentStatus;
  rebookedAs?: string | undefined;
}): boolean {
  return (appointment.status === 'missed' || appointment.status === 'cancelled') && !appointment.rebookedAs;
}
