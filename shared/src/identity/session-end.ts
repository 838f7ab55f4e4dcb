/**
 * Which answers of the relay end a session on this device (AUTH-8). After a failed connection the
 * app asks the relay to refresh the session; what it answers decides whether to keep reconnecting.
 */
import type { ApiError } from '../protocol/accounts-api.ts';

/** A refresh failure: one of the account API's error codes, or no answer at all. */
export type SessionCheckFailure = ApiError['error'] | 'unreachable';

/**
 * What a failed refresh means (AUTH-8):
 * - `still-valid`: the relay could not say (no answer, or its own fault): keep trying;
 * - `over`: the session is not accepted any more: stop reconnecting and say why;
 * - `ended-by-relay`: a manager ended it or turned the account off: also end it on this device.
 */
export type SessionCheckVerdict = 'still-valid' | 'over' | 'ended-by-relay';

export function sessionCheckVerdict(failure: SessionCheckFailure): SessionCheckVerdict {
  if (failure === 'unreachable' || failure === 'internal') return 'still-valid';
  if (failure === 'revoked' || failure === 'disabled') return 'ended-by-relay';
  return 'over';
}
