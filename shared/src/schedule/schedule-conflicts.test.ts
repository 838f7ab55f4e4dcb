import { describe, expect, it } from 'vitest';
import type { Appointment, AppointmentStatus, ConflictKind } from './schedule.schema.ts';
import { patientsAtOnce } from '../identity/staff.schema.ts';
import {
  conflictsByAppointment,
  findConflicts,
  otherWorkLocations,
  type Booking,
  type Conflict,
  type ScheduleSetup,
} from './schedule-conflicts.ts';
import {
  ZONE,
  STAMPS,
  HERE,
  ELSEWHERE,
  SOFIA,
  MATEO,
  MONDAY,
  TUESDAY,
  THANKSGIVING,
  HOURS,
  staff,
  weekdays,
  LEE,
  MARIA,
  CHAIR_1,
  CHAIR_2,
  SAM,
  ADJUSTMENT,
  BONDING,
} from './schedule-test-fixtures.ts';
import { addDays, instantAt, parseLocalTime } from '../core/calendar.ts';

const FRIDAY = '2026-11-06';
const SATURDAY = '2026-11-07';

const RETIRED = staff('stf_retired00000', 'Dr. Old', 'doctor', { active: false });
const NORTH_ONLY = staff('stf_north0000000', 'Dr. North', 'doctor', { locationIds: [ELSEWHERE] });

const SETUP: ScheduleSetup = {
  locationId: HERE,
  timeZone: ZONE,
  hours: HOURS,
  closedDays: [THANKSGIVING],
  chairs: [CHAIR_1, CHAIR_2],
  providers: [LEE, MARIA, SAM, RETIRED, NORTH_ONLY],
  types: [ADJUSTMENT, BONDING],
};

const at = (date: string, time: string) => instantAt(date, parseLocalTime(time), ZONE);

function booking(date: string, time: string, more: Partial<Booking> = {}): Booking {
  return {
    patientId: SOFIA,
    locationId: HERE,
    chairId: CHAIR_1.id,
    // Works whenever the location is open, so hours tests see only the hours.
    providerId: SAM.id,
    typeId: ADJUSTMENT.id,
    start: at(date, time),
    minutes: 20,
    ...more,
  };
}

function appt(id: string, date: string, time: string, more: Partial<Appointment> = {}): Appointment {
  return {
    id,
    patientId: MATEO,
    locationId: HERE,
    chairId: CHAIR_1.id,
    typeId: ADJUSTMENT.id,
    start: at(date, time),
    minutes: 30,
    status: 'scheduled',
    ...STAMPS,
    ...more,
  };
}

const kinds = (conflicts: Conflict[]) => conflicts.map((c) => c.kind);

