import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRgbImage } from '../image/rgb-image.js';
import { CPU_RECOGNIZE_PARAMS, GPU_RECOGNIZE_PARAMS } from '../recognize/recognize-lines.js';
import type { LineCrop } from '../recognize/line-crop.js';
import type { ReadLine } from '../pipeline/read-lines.js';
import type { DetectTask, InferenceTask, ReadTask } from './inference-tasks.js';
import { fitsBeside, joinTasks, joinsOthers, splitLines } from './join-reads.js';

const crops = (n: number): LineCrop[] =>
  Array.from({ length: n }, () => ({ ...createRgbImage(100, 48), xScale: 1, sourceHeight: 20 }));
const read = (n: number, overrides: Partial<ReadTask> = {}): ReadTask => ({
  kind: 'read',
  pack: 'ppocr-v4-ch',
  params: { ...GPU_RECOGNIZE_PARAMS, crossPageCrops: 10 },
  pages: [{ crops: crops(n), language: 'en', upsideDown: false }],
  ...overrides,
});
const detect: DetectTask = {
  kind: 'detect',
  pack: 'ppocr-v4-ch',
  region: createRgbImage(32, 32),
  params: {} as DetectTask['params'],
};

test('only reads with a cross-page budget join others', () => {
  assert.equal(joinsOthers(read(1)), true);
  assert.equal(joinsOthers(read(1, { params: CPU_RECOGNIZE_PARAMS })), false);
  assert.equal(joinsOthers(detect), false);
});

test('waiting reads join in queue order while the crops fit the budget; a read too large is skipped', () => {
  const fits = fitsBeside(read(4));
  const waiting: InferenceTask[] = [read(3), detect, read(5), read(2), read(1)];
  // 4 + 3 = 7; the detection never joins; 7 + 5 would pass 10; 7 + 2 = 9; 9 + 1 = 10.
  assert.deepEqual(
    waiting.map((t) => fits(t)),
    [true, false, false, true, true],
  );
});

test('reads of another pack or other recogniser settings never join', () => {
  const fits = fitsBeside(read(1));
  assert.equal(fits(read(1, { pack: 'korean' })), false);
  assert.equal(fits(read(1, { params: { ...GPU_RECOGNIZE_PARAMS, crossPageCrops: 10, maxBatch: 8 } })), false);
  assert.equal(fits(read(1)), true);
});

test('a joined task holds every page in order, and its lines go back to the task each page came from', () => {
  const tasks = [read(2), read(1, { pages: [read(1).pages[0]!, { ...read(3).pages[0]!, upsideDown: true }] })];
  const joined = joinTasks(tasks);
  assert.deepEqual(
    joined.pages.map((p) => [p.crops.length, p.upsideDown]),
    [
      [2, false],
      [1, false],
      [3, true],
    ],
  );
  const line = (text: string): ReadLine => ({ text, confidence: 1 });
  const lines = [[line('a'), line('b')], [line('c')], [line('d'), line('e'), line('f')]];
  assert.deepEqual(splitLines(lines, tasks), [[lines[0]], [lines[1], lines[2]]]);
});
