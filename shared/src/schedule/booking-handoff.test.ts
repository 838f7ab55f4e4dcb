import { describe, expect, it } from 'vitest';
import {
  finderSeedFromParams,
  finderSeedParams,
  handBackParams,
  handoffFromParams,
  handoffParams,
  namesFromQuery,
} from './booking-handoff.ts';

describe('BOOK-109: a booking handed to the inquiry form and back', () => {
  const chosen = {
    date: '2026-12-09',
    time: '14:30',
    chairId: 'chr_chair0000001',
    typeId: 'apt_records00001',
    providerId: 'stf_doctor000001',
    locationId: 'loc_main00000000000',
  };

  it('comes back exactly as handed over', () => {
    const params = new Map(handoffParams(chosen));
    expect(handoffFromParams((name) => params.get(name) ?? null)).toEqual(chosen);
  });

  it('comes back to the book with the new patient on the day and location chosen', () => {
    const back = new Map(handBackParams('pat_new0000000000', chosen));
    expect(back.get('patient')).toBe('pat_new0000000000');
    expect(back.get('location')).toBe(chosen.locationId);
    expect(back.get('date')).toBe(chosen.date);
    expect(handoffFromParams((name) => back.get(name) ?? null)).toEqual(chosen);
  });

  it('leaves out what was not chosen yet', () => {
    expect(handoffParams({ date: '2026-12-09', chairId: '', time: '' })).toEqual([
      ['book.date', '2026-12-09'],
    ]);
  });

  it('drops anything malformed read back from an address, keeping the rest', () => {
    const params = new Map(
      Object.entries({
        'book.date': '2026-02-30',
        'book.time': '25:00',
        'book.chairId': '<script>',
        'book.typeId': 'apt_records00001',
        'book.locationId': 'loc_main00000000000',
      }),
    );
    expect(handoffFromParams((name) => params.get(name) ?? null)).toEqual({
      typeId: 'apt_records00001',
      locationId: 'loc_main00000000000',
    });
  });
});

describe('BOOK-109: the name typed in the booking form becomes the inquiry’s name', () => {
  it('reads "Last, First" as lists show names', () => {
    expect(namesFromQuery('  Garcia,  Emma ')).toEqual({ firstName: 'Emma', lastName: 'Garcia' });
  });

  it('reads "First Last" with the last word as the last name', () => {
    expect(namesFromQuery('Mary Ann  Lopez')).toEqual({ firstName: 'Mary Ann', lastName: 'Lopez' });
  });

  it('takes a single word as the last name, and nothing as nothing', () => {
    expect(namesFromQuery('Nguyen')).toEqual({ firstName: '', lastName: 'Nguyen' });
    expect(namesFromQuery('   ')).toEqual({ firstName: '', lastName: '' });
  });
});

describe('CADENCE-102: "Find next available" from a patient in treatment', () => {
  const context = { today: '2026-12-07', typeIds: new Set(['atp_adjust0000001']) };
  const read = (params: [string, string][]) => {
    const map = new Map(params);
    return finderSeedFromParams((name) => map.get(name) ?? null, context);
  };

  it('searches from the next visit’s due day, for its type', () => {
    expect(read(finderSeedParams({ on: '2027-01-18', typeId: 'atp_adjust0000001' }))).toEqual({
      from: '2027-01-18',
      typeId: 'atp_adjust0000001',
    });
  });

  it('never searches the past, and ignores a malformed day or a type the practice does not book', () => {
    expect(read(finderSeedParams({ on: '2026-11-30', typeId: 'atp_adjust0000001' })).from).toBe('2026-12-07');
    expect(read([['find.from', '18/01/2027']])).toEqual({});
    expect(read([['find.from', '2027-02-30']])).toEqual({});
    expect(read([['find.type', 'atp_unknown000001']])).toEqual({});
    expect(read([])).toEqual({});
  });
});
