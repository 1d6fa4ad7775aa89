/**
 * Convex hull of a point set (Andrew's monotone chain). Pure; used by the detector's box fitting.
 * Points are packed as `[x0, y0, x1, y1, ...]` to avoid an object per pixel.
 */
export function convexHull(xy: ArrayLike<number>): number[] {
  const n = xy.length / 2;
  if (n <= 2) return Array.from(xy);
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => xy[2 * a]! - xy[2 * b]! || xy[2 * a + 1]! - xy[2 * b + 1]!,
  );
  const cross = (o: number, a: number, b: number): number =>
    (xy[2 * a]! - xy[2 * o]!) * (xy[2 * b + 1]! - xy[2 * o + 1]!) -
    (xy[2 * a + 1]! - xy[2 * o + 1]!) * (xy[2 * b]! - xy[2 * o]!);
  const lower: number[] = [];
  for (const i of order) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, i) <= 0) lower.pop();
    lower.push(i);
  }
  const upper: number[] = [];
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, i) <= 0) upper.pop();
    upper.push(i);
  }
  const hull = lower.slice(0, -1).concat(upper.slice(0, -1));
  return hull.flatMap((i) => [xy[2 * i]!, xy[2 * i + 1]!]);
}
