import { describe, expect, it } from 'vitest';
import type { StaffRole } from './staff.schema.ts';
import {
  sessionLocations,
  sessionMayAdd,
  sessionMayDo,
  sessionMayMerge,
  sessionMayRead,
  sessionMayWrite,
} from './session-permissions.ts';

const as = (role: StaffRole, identity: 'account' | 'development' = 'account') => ({
  identity,
  user: { role },
});

describe('what the signed-in person may do', () => {
  it('PERM-1: an account follows the permission table, with the reason it may not write', () => {
    expect(sessionMayRead(as('front-desk'), 'chart')).toBe(true);
    expect(sessionMayRead(as('doctor'), 'ledger')).toBe(false);
    expect(sessionMayWrite(as('billing'), 'ledger')).toEqual({ allowed: true, reason: null });
    const frontDesk = sessionMayWrite(as('front-desk'), 'ledger');
    expect(frontDesk.allowed).toBe(false);
    expect(frontDesk.reason).toEqual(expect.any(String));
  });

  it('PERM-6: the finer grants of adding come from the table (a counter payment at the front desk)', () => {
    const payment = { kind: 'payment', payer: 'patient', method: 'cash' };
    expect(sessionMayAdd(as('front-desk'), 'ledger', 'entries', payment)).toBe(true);
    expect(sessionMayAdd(as('doctor'), 'ledger', 'entries', payment)).toBe(false);
  });

  it('PERM-203: a person may merge only with write access to every document the merge carries', () => {
    expect(sessionMayMerge(as('treatment-coordinator'))).toBe(true);
    expect(sessionMayMerge(as('front-desk'))).toBe(false);
    expect(sessionMayMerge(as('billing'), 'family')).toBe(true);
    expect(sessionMayMerge(as('billing'), 'patient')).toBe(false);
    expect(sessionMayMerge(as('doctor'), 'family')).toBe(false);
  });

  it('PERM-202: nothing is limited for the development identity or before a session has a role', () => {
    expect(sessionMayWrite(as('read-only', 'development'), 'practice').allowed).toBe(true);
    expect(sessionMayMerge(as('read-only', 'development'), 'family')).toBe(true);
    expect(sessionMayRead(null, 'audit')).toBe(true);
    expect(sessionMayAdd(null, 'ledger', 'entries', {})).toBe(true);
  });

  it('PERM-3: a capability follows the role; the development identity has every one, no session none', () => {
    expect(sessionMayDo(as('manager'), 'view-audit')).toBe(true);
    expect(sessionMayDo(as('front-desk'), 'view-audit')).toBe(false);
    expect(sessionMayDo(as('read-only', 'development'), 'view-audit')).toBe(true);
    expect(sessionMayDo(null, 'view-audit')).toBe(false);
  });
});

describe('the locations the signed-in person works with', () => {
  const nora = {
    identity: 'account' as const,
    user: { id: 'stf_nora', role: 'front-desk' as const, locationIds: ['loc_a'] },
  };

  it('PERM-201: the staff record decides, so a manager’s change applies at once', () => {
    expect(sessionLocations(nora, [{ id: 'stf_nora', locationIds: ['loc_north'] }])).toEqual({
      locationIds: ['loc_north'],
    });
  });

  it('PERM-201: until the practice document is here, the session’s locations apply; none means every one', () => {
    expect(sessionLocations(nora, [])).toEqual({ locationIds: ['loc_a'] });
    expect(sessionLocations(null, [])).toEqual({ locationIds: [] });
  });

  it('PERM-202: the development identity is never location-limited', () => {
    const dev = { ...nora, identity: 'development' as const };
    expect(sessionLocations(dev, [{ id: 'stf_nora', locationIds: ['loc_north'] }])).toEqual({
      locationIds: [],
    });
  });
});
