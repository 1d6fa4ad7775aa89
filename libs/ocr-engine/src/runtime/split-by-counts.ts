/**
 * Cuts `items` into consecutive runs of `counts[i]` items: the per-page results of work that ran
 * over several pages' items at once. Pure.
 */
export function splitByCounts<T>(items: readonly T[], counts: readonly number[]): T[][] {
  let start = 0;
  return counts.map((count) => items.slice(start, (start += count)));
}
