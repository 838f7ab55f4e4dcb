import { describe, expect, it } from 'vitest';
import type { Appointment, AppointmentStatus } from './schedule.schema.ts';
import type { ScheduleSetup } from './schedule-conflicts.ts';
import {
  bookingForMove,
  bookingFromSlot,
  conflictOverride,
  emptyFinderForm,
  providerColumns,
  providerDayEvents,
  readFinderForm,
  splitDay,
} from './appointment-book.ts';
import {
  HERE,
  HOURS,
  LEE,
  MARIA,
  MONDAY,
  SOFIA,
  STAMPS,
  TUESDAY,
  ZONE,
  CHAIR_1,
  CHAIR_2,
  ADJUSTMENT,
} from './schedule-test-fixtures.ts';
import { instantAt } from '../core/calendar.ts';

const SETUP: ScheduleSetup = {
  locationId: HERE,
  timeZone: ZONE,
  hours: HOURS,
  closedDays: [],
  chairs: [CHAIR_1, CHAIR_2],
  providers: [LEE, MARIA],
  types: [ADJUSTMENT],
};

function visit(id: string, status: AppointmentStatus, more: Partial<Appointment> = {}): Appointment {
  return {
    id,
    patientId: SOFIA,
    locationId: HERE,
    chairId: CHAIR_1.id,
    providerId: LEE.id,
    typeId: ADJUSTMENT.id,
    start: instantAt(MONDAY, 9 * 60, ZONE),
    minutes: 20,
    status,
    ...STAMPS,
    ...more,
  };
}

describe('the day on the book', () => {
  it('shows booked and missed visits on the grid, cancelled and moved ones beside it', () => {
    const day = ['scheduled', 'confirmed', 'missed', 'cancelled', 'rescheduled'].map((s, i) =>
      visit(`apt_${i}`, s as AppointmentStatus),
    );
    const { shown, off } = splitDay(day);
    expect(shown.map((a) => a.status)).toEqual(['scheduled', 'confirmed', 'missed']);
    expect(off.map((a) => a.status)).toEqual(['cancelled', 'rescheduled']);
  });

  it('gives a column to each provider who works that day or has a visit, and one for visits with no provider', () => {
    // Maria works here Monday and Wednesday mornings only.
    expect(providerColumns(SETUP, TUESDAY, []).map((c) => c.label)).toEqual(['Dr. Lee']);
    expect(providerColumns(SETUP, MONDAY, []).map((c) => c.label)).toEqual(['Dr. Lee', 'Maria']);
    const booked = [
      visit('apt_1', 'scheduled', { providerId: MARIA.id }),
      visit('apt_2', 'scheduled', { providerId: undefined }),
    ];
    expect(providerColumns(SETUP, TUESDAY, booked).map((c) => c.label)).toEqual([
      'Dr. Lee',
      'Maria',
      'No provider',
    ]);
  });
});

describe('moves and slots', () => {
  it('moves to the chair dropped on in the day by chair, keeping the provider', () => {
    const moved = bookingForMove(
      visit('apt_1', 'scheduled'),
      { columnId: CHAIR_2.id, startMinute: 600, minutes: 30 },
      'chair',
      MONDAY,
      ZONE,
    );
    expect(moved).toMatchObject({ id: 'apt_1', chairId: CHAIR_2.id, providerId: LEE.id, minutes: 30 });
    expect(moved.start).toBe(instantAt(MONDAY, 600, ZONE));
  });

  it('moves to the provider dropped on in the day by provider, keeping the chair, or to no provider', () => {
    const toMaria = bookingForMove(
      visit('apt_1', 'scheduled'),
      { columnId: MARIA.id, startMinute: 540, minutes: 20 },
      'provider',
      MONDAY,
      ZONE,
    );
    expect(toMaria).toMatchObject({ chairId: CHAIR_1.id, providerId: MARIA.id });
    const toNobody = bookingForMove(
      visit('apt_1', 'scheduled'),
      { columnId: 'none', startMinute: 540, minutes: 20 },
      'provider',
      MONDAY,
      ZONE,
    );
    expect(toNobody.providerId).toBeUndefined();
    expect('providerId' in toNobody).toBe(false);
  });

  it('books a chosen slot for the patient with the type’s length', () => {
    const start = instantAt(MONDAY, 600, ZONE);
    expect(
      bookingFromSlot(
        { start, chairId: CHAIR_2.id },
        { patientId: SOFIA, locationId: HERE, typeId: ADJUSTMENT.id, minutes: 20 },
      ),
    ).toEqual({
      patientId: SOFIA,
      locationId: HERE,
      chairId: CHAIR_2.id,
      typeId: ADJUSTMENT.id,
      start,
      minutes: 20,
    });
  });
});

