import { test } from 'node:test';
import assert from 'node:assert/strict';
import { growRect, minAreaRect, normaliseRect, rectCorners } from './rotated-rect.js';
import { convexHull } from './convex-hull.js';

const close = (a: number, b: number, eps = 1e-6): void => assert.ok(Math.abs(a - b) < eps, `${a} != ${b}`);

test('convexHull drops interior and collinear points', () => {
  const hull = convexHull([0, 0, 2, 0, 4, 0, 4, 2, 2, 1, 0, 2]);
  assert.equal(hull.length / 2, 4);
});

test('minAreaRect of an axis-aligned block is that block', () => {
  const xy: number[] = [];
  for (let y = 10; y <= 14; y++) xy.push(3, y, 40, y);
  const r = minAreaRect(xy);
  close(r.cx, 21.5);
  close(r.cy, 12);
  close(r.width, 37);
  close(r.height, 4);
  close(r.uy, 0);
});

test('minAreaRect follows a rotated line of pixels and keeps width along the text', () => {
  const angle = (10 * Math.PI) / 180;
  const xy: number[] = [];
  for (let t = 0; t <= 100; t++) {
    for (const off of [-3, 3])
      xy.push(50 + t * Math.cos(angle) - off * Math.sin(angle), 50 + t * Math.sin(angle) + off * Math.cos(angle));
  }
  const r = minAreaRect(xy);
  close(Math.atan2(r.uy, r.ux), angle, 1e-3);
  close(r.width, 100, 1e-3);
  close(r.height, 6, 1e-3);
});

test('normaliseRect turns a vertical axis into a horizontal one', () => {
  const r = normaliseRect({ cx: 0, cy: 0, ux: 0, uy: 1, width: 10, height: 40 });
  close(r.ux, 1);
  close(r.width, 40);
  close(r.height, 10);
});

test('rectCorners are top-left, top-right, bottom-right, bottom-left', () => {
  const [tl, tr, br, bl] = rectCorners(growRect({ cx: 10, cy: 5, ux: 1, uy: 0, width: 8, height: 2 }, 1));
  assert.deepEqual(
    [tl, tr, br, bl],
    [
      [5, 3],
      [15, 3],
      [15, 7],
      [5, 7],
    ],
  );
});
