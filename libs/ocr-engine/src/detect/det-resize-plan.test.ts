import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DET_RESIZE_POLICY, detInputSize, planDetScale } from './det-resize-plan.js';

const policy = { ...DEFAULT_DET_RESIZE_POLICY, maxSide: 2400, maxPixels: 2_000_000, minLongSide: 64, maxUpscale: 2 };

test('an image that fits is detected at its own size', () => {
  assert.equal(planDetScale(720, 581, policy), 1);
});

test('a letter page at 300 dpi is shrunk to the pixel budget, not to a 960 px side', () => {
  const s = planDetScale(2550, 3300, policy);
  assert.ok(Math.abs(2550 * 3300 * s * s - 2_000_000) < 1);
  assert.ok(3300 * s > 1500);
});

test('tiny images are enlarged, at most by maxUpscale', () => {
  assert.equal(planDetScale(20, 10, policy), 2);
});

test('detector input sides are padded up to multiples of 32', () => {
  assert.deepEqual(detInputSize(257, 50, 1), { scaledWidth: 257, scaledHeight: 50, inputWidth: 288, inputHeight: 64 });
  assert.deepEqual(detInputSize(1, 1, 1), { scaledWidth: 1, scaledHeight: 1, inputWidth: 32, inputHeight: 32 });
});

test('with the width as the limited side, a long receipt shrinks only as an A4 page of its width would', () => {
  assert.equal(planDetScale(576, 9000, policy), 2400 / 9000);
  // An A4 page 576 px wide fits the budget: the receipt keeps its own size, however long.
  assert.equal(planDetScale(576, 9000, policy, 576), 1);
  assert.equal(planDetScale(9000, 576, policy, 9000), 2400 / 9000);
  // Four letter pages stacked: the scale of one letter page of that width, not a quarter of it.
  const stacked = planDetScale(2550, 13_200, policy, 2550);
  assert.equal(stacked, Math.sqrt(2_000_000 / (2550 * 2550 * Math.SQRT2)));
  assert.ok(stacked >= planDetScale(2550, 3300, policy) * 0.95);
  // A page no taller than A4 is budgeted whole, as before.
  assert.equal(planDetScale(2550, 3300, policy, 2550), Math.sqrt(2_000_000 / (2550 * 3300)));
});
