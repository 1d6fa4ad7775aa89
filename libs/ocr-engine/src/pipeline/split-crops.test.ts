import { test } from 'node:test';
import assert from 'node:assert/strict';
import { longestFirst, splitCrops } from './split-crops.js';

const crop = (width: number) => ({ width, height: 48, data: new Uint8Array(0), xScale: 1, sourceHeight: 20 });
const widthOf = (g: { crops: ReadonlyArray<{ width: number }> }) => g.crops.reduce((s, c) => s + c.width, 0);

test('reading tasks go to the pool widest first, ties in page order, each keeping its place on the page', () => {
  const crops = [crop(300), crop(400), crop(2100), crop(900), crop(2100), crop(1500), crop(1500)];
  const groups = splitCrops(crops, 1500, 2);
  assert.deepEqual(groups.map(widthOf), [2800, 900, 2100, 1500, 1500], 'page order is not widest first');
  const ordered = longestFirst(groups);
  assert.deepEqual(
    ordered.map((g) => [g.start, widthOf(g)]),
    [
      [0, 2800],
      [4, 2100],
      [5, 1500],
      [6, 1500],
      [3, 900],
    ],
  );
});
