import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecogniserRunner } from '../runtime/model-runner.js';
import { summariseSoftmax, type CtcSteps } from './ctc-steps.js';
import { createRgbImage } from '../image/rgb-image.js';
import { CharDictionary } from './char-dictionary.js';
import { BatchCounter } from '../runtime/inference-usage.js';
import { CPU_RECOGNIZE_PARAMS, GPU_RECOGNIZE_PARAMS, recognizeLines } from './recognize-lines.js';

/**
 * A recogniser stand-in: `softmax` fills each line's probabilities (`steps x classes`); the summary
 * is taken as the model's graph takes it, under the `allowed` classes it was given.
 */
function softmaxRunner(
  dict: CharDictionary,
  softmax: (line: Float32Array, steps: number) => void,
  calls: number[][] = [],
): RecogniserRunner {
  const classes = dict.classCount;
  return {
    read(_input: Float32Array, dims: readonly number[], allowed: Float32Array): Promise<CtcSteps> {
      calls.push([...dims]);
      const [batch, , , width] = dims as [number, number, number, number];
      const steps = width / 8;
      const data = new Float32Array(batch * steps * classes);
      for (let b = 0; b < batch; b++) softmax(data.subarray(b * steps * classes, (b + 1) * steps * classes), steps);
      const masks = Array.from({ length: batch }, (_, b) =>
        Uint8Array.from(allowed.subarray(b * classes, (b + 1) * classes)),
      );
      return Promise.resolve(summariseSoftmax(data, [batch, steps, classes], dict.spaceIndex, [], masks));
    },
    release: () => Promise.resolve(),
  };
}

/** Records the input shapes and "reads" class 1 at step 0. */
function recordingRunner(calls: number[][]): RecogniserRunner {
  return softmaxRunner(
    dict,
    (line, steps) => {
      for (let t = 0; t < steps; t++) line[t * dict.classCount + (t === 0 ? 1 : 0)] = 1;
    },
    calls,
  );
}

const dict = CharDictionary.parse('x\n', true);
const crops = [100, 420, 104, 300, 96].map((w) => createRgbImage(w, 48));

test('on CPU every crop runs alone at its natural width, padded to a whole time step', async () => {
  const calls: number[][] = [];
  const lines = await recognizeLines(recordingRunner(calls), crops, dict, CPU_RECOGNIZE_PARAMS);
  assert.deepEqual(
    calls.map((d) => [d[0], d[3]]),
    [
      [1, 96],
      [1, 104],
      [1, 104],
      [1, 304],
      [1, 424],
    ],
  );
  assert.deepEqual(
    lines.map((l) => l.chars.map((c) => c.char).join('')),
    ['x', 'x', 'x', 'x', 'x'],
  );
});

test('on GPU crops of similar width share a padded batch; results come back in input order', async () => {
  const calls: number[][] = [];
  const lines = await recognizeLines(recordingRunner(calls), crops, dict, GPU_RECOGNIZE_PARAMS);
  // 96, 100, 104 within 1.5x of 96; 300 and 420 within 1.5x of 300.
  assert.deepEqual(
    calls.map((d) => [d[0], d[3]]),
    [
      [3, 104],
      [2, 424],
    ],
  );
  assert.equal(lines.length, crops.length);
});

test('each crop decodes under its own page language mask, and every model call is counted', async () => {
  const xy = CharDictionary.parse('x\ny\n', true);
  // Step 0 reads "x" at 0.45 and "y" at 0.35: "x" wins unless the crop's language forbids it.
  const runner = softmaxRunner(xy, (line) => {
    line[1] = 0.45;
    line[2] = 0.35;
  });
  const noX = new Uint8Array(xy.classCount).fill(1);
  noX[1] = 0;
  const batches = new BatchCounter();
  const lines = await recognizeLines(runner, crops.slice(0, 3), xy, GPU_RECOGNIZE_PARAMS, {
    masks: [undefined, noX, undefined],
    batches,
  });
  assert.deepEqual(
    lines.map((l) => l.chars.map((c) => c.char).join('')),
    ['x', 'y', 'x'],
  );
  // 100, 420 and 104 px: two batches (96-104 and 420), three lines.
  assert.deepEqual([batches.runs, batches.items], [2, 3]);
});
