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
