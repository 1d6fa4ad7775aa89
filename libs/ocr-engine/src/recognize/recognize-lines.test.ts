import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelRunner, TensorOutput } from '../runtime/model-runner.js';
import { createRgbImage } from '../image/rgb-image.js';
import { CharDictionary } from './char-dictionary.js';
import { BatchCounter } from '../runtime/inference-usage.js';
import { CPU_RECOGNIZE_PARAMS, GPU_RECOGNIZE_PARAMS, recognizeLines } from './recognize-lines.js';

/** A recogniser stand-in that records the input shapes and "reads" class 1 at step 0. */
class RecordingRunner implements ModelRunner {
  readonly calls: number[][] = [];
  constructor(private readonly classes: number) {}
  run(_input: Float32Array, dims: readonly number[]): Promise<TensorOutput> {
    this.calls.push([...dims]);
    const [batch, , , width] = dims as [number, number, number, number];
    const steps = width / 8;
    const data = new Float32Array(batch * steps * this.classes);
    for (let b = 0; b < batch; b++)
      for (let t = 0; t < steps; t++) data[(b * steps + t) * this.classes + (t === 0 ? 1 : 0)] = 1;
    return Promise.resolve({ data, dims: [batch, steps, this.classes] });
  }
  release(): Promise<void> {
    return Promise.resolve();
  }
}

const dict = CharDictionary.parse('x\n', true);
const crops = [100, 420, 104, 300, 96].map((w) => createRgbImage(w, 48));

test('on CPU every crop runs alone at its natural width, padded to a whole time step', async () => {
  const runner = new RecordingRunner(dict.classCount);
  const lines = await recognizeLines(runner, crops, dict, CPU_RECOGNIZE_PARAMS);
  assert.deepEqual(
    runner.calls.map((d) => [d[0], d[3]]),
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
  const runner = new RecordingRunner(dict.classCount);
  const lines = await recognizeLines(runner, crops, dict, GPU_RECOGNIZE_PARAMS);
  // 96, 100, 104 within 1.5x of 96; 300 and 420 within 1.5x of 300.
  assert.deepEqual(
    runner.calls.map((d) => [d[0], d[3]]),
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
  const runner: ModelRunner = {
    run(_input, dims) {
      const [batch, , , width] = dims as [number, number, number, number];
      const steps = width / 8;
      const data = new Float32Array(batch * steps * xy.classCount);
      for (let b = 0; b < batch; b++) {
        data[b * steps * xy.classCount + 1] = 0.45;
        data[b * steps * xy.classCount + 2] = 0.35;
      }
      return Promise.resolve({ data, dims: [batch, steps, xy.classCount] });
    },
    release: () => Promise.resolve(),
  };
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
