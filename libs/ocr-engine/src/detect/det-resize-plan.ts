/**
 * Chooses the scale at which the detector sees a page. The DB detector costs time and memory in
 * proportion to its input's pixels and finds text reliably while lines stay roughly 10 px or more
 * tall in its input. The policy keeps images at native size when they fit, shrinks large ones to
 * a pixel budget rather than to a fixed side (PaddleOCR's default of 960 px for the longest side
 * makes body text on a 300 dpi page about 8 px tall and merges lines), and enlarges small images,
 * which tend to hold small text. The scale is the same on both axes; the input is then padded,
 * not stretched, to the multiples of 32 the network needs.
 */
export interface DetResizePolicy {
  /**
   * Longest side allowed in the detector input, in pixels; for a page detected in strips of rows,
   * its width only (see `planDetScale`).
   */
  maxSide: number;
  /** Largest detector input in pixels (width x height); large pages are shrunk to fit it. */
  maxPixels: number;
  /** Images whose longest side is below this are enlarged (up to `maxUpscale`). */
  minLongSide: number;
  /** Most an image is ever enlarged. */
  maxUpscale: number;
}

export const DEFAULT_DET_RESIZE_POLICY: Readonly<DetResizePolicy> = Object.freeze({
  maxSide: 2400,
  maxPixels: 2_000_000,
  minLongSide: 64,
  maxUpscale: 2,
});

/** The DB backbone halves its input five times: both sides must be multiples of this. */
export const DET_STRIDE = 32;

/** Height over width of an A4 page: a page detected in strips is budgeted as this much of itself. */
const A4_ASPECT = Math.SQRT2;

/**
 * `limitedSide` is the side `maxSide` applies to: the longer one by default; the width alone for a
 * page detected in strips of rows, where each strip bounds its own input and a long receipt need
 * not shrink until its text is too small to find. Such a page taller than A4 gets the pixel budget
 * of an A4 page of its width, not of its whole height: four letter pages stacked in one image were
 * detected at a quarter of their size and read as garbage, while each alone reads cleanly. Its
 * detection costs in proportion to its height, as reading it does.
 */
export function planDetScale(
  width: number,
  height: number,
  policy: DetResizePolicy,
  limitedSide = Math.max(width, height),
): number {
  const longest = Math.max(width, height);
  const inStrips = limitedSide < longest && limitedSide === width;
  const budgetedHeight = inStrips ? Math.min(height, width * A4_ASPECT) : height;
  let scale = 1;
  if (limitedSide > policy.maxSide) scale = policy.maxSide / limitedSide;
  if (width * budgetedHeight * scale * scale > policy.maxPixels)
    scale = Math.sqrt(policy.maxPixels / (width * budgetedHeight));
  if (scale === 1 && longest < policy.minLongSide) scale = Math.min(policy.maxUpscale, policy.minLongSide / longest);
  return scale;
}

export interface DetInputSize {
  /** The image resized by the scale. */
  scaledWidth: number;
  scaledHeight: number;
  /** The network input: the scaled image padded up to multiples of 32. */
  inputWidth: number;
  inputHeight: number;
}

export function detInputSize(width: number, height: number, scale: number): DetInputSize {
  const scaledWidth = Math.max(1, Math.round(width * scale));
  const scaledHeight = Math.max(1, Math.round(height * scale));
  const pad = (v: number): number => Math.max(DET_STRIDE, Math.ceil(v / DET_STRIDE) * DET_STRIDE);
  return { scaledWidth, scaledHeight, inputWidth: pad(scaledWidth), inputHeight: pad(scaledHeight) };
}