describe('BOOK-4: opening hours', () => {
  it('find nothing wrong with a booking inside hours with a working doctor', () => {
    expect(findConflicts(booking(MONDAY, '09:00', { providerId: LEE.id }), [], SETUP)).toEqual([]);
  });

  it('flag a booking before opening or after closing', () => {
    expect(kinds(findConflicts(booking(MONDAY, '07:45'), [], SETUP))).toEqual(['outside-hours']);
    expect(kinds(findConflicts(booking(MONDAY, '16:50'), [], SETUP))).toEqual(['outside-hours']);
    expect(kinds(findConflicts(booking(FRIDAY, '13:50'), [], SETUP))).toEqual(['outside-hours']);
  });

  it('allow a booking that ends exactly at closing or starts exactly at opening', () => {
    expect(findConflicts(booking(MONDAY, '16:40'), [], SETUP)).toEqual([]);
    expect(findConflicts(booking(MONDAY, '08:00'), [], SETUP)).toEqual([]);
    expect(findConflicts(booking(MONDAY, '13:00'), [], SETUP)).toEqual([]);
  });

  it('flag a booking in the lunch break or running into it, and say when the location is open', () => {
    const inLunch = findConflicts(booking(MONDAY, '12:15'), [], SETUP);
    expect(inLunch).toEqual([
      { kind: 'outside-hours', message: 'Outside opening hours (Monday 8:00 AM–12:00 PM, 1:00–5:00 PM)' },
    ]);
    expect(kinds(findConflicts(booking(MONDAY, '11:50'), [], SETUP))).toEqual(['outside-hours']);
    expect(kinds(findConflicts(booking(MONDAY, '12:50'), [], SETUP))).toEqual(['outside-hours']);
  });

  it('count the whole length of the visit', () => {
    const bonding = { typeId: BONDING.id, minutes: 90, providerId: LEE.id };
    expect(findConflicts(booking(MONDAY, '10:30', bonding), [], SETUP)).toEqual([]);
    expect(kinds(findConflicts(booking(MONDAY, '10:45', bonding), [], SETUP))).toEqual(['outside-hours']);
  });

  it('say a weekday without hours is closed, without also calling it outside hours', () => {
    expect(findConflicts(booking(SATURDAY, '09:00'), [], SETUP)).toEqual([
      { kind: 'location-closed', message: 'The location is closed on Saturdays' },
    ]);
  });

  it('say a closed day is closed even on a weekday with hours', () => {
    expect(findConflicts(booking(THANKSGIVING, '09:00'), [], SETUP)).toEqual([
      { kind: 'location-closed', message: 'The location is closed on 11/26/2026' },
    ]);
  });

  it('keep 9:00 inside hours on both sides of a daylight-saving change', () => {
    for (const date of ['2026-03-06', '2026-03-09', '2026-10-30', '2026-11-02']) {
      expect(findConflicts(booking(date, '09:00'), [], SETUP), date).toEqual([]);
      expect(kinds(findConflicts(booking(date, '07:50'), [], SETUP)), date).toEqual(['outside-hours']);
    }
    // The same UTC time is an hour apart on the wall clock either side of the change.
    const utc1330 = (date: string) => ({ ...booking(date, '09:00'), start: `${date}T13:30:00.000Z` });
    expect(kinds(findConflicts(utc1330('2026-03-06'), [], SETUP))).toEqual(['outside-hours']);
    expect(findConflicts(utc1330('2026-03-09'), [], SETUP)).toEqual([]);
  });

  it('read hours in the location zone, not UTC', () => {
    const sydney = { ...SETUP, timeZone: 'Australia/Sydney' };
    const nineInSydney = instantAt(MONDAY, 540, 'Australia/Sydney');
    expect(nineInSydney).toBe('2026-11-01T22:00:00.000Z');
    expect(findConflicts({ ...booking(MONDAY, '09:00'), start: nineInSydney }, [], sydney)).toEqual([]);
    expect(kinds(findConflicts(booking(MONDAY, '09:00'), [], sydney))).toEqual(['outside-hours']);
  });
});

