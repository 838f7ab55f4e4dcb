import { describe, expect, it } from 'vitest';
import { fixHref } from './readiness-fix.ts';

describe('where a readiness check is fixed', () => {
  it('READY-1: money goes to the family account, or the patient while there is no family', () => {
    expect(fixHref({ area: 'billing', familyId: 'fam_1' }, 'pat_1')).toBe('/billing/fam_1');
    expect(fixHref({ area: 'billing' }, 'pat_1')).toBe('/patients/pat_1');
  });

  it('READY-1, READY-2: insurance, the patient and the lab go to the patient; a visit to the book', () => {
    expect(fixHref({ area: 'insurance' }, 'pat_1')).toBe('/patients/pat_1');
    expect(fixHref({ area: 'lab', patientId: 'pat_2' }, 'pat_1')).toBe('/patients/pat_2');
    expect(fixHref({ area: 'schedule' }, 'pat_1')).toBe('/schedule');
  });
});
