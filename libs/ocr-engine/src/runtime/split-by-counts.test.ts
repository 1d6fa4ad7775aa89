import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitByCounts } from './split-by-counts.js';

test('cuts items into consecutive runs of the given counts, empty runs included', () => {
  assert.deepEqual(splitByCounts(['a', 'b', 'c', 'd'], [1, 0, 3]), [['a'], [], ['b', 'c', 'd']]);
});
