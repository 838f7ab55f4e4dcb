/**
 * The small practice the appointment-book rule tests share (schedule-conflicts and slot-finder):
 * one location in Chicago open Monday to Friday with a lunch break (Friday until 2), a second
 * location, two patients, and the people and types the tests book with. Test code only.
 */
import type { AppointmentType, Chair, WeeklyHours, WorkDay } from './schedule.schema.ts';
import type { StaffMember, StaffRole } from '../identity/staff.schema.ts';

export const ZONE = 'America/Chicago';
export const STAMPS = {
  createdAt: '2026-01-01T10:00:00.000Z',
  createdBy: 'stf_owner00000000',
  updatedAt: '2026-01-01T10:00:00.000Z',
  updatedBy: 'stf_owner00000000',
};
export const HERE = 'loc_main00000000';
export const ELSEWHERE = 'loc_north0000000';
export const SOFIA = 'pat_sofia0000000';
export const MATEO = 'pat_mateo0000000';

// Monday 2026-11-02 is the first Monday after the fall change; Thursday 11-26 is closed.
export const MONDAY = '2026-11-02';
export const TUESDAY = '2026-11-03';
export const THANKSGIVING = '2026-11-26';

const day = [
  { from: '08:00', to: '12:00' },
  { from: '13:00', to: '17:00' },
];
export const HOURS: WeeklyHours = [[], day, day, day, day, [{ from: '08:00', to: '14:00' }], []];

export function chair(id: string, name: string, order: number, active = true): Chair {
  return { id, locationId: HERE, name, order, active, ...STAMPS };
}

export function staff(
  id: string,
  name: string,
  role: StaffRole,
  more: Partial<StaffMember> = {},
): StaffMember {
  return { id, name, role, locationIds: [], active: true, ...STAMPS, ...more };
}

export const weekdays = (locationId: string, days: number[], from: string, to: string): WorkDay[] =>
  days.map((weekday) => ({ locationId, weekday, from, to }));

export function type(id: string, name: string, minutes: number, needsDoctor: boolean): AppointmentType {
  return { id, name, stage: 'adjustment', minutes, color: '#3366cc', needsDoctor, active: true, ...STAMPS };
}

export const LEE = staff('stf_lee000000000', 'Dr. Lee', 'doctor', {
  workDays: weekdays(HERE, [1, 2, 3, 4, 5], '08:00', '17:00'),
});
export const MARIA = staff('stf_maria0000000', 'Maria', 'assistant', {
  workDays: [...weekdays(HERE, [1, 3], '08:00', '12:00'), ...weekdays(ELSEWHERE, [2], '08:00', '17:00')],
});

// The chairs, the assistant without working days and the two types every book test uses.
export const CHAIR_1 = chair('chr_one000000000', 'Chair 1', 0);
export const CHAIR_2 = chair('chr_two000000000', 'Chair 2', 1);
export const SAM = staff('stf_sam000000000', 'Sam', 'assistant');
export const ADJUSTMENT = type('atp_adjust000000', 'Adjustment', 20, false);
export const BONDING = type('atp_bond00000000', 'Bonding', 90, true);
