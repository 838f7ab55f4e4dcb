import { describe, expect, it } from 'vitest';
import { DEFAULT_HOURS } from './schedule.schema.ts';
import {
  checkReminderTemplateBody,
  closedWeekdaysOf,
  DEFAULT_REMINDER_BODY,
  nextBusinessDay,
  remindersFor,
  renderReminder,
  spokenAppointmentTime,
  type ReminderAppointment,
  type ReminderParty,
  type ReminderPatient,
  type RemindersInput,
} from './reminders.ts';

const DAY = '2026-12-01'; // a Tuesday

const emma: ReminderPatient = {
  id: 'pat_emma0000',
  firstName: 'Emma',
  lastName: 'Rivera',
  preferredName: 'Em',
  dateOfBirth: '1990-05-05',
  phone: '+15125550111',
  email: 'emma@example.com',
  preferredChannel: 'text',
};

const leo: ReminderPatient = {
  id: 'pat_leo00000',
  firstName: 'Leo',
  lastName: 'Park',
  dateOfBirth: '2013-06-01',
  phone: '+15125550122',
  preferredChannel: 'text',
};

const mom: ReminderParty = {
  id: 'rp_mom000000',
  firstName: 'Maria',
  lastName: 'Park',
  phone: '+15125550133',
  email: 'maria@example.com',
  preferredChannel: 'email',
};

const dad: ReminderParty = {
  id: 'rp_dad000000',
  firstName: 'Sam',
  lastName: 'Park',
  phone: '+15125550144',
};

const appointment = (overrides: Partial<ReminderAppointment> = {}): ReminderAppointment => ({
  id: 'apt_a0000000',
  patientId: emma.id,
  locationId: 'loc_main0000',
  typeId: 'apt_type_adj',
  start: '2026-12-01T15:00:00.000Z', // 9:00 AM in Chicago
  status: 'scheduled',
  ...overrides,
});

const input = (overrides: Partial<RemindersInput> = {}): RemindersInput => ({
  day: DAY,
  appointments: [appointment()],
  patients: [emma, leo],
  parties: [mom, dad],
  links: [
    { patientId: leo.id, partyId: dad.id, relationship: 'father', isGuarantor: false },
    { patientId: leo.id, partyId: mom.id, relationship: 'mother', isGuarantor: true },
  ],
  types: [
    { id: 'apt_type_adj', name: 'Adjustment' },
    { id: 'apt_type_deb', name: 'Debond (braces off)' },
  ],
  locations: [
    { id: 'loc_main0000', name: 'Main office' },
    { id: 'loc_west0000', name: 'West office', timeZone: 'America/Denver' },
  ],
  practice: { name: 'Bright Smiles Orthodontics', phone: '+15125550123', timeZone: 'America/Chicago' },
  ...overrides,
});

