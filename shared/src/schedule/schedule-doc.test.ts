import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { localOrigin } from '../documents/origins.ts';
import { bookAppointment, readSchedule, scheduleWeekOf, updateAppointment } from './schedule-doc.ts';

const ctx = {
  origin: localOrigin('stf_0000000000000001', 'dev_0000000000000001'),
  now: () => '2026-11-25T15:00:00.000Z',
};
const VISIT = {
  patientId: 'pat_0000000000000001',
  locationId: 'loc_0000000000000001',
  chairId: 'chr_0000000000000001',
  typeId: 'atp_0000000000000001',
  start: '2026-12-02T15:00:00.000Z',
  minutes: 30,
  status: 'scheduled' as const,
};

describe('schedule documents', () => {
  it('BOOK-3: are one per location and week, the week of the local start (its Monday)', () => {
    expect(scheduleWeekOf('2026-12-02T15:00:00.000Z', 'America/Chicago')).toBe('2026-11-30');
    // Sunday 11 PM in Chicago is Monday 05:00 UTC: it belongs to the week it is seen in.
    expect(scheduleWeekOf('2026-12-07T05:00:00.000Z', 'America/Chicago')).toBe('2026-11-30');
    expect(scheduleWeekOf('2026-12-07T05:00:00.000Z', 'UTC')).toBe('2026-12-07');
  });

  it('BOOK-8: keep both of two bookings of one chair made on two devices, and both edits of one visit', () => {
    const desk = new Y.Doc();
    const clinic = new Y.Doc();
    const a = bookAppointment(desk, ctx, VISIT);
    const b = bookAppointment(clinic, ctx, { ...VISIT, patientId: 'pat_0000000000000002' });
    expect(a.ok && b.ok).toBe(true);
    Y.applyUpdate(desk, Y.encodeStateAsUpdate(clinic));
    Y.applyUpdate(clinic, Y.encodeStateAsUpdate(desk));
    expect(readSchedule(desk).appointments).toHaveLength(2);
    const id = a.ok ? a.value.id : '';
    // One confirms while the other moves it to another chair: both changes land.
    updateAppointment(desk, ctx, id, { status: 'confirmed' });
    updateAppointment(clinic, ctx, id, { chairId: 'chr_0000000000000002' });
    Y.applyUpdate(desk, Y.encodeStateAsUpdate(clinic));
    expect(readSchedule(desk).appointments.find((x) => x.id === id)).toMatchObject({
      status: 'confirmed',
      chairId: 'chr_0000000000000002',
    });
  });

  it('BOOK-8: refuse a booking that is not a valid appointment, saying which field', () => {
    const result = bookAppointment(new Y.Doc(), ctx, { ...VISIT, minutes: 0 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.kind === 'invalid' && result.error.issues[0]?.path).toBe('minutes');
  });
});
