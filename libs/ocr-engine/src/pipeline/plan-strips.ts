/**
 * Splits a tall page into horizontal strips that can be detected on different inference threads
 * at once, so one large page uses every core from its first stage. Each strip owns the boxes whose
 * centre falls in its own band, so every line is found exactly once and whole. Where the page has
 * a band of ink-free rows near a boundary (`ink-free-rows.ts`), the boundary is cut there and the
 * strips share only a few rows of blank paper: no line crosses the cut. Elsewhere strips overlap
 * by more than a text line. Cuts cost nothing, so a page that can be cut everywhere splits for
 * the threads at a lower size (`minCutStripDetPixels`), which halves a mid-size page's detection
 * latency; overlaps cost detector work, so only large pages take them. Pure: page size in, strip
 * bounds (page rows) out.
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
  /** The same for a page that can be cut at blank rows everywhere (no overlap to pay for). */
  minCutStripDetPixels: number;
  /**
   * Most detector pixels in one strip. The detector's activations grow with its input (about
   * 0.3 GB per megapixel here) and every thread holds its own; this bounds a thread's peak.
   */
  maxStripDetPixels: number;
  /** Overlap between strips, in page rows (well above the tallest expected line). */
  overlapRows: number;
  /** Blank rows a strip keeps past a cut, as context for the detector. */
  cutMarginRows: number;
  /** Fewest consecutive ink-free rows a cut needs. */
  minBlankRun: number;
}

/** A boundary between two strips: a cut in blank rows, or a row the strips overlap around. */
interface Boundary {
  row: number;
  reach: number;
}

export function planStrips(height: number, detPixels: number, policy: StripPolicy, inkFree?: Uint8Array): Strip[] {
  if (inkFree) {
    const count = stripCount(height, detPixels, policy, policy.minCutStripDetPixels, 4 * policy.cutMarginRows);
    const cuts = boundaries(height, count).map((row) => blankCut(inkFree, row, height / count / 3, policy));
    if (cuts.every((cut) => cut !== undefined))
      return strips(
        height,
        cuts.map((row) => ({ row, reach: policy.cutMarginRows })),
      );
  }
  const count = stripCount(height, detPixels, policy, policy.minStripDetPixels, 2 * policy.overlapRows);
  return strips(
    height,
    boundaries(height, count).map((row) => {
      const cut = inkFree && blankCut(inkFree, row, height / count / 3, policy);
      return cut === undefined ? { row, reach: policy.overlapRows } : { row: cut, reach: policy.cutMarginRows };
    }),
  );
}

/** Strips for the threads and for memory; one when they would be under `minRows` page rows each. */
function stripCount(
  height: number,
  detPixels: number,
  policy: StripPolicy,
  minStripDetPixels: number,
  minRows: number,
): number {
  const forThreads = Math.min(policy.threads, Math.floor(detPixels / minStripDetPixels));
  const forMemory = Math.ceil(detPixels / policy.maxStripDetPixels);
  // A whole number of rounds over the threads, so no thread idles through the last round.
  const needed = Math.max(1, forThreads, forMemory);
  const count = needed > 1 && policy.threads > 1 ? Math.ceil(needed / policy.threads) * policy.threads : needed;
  return count === 1 || height < count * minRows ? 1 : count;
}

/** The rows between `count` equal bands. */
function boundaries(height: number, count: number): number[] {
  return Array.from({ length: count - 1 }, (_, i) => Math.round(((i + 1) * height) / count));
}

/** The middle of the ink-free run nearest `row`, within `window` rows of it; undefined if none. */
function blankCut(inkFree: Uint8Array, row: number, window: number, policy: StripPolicy): number | undefined {
  const from = Math.max(0, Math.floor(row - window)),
    to = Math.min(inkFree.length, Math.ceil(row + window));
  let best: number | undefined;
  for (let y = from; y < to;) {
    if (!inkFree[y]) {
      y++;
      continue;
    }
    let end = y;
    while (end < inkFree.length && inkFree[end]) end++;
    const middle = Math.floor((y + end) / 2);
    if (end - y >= policy.minBlankRun && middle >= from && middle < to) {
      if (best === undefined || Math.abs(middle - row) < Math.abs(best - row)) best = middle;
    }
    y = end;
  }
  return best;
}

function strips(height: number, cuts: readonly Boundary[]): Strip[] {
  if (cuts.length === 0) return [{ top: 0, bottom: height, ownTop: 0, ownBottom: height }];
  const edges = [{ row: 0, reach: 0 }, ...cuts, { row: height, reach: 0 }];
  return edges.slice(1).map((end, i) => {
    const start = edges[i]!;
    return {
      ownTop: start.row,
      ownBottom: end.row,
      top: Math.max(0, start.row - start.reach),
      bottom: Math.min(height, end.row + end.reach),
    };
  });
}
