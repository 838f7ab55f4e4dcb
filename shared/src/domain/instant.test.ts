import { describe, expect, it } from 'vitest';
import { displayInstant, instantFromLocal, localInputValue, timeAgo } from './instant.ts';

describe('instants', () => {
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

describe('wall-clock times typed at the practice', () => {
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

describe('a local time that happens twice (clocks going back)', () => {
  it('is read as its first occurrence east of UTC too', () => {
    // London 2026-10-25 01:30 happens at 00:30Z (BST) and again at 01:30Z (GMT).
    expect(instantFromLocal('2026-10-25T01:30', 'Europe/London')).toBe('2026-10-25T00:30:00.000Z');
    // Sydney 2026-04-05 02:30 happens at 15:30Z (AEDT) and again at 16:30Z (AEST).
    expect(instantFromLocal('2026-04-05T02:30', 'Australia/Sydney')).toBe('2026-04-04T15:30:00.000Z');
  });
});
