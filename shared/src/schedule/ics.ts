/**
 * iCalendar (RFC 5545) export of appointments, so a provider can see a day or week in the calendar
 * program they already use, and a small strict reader of the same files for tests.
 *
 * Times are written in UTC (`DTSTART:20261201T150000Z`) rather than with a TZID: a UTC instant
 * needs no VTIMEZONE block, every calendar program shows it in its own zone, and our appointments
 * are stored as UTC instants already, so nothing is converted twice.
 *
 * The file can name patients (in the summary or description the caller builds), so it is protected
 * health information: the file name (icsFileName) never carries patient details, and nothing here logs.
 */
import { err, ok, type Result } from '../core/result.ts';

export type IcsStatus = 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';

export type IcsEvent = {
  /** Globally unique and stable across exports (appointment id + `@aligned`), so a re-import updates. */
  uid: string;
  /** UTC ISO instant. */
  start: string;
  minutes: number;
  summary: string;
  location?: string;
  description?: string;
  status?: IcsStatus;
};

export const ICS_PRODID = '-//Aligned//Appointment book//EN';

const CRLF = '\r\n';
/** RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break. */
const MAX_OCTETS = 75;

/** UTF-8 length of one code point, without TextEncoder (shared/ has no DOM or Node typings). */
function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

export function utf8ByteLength(text: string): number {
  let n = 0;
  for (const ch of text) n += utf8Length(ch.codePointAt(0)!);
  return n;
}

/**
 * Folds one content line into physical lines of at most 75 octets. A continuation starts with a
 * space that counts toward its 75, and the split falls between code points, never inside a
 * multi-byte UTF-8 sequence (or a UTF-16 surrogate pair), as §3.1 requires.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = utf8Length(ch.codePointAt(0)!);
    if (octets + size > MAX_OCTETS) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join(CRLF);
}

/**
 * TEXT value escaping (§3.3.11): backslash, semicolon, comma and line breaks. Control characters
 * other than tab are not allowed in TEXT, so they are dropped; lone surrogates (not encodable as
 * UTF-8) become U+FFFD.
 */
export function escapeText(value: string): string {
  return value
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/\r\n|\r|\n/g, '\n')
    .replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))
    .split('')
    .filter((c) => c === '\t' || (c >= ' ' && c !== '\u007f'))
    .join('');
}

/** `2026-12-01T15:00:00.000Z` → `20261201T150000Z`. Throws on a non-instant: that is a caller bug. */
function icsDateTime(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError('Not a valid instant');
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function instantMs(iso: string): number {
  // Only UTC ISO instants: a local time without a zone would silently be read in the device's zone.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/.test(iso)) {
    throw new RangeError('Not a UTC ISO instant');
  }
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError('Not a UTC ISO instant');
  return ms;
}

/**
 * The calendar file for a set of events, earliest first (ties by uid so the same input always gives
 * the same bytes). Invalid starts or lengths throw: the caller passes stored, validated appointments.
 */
