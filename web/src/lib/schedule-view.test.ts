import { describe, expect, it } from 'vitest';
import { DEFAULT_HOURS, type Appointment } from '@aligned/shared';
import {
  closedBlocks,
  dayRange,
  dragTarget,
  keyboardTarget,
  placeInColumn,
  resizedMinutes,
  snap,
} from './schedule-view.ts';

const TZ = 'America/Chicago';
const STAMPS = {
  createdAt: '2026-11-01T14:00:00.000Z',
  createdBy: 'stf_0000000000000001',
  updatedAt: '2026-11-01T14:00:00.000Z',
  updatedBy: 'stf_0000000000000001',
};
function visit(id: string, start: string, minutes: number): Appointment {
  return {
    id,
    patientId: 'pat_0000000000000001',
    locationId: 'loc_0000000000000001',
    chairId: 'chr_0000000000000001',
    typeId: 'atp_0000000000000001',
    start,
    minutes,
    status: 'scheduled',
    ...STAMPS,
  };
}

describe('the day view', () => {
  it('spans the opening hours in whole hours, and 7 to 7 on a closed weekday', () => {
    const lunch = DEFAULT_HOURS.map((spans, weekday) =>
      weekday === 3
        ? [
            { from: '08:30', to: '12:00' },
            { from: '13:00', to: '17:15' },
          ]
        : spans,
    );
    expect(dayRange(lunch, '2026-12-02')).toEqual({ from: 8 * 60, to: 18 * 60 });
    expect(dayRange(undefined, '2026-12-06')).toEqual({ from: 7 * 60, to: 19 * 60 });
    expect(closedBlocks(lunch, '2026-12-02', { from: 480, to: 1080 })).toEqual([
      { from: 480, to: 510 },
      { from: 720, to: 780 },
      { from: 1035, to: 1080 },
    ]);
  });

  it('puts overlapping appointments side by side so a double booking stays visible', () => {
    const placed = placeInColumn(
      [
        visit('apt_0000000000000001', '2026-12-02T15:00:00.000Z', 60),
        visit('apt_0000000000000002', '2026-12-02T15:30:00.000Z', 30),
        visit('apt_0000000000000003', '2026-12-02T17:00:00.000Z', 30),
      ],
      TZ,
    );
    expect(placed.map((p) => [p.startMinute, p.lane, p.lanes])).toEqual([
      [9 * 60, 0, 2],
      [9 * 60 + 30, 1, 2],
      [11 * 60, 0, 1],
    ]);
  });

  it('places a 9:00 visit at 9:00 on both sides of a daylight-saving change', () => {
    const before = placeInColumn([visit('apt_0000000000000001', '2026-10-28T14:00:00.000Z', 30)], TZ);
    const after = placeInColumn([visit('apt_0000000000000002', '2026-11-04T15:00:00.000Z', 30)], TZ);
    expect(before[0]?.startMinute).toBe(9 * 60);
    expect(after[0]?.startMinute).toBe(9 * 60);
  });

  it('snaps drags to 5 minutes and keeps them inside the day', () => {
    expect(snap(602)).toBe(600);
    const range = { from: 480, to: 1020 };
    expect(dragTarget({ startMinute: 600, minutes: 30, deltaMinutes: 61, range })).toBe(660);
    expect(dragTarget({ startMinute: 600, minutes: 30, deltaMinutes: -500, range })).toBe(480);
    expect(dragTarget({ startMinute: 600, minutes: 30, deltaMinutes: 1000, range })).toBe(990);
  });

  it('never resizes below 5 minutes nor past the end of the day', () => {
    const range = { to: 1020 };
    expect(resizedMinutes({ startMinute: 600, minutes: 30, deltaMinutes: -60, range })).toBe(5);
    expect(resizedMinutes({ startMinute: 1000, minutes: 15, deltaMinutes: 60, range })).toBe(20);
    expect(resizedMinutes({ startMinute: 600, minutes: 30, deltaMinutes: 14, range })).toBe(45);
  });
});

describe('keyboard moves on the grid', () => {
  const range = { from: 8 * 60, to: 17 * 60 };
  const at = { column: 1, startMinute: 9 * 60, minutes: 30 };

  it('moves by a row with up and down, by a column with left and right, and resizes with Shift', () => {
    expect(keyboardTarget('ArrowDown', false, at, 3, range)).toEqual({ ...at, startMinute: 9 * 60 + 15 });
    expect(keyboardTarget('ArrowUp', false, at, 3, range)).toEqual({ ...at, startMinute: 9 * 60 - 15 });
    expect(keyboardTarget('ArrowRight', false, at, 3, range)).toEqual({ ...at, column: 2 });
    expect(keyboardTarget('ArrowLeft', false, at, 3, range)).toEqual({ ...at, column: 0 });
    expect(keyboardTarget('ArrowDown', true, at, 3, range)).toEqual({ ...at, minutes: 45 });
    expect(keyboardTarget('ArrowUp', true, at, 3, range)).toEqual({ ...at, minutes: 15 });
  });

  it('does nothing at an edge or for other keys', () => {
    expect(keyboardTarget('ArrowRight', false, { ...at, column: 2 }, 3, range)).toBeNull();
    expect(keyboardTarget('ArrowUp', false, { ...at, startMinute: 8 * 60 }, 3, range)).toBeNull();
    expect(keyboardTarget('a', false, at, 3, range)).toBeNull();
  });
});
