import { describe, expect, it } from 'vitest';
import {
  appointmentsToIcs,
  escapeText,
  foldLine,
  icsFileName,
  parseIcs,
  utf8ByteLength,
  type IcsEvent,
} from './ics.ts';

const NOW = '2026-11-30T18:00:00.000Z';

const event = (overrides: Partial<IcsEvent> = {}): IcsEvent => ({
  uid: 'apt_a0000000@aligned',
  start: '2026-12-01T15:00:00.000Z',
  minutes: 30,
  summary: 'Adjustment',
  ...overrides,
});

/** Physical lines of a file, without the final empty piece after the last CRLF. */
const physicalLines = (ics: string) => ics.split('\r\n').slice(0, -1);

function parsed(ics: string) {
  const result = parseIcs(ics);
  if (!result.ok) throw new Error(`line ${result.error.line}: ${result.error.message}`);
  return result.value;
}

describe('ICS-1: the calendar export', () => {
  it('writes a publishable VCALENDAR with CRLF line breaks and UTC times', () => {
    const ics = appointmentsToIcs({
      calendarName: 'Main office',
      events: [event({ status: 'CONFIRMED' })],
      now: NOW,
    });
    expect(ics).toBe(
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Aligned//Appointment book//EN',
        'CALSCALE:GREGORIAN',
        'METHOD:PUBLISH',
        'NAME:Main office',
        'X-WR-CALNAME:Main office',
        'BEGIN:VEVENT',
        'UID:apt_a0000000@aligned',
        'DTSTAMP:20261130T180000Z',
        'DTSTART:20261201T150000Z',
        'DTEND:20261201T153000Z',
        'SUMMARY:Adjustment',
        'STATUS:CONFIRMED',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('reads back what it wrote: times, text with every special character, status', () => {
    const events: IcsEvent[] = [
      event({
        uid: 'apt_b0000000@aligned',
        start: '2026-12-01T23:30:00.000Z',
        minutes: 90,
        summary: 'Bonding; upper, lower \\ both',
        location: 'Main office, Suite 200',
        description: 'Line one\nLine two\r\nLine three',
        status: 'TENTATIVE',
      }),
      event({ uid: 'apt_c0000000@aligned', status: 'CANCELLED' }),
    ];
    const back = parsed(appointmentsToIcs({ calendarName: 'Dr. Núñez, week 49', events, now: NOW }));
    expect(back.calendarName).toBe('Dr. Núñez, week 49');
    expect(back.events).toEqual([
      {
        uid: 'apt_c0000000@aligned',
        start: '2026-12-01T15:00:00.000Z',
        end: '2026-12-01T15:30:00.000Z',
        summary: 'Adjustment',
        status: 'CANCELLED',
      },
      {
        uid: 'apt_b0000000@aligned',
        start: '2026-12-01T23:30:00.000Z',
        end: '2026-12-02T01:00:00.000Z',
        summary: 'Bonding; upper, lower \\ both',
        location: 'Main office, Suite 200',
        description: 'Line one\nLine two\nLine three',
        status: 'TENTATIVE',
      },
    ]);
  });

  it('lists events earliest first, and by uid when two start together, whatever the input order', () => {
    const events = [
      event({ uid: 'a@aligned', start: '2026-12-01T17:00:00.000Z' }),
      event({ uid: 'c@aligned', start: '2026-12-01T15:00:00.000Z' }),
      event({ uid: 'b@aligned', start: '2026-12-01T15:00:00.000Z' }),
    ];
    const uids = (list: IcsEvent[]) =>
      parsed(appointmentsToIcs({ calendarName: 'x', events: list, now: NOW })).events.map((e) => e.uid);
    expect(uids(events)).toEqual(['b@aligned', 'c@aligned', 'a@aligned']);
    expect(uids([...events].reverse())).toEqual(['b@aligned', 'c@aligned', 'a@aligned']);
  });

  it('escapes backslash, semicolon, comma and every kind of line break in text', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
    const ics = appointmentsToIcs({
      calendarName: 'x',
      events: [event({ summary: 'Exam, records; pano\\ceph' })],
      now: NOW,
    });
    expect(physicalLines(ics)).toContain('SUMMARY:Exam\\, records\\; pano\\\\ceph');
  });

  it('drops control characters that TEXT may not hold, but keeps tabs', () => {
    expect(escapeText('a\u0000b\u0007c\td\u007f')).toBe('abc\td');
  });

  it('folds long lines at 75 octets without splitting an accent or an emoji', () => {
    const summary = `Retainer check for Zoë 😀 ${'é'.repeat(40)} ${'🦷'.repeat(30)} done`;
    const ics = appointmentsToIcs({ calendarName: 'x', events: [event({ summary })], now: NOW });
    const lines = physicalLines(ics);
    const start = lines.findIndex((l) => l.startsWith('SUMMARY:'));
    const folded = [lines[start]!];
    for (let i = start + 1; lines[i]!.startsWith(' '); i += 1) folded.push(lines[i]!);
    expect(folded.length).toBeGreaterThan(2);
    for (const line of folded) {
      expect(utf8ByteLength(line)).toBeLessThanOrEqual(75);
      // A split inside a surrogate pair would leave a lone surrogate at an end of a line.
      expect(line).not.toMatch(/[\uD800-\uDBFF]$|^ ?[\uDC00-\uDFFF]/);
    }
    expect(parsed(ics).events[0]!.summary).toBe(summary);
  });

  it('fills each folded line as far as a whole character allows', () => {
    // "SUMMARY:" and 66 letters are 74 octets: the 2-octet é does not fit in the last one.
    const line = `SUMMARY:${'a'.repeat(66)}éb`;
    expect(foldLine(line)).toBe(`SUMMARY:${'a'.repeat(66)}\r\n éb`);
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
    // A continuation line is the space plus at most 74 octets.
    expect(foldLine('x'.repeat(150))).toBe(`${'x'.repeat(75)}\r\n ${'x'.repeat(74)}\r\n x`);
  });

  it('keeps every line of a realistic week within 75 octets and ending in CRLF', () => {
    const names = ['Zoë Ødegaard', 'Nguyễn Thị Minh Khai', '李小龍', 'José María 😀', 'Ana'];
    const events = Array.from({ length: 40 }, (_, i) =>
      event({
        uid: `apt_${String(i).padStart(8, '0')}@aligned`,
        start: new Date(Date.parse('2026-11-30T14:00:00.000Z') + i * 3_600_000 * 5).toISOString(),
        minutes: 15 + (i % 6) * 15,
        summary: `${names[i % names.length]} — Adjustment, wire change; check elastics`,
        location: 'Bright Smiles Orthodontics, 1200 Congress Ave, Suite 300, Austin, TX',
        description: `Chair ${(i % 4) + 1}\nProvider: Dr. Ødegaard-Nguyễn\nNotes: ${'bring retainer case, '.repeat(5)}`,
        status: i % 3 === 0 ? 'CONFIRMED' : 'TENTATIVE',
      }),
    );
    const ics = appointmentsToIcs({ calendarName: 'Week of Nov 30', events, now: NOW });
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.split('\n').every((l, i, all) => i === all.length - 1 || l.endsWith('\r'))).toBe(true);
    for (const line of physicalLines(ics)) expect(utf8ByteLength(line)).toBeLessThanOrEqual(75);
    expect(parsed(ics).events).toHaveLength(40);
  });

  it('refuses an event with a local time, no length or a start that is not an instant', () => {
    const write = (e: IcsEvent) => () => appointmentsToIcs({ calendarName: 'x', events: [e], now: NOW });
    expect(write(event({ start: '2026-12-01T09:00' }))).toThrow(RangeError);
    expect(write(event({ start: 'tomorrow' }))).toThrow(RangeError);
    expect(write(event({ minutes: 0 }))).toThrow(RangeError);
    expect(write(event({ minutes: 12.5 }))).toThrow(RangeError);
  });

  it('writes an empty calendar when there are no events', () => {
    const back = parsed(appointmentsToIcs({ calendarName: 'Empty day', events: [], now: NOW }));
    expect(back.events).toEqual([]);
  });
});

describe('ICS-3: reading a calendar file strictly', () => {
  const good = appointmentsToIcs({
    calendarName: 'Main',
    events: [event({ location: 'Main office' })],
    now: NOW,
  });
  const problem = (text: string) => {
    const result = parseIcs(text);
    return result.ok ? null : result.error;
  };

  it('unfolds continuation lines that start with a space or a tab', () => {
    const folded = good.replace('SUMMARY:Adjustment', 'SUMMARY:Adj\r\n ust\r\n\tment');
    expect(parsed(folded).events[0]!.summary).toBe('Adjustment');
  });

  it('refuses bare LF line breaks and a missing final CRLF', () => {
    expect(problem(good.replace(/\r\n/g, '\n'))).toMatchObject({ line: 0 });
    expect(problem(good.replace('VERSION:2.0\r\n', 'VERSION:2.0\n'))).toEqual({
      line: 2,
      message: 'Line breaks must be CRLF',
    });
    expect(problem(good.slice(0, -2))?.message).toBe('The file must end with a CRLF line break');
  });

  it('refuses a line longer than 75 octets, counting bytes not characters', () => {
    expect(problem(good.replace('SUMMARY:Adjustment', `SUMMARY:${'é'.repeat(34)}`))?.message).toBe(
      'Longer than 75 octets',
    );
    expect(parsed(good.replace('SUMMARY:Adjustment', `SUMMARY:${'é'.repeat(33)}`)).events).toHaveLength(1);
  });

  it('refuses unescaped commas and semicolons and unknown escapes in text', () => {
    expect(problem(good.replace('SUMMARY:Adjustment', 'SUMMARY:Exam, records'))).toEqual({
      line: 13,
      message: 'SUMMARY is not correctly escaped',
    });
    expect(problem(good.replace('LOCATION:Main office', 'LOCATION:Main\\xoffice'))?.message).toBe(
      'LOCATION is not correctly escaped',
    );
  });

  it('refuses times that are not UTC date-times, or that end before they start', () => {
    expect(
      problem(good.replace('DTSTART:20261201T150000Z', 'DTSTART;TZID=America/Chicago:20261201T090000'))
        ?.message,
    ).toBe('DTSTART must be a UTC date-time like 20261201T150000Z');
    expect(problem(good.replace('DTSTART:20261201T150000Z', 'DTSTART:20260230T150000Z'))?.message).toMatch(
      /DTSTART/,
    );
    expect(problem(good.replace('DTEND:20261201T153000Z', 'DTEND:20261201T150000Z'))?.message).toBe(
      'DTEND must come after DTSTART',
    );
  });

  it('refuses events without a UID, summary or end, and properties given twice', () => {
    expect(problem(good.replace('UID:apt_a0000000@aligned\r\n', ''))?.message).toBe('An event without a UID');
    expect(problem(good.replace('SUMMARY:Adjustment\r\n', ''))?.message).toBe('An event without a SUMMARY');
    expect(problem(good.replace('DTEND:20261201T153000Z\r\n', ''))?.message).toBe('An event without DTEND');
    expect(problem(good.replace('SUMMARY:Adjustment', 'SUMMARY:A\r\nSUMMARY:B'))?.message).toBe(
      'SUMMARY appears twice in one event',
    );
  });

  it('refuses a broken structure: no calendar, unclosed event, content after the end, wrong version', () => {
    expect(problem('')?.message).toBe('The file is empty');
    expect(problem('BEGIN:VEVENT\r\n')?.message).toBe('The file must start with BEGIN:VCALENDAR');
    expect(problem(good.replace('END:VEVENT\r\n', ''))?.message).toBe('END:VCALENDAR inside a VEVENT');
    expect(problem(`${good}BEGIN:VCALENDAR\r\n`)?.message).toBe('Content after END:VCALENDAR');
    expect(problem(good.replace('VERSION:2.0', 'VERSION:1.0'))?.message).toBe('VERSION must be 2.0');
    expect(problem(good.replace('PRODID:-//Aligned//Appointment book//EN\r\n', ''))?.message).toBe(
      'Missing PRODID',
    );
    expect(problem(good.replace('END:VCALENDAR\r\n', ''))?.message).toBe('Missing END:VCALENDAR');
    expect(problem(good.replace('SUMMARY:Adjustment', 'no colon here'))).toEqual({
      line: 13,
      message: 'Not a NAME:value line',
    });
    expect(problem(good.replace('METHOD:PUBLISH\r\n', 'METHOD:PUBLISH\r\n\r\n'))?.message).toBe('Empty line');
  });

  it('skips components it does not read, such as an alarm inside an event', () => {
    const withAlarm = good.replace(
      'END:VEVENT',
      'BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT',
    );
    expect(parsed(withAlarm).events).toHaveLength(1);
    expect(problem(good.replace('END:VEVENT', 'BEGIN:VALARM\r\nEND:VTODO\r\nEND:VEVENT'))?.message).toBe(
      'END:VTODO does not match BEGIN',
    );
  });

  it('refuses a status outside CONFIRMED, TENTATIVE and CANCELLED', () => {
    const text = good.replace('END:VEVENT', 'STATUS:MAYBE\r\nEND:VEVENT');
    expect(problem(text)?.message).toBe('STATUS must be CONFIRMED, TENTATIVE or CANCELLED');
  });
});

describe('ICS-2: the calendar file name', () => {
  it('is plain ASCII: accents folded, punctuation and spaces as single dashes', () => {
    expect(icsFileName('Main Office — Dr. Núñez', '2026-12-01')).toBe(
      'aligned-main-office-dr-nunez-2026-12-01.ics',
    );
    expect(icsFileName('  Zoë’s  chair #2 ', '2026-12-01')).toBe('aligned-zoe-s-chair-2-2026-12-01.ics');
  });

  it('stays safe for labels with path separators, only symbols, or great length', () => {
    expect(icsFileName('../../etc/passwd', '2026-12-01')).toBe('aligned-etc-passwd-2026-12-01.ics');
    expect(icsFileName('😀😀', '2026-12-01')).toBe('aligned-2026-12-01.ics');
    expect(icsFileName('北区', '../2026-12-01')).toBe('aligned-2026-12-01.ics');
    const long = icsFileName('a'.repeat(200), '2026-12-01');
    expect(long).toBe(`aligned-${'a'.repeat(60)}-2026-12-01.ics`);
    expect(icsFileName('Week', '')).toBe('aligned-week.ics');
  });
});
