import { describe, expect, it } from 'vitest';
import { STARTER_APPOINTMENT_TYPES } from './starter-appointment-types.ts';
import { AppointmentFields, DEFAULT_HOURS, type WorkDay } from './schedule.schema.ts';
import {
  appointmentToBookingForm,
  appointmentTypeToForm,
  chairToForm,
  closedDaysToText,
  emptyBookingForm,
  hoursToForm,
  parseTimeInput,
  readAppointmentTypeForm,
  readBookingForm,
  readChairForm,
  readClosedDaysForm,
  readHoursForm,
  readPatientsAtOnce,
  readWorkDaysForm,
  workDaysSummary,
  workDaysToForm,
  type BookingForm,
  type DayHoursForm,
} from './schedule-forms.ts';

const MAIN = 'loc_main0000';
const WEST = 'loc_west0000';
const CHICAGO = 'America/Chicago';

describe('BOOK-2: times of day as typed', () => {
  it('read 24-hour and am/pm forms as HH:MM', () => {
    expect(parseTimeInput('8:00')).toBe('08:00');
    expect(parseTimeInput(' 08:05 ')).toBe('08:05');
    expect(parseTimeInput('23:59')).toBe('23:59');
    expect(parseTimeInput('8am')).toBe('08:00');
    expect(parseTimeInput('5:30 pm')).toBe('17:30');
    expect(parseTimeInput('5:30 P.M.')).toBe('17:30');
    expect(parseTimeInput('12 pm')).toBe('12:00');
    expect(parseTimeInput('12:15am')).toBe('00:15');
  });

  it('refuse a bare hour, impossible times and words', () => {
    for (const text of ['9', '24:00', '7:60', '13pm', '0am', 'noon', '', '9:5', '09:00:00']) {
      expect(parseTimeInput(text), text).toBeNull();
    }
  });
});

describe('BOOK-1: the location hours form', () => {
  const week = () => hoursToForm(undefined);
  const withDay = (weekday: number, day: Partial<DayHoursForm>) =>
    week().map((d, i) => (i === weekday ? { ...d, ...day } : d));

  it('reads the default hours back unchanged', () => {
    expect(readHoursForm(week())).toEqual({ value: DEFAULT_HOURS, errors: {} });
  });

  it('reads a lunch break as two spans, and a Saturday morning typed in am/pm', () => {
    const form = withDay(1, { from2: '13:00', to: '12:00' }).map((d, i) =>
      i === 1
        ? { ...d, to2: '5 pm' }
        : i === 6
          ? { open: true, from: '8am', to: '12pm', from2: '', to2: '' }
          : d,
    );
    const { value, errors } = readHoursForm(form);
    expect(errors).toEqual({});
    expect(value?.[1]).toEqual([
      { from: '08:00', to: '12:00' },
      { from: '13:00', to: '17:00' },
    ]);
    expect(value?.[6]).toEqual([{ from: '08:00', to: '12:00' }]);
    expect(value?.[0]).toEqual([]);
  });

  it('ignores the times of a closed day, and offers usual hours when a closed day is opened', () => {
    const { value, errors } = readHoursForm(withDay(3, { open: false, from: 'garbage' }));
    expect(errors).toEqual({});
    expect(value?.[3]).toEqual([]);
    expect(hoursToForm(value)[3]).toEqual({ open: false, from: '08:00', to: '17:00', from2: '', to2: '' });
  });

  it('names each problem by weekday and field', () => {
    const form = week().map((d, i) => {
      if (i === 1) return { ...d, to: '07:00' };
      if (i === 2) return { ...d, from: '' };
      if (i === 3) return { ...d, to: '12:00', from2: '11:30', to2: '17:00' };
      if (i === 4) return { ...d, to: '12:00', from2: '13:00' };
      if (i === 5) return { ...d, from: 'nine' };
      return d;
    });
    const { value, errors } = readHoursForm(form);
    expect(value).toBeUndefined();
    expect(errors).toEqual({
      '1.to': 'Must be after the opening time',
      '2.from': 'Enter the opening time',
      '3.from2': 'Must be after the first span ends',
      '4.to2': 'Enter when the second span ends, or clear both',
      '5.from': 'Use a time like 08:00 or 5:30 pm',
    });
  });

  it('refuses a second span that ends before it starts', () => {
    const { errors } = readHoursForm(withDay(1, { to: '12:00', from2: '16:00', to2: '13:00' }));
    expect(errors).toEqual({ '1.to2': 'Must be after the second span starts' });
  });
});

