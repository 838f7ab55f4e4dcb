import { describe, expect, it } from 'vitest';
import { MergeFollower, carriedDocNames, kindOfId } from './merge-carry.ts';
import { chartDocName, ledgerDocName, patientsDocName, scheduleDocName } from '../documents/doc-names.ts';

const PRACTICE = 'prc_merge0000000001';
const OLD = 'pat_old000000000000';
const NEW = 'pat_new000000000000';
const OLD_FAMILY = 'fam_old000000000000';
const NEW_FAMILY = 'fam_new000000000000';
const resolved = new Map([
  [OLD, NEW],
  [OLD_FAMILY, NEW_FAMILY],
]);

describe('MergeFollower', () => {
  it('PAT-106: a change to a merged-away record’s document is carried into the survivor’s at once', () => {
    const follower = new MergeFollower();
    expect(follower.noteStored(chartDocName(PRACTICE, OLD), resolved)).toEqual([
      { kind: 'patient', survivorId: NEW, aliasId: OLD },
    ]);
    expect(follower.noteStored(ledgerDocName(PRACTICE, OLD_FAMILY), resolved)).toEqual([
      { kind: 'family', survivorId: NEW_FAMILY, aliasId: OLD_FAMILY },
    ]);
    // Again on the next change: carrying is idempotent, and something new may be in it.
    expect(follower.noteStored(chartDocName(PRACTICE, OLD), resolved)).toHaveLength(1);
  });

  it('PAT-106: a merge arriving with the patients document carries the merged record once', () => {
    const follower = new MergeFollower();
    const patients = patientsDocName(PRACTICE);
    expect(follower.noteStored(patients, resolved)).toEqual([
      { kind: 'patient', survivorId: NEW, aliasId: OLD },
      { kind: 'family', survivorId: NEW_FAMILY, aliasId: OLD_FAMILY },
    ]);
    expect(follower.noteStored(patients, resolved)).toEqual([]);
    // The survivor changed (two devices merged into each other): carried into the new one.
    const other = new Map([[OLD, 'pat_zzz000000000000']]);
    expect(follower.noteStored(patients, other)).toEqual([
      { kind: 'patient', survivorId: 'pat_zzz000000000000', aliasId: OLD },
    ]);
  });

  it('PAT-106: documents of records never merged, the survivor’s own and other kinds call for nothing', () => {
    const follower = new MergeFollower();
    expect(follower.noteStored(chartDocName(PRACTICE, NEW), resolved)).toEqual([]);
    expect(
      follower.noteStored(scheduleDocName(PRACTICE, 'loc_main00000000000', '2026-11-30'), resolved),
    ).toEqual([]);
    expect(follower.noteStored('not a document name', resolved)).toEqual([]);
  });
});

describe('carriedDocNames', () => {
  it('PAT-103: a patient brings chart, comms and insurance; a family its contracts and ledger', () => {
    expect(carriedDocNames(PRACTICE, 'patient', OLD).map((n) => n.split('/')[1])).toEqual([
      'chart',
      'comms',
      'insurance',
    ]);
    expect(carriedDocNames(PRACTICE, kindOfId(OLD_FAMILY), OLD_FAMILY).map((n) => n.split('/')[1])).toEqual([
      'contracts',
      'ledger',
    ]);
  });
});
