import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRgbImage } from '../image/rgb-image.js';
import type { ModelRunner } from '../runtime/model-runner.js';
import { BatchCounter } from '../runtime/inference-usage.js';
import {
  CLS_HEIGHT,
  CLS_WIDTH,
  DEFAULT_CLASSIFY_PARAMS,
  averageByLine,
  classifyLines,
  classifyWindows,
  sampleWindows,
} from './classify-lines.js';

/** A classifier stand-in: "180 degrees" with probability 0.1 x (1 + position in its batch). */
const stepRunner: ModelRunner = {
  run(_input, dims) {
    const batch = dims[0]!;
    const data = new Float32Array(batch * 2);
    for (let i = 0; i < batch; i++) data[i * 2 + 1] = 0.1 * (i + 1);
    return Promise.resolve({ data, dims: [batch, 2] });
  },
  release: () => Promise.resolve(),
};

test('windows: a short line is one window; a long one up to three spread along it; the page has a cap', () => {
  const crops = [createRgbImage(100, CLS_HEIGHT), createRgbImage(1000, CLS_HEIGHT), createRgbImage(300, CLS_HEIGHT)];
  const windows = sampleWindows(crops, DEFAULT_CLASSIFY_PARAMS);
  // Widest lines first: 1000 px gives 3 windows, 300 px 1, 100 px itself.
  assert.deepEqual(
    windows.map((w) => [w.line, w.image.width]),
    [
      [1, CLS_WIDTH],
      [1, CLS_WIDTH],
      [1, CLS_WIDTH],
      [2, CLS_WIDTH],
      [0, 100],
    ],
  );
  const capped = sampleWindows(crops, { ...DEFAULT_CLASSIFY_PARAMS, maxWindowsPerPage: 2 });
  assert.deepEqual(
    capped.map((w) => w.line),
    [1, 1],
  );
});

test('windows run in batches of batchSize, each call counted; lines average their windows', async () => {
  const batches = new BatchCounter();
  const windows = Array.from({ length: 5 }, () => createRgbImage(CLS_WIDTH, CLS_HEIGHT));
  const p180 = await classifyWindows(stepRunner, windows, 2, batches);
  assert.deepEqual(
    p180.map((p) => p.toFixed(1)),
    ['0.1', '0.2', '0.1', '0.2', '0.1'],
  );
  assert.deepEqual([batches.runs, batches.items], [3, 5]);
  const lines = averageByLine(
    [0, 0, 2, 2, 2].map((line, i) => ({ line, image: windows[i]! })),
    [0.2, 0.4, 0.9, 0.6, 0.3],
    3,
  );
  assert.deepEqual(
    lines.map((p) => p?.toFixed(2)),
    ['0.30', undefined, '0.60'],
  );
});

test('classifyLines is sampling, batches and averaging in one', async () => {
  const crops = [createRgbImage(100, CLS_HEIGHT), createRgbImage(150, CLS_HEIGHT)];
  const p180 = await classifyLines(stepRunner, crops, DEFAULT_CLASSIFY_PARAMS);
  // Widest first: line 1 is window 0 (0.1), line 0 window 1 (0.2).
  assert.deepEqual(
    p180.map((p) => p?.toFixed(1)),
    ['0.2', '0.1'],
  );
});
