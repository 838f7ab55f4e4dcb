import { describe, expect, it } from 'vitest';
import { createBucket, take } from './rate-limit.ts';

describe('token bucket', () => {
  it('allows a burst, then only the sustained rate', () => {
    const bucket = createBucket(10, 20, 0);
    let allowed = 0;
    for (let i = 0; i < 30; i++) if (take(bucket, 1, 0)) allowed++;
    expect(allowed).toBe(20);
    expect(take(bucket, 1, 50)).toBe(false);
    expect(take(bucket, 1, 100)).toBe(true);
  });

  it('never stores more than the burst', () => {
    const bucket = createBucket(10, 5, 0);
    expect(take(bucket, 6, 60_000)).toBe(false);
    expect(take(bucket, 5, 60_000)).toBe(true);
  });
});
