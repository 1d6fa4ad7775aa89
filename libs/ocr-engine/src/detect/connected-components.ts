/**
 * 8-connected components of a binary mask, each reduced to what box fitting needs: the leftmost
 * and rightmost pixel of every row it spans. Two-pass labelling with union-find; pure.
 */
export interface Component {
  /** `[x, y, ...]`: per row, the leftmost then the rightmost pixel centre. */
  rowExtremes: number[];
  pixelCount: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

export function connectedComponents(mask: Uint8Array, width: number, height: number): Component[] {
  const labels = new Int32Array(width * height);
  const parent: number[] = [0];
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]!]!;
      a = parent[a]!;
    }
    return a;
  };
  const union = (a: number, b: number): number => {
    const ra = find(a),
      rb = find(b);
    if (ra === rb) return ra;
    if (ra < rb) {
      parent[rb] = ra;
      return ra;
    }
    parent[ra] = rb;
    return rb;
  };

  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      if (!mask[i]) continue;
      let label = 0;
      // Already-visited neighbours: W, NW, N, NE.
      if (x > 0 && labels[i - 1]) label = labels[i - 1]!;
      if (y > 0) {
        const up = i - width;
        const from = x > 0 ? up - 1 : up;
        const to = x < width - 1 ? up + 1 : up;
        for (let n = from; n <= to; n++) {
          const ln = labels[n]!;
          if (!ln) continue;
          label = label ? union(label, ln) : ln;
        }
      }
      if (!label) {
        label = parent.length;
        parent.push(label);
      }
      labels[i] = label;
    }
  }

  const byRoot = new Map<number, Component>();
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let x = 0;
    while (x < width) {
      const l = labels[row + x];
      if (!l) {
        x++;
        continue;
      }
      // A run of foreground along a row is one component: record its ends.
      const root = find(l);
      let end = x;
      while (end + 1 < width && labels[row + end + 1]) end++;
      let c = byRoot.get(root);
      if (!c) {
        c = { rowExtremes: [], pixelCount: 0, minX: x, maxX: end, minY: y, maxY: y };
        byRoot.set(root, c);
      }
      c.rowExtremes.push(x, y, end, y);
      c.pixelCount += end - x + 1;
      if (x < c.minX) c.minX = x;
      if (end > c.maxX) c.maxX = end;
      c.maxY = y;
      x = end + 1;
    }
  }
  return [...byRoot.values()];
}
