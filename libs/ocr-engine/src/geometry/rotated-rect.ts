import type { Point, Quad } from '@ocr-pool/contracts';
import { convexHull } from './convex-hull.js';

/**
 * A rectangle at any angle: centre, unit vector along its width (`ux, uy`), and its size along
 * that vector (`width`) and across it (`height`). The detector fits one around each text region.
 */
export interface RotatedRect {
  cx: number;
  cy: number;
  ux: number;
  uy: number;
  width: number;
  height: number;
}

/**
 * Minimum-area enclosing rectangle of a point set (`[x0, y0, ...]`), by rotating calipers over
 * the convex hull's edges: the optimal rectangle has one side on a hull edge.
 */
export function minAreaRect(xy: ArrayLike<number>): RotatedRect {
  const hull = convexHull(xy);
  const n = hull.length / 2;
  if (n === 1) return { cx: hull[0]!, cy: hull[1]!, ux: 1, uy: 0, width: 0, height: 0 };
  let best: RotatedRect | undefined;
  let bestArea = Infinity;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    let ux = hull[2 * j]! - hull[2 * i]!;
    let uy = hull[2 * j + 1]! - hull[2 * i + 1]!;
    const len = Math.hypot(ux, uy);
    if (len === 0) continue;
    ux /= len;
    uy /= len;
    let minU = Infinity,
      maxU = -Infinity,
      minV = Infinity,
      maxV = -Infinity;
    for (let k = 0; k < n; k++) {
      const x = hull[2 * k]!,
        y = hull[2 * k + 1]!;
      const u = x * ux + y * uy;
      const v = -x * uy + y * ux;
      if (u < minU) minU = u;
      if (u > maxU) maxU = u;
      if (v < minV) minV = v;
      if (v > maxV) maxV = v;
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea) {
      bestArea = area;
      const cu = (minU + maxU) / 2,
        cv = (minV + maxV) / 2;
      best = { cx: cu * ux - cv * uy, cy: cu * uy + cv * ux, ux, uy, width: maxU - minU, height: maxV - minV };
    }
  }
  return normaliseRect(best!);
}

/**
 * Same rectangle with its width along the direction closest to +x, so that "width" means the
 * text direction for horizontal-ish text and the axis vector never points left or straight up.
 */
export function normaliseRect(r: RotatedRect): RotatedRect {
  let { ux, uy, width, height } = r;
  if (Math.abs(uy) > Math.abs(ux)) {
    // Swap axes: the perpendicular (-uy, ux) or its opposite becomes the width direction.
    [ux, uy] = [uy, -ux];
    [width, height] = [height, width];
  }
  if (ux < 0) {
    ux = -ux;
    uy = -uy;
  }
  return { cx: r.cx, cy: r.cy, ux, uy, width, height };
}

/** Grows a rectangle by `d` on every side. */
export function growRect(r: RotatedRect, d: number): RotatedRect {
  return { ...r, width: r.width + 2 * d, height: r.height + 2 * d };
}

/** Corners as top-left, top-right, bottom-right, bottom-left (image y grows downwards). */
export function rectCorners(r: RotatedRect): Quad {
  const hx = (r.ux * r.width) / 2,
    hy = (r.uy * r.width) / 2;
  // Perpendicular pointing "down" the page for a rect whose width runs left to right.
  const vx = (-r.uy * r.height) / 2,
    vy = (r.ux * r.height) / 2;
  const p = (sx: number, sy: number): Point => [r.cx + sx * hx + sy * vx, r.cy + sx * hy + sy * vy];
  return [p(-1, -1), p(1, -1), p(1, 1), p(-1, 1)];
}
