import { describe, expect, it } from 'vitest';
import type { BenefitVerification, Policy } from './insurance.schema.ts';
import {
  verificationPatientOf,
  verificationWorklist,
  type VerificationPatient,
  type VerificationPolicy,
  type VerificationWorkItem,
} from './verification-worklist.ts';
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

const TODAY = '2026-06-01';
const ago = (days: number) => addDays(TODAY, -days);
const inDays = (days: number) => addDays(TODAY, days);

function patient(
  patientId: string,
  verified: Record<string, string | null>,
  over: Partial<VerificationPatient> = {},
): VerificationPatient {
  return {
    patientId,
    policies: Object.keys(verified).map((id) => ({ id })),
    current: Object.fromEntries(
      Object.entries(verified).map(([id, on]) => [id, on === null ? null : { verifiedOn: on }]),
    ),
    ...over,
  };
}

const reasons = (items: VerificationWorkItem[]) => items.map((i) => `${i.policyId} ${i.reason}`);

describe('VERIFY-3: verificationWorklist: why a policy needs verifying', () => {
  it('lists a policy never verified', () => {
    const items = verificationWorklist({ patients: [patient('pat_a', { pol_a: null })], today: TODAY });
    expect(items).toEqual([{ patientId: 'pat_a', policyId: 'pol_a', reason: 'never-verified' }]);
  });

  it('lists a verification more than 90 days old as stale, with its date and age', () => {
    const items = verificationWorklist({
      patients: [patient('pat_a', { pol_90: ago(90), pol_91: ago(91) })],
      today: TODAY,
    });
    expect(items).toEqual([
      { patientId: 'pat_a', policyId: 'pol_91', reason: 'stale', verifiedOn: ago(91), daysSince: 91 },
    ]);
  });

  it('leaves a fresh verification off the list', () => {
    const items = verificationWorklist({ patients: [patient('pat_a', { pol_a: ago(10) })], today: TODAY });
    expect(items).toEqual([]);
  });

  it('takes the stale threshold as an option', () => {
    const patients = [patient('pat_a', { pol_a: ago(40) })];
    expect(verificationWorklist({ patients, today: TODAY, staleAfterDays: 30 })).toHaveLength(1);
    expect(verificationWorklist({ patients, today: TODAY, staleAfterDays: 40 })).toHaveLength(0);
  });

  it('skips policies whose coverage has ended, but not one ending today', () => {
    const items = verificationWorklist({
      patients: [
        patient(
          'pat_a',
          { pol_ended: null, pol_today: null, pol_future: null },
          {
            policies: [
              { id: 'pol_ended', endDate: ago(1) },
              { id: 'pol_today', endDate: TODAY },
              { id: 'pol_future', endDate: inDays(30) },
            ],
          },
        ),
      ],
      today: TODAY,
    });
    expect(items.map((i) => i.policyId)).toEqual(['pol_future', 'pol_today']);
  });

  it('names the policy’s verification owner', () => {
    const items = verificationWorklist({
      patients: [
        patient(
          'pat_a',
          { pol_a: null },
          { policies: [{ id: 'pol_a', verificationOwnerId: 'stf_bob000000000' }] },
        ),
      ],
      today: TODAY,
    });
    expect(items[0]!.ownerId).toBe('stf_bob000000000');
  });
});