describe('BOOK-4: chairs, patients and providers already booked', () => {
  it('flag the chair when another visit overlaps it, naming the chair and the time', () => {
    const other = appt('apt_other0000000', MONDAY, '09:00', { providerId: LEE.id });
    expect(findConflicts(booking(MONDAY, '09:15'), [other], SETUP)).toEqual([
      { kind: 'chair-busy', message: 'Chair 1 is booked 9:00–9:30 AM', withId: other.id },
    ]);
  });

  it('let visits sit back to back (the end is not part of a visit)', () => {
    const other = appt('apt_other0000000', MONDAY, '09:00');
    expect(findConflicts(booking(MONDAY, '09:30'), [other], SETUP)).toEqual([]);
    expect(findConflicts(booking(MONDAY, '08:40'), [other], SETUP)).toEqual([]);
    expect(kinds(findConflicts(booking(MONDAY, '08:41', { minutes: 20 }), [other], SETUP))).toEqual([
      'chair-busy',
    ]);
  });

  it.each<[AppointmentStatus, boolean]>([
    ['scheduled', true],
    ['confirmed', true],
    ['arrived', true],
    ['seated', true],
    ['completed', true],
    ['missed', false],
    ['cancelled', false],
    ['rescheduled', false],
  ])('treat a %s visit as holding its chair: %s', (status, holds) => {
    const other = appt('apt_other0000000', MONDAY, '09:00', { status });
    expect(findConflicts(booking(MONDAY, '09:00'), [other], SETUP).length > 0).toBe(holds);
  });

  it('never find a visit in conflict with itself', () => {
    const visit = appt('apt_visit0000000', MONDAY, '09:00');
    expect(findConflicts(visit, [visit], SETUP)).toEqual([]);
  });

  it('flag the patient booked in another chair or at another location at the same time', () => {
    const sameRoom = appt('apt_room00000000', MONDAY, '09:00', { patientId: SOFIA, chairId: CHAIR_2.id });
    expect(findConflicts(booking(MONDAY, '09:10'), [sameRoom], SETUP)).toEqual([
      {
        kind: 'patient-busy',
        message: 'The patient is already booked 9:00–9:30 AM in Chair 2',
        withId: sameRoom.id,
      },
    ]);
    const north = appt('apt_north0000000', MONDAY, '09:00', {
      patientId: SOFIA,
      chairId: 'chr_north0000000',
      locationId: ELSEWHERE,
    });
    expect(findConflicts(booking(MONDAY, '09:10'), [north], SETUP)).toEqual([
      {
        kind: 'patient-busy',
        message: 'The patient is already booked 9:00–9:30 AM at another location',
        withId: north.id,
      },
    ]);
  });

  it('flag an assistant already seeing someone at the same time, here or elsewhere', () => {
    const other = appt('apt_other0000000', MONDAY, '09:00', { chairId: CHAIR_2.id, providerId: SAM.id });
    expect(findConflicts(booking(MONDAY, '09:20'), [other], SETUP)).toEqual([
      { kind: 'provider-busy', message: 'Sam already sees 1 patient at 9:20 AM' },
    ]);
    const north = { ...other, id: 'apt_north0000000', locationId: ELSEWHERE, chairId: 'chr_north0000000' };
    expect(findConflicts(booking(MONDAY, '08:50'), [north], SETUP)).toEqual([
      { kind: 'provider-busy', message: 'Sam already sees 1 patient at 9:00 AM at another location' },
    ]);
  });

  it('do not treat two visits without a provider as sharing one', () => {
    const other = appt('apt_other0000000', MONDAY, '09:00', { chairId: CHAIR_2.id, providerId: undefined });
    expect(findConflicts(booking(MONDAY, '09:00', { providerId: undefined }), [other], SETUP)).toEqual([]);
  });

  it('list every clash, kinds in a fixed order and earliest first within a kind', () => {
    const a = appt('apt_aaaa00000000', MONDAY, '09:30', { patientId: SOFIA, providerId: SAM.id });
    const b = appt('apt_bbbb00000000', MONDAY, '09:00', { chairId: CHAIR_1.id });
    const conflicts = findConflicts(booking(MONDAY, '09:15', { minutes: 30 }), [a, b], SETUP);
    // The provider is one conflict (the moment they are over capacity), not one per visit.
    expect(conflicts.map((c) => [c.kind, c.withId])).toEqual([
      ['chair-busy', b.id],
      ['chair-busy', a.id],
      ['patient-busy', a.id],
      ['provider-busy', undefined],
    ]);
  });
});

