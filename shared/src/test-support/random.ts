/** Deterministic randomness for property tests (fast-check is not a dependency of shared). */

/** A small PRNG (mulberry32): `next(max)` is a whole number from 0 to `max`, the same for a seed. */
export function random(seed: number): (max: number) => number {
  let a = seed;
  return (max) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (max + 1));
  };
}

/** A valid local date in `years` years from `fromYear` (days 1–28, so every month has it). */
export function randomDate(next: (max: number) => number, fromYear: number, years: number): string {
  const year = fromYear + next(years - 1);
  const month = 1 + next(11);
  const day = 1 + next(27);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