export function appointmentsToIcs(input: {
  calendarName: string;
  events: readonly IcsEvent[];
  /** ISO instant of the export, written as each event's DTSTAMP. */
  now: string;
}): string {
  const stamp = icsDateTime(instantMs(input.now));
  const events = input.events
    .map((event) => {
      if (!Number.isInteger(event.minutes) || event.minutes <= 0) {
        throw new RangeError('An event needs a whole, positive number of minutes');
      }
      return { event, startMs: instantMs(event.start) };
    })
    .sort(
      (a, b) => a.startMs - b.startMs || (a.event.uid < b.event.uid ? -1 : a.event.uid > b.event.uid ? 1 : 0),
    );
  const name = escapeText(input.calendarName);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${ICS_PRODID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    // NAME is RFC 7986; X-WR-CALNAME is what Google Calendar and Outlook read.
    `NAME:${name}`,
    `X-WR-CALNAME:${name}`,
  ];
  for (const { event, startMs } of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(event.uid)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${icsDateTime(startMs)}`,
      `DTEND:${icsDateTime(startMs + event.minutes * 60_000)}`,
      `SUMMARY:${escapeText(event.summary)}`,
    );
    if (event.location !== undefined) lines.push(`LOCATION:${escapeText(event.location)}`);
    if (event.description !== undefined) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
    if (event.status !== undefined) lines.push(`STATUS:${event.status}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  // Every content line ends with CRLF, the last one included (§3.1).
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/**
 * A safe ASCII file name such as `aligned-main-office-2026-12-01.ics`: accents folded (`Núñez` →
 * `nunez`), anything else that is not a letter or digit becomes a dash, at most 60 characters of
 * label. The label should name a location or provider, never a patient (the name shows in
 * download lists and file pickers).
 */
export function icsFileName(label: string, date: string): string {
  const slug = (text: string, max: number) =>
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .slice(0, max)
      .replace(/^-+|-+$/g, '');
  const parts = ['aligned', slug(label, 60), slug(date.replace(/[^0-9-]/g, ''), 21)].filter(
    (p) => p.replace(/-/g, '') !== '',
  );
  return `${parts.join('-')}.ics`;
}

export type ParsedIcsEvent = {
  uid: string;
  /** UTC ISO instants (`2026-12-01T15:00:00.000Z`). */
  start: string;
  end: string;
  summary: string;
  location?: string;
  description?: string;
  status?: IcsStatus;
};

export type IcsParseError = {
  /** 1-based physical line where the problem starts (0 for the file as a whole). */
  line: number;
  message: string;
};

type ContentLine = { line: number; name: string; params: string; value: string };

function unescapeText(value: string): string | null {
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i]!;
    if (c === ',' || c === ';') return null;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = value[i + 1];
    if (next === 'n' || next === 'N') out += '\n';
    else if (next === '\\' || next === ';' || next === ',') out += next;
    else return null;
    i += 1;
  }
  return out;
}

/** `20261201T150000Z` → ISO; null for anything else (local times, dates, TZID forms). */
function readUtcDateTime(value: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const date = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March; a real date reads back the same numbers.
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return date.toISOString();
}

/** Splits `NAME;PARAM="a:b":value` at the first colon outside a quoted parameter value. */
function splitContentLine(text: string, line: number): ContentLine | null {
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === ':' && !quoted) {
      const head = text.slice(0, i);
      const semi = head.indexOf(';');
      const name = (semi === -1 ? head : head.slice(0, semi)).toUpperCase();
      if (!/^[A-Z0-9-]+$/.test(name)) return null;
      return { line, name, params: semi === -1 ? '' : head.slice(semi + 1), value: text.slice(i + 1) };
    }
  }
  return null;
}

const TEXT_PROPS = { SUMMARY: 'summary', LOCATION: 'location', DESCRIPTION: 'description' } as const;

/**
 * Reads a calendar file strictly: CRLF line breaks, lines of at most 75 octets, one VCALENDAR with
 * VERSION 2.0 and a PRODID, events with UID, UTC DTSTART and DTEND, TEXT correctly escaped. Other
 * components (VTIMEZONE, VALARM) are skipped whole. It checks what we write and what the browser
 * downloaded; the first problem is returned with its line.
 */
