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
