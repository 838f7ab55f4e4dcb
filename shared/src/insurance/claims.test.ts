import { describe, expect, it } from 'vitest';
import { random } from '../test-support/random.ts';
import type { ClaimEvent, InsurerScheduleRecord, ScheduledPayment } from './claims.schema.ts';
import {
  claimsOf,
  claimWorklist,
  INSURANCE_AGING_BUCKETS,
  insuranceAging,
  insuranceAgingBucket,
  outstandingCents,
  strayClaimEvents,
  type ClaimView,
  type ClaimViewStatus,
} from './claims.ts';
import { addDays } from '../core/calendar.ts';

const STAMP = '2026-01-01T10:00:00.000Z';

function schedule(over: Partial<InsurerScheduleRecord> & { id: string }): InsurerScheduleRecord {
  return {
    caseId: 'cas_case00000000',
    policyId: 'pol_primary0000',
    reason: 'start',
    effectiveFrom: '2026-01-15',
    estimateCents: 150_000,
    payments: [],
    reasons: [],
    createdAt: STAMP,
    createdBy: 'stf_alice0000000000',
    updatedAt: STAMP,
    updatedBy: 'stf_alice0000000000',
    ...over,
  };
}

/** Monthly payments from `start`: number 0 is the initial payment. */
function monthlyPayments(start: string, amounts: number[]): ScheduledPayment[] {
  return amounts.map((amountCents, number) => ({
    date: addMonths(start, number),
    amountCents,
    kind: number === 0 ? 'initial' : 'installment',
    number,
  }));
}

