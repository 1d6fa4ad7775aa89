import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DB_PARAMS, dbPostprocess, meanInsideQuad, unclipDistance } from './db-postprocess.js';
import { connectedComponents } from './connected-components.js';

function map(width: number, height: number, blocks: Array<[number, number, number, number, number]>): Float32Array {
  const m = new Float32Array(width * height);
  for (const [x0, y0, x1, y1, p] of blocks)
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) m[y * width + x] = p;
  return m;
}

test('connected components join diagonal neighbours (8-connectivity) and keep separate blobs apart', () => {
  const mask = new Uint8Array([1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
  const components = connectedComponents(mask, 4, 4);
  assert.equal(components.length, 2);
  assert.deepEqual(components.map((c) => c.pixelCount).sort(), [2, 2]);
});

test('each text region becomes one box, grown back by the unclip distance', () => {
  const prob = map(100, 60, [
    [10, 10, 59, 19, 0.9],
    [10, 40, 89, 45, 0.8],
  ]);
  const boxes = dbPostprocess(prob, 100, 60, DEFAULT_DB_PARAMS).sort((a, b) => a.rect.cy - b.rect.cy);
  assert.equal(boxes.length, 2);
  const first = boxes[0]!;
  const d = unclipDistance({ ...first.rect, width: 49, height: 9 }, DEFAULT_DB_PARAMS.unclipRatio);
  assert.ok(Math.abs(first.rect.width - (49 + 2 * d)) < 1e-6);
  assert.ok(Math.abs(first.rect.cy - 14.5) < 1e-6);
  assert.ok(Math.abs(first.score - 0.9) < 1e-6);
});

test('weak regions and specks are dropped', () => {
  const prob = map(50, 50, [
    [5, 5, 30, 10, 0.45], // above the pixel threshold but below the box threshold
    [40, 40, 41, 41, 0.9], // smaller than min_size
  ]);
  assert.equal(dbPostprocess(prob, 50, 50, DEFAULT_DB_PARAMS).length, 0);
});

test('box score is the mean probability inside the quad', () => {
  const prob = map(10, 10, [[0, 0, 4, 9, 1]]);
  const mean = meanInsideQuad(prob, 10, 10, [
    [0, 0],
    [9, 0],
    [9, 9],
    [0, 9],
  ]);
  assert.ok(Math.abs(mean - 0.5) < 1e-9);
});
