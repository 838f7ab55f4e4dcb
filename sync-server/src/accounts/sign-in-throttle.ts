/**
 * Sign-in throttling that nobody can turn into a lockout of someone else (AUTH-3). Instead of
 * locking an account after a few wrong passwords (which anyone who knows a login could repeat
 * forever), failures slow down further attempts by exponential delays:
 * - **per address**: after `freeAttempts` failures from one address, each further failure doubles
 *   the wait before that address may try again (any login), up to `maxAddressMs`;
 * - **per login**: after `freeAttempts` failures on one login (from anywhere), each further failure
 *   doubles the wait before it is tried again, up to `maxLoginMs` (a minute) — except from an
 *   address this login has signed in from before, so the person it belongs to gets through while
 *   someone elsewhere guesses.
 * A throttled attempt is answered before the password is checked and does not extend the wait.
 * Counters fade after `quietMs` without failures. Kept in memory (one relay process); a restart
 * starts every counter at zero. Pure: the clock is injected, so tests control time.
 */
export type ThrottleOptions = {
  freeAttempts: number;
  baseMs: number;
  maxAddressMs: number;
  maxLoginMs: number;
  /** Failures are forgotten this long after the last one. */
  quietMs: number;
  /** Addresses remembered per login as having signed in (most recent kept). */
  knownAddresses: number;
  /** Entries kept at most per map (logins, addresses), oldest dropped first. */
  maxEntries: number;
};

export const DEFAULT_THROTTLE: ThrottleOptions = {
  freeAttempts: 5,
  baseMs: 1_000,
  maxAddressMs: 5 * 60_000,
  maxLoginMs: 60_000,
  quietMs: 15 * 60_000,
  knownAddresses: 10,
  maxEntries: 50_000,
};

export type ThrottleVerdict = { ok: true } | { ok: false; retryAfterMs: number; by: 'address' | 'login' };

type Counter = { failures: number; lastFailure: number; until: number };

export type SignInThrottle = {
  /** Whether an attempt may be tried now. */
  check(login: string, address: string): ThrottleVerdict;
  /** A wrong password (or second factor): returns the new wait it started, if any. */
  failed(login: string, address: string): { addressMs: number; loginMs: number };
  /** A right password: the login remembers the address; its own counter starts over. */
  succeeded(login: string, address: string): void;
};

export function createSignInThrottle(
  options: Partial<ThrottleOptions> = {},
  now: () => number = Date.now,
): SignInThrottle {
  const o: ThrottleOptions = { ...DEFAULT_THROTTLE, ...options };
  const byAddress = new Map<string, Counter>();
  const byLogin = new Map<string, Counter>();
  const known = new Map<string, string[]>();

  /** The counter, forgotten when quiet long enough; maps keep insertion order for eviction. */
  function counter(map: Map<string, Counter>, key: string, at: number): Counter | null {
    const found = map.get(key);
    if (found && at - found.lastFailure > o.quietMs) {
      map.delete(key);
      return null;
    }
    return found ?? null;
  }

  function bump(map: Map<string, Counter>, key: string, at: number, maxMs: number): number {
    const current = counter(map, key, at) ?? { failures: 0, lastFailure: at, until: 0 };
    current.failures += 1;
    current.lastFailure = at;
    const over = current.failures - o.freeAttempts;
    const wait = over <= 0 ? 0 : Math.min(maxMs, o.baseMs * 2 ** Math.min(over - 1, 30));
    current.until = at + wait;
    map.delete(key);
    map.set(key, current);
    if (map.size > o.maxEntries) map.delete(map.keys().next().value!);
    return wait;
  }

  return {
    check(login, address) {
      const at = now();
      const perAddress = counter(byAddress, address, at);
      if (perAddress && perAddress.until > at) {
        return { ok: false, retryAfterMs: perAddress.until - at, by: 'address' };
      }
      const perLogin = counter(byLogin, login, at);
      if (perLogin && perLogin.until > at && !(known.get(login) ?? []).includes(address)) {
        return { ok: false, retryAfterMs: perLogin.until - at, by: 'login' };
      }
      return { ok: true };
    },
    failed(login, address) {
      const at = now();
      return {
        addressMs: bump(byAddress, address, at, o.maxAddressMs),
        loginMs: bump(byLogin, login, at, o.maxLoginMs),
      };
    },
    succeeded(login, address) {
      byLogin.delete(login);
      const addresses = (known.get(login) ?? []).filter((a) => a !== address);
      addresses.push(address);
      known.delete(login);
      known.set(login, addresses.slice(-o.knownAddresses));
      if (known.size > o.maxEntries) known.delete(known.keys().next().value!);
    },
  };
}
