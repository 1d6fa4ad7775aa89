import type { LineCrop } from '../recognize/line-crop.js';

/**
 * Splits a page's crops, in order, into consecutive groups of roughly `chunkWidth` total width,
 * so recognition of one page can run on several threads at once. The number of groups is a whole
 * number of rounds over the `threads` (as far as there are crops): 7 equal groups on 2 threads
 * would keep one thread busy a seventh of the page longer than the other, and a page under one
 * chunk would leave all but one thread idle. Pure.
 */
export function splitCrops(
  crops: readonly LineCrop[],
  chunkWidth: number,
  threads = 1,
): Array<{ start: number; crops: LineCrop[] }> {
  const total = crops.reduce((s, c) => s + c.width, 0);
  const chunks = Math.max(1, Math.ceil(total / chunkWidth));
  const rounds = Number.isFinite(chunkWidth) ? Math.ceil(chunks / threads) * threads : chunks;
  const count = Math.max(1, Math.min(crops.length, rounds));
  const target = total / count;
  const groups: Array<{ start: number; crops: LineCrop[] }> = [];
  let current: LineCrop[] = [];
  let start = 0,
    width = 0,
    done = 0;
  crops.forEach((crop, i) => {
    current.push(crop);
    width += crop.width;
    // Close a group when the running total passes the next boundary.
    if (done + width >= target * (groups.length + 1) && groups.length < count - 1) {
      groups.push({ start, crops: current });
      done += width;
      current = [];
      width = 0;
      start = i + 1;
    }
  });
  if (current.length > 0) groups.push({ start, crops: current });
  return groups;
}

/**
 * The groups widest first (ties in page order). The pool runs a page's reading tasks in the order
 * they are given, so the last to start are the shortest: on a page of long lines the threads
 * finish within one short task of each other instead of one idling through the other's long
 * last line. Results go back by `start`, so the order changes nothing else.
 */
export function longestFirst<G extends { start: number; crops: readonly LineCrop[] }>(groups: readonly G[]): G[] {
  const width = (g: G): number => g.crops.reduce((s, c) => s + c.width, 0);
  return groups
    .map((group) => ({ group, width: width(group) }))
    .sort((a, b) => b.width - a.width || a.group.start - b.group.start)
    .map(({ group }) => group);
}
