import { describe, expect, it } from 'vitest';
import type { Appointment, AppointmentStatus, WeeklyHours } from './schedule.schema.ts';
import { findConflicts, type ScheduleSetup } from './schedule-conflicts.ts';
import { findAvailable, type Slot, type SlotQuery } from './slot-finder.ts';
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
  chair,
  LEE,
  MARIA,
  CHAIR_1,
  CHAIR_2,
  SAM,
  ADJUSTMENT,
  BONDING,
} from './schedule-test-fixtures.ts';
import {
  addDays,
  dayBounds,
  instantAt,
  localDateOf,
  minuteOfDay,
  parseLocalTime,
  weekdayOf,
} from '../core/calendar.ts';

// Listed out of order on purpose: slots follow the chairs' `order`.
const CHAIR_3 = chair('chr_three0000000', 'Chair 3', 2, false);

const SETUP: ScheduleSetup = {
  locationId: HERE,
  timeZone: ZONE,
  hours: HOURS,
  closedDays: [THANKSGIVING],
  chairs: [CHAIR_2, CHAIR_1, CHAIR_3],
  providers: [LEE, MARIA, SAM],
  types: [ADJUSTMENT, BONDING],
};

const at = (date: string, time: string) => instantAt(date, parseLocalTime(time), ZONE);
const local = (slot: Slot) => `${localDateOf(slot.start, ZONE)} ${minuteOfDay(slot.start, ZONE)}`;
const clock = (slot: Slot) => {
  const m = minuteOfDay(slot.start, ZONE);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

function query(more: Partial<SlotQuery> = {}): SlotQuery {
  return { typeId: ADJUSTMENT.id, locationId: HERE, from: at(MONDAY, '07:00'), ...more };
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

describe('SLOT-1: finding free slots', () => {
  it('offers the opening time first, in the first chair, with an assistant for a visit needing no doctor', () => {
    expect(findAvailable(query({ limit: 3 }), [], SETUP)).toEqual([
      { start: at(MONDAY, '08:00'), chairId: CHAIR_1.id, providerId: MARIA.id },
      { start: at(MONDAY, '08:15'), chairId: CHAIR_1.id, providerId: MARIA.id },
      { start: at(MONDAY, '08:30'), chairId: CHAIR_1.id, providerId: MARIA.id },
    ]);
  });

  it('starts at the first step at or after `from`', () => {
    expect(findAvailable(query({ from: at(MONDAY, '10:07'), limit: 1 }), [], SETUP)[0]?.start).toBe(
      at(MONDAY, '10:15'),
    );
    expect(findAvailable(query({ from: at(MONDAY, '10:00'), limit: 1 }), [], SETUP)[0]?.start).toBe(
      at(MONDAY, '10:00'),
    );
    const tens = findAvailable(query({ from: at(MONDAY, '10:01'), stepMinutes: 10, limit: 2 }), [], SETUP);
    expect(tens.map(clock)).toEqual(['10:10', '10:20']);
  });

  it('returns at most `limit` slots, earliest first', () => {
    const slots = findAvailable(query({ limit: 25 }), [], SETUP);
    expect(slots).toHaveLength(25);
    const starts = slots.map((s) => Date.parse(s.start));
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    expect(new Set(starts).size).toBe(25);
    expect(findAvailable(query(), [], SETUP)).toHaveLength(10);
  });

  it('skips the lunch break and fits the whole visit before it', () => {
    const slots = findAvailable(query({ from: at(MONDAY, '11:00'), minutes: 60, limit: 3 }), [], SETUP);
    expect(slots.map(clock)).toEqual(['11:00', '13:00', '13:15']);
  });

  it('uses the type’s length, or the length asked for', () => {
    const lastMorning = (minutes?: number) =>
      findAvailable(query({ from: at(MONDAY, '11:30'), minutes, limit: 1 }), [], SETUP)[0];
    expect(clock(lastMorning()!)).toBe('11:30');
    expect(clock(lastMorning(45)!)).toBe('13:00');
  });

  it('skips weekends and closed days', () => {
    const slots = findAvailable(
      query({ from: at('2026-11-25', '16:30'), times: [{ from: '09:00', to: '09:30' }], limit: 3 }),
      [],
      SETUP,
    );
    expect(slots.map((s) => localDateOf(s.start, ZONE))).toEqual(['2026-11-27', '2026-11-30', '2026-12-01']);
  });

  it('keeps to the preferred weekdays and times of day', () => {
    const slots = findAvailable(
      query({ weekdays: [2, 4], times: [{ from: '15:00', to: '16:00' }], minutes: 30, limit: 8 }),
      [],
      SETUP,
    );
    expect(slots.map(local)).toEqual(
      [TUESDAY, '2026-11-05', '2026-11-10']
        .flatMap((date) => [900, 915, 930].map((m) => `${date} ${m}`))
        .slice(0, 8),
    );
  });

  it('offers a slot in any of several preferred windows, the visit fitting in one', () => {
    const slots = findAvailable(
      query({
        times: [
          { from: '08:00', to: '08:40' },
          { from: '16:00', to: '16:30' },
        ],
        minutes: 30,
        limit: 4,
      }),
      [],
      SETUP,
    );
    expect(slots.map(clock)).toEqual(['08:00', '16:00', '08:00', '16:00']);
  });

  it('looks only `weeks` ahead', () => {
    const tuesdaysOnly = { weekdays: [2], from: at('2026-11-04', '07:00') };
    expect(findAvailable(query({ ...tuesdaysOnly, weeks: 1, limit: 1 }), [], SETUP)[0]?.start).toBe(
      at('2026-11-10', '08:00'),
    );
    expect(
      findAvailable(query({ ...tuesdaysOnly, from: at('2026-11-11', '07:00'), weeks: 0.5 }), [], SETUP),
    ).toEqual([]);
  });
});

describe('SLOT-2: choosing a chair and a provider', () => {
  it('takes the next chair in order when the first is booked, never an inactive chair', () => {
    const busy = [appt('apt_one000000000', MONDAY, '08:00', { minutes: 60 })];
    expect(findAvailable(query({ limit: 1 }), busy, SETUP)[0]).toEqual({
      start: at(MONDAY, '08:00'),
      chairId: CHAIR_2.id,
      providerId: MARIA.id,
    });
    const both = [...busy, appt('apt_two000000000', MONDAY, '08:00', { chairId: CHAIR_2.id, minutes: 45 })];
    expect(findAvailable(query({ limit: 1 }), both, SETUP)[0]).toEqual({
      start: at(MONDAY, '08:45'),
      chairId: CHAIR_2.id,
      providerId: MARIA.id,
    });
  });

  it('keeps a chair busy to the end of a long visit that a short one was double-booked inside', () => {
    const busy = [CHAIR_1, CHAIR_2].flatMap((c, i) => [
      appt(`apt_long${i}0000000`, MONDAY, '08:00', { chairId: c.id, minutes: 120 }),
      appt(`apt_short${i}000000`, MONDAY, '08:15', { chairId: c.id, minutes: 15 }),
    ]);
    expect(findAvailable(query({ limit: 1 }), busy, SETUP)[0]?.start).toBe(at(MONDAY, '10:00'));
  });

  it('ignores cancelled and missed visits', () => {
    const freed = (['cancelled', 'missed', 'rescheduled'] as AppointmentStatus[]).map((status, i) =>
      appt(`apt_freed${i}0000000`, MONDAY, '08:00', { status, minutes: 120 }),
    );
    expect(findAvailable(query({ limit: 1 }), freed, SETUP)[0]?.chairId).toBe(CHAIR_1.id);
  });

  it('prefers an assistant who works then, and a doctor only when no assistant is free', () => {
    const mariaBusy = [
      appt('apt_maria0000000', MONDAY, '08:00', { chairId: CHAIR_2.id, providerId: MARIA.id }),
    ];
    expect(findAvailable(query({ limit: 1 }), mariaBusy, SETUP)[0]?.providerId).toBe(SAM.id);
    const bothBusy = [
      ...mariaBusy,
      appt('apt_sam000000000', MONDAY, '08:00', {
        chairId: 'chr_north0000000',
        locationId: ELSEWHERE,
        providerId: SAM.id,
      }),
    ];
    expect(findAvailable(query({ limit: 1 }), bothBusy, SETUP)[0]).toEqual({
      start: at(MONDAY, '08:00'),
      chairId: CHAIR_1.id,
      providerId: LEE.id,
    });
    // Tuesday afternoon Maria works elsewhere: Sam first.
    expect(findAvailable(query({ from: at(TUESDAY, '13:00'), limit: 1 }), [], SETUP)[0]?.providerId).toBe(
      SAM.id,
    );
  });

  it('offers only doctors for a visit that needs one', () => {
    const slots = findAvailable(query({ typeId: BONDING.id, limit: 3 }), [], SETUP);
    expect(slots.map((s) => s.providerId)).toEqual([LEE.id, LEE.id, LEE.id]);
    // Lee sees four at once: three others leave room, a fourth fills the morning.
    const leeBusy = [0, 1, 2, 3].map((i) =>
      appt(`apt_lee${i}00000000`, MONDAY, '08:00', {
        chairId: `chr_lee${i}00000000`,
        patientId: `pat_lee${i}00000000`,
        providerId: LEE.id,
        minutes: 180,
      }),
    );
    expect(findAvailable(query({ typeId: BONDING.id, limit: 1 }), leeBusy.slice(0, 3), SETUP)[0]).toEqual({
      start: at(MONDAY, '08:00'),
      chairId: CHAIR_1.id,
      providerId: LEE.id,
    });
    expect(findAvailable(query({ typeId: BONDING.id, limit: 1 }), leeBusy, SETUP)[0]?.start).toBe(
      at(MONDAY, '13:00'),
    );
  });

  it('offers a provider until the visit would take them past patientsAtOnce', () => {
    const setup = { ...SETUP, providers: [{ ...SAM, patientsAtOnce: 2 }] };
    const sam = (id: string, time: string, minutes: number) =>
      appt(id, MONDAY, time, {
        chairId: 'chr_north0000000',
        locationId: ELSEWHERE,
        providerId: SAM.id,
        minutes,
      });
    // 8:00–9:00 one, 8:30–9:30 another: two at once from 8:30 to 9:00, one until 9:30.
    const busy = [sam('apt_samone000000', '08:00', 60), sam('apt_samtwo000000', '08:30', 60)];
    const slots = findAvailable(query({ minutes: 30, limit: 3 }), busy, setup);
    expect(slots.map(clock)).toEqual(['08:00', '09:00', '09:15']);
    expect(slots.every((s) => s.providerId === SAM.id)).toBe(true);
    expect(findAvailable(query({ minutes: 30, limit: 1 }), busy, { ...setup, providers: [SAM] })[0]).toEqual({
      start: at(MONDAY, '09:30'),
      chairId: CHAIR_1.id,
      providerId: SAM.id,
    });
  });

  it('keeps to the provider asked for and their work days', () => {
    const slots = findAvailable(
      query({ providerId: MARIA.id, from: at(MONDAY, '11:00'), limit: 4 }),
      [],
      SETUP,
    );
    expect(slots.map(local)).toEqual([
      `${MONDAY} 660`,
      `${MONDAY} 675`,
      `${MONDAY} 690`,
      // Not Monday afternoon, not Tuesday (elsewhere): Wednesday morning.
      '2026-11-04 480',
    ]);
    expect(slots.every((s) => s.providerId === MARIA.id)).toBe(true);
  });

  it('offers nothing when the provider asked for cannot do the visit', () => {
    expect(findAvailable(query({ typeId: BONDING.id, providerId: SAM.id }), [], SETUP)).toEqual([]);
    expect(findAvailable(query({ providerId: 'stf_gone00000000' }), [], SETUP)).toEqual([]);
  });

  it('SLOT-1: avoids times the patient is already booked, at any location', () => {
    const elsewhere = appt('apt_north0000000', MONDAY, '08:00', {
      patientId: SOFIA,
      locationId: ELSEWHERE,
      chairId: 'chr_north0000000',
      minutes: 60,
    });
    expect(findAvailable(query({ patientId: SOFIA, limit: 1 }), [elsewhere], SETUP)[0]?.start).toBe(
      at(MONDAY, '09:00'),
    );
    expect(findAvailable(query({ patientId: MATEO, limit: 1 }), [elsewhere], SETUP)[0]?.start).toBe(
      at(MONDAY, '08:00'),
    );
  });

  it('SLOT-1: does not count the visit being moved as busy', () => {
    const moving = appt('apt_moving000000', MONDAY, '08:00', { patientId: SOFIA, providerId: MARIA.id });
    const setup = { ...SETUP, chairs: [CHAIR_1], providers: [MARIA] };
    expect(findAvailable(query({ patientId: SOFIA, limit: 1 }), [moving], setup)[0]?.start).toBe(
      at(MONDAY, '08:30'),
    );
    expect(
      findAvailable(query({ patientId: SOFIA, limit: 1, ignoreId: moving.id }), [moving], setup)[0]?.start,
    ).toBe(at(MONDAY, '08:00'));
  });

  it('offers slots without a provider when none is set up and the visit needs no doctor', () => {
    const noStaff = { ...SETUP, providers: [] };
    expect(findAvailable(query({ limit: 1 }), [], noStaff)).toEqual([
      { start: at(MONDAY, '08:00'), chairId: CHAIR_1.id },
    ]);
    expect(findAvailable(query({ typeId: BONDING.id }), [], noStaff)).toEqual([]);
  });

  it('SLOT-1: offers nothing for an unknown type, another location or no active chair', () => {
    expect(findAvailable(query({ typeId: 'atp_gone00000000' }), [], SETUP)).toEqual([]);
    expect(findAvailable(query({ locationId: ELSEWHERE }), [], SETUP)).toEqual([]);
    expect(findAvailable(query(), [], { ...SETUP, chairs: [CHAIR_3] })).toEqual([]);
  });
});

describe('SLOT-3: slots across daylight-saving changes', () => {
  const nineOClock = { times: [{ from: '09:00', to: '09:20' }], stepMinutes: 5 };

  it('stay at 9:00 local across the spring change in Chicago', () => {
    const slots = findAvailable(
      query({ ...nineOClock, from: at('2026-03-05', '07:00'), limit: 4 }),
      [],
      SETUP,
    );
    expect(slots.map((s) => s.start)).toEqual([
      '2026-03-05T15:00:00.000Z',
      '2026-03-06T15:00:00.000Z',
      '2026-03-09T14:00:00.000Z',
      '2026-03-10T14:00:00.000Z',
    ]);
  });

  it('stay at 9:00 local across the fall change in Chicago', () => {
    const slots = findAvailable(
      query({ ...nineOClock, from: at('2026-10-29', '07:00'), limit: 4 }),
      [],
      SETUP,
    );
    expect(slots.map((s) => s.start)).toEqual([
      '2026-10-29T14:00:00.000Z',
      '2026-10-30T14:00:00.000Z',
      '2026-11-02T15:00:00.000Z',
      '2026-11-03T15:00:00.000Z',
    ]);
  });

  it('stay at 9:00 local across the autumn change in Sydney, on the change day itself', () => {
    const everyDay: WeeklyHours = [0, 1, 2, 3, 4, 5, 6].map(() => [{ from: '09:00', to: '17:00' }]);
    const sydney = { ...SETUP, timeZone: 'Australia/Sydney', hours: everyDay, providers: [SAM] };
    const from = instantAt('2026-04-04', 0, 'Australia/Sydney');
    const slots = findAvailable(query({ ...nineOClock, from, limit: 3 }), [], sydney);
    expect(slots.map((s) => s.start)).toEqual([
      '2026-04-03T22:00:00.000Z',
      '2026-04-04T23:00:00.000Z',
      '2026-04-05T23:00:00.000Z',
    ]);
  });

  it('offer each wall-clock hour of an all-night schedule once on the change days', () => {
    const allDay: WeeklyHours = [0, 1, 2, 3, 4, 5, 6].map(() => [{ from: '00:00', to: '24:00' }]);
    const open = { ...SETUP, hours: allDay, providers: [SAM], closedDays: [] };
    const hourly = (date: string) =>
      findAvailable(
        query({ from: dayBounds(date, ZONE).start, stepMinutes: 60, minutes: 60, limit: 100, weeks: 1 / 7 }),
        [],
        open,
      );
    const everyHour = Array.from({ length: 24 }, (_, h) => h * 60);
    // Spring: 2:00 does not exist (it would be 3:00, already offered).
    const spring = hourly('2026-03-08');
    expect(spring.map((s) => minuteOfDay(s.start, ZONE))).toEqual(everyHour.filter((m) => m !== 120));
    // Fall: 1:00 is offered once, at its first occurrence, and 23:00 still fits in the 25-hour day.
    const fall = hourly('2026-11-01');
    expect(fall.map((s) => minuteOfDay(s.start, ZONE))).toEqual(everyHour);
    expect(fall[1]?.start).toBe('2026-11-01T06:00:00.000Z');
    expect(new Set(spring.map((s) => localDateOf(s.start, ZONE)))).toEqual(new Set(['2026-03-08']));
    expect(new Set(fall.map((s) => localDateOf(s.start, ZONE)))).toEqual(new Set(['2026-11-01']));
  });
});

/** Reference: try every grid time, chair and provider in order, asking findConflicts each time. */
function bruteForce(q: SlotQuery, appointments: readonly Appointment[], setup: ScheduleSetup): Slot[] {
  const type = setup.types.find((t) => t.id === q.typeId)!;
  const minutes = q.minutes ?? type.minutes;
  const step = q.stepMinutes ?? 15;
  const chairs = setup.chairs.filter((c) => c.active).sort((a, b) => a.order - b.order);
  const providers = q.providerId
    ? [q.providerId]
    : [
        ...setup.providers.filter((p) => p.role !== 'doctor' && !type.needsDoctor),
        ...setup.providers.filter((p) => p.role === 'doctor'),
      ].map((p) => p.id);
  const others = q.ignoreId ? appointments.filter((a) => a.id !== q.ignoreId) : appointments;
  const first = localDateOf(q.from, setup.timeZone);
  const slots: Slot[] = [];
  for (let d = 0; d < (q.weeks ?? 8) * 7; d++) {
    const date = addDays(first, d);
    if (q.weekdays && !q.weekdays.includes(weekdayOf(date))) continue;
    const starts = new Set<string>();
    for (let m = 0; m < 1440; m += step) starts.add(instantAt(date, m, setup.timeZone));
    for (const start of [...starts].sort()) {
      if (start < q.from) continue;
      const m = minuteOfDay(start, setup.timeZone);
      if (
        q.times &&
        !q.times.some((w) => parseLocalTime(w.from) <= m && m + minutes <= parseLocalTime(w.to))
      ) {
        continue;
      }
      const found = chairs
        .flatMap((c) => providers.map((p) => ({ chairId: c.id, providerId: p })))
        .find(
          (slot) =>
            findConflicts(
              {
                ...slot,
                patientId: q.patientId ?? 'pat_newpatient00',
                locationId: HERE,
                typeId: q.typeId,
                start,
                minutes,
              },
              others,
              setup,
            ).length === 0,
        );
      if (found) slots.push({ start, ...found });
      if (slots.length === (q.limit ?? 10)) return slots;
    }
  }
  return slots;
}

describe('SLOT-1: slots and conflicts agree', () => {
  it('for random schedules: no slot has a conflict, and trying every time finds the same slots', () => {
    const rand = random(0x5107);
    const chairs = [CHAIR_1.id, CHAIR_2.id];
    const providers = [LEE.id, MARIA.id, SAM.id, undefined];
    const patients = [SOFIA, MATEO, 'pat_ava000000000', 'pat_noah00000000'];
    const statuses: AppointmentStatus[] = ['scheduled', 'confirmed', 'completed', 'cancelled'];
    let offered = 0;
    for (let round = 0; round < 40; round++) {
      // Capacities vary by round: the default, one at a time, or a few chairs at once.
      const setup = {
        ...SETUP,
        providers: SETUP.providers.map((p) => {
          const n = [undefined, 1, 2, 3][rand(3)];
          return n === undefined ? p : { ...p, patientsAtOnce: n };
        }),
      };
      // Two weeks around the spring change, busy enough that many times are taken.
      const visits: Appointment[] = Array.from({ length: 160 }, (_, i) => {
        const date = addDays('2026-03-02', rand(11));
        const elsewhere = rand(12) === 0;
        return appt(`apt_r${String(i).padStart(11, '0')}`, date, '00:00', {
          start: instantAt(date, 7 * 60 + rand(10 * 12) * 5, ZONE),
          minutes: 10 + rand(8) * 10,
          patientId: patients[rand(patients.length - 1)]!,
          chairId: elsewhere ? 'chr_north0000000' : chairs[rand(chairs.length - 1)]!,
          locationId: elsewhere ? ELSEWHERE : HERE,
          providerId: providers[rand(providers.length - 1)],
          status: statuses[rand(statuses.length - 1)]!,
        });
      });
      const windows = [
        [{ from: '08:00', to: '10:00' }],
        [
          { from: '09:00', to: '11:00' },
          { from: '14:00', to: '17:00' },
        ],
      ];
      const q: SlotQuery = {
        typeId: rand(2) === 0 ? BONDING.id : ADJUSTMENT.id,
        locationId: HERE,
        from: instantAt(addDays('2026-03-02', rand(6)), 420 + rand(600), ZONE),
        weeks: 2,
        limit: 1 + rand(30),
        stepMinutes: [5, 10, 15, 30][rand(3)],
        ...(rand(1) ? { minutes: 10 + rand(10) * 10 } : {}),
        ...(rand(2) === 0 ? { providerId: providers[rand(2)] } : {}),
        ...(rand(1) ? { patientId: patients[rand(patients.length - 1)] } : {}),
        ...(rand(2) === 0 ? { weekdays: [1, 2, 4] } : {}),
        ...(rand(2) === 0 ? { times: windows[rand(1)] } : {}),
        ...(rand(4) === 0 ? { ignoreId: visits[rand(visits.length - 1)]!.id } : {}),
      };
      const slots = findAvailable(q, visits, setup);
      const others = q.ignoreId ? visits.filter((v) => v.id !== q.ignoreId) : visits;
      for (const slot of slots) {
        const booking = {
          ...slot,
          patientId: q.patientId ?? 'pat_newpatient00',
          locationId: HERE,
          typeId: q.typeId,
          minutes: q.minutes ?? SETUP.types.find((t) => t.id === q.typeId)!.minutes,
        };
        expect(findConflicts(booking, others, setup), `round ${round} ${slot.start}`).toEqual([]);
      }
      expect(slots, `round ${round}`).toEqual(bruteForce(q, visits, setup));
      offered += slots.length;
    }
    expect(offered).toBeGreaterThan(100);
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
