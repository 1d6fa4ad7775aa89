import { readFileSync } from 'node:fs';

/** Quantile by the nearest-rank method, as ../shared/eval/score.mjs computes p50/p95. */
export function quantile(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Peak resident set of this process in MiB (Linux VmHWM; current RSS elsewhere). */
export function peakRssMiB(): number {
  try {
    const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
    if (Number.isFinite(kb)) return kb / 1024;
  } catch {
    // not Linux
  }
  return process.memoryUsage().rss / 1048576;
}
