import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { ErrorCodes, type JobView, RedisKeys } from '@ocr-pool/contracts';
import { FaultStack } from '../src/fault-stack.js';
import { fakeImages } from '../src/fake-images.js';
import { sleep } from '@ocr-pool/dev';

/**
 * A job whose image is gone by the time a worker reaches it (its TTL ran out while the queue was
 * long, or someone deleted it) fails at once with BLOB_MISSING and a message saying to submit
 * again: it never hangs, and it is not retried. Three rounds: expired before any worker ran,
 * deleted by hand, and expired behind a slow queue while earlier jobs completed.
 */

function assertBlobMissing(view: JobView): void {
  assert.equal(view.status, 'failed');
  assert.equal(view.error?.code, ErrorCodes.BLOB_MISSING);
  assert.match(view.error?.message ?? '', /no longer stored.*Submit it again/);
  assert.equal(view.attempts, 1, 'a missing image is not retried');
}

test('round 1: an image whose TTL ran out before any worker started fails with BLOB_MISSING', async () => {
  const [image] = await fakeImages(1, 50);
  const stack = await FaultStack.start({ workers: 0, gatewayEnv: { BLOB_TTL_SECONDS: '1' } });
  try {
    const id = await stack.submit(image!);
    await sleep(2_200);
    await stack.startWorker();
    assertBlobMissing(await stack.ended(id, 5_000));
  } finally {
    await stack.stop();
  }
});

test('round 2: an image deleted from Redis while its job waited fails with BLOB_MISSING', async () => {
  const images = await fakeImages(2, 51);
  const stack = await FaultStack.start({ workers: 0 });
  let redis: Redis | undefined;
  try {
    redis = new Redis(stack.redis.url);
    const [gone, kept] = await Promise.all(images.map((image) => stack.submit(image)));
    assert.equal((await redis.keys(`${stack.prefix}:ocr:blob:*`)).length, 2);
    const goneBlob = new RedisKeys(stack.prefix).blob(gone!, images[0]!.digest);
    assert.equal(await redis.del(goneBlob), 1, 'the image is stored under its job id');
    await stack.startWorker();
    assertBlobMissing(await stack.ended(gone!, 5_000));
    const other = await stack.ended(kept!, 5_000);
    assert.equal(other.status, 'completed');
    assert.equal(other.result?.text, images[1]!.expectedText);
  } finally {
    redis?.disconnect();
    await stack.stop();
  }
});

test('round 3: behind a slow queue, images that expire fail with BLOB_MISSING while the ones reached in time complete', async () => {
  const images = await fakeImages(6, 52);
  const stack = await FaultStack.start({
    workers: 1,
    workerEnv: { OCR_FAKE_DELAY_MS: '700', BATCH_MAX_SIZE: '1', BATCH_MAX_IN_FLIGHT: '1', WORKER_CONCURRENCY: '1' },
    gatewayEnv: { BLOB_TTL_SECONDS: '2' },
  });
  try {
    const ids: string[] = [];
    for (const image of images) ids.push(await stack.submit(image));
    const views = await Promise.all(ids.map((id) => stack.ended(id, 15_000)));
    const completed = views.filter((v) => v.status === 'completed');
    const missing = views.filter((v) => v.status === 'failed');
    assert.ok(completed.length >= 1, 'the first job is reached before its image expires');
    assert.ok(missing.length >= 1, `every image was reached in time: ${views.map((v) => v.status).join(',')}`);
    missing.forEach(assertBlobMissing);
    for (const v of completed) assert.equal(v.result?.text, images[ids.indexOf(v.id)]!.expectedText);
  } finally {
    await stack.stop();
  }
});
