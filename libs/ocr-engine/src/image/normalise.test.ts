import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DET_NORM, REC_NORM, normaliseToBgrPlanes, replicatePadding } from './normalise.js';

test('planes are written blue first, with the mean and std list applied in that order', () => {
  const image = { width: 1, height: 1, data: new Uint8Array([255, 0, 51]) }; // R, G, B
  const out = new Float32Array(3);
  normaliseToBgrPlanes(image, DET_NORM, out);
  assert.ok(Math.abs(out[0]! - (51 / 255 - 0.485) / 0.229) < 1e-6);
  assert.ok(Math.abs(out[1]! - (0 - 0.456) / 0.224) < 1e-6);
  assert.ok(Math.abs(out[2]! - (1 - 0.406) / 0.225) < 1e-6);
});

test('rec normalisation maps 0..255 to -1..1', () => {
  const out = new Float32Array(6);
  normaliseToBgrPlanes({ width: 2, height: 1, data: new Uint8Array([0, 0, 0, 255, 255, 255]) }, REC_NORM, out);
  assert.deepEqual([out[0], out[1]], [-1, 1]);
});

test('padding repeats the last column and row', () => {
  const out = new Float32Array(3 * 3 * 2);
  normaliseToBgrPlanes({ width: 2, height: 1, data: new Uint8Array([0, 0, 0, 255, 255, 255]) }, REC_NORM, out, 0, 3, 2);
  replicatePadding(out, 2, 1, 3, 2);
  assert.deepEqual([...out.subarray(0, 6)], [-1, 1, 1, -1, 1, 1]);
});

test('an image larger than its plane is cut to it, never written into the next plane or image', () => {
  // A 3x3 white image into 2x2 planes of a two-image batch: only the first image's planes change.
  const out = new Float32Array(2 * 3 * 2 * 2).fill(7);
  normaliseToBgrPlanes({ width: 3, height: 3, data: new Uint8Array(27).fill(255) }, REC_NORM, out, 0, 2, 2);
  assert.deepEqual([...out.subarray(0, 12)], new Array<number>(12).fill(1));
  assert.deepEqual([...out.subarray(12)], new Array<number>(12).fill(7));
});