describe('REMIND-1: the reminders queue', () => {
  it('renders the default reminder with the date and time at the location', () => {
    const [row] = remindersFor(input());
    expect(row).toEqual({
      appointmentId: 'apt_a0000000',
      patientId: emma.id,
      start: '2026-12-01T15:00:00.000Z',
      when: 'Tuesday, December 1 at 9:00 AM',
      channel: 'text',
      to: '+15125550111',
      recipient: { kind: 'patient' },
      message:
        'Bright Smiles Orthodontics: a reminder that Em has an appointment (Adjustment) on Tuesday, December 1 at 9:00 AM, Main office. To reschedule, please call (512) 555-0123.',
      missing: [],
      confirmed: false,
    });
  });

  it('LOC-3: asks to call the appointment location’s own number when it has one', () => {
    const [row] = remindersFor(
      input({
        locations: [
          { id: 'loc_main0000', name: 'Main office', phone: '+15125550999' },
          { id: 'loc_west0000', name: 'West office', timeZone: 'America/Denver' },
        ],
      }),
    );
    expect(row?.message).toContain('please call (512) 555-0999.');
  });

  it('lists only scheduled and confirmed visits of that local day, earliest first, confirmed ones as done', () => {
    const rows = remindersFor(
      input({
        appointments: [
          appointment({ id: 'apt_late0000', start: '2026-12-02T05:30:00.000Z' }), // 11:30 PM on Dec 1 in Chicago
          appointment({ id: 'apt_conf0000', start: '2026-12-01T14:00:00.000Z', status: 'confirmed' }),
          appointment({ id: 'apt_next0000', start: '2026-12-02T06:30:00.000Z' }), // 00:30 on Dec 2
          appointment({ id: 'apt_prev0000', start: '2026-12-01T05:30:00.000Z' }), // 11:30 PM on Nov 30
          appointment({ id: 'apt_canc0000', status: 'cancelled' }),
          appointment({ id: 'apt_miss0000', status: 'missed' }),
          appointment({ id: 'apt_resc0000', status: 'rescheduled' }),
          appointment({ id: 'apt_arrv0000', status: 'arrived' }),
          appointment({ id: 'apt_sched000', start: '2026-12-01T15:00:00.000Z' }),
        ],
      }),
    );
    expect(rows.map((r) => [r.appointmentId, r.confirmed])).toEqual([
      ['apt_conf0000', true],
      ['apt_sched000', false],
      ['apt_late0000', false],
    ]);
    expect(rows[2]!.when).toBe('Tuesday, December 1 at 11:30 PM');
  });

  it('uses the time zone of the location when it has its own', () => {
    const rows = remindersFor(
      input({
        appointments: [appointment({ locationId: 'loc_west0000', start: '2026-12-01T16:00:00.000Z' })],
      }),
    );
    expect(rows[0]!.when).toBe('Tuesday, December 1 at 9:00 AM');
    expect(rows[0]!.message).toContain('West office');
  });

  it('CAL-5: keeps a 9:00 visit at 9:00 AM the day after the clocks change', () => {
    const rows = remindersFor(
      input({ day: '2026-03-09', appointments: [appointment({ start: '2026-03-09T14:00:00.000Z' })] }),
    );
    expect(rows[0]!.when).toBe('Monday, March 9 at 9:00 AM');
  });

  it('REMIND-2: sends a minor’s reminder to the guarantor parent, by their preferred channel', () => {
    const [row] = remindersFor(
      input({
        appointments: [appointment({ patientId: leo.id })],
        template: 'Hi {{party.firstName}}, {{patient.firstName}} is due {{appointment.date}}.',
      }),
    );
    expect(row).toMatchObject({
      channel: 'email',
      to: 'maria@example.com',
      recipient: { kind: 'party', partyId: mom.id, relationship: 'mother' },
      message: 'Hi Maria, Leo is due Tuesday, December 1.',
    });
  });

  it('COMM-102: a flagged parent is passed over for the next one; a flagged patient gets no reminder', () => {
    const viaDad = remindersFor(
      input({
        appointments: [appointment({ patientId: leo.id })],
        parties: [{ ...mom, doNotContact: true }, dad],
      }),
    );
    expect(viaDad[0]).toMatchObject({ recipient: { kind: 'party', partyId: dad.id }, channel: 'text' });
    expect(viaDad[0]!.doNotContact).toBeUndefined();

    const [flagged] = remindersFor(input({ patients: [{ ...emma, doNotContact: true }, leo] }));
    expect(flagged).toMatchObject({ channel: 'none', recipient: { kind: 'patient' }, doNotContact: true });
    expect(flagged!.to).toBeUndefined();

    const [nobody] = remindersFor(
      input({
        appointments: [appointment({ patientId: leo.id })],
        patients: [emma, { ...leo, phone: undefined }],
        parties: [
          { ...mom, doNotContact: true },
          { ...dad, doNotContact: true },
        ],
      }),
    );
    expect(nobody).toMatchObject({ channel: 'none', doNotContact: true });
  });

  it('REMIND-2: prefers the guarantor over a parent listed first by relationship', () => {
    const [row] = remindersFor(
      input({
        appointments: [appointment({ patientId: leo.id })],
        links: [
          { patientId: leo.id, partyId: mom.id, relationship: 'mother', isGuarantor: false },
          { patientId: leo.id, partyId: dad.id, relationship: 'father', isGuarantor: true },
        ],
      }),
    );
    expect(row!.recipient).toEqual({ kind: 'party', partyId: dad.id, relationship: 'father' });
  });

  it('REMIND-2, REMIND-3: falls back to the patient’s own preference for a parent without one, and to the teen when no parent can be reached', () => {
    const viaDad = remindersFor(
      input({
        appointments: [appointment({ patientId: leo.id })],
        links: [{ patientId: leo.id, partyId: dad.id, relationship: 'father', isGuarantor: false }],
      }),
    )[0]!;
    expect(viaDad).toMatchObject({
      channel: 'text',
      to: dad.phone,
      recipient: { kind: 'party', partyId: dad.id },
    });

    const unreachable = { ...mom, phone: undefined, email: undefined };
    const teen = remindersFor(
      input({
        appointments: [appointment({ patientId: leo.id })],
        parties: [unreachable],
        links: [{ patientId: leo.id, partyId: mom.id, relationship: 'mother', isGuarantor: true }],
      }),
    )[0]!;
    expect(teen).toMatchObject({ channel: 'text', to: leo.phone, recipient: { kind: 'patient' } });
  });

  it('REMIND-2: reaches an adult directly, and through a linked party only when the adult has no phone or email', () => {
    const links = [
      { patientId: emma.id, partyId: dad.id, relationship: 'spouse' as const, isGuarantor: true },
    ];
    expect(remindersFor(input({ links }))[0]!.recipient).toEqual({ kind: 'patient' });
    const noContact = { ...emma, phone: undefined, email: undefined };
    expect(remindersFor(input({ links, patients: [noContact] }))[0]).toMatchObject({
      channel: 'text',
      to: dad.phone,
      recipient: { kind: 'party', partyId: dad.id, relationship: 'spouse' },
    });
  });

  it('REMIND-2: treats a patient without a date of birth as an adult', () => {
    const noBirthday = { ...leo, dateOfBirth: undefined };
    const [row] = remindersFor(
      input({ patients: [noBirthday], appointments: [appointment({ patientId: leo.id })] }),
    );
    expect(row!.recipient).toEqual({ kind: 'patient' });
  });

  it('REMIND-3: picks the preferred channel when its address is on file, otherwise text, otherwise email', () => {
    const channelOf = (patient: ReminderPatient) =>
      remindersFor(input({ patients: [patient] })).map((r) => [r.channel, r.to])[0];
    expect(channelOf({ ...emma, preferredChannel: 'email' })).toEqual(['email', 'emma@example.com']);
    expect(channelOf({ ...emma, preferredChannel: 'phone' })).toEqual(['phone', '+15125550111']);
    expect(channelOf({ ...emma, preferredChannel: 'email', email: undefined })).toEqual([
      'text',
      '+15125550111',
    ]);
    expect(channelOf({ ...emma, preferredChannel: 'mail' })).toEqual(['text', '+15125550111']);
    expect(channelOf({ ...emma, preferredChannel: 'portal', phone: undefined })).toEqual([
      'email',
      'emma@example.com',
    ]);
    expect(channelOf({ ...emma, phone: undefined, altPhone: '+15125550199' })).toEqual([
      'text',
      '+15125550199',
    ]);
    expect(channelOf({ ...emma, phone: undefined, email: undefined })).toEqual(['none', undefined]);
  });

  it('REMIND-4: shows what is unknown as [Label] and lists it, rather than dropping the visit', () => {
    const [row] = remindersFor(
      input({
        appointments: [appointment({ typeId: 'apt_gone0000', locationId: 'loc_gone0000' })],
        practice: { name: 'Bright Smiles Orthodontics', timeZone: 'America/Chicago' },
      }),
    );
    expect(row!.message).toBe(
      'Bright Smiles Orthodontics: a reminder that Em has an appointment ([Appointment type]) on Tuesday, December 1 at 9:00 AM, [Appointment location]. To reschedule, please call [Practice phone].',
    );
    expect(row!.missing).toEqual(['appointment.type', 'appointment.location', 'practice.phone']);
  });

  it('lists a visit whose patient record is not loaded, with no way to reach them', () => {
    const [row] = remindersFor(input({ patients: [] }));
    expect(row).toMatchObject({ channel: 'none', recipient: { kind: 'patient' } });
    expect(row!.to).toBeUndefined();
    expect(row!.missing).toContain('patient.preferredName');
  });
});

