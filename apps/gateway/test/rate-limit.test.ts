import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { status, type ServiceError } from '@grpc/grpc-js';
import { type JobAccepted, type ProblemDetails, ocrMetadata } from '@ocr-pool/contracts';
import { Queue } from 'bullmq';
import { JobQueue } from '../src/repositories/job-queue.js';
import { QUEUE_NAME } from '@ocr-pool/contracts';
import { KEYS, StackFixture, form, json, png } from './stack-fixture.js';

/**
 * Per-key submission limits: one token bucket per tenant in Redis, shared by HTTP and gRPC (and by
 * every gateway replica). No worker runs, so nothing but the limiter can refuse a submission here.
 */
const CAROL = 'carol-key-0123456789abcdef';
const DAVE = 'dave-key-0123456789abcdefg';
let stack: StackFixture;
before(async () => {
  stack = await StackFixture.open({
    worker: 'none',
    gatewayEnv: {
      API_KEYS: `alice:${KEYS.alice},bob:${KEYS.bob},carol:${CAROL},dave:${DAVE}`,
      RATE_LIMIT_PER_SECOND: '1',
      RATE_LIMIT_BURST: '3',
      MAX_BATCH_FILES: '3',
    },
  });
});
after(() => stack.close());

const submit = async (key: string, width: number): Promise<Response> =>
  stack.request('/v1/jobs', { method: 'POST', key, body: form({}, [{ field: 'image', bytes: await png(width, 20) }]) });

test('a key over its burst gets 429 RATE_LIMITED with Retry-After; another key is not held back', async () => {
  for (let i = 0; i < 3; i++) assert.equal((await submit(KEYS.alice, 40 + i)).status, 202);
  const refused = await submit(KEYS.alice, 50);
  assert.equal(refused.status, 429);
  assert.equal(refused.headers.get('retry-after'), '1');
  const problem = await json<ProblemDetails>(refused);
  assert.equal(problem.code, 'RATE_LIMITED');
  assert.match(problem.detail, /1 images per second \(bursts of 3\)\. Retry in 1 s\./);

  assert.equal((await submit(KEYS.bob, 60)).status, 202);
});

test('a batch takes one token per image, and gRPC submissions draw from the same bucket', async () => {
  const batch = await stack.request('/v1/batches', {
    method: 'POST',
    key: KEYS.bob,
    body: form({}, await Promise.all([70, 71].map(async (w) => ({ field: 'images', bytes: await png(w, 20) })))),
  });
  assert.equal(batch.status, 202, await batch.clone().text());
  const client = stack.grpc();
  const error = await client
    .submitJob({ image: { data: await png(72, 20), filename: 'p.png' } }, ocrMetadata(KEYS.bob))
    .then(
      () => undefined,
      (e: unknown) => e as ServiceError,
    );
  assert.equal(error?.code, status.RESOURCE_EXHAUSTED);
  assert.equal(error?.metadata.get('ocr-error-code')[0], 'RATE_LIMITED');
  assert.equal(error?.metadata.get('retry-after-seconds')[0], '1');
});

test('the bucket refills at its rate: a refused key is accepted again after Retry-After', async () => {
  let refused: Response | undefined;
  for (let i = 0; i < 5 && !refused; i++) {
    const res = await submit(KEYS.alice, 80 + i);
    if (res.status === 429) refused = res;
  }
  assert.ok(refused, 'the key was never refused');
  const retryAfter = Number(refused.headers.get('retry-after'));
  await new Promise((resolve) => setTimeout(resolve, retryAfter * 1_000 + 50));
  const accepted = await submit(KEYS.alice, 90);
  assert.equal(accepted.status, 202);
  assert.ok((await json<JobAccepted>(accepted)).id);
});

test('/extract_text_batch over the tokens left is refused as a whole, with no image queued', async () => {
  const queue = new Queue(QUEUE_NAME, { connection: { url: stack.handle.url }, prefix: stack.prefix });
  try {
    const queued = async () =>
      Object.values(await queue.getJobCounts('waiting', 'prioritized')).reduce((a, b) => a + b, 0);
    assert.equal((await submit(CAROL, 100)).status, 202);
    const before = await queued();
    const batch = await stack.request('/extract_text_batch', {
      method: 'POST',
      key: CAROL,
      body: form(
        { language: 'en' },
        await Promise.all([101, 102, 103].map(async (w) => ({ field: 'images', bytes: await png(w, 20) }))),
      ),
    });
    assert.equal(batch.status, 429, await batch.clone().text());
    assert.equal((await json<ProblemDetails>(batch)).code, 'RATE_LIMITED');
    assert.equal(await queued(), before);
  } finally {
    await queue.close();
  }
});

test('a batch whose second add fails is refused whole: the image already queued is withdrawn', async () => {
  const queue = new Queue(QUEUE_NAME, { connection: { url: stack.handle.url }, prefix: stack.prefix });
  const add = Object.getOwnPropertyDescriptor(JobQueue.prototype, 'add')!.value as JobQueue['add'];
  let adds = 0;
  JobQueue.prototype.add = function (this: JobQueue, ...args: Parameters<JobQueue['add']>) {
    // The first add goes through; the second finds Redis not answering.
    return ++adds === 2 ? Promise.reject(new Error('Command timed out')) : add.apply(this, args);
  };
  try {
    const queued = async () =>
      Object.values(await queue.getJobCounts('waiting', 'prioritized')).reduce((a, b) => a + b, 0);
    const before = await queued();
    const batch = await stack.request('/v1/batches', {
      method: 'POST',
      key: DAVE,
      body: form({}, await Promise.all([110, 111].map(async (w) => ({ field: 'images', bytes: await png(w, 20) })))),
    });
    assert.equal(batch.status, 503, await batch.clone().text());
    assert.equal(adds, 2);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await queued(), before);
  } finally {
    JobQueue.prototype.add = add;
    await queue.close();
  }
});
