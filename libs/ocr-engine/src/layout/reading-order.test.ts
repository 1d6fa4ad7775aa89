import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Point, Quad } from '@ocr-pool/contracts';
import { estimateSkew, readingOrder } from './reading-order.js';

function box(x: number, y: number, w: number, h: number, angleDeg = 0, cx = 0, cy = 0): Quad {
  const a = (angleDeg * Math.PI) / 180;
  const rot = ([px, py]: Point): Point => [
    cx + (px - cx) * Math.cos(a) - (py - cy) * Math.sin(a),
    cy + (px - cx) * Math.sin(a) + (py - cy) * Math.cos(a),
  ];
  return [rot([x, y]), rot([x + w, y]), rot([x + w, y + h]), rot([x, y + h])];
}

test('boxes on one row join left to right; rows go top to bottom', () => {
  const quads = [box(600, 100, 80, 20), box(50, 100, 300, 20), box(50, 140, 200, 20)];
  assert.deepEqual(readingOrder(quads).lines, [[1, 0], [2]]);
});

test('on a page skewed by 7 degrees a right-aligned amount stays on its own row', () => {
  // Rows 30 px apart; at 7 degrees the amount 600 px to the right sits 74 px lower than its label.
  const rows = [0, 1, 2, 3].flatMap((r) => [
    box(50, 100 + 30 * r, 300, 18, 7, 50, 100),
    box(650, 100 + 30 * r, 80, 18, 7, 50, 100),
  ]);
  const order = readingOrder(rows);
  assert.deepEqual(order.lines, [
    [0, 1],
    [2, 3],
    [4, 5],
    [6, 7],
  ]);
  assert.ok(Math.abs(order.skew - (7 * Math.PI) / 180) < 1e-6);
});

test('overlapping boxes stacked vertically are separate lines', () => {
  const order = readingOrder([box(10, 10, 200, 30), box(20, 25, 200, 30)]);
  assert.equal(order.lines.length, 2);
});

test('skew is estimated only from clearly horizontal boxes', () => {
  assert.equal(estimateSkew([box(0, 0, 10, 40)]), 0);
});
