/**
 * The distribution of one activation tensor over a calibration set, and the range its uint8 form
 * should cover. Activations here are heavy-tailed (a few channels reach ten times the others), so
 * the range clips a small share of values at each end instead of spanning the extremes: measured
 * on synthetic lines, a 1e-4 tail beat both min/max (coarser steps for every value) and wider
 * clipping (the large values carry the strongest features).
 */
export const DEFAULT_TAIL_SHARE = 1e-4;

/** Extremes seen so far: the first calibration pass, which fixes the histogram's bins. */
export class ActivationExtent {
  low = Number.POSITIVE_INFINITY;
  high = Number.NEGATIVE_INFINITY;

  add(values: ArrayLike<number>, stride = 1): void {
    let lo = this.low,
      hi = this.high;
    for (let i = 0; i < values.length; i += stride) {
      const v = values[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    this.low = lo;
    this.high = hi;
  }
}

export class ActivationHistogram {
  private readonly counts: Float64Array;
  private total = 0;

  constructor(
    readonly low: number,
    readonly high: number,
    bins = 2048,
  ) {
    if (!(high > low)) throw new Error(`a histogram needs low < high, got [${low}, ${high}]`);
    this.counts = new Float64Array(bins);
  }

  add(values: ArrayLike<number>, stride = 1): void {
    const bins = this.counts.length;
    const perUnit = bins / (this.high - this.low);
    for (let i = 0; i < values.length; i += stride) {
      const bin = Math.floor((values[i]! - this.low) * perUnit);
      this.counts[bin < 0 ? 0 : bin >= bins ? bins - 1 : bin]!++;
      this.total++;
    }
  }

  /** `[low, high]` leaving out at most `tailShare` of the values at each end. */
  range(tailShare = DEFAULT_TAIL_SHARE): [number, number] {
    const bins = this.counts.length;
    const width = (this.high - this.low) / bins;
    const limit = this.total * tailShare;
    let below = 0,
      first = 0;
    while (first < bins - 1 && below + this.counts[first]! <= limit) below += this.counts[first++]!;
    let above = 0,
      last = bins - 1;
    while (last > first && above + this.counts[last]! <= limit) above += this.counts[last--]!;
    return [this.low + first * width, this.low + (last + 1) * width];
  }
}
