import { describe, expect, it } from 'vitest';
import {
  familiesInScope,
  familyInScope,
  itemsInScope,
  locationScopeText,
  patientsInScope,
  worksAt,
} from './location-scope.ts';

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

  it('judges family accounts from the patient list: in scope where any of the family’s patients is', () => {
    const patients = [
      { familyId: 'fam_both', locationId: MAIN },
      { familyId: 'fam_both', locationId: NORTH },
      { familyId: 'fam_main', locationId: MAIN },
      { locationId: NORTH },
    ];
    const north = familiesInScope(NORTH_ONLY, patients);
    expect(['fam_both', 'fam_main', 'fam_none'].filter(north)).toEqual(['fam_both']);
    expect(['fam_both', 'fam_main', 'fam_none'].filter(familiesInScope(EVERYWHERE, patients))).toEqual([
      'fam_both',
      'fam_main',
      'fam_none',
    ]);
  });

  it('keeps the cases of patients in scope on the board, and those of patients not on this device yet', () => {
    const items = [{ patientId: 'pat_a' }, { patientId: 'pat_b' }, { patientId: 'pat_new' }];
    const locationOf = (id: string) => PATIENTS.find((p) => p.id === id)?.locationId;
    expect(itemsInScope(NORTH_ONLY, items, locationOf).map((i) => i.patientId)).toEqual(['pat_b', 'pat_new']);
    expect(itemsInScope(EVERYWHERE, items, locationOf)).toHaveLength(3);
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
