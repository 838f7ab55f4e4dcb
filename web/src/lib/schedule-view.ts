/**
 * Geometry of the appointment book, without the screen: which minutes a day view shows, where an
 * appointment sits in its column, side-by-side lanes when two overlap (a double booking must stay
 * visible, never hidden behind the other), and where a drag lands. Plain functions over plain data.
 */
import {
  DEFAULT_HOURS,
  localDateOf,
  minuteOfDay,
  parseLocalTime,
  weekdayOf,
  type Appointment,
  type WeeklyHours,
} from '@aligned/shared';

/** Drags and keyboard moves snap to this many minutes. */
export const SNAP_MINUTES = 5;
/** Grid lines and the keyboard step. */
export const ROW_MINUTES = 15;

/** The minutes a day view spans: the location's opening hours that weekday, padded to whole hours; 7–19 when closed. */
export function dayRange(hours: WeeklyHours | undefined, localDate: string): { from: number; to: number } {
  const spans = (hours ?? DEFAULT_HOURS)[weekdayOf(localDate)] ?? [];
  if (spans.length === 0) return { from: 7 * 60, to: 19 * 60 };
  const from = Math.min(...spans.map((s) => parseLocalTime(s.from)));
  const to = Math.max(...spans.map((s) => parseLocalTime(s.to)));
  return { from: Math.floor(from / 60) * 60, to: Math.ceil(to / 60) * 60 };
}

/** Local minutes of the day that are closed (outside every span), for shading. */
export function closedBlocks(
  hours: WeeklyHours | undefined,
  localDate: string,
  range: { from: number; to: number },
): { from: number; to: number }[] {
  const spans = ((hours ?? DEFAULT_HOURS)[weekdayOf(localDate)] ?? [])
    .map((s) => ({ from: parseLocalTime(s.from), to: parseLocalTime(s.to) }))
    .sort((a, b) => a.from - b.from);
  if (spans.length === 0) return [range];
  const blocks: { from: number; to: number }[] = [];
  let at = range.from;
  for (const span of spans) {
    if (span.from > at) blocks.push({ from: at, to: Math.min(span.from, range.to) });
    at = Math.max(at, span.to);
  }
  if (at < range.to) blocks.push({ from: at, to: range.to });
  return blocks.filter((b) => b.to > b.from);
}

export type PlacedAppointment = {
  appointment: Appointment;
  /** Local minute of the day the visit starts. */
  startMinute: number;
  /** Lane within its column and how many lanes the overlapping group has. */
  lane: number;
  lanes: number;
};

/**
 * The appointments of one column on one local day, each with its lane: appointments that overlap
 * share the column side by side. Greedy by start time, so the layout is stable as people edit.
 */
export function placeInColumn(appointments: readonly Appointment[], timeZone: string): PlacedAppointment[] {
  const items = appointments
    .map((appointment) => ({ appointment, startMinute: minuteOfDay(appointment.start, timeZone) }))
    .sort((a, b) => a.startMinute - b.startMinute || a.appointment.id.localeCompare(b.appointment.id));
  const placed: PlacedAppointment[] = [];
  let group: PlacedAppointment[] = [];
  let groupEnd = -1;
  let laneEnds: number[] = [];
  const closeGroup = () => {
    for (const p of group) p.lanes = laneEnds.length;
    group = [];
    laneEnds = [];
  };
  for (const item of items) {
    const end = item.startMinute + item.appointment.minutes;
    if (item.startMinute >= groupEnd) {
      closeGroup();
      groupEnd = -1;
    }
    let lane = laneEnds.findIndex((laneEnd) => laneEnd <= item.startMinute);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(end);
    } else laneEnds[lane] = end;
    const entry: PlacedAppointment = { ...item, lane, lanes: 1 };
    group.push(entry);
    placed.push(entry);
    groupEnd = Math.max(groupEnd, end);
  }
  closeGroup();
  return placed;
}

/** The appointments of a location that start on a local day. */
export function onLocalDay(
  appointments: readonly Appointment[],
  localDate: string,
  timeZone: string,
): Appointment[] {
  return appointments.filter((a) => localDateOf(a.start, timeZone) === localDate);
}

/** Snaps a minute of the day to the grid step, nearest. */
export function snap(minute: number, step = SNAP_MINUTES): number {
  return Math.round(minute / step) * step;
}

/** Where a dragged appointment lands: start minute moved by the drag, kept inside the day's range. */
export function dragTarget(input: {
  startMinute: number;
  minutes: number;
  deltaMinutes: number;
  range: { from: number; to: number };
}): number {
  const moved = snap(input.startMinute + input.deltaMinutes);
  return Math.min(Math.max(moved, input.range.from), input.range.to - input.minutes);
}

/** A resized length: at least one step, never past the end of the day's range. */
export function resizedMinutes(input: {
  startMinute: number;
  minutes: number;
  deltaMinutes: number;
  range: { to: number };
}): number {
  const wanted = snap(input.minutes + input.deltaMinutes);
  return Math.min(Math.max(wanted, SNAP_MINUTES), input.range.to - input.startMinute);
}

export type GridPlace = { column: number; startMinute: number; minutes: number };

/**
 * Where a keyboard move takes a visit on the grid: arrows up and down by a row, left and right
 * by a column; with Shift, up and down change its length. Null for any other key, or when the
 * visit would not move (already at an edge).
 */
export function keyboardTarget(
  key: string,
  shift: boolean,
  from: GridPlace,
  columns: number,
  range: { from: number; to: number },
): GridPlace | null {
  const { column, startMinute, minutes } = from;
  const by = (deltaMinutes: number) => ({ startMinute, minutes, deltaMinutes, range });
  let to: GridPlace | null = null;
  if (shift && key === 'ArrowDown') to = { column, startMinute, minutes: resizedMinutes(by(ROW_MINUTES)) };
  else if (shift && key === 'ArrowUp')
    to = { column, startMinute, minutes: resizedMinutes(by(-ROW_MINUTES)) };
  else if (key === 'ArrowDown') to = { column, startMinute: dragTarget(by(ROW_MINUTES)), minutes };
  else if (key === 'ArrowUp') to = { column, startMinute: dragTarget(by(-ROW_MINUTES)), minutes };
  else if (key === 'ArrowRight') to = { column: Math.min(columns - 1, column + 1), startMinute, minutes };
  else if (key === 'ArrowLeft') to = { column: Math.max(0, column - 1), startMinute, minutes };
  if (!to) return null;
  const same = to.column === column && to.startMinute === startMinute && to.minutes === minutes;
  return same ? null : to;
}
