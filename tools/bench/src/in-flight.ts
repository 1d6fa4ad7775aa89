/**
 * Runs `count` tasks with at most `inFlight` running at once, in index order, and times the whole
 * run. Results keep their index whatever order they finish in. The new benchmarks share it so
 * "N in flight" means the same thing in each.
 */
export async function runInFlight<T>(
  count: number,
  inFlight: number,
  run: (i: number) => Promise<T>,
  onDone: (i: number) => void = () => undefined,
): Promise<{ results: T[]; seconds: number }> {
  const results = new Array<T>(count);
  let next = 0;
  const t0 = performance.now();
  const lane = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      results[i] = await run(i);
      onDone(i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(inFlight, count)) }, lane));
  return { results, seconds: (performance.now() - t0) / 1000 };
}