describe('BOOK-1: the closed days text', () => {
  it('reads dates one per line or comma separated, in either form, sorted without duplicates', () => {
    const text = '2026-12-25\n12/31/2026, 2027-01-01\r\n\n  2026-12-25 ;2026-11-26\n';
    expect(readClosedDaysForm(text)).toEqual({
      value: ['2026-11-26', '2026-12-25', '2026-12-31', '2027-01-01'],
      errors: {},
    });
    expect(readClosedDaysForm('  \n')).toEqual({ value: [], errors: {} });
  });

  it('names the line of each bad entry, telling an impossible date from something else', () => {
    const { value, errors } = readClosedDaysForm('2026-12-25\nChristmas\n2026-02-30');
    expect(value).toBeUndefined();
    expect(errors.closedDays).toBe(
      'Line 2: “Christmas” is not a date (use YYYY-MM-DD or MM/DD/YYYY); Line 3: 2026-02-30 is not a real date',
    );
  });

  it('lists three problems and counts the rest', () => {
    const { errors } = readClosedDaysForm(['a', 'b', 'c', 'd', 'e', '2026-12-25'].join('\n'));
    expect(errors.closedDays).toMatch(/^Line 1: .*; Line 2: .*; Line 3: [^;]*; and 2 more$/);
  });

  it('refuses more than 400 days', () => {
    const days = Array.from({ length: 401 }, (_, i) =>
      new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
    );
    expect(readClosedDaysForm(days.join('\n')).errors.closedDays).toBe(
      'At most 400 closed days: remove past ones',
    );
    expect(readClosedDaysForm(days.slice(0, 400).join(',')).value).toHaveLength(400);
  });

  it('shows stored days one per line in date order', () => {
    expect(closedDaysToText(['2026-12-31', '2026-12-25'])).toBe('2026-12-25\n2026-12-31');
    expect(closedDaysToText(undefined)).toBe('');
  });
});

describe('BOOK-1: the chair form', () => {
  it('reads a chair for the location, trimmed', () => {
    const form = { ...chairToForm(undefined, 3), name: '  Chair 4 ' };
    expect(readChairForm(form, { locationId: MAIN })).toEqual({
      value: { locationId: MAIN, name: 'Chair 4', order: 3, active: true },
      errors: {},
    });
  });

  it('round-trips a stored chair', () => {
    const chair = { locationId: MAIN, name: 'Bay 2', order: 1, active: false };
    expect(readChairForm(chairToForm(chair), { locationId: MAIN }).value).toEqual(chair);
  });

  it('requires a name no other chair has, and a whole order from 0 to 999', () => {
    expect(readChairForm({ name: ' ', order: '1', active: true }, { locationId: MAIN }).errors).toEqual({
      name: 'Required',
    });
    expect(
      readChairForm(
        { name: 'chair 1', order: '-1', active: true },
        { locationId: MAIN, takenNames: ['Chair 1'] },
      ).errors,
    ).toEqual({ name: 'Another chair already has this name', order: 'A whole number from 0 to 999' });
    expect(
      readChairForm({ name: 'x'.repeat(41), order: '1000', active: true }, { locationId: MAIN }).errors,
    ).toEqual({ name: 'At most 40 characters', order: 'A whole number from 0 to 999' });
  });

  it('never returns neither a value nor an error, even for a bad location from the caller', () => {
    const { value, errors } = readChairForm(
      { name: 'Chair', order: '1', active: true },
      { locationId: 'main' },
    );
    expect(value).toBeUndefined();
    expect(errors.name).toBeDefined();
  });
});

describe('BOOK-1: the appointment type form', () => {
  it('round-trips every starter type', () => {
    for (const type of STARTER_APPOINTMENT_TYPES) {
      expect(readAppointmentTypeForm(appointmentTypeToForm(type))).toEqual({ value: type, errors: {} });
    }
  });

  it('reads a color with or without # in any case, stored lowercase', () => {
    const form = {
      ...appointmentTypeToForm(),
      name: 'Wire check',
      stage: 'adjustment' as const,
      color: '7E22CE',
    };
    expect(readAppointmentTypeForm(form).value).toEqual({
      name: 'Wire check',
      stage: 'adjustment',
      minutes: 30,
      color: '#7e22ce',
      needsDoctor: true,
      active: true,
    });
  });

  it('names what is wrong: no stage, odd minutes, a taken name, a color white text cannot be read on', () => {
    const base = appointmentTypeToForm(STARTER_APPOINTMENT_TYPES[0]);
    expect(
      readAppointmentTypeForm(
        { ...base, name: 'adjustment', stage: '', minutes: '7', color: '#ffff00' },
        { takenNames: ['Adjustment'] },
      ),
    ).toEqual({
      errors: {
        name: 'Another appointment type already has this name',
        stage: 'Choose the stage this visit belongs to',
        minutes: 'Use a multiple of 5 minutes',
        color: 'Too light for white text: choose a darker color',
      },
    });
    const more = readAppointmentTypeForm({ ...base, name: '', minutes: '500', color: 'blue' }).errors;
    expect(more).toEqual({ name: 'Required', minutes: 'At most 8 hours', color: 'Use a color like #3366cc' });
    expect(readAppointmentTypeForm({ ...base, minutes: 'half an hour' }).errors.minutes).toBe(
      'Whole minutes, such as 30',
    );
  });
});