describe('BOOK-4: providers seeing several patients at once', () => {
  /** Visits of a provider in chairs of their own, so only the provider is shared. */
  const visits = (providerId: string, times: [string, number][], more: Partial<Appointment> = {}) =>
    times.map(([time, minutes], i) =>
      appt(`apt_load${i}${'0'.repeat(11)}`, MONDAY, time, {
        chairId: `chr_load${i}${'0'.repeat(7)}`,
        patientId: `pat_load${i}${'0'.repeat(7)}`,
        providerId,
        minutes,
        ...more,
      }),
    );
  const four: [string, number][] = [
    ['09:00', 30],
    ['09:00', 30],
    ['09:00', 60],
    ['08:30', 45],
  ];

  it('BOOK-1: default to four for a doctor and one for an assistant or anyone else, unless the record says', () => {
    expect(patientsAtOnce({ role: 'doctor' })).toBe(4);
    expect(patientsAtOnce({ role: 'assistant' })).toBe(1);
    for (const role of ['owner', 'manager', 'treatment-coordinator', 'front-desk', 'billing'] as const) {
      expect(patientsAtOnce({ role }), role).toBe(1);
    }
    expect(patientsAtOnce({ role: 'doctor', patientsAtOnce: 6 })).toBe(6);
    expect(patientsAtOnce({ role: 'doctor', patientsAtOnce: 1 })).toBe(1);
    expect(patientsAtOnce({ role: 'assistant', patientsAtOnce: 2 })).toBe(2);
  });

  it('let a doctor reach capacity, and flag the visit that would exceed it', () => {
    const lee = booking(MONDAY, '09:00', { providerId: LEE.id, minutes: 30 });
    expect(findConflicts(lee, visits(LEE.id, four.slice(0, 3)), SETUP)).toEqual([]);
    expect(findConflicts(lee, visits(LEE.id, four), SETUP)).toEqual([
      { kind: 'provider-busy', message: 'Dr. Lee already sees 4 patients at 9:00 AM' },
    ]);
  });

  it('name the first moment the provider is over capacity, counting only visits under way then', () => {
    // 8:30–9:15 ends before the fourth visit starts at 9:15: at most 3 others at any moment.
    const staggered = visits(LEE.id, [
      ['08:30', 45],
      ['09:00', 30],
      ['09:00', 60],
      ['09:15', 30],
    ]);
    expect(findConflicts(booking(MONDAY, '09:00', { providerId: LEE.id }), staggered, SETUP)).toEqual([]);
    const overlapping = visits(LEE.id, [
      ['08:30', 60],
      ['09:00', 30],
      ['09:00', 60],
      ['09:20', 30],
    ]);
    expect(
      findConflicts(booking(MONDAY, '09:00', { providerId: LEE.id, minutes: 30 }), overlapping, SETUP),
    ).toEqual([{ kind: 'provider-busy', message: 'Dr. Lee already sees 4 patients at 9:20 AM' }]);
    // Back to back is not at the same time.
    expect(
      findConflicts(booking(MONDAY, '09:50', { providerId: LEE.id, minutes: 30 }), overlapping, SETUP),
    ).toEqual([]);
  });

  it('follow patientsAtOnce on the staff record, for doctors and assistants', () => {
    const twoChairs = {
      ...SETUP,
      providers: [
        { ...LEE, patientsAtOnce: 2 },
        { ...SAM, patientsAtOnce: 2 },
      ],
    };
    for (const provider of [LEE, SAM]) {
      const mine = booking(MONDAY, '09:00', { providerId: provider.id, minutes: 30 });
      expect(findConflicts(mine, visits(provider.id, four.slice(0, 1)), twoChairs)).toEqual([]);
      expect(findConflicts(mine, visits(provider.id, four.slice(0, 2)), twoChairs)).toEqual([
        { kind: 'provider-busy', message: `${provider.name} already sees 2 patients at 9:00 AM` },
      ]);
    }
  });

  it('count only booked visits, each id once, and not the booking’s own stored copy', () => {
    const lee = { ...booking(MONDAY, '09:00', { providerId: LEE.id, minutes: 30 }), id: 'apt_mine00000000' };
    const three = visits(LEE.id, four.slice(0, 3));
    const gone = visits(LEE.id, four, { status: 'cancelled' }).map((v, i) => ({
      ...v,
      id: `apt_gone${i}0000000`,
    }));
    const stored = appt(lee.id, MONDAY, '09:00', { providerId: LEE.id, chairId: 'chr_mine00000000' });
    const copy = { ...three[0]!, start: at(MONDAY, '09:10') };
    expect(findConflicts(lee, [...three, ...gone, stored, copy], SETUP)).toEqual([]);
    const flagged = conflictsByAppointment([...three, stored, copy], SETUP);
    expect(flagged.size).toBe(0);
  });

  it('say how many of the patients are at another location', () => {
    const mixed = visits(LEE.id, four).map((v, i) =>
      i === 3 ? { ...v, locationId: ELSEWHERE, chairId: 'chr_north0000000' } : v,
    );
    expect(findConflicts(booking(MONDAY, '09:00', { providerId: LEE.id }), mixed, SETUP)).toEqual([
      { kind: 'provider-busy', message: 'Dr. Lee already sees 4 patients at 9:00 AM, 1 at another location' },
    ]);
  });

  it('leave chairs and patients one at a time', () => {
    const lee = booking(MONDAY, '09:00', { providerId: LEE.id });
    const sameChair = appt('apt_chair0000000', MONDAY, '09:00', { providerId: LEE.id });
    const samePatient = appt('apt_patient00000', MONDAY, '09:00', {
      providerId: LEE.id,
      chairId: CHAIR_2.id,
      patientId: SOFIA,
    });
    expect(findConflicts(lee, [sameChair, samePatient], SETUP)).toEqual([
      { kind: 'chair-busy', message: 'Chair 1 is booked 9:00–9:30 AM', withId: sameChair.id },
      {
        kind: 'patient-busy',
        message: 'The patient is already booked 9:00–9:30 AM in Chair 2',
        withId: samePatient.id,
      },
    ]);
  });

  it('flag both of two bookings made offline that together exceed capacity, and every visit under way then', () => {
    // An assistant: two visits booked on two devices, each fine alone.
    const samFirst = appt('apt_samone000000', MONDAY, '09:00', { providerId: SAM.id, chairId: CHAIR_2.id });
    const samSecond = appt('apt_samtwo000000', MONDAY, '09:15', { providerId: SAM.id, patientId: SOFIA });
    const sam = conflictsByAppointment([samFirst, samSecond], SETUP);
    expect(sam.get(samFirst.id)).toEqual([
      { kind: 'provider-busy', message: 'Sam already sees 1 patient at 9:15 AM' },
    ]);
    expect(sam.get(samSecond.id)).toEqual([
      { kind: 'provider-busy', message: 'Sam already sees 1 patient at 9:15 AM' },
    ]);

    // A doctor with three booked: two more from two devices make five from 9:05 to 9:10.
    const booked = visits(LEE.id, [
      ['09:00', 30],
      ['09:00', 30],
      ['08:30', 40],
      ['08:00', 60],
      ['09:30', 30],
    ]);
    const offline = [
      appt('apt_offline10000', MONDAY, '09:00', {
        providerId: LEE.id,
        chairId: CHAIR_1.id,
        patientId: SOFIA,
      }),
      appt('apt_offline20000', MONDAY, '09:05', { providerId: LEE.id, chairId: CHAIR_2.id, minutes: 30 }),
    ];
    const all = [...booked, ...offline];
    const flagged = conflictsByAppointment(all, SETUP);
    const over = [booked[0]!, booked[1]!, booked[2]!, ...offline].map((v) => v.id);
    // 8:00–9:00 and 9:30–10:00 never share a moment with five.
    expect([...flagged.keys()].sort()).toEqual(over.sort());
    for (const id of over) {
      expect(flagged.get(id), id).toEqual([
        { kind: 'provider-busy', message: 'Dr. Lee already sees 4 patients at 9:05 AM' },
      ]);
      const visit = all.find((v) => v.id === id)!;
      expect(findConflicts(visit, all, SETUP)).toEqual(flagged.get(id));
    }
    // Each alone is fine.
    for (const visit of offline) expect(conflictsByAppointment([...booked, visit], SETUP).size).toBe(0);
  });
});

