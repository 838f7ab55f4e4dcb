import { describe, expect, it } from 'vitest';
import { docName, parseDocName, patientsDocName, scheduleDocName } from './doc-names.ts';

const practiceId = 'prc_0123456789abcdef';

describe('SYNC-16: document names', () => {
  it('round-trip for every kind', () => {
    const names = [
      patientsDocName(practiceId),
      docName({ practiceId, kind: 'practice' }),
      docName({ practiceId, kind: 'chart', key: 'pat_0123456789abcdef' }),
      docName({ practiceId, kind: 'ledger', key: 'fam_0123456789abcdef' }),
      scheduleDocName(practiceId, 'loc_0123456789abcdef', '2026-11-23'),
      docName({ practiceId, kind: 'audit', key: 'dev_0123456789abcdef' }),
    ];
    for (const name of names) expect(docName(parseDocName(name)!)).toBe(name);
  });

  it('refuse anything that is not exactly a known name', () => {
    for (const bad of [
      '',
      'prc_0123456789abcdef',
      'prc_0123456789abcdef/unknown',
      'prc_0123456789abcdef/patients/extra',
      'prc_0123456789abcdef/chart',
      'prc_0123456789abcdef/chart/Sofia Garcia',
      'prc_0123456789abcdef/schedule/loc_0123456789abcdef/2026-13',
      'prc_0123456789abcdef/schedule/loc_0123456789abcdef/2026-11',
      // A week is named by its Monday: a Tuesday is not a week.
      'prc_0123456789abcdef/schedule/loc_0123456789abcdef/2026-11-24',
      'pat_0123456789abcdef/patients',
      '../prc_0123456789abcdef/patients',
      'prc_0123456789abcdef/__proto__',
      'x'.repeat(500),
    ]) {
      expect(parseDocName(bad), bad).toBeNull();
    }
  });
});
