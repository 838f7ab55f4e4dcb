import { describe, expect, it } from 'vitest';
import { searchPatients, toSearchEntry, type SearchablePatient } from './patient-search.ts';

const people: SearchablePatient[] = [
  {
    id: 'a',
    firstName: 'Sofia',
    lastName: 'Garcia',
    preferredName: 'Sofi',
    dateOfBirth: '2012-03-04',
    phone: '+15125550123',
    email: 'sofia@example.com',
  },
  { id: 'b', firstName: 'Mateo', lastName: 'Garcia', dateOfBirth: '2014-07-19', phone: '+15125550199' },
  {
    id: 'c',
    firstName: 'José',
    lastName: "O'Brien",
    email: 'jobrien@example.org',
    altPhone: '+442079460958',
  },
  { id: 'd', firstName: 'Garcia', lastName: 'Lopez' },
];
const entries = people.map(toSearchEntry);

describe('patient search', () => {
  it('SEARCH-1: finds by the start of first, last or preferred name', () => {
    expect(searchPatients(entries, 'sof')).toEqual(['a']);
    expect(searchPatients(entries, 'gar').sort()).toEqual(['a', 'b', 'd']);
  });

  it('SEARCH-1: narrows with every word typed', () => {
    expect(searchPatients(entries, 'garcia mat')).toEqual(['b']);
  });

  it('SEARCH-3: ranks exact word matches before prefix matches, then by last and first name', () => {
    expect(searchPatients(entries, 'garcia')).toEqual(['b', 'a', 'd']);
    expect(searchPatients(entries, 'sofi')).toEqual(['a']);
    expect(searchPatients(entries, 'm')).toEqual(['b']);
  });

  it('SEARCH-1: ignores accents and apostrophes', () => {
    expect(searchPatients(entries, 'jose obrien')).toEqual(['c']);
    expect(searchPatients(entries, "o'brien")).toEqual(['c']);
  });

  it('SEARCH-2: finds by any part of a phone number however it is typed', () => {
    expect(searchPatients(entries, '555-0123')).toEqual(['a']);
    expect(searchPatients(entries, '(512) 555')).toEqual(['b', 'a']);
    expect(searchPatients(entries, '2079460958')).toEqual(['c']);
  });

  it('SEARCH-2: finds by email', () => {
    expect(searchPatients(entries, 'jobrien@example')).toEqual(['c']);
  });

  it('SEARCH-2: finds by date of birth in ISO or US order', () => {
    expect(searchPatients(entries, '2014-07-19')).toEqual(['b']);
    expect(searchPatients(entries, '7/19/2014')).toEqual(['b']);
  });

  it('SEARCH-1: matches nothing for an empty query and for a stranger', () => {
    expect(searchPatients(entries, '   ')).toEqual([]);
    expect(searchPatients(entries, 'zzz')).toEqual([]);
  });

  it('SEARCH-3: caps the number of results', () => {
    expect(searchPatients(entries, 'garcia', 2)).toHaveLength(2);
  });
});
