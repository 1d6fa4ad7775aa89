import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTick, logTicks, niceTicks } from './nice-ticks.js';

test('linear ticks are round numbers that cover the data', () => {
  assert.deepEqual(niceTicks(0, 0.92), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(0, 3.1), [0, 1, 2, 3, 4]);
  assert.deepEqual(niceTicks(0, 3.1, 8), [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5]);
  assert.deepEqual(niceTicks(12, 87), [0, 20, 40, 60, 80, 100]);
  assert.deepEqual(niceTicks(0, 0.3, 3), [0, 0.1, 0.2, 0.3]);
});

test('a flat series still gets an axis that opens upwards', () => {
  assert.deepEqual(niceTicks(0, 0), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.ok(niceTicks(5, 5).at(-1)! > 5);
  assert.throws(() => niceTicks(0, Number.NaN), RangeError);
});

test('log ticks run 1-2-5 through each decade from just below the data to just above it', () => {
  assert.deepEqual(logTicks(3, 420), [2, 5, 10, 20, 50, 100, 200, 500]);
  assert.deepEqual(logTicks(39, 11_166), [20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000]);
  assert.deepEqual(logTicks(10, 10), [10, 20]);
  assert.deepEqual(logTicks(0.5, 2e5), [0.1, 1, 10, 100, 1000, 10000, 100000, 1000000]);
  assert.throws(() => logTicks(0, 10), RangeError);
});

test('tick labels carry the decimals their step needs', () => {
  assert.equal(formatTick(0.4, 0.2), '0.4');
  assert.equal(formatTick(0.05, 0.05), '0.05');
  assert.equal(formatTick(20, 20), '20');
  assert.equal(formatTick(1.5, 0.5), '1.5');
  assert.equal(formatTick(0, 0.2), '0');
});
