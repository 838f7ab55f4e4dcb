import { describe, expect, it } from 'vitest';
import { familyInScope, locationScopeText, patientsInScope, worksAt } from './location-scope.ts';

const MAIN = 'loc_main00000000';
const NORTH = 'loc_north0000000';
const EVERYWHERE = { locationIds: [] };
const NORTH_ONLY = { locationIds: [NORTH] };
const PATIENTS = [
  { id: 'pat_a', locationId: MAIN },
  { id: 'pat_b', locationId: NORTH },
  { id: 'pat_c', locationId: MAIN },
];

describe('PERM-201: location limits apply to patients and accounts', () => {
  it('lets a member at every location work with every patient', () => {
    expect(worksAt(EVERYWHERE, MAIN)).toBe(true);
    expect(patientsInScope(EVERYWHERE, PATIENTS).map((p) => p.id)).toEqual(['pat_a', 'pat_b', 'pat_c']);
  });

  it('keeps a member limited to one location to that location’s patients', () => {
    expect(worksAt(NORTH_ONLY, MAIN)).toBe(false);
    expect(patientsInScope(NORTH_ONLY, PATIENTS).map((p) => p.id)).toEqual(['pat_b']);
  });

  it('shows a family account where any of its patients is, and an empty family only to everyone-location staff', () => {
    expect(familyInScope(NORTH_ONLY, [MAIN, NORTH])).toBe(true);
    expect(familyInScope(NORTH_ONLY, [MAIN])).toBe(false);
    expect(familyInScope(NORTH_ONLY, [])).toBe(false);
    expect(familyInScope(EVERYWHERE, [])).toBe(true);
  });

  it('says the limit as the staff table shows it', () => {
    const locations = [
      { id: MAIN, name: 'Main office' },
      { id: NORTH, name: 'North office' },
    ];
    expect(locationScopeText([], locations)).toBe('Every location');
    expect(locationScopeText([NORTH, MAIN], locations)).toBe('Main office, North office');
    expect(locationScopeText(['loc_gone00000000'], locations)).toBe('A removed location');
  });
});
