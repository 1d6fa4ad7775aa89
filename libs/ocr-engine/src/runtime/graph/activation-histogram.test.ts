import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActivationExtent, ActivationHistogram } from './activation-histogram.js';

test('the extent is the smallest and largest value seen, over several adds', () => {
  const extent = new ActivationExtent();
  extent.add(Float32Array.of(0.5, -2, 3));
  extent.add(Float32Array.of(7, -1));
  assert.deepEqual([extent.low, extent.high], [-2, 7]);
});

test('the range leaves out at most the tail share at each end, and everything when the share is 0', () => {
  const values = new Float32Array(100_000);
  for (let i = 0; i < values.length; i++) values[i] = (i % 1000) / 1000; // uniform on [0, 1)
  values[0] = -50; // one outlier far below
  values[1] = 80; // one far above
  const histogram = new ActivationHistogram(-50, 80, 1300);
  histogram.add(values);
  const [low, high] = histogram.range(1e-4); // 10 values may go at each end
  assert.ok(low >= -0.1 && low <= 0.0001, `low ${low}`);
  assert.ok(high >= 1 && high <= 1.1, `high ${high}`);
  assert.deepEqual(histogram.range(0), [-50, 80]);
});

test('a histogram over an empty range is refused', () => {
  assert.throws(() => new ActivationHistogram(1, 1), /low < high/);
});