describe('VERIFY-3: verificationWorklist: a visit soon', () => {
  it('flags a never-verified policy with a consult within 7 days as visit-soon, naming the visit', () => {
    const items = verificationWorklist({
      patients: [patient('pat_a', { pol_a: null }, { upcoming: [{ kind: 'consult', at: inDays(7) }] })],
      today: TODAY,
    });
    expect(items).toEqual([
      {
        patientId: 'pat_a',
        policyId: 'pol_a',
        reason: 'visit-soon',
        upcoming: { kind: 'consult', at: inDays(7) },
      },
    ]);
  });

  it('flags a stale policy with a start today as visit-soon, keeping its date and age', () => {
    const items = verificationWorklist({
      patients: [patient('pat_a', { pol_a: ago(120) }, { upcoming: [{ kind: 'start', at: TODAY }] })],
      today: TODAY,
    });
    expect(items).toEqual([
      {
        patientId: 'pat_a',
        policyId: 'pol_a',
        reason: 'visit-soon',
        verifiedOn: ago(120),
        daysSince: 120,
        upcoming: { kind: 'start', at: TODAY },
      },
    ]);
  });

  it('ignores visits more than 7 days away and visits already past', () => {
    const items = verificationWorklist({
      patients: [
        patient(
          'pat_a',
          { pol_a: null },
          {
            upcoming: [
              { kind: 'consult', at: inDays(8) },
              { kind: 'start', at: ago(1) },
            ],
          },
        ),
      ],
      today: TODAY,
    });
    expect(reasons(items)).toEqual(['pol_a never-verified']);
  });

  it('takes the soon window as an option', () => {
    const patients = [patient('pat_a', { pol_a: null }, { upcoming: [{ kind: 'consult', at: inDays(10) }] })];
    expect(reasons(verificationWorklist({ patients, today: TODAY, soonDays: 10 }))).toEqual([
      'pol_a visit-soon',
    ]);
  });

  it('leaves a fresh verification off the list even with a visit soon', () => {
    const items = verificationWorklist({
      patients: [patient('pat_a', { pol_a: ago(30) }, { upcoming: [{ kind: 'start', at: inDays(2) }] })],
      today: TODAY,
    });
    expect(items).toEqual([]);
  });

  it('flags a verification that will be stale by the day of the visit', () => {
    const items = verificationWorklist({
      patients: [patient('pat_a', { pol_a: ago(88) }, { upcoming: [{ kind: 'start', at: inDays(5) }] })],
      today: TODAY,
    });
    expect(items).toEqual([
      {
        patientId: 'pat_a',
        policyId: 'pol_a',
        reason: 'visit-soon',
        verifiedOn: ago(88),
        daysSince: 88,
        upcoming: { kind: 'start', at: inDays(5) },
      },
    ]);
  });

  it('names the soonest visit the verification is not good for', () => {
    const items = verificationWorklist({
      patients: [
        patient(
          'pat_a',
          { pol_a: null },
          {
            upcoming: [
              { kind: 'start', at: inDays(6) },
              { kind: 'consult', at: inDays(2) },
            ],
          },
        ),
      ],
      today: TODAY,
    });
    expect(items[0]!.upcoming).toEqual({ kind: 'consult', at: inDays(2) });
  });

  it('flags every open policy of a patient with a visit soon', () => {
    const items = verificationWorklist({
      patients: [
        patient(
          'pat_a',
          { pol_1: null, pol_2: ago(200) },
          { upcoming: [{ kind: 'consult', at: inDays(1) }] },
        ),
      ],
      today: TODAY,
    });
    expect(reasons(items)).toEqual(['pol_1 visit-soon', 'pol_2 visit-soon']);
  });
});

describe('VERIFY-3: verificationWorklist: order', () => {
  it('lists visits soon first (soonest first), then never verified, then stale (oldest first)', () => {
    const items = verificationWorklist({
      patients: [
        patient('pat_stale1', { pol_s1: ago(100) }),
        patient('pat_never', { pol_n: null }),
        patient('pat_stale2', { pol_s2: ago(300) }),
        patient('pat_visit1', { pol_v1: null }, { upcoming: [{ kind: 'start', at: inDays(5) }] }),
        patient('pat_visit2', { pol_v2: ago(95) }, { upcoming: [{ kind: 'consult', at: inDays(1) }] }),
      ],
      today: TODAY,
    });
    expect(reasons(items)).toEqual([
      'pol_v2 visit-soon',
      'pol_v1 visit-soon',
      'pol_n never-verified',
      'pol_s2 stale',
      'pol_s1 stale',
    ]);
  });

  it('gives the same list whatever order the patients come in', () => {
    const next = random(90);
    const patients: VerificationPatient[] = Array.from({ length: 40 }, (_, i) => {
      const policies: VerificationPolicy[] = Array.from({ length: 1 + next(2) }, (_, j) => ({
        id: `pol_${i}_${j}`,
        ...(next(4) === 0 ? { endDate: addDays(TODAY, next(20) - 10) } : {}),
      }));
      return {
        patientId: `pat_${String(i).padStart(3, '0')}`,
        policies,
        current: Object.fromEntries(
          policies.map((p) => [p.id, next(3) === 0 ? null : { verifiedOn: ago(next(200)) }]),
        ),
        upcoming: next(2) === 0 ? [{ kind: 'consult' as const, at: addDays(TODAY, next(12) - 2) }] : [],
      };
    });
    const forwards = verificationWorklist({ patients, today: TODAY });
    const backwards = verificationWorklist({ patients: [...patients].reverse(), today: TODAY });
    expect(backwards).toEqual(forwards);
    expect(new Set(forwards.map((i) => i.policyId)).size).toBe(forwards.length);
    for (const item of forwards) {
      if (item.reason === 'stale') expect(item.daysSince).toBeGreaterThan(90);
      if (item.reason === 'visit-soon') expect(item.upcoming).toBeDefined();
    }
  });
});

