import { describe, expect, it } from 'vitest';
import { accountsAfterMerges, casesUnderSurvivor, itemsAfterMerges } from './merged-values.ts';
import type { AccountSummary } from './accounts-source.ts';
import type { PipelineItem } from '../pipeline/pipeline.ts';

const ANA = 'pat_ana000000000000';
const ANNA = 'pat_anna00000000000';
const BEN = 'pat_ben000000000000';

function item(patientId: string, caseId: string, status: PipelineItem['status'] = 'pending'): PipelineItem {
  return {
    patientId,
    caseId,
    type: 'comprehensive',
    status,
    statusAt: '2026-11-02T10:00:00.000Z',
    createdAt: '2026-11-01T10:00:00.000Z',
    valueCents: 500_000,
  };
}

function account(familyId: string, balanceCents: number): AccountSummary {
  return { familyId, state: { balanceCents } as AccountSummary['state'] };
}

describe('itemsAfterMerges', () => {
  it('PAT-105: a case carried into the survivor is listed once, as the survivor’s copy', () => {
    const byPatient = new Map([
      [ANNA, [item(ANNA, 'cas_1', 'observation')]],
      // The survivor's chart holds the carried case (moved on since) and its own.
      [ANA, [item(ANNA, 'cas_1', 'pending'), item(ANA, 'cas_2')]],
      [BEN, [item(BEN, 'cas_3')]],
    ]);
    const items = itemsAfterMerges(byPatient, new Map([[ANNA, ANA]]));
    expect(items.map((i) => [i.caseId, i.patientId, i.status])).toEqual([
      ['cas_1', ANA, 'pending'],
      ['cas_2', ANA, 'pending'],
      ['cas_3', BEN, 'pending'],
    ]);
  });

  it('PAT-105: a case added to the merged-away patient before it was carried shows under the survivor', () => {
    const byPatient = new Map([
      [ANNA, [item(ANNA, 'cas_late')]],
      [ANA, [item(ANA, 'cas_2')]],
    ]);
    const items = itemsAfterMerges(byPatient, new Map([[ANNA, ANA]]));
    expect(items.map((i) => [i.caseId, i.patientId])).toEqual([
      ['cas_2', ANA],
      ['cas_late', ANA],
    ]);
  });

  it('PAT-105: without merges every value is listed as it is', () => {
    const byPatient = new Map([[ANA, [item(ANA, 'cas_1')]]]);
    expect(itemsAfterMerges(byPatient, new Map())).toEqual([item(ANA, 'cas_1')]);
  });
});

describe('accountsAfterMerges', () => {
  it('PAT-105: a merged-away family’s account is not counted beside the survivor’s', () => {
    const accounts = new Map([
      ['fam_old', account('fam_old', 10_000)],
      ['fam_new', account('fam_new', 25_000)],
      ['fam_other', account('fam_other', 3_000)],
    ]);
    const folded = accountsAfterMerges(accounts, new Map([['fam_old', 'fam_new']]));
    expect([...folded.keys()]).toEqual(['fam_new', 'fam_other']);
    expect(folded.get('fam_new')!.state.balanceCents).toBe(25_000);
  });

  it('PAT-105: an old family whose survivor has no account yet is listed as the survivor', () => {
    const folded = accountsAfterMerges(
      new Map([['fam_old', account('fam_old', 10_000)]]),
      new Map([['fam_old', 'fam_new']]),
    );
    expect([...folded]).toEqual([['fam_new', account('fam_new', 10_000)]]);
  });
});

describe('casesUnderSurvivor', () => {
  it('PAT-107: a survivor counts its cases and its merged records’ cases, each case once, its own copy first', () => {
    const byPatient = new Map([
      [ANNA, [item(ANNA, 'cas_1', 'observation'), item(ANNA, 'cas_4', 'declined')]],
      [ANA, [item(ANNA, 'cas_1', 'started'), item(ANA, 'cas_2')]],
      [BEN, [item(BEN, 'cas_3')]],
    ]);
    const cases = casesUnderSurvivor(byPatient, ANA, [ANNA]);
    expect(cases.map((i) => [i.caseId, i.status])).toEqual([
      ['cas_1', 'started'],
      ['cas_2', 'pending'],
      ['cas_4', 'declined'],
    ]);
  });

  it('PAT-107: a patient never merged has just its own cases', () => {
    const byPatient = new Map([[BEN, [item(BEN, 'cas_3')]]]);
    expect(casesUnderSurvivor(byPatient, BEN, []).map((i) => i.caseId)).toEqual(['cas_3']);
    expect(casesUnderSurvivor(byPatient, ANA, [])).toEqual([]);
  });
});
