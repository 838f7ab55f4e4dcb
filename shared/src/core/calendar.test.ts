import { describe, expect, it } from 'vitest';
import {
  addDays,
  ageOn,
  dayBounds,
  displayInstant,
  displayLocalDate,
  displayLocalTime,
  displayTimeRange,
  formatLocalTime,
  instantAt,
  instantFromLocal,
  isValidLocalDate,
  localDateInZone,
  localDateOf,
  localInputValue,
  minuteOfDay,
  offsetMinutesAt,
  parseLocalDateInput,
  parseLocalTime,
  timeAgo,
  weekStart,
  weekdayOf,
  weeksCovering,
} from './calendar.ts';

describe('local dates', () => {
  it('CAL-1: knows leap years', () => {
    expect(isValidLocalDate('2012-02-29')).toBe(true);
    expect(isValidLocalDate('2013-02-29')).toBe(false);
    expect(isValidLocalDate('1900-02-29')).toBe(false);
    expect(isValidLocalDate('2000-02-29')).toBe(true);
  });

  it('CAL-2: reads the ways people type a birthday', () => {
    expect(parseLocalDateInput('2012-03-04')).toBe('2012-03-04');
    expect(parseLocalDateInput('3/4/2012')).toBe('2012-03-04');
    expect(parseLocalDateInput('03-04-2012')).toBe('2012-03-04');
    expect(parseLocalDateInput('03042012')).toBe('2012-03-04');
    expect(parseLocalDateInput(' 12/31/1999 ')).toBe('1999-12-31');
  });

  it('CAL-2: refuses impossible and two-digit-year dates', () => {
    expect(parseLocalDateInput('2/30/2012')).toBeNull();
    expect(parseLocalDateInput('3/4/12')).toBeNull();
    expect(parseLocalDateInput('yesterday')).toBeNull();
  });

  it('CAL-3: computes age on a date, turning older on the birthday itself', () => {
    expect(ageOn('2012-03-04', '2026-03-03')).toBe(13);
    expect(ageOn('2012-03-04', '2026-03-04')).toBe(14);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });

  it('CAL-4: finds the practice-local date of an instant', () => {
    const lateEvening = new Date('2026-11-26T03:30:00Z');
    expect(localDateInZone(lateEvening, 'America/Chicago')).toBe('2026-11-25');
    expect(localDateInZone(lateEvening, 'Europe/Berlin')).toBe('2026-11-26');
  });

  it('CAL-4: the local date agrees with Intl hour by hour through a year, across daylight saving', () => {
    for (const timeZone of ['America/Chicago', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC']) {
      const intl = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 3_600_000 - 60_000) {
        const instant = new Date(ms);
        expect(localDateInZone(instant, timeZone), `${instant.toISOString()} in ${timeZone}`).toBe(
          intl.format(instant),
        );
      }
    }
  });

  it('CAL-2: shows dates in US order', () => {
    expect(displayLocalDate('2012-03-04')).toBe('03/04/2012');
  });
});

describe('CAL-4: instants', () => {
  it('are shown in the practice time zone, not the device one', () => {
    expect(displayInstant('2026-11-26T03:30:00.000Z', 'America/Chicago')).toBe('Nov 25, 2026, 9:30 PM');
    expect(displayInstant('2026-11-26T03:30:00.000Z', 'America/New_York')).toBe('Nov 25, 2026, 10:30 PM');
  });

  it('read as a short "ago" for recent events', () => {
    const now = Date.parse('2026-11-25T12:00:00.000Z');
    expect(timeAgo('2026-11-25T11:59:50.000Z', now)).toBe('just now');
    expect(timeAgo('2026-11-25T11:55:00.000Z', now)).toBe('5 min ago');
    expect(timeAgo('2026-11-25T09:00:00.000Z', now)).toBe('3 h ago');
    expect(timeAgo('2026-11-18T12:00:00.000Z', now)).toBe('7 days ago');
  });
});