describe('REMIND-4: rendering a reminder', () => {
  it('inserts values once: a name that looks like a merge field stays as typed', () => {
    const rendered = renderReminder(
      '{{appointment.location}} / {{ patient.firstName }} / {{appointment.type}} / {{nope}}',
      { 'patient.firstName': '{{appointment.type}}' },
      { 'appointment.location': '{{patient.firstName}}', 'appointment.type': 'Debond' },
    );
    expect(rendered.text).toBe('{{patient.firstName}} / {{appointment.type}} / Debond / {{nope}}');
    expect(rendered.missing).toEqual([]);
  });

  it('accepts the appointment fields in a reminder template, and still reports real problems', () => {
    expect(checkReminderTemplateBody(DEFAULT_REMINDER_BODY)).toEqual([]);
    expect(checkReminderTemplateBody('{{ appointment.time }} {{appointment.room}} {{')).toEqual([
      { path: 'body', message: 'Unknown merge field {{ appointment.room }}' },
      { path: 'body', message: 'A {{ is not closed with }}' },
    ]);
  });

  it('says times the way people read them', () => {
    expect(spokenAppointmentTime('2026-12-01T06:15:00.000Z', 'America/Chicago').when).toBe(
      'Tuesday, December 1 at 12:15 AM',
    );
    expect(spokenAppointmentTime('2026-12-01T18:05:00.000Z', 'America/Chicago')).toEqual({
      date: 'Tuesday, December 1',
      time: '12:05 PM',
      when: 'Tuesday, December 1 at 12:05 PM',
    });
    expect(spokenAppointmentTime('2026-12-01T15:00:00.000Z', 'America/New_York').when).toBe(
      'Tuesday, December 1 at 10:00 AM',
    );
  });
});