describe('VERIFY-3: verificationWorklist: where the verifications come from', () => {
  const policies = [{ id: 'pol_a' }, { id: 'pol_b' }];

  it('reads a Map of verifications', () => {
    const items = verificationWorklist({
      patients: [{ patientId: 'pat_a', policies, current: new Map([['pol_a', { verifiedOn: ago(1) }]]) }],
      today: TODAY,
    });
    expect(reasons(items)).toEqual(['pol_b never-verified']);
  });

  it('reads a function', () => {
    const items = verificationWorklist({
      patients: [
        {
          patientId: 'pat_a',
          policies,
          current: (id) => (id === 'pol_b' ? { verifiedOn: ago(1) } : null),
        },
      ],
      today: TODAY,
    });
    expect(reasons(items)).toEqual(['pol_a never-verified']);
  });

  it('reads a plain object, where a missing key means never verified', () => {
    const items = verificationWorklist({
      patients: [{ patientId: 'pat_a', policies: [{ id: 'constructor' }], current: {} }],
      today: TODAY,
    });
    expect(reasons(items)).toEqual(['constructor never-verified']);
  });
});

describe('VERIFY-3: verificationPatientOf', () => {
  const stamps = (createdAt: string) => ({
    createdAt,
    createdBy: 'stf_alice0000000000',
    updatedAt: createdAt,
    updatedBy: 'stf_alice0000000000',
  });
  const policy = (id: string, over: Partial<Policy> = {}): Policy => ({
    id,
    patientId: 'pat_a000000000',
    carrierId: 'car_delta0000000',
    memberId: 'M1',
    subscriber: { kind: 'patient' },
    relationship: 'self',
    effectiveDate: '2025-01-01',
    order: 'primary',
    ...stamps('2025-01-01T10:00:00.000Z'),
    ...over,
  });
  const verification = (policyId: string, verifiedOn: string, createdAt: string): BenefitVerification => ({
    id: `ver_${policyId}${verifiedOn}${createdAt}`,
    policyId,
    coinsurancePercent: 50,
    lifetimeMaxCents: 150_000,
    usedToDateCents: 0,
    deductibleCents: 0,
    deductibleMetCents: 0,
    waitingMonths: 0,
    payment: {
      mode: 'installments',
      initial: { kind: 'amount', cents: 0 },
      frequency: 'lump-sum',
      installments: 0,
    },
    alignersAtBracesFee: false,
    cobRule: 'standard',
    verifiedBy: 'stf_alice0000000000',
    verifiedOn,
    ...stamps(createdAt),
  });

  it('summarises each policy with its newest verification as plain JSON', () => {
    const summary = verificationPatientOf(
      'pat_a000000000',
      {
        policies: [
          policy('pol_a', { endDate: '2027-01-01', verificationOwnerId: 'stf_bob000000000' }),
          policy('pol_b'),
        ],
        verifications: [
          verification('pol_a', '2026-05-01', '2026-05-01T10:00:00.000Z'),
          verification('pol_a', '2026-01-01', '2026-05-02T10:00:00.000Z'),
        ],
      },
      [{ kind: 'start', at: '2026-06-03' }],
    );
    expect(summary).toEqual({
      patientId: 'pat_a000000000',
      policies: [
        { id: 'pol_a', endDate: '2027-01-01', verificationOwnerId: 'stf_bob000000000' },
        { id: 'pol_b' },
      ],
      current: { pol_a: { verifiedOn: '2026-05-01' }, pol_b: null },
      upcoming: [{ kind: 'start', at: '2026-06-03' }],
    });
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });

  it('feeds the worklist', () => {
    const summary = verificationPatientOf('pat_a000000000', {
      policies: [policy('pol_a'), policy('pol_b')],
      verifications: [verification('pol_a', ago(120), '2026-01-01T10:00:00.000Z')],
    });
    expect(reasons(verificationWorklist({ patients: [summary], today: TODAY }))).toEqual([
      'pol_b never-verified',
      'pol_a stale',
    ]);
  });
});