describe('the next-available search form', () => {
  const at = { locationId: HERE, timeZone: ZONE, today: MONDAY, now: '2026-11-02T16:10:00.000Z' };

  it('asks for an appointment type, and for both ends of a preferred time in order', () => {
    expect(readFinderForm(emptyFinderForm(MONDAY), at).error).toBe('Choose an appointment type');
    const form = emptyFinderForm(MONDAY, { typeId: ADJUSTMENT.id });
    expect(readFinderForm({ ...form, timeFrom: '09:00' }, at).error).toBe(
      'Give both ends of the preferred time, or neither',
    );
    expect(readFinderForm({ ...form, timeFrom: '11:00', timeTo: '09:00' }, at).error).toBe(
      'The preferred time must end after it starts',
    );
  });

  it('SLOT-1: searches from now when it starts today, from midnight at the location on a later day', () => {
    const form = emptyFinderForm(MONDAY, {
      typeId: ADJUSTMENT.id,
      weekdays: [2],
      timeFrom: '08:00',
      timeTo: '10:00',
      rebookOf: 'apt_1',
    });
    expect(readFinderForm(form, at).query).toEqual({
      typeId: ADJUSTMENT.id,
      locationId: HERE,
      from: at.now,
      weeks: 8,
      weekdays: [2],
      times: [{ from: '08:00', to: '10:00' }],
      ignoreId: 'apt_1',
    });
    expect(readFinderForm({ ...form, from: TUESDAY }, at).query?.from).toBe(instantAt(TUESDAY, 0, ZONE));
  });
});

describe('conflicts and calendar files', () => {
  it('BOOK-5: needs a reason to go ahead with a conflict, and records the kinds it overrides once each', () => {
    const conflicts = [
      { kind: 'chair-busy' as const, message: 'Chair 1 is taken' },
      { kind: 'chair-busy' as const, message: 'Chair 1 is taken again' },
      { kind: 'outside-hours' as const, message: 'After hours' },
    ];
    expect(conflictOverride(conflicts, '  ', LEE.id, at())).toEqual({
      ok: false,
      error: 'Say why the conflict is acceptable',
    });
    expect(conflictOverride(conflicts, ' Emergency ', LEE.id, at())).toEqual({
      ok: true,
      value: { kinds: ['chair-busy', 'outside-hours'], reason: 'Emergency', by: LEE.id, at: at() },
    });
    function at() {
      return '2026-11-02T16:00:00.000Z';
    }
  });

  it("ICS-1: puts a provider's booked visits in their calendar with the patient's name and nothing more", () => {
    const events = providerDayEvents(
      [
        visit('apt_1', 'confirmed', { notes: 'Allergic to latex' }),
        visit('apt_2', 'cancelled'),
        visit('apt_3', 'scheduled'),
      ],
      { type: () => 'Adjustment', patient: () => 'Garcia, Sofia', place: () => 'Main, Chair 1' },
    );
    expect(events.map((e) => [e.uid, e.status])).toEqual([
      ['apt_1@aligned', 'CONFIRMED'],
      ['apt_3@aligned', 'TENTATIVE'],
    ]);
    expect(events[0]).toEqual({
      uid: 'apt_1@aligned',
      start: instantAt(MONDAY, 540, ZONE),
      minutes: 20,
      summary: 'Adjustment: Garcia, Sofia',
      location: 'Main, Chair 1',
      status: 'CONFIRMED',
    });
  });
});
