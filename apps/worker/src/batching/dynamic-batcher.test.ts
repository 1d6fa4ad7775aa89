import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DynamicBatcher } from './dynamic-batcher.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function batcher(options: {
  maxSize?: number;
  maxWaitMs?: number;
  maxInFlight?: number;
  more?: () => boolean;
  runMs?: number;
  fail?: boolean;
}) {
  const batches: number[][] = [];
  const b = new DynamicBatcher<number, string>({
    maxSize: options.maxSize ?? 4,
    maxWaitMs: options.maxWaitMs ?? 20,
    maxInFlight: options.maxInFlight ?? 1,
    moreWaiting: () => Promise.resolve(options.more?.() ?? false),
    run: async (items) => {
      batches.push(items);
      await sleep(options.runMs ?? 10);
      if (options.fail) throw new Error('engine down');
      return items.map((i) => `r${i}`);
    },
  });
  return { b, batches };
}

test('a lone item runs at once when nothing else is waiting', async () => {
  const { b, batches } = batcher({ maxWaitMs: 10_000 });
  const started = Date.now();
  assert.equal(await b.submit(1), 'r1');
  assert.ok(Date.now() - started < 1000);
  assert.deepEqual(batches, [[1]]);
});

test('an idle engine takes the first item at once; the items behind it form batches up to maxSize', async () => {
  const { b, batches } = batcher({ maxSize: 3 });
  const results = await Promise.all([1, 2, 3, 4, 5].map((i) => b.submit(i)));
  assert.deepEqual(results, ['r1', 'r2', 'r3', 'r4', 'r5']);
  assert.deepEqual(batches, [[1], [2, 3, 4], [5]]);
});

test('items arriving while a batch runs gather into the next batch', async () => {
  const { b, batches } = batcher({ maxSize: 8, runMs: 40 });
  const first = b.submit(1);
  await sleep(10);
  const rest = [2, 3, 4, 5].map((i) => b.submit(i));
  await Promise.all([first, ...rest]);
  assert.deepEqual(batches, [[1], [2, 3, 4, 5]]);
});

test('while a batch runs and more jobs wait in the queue, the next batch waits up to maxWaitMs to fill', async () => {
  const { b, batches } = batcher({ maxSize: 4, maxWaitMs: 50, maxInFlight: 2, runMs: 200, more: () => true });
  const first = b.submit(1);
  await sleep(5);
  const second = b.submit(2);
  await sleep(15);
  const third = b.submit(3);
  await Promise.all([first, second, third]);
  assert.deepEqual(batches, [[1], [2, 3]]);
});

test('while a batch runs and nothing else waits, a new item goes at once', async () => {
  const { b, batches } = batcher({ maxSize: 4, maxWaitMs: 10_000, maxInFlight: 2, runMs: 100, more: () => false });
  const first = b.submit(1);
  await sleep(5);
  const started = Date.now();
  await b.submit(2);
  assert.ok(Date.now() - started < 1000);
  await first;
  assert.deepEqual(batches, [[1], [2]]);
});

test('a failed batch rejects its own items only, and the batcher keeps going', async () => {
  let fail = true;
  const b = new DynamicBatcher<number, number>({
    maxSize: 2,
    maxWaitMs: 5,
    maxInFlight: 1,
    moreWaiting: () => Promise.resolve(false),
    run: (items) => (fail ? Promise.reject(new Error('boom')) : Promise.resolve(items)),
  });
  await assert.rejects(b.submit(1), /boom/);
  fail = false;
  assert.equal(await b.submit(2), 2);
});

test('when a whole batch throws, each item runs alone: only the item that crashes it fails', async () => {
  const batches: number[][] = [];
  const isolated: number[] = [];
  const b = new DynamicBatcher<number, string>({
    maxSize: 4,
    maxWaitMs: 5,
    maxInFlight: 1,
    moreWaiting: () => Promise.resolve(false),
    onIsolate: (size) => isolated.push(size),
    run: async (items) => {
      batches.push(items);
      await sleep(5);
      if (items.includes(13)) throw new Error('model crashed');
      return items.map((i) => `r${i}`);
    },
  });
  const first = b.submit(0);
  const rest = [11, 12, 13, 14].map((i) => b.submit(i).catch((error: Error) => error.message));
  assert.equal(await first, 'r0');
  assert.deepEqual(await Promise.all(rest), ['r11', 'r12', 'model crashed', 'r14']);
  assert.deepEqual(batches, [[0], [11, 12, 13, 14], [11], [12], [13], [14]]);
  assert.deepEqual(isolated, [4]);
});

test('idle() resolves once everything in hand has finished', async () => {
  const { b } = batcher({ runMs: 30 });
  const pending = [b.submit(1), b.submit(2)];
  await b.idle();
  assert.equal(b.queued + b.running, 0);
  await Promise.all(pending);
});
