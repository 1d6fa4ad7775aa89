import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRgbImage } from '../image/rgb-image.js';
import { cropQuad, resizeWidth } from './crop-quad.js';

function gradient(width: number, height: number) {
  const image = createRgbImage(width, height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) image.data.set([x, y, 0], (y * width + x) * 3);
  return image;
}

test('an axis-aligned crop at 1:1 copies the pixels', () => {
  const crop = cropQuad(
    gradient(50, 40),
    [
      [10, 5],
      [30, 5],
      [30, 15],
      [10, 15],
    ],
    20,
    10,
  );
  assert.deepEqual([...crop.data.subarray(0, 3)], [10, 5, 0]);
  assert.deepEqual([...crop.data.subarray((9 * 20 + 19) * 3, (9 * 20 + 19) * 3 + 3)], [29, 14, 0]);
});

test('a quad starting at its right edge crops the region turned around', () => {
  // Corners in reading order of an upside-down box: the crop's first pixel is the page's bottom-right.
  const crop = cropQuad(
    gradient(50, 40),
    [
      [30, 15],
      [10, 15],
      [10, 5],
      [30, 5],
    ],
    20,
    10,
  );
  assert.deepEqual([...crop.data.subarray(0, 3)], [29, 14, 0]);
});

test('resizeWidth keeps the height and interpolates along rows', () => {
  const out = resizeWidth(gradient(40, 2), 20);
  assert.equal(out.width, 20);
  assert.equal(out.height, 2);
  assert.ok(Math.abs(out.data[3]! - 2.5) <= 1);
});

test('a tilted crop samples bilinearly inside the page and replicates the edge where it runs off it', () => {
  const image = gradient(60, 30);
  // Pixel values of the gradient are x and y, so a bilinear sample at (x, y) reads back (x, y),
  // clamped to the page's last pixel centre.
  const quad: [number, number][] = [
    [40, 2],
    [75, 9],
    [73, 19],
    [38, 12],
  ];
  const outWidth = 35,
    outHeight = 10;
  const crop = cropQuad(image, quad as never, outWidth, outHeight);
  const at = (u: number, v: number): [number, number] => {
    const fu = (u + 0.5) / outWidth,
      fv = (v + 0.5) / outHeight;
    const x = quad[0]![0] + fu * (quad[1]![0] - quad[0]![0]) + fv * (quad[3]![0] - quad[0]![0]) - 0.5;
    const y = quad[0]![1] + fu * (quad[1]![1] - quad[0]![1]) + fv * (quad[3]![1] - quad[0]![1]) - 0.5;
    return [Math.min(59, Math.max(0, x)), Math.min(29, Math.max(0, y))];
  };
  for (const [u, v] of [
    [0, 0],
    [10, 5],
    [20, 9],
    [30, 2],
    [34, 9],
  ] as const) {
    const [x, y] = at(u, v);
    const i = (v * outWidth + u) * 3;
    assert.ok(Math.abs(crop.data[i]! - x) <= 0.5 + 1e-9, `x at (${u}, ${v}): ${crop.data[i]} vs ${x}`);
    assert.ok(Math.abs(crop.data[i + 1]! - y) <= 0.5 + 1e-9, `y at (${u}, ${v}): ${crop.data[i + 1]} vs ${y}`);
  }
  // The quad's right end lies past x = 59: those samples read the last column.
  assert.equal(crop.data[(5 * outWidth + 34) * 3], 59);
});