describe('BOOK-1: the provider work days form', () => {
  const stored: WorkDay[] = [
    { locationId: WEST, weekday: 1, from: '08:00', to: '12:00' },
    { locationId: MAIN, weekday: 2, from: '09:00', to: '17:00' },
    { locationId: MAIN, weekday: 4, from: '10:00', to: '19:00' },
  ];
  const names = new Map([[WEST, 'West office']]);

  it('shows one location’s week, unworked days starting from the location’s hours', () => {
    const form = workDaysToForm(stored, MAIN);
    expect(form.days[2]).toEqual({ works: true, from: '09:00', to: '17:00' });
    expect(form.days[4]).toEqual({ works: true, from: '10:00', to: '19:00' });
    expect(form.days[1]).toEqual({ works: false, from: '08:00', to: '17:00' });
    expect(form.days.filter((d) => d.works)).toHaveLength(2);
  });

  it('replaces this location’s days and keeps the other locations’ as they were', () => {
    const form = workDaysToForm(stored, MAIN);
    form.days[2] = { works: false, from: 'whatever', to: '' };
    form.days[1] = { works: true, from: '1 pm', to: '6pm' };
    form.days[5] = { works: true, from: '07:30', to: '15:00' };
    expect(readWorkDaysForm(form, { workDays: stored, locationNames: names })).toEqual({
      value: [
        { locationId: WEST, weekday: 1, from: '08:00', to: '12:00' },
        { locationId: MAIN, weekday: 1, from: '13:00', to: '18:00' },
        { locationId: MAIN, weekday: 4, from: '10:00', to: '19:00' },
        { locationId: MAIN, weekday: 5, from: '07:30', to: '15:00' },
      ],
      errors: {},
    });
  });

  it('allows back-to-back days at two locations but refuses overlapping ones', () => {
    const form = workDaysToForm(stored, MAIN);
    form.days[1] = { works: true, from: '12:00', to: '17:00' };
    expect(readWorkDaysForm(form, { workDays: stored }).errors).toEqual({});
    form.days[1] = { works: true, from: '11:00', to: '17:00' };
    expect(readWorkDaysForm(form, { workDays: stored, locationNames: names })).toEqual({
      errors: { '1.from': 'Already working at West office 8:00 AM–12:00 PM on Monday' },
    });
    expect(readWorkDaysForm(form, { workDays: stored }).errors['1.from']).toMatch(/at another location/);
  });

  it('names bad and missing times and an end before the start', () => {
    const form = workDaysToForm([], MAIN);
    form.days[1] = { works: true, from: '', to: '17:00' };
    form.days[2] = { works: true, from: '9', to: '' };
    form.days[3] = { works: true, from: '17:00', to: '09:00' };
    expect(readWorkDaysForm(form, { workDays: [] })).toEqual({
      errors: {
        '1.from': 'Enter when the day starts',
        '2.from': 'Use a time like 08:00 or 5:30 pm',
        '2.to': 'Enter when the day ends',
        '3.to': 'Must be after the start',
      },
    });
  });

  it('asks for a location, and refuses more than 50 working days in all', () => {
    expect(readWorkDaysForm({ ...workDaysToForm([], ''), locationId: '' }, { workDays: [] }).errors).toEqual({
      locationId: 'Choose a location',
    });
    const many: WorkDay[] = Array.from({ length: 49 }, (_, i) => ({
      locationId: `loc_x${String(i).padStart(7, '0')}`,
      weekday: 0,
      from: '08:00',
      to: '09:00',
    }));
    const form = workDaysToForm([], MAIN);
    form.days[6] = { works: true, from: '08:00', to: '12:00' };
    expect(readWorkDaysForm(form, { workDays: many }).value).toHaveLength(50);
    form.days[5] = { works: true, from: '08:00', to: '12:00' };
    expect(readWorkDaysForm(form, { workDays: many }).errors).toEqual({
      days: 'At most 50 working days across all locations',
    });
  });
});

