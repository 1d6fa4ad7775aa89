import type { Point, Quad } from '@ocr-pool/contracts';

/** Small helpers over quads that several stages need. */

export function distance(a: Point, b: Point): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/** Width along the text (top edge / bottom edge, whichever is longer), as PaddleOCR crops it. */
export function quadWidth(q: Quad): number {
  return Math.max(distance(q[0], q[1]), distance(q[3], q[2]));
}

/** Height across the text (left edge / right edge, whichever is longer). */
export function quadHeight(q: Quad): number {
  return Math.max(distance(q[0], q[3]), distance(q[1], q[2]));
}

export function quadCentre(q: Quad): Point {
  return [(q[0][0] + q[1][0] + q[2][0] + q[3][0]) / 4, (q[0][1] + q[1][1] + q[2][1] + q[3][1]) / 4];
}

/** Angle of the text direction (top-left to top-right) in radians; 0 for horizontal text. */
export function quadAngle(q: Quad): number {
  const dx = q[1][0] - q[0][0] + (q[2][0] - q[3][0]);
  const dy = q[1][1] - q[0][1] + (q[2][1] - q[3][1]);
  return Math.atan2(dy, dx);
}

/** Rotates the corner order so the quad reads from a different corner (90 degrees per step). */
export function rotateCorners(q: Quad, steps: number): Quad {
  const s = ((steps % 4) + 4) % 4;
  return [q[s % 4]!, q[(s + 1) % 4]!, q[(s + 2) % 4]!, q[(s + 3) % 4]!];
}

export function mapQuad(q: Quad, f: (p: Point) => Point): Quad {
  return [f(q[0]), f(q[1]), f(q[2]), f(q[3])];
}

export function roundQuad(q: Quad): Quad {
  return mapQuad(q, (p) => [Math.round(p[0]), Math.round(p[1])]);
}

/** Lengthens a quad along its text direction by `amount` pixels at each end. */
export function extendAlongText(q: Quad, amount: number): Quad {
  const [tl, tr, br, bl] = q;
  const len = distance(tl, tr) || 1;
  const ux = ((tr[0] - tl[0]) / len) * amount,
    uy = ((tr[1] - tl[1]) / len) * amount;
  return [
    [tl[0] - ux, tl[1] - uy],
    [tr[0] + ux, tr[1] + uy],
    [br[0] + ux, br[1] + uy],
    [bl[0] - ux, bl[1] - uy],
  ];
}
