import { describe, expect, it } from 'vitest';
import { ApiError } from '../protocol/accounts-api.ts';
import { sessionCheckVerdict, type SessionCheckFailure, type SessionCheckVerdict } from './session-end.ts';

/** Every answer a refresh can fail with, and what it means for the session on this device. */
const EXPECTED: Record<SessionCheckFailure, SessionCheckVerdict> = {
  unreachable: 'still-valid',
  internal: 'still-valid',
  revoked: 'ended-by-relay',
  disabled: 'ended-by-relay',
  'bad-request': 'over',
  'invalid-credentials': 'over',
  locked: 'over',
  throttled: 'over',
  'second-factor-required': 'over',
  'invalid-code': 'over',
  conflict: 'over',
  'already-set-up': 'over',
  'weak-password': 'over',
  unauthenticated: 'over',
  expired: 'over',
  'password-change-required': 'over',
  forbidden: 'over',
  'not-found': 'over',
  'login-taken': 'over',
  'invalid-invite': 'over',
  'invalid-recovery': 'over',
};

describe('which relay answers end a session', () => {
  it('AUTH-8: the table names every error code the account API has', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ApiError.shape.error.options, 'unreachable'].sort());
  });

  it.each(Object.entries(EXPECTED) as [SessionCheckFailure, SessionCheckVerdict][])(
    'AUTH-8: a refresh failing with %s means the session is %s',
    (failure, verdict) => {
      expect(sessionCheckVerdict(failure)).toBe(verdict);
    },
  );
});