describe('CAL-5: wall-clock times typed at the practice', () => {
  it('become the UTC instant of that time in the practice zone', () => {
    expect(instantFromLocal('2026-12-01T09:00', 'America/Chicago')).toBe('2026-12-01T15:00:00.000Z');
    expect(instantFromLocal('2026-07-01T09:00', 'America/Chicago')).toBe('2026-07-01T14:00:00.000Z');
  });

  it('keep 9:00 at 9:00 on both sides of a daylight-saving change', () => {
    const before = instantFromLocal('2026-03-07T09:00', 'America/New_York')!;
    const after = instantFromLocal('2026-03-09T09:00', 'America/New_York')!;
    expect(localInputValue(before, 'America/New_York')).toBe('2026-03-07T09:00');
    expect(localInputValue(after, 'America/New_York')).toBe('2026-03-09T09:00');
    expect(Date.parse(after) - Date.parse(before)).toBe(2 * 24 * 3600_000 - 3600_000);
  });

  it('move a time skipped by the spring change forward, and take the first of a repeated hour', () => {
    expect(
      localInputValue(instantFromLocal('2026-03-08T02:30', 'America/New_York')!, 'America/New_York'),
    ).toBe('2026-03-08T03:30');
    expect(instantFromLocal('2026-11-01T01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
  });

  it('refuse text that is not a real date and time', () => {
    expect(instantFromLocal('2026-02-30T09:00', 'America/Chicago')).toBeNull();
    expect(instantFromLocal('tomorrow at nine', 'America/Chicago')).toBeNull();
  });
});

describe('CAL-5: a local time that happens twice (clocks going back)', () => {
  it('is read as its first occurrence east of UTC too', () => {
    // London 2026-10-25 01:30 happens at 00:30Z (BST) and again at 01:30Z (GMT).
    expect(instantFromLocal('2026-10-25T01:30', 'Europe/London')).toBe('2026-10-25T00:30:00.000Z');
    // Sydney 2026-04-05 02:30 happens at 15:30Z (AEDT) and again at 16:30Z (AEST).
    expect(instantFromLocal('2026-04-05T02:30', 'Australia/Sydney')).toBe('2026-04-04T15:30:00.000Z');
  });
});

const CHICAGO = 'America/Chicago';
const HOUR = 3_600_000;

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

const hoursLong = (bounds: { start: string; end: string }) =>
  (Date.parse(bounds.end) - Date.parse(bounds.start)) / HOUR;

/** Intl's own reading of an instant, as an independent reference. */
function intlReading(ms: number, timeZone: string): { date: string; minute: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    minute: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

describe('CAL-4: reading an instant in the location zone', () => {
  it('gives the local date, which can differ from the UTC date', () => {
    expect(localDateOf('2026-03-09T04:30:00.000Z', CHICAGO)).toBe('2026-03-08');
    expect(localDateOf('2026-03-09T04:30:00.000Z', 'UTC')).toBe('2026-03-09');
    expect(localDateOf('2026-03-08T14:30:00.000Z', 'Australia/Sydney')).toBe('2026-03-09');
  });

  it('gives the wall-clock minute of the day', () => {
    expect(minuteOfDay('2026-03-06T15:00:00.000Z', CHICAGO)).toBe(540);
    expect(minuteOfDay('2026-03-09T14:00:00.000Z', CHICAGO)).toBe(540);
    expect(minuteOfDay('2026-03-09T05:59:00.000Z', CHICAGO)).toBe(59);
    expect(minuteOfDay('2026-07-01T04:15:00.000Z', 'Asia/Kathmandu')).toBe(600);
  });

  it('reads the offset in minutes, west of UTC negative', () => {
    expect(offsetMinutesAt(Date.parse('2026-01-15T12:00:00.000Z'), CHICAGO)).toBe(-360);
    expect(offsetMinutesAt(Date.parse('2026-07-15T12:00:00.000Z'), CHICAGO)).toBe(-300);
    expect(offsetMinutesAt(Date.parse('2026-07-15T12:00:00.000Z'), 'Asia/Kolkata')).toBe(330);
  });

  it('agrees with Intl for random instants in zones with DST, half hours and quarter hours', () => {
    const rand = random(0x5c4ed);
    const zones = [CHICAGO, 'Europe/London', 'Australia/Sydney', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
    const from = Date.parse('2025-01-01T00:00:00.000Z');
    for (let i = 0; i < 2000; i++) {
      const ms = from + rand(3 * 365 * 24 * 60) * 60_000;
      const zone = zones[rand(zones.length - 1)]!;
      const iso = new Date(ms).toISOString();
      const expected = intlReading(ms, zone);
      expect({ date: localDateOf(iso, zone), minute: minuteOfDay(iso, zone) }).toEqual(expected);
    }
  });

  it('refuses text that is not an instant', () => {
    expect(() => localDateOf('soon', CHICAGO)).toThrow(RangeError);
    expect(() => minuteOfDay('', CHICAGO)).toThrow(RangeError);
  });
});

describe('CAL-5: the instant of a local time', () => {
  it('keeps 9:00 at 9:00 across the spring change in Chicago', () => {
    expect(instantAt('2026-03-06', 540, CHICAGO)).toBe('2026-03-06T15:00:00.000Z');
    expect(instantAt('2026-03-08', 540, CHICAGO)).toBe('2026-03-08T14:00:00.000Z');
    expect(instantAt('2026-03-09', 540, CHICAGO)).toBe('2026-03-09T14:00:00.000Z');
  });

  it('keeps 9:00 at 9:00 across the fall change in Chicago', () => {
    expect(instantAt('2026-10-30', 540, CHICAGO)).toBe('2026-10-30T14:00:00.000Z');
    expect(instantAt('2026-11-01', 540, CHICAGO)).toBe('2026-11-01T15:00:00.000Z');
    expect(instantAt('2026-11-02', 540, CHICAGO)).toBe('2026-11-02T15:00:00.000Z');
  });

  it('moves a time skipped by the spring change forward by the gap', () => {
    const skipped = instantAt('2026-03-08', parseLocalTime('02:30'), CHICAGO);
    expect(skipped).toBe('2026-03-08T08:30:00.000Z');
    expect(minuteOfDay(skipped, CHICAGO)).toBe(parseLocalTime('03:30'));
  });

  it('takes the first of a repeated hour', () => {
    expect(instantAt('2026-11-01', parseLocalTime('01:30'), CHICAGO)).toBe('2026-11-01T06:30:00.000Z');
    expect(instantAt('2026-10-25', parseLocalTime('01:30'), 'Europe/London')).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('keeps 9:00 at 9:00 across both changes in London and Sydney', () => {
    expect(instantAt('2026-03-27', 540, 'Europe/London')).toBe('2026-03-27T09:00:00.000Z');
    expect(instantAt('2026-03-30', 540, 'Europe/London')).toBe('2026-03-30T08:00:00.000Z');
    expect(instantAt('2026-04-03', 540, 'Australia/Sydney')).toBe('2026-04-02T22:00:00.000Z');
    expect(instantAt('2026-04-06', 540, 'Australia/Sydney')).toBe('2026-04-05T23:00:00.000Z');
    expect(instantAt('2026-10-02', 540, 'Australia/Sydney')).toBe('2026-10-01T23:00:00.000Z');
    expect(instantAt('2026-10-05', 540, 'Australia/Sydney')).toBe('2026-10-04T22:00:00.000Z');
  });

  it('is the earliest instant Intl reads as that time, for every quarter hour around DST changes', () => {
    const days: [string, string][] = [
      [CHICAGO, '2026-03-08'],
      [CHICAGO, '2026-11-01'],
      ['Europe/London', '2026-03-29'],
      ['Europe/London', '2026-10-25'],
      ['Australia/Sydney', '2026-04-05'],
      ['Australia/Sydney', '2026-10-04'],
      ['Australia/Lord_Howe', '2026-04-05'],
      ['America/Santiago', '2026-09-06'],
      ['America/Santiago', '2026-04-04'],
    ];
    for (const [zone, day] of days) {
      // Every instant of the surrounding days by quarter hour, read by Intl: the first instant
      // with each reading is the expected answer; a reading never seen was skipped by the change.
      const earliest = new Map<string, number>();
      const first = Date.parse(`${addDays(day, -1)}T00:00:00.000Z`) - 15 * HOUR;
      const last = Date.parse(`${addDays(day, 2)}T00:00:00.000Z`) + 15 * HOUR;
      for (let ms = first; ms < last; ms += 15 * 60_000) {
        const { date, minute } = intlReading(ms, zone);
        const key = `${date}T${formatLocalTime(minute)}`;
        if (!earliest.has(key)) earliest.set(key, ms);
      }
      for (const date of [addDays(day, -1), day, addDays(day, 1)]) {
        for (let minute = 0; minute < 1440; minute += 15) {
          const local = `${date}T${formatLocalTime(minute)}`;
          const seen = earliest.get(local);
          // In the gap, instantFromLocal's rule: forward by the gap.
          const expected = seen === undefined ? instantFromLocal(local, zone) : new Date(seen).toISOString();
          expect(instantAt(date, minute, zone), `${zone} ${local}`).toBe(expected);
        }
      }
    }
  });

  it('reads back as the same local date and minute, except in a skipped hour', () => {
    for (let minute = 0; minute < 1440; minute += 5) {
      const iso = instantAt('2026-03-08', minute, CHICAGO);
      const skipped = minute >= 120 && minute < 180;
      expect(localDateOf(iso, CHICAGO)).toBe('2026-03-08');
      expect(minuteOfDay(iso, CHICAGO)).toBe(skipped ? minute + 60 : minute);
    }
  });

  it('refuses a date that does not exist', () => {
    expect(() => instantAt('2026-02-30', 540, CHICAGO)).toThrow(RangeError);
  });
});

describe('CAL-6: the bounds of a local day', () => {
  it('are 24 hours on an ordinary day', () => {
    expect(dayBounds('2026-03-09', CHICAGO)).toEqual({
      start: '2026-03-09T05:00:00.000Z',
      end: '2026-03-10T05:00:00.000Z',
    });
  });

  it('are 23 hours on the spring change and 25 on the fall change in Chicago', () => {
    const spring = dayBounds('2026-03-08', CHICAGO);
    expect(spring).toEqual({ start: '2026-03-08T06:00:00.000Z', end: '2026-03-09T05:00:00.000Z' });
    expect(hoursLong(spring)).toBe(23);
    const fall = dayBounds('2026-11-01', CHICAGO);
    expect(fall).toEqual({ start: '2026-11-01T05:00:00.000Z', end: '2026-11-02T06:00:00.000Z' });
    expect(hoursLong(fall)).toBe(25);
  });

  it('are 23 and 25 hours on the change days in London and Sydney', () => {
    expect(hoursLong(dayBounds('2026-03-29', 'Europe/London'))).toBe(23);
    expect(hoursLong(dayBounds('2026-10-25', 'Europe/London'))).toBe(25);
    expect(dayBounds('2026-04-05', 'Australia/Sydney')).toEqual({
      start: '2026-04-04T13:00:00.000Z',
      end: '2026-04-05T14:00:00.000Z',
    });
    expect(hoursLong(dayBounds('2026-10-04', 'Australia/Sydney'))).toBe(23);
  });

  it('start when the day does where midnight itself is skipped (Santiago)', () => {
    const bounds = dayBounds('2026-09-06', 'America/Santiago');
    expect(bounds).toEqual({ start: '2026-09-06T04:00:00.000Z', end: '2026-09-07T03:00:00.000Z' });
    expect(localDateOf(bounds.start, 'America/Santiago')).toBe('2026-09-06');
    expect(localDateOf(new Date(Date.parse(bounds.start) - 1).toISOString(), 'America/Santiago')).toBe(
      '2026-09-05',
    );
  });

  it('tile the calendar: each day ends where the next begins', () => {
    let date = '2026-02-20';
    for (let i = 0; i < 300; i++) {
      const next = addDays(date, 1);
      expect(dayBounds(date, CHICAGO).end).toBe(dayBounds(next, CHICAGO).start);
      date = next;
    }
  });
});

describe('calendar arithmetic', () => {
  it('CAL-1: adds days across months, years and leap days, and subtracts them', () => {
    expect(addDays('2026-03-07', 2)).toBe('2026-03-09');
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(() => addDays('2026-03-01', 0.5)).toThrow(RangeError);
  });

  it('CAL-7: names the weekday, 0 for Sunday', () => {
    expect(weekdayOf('2026-03-08')).toBe(0);
    expect(weekdayOf('2026-03-09')).toBe(1);
    expect(weekdayOf('2026-03-14')).toBe(6);
    expect(weekdayOf('1969-12-31')).toBe(3);
    let date = '2024-12-25';
    for (let i = 0; i < 800; i++) {
      expect(weekdayOf(date)).toBe(new Date(`${date}T12:00:00Z`).getUTCDay());
      date = addDays(date, 1);
    }
  });

  it('CAL-7: starts a week on its Monday', () => {
    expect(weekStart('2026-03-09')).toBe('2026-03-09');
    expect(weekStart('2026-03-08')).toBe('2026-03-02');
    expect(weekStart('2026-03-14')).toBe('2026-03-09');
    expect(weekStart('2027-01-01')).toBe('2026-12-28');
  });

  it('CAL-7: lists the weeks (their Mondays) a range of days needs, both ends included', () => {
    expect(weeksCovering('2026-11-25', '2026-12-07')).toEqual(['2026-11-23', '2026-11-30', '2026-12-07']);
    expect(weeksCovering('2026-11-29', '2026-11-29')).toEqual(['2026-11-23']);
    expect(weeksCovering('2026-12-28', '2027-01-04')).toEqual(['2026-12-28', '2027-01-04']);
  });
});

describe('CAL-8: times of day', () => {
  it('read HH:MM as minutes after midnight', () => {
    expect(parseLocalTime('08:30')).toBe(510);
    expect(parseLocalTime('00:00')).toBe(0);
    expect(parseLocalTime('23:59')).toBe(1439);
    expect(parseLocalTime('24:00')).toBe(1440);
  });

  it('refuse anything that is not HH:MM', () => {
    for (const text of ['8:30', '24:01', '12:60', 'noon', '', '08:30:00']) {
      expect(() => parseLocalTime(text), text).toThrow(RangeError);
    }
  });

  it('write minutes as HH:MM and read back the same', () => {
    expect(formatLocalTime(510)).toBe('08:30');
    expect(formatLocalTime(0)).toBe('00:00');
    expect(formatLocalTime(1440)).toBe('24:00');
    for (let m = 0; m <= 1440; m += 7) expect(parseLocalTime(formatLocalTime(m))).toBe(m);
    expect(() => formatLocalTime(-1)).toThrow(RangeError);
    expect(() => formatLocalTime(1441)).toThrow(RangeError);
    expect(() => formatLocalTime(9.5)).toThrow(RangeError);
  });

  it('show on a 12-hour clock for people', () => {
    expect(displayLocalTime(540)).toBe('9:00 AM');
    expect(displayLocalTime(0)).toBe('12:00 AM');
    expect(displayLocalTime(720)).toBe('12:00 PM');
    expect(displayLocalTime(785)).toBe('1:05 PM');
    expect(displayTimeRange(540, 570)).toBe('9:00–9:30 AM');
    expect(displayTimeRange(690, 735)).toBe('11:30 AM–12:15 PM');
    expect(displayTimeRange(780, 1020)).toBe('1:00–5:00 PM');
  });
});
