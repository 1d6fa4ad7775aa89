import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readWorkerConfig } from './config.js';

test('the batch size defaults to the CPU shape unless CUDA is asked for by name', () => {
  const batchFor = (device: string) =>
    readWorkerConfig({ OCR_DEVICE: device, OCR_INFERENCE_THREADS: '2' }).batch.maxSize;
  assert.equal(batchFor('cpu'), 4);
  // auto may fall back to the CPU: a GPU batch there would hold jobs the CPU reads one by one.
  assert.equal(batchFor('auto'), 4);
  assert.equal(batchFor('cuda'), 16);
});
