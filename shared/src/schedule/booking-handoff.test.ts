import { describe, expect, it } from 'vitest';
import { handBackParams, handoffFromParams, handoffParams, namesFromQuery } from './booking-handoff.ts';

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
