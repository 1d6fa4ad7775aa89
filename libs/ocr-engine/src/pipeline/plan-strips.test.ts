import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planStrips } from './plan-strips.js';
import { splitCrops } from './split-crops.js';

const policy = {
  threads: 2,
  minStripDetPixels: 600_000,
  minCutStripDetPixels: 200_000,
  maxStripDetPixels: 500_000,
  overlapRows: 200,
  cutMarginRows: 24,
  minBlankRun: 6,
};

/** Ink-free rows of a page whose text lines cover `[top, top + 30)` every 45 rows. */
function linedPage(height: number, inkAlso: ReadonlyArray<readonly [number, number]> = []): Uint8Array {
  const free = new Uint8Array(height).fill(1);
  for (let top = 20; top + 30 <= height; top += 45) free.fill(0, top, top + 30);
  for (const [a, b] of inkAlso) free.fill(0, a, b);
  return free;
}

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

test('a large page with blank rows between its lines is cut there: no overlap, a few rows of paper as context', () => {
  const inkFree = linedPage(3300);
  const strips = planStrips(3300, 2_000_000, policy, inkFree);
  assert.equal(strips.length, 4, 'the same strips as with overlaps');
  for (let i = 1; i < strips.length; i++) {
    const cut = strips[i]!.ownTop;
    assert.equal(strips[i - 1]!.ownBottom, cut);
    assert.equal(inkFree[cut], 1, `cut ${i} is in blank rows`);
    assert.ok(Math.abs(cut - (i * 3300) / 4) < 3300 / 12, `cut ${i} near its boundary`);
    assert.equal(strips[i]!.top, cut - 24);
    assert.equal(strips[i - 1]!.bottom, cut + 24);
  }
  const covered = strips.reduce((sum, s) => sum + s.bottom - s.top, 0);
  assert.ok(covered <= 3300 + 6 * 24, `rows detected ${covered}`);
});

test('a mid-size page splits over the threads only where it can be cut', () => {
  assert.equal(planStrips(700, 400_000, policy, linedPage(700)).length, 2);
  assert.equal(planStrips(700, 400_000, policy).length, 1, 'rows unknown');
  // Skewed or noisy: no run of blank rows anywhere.
  assert.equal(planStrips(700, 400_000, policy, new Uint8Array(700)).length, 1);
  assert.equal(planStrips(700, 300_000, policy, linedPage(700)).length, 1, 'too small to be worth two calls');
});

test('a boundary with no blank band near it overlaps; the others are still cut', () => {
  // A figure from row 1300 to 2000 holds ink all around the second boundary (1650).
  const inkFree = linedPage(3300, [[1300, 2000]]);
  const strips = planStrips(3300, 2_000_000, policy, inkFree);
  assert.equal(strips.length, 4);
  assert.equal(strips[1]!.ownBottom, 1650);
  assert.equal(strips[1]!.bottom, 1850);
  assert.equal(strips[2]!.top, 1450);
  assert.equal(strips[0]!.bottom - strips[0]!.ownBottom, 24, 'the first boundary is still a cut');
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
