import type { RgbImage } from './rgb-image.js';

/**
 * Writes an RGB image into a float tensor laid out CHW with per-channel `(v/255 - mean) / std`.
 * Channels are written in BGR order: PaddleOCR trains on OpenCV images, so its models expect blue
 * first, with the mean and std lists applied in that order.
 */
export interface ChannelNorm {
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

/** PaddleOCR det NormalizeImage (ImageNet statistics). */
export const DET_NORM: ChannelNorm = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
/** PaddleOCR rec/cls resize_norm_img: `(v/255 - 0.5) / 0.5`. */
export const REC_NORM: ChannelNorm = { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] };

function lookupTables(norm: ChannelNorm): Float32Array[] {
  return [0, 1, 2].map((c) => {
    const lut = new Float32Array(256);
    for (let v = 0; v < 256; v++) lut[v] = (v / 255 - norm.mean[c]!) / norm.std[c]!;
    return lut;
  });
}

const lutCache = new Map<ChannelNorm, Float32Array[]>();

/**
 * Normalises `image` into `out` at element offset `offset`, for a tensor whose planes are
 * `planeWidth` x `planeHeight` (columns past `image.width` are left as they are: callers pre-fill
 * padding).
 */
export function normaliseToBgrPlanes(
  image: RgbImage,
  norm: ChannelNorm,
  out: Float32Array,
  offset = 0,
  planeWidth = image.width,
  planeHeight = image.height,
): void {
  let luts = lutCache.get(norm);
  if (!luts) {
    luts = lookupTables(norm);
    lutCache.set(norm, luts);
  }
  const [lutB, lutG, lutR] = luts as [Float32Array, Float32Array, Float32Array];
  const plane = planeWidth * planeHeight;
  const src = image.data;
  const w = image.width;
  // An image larger than the plane is cut to it: writing past a plane's edge would land in the
  // next plane, or in the next image of a batch (another page's, once pages share batches).
  const rows = Math.min(image.height, planeHeight);
  const columns = Math.min(w, planeWidth);
  for (let y = 0; y < rows; y++) {
    let s = y * w * 3;
    let o = offset + y * planeWidth;
    for (let x = 0; x < columns; x++, s += 3, o++) {
      out[o] = lutB[src[s + 2]!]!;
      out[o + plane] = lutG[src[s + 1]!]!;
      out[o + 2 * plane] = lutR[src[s]!]!;
    }
  }
}

/**
 * Fills a CHW tensor's planes beyond the written `width x height` area by repeating the last
 * column and row, so padding continues the page instead of drawing an edge the detector could
 * mistake for something.
 */
export function replicatePadding(
  out: Float32Array,
  width: number,
  height: number,
  planeWidth: number,
  planeHeight: number,
): void {
  const plane = planeWidth * planeHeight;
  for (let c = 0; c < 3; c++) {
    const base = c * plane;
    for (let y = 0; y < height; y++) {
      const row = base + y * planeWidth;
      out.fill(out[row + width - 1]!, row + width, row + planeWidth);
    }
    const last = base + (height - 1) * planeWidth;
    for (let y = height; y < planeHeight; y++) out.copyWithin(base + y * planeWidth, last, last + planeWidth);
  }
}
