import { describe, expect, it } from 'vitest';
import { createSignInThrottle } from './sign-in-throttle.ts';

function clock(start = 1_000_000) {
  let ms = start;
  return { now: () => ms, advance: (by: number) => (ms += by) };
}

describe('sign-in throttling (AUTH-3)', () => {
  it('lets the first five failures through, then doubles the wait per failure', () => {
    const time = clock();
    const throttle = createSignInThrottle({}, time.now);
    const waits: number[] = [];
    for (let i = 0; i < 9; i += 1) {
      expect(throttle.check('bill@example.com', '10.0.0.9').ok).toBe(true);
      waits.push(throttle.failed('bill@example.com', '10.0.0.9').addressMs);
      time.advance(waits.at(-1)!);
    }
    expect(waits).toEqual([0, 0, 0, 0, 0, 1000, 2000, 4000, 8000]);
  });

  it('answers a throttled attempt with the time left, and does not lengthen it', () => {
    const time = clock();
    const throttle = createSignInThrottle({}, time.now);
    for (let i = 0; i < 7; i += 1) throttle.failed('bill@example.com', '10.0.0.9');
    const verdict = throttle.check('bill@example.com', '10.0.0.9');
    expect(verdict).toEqual({ ok: false, retryAfterMs: 2000, by: 'address' });
    time.advance(1500);
    expect(throttle.check('bill@example.com', '10.0.0.9')).toMatchObject({ ok: false, retryAfterMs: 500 });
    time.advance(500);
    expect(throttle.check('bill@example.com', '10.0.0.9').ok).toBe(true);
  });

  it('never locks the real person out: a login under attack still opens from an address it used before', () => {
    const time = clock();
    const throttle = createSignInThrottle({}, time.now);
    throttle.succeeded('bill@example.com', '192.168.1.20');
    // Someone elsewhere guesses from many addresses.
    for (let i = 0; i < 30; i += 1) throttle.failed('bill@example.com', `203.0.113.${i}`);
    expect(throttle.check('bill@example.com', '203.0.113.200')).toMatchObject({ ok: false, by: 'login' });
    expect(throttle.check('bill@example.com', '192.168.1.20')).toEqual({ ok: true });
  });

  it('caps the wait on a login at a minute, and on an address at five minutes', () => {
    const time = clock();
    const throttle = createSignInThrottle({}, time.now);
    let last = { addressMs: 0, loginMs: 0 };
    for (let i = 0; i < 40; i += 1) last = throttle.failed('bill@example.com', '203.0.113.1');
    expect(last).toEqual({ addressMs: 5 * 60_000, loginMs: 60_000 });
  });

  it('keeps guesses on one login from slowing other logins at other addresses', () => {
    const time = clock();
    const throttle = createSignInThrottle({}, time.now);
    for (let i = 0; i < 20; i += 1) throttle.failed('bill@example.com', '203.0.113.1');
    expect(throttle.check('ana@example.com', '192.168.1.20')).toEqual({ ok: true });
  });

  it('forgets failures after a quiet period', () => {
    const time = clock();
    const throttle = createSignInThrottle({}, time.now);
    for (let i = 0; i < 8; i += 1) throttle.failed('bill@example.com', '203.0.113.1');
    time.advance(15 * 60_000 + 1);
    expect(throttle.failed('bill@example.com', '203.0.113.1')).toEqual({ addressMs: 0, loginMs: 0 });
  });

  it('stays bounded in memory however many logins are sprayed', () => {
    const time = clock();
    const throttle = createSignInThrottle({ maxEntries: 100 }, time.now);
    for (let i = 0; i < 1000; i += 1) throttle.failed(`user${i}@example.com`, `198.51.100.${i % 250}`);
    // The oldest entries were dropped: the first login counts from zero again.
    expect(throttle.check('user0@example.com', '192.0.2.1')).toEqual({ ok: true });
  });
});
