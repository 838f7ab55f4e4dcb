import { describe, expect, it } from 'vitest';
import type { ClaimView } from './claims.ts';
import {
  claimActionsFor,
  emptyClaimEventForm,
  mayAppeal,
  preauthAnswer,
  readClaimEventForm,
} from './claim-forms.ts';
import { birthdayRuleCheck, verificationState } from './policy-checks.ts';

const TODAY = '2026-09-15';

function claim(over: Partial<ClaimView> = {}): ClaimView {
  return {
    scheduleId: 'sch_start00000000',
    policyId: 'pol_primary0000000',
    caseId: 'cas_0000000000000001',
    paymentNumber: 1,
    kind: 'continuation',
    dueOn: '2026-07-01',
    expectedCents: 9_375,
    status: 'sent',
    paidCents: 0,
    writtenOffCents: 0,
    transferredCents: 0,
    overSettledCents: 0,
    ...over,
  };
}

describe('the claim event form', () => {
  it('CLAIM-7: records a payment on the EOB’s date with its check number, not today', () => {
    const form = { ...emptyClaimEventForm('paid', claim(), TODAY), on: '2026-08-02', reference: 'CHK 10442' };
    expect(form.amount).toBe('93.75');
    expect(readClaimEventForm(form, claim(), TODAY)).toEqual({
      value: {
        kind: 'event',
        input: {
          scheduleId: 'sch_start00000000',
          paymentNumber: 1,
          on: '2026-08-02',
          reference: 'CHK 10442',
          status: 'paid',
          paidCents: 9_375,
        },
      },
      errors: {},
    });
  });

  it('CLAIM-7: refuses a date that has not come, a card number as a reference and a denial without a reason', () => {
    const form = {
      ...emptyClaimEventForm('denied', claim(), TODAY),
      on: '2026-09-16',
      reference: '4111-1111-1111-1111',
    };
    expect(readClaimEventForm(form, claim(), TODAY)).toEqual({
      errors: {
        on: 'That date has not come yet',
        reference: 'This looks like a card number: enter the EOB, check or claim number',
        reason: 'Say why it was denied',
      },
    });
  });

  it('CLAIM-12: offers to write off or move at most what is outstanding', () => {
    const underpaid = claim({ status: 'partly-paid', paidCents: 5_000 });
    const form = emptyClaimEventForm('transfer', underpaid, TODAY);
    expect(form.amount).toBe('43.75');
    expect(readClaimEventForm({ ...form, amount: '43.76' }, underpaid, TODAY).errors).toEqual({
      amount: 'At most $43.75 is outstanding',
    });
    const read = readClaimEventForm({ ...form, transferTo: 'amendment' }, underpaid, TODAY);
    expect(read.value).toMatchObject({
      kind: 'transfer',
      to: 'amendment',
      settlement: { cents: 4_375, on: TODAY },
    });
    expect(
      readClaimEventForm(emptyClaimEventForm('write-off', underpaid, TODAY), underpaid, TODAY).errors,
    ).toEqual({
      reason: 'Say why it is written off',
    });
  });

  it('offers the actions that fit the claim’s state', () => {
    expect(claimActionsFor(claim({ status: 'upcoming' }))).toEqual([]);
    expect(claimActionsFor(claim({ status: 'to-send' }))).toEqual(['sent', 'paid', 'denied']);
    expect(claimActionsFor(claim({ status: 'sent' }))).toEqual(['paid', 'denied', 'write-off', 'transfer']);
    expect(claimActionsFor(claim({ status: 'denied' }))).toEqual([
      'resubmitted',
      'paid',
      'write-off',
      'transfer',
    ]);
    expect(claimActionsFor(claim({ status: 'partly-paid', paidCents: 9_375 }))).toEqual([]);
    expect(claimActionsFor(claim({ status: 'written-off', writtenOffCents: 9_375 }))).toEqual([]);
  });

  it('CLAIM-8: a denied or underpaid claim may be appealed while the insurer still owes on it', () => {
    expect(mayAppeal(claim({ status: 'denied' }))).toBe(true);
    expect(mayAppeal(claim({ status: 'partly-paid', paidCents: 5_000 }))).toBe(true);
    expect(mayAppeal(claim({ status: 'partly-paid', paidCents: 9_375 }))).toBe(false);
    expect(mayAppeal(claim({ status: 'sent' }))).toBe(false);
    expect(mayAppeal(claim({ status: 'to-send' }))).toBe(false);
  });
});

describe('pre-authorization answers', () => {
  it('needs the approved amount and the reason for a denial, and dates an appeal today', () => {
    expect(preauthAnswer('approved', '15OO', TODAY)).toHaveProperty('error');
    expect(preauthAnswer('approved', '1,500', TODAY)).toEqual({
      patch: { status: 'approved', approvedCents: 150_000 },
    });
    expect(preauthAnswer('denied', '  ', TODAY)).toEqual({ error: 'Say why it was denied' });
    expect(preauthAnswer('appeal', '', TODAY)).toEqual({ patch: { status: 'appeal', appealedOn: TODAY } });
  });
});

describe('policy checks', () => {
  it('calls a verification stale after the practice’s number of days', () => {
    expect(verificationState(null, TODAY, 90)).toBe('never-verified');
    expect(verificationState({ verifiedOn: '2026-06-17' }, TODAY, 90)).toBe('current');
    expect(verificationState({ verifiedOn: '2026-06-16' }, TODAY, 90)).toBe('stale');
  });

  it('warns when the plan marked primary is not the one the birthday rule makes primary', () => {
    const parents = new Map([
      ['rp_mother000000000', { firstName: 'Ana', lastName: 'Ruiz', dateOfBirth: '1985-08-10' }],
      ['rp_father000000000', { firstName: 'Luis', lastName: 'Ruiz', dateOfBirth: '1983-02-03' }],
    ]);
    const policies = [
      {
        subscriber: { kind: 'party' as const, partyId: 'rp_mother000000000' },
        relationship: 'child' as const,
        order: 'primary' as const,
      },
      {
        subscriber: { kind: 'party' as const, partyId: 'rp_father000000000' },
        relationship: 'child' as const,
        order: 'secondary' as const,
      },
    ];
    const check = birthdayRuleCheck(policies, (id) => parents.get(id), TODAY);
    expect(check?.mismatch).toBe(true);
    expect(check?.message).toContain("Luis Ruiz's plan is primary");
    expect(birthdayRuleCheck([policies[0]!], (id) => parents.get(id), TODAY)).toBeNull();
    const ended = [policies[0]!, { ...policies[1]!, endDate: '2026-01-31' }];
    expect(birthdayRuleCheck(ended, (id) => parents.get(id), TODAY)).toBeNull();
  });
});
