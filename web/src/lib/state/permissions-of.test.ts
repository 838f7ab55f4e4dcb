import { describe, expect, it } from 'vitest';
import type { StaffRole } from '@aligned/shared';
import { canAdd, canMerge, canRead, canWrite } from './permissions-of.ts';

const as = (role: StaffRole, identity: 'account' | 'development' = 'account') => ({
  identity,
  user: { role },
});

describe('what the signed-in person may do', () => {
  it('follows the permission table for an account', () => {
    expect(canRead(as('front-desk'), 'chart')).toBe(true);
    expect(canRead(as('doctor'), 'ledger')).toBe(false);
    expect(canWrite(as('billing'), 'ledger')).toEqual({ allowed: true, reason: null });
    const frontDesk = canWrite(as('front-desk'), 'ledger');
    expect(frontDesk.allowed).toBe(false);
    expect(frontDesk.reason).toEqual(expect.any(String));
  });

  it('takes the finer grants of adding from the table (a counter payment at the front desk)', () => {
    const payment = { kind: 'payment', payer: 'patient', method: 'cash' };
    expect(canAdd(as('front-desk'), 'ledger', 'entries', payment)).toBe(true);
    expect(canAdd(as('doctor'), 'ledger', 'entries', payment)).toBe(false);
  });

  it('lets a person merge only with write access to every document a merge carries', () => {
    expect(canMerge(as('treatment-coordinator'))).toBe(true);
    expect(canMerge(as('front-desk'))).toBe(false);
    expect(canMerge(as('billing'), 'family')).toBe(true);
    expect(canMerge(as('doctor'), 'family')).toBe(false);
  });

  it('limits nothing for the development identity or before a session', () => {
    expect(canWrite(as('read-only', 'development'), 'practice').allowed).toBe(true);
    expect(canMerge(as('read-only', 'development'), 'family')).toBe(true);
    expect(canRead(null, 'audit')).toBe(true);
    expect(canAdd(null, 'ledger', 'entries', {})).toBe(true);
  });
});
