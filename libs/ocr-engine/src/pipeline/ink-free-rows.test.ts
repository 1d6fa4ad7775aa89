import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inkFreeRows } from './ink-free-rows.js';

function page(width: number, height: number, paper: number): { width: number; height: number; data: Uint8Array } {
  return { width, height, data: new Uint8Array(width * height * 3).fill(paper) };
}

function ink(image: ReturnType<typeof page>, x: number, y: number, value = 30): void {
  image.data.fill(value, (y * image.width + x) * 3, (y * image.width + x) * 3 + 3);
}

test('rows with a stroke of text are inked; blank rows, and rows with a speck of dust, are ink-free', () => {
  const image = page(2000, 10, 250);
  for (let x = 100; x < 120; x++) ink(image, x, 2); // a stroke
  ink(image, 700, 5); // dust: one pixel on a 2000 px row
  for (const x of [10, 900, 1500]) ink(image, x, 7); // three letters' stems
  assert.deepEqual(Array.from(inkFreeRows(image, 250)), [1, 1, 0, 1, 1, 1, 1, 0, 1, 1]);
});

test('ink is judged against the paper: grey on grey paper counts, faint marks do not', () => {
  const image = page(100, 3, 200);
  ink(image, 10, 0, 140); // 60 below the paper
  ink(image, 10, 1, 170); // 30 below: a faint mark
  assert.deepEqual(Array.from(inkFreeRows(image, 200)), [0, 1, 1]);
});