describe('BOOK-4: provider work days', () => {
  it('flag a provider on a weekday they work at another location', () => {
    expect(findConflicts(booking(TUESDAY, '09:00', { providerId: MARIA.id }), [], SETUP)).toEqual([
      { kind: 'provider-not-working', message: 'Maria does not work here on Tuesdays' },
    ]);
  });

  it('flag a visit running past the end of the provider’s day, saying when they work', () => {
    expect(findConflicts(booking(MONDAY, '11:30', { providerId: MARIA.id }), [], SETUP)).toEqual([]);
    expect(findConflicts(booking(MONDAY, '13:00', { providerId: MARIA.id }), [], SETUP)).toEqual([
      { kind: 'provider-not-working', message: 'Maria works 8:00 AM–12:00 PM here on Mondays' },
    ]);
  });

  it('treat a provider without work days as working whenever the location is open', () => {
    expect(findConflicts(booking(TUESDAY, '15:00', { providerId: SAM.id }), [], SETUP)).toEqual([]);
    expect(kinds(findConflicts(booking(SATURDAY, '09:00', { providerId: SAM.id }), [], SETUP))).toEqual([
      'location-closed',
    ]);
  });

  it('flag an inactive provider, one limited to other locations and one not set up', () => {
    expect(findConflicts(booking(MONDAY, '09:00', { providerId: RETIRED.id }), [], SETUP)).toEqual([
      { kind: 'provider-not-working', message: 'Dr. Old is no longer active' },
    ]);
    expect(findConflicts(booking(MONDAY, '09:00', { providerId: NORTH_ONLY.id }), [], SETUP)).toEqual([
      { kind: 'provider-not-working', message: 'Dr. North does not work at this location' },
    ]);
    expect(
      kinds(findConflicts(booking(MONDAY, '09:00', { providerId: 'stf_gone00000000' }), [], SETUP)),
    ).toEqual(['provider-not-working']);
  });

  it('join touching work days, so a visit across them is covered', () => {
    const split = staff('stf_split0000000', 'Pat', 'assistant', {
      workDays: [...weekdays(HERE, [1], '08:00', '10:00'), ...weekdays(HERE, [1], '10:00', '12:00')],
    });
    const setup = { ...SETUP, providers: [split] };
    expect(findConflicts(booking(MONDAY, '09:50', { providerId: split.id }), [], setup)).toEqual([]);
  });
});

