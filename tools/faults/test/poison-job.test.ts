import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes } from '@ocr-pool/contracts';
import { FaultStack } from '../src/fault-stack.js';
import { fakeImages } from '../src/fake-images.js';
import { parseSamples, sample, until } from '@ocr-pool/dev';

/**
 * A poison image (one that makes the model run throw, taking its whole batch with it) fails with
 * its reason after all its attempts; its batchmates complete on their first attempt, not held back
 * or retried for its sake. Three rounds: batches of other sizes, the poison at other places.
 */
const ROUNDS = [
  { batch: 2, poisonAt: 0 },
  { batch: 4, poisonAt: 2 },
  { batch: 8, poisonAt: 7 },
];
const ATTEMPTS = 3;

for (const [i, round] of ROUNDS.entries()) {
  test(`round ${i + 1}: a poison image in a batch of ${round.batch} fails alone with its reason; the others complete once`, async () => {
    const [blocker, ...images] = await fakeImages(round.batch + 1, 40 + i);
    const poison = images[round.poisonAt]!;
    const stack = await FaultStack.start({
      workers: 1,
      workerEnv: {
        OCR_FAKE_DELAY_MS: '300',
        BATCH_MAX_SIZE: String(round.batch),
        BATCH_MAX_IN_FLIGHT: '1',
        OCR_FAKE_CRASH_ON: poison.digest.slice(0, 16),
      },
      gatewayEnv: { JOB_ATTEMPTS: String(ATTEMPTS), JOB_RETRY_BACKOFF_MS: '200' },
    });
    try {
      // The blocker keeps the engine busy, so the images behind it gather into one batch.
      const blockerId = await stack.submit(blocker!);
      stack.ledger.accept(blockerId, blocker!.expectedText);
      await until(() => Promise.resolve(stack.workerLines('"job started"').length), 1, 5_000, 10);
      const ids = await Promise.all(images.map((image) => stack.submit(image)));
      ids.forEach((id, k) => k !== round.poisonAt && stack.ledger.accept(id, images[k]!.expectedText));
      const poisonId = ids[round.poisonAt]!;

      const report = await stack.ledger.settle((id) => stack.view(id), 30_000);
      assert.deepEqual(report.lost, []);
      assert.deepEqual(report.wrongResult, []);
      assert.deepEqual(report.failed, []);
      assert.equal(report.completed, round.batch);
      for (const id of stack.ledger.ids) assert.equal((await stack.view(id))!.attempts, 1, `job ${id} was retried`);

      const poisoned = await stack.ended(poisonId, 10_000);
      assert.equal(poisoned.status, 'failed');
      assert.equal(poisoned.error?.code, ErrorCodes.ENGINE_FAILURE);
      assert.match(poisoned.error?.message ?? '', /simulated model crash/);
      assert.equal(poisoned.attempts, ATTEMPTS);
      // Every round's batch holds the poison and at least one other image.
      assert.ok(stack.workerLines('running its images one by one').length >= 1);
      const metrics = await (await fetch(`${stack.workers[0]!.url}/metrics`)).text();
      const splits = sample(parseSamples(metrics), 'ocr_worker_batch_splits_total');
      assert.ok(splits >= 1, `ocr_worker_batch_splits_total is ${splits}`);
      assert.deepEqual(stack.completedTwice(), []);
    } finally {
      await stack.stop();
    }
  });
}