function addMonths(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

let eventCounter = 0;
function event(
  over: Partial<ClaimEvent> & Pick<ClaimEvent, 'status' | 'on'> & { scheduleId?: string },
): ClaimEvent {
  eventCounter += 1;
  const createdAt = over.createdAt ?? `${over.on}T12:00:00.000Z`;
  return {
    id: `cev_${String(eventCounter).padStart(8, '0')}`,
    scheduleId: 'sch_start0000000',
    paymentNumber: 0,
    createdAt,
    createdBy: 'stf_alice0000000000',
    updatedAt: createdAt,
    updatedBy: 'stf_alice0000000000',
    ...over,
  };
}

const START = schedule({
  id: 'sch_start0000000',
  payments: monthlyPayments('2026-01-15', [50_000, 10_000, 10_000, 10_000]),
});

function claimOf(events: ClaimEvent[], today = '2026-06-01', number = 0): ClaimView {
  return claimsOf([START], events, today).find((c) => c.paymentNumber === number)!;
}

function view(over: Partial<ClaimView> = {}): ClaimView {
  return {
    scheduleId: 'sch_start0000000',
    policyId: 'pol_primary0000',
    caseId: 'cas_case00000000',
    paymentNumber: 0,
    kind: 'initial',
    dueOn: '2026-01-15',
    expectedCents: 10_000,
    status: 'to-send',
    paidCents: 0,
    writtenOffCents: 0,
    transferredCents: 0,
    overSettledCents: 0,
    ...over,
  };
}

describe('CLAIM-1: claimsOf: one claim per scheduled payment', () => {
  it('lists one claim per payment, oldest due first, with its schedule, policy and case', () => {
    const claims = claimsOf([START], [], '2026-01-01');
    expect(claims.map((c) => [c.paymentNumber, c.dueOn, c.expectedCents])).toEqual([
      [0, '2026-01-15', 50_000],
      [1, '2026-02-15', 10_000],
      [2, '2026-03-15', 10_000],
      [3, '2026-04-15', 10_000],
    ]);
    expect(claims[0]).toMatchObject({
      scheduleId: 'sch_start0000000',
      policyId: 'pol_primary0000',
      caseId: 'cas_case00000000',
    });
  });

  it('calls payment 0 the initial claim and every later one a continuation claim', () => {
    const kinds = claimsOf([START], [], '2026-01-01').map((c) => c.kind);
    expect(kinds).toEqual(['initial', 'continuation', 'continuation', 'continuation']);
  });

  it('is to send once its date has come (today included) and upcoming before', () => {
    const claims = claimsOf([START], [], '2026-02-15');
    expect(claims.map((c) => c.status)).toEqual(['to-send', 'to-send', 'upcoming', 'upcoming']);
  });

  it('has nothing paid and no event dates while no event is recorded', () => {
    const claim = claimsOf([START], [], '2026-02-15')[0]!;
    expect(claim.paidCents).toBe(0);
    expect(claim).not.toHaveProperty('sentOn');
    expect(claim).not.toHaveProperty('paidOn');
    expect(claim).not.toHaveProperty('lastEventOn');
    expect(claim).not.toHaveProperty('deniedReason');
  });

  it('gives no claims for no schedules', () => {
    expect(claimsOf([], [event({ status: 'sent', on: '2026-01-15' })], '2026-06-01')).toEqual([]);
  });

  it('orders claims of several schedules by due date', () => {
    const secondary = schedule({
      id: 'sch_second000000',
      policyId: 'pol_second00000',
      payments: monthlyPayments('2026-01-20', [7_000, 7_000]),
    });
    const claims = claimsOf([secondary, START], [], '2026-06-01');
    expect(claims.map((c) => `${c.dueOn} ${c.policyId}`)).toEqual([
      '2026-01-15 pol_primary0000',
      '2026-01-20 pol_second00000',
      '2026-02-15 pol_primary0000',
      '2026-02-20 pol_second00000',
      '2026-03-15 pol_primary0000',
      '2026-04-15 pol_primary0000',
    ]);
  });
});

describe('CLAIM-3: claimsOf: schedules superseded by a coverage change', () => {
  const change = schedule({
    id: 'sch_change000000',
    reason: 'coverage-change',
    supersedesId: START.id,
    effectiveFrom: '2026-03-01',
    payments: monthlyPayments('2026-01-15', [50_000, 10_000, 5_000, 5_000, 5_000]),
  });

  it('keeps the superseded schedule’s payments before the change and the new one’s from it', () => {
    const claims = claimsOf([START, change], [], '2026-01-01');
    expect(claims.map((c) => `${c.scheduleId} ${c.paymentNumber} ${c.expectedCents}`)).toEqual([
      'sch_start0000000 0 50000',
      'sch_start0000000 1 10000',
      'sch_change000000 2 5000',
      'sch_change000000 3 5000',
      'sch_change000000 4 5000',
    ]);
  });

  it('counts a payment dated exactly on the change day from the new schedule', () => {
    const onTheDay = schedule({
      ...change,
      id: 'sch_onday0000000',
      effectiveFrom: '2026-03-15',
    });
    const claims = claimsOf([START, onTheDay], [], '2026-01-01');
    expect(claims.find((c) => c.dueOn === '2026-03-15')!.scheduleId).toBe('sch_onday0000000');
    expect(claims.filter((c) => c.dueOn === '2026-03-15')).toHaveLength(1);
  });

  it('follows a chain of changes, each schedule in force between its change and the next', () => {
    const third = schedule({
      id: 'sch_third0000000',
      reason: 'coverage-change',
      supersedesId: change.id,
      effectiveFrom: '2026-04-01',
      payments: monthlyPayments('2026-01-15', [50_000, 10_000, 5_000, 1_000, 1_000]),
    });
    const claims = claimsOf([third, START, change], [], '2026-01-01');
    expect(claims.map((c) => `${c.scheduleId} ${c.paymentNumber}`)).toEqual([
      'sch_start0000000 0',
      'sch_start0000000 1',
      'sch_change000000 2',
      'sch_third0000000 3',
      'sch_third0000000 4',
    ]);
  });

  it('ends a schedule superseded twice (two devices offline) at the earlier change', () => {
    const other = schedule({ ...change, id: 'sch_other0000000', effectiveFrom: '2026-04-01' });
    const fromStart = claimsOf([START, change, other], [], '2026-01-01').filter(
      (c) => c.scheduleId === START.id,
    );
    expect(fromStart.map((c) => c.paymentNumber)).toEqual([0, 1]);
  });

  it('does not show events of a replaced payment on the new schedule’s claim', () => {
    const sentOld = event({ status: 'sent', on: '2026-03-15', paymentNumber: 2 });
    const claims = claimsOf([START, change], [sentOld], '2026-06-01');
    expect(claims.find((c) => c.paymentNumber === 2)).toMatchObject({
      scheduleId: change.id,
      status: 'to-send',
    });
  });
});

describe('CLAIM-2: claimsOf: status is the fold of the claim’s events', () => {
  it('is sent after a sent event, with the day it was sent', () => {
    const claim = claimOf([event({ status: 'sent', on: '2026-01-16' })]);
    expect(claim).toMatchObject({ status: 'sent', sentOn: '2026-01-16', lastEventOn: '2026-01-16' });
  });

  it('is paid when the payments reach the expected amount', () => {
    const claim = claimOf([
      event({ status: 'sent', on: '2026-01-16' }),
      event({ status: 'paid', on: '2026-02-10', paidCents: 50_000 }),
    ]);
    expect(claim).toMatchObject({ status: 'paid', paidCents: 50_000, paidOn: '2026-02-10' });
  });

  it('is partly paid below the expected amount, and paid once later payments add up', () => {
    const first = event({ status: 'paid', on: '2026-02-10', paidCents: 30_000 });
    expect(claimOf([first])).toMatchObject({ status: 'partly-paid', paidCents: 30_000 });
    const second = event({ status: 'paid', on: '2026-03-01', paidCents: 20_000 });
    expect(claimOf([first, second])).toMatchObject({
      status: 'paid',
      paidCents: 50_000,
      paidOn: '2026-03-01',
    });
  });

  it('is paid when the insurer pays more than expected', () => {
    const claim = claimOf([event({ status: 'paid', on: '2026-02-10', paidCents: 60_000 })]);
    expect(claim).toMatchObject({ status: 'paid', paidCents: 60_000 });
  });

  it('counts a paid event without an amount as paying nothing', () => {
    const claim = claimOf([event({ status: 'paid', on: '2026-02-10' })]);
    expect(claim).toMatchObject({ status: 'partly-paid', paidCents: 0 });
  });

  it('is denied with the denial’s reason', () => {
    const claim = claimOf([
      event({ status: 'sent', on: '2026-01-16' }),
      event({ status: 'denied', on: '2026-02-01', reason: 'Missing x-rays' }),
    ]);
    expect(claim).toMatchObject({ status: 'denied', deniedReason: 'Missing x-rays', sentOn: '2026-01-16' });
  });

  it('is resubmitted after a denial, sent again that day and keeping why it was denied', () => {
    const claim = claimOf([
      event({ status: 'sent', on: '2026-01-16' }),
      event({ status: 'denied', on: '2026-02-01', reason: 'Missing x-rays' }),
      event({ status: 'resubmitted', on: '2026-02-03' }),
    ]);
    expect(claim).toMatchObject({
      status: 'resubmitted',
      sentOn: '2026-02-03',
      deniedReason: 'Missing x-rays',
    });
  });

  it('lets a later payment win over a resubmission, dropping the denial reason', () => {
    const claim = claimOf([
      event({ status: 'denied', on: '2026-02-01', reason: 'Missing x-rays' }),
      event({ status: 'resubmitted', on: '2026-02-03' }),
      event({ status: 'paid', on: '2026-03-01', paidCents: 50_000 }),
    ]);
    expect(claim.status).toBe('paid');
    expect(claim).not.toHaveProperty('deniedReason');
  });

  it('keeps a claim paid in full paid when a stray later event arrives', () => {
    const claim = claimOf([
      event({ status: 'paid', on: '2026-02-01', paidCents: 50_000 }),
      event({ status: 'sent', on: '2026-02-05' }),
      event({ status: 'denied', on: '2026-02-06' }),
    ]);
    expect(claim).toMatchObject({ status: 'paid', lastEventOn: '2026-02-06' });
  });

  it('reopens a partly paid claim when the rest is resubmitted', () => {
    const claim = claimOf([
      event({ status: 'paid', on: '2026-02-01', paidCents: 20_000 }),
      event({ status: 'resubmitted', on: '2026-02-05' }),
    ]);
    expect(claim).toMatchObject({ status: 'resubmitted', paidCents: 20_000, sentOn: '2026-02-05' });
  });

  it('CLAIM-8: is appealed after a denial: sent again on the appeal day, keeping why it was denied', () => {
    const claim = claimOf([
      event({ status: 'denied', on: '2026-02-01', reason: 'Not medically necessary' }),
      event({ status: 'appealed', on: '2026-02-10', letter: 'Dear reviewer, …' }),
    ]);
    expect(claim).toMatchObject({
      status: 'appealed',
      sentOn: '2026-02-10',
      deniedReason: 'Not medically necessary',
    });
  });

  it('CLAIM-12: is closed as written off or moved to the family once nothing is outstanding', () => {
    const denied = event({ status: 'denied', on: '2026-02-01', reason: 'Age limit' });
    const off = claimOf([
      denied,
      event({ status: 'written-off', on: '2026-02-20', resolvedCents: 50_000, reason: 'Age limit' }),
    ]);
    expect(off).toMatchObject({ status: 'written-off', writtenOffCents: 50_000, overSettledCents: 0 });
    expect(outstandingCents(off)).toBe(0);
    const paidPart = event({ status: 'paid', on: '2026-02-10', paidCents: 30_000 });
    const moved = claimOf([
      paidPart,
      event({
        status: 'transferred',
        on: '2026-02-20',
        resolvedCents: 20_000,
        transfer: { to: 'charge', familyId: 'fam_0000000000000001', ledgerEntryId: 'lge_0000000000000001' },
      }),
    ]);
    expect(moved).toMatchObject({ status: 'transferred', paidCents: 30_000, transferredCents: 20_000 });
  });

  it('CLAIM-12: keeps the status it had after a partial write-off, with less outstanding', () => {
    const claim = claimOf([
      event({ status: 'denied', on: '2026-02-01', reason: 'Partly excluded' }),
      event({ status: 'written-off', on: '2026-02-20', resolvedCents: 10_000, reason: 'Excluded part' }),
    ]);
    expect(claim).toMatchObject({ status: 'denied', writtenOffCents: 10_000 });
    expect(outstandingCents(claim)).toBe(40_000);
  });

  it('CLAIM-12: stays closed after a late event, and shows money settled twice', () => {
    const claim = claimOf([
      event({ status: 'written-off', on: '2026-02-20', resolvedCents: 50_000, reason: 'Gave up' }),
      event({ status: 'resubmitted', on: '2026-02-25' }),
      event({ status: 'paid', on: '2026-03-05', paidCents: 50_000 }),
    ]);
    expect(claim).toMatchObject({ status: 'paid', overSettledCents: 50_000 });
    const twice = claimOf([
      event({ status: 'written-off', on: '2026-02-20', resolvedCents: 50_000, reason: 'A' }),
      event({ status: 'written-off', on: '2026-02-20', resolvedCents: 50_000, reason: 'B' }),
    ]);
    expect(twice).toMatchObject({ status: 'written-off', overSettledCents: 50_000 });
  });

  it('CLAIM-12: counts the amount of an event recorded as partly paid as a payment', () => {
    const claim = claimOf([event({ status: 'partly-paid', on: '2026-02-10', paidCents: 30_000 })]);
    expect(claim).toMatchObject({ status: 'partly-paid', paidCents: 30_000 });
    expect(outstandingCents(claim)).toBe(20_000);
  });

  it('CLAIM-7: keeps the reference of the latest event that had one', () => {
    const claim = claimOf([
      event({ status: 'sent', on: '2026-01-16', reference: 'CLM-1' }),
      event({ status: 'paid', on: '2026-02-10', paidCents: 50_000, reference: 'CHK 4471' }),
    ]);
    expect(claim.reference).toBe('CHK 4471');
  });

  it('orders events by their day, not by when they were recorded', () => {
    // Recorded late on another device: the sent event of Jan 16 came after the payment.
    const paid = event({ status: 'paid', on: '2026-02-10', paidCents: 50_000, createdAt: STAMP });
    const sent = event({ status: 'sent', on: '2026-01-16', createdAt: '2026-03-01T09:00:00.000Z' });
    expect(claimOf([paid, sent]).status).toBe('paid');
  });

  it('orders events of the same day by when they were recorded', () => {
    const denied = event({ status: 'denied', on: '2026-02-01', createdAt: '2026-02-01T09:00:00.000Z' });
    const resubmitted = event({
      status: 'resubmitted',
      on: '2026-02-01',
      createdAt: '2026-02-01T15:00:00.000Z',
    });
    expect(claimOf([resubmitted, denied]).status).toBe('resubmitted');
    const laterDenial = { ...denied, createdAt: '2026-02-01T16:00:00.000Z' };
    expect(claimOf([resubmitted, laterDenial]).status).toBe('denied');
  });

  it('applies each event to its own claim only', () => {
    const claims = claimsOf(
      [START],
      [event({ status: 'sent', on: '2026-02-16', paymentNumber: 1 })],
      '2026-06-01',
    );
    expect(claims.map((c) => c.status)).toEqual(['to-send', 'sent', 'to-send', 'to-send']);
  });

  it('counts an event listed twice once', () => {
    const paid = event({ status: 'paid', on: '2026-02-10', paidCents: 30_000 });
    expect(claimOf([paid, paid]).paidCents).toBe(30_000);
  });

  it('gives the same claims whatever order the events and schedules come in', () => {
    const next = random(42);
    const statuses = ['sent', 'paid', 'denied', 'resubmitted'] as const;
    for (let round = 0; round < 200; round += 1) {
      const events = Array.from({ length: 1 + next(8) }, () =>
        event({
          status: statuses[next(3)]!,
          on: addDays('2026-01-15', next(5)),
          createdAt: `2026-01-20T0${next(3)}:00:00.000Z`,
          paymentNumber: next(3),
          paidCents: next(30_000),
          ...(next(1) === 0 ? { reason: `reason ${next(3)}` } : {}),
        }),
      );
      const shuffled = [...events];
      for (let i = shuffled.length - 1; i > 0; i -= 1) {
        const j = next(i);
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      const other = schedule({ id: 'sch_other0000000', payments: monthlyPayments('2026-01-10', [1, 2]) });
      expect(claimsOf([other, START], shuffled, '2026-03-01')).toEqual(
        claimsOf([START, other], events, '2026-03-01'),
      );
    }
  });
});

describe('CLAIM-3: strayClaimEvents', () => {
  it('lists events of unknown schedules, unknown payments and replaced payments, in event order', () => {
    const change = schedule({
      id: 'sch_change000000',
      supersedesId: START.id,
      effectiveFrom: '2026-03-01',
      payments: monthlyPayments('2026-01-15', [50_000, 10_000, 5_000]),
    });
    const kept = event({ status: 'sent', on: '2026-01-16', paymentNumber: 0 });
    const replaced = event({ status: 'sent', on: '2026-03-16', paymentNumber: 2 });
    const unknownPayment = event({ status: 'sent', on: '2026-02-01', paymentNumber: 9 });
    const unknownSchedule = event({ status: 'paid', on: '2026-01-20', scheduleId: 'sch_nowhere00000' });
    expect(strayClaimEvents([START, change], [replaced, kept, unknownPayment, unknownSchedule])).toEqual([
      unknownSchedule,
      unknownPayment,
      replaced,
    ]);
  });

  it('is empty when every event belongs to a claim', () => {
    expect(strayClaimEvents([START], [event({ status: 'sent', on: '2026-01-16' })])).toEqual([]);
  });
});

describe('CLAIM-4: claimWorklist', () => {
  const today = '2026-06-01';

  it('puts due claims never sent on the to-send list, oldest due first', () => {
    const a = view({ dueOn: '2026-05-01', paymentNumber: 4 });
    const b = view({ dueOn: '2026-04-01', paymentNumber: 3 });
    const future = view({ dueOn: '2026-07-01', status: 'upcoming', paymentNumber: 5 });
    expect(claimWorklist([a, future, b], today).toSend).toEqual([b, a]);
  });

  it('puts a claim on the to-send list once it falls due, even from an older computation', () => {
    const due = view({ dueOn: '2026-06-01', status: 'upcoming' });
    expect(claimWorklist([due], today).toSend).toEqual([due]);
  });

  it('calls a sent claim overdue only more than 30 days after it was sent', () => {
    const thirty = view({ status: 'sent', sentOn: addDays(today, -30), paymentNumber: 1 });
    const thirtyOne = view({ status: 'sent', sentOn: addDays(today, -31), paymentNumber: 2 });
    expect(claimWorklist([thirty, thirtyOne], today).overdue).toEqual([thirtyOne]);
  });

  it('counts a resubmitted claim from its resubmission', () => {
    const recent = view({ status: 'resubmitted', sentOn: addDays(today, -10), paymentNumber: 1 });
    const old = view({ status: 'resubmitted', sentOn: addDays(today, -45), paymentNumber: 2 });
    expect(claimWorklist([recent, old], today).overdue).toEqual([old]);
  });

  it('takes the overdue threshold as an option', () => {
    const sent = view({ status: 'sent', sentOn: addDays(today, -20) });
    expect(claimWorklist([sent], today, { overdueAfterDays: 14 }).overdue).toEqual([sent]);
    expect(claimWorklist([sent], today, { overdueAfterDays: 20 }).overdue).toEqual([]);
  });

  it('lists partly paid claims as underpaid and denied claims as denied', () => {
    const under = view({ status: 'partly-paid', paidCents: 4_000, dueOn: '2026-03-01' });
    const underOlder = view({ status: 'partly-paid', paidCents: 1_000, dueOn: '2026-02-01' });
    const denied = view({ status: 'denied', deniedReason: 'Not covered' });
    const list = claimWorklist([under, denied, underOlder], today);
    expect(list.underpaid).toEqual([underOlder, under]);
    expect(list.denied).toEqual([denied]);
  });

  it('CLAIM-8: counts an appealed claim as waiting from its appeal', () => {
    const appealed = view({ status: 'appealed', sentOn: addDays(today, -31) });
    expect(claimWorklist([appealed], today).overdue).toEqual([appealed]);
  });

  it('CLAIM-12: takes denied and underpaid claims off the lists once nothing is outstanding', () => {
    const settledDenial = view({ status: 'denied', writtenOffCents: 6_000, transferredCents: 4_000 });
    const settledUnder = view({
      status: 'partly-paid',
      paidCents: 7_000,
      writtenOffCents: 3_000,
      paymentNumber: 2,
    });
    const list = claimWorklist(
      [settledDenial, settledUnder, view({ status: 'written-off', paymentNumber: 3 })],
      today,
    );
    expect(list).toEqual({ toSend: [], overdue: [], underpaid: [], denied: [] });
  });

  it('leaves paid and upcoming claims off every list', () => {
    const list = claimWorklist(
      [view({ status: 'paid', paidCents: 10_000 }), view({ status: 'upcoming', dueOn: '2026-07-01' })],
      today,
    );
    expect(list).toEqual({ toSend: [], overdue: [], underpaid: [], denied: [] });
  });

  it('puts each claim on at most one list', () => {
    const next = random(7);
    const statuses: ClaimViewStatus[] = [
      'upcoming',
      'to-send',
      'sent',
      'paid',
      'partly-paid',
      'denied',
      'resubmitted',
      'appealed',
      'written-off',
      'transferred',
    ];
    const claims = Array.from({ length: 300 }, (_, i) =>
      view({
        paymentNumber: i,
        status: statuses[next(9)]!,
        dueOn: addDays(today, next(200) - 150),
        sentOn: addDays(today, -next(90)),
      }),
    );
    const list = claimWorklist(claims, today);
    const listed = [...list.toSend, ...list.overdue, ...list.underpaid, ...list.denied];
    expect(new Set(listed).size).toBe(listed.length);
    for (const l of Object.values(list)) {
      const dues = (l as ClaimView[]).map((c) => c.dueOn);
      expect(dues).toEqual([...dues].sort());
    }
  });
});

describe('CLAIM-5: insuranceAging', () => {
  const today = '2026-06-01';
  const carrierOf = (policyId: string) => (policyId === 'pol_second00000' ? 'car_metlife' : 'car_delta');

  it('puts each outstanding amount in the bucket of its days since due', () => {
    expect([0, 30, 31, 60, 61, 90, 91, 400].map((d) => insuranceAgingBucket(d))).toEqual([
      '0-30',
      '0-30',
      '31-60',
      '31-60',
      '61-90',
      '61-90',
      '90+',
      '90+',
    ]);
    const claims = [
      view({ dueOn: today, expectedCents: 100, paymentNumber: 1 }),
      view({ dueOn: addDays(today, -31), expectedCents: 200, paymentNumber: 2 }),
      view({ dueOn: addDays(today, -90), expectedCents: 400, paymentNumber: 3 }),
      view({ dueOn: addDays(today, -91), expectedCents: 800, paymentNumber: 4 }),
    ];
    expect(insuranceAging(claims, today, carrierOf).total).toEqual({
      buckets: { '0-30': 100, '31-60': 200, '61-90': 400, '90+': 800 },
      totalCents: 1_500,
    });
  });

  it('counts expected minus paid, never negative', () => {
    const claims = [
      view({ status: 'partly-paid', expectedCents: 10_000, paidCents: 4_000, paymentNumber: 1 }),
      view({ status: 'paid', expectedCents: 10_000, paidCents: 12_000, paymentNumber: 2 }),
    ];
    expect(outstandingCents(claims[1]!)).toBe(0);
    expect(insuranceAging(claims, today, carrierOf).total.totalCents).toBe(6_000);
  });

  it('leaves out payments not yet due', () => {
    const claims = [view({ status: 'upcoming', dueOn: addDays(today, 1) })];
    expect(insuranceAging(claims, today, carrierOf)).toEqual({
      byCarrier: [],
      total: { buckets: { '0-30': 0, '31-60': 0, '61-90': 0, '90+': 0 }, totalCents: 0 },
    });
  });

  it('keeps denied claims outstanding until they are paid', () => {
    const denied = view({ status: 'denied', dueOn: addDays(today, -100), expectedCents: 9_000 });
    expect(insuranceAging([denied], today, carrierOf).total.buckets['90+']).toBe(9_000);
  });

  it('counts claims to send and sent claims: the money has not come', () => {
    const claims = [
      view({ status: 'to-send', expectedCents: 1_000, paymentNumber: 1 }),
      view({ status: 'sent', sentOn: '2026-01-16', expectedCents: 2_000, paymentNumber: 2 }),
    ];
    expect(insuranceAging(claims, today, carrierOf).total.totalCents).toBe(3_000);
  });

  it('splits by carrier, largest total first, leaving out carriers with nothing outstanding', () => {
    const claims = [
      view({ policyId: 'pol_primary0000', expectedCents: 1_000, paymentNumber: 1 }),
      view({ policyId: 'pol_second00000', expectedCents: 5_000, paymentNumber: 2 }),
      view({ policyId: 'pol_third000000', status: 'paid', paidCents: 1_000, expectedCents: 1_000 }),
    ];
    const aging = insuranceAging(claims, today, (id) =>
      id === 'pol_third000000' ? 'car_aetna' : carrierOf(id),
    );
    expect(aging.byCarrier.map((c) => [c.carrierId, c.totalCents])).toEqual([
      ['car_metlife', 5_000],
      ['car_delta', 1_000],
    ]);
  });

  it('from claimsOf: a partly paid initial claim and a due continuation claim', () => {
    const claims = claimsOf(
      [START],
      [event({ status: 'paid', on: '2026-02-01', paidCents: 45_000 })],
      '2026-02-20',
    );
    expect(insuranceAging(claims, '2026-02-20', () => 'car_delta').total).toEqual({
      buckets: { '0-30': 10_000, '31-60': 5_000, '61-90': 0, '90+': 0 },
      totalCents: 15_000,
    });
  });

  it('has buckets that add up to the totals, per carrier and overall, and nothing negative', () => {
    const next = random(2026);
    const statuses: ClaimViewStatus[] = [
      'upcoming',
      'to-send',
      'sent',
      'paid',
      'partly-paid',
      'denied',
      'resubmitted',
    ];
    const policies = ['pol_a0000000', 'pol_b0000000', 'pol_c0000000', 'pol_d0000000'];
    const carriers = ['car_1', 'car_2', 'car_1', 'car_3'];
    for (let round = 0; round < 300; round += 1) {
      const claims = Array.from({ length: next(30) }, (_, i) =>
        view({
          paymentNumber: i,
          policyId: policies[next(3)]!,
          status: statuses[next(6)]!,
          dueOn: addDays(today, next(400) - 300),
          expectedCents: next(200_000),
          paidCents: next(3) === 0 ? next(250_000) : 0,
        }),
      );
      const aging = insuranceAging(claims, today, (id) => carriers[policies.indexOf(id)]!);
      const add = (b: Record<string, number>) => INSURANCE_AGING_BUCKETS.reduce((s, k) => s + b[k]!, 0);
      expect(add(aging.total.buckets)).toBe(aging.total.totalCents);
      const expected = claims
        .filter((c) => c.dueOn <= today)
        .reduce((s, c) => s + Math.max(0, c.expectedCents - c.paidCents), 0);
      expect(aging.total.totalCents).toBe(expected);
      let carriersTotal = 0;
      for (const carrier of aging.byCarrier) {
        expect(add(carrier.buckets)).toBe(carrier.totalCents);
        expect(carrier.totalCents).toBeGreaterThan(0);
        for (const k of INSURANCE_AGING_BUCKETS) expect(carrier.buckets[k]).toBeGreaterThanOrEqual(0);
        carriersTotal += carrier.totalCents;
      }
      expect(carriersTotal).toBe(aging.total.totalCents);
      for (const k of INSURANCE_AGING_BUCKETS) {
        expect(aging.total.buckets[k]).toBeGreaterThanOrEqual(0);
        expect(aging.byCarrier.reduce((s, c) => s + c.buckets[k], 0)).toBe(aging.total.buckets[k]);
      }
    }
  });
});