describe('BOOK-4: visits that need a doctor', () => {
  const bonding = { typeId: BONDING.id, minutes: 90, providerId: LEE.id };

  it('are fine with a doctor', () => {
    expect(findConflicts(booking(MONDAY, '09:00', bonding), [], SETUP)).toEqual([]);
  });

  it('are flagged with an assistant or with nobody assigned', () => {
    expect(findConflicts(booking(MONDAY, '09:00', { ...bonding, providerId: SAM.id }), [], SETUP)).toEqual([
      { kind: 'needs-doctor', message: 'Bonding needs a doctor; Sam is not one' },
    ]);
    expect(findConflicts(booking(MONDAY, '09:00', { ...bonding, providerId: undefined }), [], SETUP)).toEqual(
      [{ kind: 'needs-doctor', message: 'Bonding needs a doctor; none is assigned' }],
    );
  });

  it('do not matter for visits that need no doctor', () => {
    expect(findConflicts(booking(MONDAY, '09:00', { providerId: undefined }), [], SETUP)).toEqual([]);
  });
});

describe('BOOK-6: conflict messages', () => {
  it('never carry patient ids (the screen adds names)', () => {
    const visits = [
      appt('apt_aaaa00000000', MONDAY, '09:00', {
        patientId: SOFIA,
        chairId: CHAIR_2.id,
        providerId: LEE.id,
      }),
      appt('apt_bbbb00000000', MONDAY, '09:00'),
    ];
    const conflicts = findConflicts(
      booking(MONDAY, '08:50', { providerId: MARIA.id, typeId: BONDING.id, minutes: 200 }),
      visits,
      SETUP,
    );
    expect(new Set(kinds(conflicts))).toEqual(
      new Set(['chair-busy', 'patient-busy', 'provider-not-working', 'needs-doctor', 'outside-hours']),
    );
    for (const c of conflicts) {
      expect(c.message).not.toMatch(/pat_/);
      expect(c.message).not.toMatch(/undefined|NaN/);
    }
  });
});

