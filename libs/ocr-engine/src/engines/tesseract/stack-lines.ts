import type { RgbImage } from '../../image/rgb-image.js';

/**
 * Stacks a page's line crops, one under another with white gaps, into one grayscale image for
 * tesseract: it then reads exactly the lines our detector found, upright and straightened, in one
 * process call, instead of segmenting the page itself (where its junk lines come from). Written as
 * binary PGM, which tesseract reads from stdin with no decoding cost. Pure.
 */
export interface StackedLines {
  pgm: Uint8Array;
  width: number;
  height: number;
  /** Rows each crop occupies in the stack: `[top, bottom)`. */
  rows: Array<{ top: number; bottom: number }>;
}

export const STACK_GAP = 16;
const MARGIN = 10;
/** tesseract refuses an image over 32767 px on a side; a stack stays under this, with room to spare. */
export const MAX_STACK_HEIGHT = 30_000;

/**
 * Splits a page's crops, in order, into runs whose stack fits `maxHeight`: a dense page (600+
 * lines) becomes several tesseract calls instead of one image tesseract refuses.
 */
export function stackGroups<T extends { height: number }>(crops: readonly T[], maxHeight = MAX_STACK_HEIGHT): T[][] {
  const groups: T[][] = [];
  let group: T[] = [];
  let height = STACK_GAP;
  for (const crop of crops) {
    const grown = height + crop.height + STACK_GAP;
    if (group.length > 0 && grown > maxHeight) {
      groups.push(group);
      group = [];
      height = STACK_GAP;
    }
    group.push(crop);
    height += crop.height + STACK_GAP;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

export function stackLines(crops: readonly RgbImage[]): StackedLines {
  const width = Math.max(1, ...crops.map((c) => c.width)) + 2 * MARGIN;
  const height = crops.reduce((h, c) => h + c.height + STACK_GAP, STACK_GAP);
  const header = new TextEncoder().encode(`P5\n${width} ${height}\n255\n`);
  const pgm = new Uint8Array(header.length + width * height).fill(255);
  pgm.set(header, 0);
  const rows: StackedLines['rows'] = [];
  let top = STACK_GAP;
  for (const crop of crops) {
    const src = crop.data;
    for (let y = 0; y < crop.height; y++) {
      let o = header.length + (top + y) * width + MARGIN;
      for (let x = 0, s = y * crop.width * 3; x < crop.width; x++, s += 3) {
        pgm[o++] = (src[s]! * 77 + src[s + 1]! * 150 + src[s + 2]! * 29) >> 8;
      }
    }
    rows.push({ top, bottom: top + crop.height });
    top += crop.height + STACK_GAP;
  }
  return { pgm, width, height, rows };
}
