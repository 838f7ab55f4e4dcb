import { describe, expect, it } from 'vitest';
import { AppointmentStatus } from './schedule.schema.ts';
import { isOpenAppointment, needsRebooking, nextAppointmentStatuses } from './appointment-status.ts';

describe('BOOK-7: appointment status moves', () => {
  it('go forward through the visit: confirmed, arrived, seated, completed; or missed before arriving', () => {
    expect(nextAppointmentStatuses('scheduled')).toEqual(['confirmed', 'arrived', 'missed']);
    expect(nextAppointmentStatuses('confirmed')).toEqual(['arrived', 'missed']);
    expect(nextAppointmentStatuses('arrived')).toEqual(['seated', 'completed']);
    expect(nextAppointmentStatuses('seated')).toEqual(['completed']);
  });

  it('end at completed, missed, cancelled and rescheduled', () => {
    for (const end of ['completed', 'missed', 'cancelled', 'rescheduled'] as const)
      expect(nextAppointmentStatuses(end)).toEqual([]);
  });

  it('never lead back to a status the visit has passed, for every status', () => {
    const order = ['scheduled', 'confirmed', 'arrived', 'seated', 'completed'];
    for (const status of AppointmentStatus.options) {
      for (const next of nextAppointmentStatuses(status)) {
        if (order.includes(status) && order.includes(next))
          expect(order.indexOf(next)).toBeGreaterThan(order.indexOf(status));
      }
    }
  });

  it('offer cancelling or moving only while the visit is ahead, and rebooking only once', () => {
    expect(isOpenAppointment('confirmed')).toBe(true);
    expect(isOpenAppointment('arrived')).toBe(false);
    expect(needsRebooking({ status: 'missed' })).toBe(true);
    expect(needsRebooking({ status: 'missed', rebookedAs: 'apt_0000000000000002' })).toBe(false);
    expect(needsRebooking({ status: 'completed' })).toBe(false);
  });
});
