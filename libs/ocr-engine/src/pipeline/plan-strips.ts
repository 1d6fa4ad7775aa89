/**
 * Splits a tall page into horizontal strips that can be detected on different inference threads
 * at once, so one large page uses every core from its first stage. Strips overlap by more than a
 * text line; each strip owns the boxes whose centre falls in its own band, so every line is
 * found exactly once and whole. Pure: page size in, strip bounds (page rows) out.
 */
export interface Strip {
  /** Rows the strip's image covers, overlap included: `[top, bottom)`. */
  top: number;
  bottom: number;
  /** Rows whose boxes this strip reports: `[ownTop, ownBottom)`. */
  ownTop: number;
  ownBottom: number;
}

export interface StripPolicy {
  /** Threads available: a page large enough is split into at least this many strips. */
  threads: number;
  /** Detector pixels per strip below which splitting for parallelism is not worth its overlap. */
  minStripDetPixels: number;
  /**
   * Most detector pixels in one strip. The detector's activations grow with its input (about
   * 0.3 GB per megapixel here) and every thread holds its own; this bounds a thread's peak.
   */
  maxStripDetPixels: number;
  /** Overlap between strips, in page rows (well above the tallest expected line). */
  overlapRows: number;
}

export function planStrips(height: number, detPixels: number, policy: StripPolicy): Strip[] {
  const forThreads = Math.min(policy.threads, Math.floor(detPixels / policy.minStripDetPixels));
  const forMemory = Math.ceil(detPixels / policy.maxStripDetPixels);
  // A whole number of rounds over the threads, so no thread idles through the last round.
  const needed = Math.max(1, forThreads, forMemory);
  const count = needed > 1 && policy.threads > 1 ? Math.ceil(needed / policy.threads) * policy.threads : needed;
  if (count === 1 || height < count * 2 * policy.overlapRows)
    return [{ top: 0, bottom: height, ownTop: 0, ownBottom: height }];
  const strips: Strip[] = [];
  for (let i = 0; i < count; i++) {
    const ownTop = Math.round((i * height) / count);
    const ownBottom = Math.round(((i + 1) * height) / count);
    strips.push({
      ownTop,
      ownBottom,
      top: Math.max(0, ownTop - policy.overlapRows),
      bottom: Math.min(height, ownBottom + policy.overlapRows),
    });
  }
  return strips;
}
