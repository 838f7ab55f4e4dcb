import { describe, expect, it } from 'vitest';
import type { ChargeKind, LedgerEntry, LedgerPayer } from './ledger.schema.ts';
import {
  AGING_BUCKETS,
  accountState,
  agingBucket,
  createAgingIndex,
  emptyAgingBuckets,
  lateStanding,
  pastDueList,
  practiceAging,
  type AccountState,
  type AgingBuckets,
} from './ledger.ts';
import { addDays } from '../core/calendar.ts';

/** Small deterministic PRNG (mulberry32): fast-check is not a dependency of shared. */
function random(seed: number): (max: number) => number {
  let a = seed;
  return (max) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (max + 1));
  };
}

const STAMP = '2026-01-01T10:00:00.000Z';
const FAMILY = 'fam_smith0000000';
const AS_OF = '2026-06-15';

const idOf = (name: string) => `lge_${name.padStart(8, '0')}`;

type Over = Partial<LedgerEntry> & Pick<LedgerEntry, 'kind' | 'amountCents' | 'postedOn'>;

function entry(name: string, over: Over): LedgerEntry {
  return {
    id: idOf(name),
    familyId: FAMILY,
    payer: 'patient',
    createdAt: STAMP,
    createdBy: 'stf_alice0000000000',
    updatedAt: STAMP,
    updatedBy: 'stf_alice0000000000',
    ...over,
  };
}

const charge = (
  name: string,
  amountCents: number,
  postedOn: string,
  dueOn?: string,
  chargeKind: ChargeKind = 'other',
) => entry(name, { kind: 'charge', chargeKind, amountCents, postedOn, ...(dueOn ? { dueOn } : {}) });
const installment = (name: string, amountCents: number, dueOn: string, postedOn = '2026-01-02') =>
  charge(name, amountCents, postedOn, dueOn, 'installment');
const payment = (name: string, amountCents: number, postedOn: string) =>
  entry(name, { kind: 'payment', method: 'card', reference: '4242', amountCents, postedOn });
const adjustment = (name: string, amountCents: number, postedOn: string) =>
  entry(name, { kind: 'adjustment', adjustmentKind: 'courtesy', reason: 'Courtesy', amountCents, postedOn });
const refund = (name: string, amountCents: number, postedOn: string) =>
  entry(name, { kind: 'refund', method: 'check', amountCents, postedOn });
const reversal = (name: string, target: LedgerEntry, postedOn: string, amountCents = target.amountCents) =>
  entry(name, { kind: 'reversal', reversesId: target.id, reason: 'Mistake', amountCents, postedOn });

const buckets = (over: Partial<AgingBuckets> = {}): AgingBuckets => ({ ...emptyAgingBuckets(), ...over });

describe('AGING-1: agingBucket', () => {
  it('puts 0–30 days in 0-30, 31–60 in 31-60, 61–90 in 61-90 and 91 on in 90+', () => {
    expect([0, 30, 31, 60, 61, 90, 91, 400].map(agingBucket)).toEqual([
      '0-30',
      '0-30',
      '31-60',
      '31-60',
      '61-90',
      '61-90',
      '90+',
      '90+',
    ]);
  });
});

