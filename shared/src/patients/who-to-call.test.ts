import { describe, expect, it } from 'vitest';
import { isMinorOn, whomToCall, type CallParty } from './who-to-call.ts';

const TODAY = '2026-11-25';
const EMMA = { id: 'pat_emma00000000', firstName: 'Emma', lastName: 'Garcia', dateOfBirth: '2013-05-01' };
const ROSA: CallParty = {
  id: 'pty_rosa00000000',
  firstName: 'Rosa',
  lastName: 'Garcia',
  phone: '+15125550101',
};
const LUIS: CallParty = {
  id: 'pty_luis00000000',
  firstName: 'Luis',
  lastName: 'Garcia',
  phone: '+15125550102',
};
const ABUELA: CallParty = { id: 'pty_abuela000000', firstName: 'Ana', lastName: 'Lopez' };
const link = (
  partyId: string,
  relationship: 'mother' | 'father' | 'grandparent' | 'self',
  isGuarantor = false,
) => ({
  patientId: EMMA.id,
  partyId,
  relationship,
  isGuarantor,
});
const order = (list: ReturnType<typeof whomToCall>) => list.map((w) => w.person.id);

describe('PAT-201: a minor’s contact card leads with the responsible party', () => {
  it('puts the guarantor first, then parents before other relatives, and the minor last', () => {
    const list = whomToCall({
      patient: EMMA,
      parties: [ROSA, LUIS, ABUELA],
      links: [link(ABUELA.id, 'grandparent'), link(ROSA.id, 'mother'), link(LUIS.id, 'father', true)],
      today: TODAY,
    });
    expect(order(list)).toEqual([LUIS.id, ROSA.id, ABUELA.id, EMMA.id]);
    expect(list[0]).toMatchObject({ kind: 'party', relationship: 'father', isGuarantor: true });
  });

  it('puts a party with a phone before one without, whatever the relationship', () => {
    const list = whomToCall({
      patient: EMMA,
      parties: [{ ...ROSA, phone: undefined }, LUIS],
      links: [link(ROSA.id, 'mother', true), link(LUIS.id, 'father')],
      today: TODAY,
    });
    expect(order(list)).toEqual([LUIS.id, ROSA.id, EMMA.id]);
  });

  it('leads with an adult patient, then anyone linked', () => {
    const adult = { ...EMMA, dateOfBirth: '2000-01-01', phone: '+15125550199' };
    expect(
      order(whomToCall({ patient: adult, parties: [ROSA], links: [link(ROSA.id, 'mother')], today: TODAY })),
    ).toEqual([EMMA.id, ROSA.id]);
  });

  it('takes a patient without a birth date for an adult, turns 18 on the birthday, and ignores self links and parties not loaded', () => {
    expect(isMinorOn(undefined, TODAY)).toBe(false);
    expect(isMinorOn('2008-11-25', TODAY)).toBe(false);
    expect(isMinorOn('2008-11-26', TODAY)).toBe(true);
    const list = whomToCall({
      patient: EMMA,
      parties: [ROSA],
      links: [link(ROSA.id, 'self'), link('pty_gone00000000', 'father', true)],
      today: TODAY,
    });
    expect(order(list)).toEqual([EMMA.id]);
  });
});
