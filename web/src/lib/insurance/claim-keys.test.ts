import { describe, expect, it } from 'vitest';
import { claimFormsHref, claimKey, parseClaimKeys } from './claim-keys.ts';

describe('claim keys in a claim-forms link', () => {
  it('groups claims by patient, in the order named, each once', () => {
    const keys = [
      claimKey('pat_aaa', { scheduleId: 'sch_1', paymentNumber: 0 }),
      claimKey('pat_bbb', { scheduleId: 'sch_2', paymentNumber: 3 }),
      claimKey('pat_aaa', { scheduleId: 'sch_1', paymentNumber: 1 }),
      claimKey('pat_aaa', { scheduleId: 'sch_1', paymentNumber: 0 }),
    ];
    const href = claimFormsHref(keys);
    const param = new URL(href, 'https://example.test').searchParams.get('c')!;
    expect(parseClaimKeys(param)).toEqual([
      {
        patientId: 'pat_aaa',
        claims: [
          { scheduleId: 'sch_1', paymentNumber: 0 },
          { scheduleId: 'sch_1', paymentNumber: 1 },
        ],
      },
      { patientId: 'pat_bbb', claims: [{ scheduleId: 'sch_2', paymentNumber: 3 }] },
    ]);
  });

  it('leaves out what is malformed instead of failing', () => {
    expect(parseClaimKeys('pat_a~sch_1,../../x~sch_1~2,pat_b~sch_2~-1,,pat_c~sch_3~12')).toEqual([
      { patientId: 'pat_c', claims: [{ scheduleId: 'sch_3', paymentNumber: 12 }] },
    ]);
  });
});
