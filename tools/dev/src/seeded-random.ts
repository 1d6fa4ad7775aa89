/** A generator of numbers in [0, 1). */
export type Random = () => number;

/**
 * mulberry32: small, fast, and the same sequence for a seed on every machine, so fuzz tests send
 * the same cases and benchmarks draw the same synthetic pages on every run.
 */
export function seededRandom(seed: number): Random {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
