import type { Quad } from '@ocr-pool/contracts';
import { connectedComponents } from './connected-components.js';
import { growRect, minAreaRect, rectCorners, type RotatedRect } from '../geometry/rotated-rect.js';

/**
 * Turns the DB detector's probability map into text boxes, following PaddleOCR's
 * DBPostProcess: threshold the map, take each connected region, fit a minimum-area rectangle,
 * score it by the mean probability inside it, and grow it back by the shrink the model was
 * trained with ("unclip"). Pure: map in, rectangles in map coordinates out.
 */
export interface DbParams {
  /** Pixel probability that counts as text (PaddleOCR det_db_thresh). */
  threshold: number;
  /** Minimum mean probability inside a box to keep it (PaddleOCR det_db_box_thresh). */
  boxThreshold: number;
  /** How far boxes are grown back, as area x ratio / perimeter (PaddleOCR det_db_unclip_ratio). */
  unclipRatio: number;
  /** Boxes with a short side below this many map pixels are noise (PaddleOCR min_size). */
  minSize: number;
  /** At most this many regions are considered (PaddleOCR max_candidates). */
  maxCandidates: number;
}

export const DEFAULT_DB_PARAMS: Readonly<DbParams> = Object.freeze({
  threshold: 0.3,
  boxThreshold: 0.6,
  unclipRatio: 1.5,
  minSize: 3,
  maxCandidates: 1000,
});

export interface DetectedBox {
  rect: RotatedRect;
  /** Mean probability inside the un-grown rectangle. */
  score: number;
}

export function dbPostprocess(prob: Float32Array, width: number, height: number, params: DbParams): DetectedBox[] {
  const mask = new Uint8Array(width * height);
  for (let i = 0; i < mask.length; i++) mask[i] = prob[i]! > params.threshold ? 1 : 0;
  const components = connectedComponents(mask, width, height)
    .sort((a, b) => b.pixelCount - a.pixelCount)
    .slice(0, params.maxCandidates);

  const boxes: DetectedBox[] = [];
  for (const component of components) {
    if (component.pixelCount < params.minSize) continue;
    const rect = minAreaRect(component.rowExtremes);
    if (Math.min(rect.width, rect.height) < params.minSize) continue;
    const score = meanInsideQuad(prob, width, height, rectCorners(rect));
    if (score < params.boxThreshold) continue;
    const grown = growRect(rect, unclipDistance(rect, params.unclipRatio));
    if (Math.min(grown.width, grown.height) < params.minSize + 2) continue;
    boxes.push({ rect: grown, score });
  }
  return boxes;
}

/**
 * Offset that undoes the DB training shrink for a rectangle. PaddleOCR offsets the polygon with
 * pyclipper by area x ratio / perimeter; for a rectangle that is the same as growing each side.
 */
export function unclipDistance(rect: RotatedRect, ratio: number): number {
  const perimeter = 2 * (rect.width + rect.height);
  return perimeter > 0 ? (rect.width * rect.height * ratio) / perimeter : 0;
}

/** Mean of the map over pixels whose centres lie inside a convex quad (PaddleOCR "fast" score). */
export function meanInsideQuad(prob: Float32Array, width: number, height: number, quad: Quad): number {
  const xs = quad.map((p) => p[0]),
    ys = quad.map((p) => p[1]);
  const x0 = Math.max(0, Math.floor(Math.min(...xs))),
    x1 = Math.min(width - 1, Math.ceil(Math.max(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys))),
    y1 = Math.min(height - 1, Math.ceil(Math.max(...ys)));
  let sum = 0,
    count = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (!insideConvexQuad(quad, x, y)) continue;
      sum += prob[y * width + x]!;
      count++;
    }
  }
  return count ? sum / count : 0;
}

function insideConvexQuad(q: Quad, x: number, y: number): boolean {
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const a = q[i]!,
      b = q[(i + 1) % 4]!;
    const cross = (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]);
    // Points on an edge count as inside (a degenerate quad of one row still has pixels).
    if (Math.abs(cross) < 1e-9) continue;
    const s = cross > 0 ? 1 : -1;
    if (sign === 0) sign = s;
    else if (s !== sign) return false;
  }
  return true;
}
