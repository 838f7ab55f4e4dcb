import { describe, expect, it } from 'vitest';
import { familyFieldText, fieldText } from './merge-view.ts';

const names = {
  practice: { locationName: (id: string) => (id === 'loc_main' ? 'Main Street' : 'A location') },
  patients: { families: { records: new Map([['fam_1', { name: 'Garcia family' }]]) } },
};
const address = { line1: '12 Elm St', city: 'Austin', region: 'TX', postalCode: '78701' };

describe('how the merge tool shows a value', () => {
  it('PAT-101: patient fields read as words, never ids or JSON', () => {
    expect(fieldText('phone', '+15125550177', names)).toBe('(512) 555-0177');
    expect(fieldText('address', address, names)).toBe('12 Elm St, Austin, TX, 78701');
    expect(fieldText('locationId', 'loc_main', names)).toBe('Main Street');
    expect(fieldText('familyId', 'fam_1', names)).toBe('Garcia family');
    expect(fieldText('doNotContact', true, names)).toBe('Yes');
    expect(fieldText('email', undefined, names)).toBe('—');
  });

  it('FAM-101: family fields read as words, an empty one as a dash', () => {
    expect(familyFieldText('address', address)).toBe('12 Elm St, Austin, TX, 78701');
    expect(familyFieldText('name', 'Garcia family')).toBe('Garcia family');
    expect(familyFieldText('notes', '')).toBe('—');
  });
});
