import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRgbImage } from '../image/rgb-image.js';
import { inkProfile, otsuThreshold, widestGap } from './ink-profile.js';

test('Otsu splits a two-level histogram between the levels', () => {
  const hist = new Array<number>(256).fill(0);
  hist[30] = 100;
  hist[220] = 300;
  const t = otsuThreshold(hist, 400);
  assert.ok(t >= 30 && t < 220);
});

test('dark strokes on light paper are ink; tops and gaps are measured per column', () => {
  const crop = createRgbImage(10, 20);
  crop.data.fill(250);
  for (let y = 5; y < 15; y++) for (const x of [2, 3, 7]) crop.data.fill(10, (y * 10 + x) * 3, (y * 10 + x) * 3 + 3);
  const profile = inkProfile(crop);
  assert.deepEqual([...profile.columns], [0, 0, 1, 1, 0, 0, 0, 1, 0, 0]);
  assert.equal(profile.top[2], 5);
  assert.equal(profile.bottom[7], 14);
  assert.equal(widestGap(profile.columns, 2, 7), 3);
});

test('light text on a dark ground is found too', () => {
  const crop = createRgbImage(4, 10);
  crop.data.fill(5);
  for (let y = 2; y < 8; y++) crop.data.fill(240, (y * 4 + 1) * 3, (y * 4 + 1) * 3 + 3);
  assert.deepEqual([...inkProfile(crop).columns], [0, 1, 0, 0]);
});
