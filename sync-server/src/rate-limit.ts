/**
 * Token buckets for per-connection flood limits: a sustained rate with room for bursts (a
 * device's first sync, or a week of offline edits, arrives in a burst).
 */
export type TokenBucket = {
  tokens: number;
  updatedAt: number;
  readonly rate: number;
  readonly burst: number;
};

export function createBucket(rate: number, burst: number, now: number): TokenBucket {
  return { tokens: burst, updatedAt: now, rate, burst };
}

/** Takes `amount` tokens if available; false means the caller is over its limit. */
export function take(bucket: TokenBucket, amount: number, now: number): boolean {
  const elapsed = Math.max(0, now - bucket.updatedAt) / 1000;
  bucket.tokens = Math.min(bucket.burst, bucket.tokens + elapsed * bucket.rate);
  bucket.updatedAt = now;
  if (bucket.tokens < amount) return false;
  bucket.tokens -= amount;
  return true;
}