describe('LEDGER-5: accountState', () => {
  it('shows an empty ledger as owing nothing', () => {
    expect(accountState([], AS_OF)).toEqual({
      asOf: AS_OF,
      payer: 'patient',
      balanceCents: 0,
      pastDueCents: 0,
      aging: buckets(),
      unpaidDue: [],
      daysPastDue: 0,
      futureScheduledCents: 0,
      creditCents: 0,
      issues: [],
    });
  });

  it('AGING-1: ages charges at the bucket boundaries 30/31, 60/61 and 90/91 days', () => {
    const days = [30, 31, 60, 61, 90, 91];
    const entries = days.map((d, i) => charge(`c${i}`, 100 * (i + 1), addDays(AS_OF, -d)));
    const state = accountState(entries, AS_OF);
    expect(state.aging).toEqual({ '0-30': 100, '31-60': 200 + 300, '61-90': 400 + 500, '90+': 600 });
    expect(state.pastDueCents).toBe(2100);
    expect(state.oldestPastDueOn).toBe(addDays(AS_OF, -91));
    expect(state.daysPastDue).toBe(91);
  });

  it('lets a partial payment pay the oldest charge first and ages what is left of the next', () => {
    const state = accountState(
      [
        charge('feb', 10_000, '2026-04-01'),
        payment('p1', 15_000, '2026-06-01'),
        charge('jan', 10_000, '2026-03-01'),
      ],
      AS_OF,
    );
    // March's charge is paid in full; half of April's is left, 75 days old.
    expect(state.aging).toEqual(buckets({ '61-90': 5_000 }));
    expect(state.pastDueCents).toBe(5_000);
    expect(state.balanceCents).toBe(5_000);
    expect(state.oldestPastDueOn).toBe('2026-04-01');
    expect(state.daysPastDue).toBe(75);
  });

  it('pays the oldest charges first even when the payment came before the newer charge', () => {
    const state = accountState(
      [
        charge('old', 10_000, '2026-01-10'),
        payment('p1', 10_000, '2026-02-01'),
        charge('new', 10_000, '2026-06-10'),
      ],
      AS_OF,
    );
    expect(state.aging).toEqual(buckets({ '0-30': 10_000 }));
  });

  it('lets adjustments pay charges the same way payments do', () => {
    const state = accountState(
      [charge('c', 10_000, '2026-03-01'), adjustment('a', 4_000, '2026-06-01')],
      AS_OF,
    );
    expect(state.balanceCents).toBe(6_000);
    expect(state.aging).toEqual(buckets({ '90+': 6_000 }));
  });

  it('keeps future installments out of the balance and the aging until their due date', () => {
    const entries = [
      charge('down', 100_000, '2026-01-02', undefined, 'initial-fee'),
      payment('pdown', 100_000, '2026-01-02'),
      installment('i1', 31_666, '2026-06-01'),
      installment('i2', 31_666, '2026-07-01'),
      installment('i3', 31_674, '2026-08-01'),
    ];
    const june = accountState(entries, AS_OF);
    expect(june.balanceCents).toBe(31_666);
    expect(june.aging).toEqual(buckets({ '0-30': 31_666 }));
    expect(june.futureScheduledCents).toBe(31_666 + 31_674);
    expect(june.nextDue).toEqual({ dueOn: '2026-07-01', cents: 31_666 });

    const dueDay = accountState(entries, '2026-07-01');
    expect(dueDay.balanceCents).toBe(63_332);
    expect(dueDay.aging).toEqual(buckets({ '0-30': 63_332 }));
    expect(dueDay.futureScheduledCents).toBe(31_674);

    const dayBefore = accountState(entries, '2026-06-30');
    expect(dayBefore.balanceCents).toBe(31_666);
  });

  it('does not count an entry posted after the as-of day', () => {
    const state = accountState(
      [charge('c', 10_000, '2026-06-01'), payment('p', 10_000, '2026-06-16')],
      AS_OF,
    );
    expect(state.balanceCents).toBe(10_000);
    expect(accountState([charge('c', 10_000, '2026-06-16')], AS_OF).futureScheduledCents).toBe(0);
  });

  it('keeps an overpayment as credit and applies it to installments as they fall due', () => {
    const entries = [
      installment('i1', 30_000, '2026-06-01'),
      payment('p', 50_000, '2026-06-01'),
      installment('i2', 30_000, '2026-07-01'),
      installment('i3', 30_000, '2026-08-01'),
    ];
    const june = accountState(entries, AS_OF);
    expect(june.creditCents).toBe(20_000);
    expect(june.balanceCents).toBe(-20_000);
    expect(june.pastDueCents).toBe(0);
    expect(june.futureScheduledCents).toBe(60_000);
    // What is left to pay on July 1 after the credit.
    expect(june.nextDue).toEqual({ dueOn: '2026-07-01', cents: 10_000 });

    const july = accountState(entries, '2026-07-02');
    expect(july.creditCents).toBe(0);
    expect(july.pastDueCents).toBe(10_000);
    expect(july.oldestPastDueOn).toBe('2026-07-01');
  });

  it('skips to the following installment when the credit covers the next one in full', () => {
    const entries = [
      payment('p', 40_000, '2026-06-01'),
      installment('i2', 30_000, '2026-07-01'),
      installment('i3', 30_000, '2026-08-01'),
    ];
    expect(accountState(entries, AS_OF).nextDue).toEqual({ dueOn: '2026-08-01', cents: 20_000 });
  });

  it('adds up charges falling due on the same next day', () => {
    const entries = [installment('a', 10_000, '2026-07-01'), installment('b', 5_000, '2026-07-01')];
    expect(accountState(entries, AS_OF).nextDue).toEqual({ dueOn: '2026-07-01', cents: 15_000 });
  });

  it('lets a refund take a credit back to zero', () => {
    const entries = [
      charge('c', 10_000, '2026-05-01'),
      payment('p', 15_000, '2026-05-02'),
      refund('r', 5_000, '2026-06-01'),
    ];
    const state = accountState(entries, AS_OF);
    expect(state).toMatchObject({ balanceCents: 0, creditCents: 0, pastDueCents: 0 });
    expect(accountState(entries, '2026-05-31')).toMatchObject({ balanceCents: -5_000, creditCents: 5_000 });
  });

  it('shows a refund larger than the credit as owed, aged from the refund', () => {
    const entries = [
      charge('c', 10_000, '2026-03-01'),
      payment('p', 12_000, '2026-03-02'),
      refund('r', 5_000, '2026-04-01'),
    ];
    const state = accountState(entries, AS_OF);
    expect(state.balanceCents).toBe(3_000);
    expect(state.aging).toEqual(buckets({ '61-90': 3_000 }));
    expect(state.oldestPastDueOn).toBe('2026-04-01');
  });

  it('LEDGER-4: makes an old charge past due again when the payment that paid it is reversed', () => {
    const old = charge('old', 20_000, '2026-03-01');
    const paid = payment('p', 20_000, '2026-03-05');
    const before = accountState([old, paid], AS_OF);
    expect(before.pastDueCents).toBe(0);

    const bounced = reversal('r', paid, '2026-06-10');
    const after = accountState([old, paid, bounced], AS_OF);
    expect(after.pastDueCents).toBe(20_000);
    expect(after.aging).toEqual(buckets({ '90+': 20_000 }));
    expect(after.oldestPastDueOn).toBe('2026-03-01');
    expect(after.daysPastDue).toBe(106);
    // Before the reversal was posted, the payment still counted.
    expect(accountState([old, paid, bounced], '2026-06-09').pastDueCents).toBe(0);
  });

  it('LEDGER-4: no longer counts a reversed charge, so its payment becomes credit', () => {
    const wrong = charge('wrong', 10_000, '2026-05-01');
    const state = accountState(
      [wrong, payment('p', 10_000, '2026-05-02'), reversal('r', wrong, '2026-06-01')],
      AS_OF,
    );
    expect(state).toMatchObject({ balanceCents: -10_000, creditCents: 10_000, pastDueCents: 0 });
  });

  it('LEDGER-4: cancels an entry once when two devices both reversed it offline', () => {
    const c = charge('c', 10_000, '2026-05-01');
    const p = payment('p', 10_000, '2026-05-02');
    const state = accountState(
      [c, p, reversal('r1', p, '2026-06-01'), reversal('r2', p, '2026-06-01')],
      AS_OF,
    );
    expect(state.balanceCents).toBe(10_000);
  });

  it('LEDGER-4: counts an entry again when the reversal that cancelled it is itself reversed', () => {
    const c = charge('c', 10_000, '2026-05-01');
    const p = payment('p', 10_000, '2026-05-02');
    const r = reversal('r', p, '2026-06-01');
    expect(accountState([c, p, r], AS_OF).balanceCents).toBe(10_000);
    expect(accountState([c, p, r, reversal('rr', r, '2026-06-02')], AS_OF).balanceCents).toBe(0);
  });

  it('LEDGER-4: reports a reversal whose entry is missing or whose amount differs, and still cancels the whole entry', () => {
    const c = charge('c', 10_000, '2026-05-01');
    const p = payment('p', 10_000, '2026-05-02');
    const ghost = entry('ghost', {
      kind: 'reversal',
      reversesId: idOf('nothere'),
      reason: 'x',
      amountCents: 500,
      postedOn: '2026-06-01',
    });
    const state = accountState([c, p, ghost, reversal('half', p, '2026-06-01', 5_000)], AS_OF);
    expect(state.balanceCents).toBe(10_000);
    expect(state.issues).toEqual([
      { entryId: idOf('half'), problem: 'reversal-amount-differs' },
      { entryId: idOf('ghost'), problem: 'reversal-target-missing' },
    ]);
  });

  it('keeps patient and insurance A/R apart', () => {
    const ins = (e: LedgerEntry): LedgerEntry => ({ ...e, payer: 'insurance' });
    const entries = [
      charge('pc', 10_000, '2026-05-01'),
      ins(charge('ic', 50_000, '2026-04-01')),
      ins(entry('ip', { kind: 'payment', method: 'insurance', amountCents: 20_000, postedOn: '2026-05-01' })),
    ];
    expect(accountState(entries, AS_OF).balanceCents).toBe(10_000);
    const insurance = accountState(entries, AS_OF, { payer: 'insurance' });
    expect(insurance).toMatchObject({
      payer: 'insurance',
      balanceCents: 30_000,
      aging: buckets({ '61-90': 30_000 }),
    });
  });

  it('LEDGER-6: counts an entry listed twice once', () => {
    const c = charge('c', 10_000, '2026-05-01');
    expect(accountState([c, c, { ...c }], AS_OF).balanceCents).toBe(10_000);
  });

  it('LEDGER-6: picks the same one of two different entries under one id (corrupt data) in either order', () => {
    const a = charge('dup', 10_000, '2026-05-01');
    const b = { ...a, amountCents: 99_000 };
    expect(accountState([a, b], AS_OF)).toEqual(accountState([b, a], AS_OF));
  });

  it('LATE-2: remembers the last late fee still counted', () => {
    const fee1 = charge('f1', 2_500, '2026-04-11', undefined, 'late-fee');
    const fee2 = charge('f2', 2_500, '2026-05-11', undefined, 'late-fee');
    expect(accountState([fee1, fee2], AS_OF).lastLateFeeOn).toBe('2026-05-11');
    expect(accountState([fee1, fee2, reversal('r', fee2, '2026-05-12')], AS_OF).lastLateFeeOn).toBe(
      '2026-04-11',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests

type Rand = (max: number) => number;

/** A random ledger around AS_OF: every kind, both payers, reversals of earlier (or missing) entries. */
function randomLedger(rand: Rand, family = FAMILY, prefix = 'e'): LedgerEntry[] {
  const n = rand(24);
  const out: LedgerEntry[] = [];
  for (let i = 0; i < n; i++) {
    const name = `${prefix}${i}`;
    const postedOn = addDays(AS_OF, rand(240) - 200);
    const amountCents = 1 + rand(50_000);
    const payer: LedgerPayer = rand(6) === 0 ? 'insurance' : 'patient';
    const roll = rand(99);
    let e: LedgerEntry;
    if (roll < 40) {
      const dueOn = rand(2) === 0 ? addDays(postedOn, rand(200)) : undefined;
      e = charge(
        name,
        amountCents,
        postedOn,
        dueOn,
        dueOn ? 'installment' : rand(4) === 0 ? 'late-fee' : 'other',
      );
    } else if (roll < 65) e = payment(name, amountCents, postedOn);
    else if (roll < 75) e = adjustment(name, amountCents, postedOn);
    else if (roll < 85) e = refund(name, amountCents, postedOn);
    else if (out.length > 0 && rand(8) > 0) {
      const target = out[rand(out.length - 1)]!;
      e = reversal(name, target, postedOn, rand(5) === 0 ? amountCents : target.amountCents);
    } else {
      e = entry(name, {
        kind: 'reversal',
        reversesId: idOf(`missing${i}`),
        reason: 'x',
        amountCents,
        postedOn,
      });
    }
    out.push({ ...e, familyId: family, payer });
  }
  return out;
}

function shuffled<T>(rand: Rand, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rand(i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Independent reference: is an entry cancelled, by plain recursion (random ledgers have no cycles). */
function referenceCancelled(entries: readonly LedgerEntry[], id: string, asOf: string): boolean {
  return entries.some(
    (r) =>
      r.kind === 'reversal' &&
      r.reversesId === id &&
      r.postedOn <= asOf &&
      !referenceCancelled(entries, r.id, asOf),
  );
}

function counted(entries: readonly LedgerEntry[], asOf: string, payer: LedgerPayer): LedgerEntry[] {
  return entries.filter(
    (e) =>
      e.kind !== 'reversal' &&
      e.payer === payer &&
      e.postedOn <= asOf &&
      !referenceCancelled(entries, e.id, asOf),
  );
}

const sum = (entries: readonly LedgerEntry[]) => entries.reduce((s, e) => s + e.amountCents, 0);

const CASES = 1_500;

describe('accountState properties', () => {
  it('AGING-1: keeps the buckets summing to the past-due total, and past due and credit the two sides of the balance', () => {
    const rand = random(0x1ed9e7);
    for (let i = 0; i < CASES; i++) {
      const asOf = addDays(AS_OF, rand(60) - 30);
      const state = accountState(randomLedger(rand), asOf, {
        payer: rand(3) === 0 ? 'insurance' : 'patient',
      });
      const bucketSum = AGING_BUCKETS.reduce((s, b) => s + state.aging[b], 0);
      expect(bucketSum).toBe(state.pastDueCents);
      expect(state.pastDueCents).toBe(Math.max(0, state.balanceCents));
      expect(state.creditCents).toBe(Math.max(0, -state.balanceCents));
      expect(state.daysPastDue > 0 || state.pastDueCents === 0 || state.oldestPastDueOn === asOf).toBe(true);
    }
  });

  it('LEDGER-5: makes the balance due charges − payments − adjustments + refunds, leaving reversed entries out', () => {
    const rand = random(0xba1a);
    for (let i = 0; i < CASES; i++) {
      const entries = randomLedger(rand);
      const asOf = addDays(AS_OF, rand(60) - 30);
      for (const payer of ['patient', 'insurance'] as const) {
        const live = counted(entries, asOf, payer);
        const dueCharges = live.filter((e) => e.kind === 'charge' && (e.dueOn ?? e.postedOn) <= asOf);
        const futureCharges = live.filter((e) => e.kind === 'charge' && (e.dueOn ?? e.postedOn) > asOf);
        const expected =
          sum(dueCharges) -
          sum(live.filter((e) => e.kind === 'payment')) -
          sum(live.filter((e) => e.kind === 'adjustment')) +
          sum(live.filter((e) => e.kind === 'refund'));
        const state = accountState(entries, asOf, { payer });
        expect(state.balanceCents).toBe(expected);
        expect(state.futureScheduledCents).toBe(sum(futureCharges));
      }
    }
  });

  it('LEDGER-5: leaves unpaid only the newest due amounts (credits paid the oldest first)', () => {
    const rand = random(0xf1f0);
    for (let i = 0; i < CASES; i++) {
      const entries = randomLedger(rand);
      const state = accountState(entries, AS_OF);
      // Walk the due debits newest first, giving each its share of the past-due total.
      const due = counted(entries, AS_OF, 'patient')
        .filter((e) => e.kind === 'charge' || e.kind === 'refund')
        .map((e) => ({
          id: e.id,
          on: e.kind === 'charge' ? (e.dueOn ?? e.postedOn) : e.postedOn,
          cents: e.amountCents,
        }))
        .filter((d) => d.on <= AS_OF)
        .sort((a, b) => (a.on === b.on ? (a.id < b.id ? 1 : -1) : a.on < b.on ? 1 : -1));
      let left = state.pastDueCents;
      const aging = emptyAgingBuckets();
      let oldest: string | undefined;
      for (const d of due) {
        if (left === 0) break;
        const unpaid = Math.min(left, d.cents);
        left -= unpaid;
        aging[agingBucket(Math.round((Date.parse(AS_OF) - Date.parse(d.on)) / 86_400_000))] += unpaid;
        oldest = d.on;
      }
      expect(left).toBe(0);
      expect(state.aging).toEqual(aging);
      expect(state.oldestPastDueOn).toBe(oldest);
    }
  });

  it('LEDGER-6: gives the same account whatever order the entries come in, and with entries listed twice', () => {
    const rand = random(0x5eed);
    for (let i = 0; i < CASES; i++) {
      const entries = randomLedger(rand);
      const asOf = addDays(AS_OF, rand(60) - 30);
      const again = shuffled(rand, [...entries, ...entries.filter(() => rand(4) === 0)]);
      expect(accountState(again, asOf)).toEqual(accountState(entries, asOf));
      expect(accountState(again, asOf, { payer: 'insurance' })).toEqual(
        accountState(entries, asOf, { payer: 'insurance' }),
      );
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The practice

const fam = (n: number) => `fam_${String(n).padStart(8, '0')}`;

describe('AGING-2: practiceAging', () => {
  it('adds every account into the totals and lists the most past due first', () => {
    const accounts = new Map<string, LedgerEntry[]>([
      [fam(1), [charge('a', 10_000, '2026-06-01')]],
      [fam(2), [charge('b', 30_000, '2026-01-01'), payment('bp', 5_000, '2026-02-01')]],
      [fam(3), [payment('c', 7_000, '2026-06-01'), installment('ci', 20_000, '2026-07-01')]],
    ]);
    const { totals, rows } = practiceAging(accounts, AS_OF);
    expect(totals).toEqual({
      aging: buckets({ '0-30': 10_000, '90+': 25_000 }),
      pastDueCents: 35_000,
      lateCents: 35_000,
      balanceCents: 10_000 + 25_000 - 7_000,
      creditCents: 7_000,
      owedCents: 10_000 + 25_000,
      futureScheduledCents: 20_000,
      accounts: 3,
      accountsPastDue: 2,
      accountsLate: 2,
    });
    expect(rows.map((r) => [r.familyId, r.pastDueCents])).toEqual([
      [fam(2), 25_000],
      [fam(1), 10_000],
      [fam(3), 0],
    ]);
  });
});

describe('LATE-101: lateStanding', () => {
  const due = (daysAgo: number, cents = 10_000) => charge(`d${daysAgo}`, cents, addDays(AS_OF, -daysAgo));

  it('LATE-101: an amount is owed on its due day and late only after the grace days', () => {
    const state = accountState([due(0, 100), due(10, 200), due(11, 400)], AS_OF);
    expect(state.pastDueCents).toBe(700);
    expect(lateStanding(state, 10)).toEqual({
      lateCents: 400,
      oldestLateOn: addDays(AS_OF, -11),
      daysLate: 11,
      withinGraceCents: 300,
      lateFrom: addDays(AS_OF, 1),
    });
    expect(lateStanding(state, 0)).toMatchObject({ lateCents: 600, withinGraceCents: 100, daysLate: 11 });
  });

  it('LATE-101: a down payment due the day treatment starts is not late that day, nor within the grace days', () => {
    const downPayment = [charge('down', 100_000, AS_OF, AS_OF, 'initial-fee')];
    for (const daysLater of [0, 5, 10]) {
      const state = accountState(downPayment, addDays(AS_OF, daysLater));
      expect(lateStanding(state, 10)).toMatchObject({ lateCents: 0, withinGraceCents: 100_000 });
    }
    const eleven = accountState(downPayment, addDays(AS_OF, 11));
    expect(lateStanding(eleven, 10)).toMatchObject({ lateCents: 100_000, daysLate: 11 });
  });

  it('LATE-101: what a payment covers is never late', () => {
    const state = accountState([due(40), payment('p', 10_000, addDays(AS_OF, -1))], AS_OF);
    expect(lateStanding(state, 10)).toEqual({ lateCents: 0, daysLate: 0, withinGraceCents: 0 });
  });

  it('refuses grace days that are not a whole number of days', () => {
    expect(() => lateStanding(accountState([], AS_OF), -1)).toThrow(RangeError);
    expect(() => lateStanding(accountState([], AS_OF), 1.5)).toThrow(RangeError);
  });
});

describe('AGING-101: the aging index with grace days and account states', () => {
  it('AGING-101: counts as late only what is past the grace days, as a full recomputation does', () => {
    const index = createAgingIndex(AS_OF, { graceDays: 10 });
    index.setAccount(fam(1), [charge('a', 10_000, addDays(AS_OF, -5))]);
    index.setAccount(fam(2), [charge('b', 4_000, addDays(AS_OF, -20))]);
    expect(index.totals()).toMatchObject({ pastDueCents: 14_000, lateCents: 4_000, accountsLate: 1 });
    const full = practiceAging(
      new Map([
        [fam(1), [charge('a', 10_000, addDays(AS_OF, -5))]],
        [fam(2), [charge('b', 4_000, addDays(AS_OF, -20))]],
      ]),
      AS_OF,
      { graceDays: 10 },
    );
    expect(index.totals()).toEqual(full.totals);
  });

  it("AGING-101: what families owe is not reduced by another family's credit", () => {
    const index = createAgingIndex(AS_OF);
    index.setAccount(fam(1), [charge('a', 10_000, addDays(AS_OF, -5))]);
    index.setAccount(fam(2), [payment('p', 3_000, addDays(AS_OF, -5))]);
    expect(index.totals()).toMatchObject({ balanceCents: 7_000, creditCents: 3_000, owedCents: 10_000 });
  });

  it('AGING-101: takes account states computed elsewhere, and refuses one of another day', () => {
    const index = createAgingIndex(AS_OF);
    index.setState(fam(1), accountState([charge('a', 10_000, '2026-03-01')], AS_OF));
    expect(index.totals()).toMatchObject({ pastDueCents: 10_000, accounts: 1 });
    index.setState(fam(1), accountState([], AS_OF));
    expect(index.totals()).toMatchObject({ pastDueCents: 0, accounts: 1 });
    expect(() => index.setState(fam(2), accountState([], '2026-06-14'))).toThrow(RangeError);
    expect(index.totals().accounts).toBe(1);
  });
});

describe('AGING-2: createAgingIndex', () => {
  it('keeps the practice totals current when one account gets a new payment', () => {
    const index = createAgingIndex(AS_OF);
    const ledger = [charge('a', 10_000, '2026-03-01')];
    index.setAccount(fam(1), ledger);
    index.setAccount(fam(2), [charge('b', 4_000, '2026-06-01')]);
    expect(index.totals().pastDueCents).toBe(14_000);
    expect(index.pastDueAccounts().map((r) => r.familyId)).toEqual([fam(1), fam(2)]);

    const state = index.setAccount(fam(1), [...ledger, payment('p', 10_000, '2026-06-14')]);
    expect(state.pastDueCents).toBe(0);
    expect(index.totals()).toMatchObject({ pastDueCents: 4_000, accounts: 2, accountsPastDue: 1 });
    expect(index.pastDueAccounts().map((r) => r.familyId)).toEqual([fam(2)]);
    expect(index.account(fam(1))).toEqual(state);
  });

  it('takes a removed account out of the totals', () => {
    const index = createAgingIndex(AS_OF);
    index.setAccount(fam(1), [charge('a', 10_000, '2026-03-01')]);
    index.removeAccount(fam(1));
    index.removeAccount(fam(9));
    expect(index.totals()).toEqual(practiceAging(new Map(), AS_OF).totals);
    expect(index.account(fam(1))).toBeUndefined();
    expect(index.pastDueAccounts()).toEqual([]);
  });

  it('hands out copies: changing what it returned changes nothing inside', () => {
    const index = createAgingIndex(AS_OF);
    index.setAccount(fam(1), [charge('a', 10_000, '2026-03-01')]);
    index.totals().aging['90+'] = 0;
    index.pastDueAccounts().pop();
    expect(index.totals().aging['90+']).toBe(10_000);
    expect(index.pastDueAccounts()).toHaveLength(1);
  });

  it('selects insurance A/R with the payer option', () => {
    const index = createAgingIndex(AS_OF, { payer: 'insurance' });
    index.setAccount(fam(1), [
      { ...charge('a', 10_000, '2026-03-01'), payer: 'insurance' },
      charge('b', 5, '2026-03-01'),
    ]);
    expect(index.payer).toBe('insurance');
    expect(index.totals().pastDueCents).toBe(10_000);
  });

  it('always equals a full recomputation after random updates', () => {
    const rand = random(0x1dec);
    for (let i = 0; i < 1_000; i++) {
      const asOf = addDays(AS_OF, rand(20) - 10);
      const payer: LedgerPayer = rand(4) === 0 ? 'insurance' : 'patient';
      const index = createAgingIndex(asOf, { payer });
      const ledgers = new Map<string, LedgerEntry[]>();
      const ops = 1 + rand(15);
      for (let op = 0; op < ops; op++) {
        const familyId = fam(rand(8));
        const roll = rand(9);
        if (roll === 0) {
          ledgers.delete(familyId);
          index.removeAccount(familyId);
        } else if (roll <= 3 && ledgers.has(familyId)) {
          // One new payment (or any one new entry) on an existing account.
          const next = [...ledgers.get(familyId)!, ...randomLedger(rand, familyId, `n${op}x`).slice(0, 1)];
          ledgers.set(familyId, next);
          index.setAccount(familyId, next);
        } else {
          const ledger = randomLedger(rand, familyId, `o${op}x`);
          ledgers.set(familyId, ledger);
          index.setAccount(familyId, ledger);
        }
        if (rand(3) === 0) index.pastDueAccounts(); // fills the cache mid-way
      }
      const full = practiceAging(ledgers, asOf, { payer });
      expect(index.totals()).toEqual(full.totals);
      expect(index.rows()).toEqual(full.rows);
      const late = full.rows
        .filter((r) => r.pastDueCents > 0)
        .sort(
          (a, b) =>
            b.daysPastDue - a.daysPastDue ||
            b.pastDueCents - a.pastDueCents ||
            (a.familyId < b.familyId ? -1 : 1),
        );
      expect(index.pastDueAccounts()).toEqual(late);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The past-due list

const POLICY = {
  graceDays: 10,
  lateFeeCents: 2_500,
  steps: [
    { afterDays: 90, label: 'Doctor notified' },
    { afterDays: 15, label: 'Reminder' },
    { afterDays: 120, label: 'Suspension' },
  ],
};

describe('LATE-2: pastDueList', () => {
  const dueDaysAgo = (n: number, cents = 10_000) => [charge(`d${n}`, cents, addDays(AS_OF, -n))];

  it('lists only accounts late beyond the grace days, most days late first', () => {
    const index = createAgingIndex(AS_OF);
    index.setAccount(fam(1), dueDaysAgo(10));
    index.setAccount(fam(2), dueDaysAgo(11));
    index.setAccount(fam(3), dueDaysAgo(200));
    index.setAccount(fam(4), []);
    const rows = pastDueList(index, AS_OF, POLICY);
    expect(rows.map((r) => [r.familyId, r.daysLate])).toEqual([
      [fam(3), 200],
      [fam(2), 11],
    ]);
  });

  it('names the highest escalation step reached, whatever order the steps are in', () => {
    const index = createAgingIndex(AS_OF);
    for (const [n, days] of [
      [1, 14],
      [2, 15],
      [3, 89],
      [4, 90],
      [5, 120],
      [6, 400],
    ] as const)
      index.setAccount(fam(n), dueDaysAgo(days));
    const steps = Object.fromEntries(
      pastDueList(index, AS_OF, POLICY).map((r) => [r.daysLate, r.step?.label]),
    );
    expect(steps).toEqual({
      14: undefined,
      15: 'Reminder',
      89: 'Reminder',
      90: 'Doctor notified',
      120: 'Suspension',
      400: 'Suspension',
    });
  });

  it('puts the account owing more first among those equally late', () => {
    const states = new Map<string, AccountState>([
      [fam(1), accountState(dueDaysAgo(30, 5_000), AS_OF)],
      [fam(2), accountState(dueDaysAgo(30, 9_000), AS_OF)],
    ]);
    expect(pastDueList(states, AS_OF, POLICY).map((r) => r.familyId)).toEqual([fam(2), fam(1)]);
  });

  it('LATE-102: suggests the agreed late fee until one is posted for the late period', () => {
    const late = dueDaysAgo(20);
    const agreed = (entries: LedgerEntry[]) => ({
      ...accountState(entries, AS_OF),
      agreedLateFeeCents: 2_500,
    });
    const [first] = pastDueList(new Map([[fam(1), agreed(late)]]), AS_OF, POLICY);
    expect(first).toEqual({
      familyId: fam(1),
      daysLate: 20,
      pastDueCents: 10_000,
      oldestPastDueOn: addDays(AS_OF, -20),
      balanceCents: 10_000,
      step: { afterDays: 15, label: 'Reminder' },
      suggestedLateFeeCents: 2_500,
    });
    const withFee = [...late, charge('fee', 2_500, addDays(AS_OF, -9), undefined, 'late-fee')];
    const [second] = pastDueList(new Map([[fam(1), agreed(withFee)]]), AS_OF, POLICY);
    // The fee posted 9 days ago is owed but still within its 10 grace days: not late (LATE-101).
    expect(second?.pastDueCents).toBe(10_000);
    expect(second?.suggestedLateFeeCents).toBeUndefined();
  });

  it('LATE-102: suggests no late fee for an account whose agreements have no late-fee clause', () => {
    const [row] = pastDueList(new Map([[fam(1), accountState(dueDaysAgo(20), AS_OF)]]), AS_OF, POLICY);
    expect(row?.daysLate).toBe(20);
    expect(row?.suggestedLateFeeCents).toBeUndefined();
  });

  it('refuses account states computed for another day', () => {
    const states = new Map([[fam(1), accountState(dueDaysAgo(20), '2026-06-14')]]);
    expect(() => pastDueList(states, AS_OF, POLICY)).toThrow(RangeError);
    expect(() => pastDueList(new Map(), AS_OF, { ...POLICY, graceDays: -1 })).toThrow(RangeError);
  });
});
