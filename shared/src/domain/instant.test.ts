import { describe, expect, it } from 'vitest';
import { displayInstant, timeAgo } from './instant.ts';

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
