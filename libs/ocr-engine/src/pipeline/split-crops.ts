import type { LineCrop } from '../recognize/line-crop.js';

/**
 * Splits a page's crops, in order, into consecutive groups of roughly `chunkWidth` total width,
 * so recognition of one page can run on several threads at once. Pure.
 */
export function splitCrops(
  crops: readonly LineCrop[],
  chunkWidth: number,
): Array<{ start: number; crops: LineCrop[] }> {
  const total = crops.reduce((s, c) => s + c.width, 0);
  const count = Math.max(1, Math.min(crops.length, Math.ceil(total / chunkWidth)));
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
