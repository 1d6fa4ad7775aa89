/**
 * Decides whether a page is upside down from the angle classifier's verdicts on all its lines.
 * One line's verdict is not trusted on its own: the classifier squeezes a line into 48x192 and is
 * confidently wrong on some long upright lines. Each line votes with the log-odds of its verdict,
 * weighted by how much text it holds, and the page turns only when the total says so clearly.
 */
export interface LineOrientationVote {
  /** Classifier probability that the line is rotated by 180 degrees. */
  p180: number;
  /** Evidence weight, e.g. the line's width in recogniser pixels. */
  weight: number;
}

export interface PageOrientation {
  flipped: boolean;
  /** Weighted mean log-odds in favour of "upside down"; positive means flipped. */
  score: number;
}

/** Log-odds are clipped so that one saturated line cannot outvote the rest of the page. */
const MAX_LOG_ODDS = 4;

export function decidePageOrientation(votes: readonly LineOrientationVote[], margin: number): PageOrientation {
  let sum = 0,
    total = 0;
  for (const { p180, weight } of votes) {
    const p = Math.min(1 - 1e-6, Math.max(1e-6, p180));
    const logOdds = Math.max(-MAX_LOG_ODDS, Math.min(MAX_LOG_ODDS, Math.log(p / (1 - p))));
    sum += logOdds * weight;
    total += weight;
  }
  const score = total > 0 ? sum / total : 0;
  return { flipped: score > margin, score };
}
