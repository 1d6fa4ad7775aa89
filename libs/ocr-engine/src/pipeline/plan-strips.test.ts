import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planStrips } from './plan-strips.js';
import { splitCrops } from './split-crops.js';

const policy = { threads: 2, minStripDetPixels: 600_000, maxStripDetPixels: 500_000, overlapRows: 200 };

test('a small page is one strip', () => {
  assert.deepEqual(planStrips(700, 400_000, policy), [{ top: 0, bottom: 700, ownTop: 0, ownBottom: 700 }]);
});

test('a large page splits into whole rounds of strips whose own bands tile the page and which overlap', () => {
  const strips = planStrips(3300, 2_000_000, policy);
  assert.equal(strips.length, 4);
  assert.equal(strips[0]!.ownTop, 0);
  assert.equal(strips.at(-1)!.ownBottom, 3300);
  for (let i = 1; i < strips.length; i++) {
    assert.equal(strips[i]!.ownTop, strips[i - 1]!.ownBottom);
    assert.equal(strips[i]!.top, strips[i]!.ownTop - 200);
    assert.equal(strips[i - 1]!.bottom, strips[i - 1]!.ownBottom + 200);
  }
});

test('crops split into consecutive groups of similar total width', () => {
  const crops = [100, 900, 1000, 50, 950].map((width) => ({
    width,
    height: 48,
    data: new Uint8Array(0),
    xScale: 1,
    sourceHeight: 20,
  }));
  const groups = splitCrops(crops, 1000);
  assert.deepEqual(
    groups.map((g) => [g.start, g.crops.length]),
    [
      [0, 2],
      [2, 1],
      [3, 2],
    ],
  );
  assert.equal(splitCrops(crops, Infinity).length, 1);
  assert.equal(splitCrops(crops, Infinity, 2).length, 1, 'an unbounded chunk (GPU) stays one task per page');
});

test('crops split into whole rounds over the threads, and a page under one chunk still uses every thread', () => {
  const crop = (width: number) => ({ width, height: 48, data: new Uint8Array(0), xScale: 1, sourceHeight: 20 });
  const seven = Array.from({ length: 14 }, () => crop(1000));
  assert.equal(splitCrops(seven, 2000, 1).length, 7);
  assert.equal(splitCrops(seven, 2000, 2).length, 8);
  const short = [crop(600), crop(500), crop(700)];
  assert.equal(splitCrops(short, 2000, 2).length, 2);
  assert.deepEqual(
    splitCrops([crop(300)], 2000, 2).map((g) => g.crops.length),
    [1],
  );
});
