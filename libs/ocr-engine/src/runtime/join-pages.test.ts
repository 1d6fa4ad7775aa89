import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRgbImage } from '../image/rgb-image.js';
import { CPU_RECOGNIZE_PARAMS, GPU_RECOGNIZE_PARAMS } from '../recognize/recognize-lines.js';
import { DEFAULT_CLASSIFY_PARAMS, GPU_CLASSIFY_PARAMS } from '../classify/classify-lines.js';
import type { LineCrop } from '../recognize/line-crop.js';
import type { ClassifyTask, DetectTask, InferenceTask, ReadTask } from './inference-tasks.js';
import { fitsBeside, joinTasks, joinsOthers, splitResults } from './join-pages.js';

const crops = (n: number): LineCrop[] =>
  Array.from({ length: n }, () => ({ ...createRgbImage(100, 48), xScale: 1, sourceHeight: 20 }));
const read = (n: number, overrides: Partial<ReadTask> = {}): ReadTask => ({
  kind: 'read',
  pack: 'ppocr-v4-ch',
  params: { ...GPU_RECOGNIZE_PARAMS, crossPageCrops: 10 },
  pages: [{ crops: crops(n), language: 'en', upsideDown: false }],
  ...overrides,
});
const classify = (n: number): ClassifyTask => ({
  kind: 'classify',
  pack: 'ppocr-v4-ch',
  params: { ...GPU_CLASSIFY_PARAMS, crossPageWindows: 10 },
  pages: [Array.from({ length: n }, () => createRgbImage(192, 48))],
});
const detect: DetectTask = {
  kind: 'detect',
  pack: 'ppocr-v4-ch',
  region: createRgbImage(32, 32),
  params: {} as DetectTask['params'],
};

test('only page tasks with a cross-page budget join others', () => {
  assert.equal(joinsOthers(read(1)), true);
  assert.equal(joinsOthers(classify(1)), true);
  assert.equal(joinsOthers(read(1, { params: CPU_RECOGNIZE_PARAMS })), false);
  assert.equal(joinsOthers({ ...classify(1), params: DEFAULT_CLASSIFY_PARAMS }), false);
  assert.equal(joinsOthers(detect), false);
});

test('waiting tasks join in queue order while their items fit the budget; one too large is skipped', () => {
  const fits = fitsBeside(read(4));
  const waiting: InferenceTask[] = [read(3), detect, classify(1), read(5), read(2), read(1)];
  // 4 + 3 = 7; detections and classifications never join a read; 7 + 5 would pass 10; 7 + 2 = 9; 9 + 1 = 10.
  assert.deepEqual(
    waiting.map((t) => fits(t)),
    [true, false, false, false, true, true],
  );
  const windows = fitsBeside(classify(6));
  assert.deepEqual(
    [classify(5), read(1), classify(4)].map((t) => windows(t)),
    [false, false, true],
  );
});

test('tasks of another pack or other settings never join', () => {
  const fits = fitsBeside(read(1));
  assert.equal(fits(read(1, { pack: 'korean' })), false);
  assert.equal(fits(read(1, { params: { ...GPU_RECOGNIZE_PARAMS, crossPageCrops: 10, maxBatch: 8 } })), false);
  assert.equal(fits(read(1)), true);
});

test('a joined task holds every page in order, and its results go back to the task each page came from', () => {
  const tasks = [read(2), read(1, { pages: [read(1).pages[0]!, { ...read(3).pages[0]!, upsideDown: true }] })];
  const joined = joinTasks(tasks);
  assert.equal(joined.kind, 'read');
  assert.deepEqual(
    joined.pages.map((p) => [p.crops.length, p.upsideDown]),
    [
      [2, false],
      [1, false],
      [3, true],
    ],
  );
  assert.deepEqual(splitResults(['a', 'b', 'c'], tasks), [['a'], ['b', 'c']]);
  const windows = joinTasks([classify(2), classify(3)]) as ClassifyTask;
  assert.deepEqual(
    windows.pages.map((p) => p.length),
    [2, 3],
  );
});