describe('REMIND-1: the next business day', () => {
  const weekends = [0, 6];

  it('is tomorrow on an ordinary weekday', () => {
    expect(nextBusinessDay('2026-12-01', weekends, [])).toBe('2026-12-02');
  });

  it('is Monday on a Friday when weekends are closed, and Saturday when they are not', () => {
    expect(nextBusinessDay('2026-11-27', weekends, [])).toBe('2026-11-30');
    expect(nextBusinessDay('2026-11-27', [0], [])).toBe('2026-11-28');
  });

  it('skips closed days, across the end of a year', () => {
    expect(nextBusinessDay('2026-12-24', weekends, ['2026-12-25'])).toBe('2026-12-28');
    expect(nextBusinessDay('2026-12-31', weekends, ['2027-01-01'])).toBe('2027-01-04');
    expect(nextBusinessDay('2028-02-28', weekends, [])).toBe('2028-02-29');
  });

  it('is the next calendar day when every weekday is closed, rather than searching forever', () => {
    expect(nextBusinessDay('2026-12-01', [0, 1, 2, 3, 4, 5, 6], [])).toBe('2026-12-02');
  });

  it('refuses a today that is not a date', () => {
    expect(() => nextBusinessDay('2026-02-30', weekends, [])).toThrow(RangeError);
    expect(() => nextBusinessDay('tomorrow', weekends, [])).toThrow(RangeError);
  });

  it('reads the closed weekdays from a location’s hours', () => {
    expect(closedWeekdaysOf(undefined)).toEqual([0, 6]);
    const hours = DEFAULT_HOURS.map((spans, day) => (day === 5 ? [] : spans));
    expect(closedWeekdaysOf(hours)).toEqual([0, 5, 6]);
  });
});
