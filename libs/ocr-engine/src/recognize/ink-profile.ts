import type { RgbImage } from '../image/rgb-image.js';

/**
 * Where the ink is in a line crop, column by column: whether a column holds ink, and the top and
 * bottom ink rows. Word gaps are measured on the columns, letter case on the tops. Luminance is
 * split into ink and paper by Otsu's threshold; whichever class covers less of the crop is the
 * ink, so light text on a dark background works too. Pure.
 */
export interface InkProfile {
  /** 1 where the column (within the central band) holds ink. */
  columns: Uint8Array;
  /** Topmost ink row per column, or -1. */
  top: Int16Array;
  /** Bottommost ink row per column, or -1. */
  bottom: Int16Array;
  height: number;
}

/**
 * Only ink inside this central band marks a column as inked: the crop's top and bottom tenth
 * hold parts of neighbouring lines more often than this line's glyphs.
 */
const BAND = 0.1;

export function inkProfile(crop: RgbImage): InkProfile {
  const { width: w, height: h, data } = crop;
  const lum = new Uint8Array(w * h);
  const hist = new Uint32Array(256);
  for (let i = 0, s = 0; i < lum.length; i++, s += 3) {
    const v = (data[s]! * 77 + data[s + 1]! * 150 + data[s + 2]! * 29) >> 8;
    lum[i] = v;
    hist[v]!++;
  }
  const threshold = otsuThreshold(hist, lum.length);
  let below = 0;
  for (let v = 0; v <= threshold; v++) below += hist[v]!;
  const darkInk = below <= lum.length / 2;
  const columns = new Uint8Array(w);
  const top = new Int16Array(w).fill(-1);
  const bottom = new Int16Array(w).fill(-1);
  const y0 = Math.floor(h * BAND),
    y1 = Math.ceil(h * (1 - BAND));
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; y++) {
      const v = lum[y * w + x]!;
      if (darkInk ? v > threshold : v <= threshold) continue;
      if (top[x] === -1) top[x] = y;
      bottom[x] = y;
      if (y >= y0 && y < y1) columns[x] = 1;
    }
  }
  return { columns, top, bottom, height: h };
}

export function otsuThreshold(hist: ArrayLike<number>, total: number): number {
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += v * hist[v]!;
  let sumBelow = 0,
    countBelow = 0,
    best = -1,
    threshold = 127;
  for (let t = 0; t < 256; t++) {
    countBelow += hist[t]!;
    if (countBelow === 0) continue;
    const countAbove = total - countBelow;
    if (countAbove === 0) break;
    sumBelow += t * hist[t]!;
    const meanBelow = sumBelow / countBelow,
      meanAbove = (sum - sumBelow) / countAbove;
    const between = countBelow * countAbove * (meanBelow - meanAbove) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/** Width of the widest run of ink-free columns within `[from, to]`. */
export function widestGap(columns: Uint8Array, from: number, to: number): number {
  let widest = 0,
    run = 0;
  for (let x = Math.max(0, from); x <= Math.min(columns.length - 1, to); x++) {
    run = columns[x] ? 0 : run + 1;
    if (run > widest) widest = run;
  }
  return widest;
}
