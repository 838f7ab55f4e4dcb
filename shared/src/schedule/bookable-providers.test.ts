import { describe, expect, it } from 'vitest';
import { bookableProviders, isDoctor, patientsAtOnce, providerKindOf } from '../identity/staff.schema.ts';
import { findConflicts, type ScheduleSetup } from './schedule-conflicts.ts';
import { findAvailable } from './slot-finder.ts';
import { instantAt, parseLocalTime } from '../core/calendar.ts';
import { HERE, HOURS, MATEO, MONDAY, ZONE, chair, staff, type, weekdays } from './schedule-test-fixtures.ts';

// A solo practice: the owner is its orthodontist, a coordinator also assists chairside.
const OWNER = staff('stf_owner0000000', 'Dr. Olivia Owner', 'owner', { providerKind: 'doctor' });
const COORDINATOR = staff('stf_coord0000000', 'Tina', 'treatment-coordinator', {
  providerKind: 'assistant',
  workDays: weekdays(HERE, [1, 2, 3, 4, 5], '08:00', '17:00'),
});
const MANAGER = staff('stf_manager00000', 'Max', 'manager');
const BONDING = type('atp_bond00000000', 'Bonding', 90, true);
const ADJUSTMENT = type('atp_adjust000000', 'Adjustment', 20, false);
const CHAIR_1 = chair('chr_one000000000', 'Chair 1', 0);

const SETUP: ScheduleSetup = {
  locationId: HERE,
  timeZone: ZONE,
  hours: HOURS,
  closedDays: [],
  chairs: [CHAIR_1],
  providers: bookableProviders([OWNER, COORDINATOR, MANAGER]),
  types: [BONDING, ADJUSTMENT],
};
const at = (time: string) => instantAt(MONDAY, parseLocalTime(time), ZONE);

describe('BOOK-201: a person holds a role and may also be a bookable provider', () => {
  it('books doctors and assistants by their role, anyone else only when their record names a kind', () => {
    expect(providerKindOf({ role: 'doctor' })).toBe('doctor');
    expect(providerKindOf({ role: 'assistant' })).toBe('assistant');
    expect(providerKindOf({ role: 'owner' })).toBeNull();
    expect(providerKindOf({ role: 'owner', providerKind: 'doctor' })).toBe('doctor');
    expect(providerKindOf({ role: 'treatment-coordinator', providerKind: 'assistant' })).toBe('assistant');
    expect(isDoctor({ role: 'owner', providerKind: 'doctor' })).toBe(true);
    expect(isDoctor({ role: 'assistant' })).toBe(false);
  });

  it('lists the active people patients are booked with', () => {
    const inactive = staff('stf_gone00000000', 'Gone', 'doctor', { active: false });
    expect(bookableProviders([OWNER, COORDINATOR, MANAGER, inactive]).map((s) => s.id)).toEqual([
      OWNER.id,
      COORDINATOR.id,
    ]);
  });

  it('lets an owner-doctor take a visit that needs a doctor, and not a plain owner', () => {
    const booking = {
      patientId: MATEO,
      locationId: HERE,
      chairId: CHAIR_1.id,
      typeId: BONDING.id,
      start: at('09:00'),
      minutes: 90,
      providerId: OWNER.id,
    };
    expect(findConflicts(booking, [], SETUP)).toEqual([]);
    const plain = { ...SETUP, providers: [{ ...OWNER, providerKind: undefined }] };
    expect(findConflicts(booking, [], plain).map((c) => c.kind)).toEqual(['needs-doctor']);
  });

  it('finds slots with the owner-doctor for a doctor’s visit and with the assisting coordinator otherwise', () => {
    const query = { locationId: HERE, from: at('08:00'), limit: 1 };
    expect(findAvailable({ ...query, typeId: BONDING.id }, [], SETUP)[0]?.providerId).toBe(OWNER.id);
    expect(findAvailable({ ...query, typeId: ADJUSTMENT.id }, [], SETUP)[0]?.providerId).toBe(COORDINATOR.id);
  });

  it('runs an owner-doctor’s chairs like any doctor’s', () => {
    expect(patientsAtOnce(OWNER)).toBe(4);
    expect(patientsAtOnce(COORDINATOR)).toBe(1);
    expect(patientsAtOnce({ ...OWNER, patientsAtOnce: 2 })).toBe(2);
  });
});
