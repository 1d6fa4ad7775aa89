import type { Quad } from '@ocr-pool/contracts';
import { quadAngle, quadCentre, quadHeight, quadWidth } from '../geometry/quad-math.js';

/**
 * Groups text boxes into visual lines and orders them top to bottom, left to right. Works in the
 * page's own frame: the dominant text angle is estimated from the boxes and undone first, so on a
 * skewed page a right-aligned amount stays on its own row instead of drifting to the row above.
 * Boxes are given upright (callers turn upside-down pages first). Pure.
 */
export interface ReadingOrder {
  /** Box indices per line, lines in reading order, boxes left to right. */
  lines: number[][];
  /** Estimated skew of the text in radians. */
  skew: number;
}

/** Boxes on one line must overlap vertically by at least this share of the shorter box. */
const SAME_LINE_OVERLAP = 0.5;
/** Boxes overlapping horizontally by more than this share of the narrower are on different lines. */
const MAX_HORIZONTAL_OVERLAP = 0.3;

export function readingOrder(quads: readonly Quad[]): ReadingOrder {
  if (quads.length === 0) return { lines: [], skew: 0 };
  const skew = estimateSkew(quads);
  const cos = Math.cos(skew),
    sin = Math.sin(skew);
  const boxes = quads.map((q, index) => {
    const [cx, cy] = quadCentre(q);
    // Rotate by -skew so text runs along +x.
    const x = cx * cos + cy * sin;
    const y = -cx * sin + cy * cos;
    const w = quadWidth(q),
      h = quadHeight(q);
    return { index, x, y, left: x - w / 2, right: x + w / 2, top: y - h / 2, bottom: y + h / 2, h, w };
  });
  boxes.sort((a, b) => a.y - b.y);

  interface Line {
    members: typeof boxes;
    top: number;
    bottom: number;
  }
  const lines: Line[] = [];
  for (const box of boxes) {
    let best: Line | undefined;
    let bestOverlap = 0;
    for (const line of lines) {
      const overlap = Math.min(box.bottom, line.bottom) - Math.max(box.top, line.top);
      const lineHeight = line.bottom - line.top;
      if (overlap < SAME_LINE_OVERLAP * Math.min(box.h, lineHeight)) continue;
      const collides = line.members.some(
        (m) =>
          Math.min(box.right, m.right) - Math.max(box.left, m.left) > MAX_HORIZONTAL_OVERLAP * Math.min(box.w, m.w),
      );
      if (collides) continue;
      const share = overlap / Math.min(box.h, lineHeight);
      if (share > bestOverlap) {
        bestOverlap = share;
        best = line;
      }
    }
    if (best) {
      best.members.push(box);
      // The line's band is the members' median band, so one tall box does not swallow neighbours.
      const tops = best.members.map((m) => m.top).sort((a, b) => a - b);
      const bottoms = best.members.map((m) => m.bottom).sort((a, b) => a - b);
      best.top = tops[tops.length >> 1]!;
      best.bottom = bottoms[bottoms.length >> 1]!;
    } else {
      lines.push({ members: [box], top: box.top, bottom: box.bottom });
    }
  }
  lines.sort((a, b) => a.top + a.bottom - (b.top + b.bottom));
  return { lines: lines.map((l) => l.members.sort((a, b) => a.x - b.x).map((m) => m.index)), skew };
}

/** Width-weighted median angle of the boxes that are clearly horizontal lines of text. */
export function estimateSkew(quads: readonly Quad[]): number {
  const samples = quads
    .filter((q) => quadWidth(q) >= 2 * quadHeight(q))
    .map((q) => ({ angle: quadAngle(q), weight: quadWidth(q) }))
    .filter((s) => Math.abs(s.angle) < Math.PI / 4)
    .sort((a, b) => a.angle - b.angle);
  if (samples.length === 0) return 0;
  const half = samples.reduce((s, x) => s + x.weight, 0) / 2;
  let acc = 0;
  for (const s of samples) {
    acc += s.weight;
    if (acc >= half) return s.angle;
  }
  return samples.at(-1)!.angle;
}