describe('BOOK-2: the booking form', () => {
  const form = (overrides: Partial<BookingForm> = {}): BookingForm => ({
    ...emptyBookingForm('2026-12-01', '9:00', '30'),
    patientId: 'pat_a1b2c3d4',
    typeId: 'atyp_adjust01',
    chairId: 'chr_chair001',
    ...overrides,
  });
  const context = { locationId: MAIN, timeZone: CHICAGO };

  it('turns the local date and time at the location into the UTC start', () => {
    const { value, errors } = readBookingForm(form(), context);
    expect(errors).toEqual({});
    expect(value).toEqual({
      patientId: 'pat_a1b2c3d4',
      locationId: MAIN,
      chairId: 'chr_chair001',
      typeId: 'atyp_adjust01',
      start: '2026-12-01T15:00:00.000Z',
      minutes: 30,
    });
    expect(AppointmentFields.safeParse({ ...value, status: 'scheduled' }).success).toBe(true);
    expect(
      readBookingForm(form({ date: '07/01/2026', time: '2:30 pm', providerId: 'stf_doc00001' }), context)
        .value,
    ).toMatchObject({ start: '2026-07-01T19:30:00.000Z', providerId: 'stf_doc00001' });
  });

  it('refuses a time skipped when the clocks go forward, saying so', () => {
    const { value, errors } = readBookingForm(form({ date: '2026-03-08', time: '02:30' }), context);
    expect(value).toBeUndefined();
    expect(errors).toEqual({
      time: '2:30 AM does not exist on Sunday, March 8 (the clocks go forward): choose another time',
    });
    expect(readBookingForm(form({ date: '2026-03-08', time: '03:00' }), context).value?.start).toBe(
      '2026-03-08T08:00:00.000Z',
    );
  });

  it('books the first of a time that happens twice when the clocks go back', () => {
    expect(readBookingForm(form({ date: '2026-11-01', time: '01:30' }), context).value?.start).toBe(
      '2026-11-01T06:30:00.000Z',
    );
  });

  it('round-trips an existing appointment through the form', () => {
    const stored = {
      patientId: 'pat_a1b2c3d4',
      typeId: 'atyp_adjust01',
      chairId: 'chr_chair001',
      providerId: 'stf_doc00001',
      start: '2026-12-01T23:45:00.000Z',
      minutes: 45,
    };
    const shown = appointmentToBookingForm(stored, CHICAGO);
    expect(shown).toMatchObject({
      date: '2026-12-01',
      time: '17:45',
      minutes: '45',
      providerId: 'stf_doc00001',
    });
    expect(readBookingForm(shown, context).value).toEqual({ ...stored, locationId: MAIN });
  });

  it('names every missing or bad field', () => {
    const { value, errors } = readBookingForm(
      {
        patientId: '',
        typeId: ' ',
        chairId: 'chair 1',
        providerId: 'Dr. Lee',
        date: '2026-02-30',
        time: '25:00',
        minutes: '7',
      },
      context,
    );
    expect(value).toBeUndefined();
    expect(errors).toEqual({
      patientId: 'Choose a patient',
      typeId: 'Choose an appointment type',
      chairId: 'Choose a chair',
      providerId: 'Choose a provider, or none',
      date: 'Use YYYY-MM-DD or MM/DD/YYYY',
      time: 'Use a time like 08:00 or 5:30 pm',
      minutes: 'Use a multiple of 5 minutes',
    });
    expect(readBookingForm(form({ date: '', time: '', minutes: '' }), context).errors).toEqual({
      date: 'Enter the date',
      time: 'Enter the time',
      minutes: 'Whole minutes, such as 30',
    });
    expect(readBookingForm(form({ minutes: '0' }), context).errors.minutes).toBe(
      'Between 5 minutes and 8 hours',
    );
    expect(readBookingForm(form({ minutes: '485' }), context).errors.minutes).toBe(
      'Between 5 minutes and 8 hours',
    );
  });
});

describe('a provider’s working days in words, and patients at once', () => {
  it('says whenever open with no working days, not here when they work elsewhere only, and lists the days', () => {
    expect(workDaysSummary(undefined, 'loc_main00000000')).toBe('Whenever the location is open');
    const days = [
      { locationId: 'loc_main00000000', weekday: 1, from: '08:00', to: '17:00' },
      { locationId: 'loc_main00000000', weekday: 3, from: '08:00', to: '12:00' },
      { locationId: 'loc_north0000000', weekday: 2, from: '08:00', to: '17:00' },
    ];
    expect(workDaysSummary(days, 'loc_main00000000')).toBe('Mon 08:00–17:00, Wed 08:00–12:00');
    expect(workDaysSummary(days, 'loc_south0000000')).toBe('Not at this location');
  });

  it('takes a whole number from 1 to 12 or nothing for patients seen at once', () => {
    expect(readPatientsAtOnce(' ')).toEqual({ value: undefined });
    expect(readPatientsAtOnce('4')).toEqual({ value: 4 });
    for (const bad of ['0', '13', '2.5', 'two'])
      expect(readPatientsAtOnce(bad).error).toBe('A whole number from 1 to 12, or empty for the usual');
  });
});
