import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OcrError } from '@ocr-pool/contracts';
import { DrawingGate } from './drawing-gate.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

test('runs at most maxRunning drawings at once, queues maxWaiting more and refuses the rest with a retry hint', async () => {
  const gate = new DrawingGate(2, 1);
  let inFlight = 0;
  let most = 0;
  const releases = [deferred(), deferred(), deferred()];
  const draw = (i: number) => async () => {
    inFlight++;
    most = Math.max(most, inFlight);
    await releases[i]!.promise;
    inFlight--;
    return i;
  };
  const runs = [0, 1, 2].map((i) => gate.run(draw(i)));
  await assert.rejects(
    gate.run(() => Promise.resolve(-1)),
    (e: unknown) => e instanceof OcrError && e.code === 'UNAVAILABLE' && e.details.retry_after_seconds === 1,
  );
  releases.forEach((r) => r.resolve());
  assert.deepEqual(await Promise.all(runs), [0, 1, 2]);
  assert.equal(most, 2);
  // Every slot came back: two more run at once again.
  const again = [deferred(), deferred()];
  const both = [0, 1].map((i) => gate.run(async () => again[i]!.promise));
  again.forEach((r) => r.resolve());
  await Promise.all(both);
});

test('a drawing that fails gives its slot back', async () => {
  const gate = new DrawingGate(1, 0);
  await assert.rejects(
    gate.run(() => Promise.reject(new Error('bad image'))),
    /bad image/,
  );
  assert.equal(await gate.run(() => Promise.resolve(7)), 7);
});