export function parseIcs(
  text: string,
): Result<{ calendarName?: string; events: ParsedIcsEvent[] }, IcsParseError> {
  if (text === '') return err({ line: 0, message: 'The file is empty' });
  if (!text.endsWith(CRLF)) return err({ line: 0, message: 'The file must end with a CRLF line break' });
  const physical = text.slice(0, -CRLF.length).split(CRLF);
  const logical: { line: number; text: string }[] = [];
  for (const [index, raw] of physical.entries()) {
    const line = index + 1;
    if (/[\r\n]/.test(raw)) return err({ line, message: 'Line breaks must be CRLF' });
    if (utf8ByteLength(raw) > MAX_OCTETS) return err({ line, message: 'Longer than 75 octets' });
    if (raw.startsWith(' ') || raw.startsWith('\t')) {
      const last = logical.at(-1);
      if (!last) return err({ line, message: 'A continuation line with nothing before it' });
      last.text += raw.slice(1);
    } else if (raw === '') {
      return err({ line, message: 'Empty line' });
    } else {
      logical.push({ line, text: raw });
    }
  }

  const lines: ContentLine[] = [];
  for (const l of logical) {
    const content = splitContentLine(l.text, l.line);
    if (!content) return err({ line: l.line, message: 'Not a NAME:value line' });
    lines.push(content);
  }

  const first = lines[0];
  if (!first || first.name !== 'BEGIN' || first.value !== 'VCALENDAR') {
    return err({ line: first?.line ?? 1, message: 'The file must start with BEGIN:VCALENDAR' });
  }
  const events: ParsedIcsEvent[] = [];
  let calendarName: string | undefined;
  let version: string | undefined;
  let prodid: string | undefined;
  /** Nested components we skip (VTIMEZONE, VALARM, …), innermost last. */
  const skipping: string[] = [];
  let event: Map<string, ContentLine> | null = null;
  let eventLine = 0;
  let ended = false;

  for (const content of lines.slice(1)) {
    const { line, name, value } = content;
    if (ended) return err({ line, message: 'Content after END:VCALENDAR' });
    if (skipping.length > 0) {
      if (name === 'BEGIN') skipping.push(value);
      else if (name === 'END') {
        if (skipping.at(-1) !== value) return err({ line, message: `END:${value} does not match BEGIN` });
        skipping.pop();
      }
      continue;
    }
    if (name === 'BEGIN') {
      if (value === 'VEVENT' && !event) {
        event = new Map();
        eventLine = line;
      } else if (value === 'VCALENDAR' || value === 'VEVENT') {
        return err({ line, message: `BEGIN:${value} inside another component` });
      } else {
        skipping.push(value);
      }
      continue;
    }
    if (name === 'END') {
      if (event) {
        if (value !== 'VEVENT') return err({ line, message: `END:${value} inside a VEVENT` });
        const read = readEvent(event, eventLine);
        if (!read.ok) return read;
        events.push(read.value);
        event = null;
      } else if (value === 'VCALENDAR') {
        ended = true;
      } else {
        return err({ line, message: `END:${value} without BEGIN` });
      }
      continue;
    }
    if (event) {
      if (event.has(name)) return err({ line, message: `${name} appears twice in one event` });
      event.set(name, content);
    } else if (name === 'VERSION') version = value;
    else if (name === 'PRODID') prodid = value;
    else if (name === 'NAME' || (name === 'X-WR-CALNAME' && calendarName === undefined)) {
      const unescaped = unescapeText(value);
      if (unescaped === null) return err({ line, message: `${name} is not correctly escaped` });
      calendarName = unescaped;
    }
  }
  if (!ended) return err({ line: 0, message: 'Missing END:VCALENDAR' });
  if (version !== '2.0') return err({ line: 0, message: 'VERSION must be 2.0' });
  if (!prodid) return err({ line: 0, message: 'Missing PRODID' });
  return ok({ ...(calendarName !== undefined ? { calendarName } : {}), events });
}

function readEvent(props: Map<string, ContentLine>, line: number): Result<ParsedIcsEvent, IcsParseError> {
  const uid = props.get('UID');
  if (!uid || uid.value === '') return err({ line, message: 'An event without a UID' });
  const uidText = unescapeText(uid.value);
  if (uidText === null) return err({ line: uid.line, message: 'UID is not correctly escaped' });
  const times: Partial<Record<'DTSTART' | 'DTEND', string>> = {};
  for (const key of ['DTSTART', 'DTEND'] as const) {
    const prop = props.get(key);
    if (!prop) return err({ line, message: `An event without ${key}` });
    const iso = prop.params === '' ? readUtcDateTime(prop.value) : null;
    if (!iso)
      return err({ line: prop.line, message: `${key} must be a UTC date-time like 20261201T150000Z` });
    times[key] = iso;
  }
  if (times.DTEND! <= times.DTSTART!) return err({ line, message: 'DTEND must come after DTSTART' });
  if (!props.has('SUMMARY')) return err({ line, message: 'An event without a SUMMARY' });
  const event: ParsedIcsEvent = { uid: uidText, start: times.DTSTART!, end: times.DTEND!, summary: '' };
  for (const [prop, field] of Object.entries(TEXT_PROPS) as [
    keyof typeof TEXT_PROPS,
    'summary' | 'location' | 'description',
  ][]) {
    const content = props.get(prop);
    if (!content) continue;
    const value = unescapeText(content.value);
    if (value === null) return err({ line: content.line, message: `${prop} is not correctly escaped` });
    event[field] = value;
  }
  const status = props.get('STATUS');
  if (status) {
    if (status.value !== 'CONFIRMED' && status.value !== 'TENTATIVE' && status.value !== 'CANCELLED') {
      return err({ line: status.line, message: 'STATUS must be CONFIRMED, TENTATIVE or CANCELLED' });
    }
    event.status = status.value;
  }
  return ok(event);
}
