import { benchProgress } from './bench-progress.js';

/**
 * Times several ways of doing the same call, one of each per round, in an order that rotates every
 * round. A latency difference between two paths is only meaningful if both saw the same machine:
 * measured one phase after the other, the drift of a shared VM between the phases (seen here at
 * 2-3 ms on a 20 ms call) lands whole in the difference. Interleaved, it falls on both paths alike.
 */
export interface TimedPath<T> {
  name: string;
  call: () => Promise<T>;
}

export interface PathTimings<T> {
  ms: number[];
  results: T[];
}

export async function timeInterleaved<T>(
  rounds: number,
  paths: ReadonlyArray<TimedPath<T>>,
  label: string,
): Promise<Map<string, PathTimings<T>>> {
  const timings = new Map(paths.map((p) => [p.name, { ms: [] as number[], results: [] as T[] }]));
  for (const path of paths) await path.call(); // warm each path once, untimed
  const progress = benchProgress(label, rounds, 'rounds');
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < paths.length; k++) {
      const path = paths[(round + k) % paths.length]!;
      const t0 = performance.now();
      const result = await path.call();
      const entry = timings.get(path.name)!;
      entry.ms.push(performance.now() - t0);
      entry.results.push(result);
    }
    progress.tick();
  }
  progress.finish();
  return timings;
}