describe('BOOK-5: conflicts of a whole schedule', () => {
  it('flag both of two visits booked into the same chair on two devices offline', () => {
    const first = appt('apt_first0000000', MONDAY, '09:00', { patientId: SOFIA, providerId: LEE.id });
    const second = appt('apt_second000000', MONDAY, '09:00', { patientId: MATEO, providerId: SAM.id });
    const flagged = conflictsByAppointment([first, second], SETUP);
    expect([...flagged.keys()].sort()).toEqual([first.id, second.id]);
    expect(flagged.get(first.id)).toEqual([
      { kind: 'chair-busy', message: 'Chair 1 is booked 9:00–9:30 AM', withId: second.id },
    ]);
    expect(flagged.get(second.id)).toEqual([
      { kind: 'chair-busy', message: 'Chair 1 is booked 9:00–9:30 AM', withId: first.id },
    ]);
  });

  it('leave out the kinds a visit’s override accepted, and only those', () => {
    const override = {
      kinds: ['chair-busy'] as ConflictKind[],
      reason: 'Quick check',
      by: 'stf_owner00000000',
      at: STAMPS.createdAt,
    };
    const accepted = appt('apt_first0000000', MONDAY, '09:00', { override });
    const other = appt('apt_second000000', MONDAY, '09:15', { patientId: SOFIA, providerId: LEE.id });
    const late = appt('apt_late00000000', MONDAY, '16:45', { chairId: CHAIR_2.id, override });
    const flagged = conflictsByAppointment([accepted, other, late], SETUP);
    expect(flagged.has(accepted.id)).toBe(false);
    expect(kinds(flagged.get(other.id) ?? [])).toEqual(['chair-busy']);
    expect(kinds(flagged.get(late.id) ?? [])).toEqual(['outside-hours']);
  });

  it('do not flag cancelled visits nor let them clash', () => {
    const cancelled = appt('apt_cancel000000', MONDAY, '09:00', { status: 'cancelled' });
    const booked = appt('apt_booked000000', MONDAY, '09:00', { patientId: SOFIA });
    expect(conflictsByAppointment([cancelled, booked], SETUP).size).toBe(0);
  });

  it('flag only this location’s visits, but count other locations’ for the patient', () => {
    const north = appt('apt_north0000000', MONDAY, '09:00', {
      locationId: ELSEWHERE,
      chairId: 'chr_north0000000',
      providerId: NORTH_ONLY.id,
    });
    const here = appt('apt_here00000000', MONDAY, '09:00', { chairId: CHAIR_2.id });
    const flagged = conflictsByAppointment([north, here], SETUP);
    expect([...flagged.keys()]).toEqual([here.id]);
    expect(kinds(flagged.get(here.id) ?? [])).toEqual(['patient-busy']);
  });

  it('agree with findConflicts for every visit of random busy months', () => {
    const rand = random(0xc0ffee);
    const chairs = [CHAIR_1.id, CHAIR_2.id, 'chr_three0000000'];
    const providers = [LEE.id, MARIA.id, SAM.id, RETIRED.id, undefined];
    const patients = Array.from({ length: 30 }, (_, i) => `pat_p${String(i).padStart(11, '0')}`);
    const statuses: AppointmentStatus[] = ['scheduled', 'confirmed', 'completed', 'cancelled', 'missed'];
    const allKinds: ConflictKind[] = ['chair-busy', 'patient-busy', 'provider-busy', 'outside-hours'];
    let providerBusy = 0;
    for (let round = 0; round < 20; round++) {
      // Capacities vary by round: the default, one at a time, or a few chairs at once.
      const capacity = (): { patientsAtOnce?: number } => {
        const n = [undefined, 1, 2, 3][rand(3)];
        return n === undefined ? {} : { patientsAtOnce: n };
      };
      const setup = {
        ...SETUP,
        providers: SETUP.providers.map((p) => ({ ...p, ...capacity() })),
      };
      const visits: Appointment[] = Array.from({ length: 150 }, (_, i) => {
        const date = addDays('2026-10-26', rand(13));
        const minute = 7 * 60 + rand(11 * 12) * 5;
        const overridden = rand(5) === 0;
        return {
          ...appt(`apt_r${String(i).padStart(11, '0')}`, date, '00:00'),
          start: instantAt(date, minute, ZONE),
          minutes: 10 + rand(10) * 10,
          patientId: patients[rand(patients.length - 1)]!,
          chairId: chairs[rand(chairs.length - 1)]!,
          providerId: providers[rand(providers.length - 1)],
          locationId: rand(10) === 0 ? ELSEWHERE : HERE,
          typeId: rand(3) === 0 ? BONDING.id : ADJUSTMENT.id,
          status: statuses[rand(statuses.length - 1)]!,
          ...(overridden
            ? {
                override: {
                  kinds: [allKinds[rand(3)]!],
                  reason: 'ok',
                  by: 'stf_owner00000000',
                  at: STAMPS.createdAt,
                },
              }
            : {}),
        };
      });
      const flagged = conflictsByAppointment(visits, setup);
      let clashes = 0;
      for (const visit of visits) {
        const accepted = visit.override?.kinds ?? [];
        const expected =
          visit.locationId === HERE && ['scheduled', 'confirmed', 'completed'].includes(visit.status)
            ? findConflicts(visit, visits, setup).filter((c) => !accepted.includes(c.kind))
            : [];
        expect(flagged.get(visit.id) ?? [], visit.id).toEqual(expected);
        clashes += expected.filter((c) => c.withId).length;
        providerBusy += expected.filter((c) => c.kind === 'provider-busy').length;
      }
      expect(clashes).toBeGreaterThan(0);
    }
    expect(providerBusy).toBeGreaterThan(50);
  });
});

/** Small deterministic PRNG (mulberry32): fast-check is not a dependency of shared. */
function random(seed: number): (max: number) => number {
  let a = seed;
  return (max) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (max + 1));
  };
}

describe('the other locations a booking is checked against', () => {
  const locations = [{ id: 'loc_a' }, { id: 'loc_b' }, { id: 'loc_c' }];
  it('are every other location for someone not limited to some', () => {
    expect(otherWorkLocations([], locations, 'loc_a')).toEqual(['loc_b', 'loc_c']);
  });
  it('are only the other locations a limited person works at', () => {
    expect(otherWorkLocations(['loc_a', 'loc_c'], locations, 'loc_a')).toEqual(['loc_c']);
    expect(otherWorkLocations(['loc_a'], locations, 'loc_a')).toEqual([]);
  });
});
