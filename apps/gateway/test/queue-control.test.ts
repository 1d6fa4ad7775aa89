import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import { type JobAccepted, type JobView, type OcrResult, type ProblemDetails, QUEUE_NAME } from '@ocr-pool/contracts';
import { StackFixture, form, json, png } from './stack-fixture.js';

/**
 * Queue behaviour the gateway controls, checked with no worker running (jobs stay queued until a
 * test starts one): cancelling, the depth limit, sync deadlines and sync priority.
 */
let stack: StackFixture;
before(async () => {
  stack = await StackFixture.open({
    worker: 'none',
    gatewayEnv: { MAX_QUEUE_DEPTH: '6', SYNC_TIMEOUT_MS: '400', QUEUE_FULL_RETRY_AFTER_SECONDS: '7' },
  });
});
after(() => stack.close());

const submit = async (width: number, fields: Record<string, string> = {}): Promise<Response> =>
  stack.request('/v1/jobs', { method: 'POST', body: form(fields, [{ field: 'image', bytes: await png(width, 20) }]) });

const queued = (): Promise<number> => {
  const queue = new Queue(QUEUE_NAME, { connection: stack.redis, prefix: stack.prefix });
  return queue.getJobCounts('waiting', 'prioritized').then((c) => (c.waiting ?? 0) + (c.prioritized ?? 0));
};

test('DELETE cancels a queued job: it reads as cancelled afterwards and its image is gone', async () => {
  const { id } = await json<JobAccepted>(await submit(80));
  const res = await stack.request(`/v1/jobs/${id}`, { method: 'DELETE' });
  assert.equal(res.status, 200);
  assert.equal((await json<JobView>(res)).status, 'cancelled');
  const view = await json<JobView>(await stack.request(`/v1/jobs/${id}`));
  assert.equal(view.status, 'cancelled');
  assert.equal(view.error?.code, 'CANCELLED');
  assert.deepEqual(await stack.redis.keys(`${stack.prefix}:ocr:blob:${id}:*`), []);
});

test('long-polling a job that stays queued returns its status when the wait is over', async () => {
  const { id } = await json<JobAccepted>(await submit(81));
  const started = Date.now();
  const view = await json<JobView>(await stack.request(`/v1/jobs/${id}?wait=1`));
  assert.equal(view.status, 'queued');
  assert.ok(Date.now() - started >= 900);
  await stack.request(`/v1/jobs/${id}`, { method: 'DELETE' });
});

test('thirty long polls at once on one job all answer, and Node prints no listener-leak warning', async () => {
  const { id } = await json<JobAccepted>(await submit(82));
  const warnings: string[] = [];
  const onWarning = (warning: Error): number => warnings.push(`${warning.name}: ${warning.message}`);
  process.on('warning', onWarning);
  try {
    const views = await Promise.all(
      Array.from({ length: 30 }, () => stack.request(`/v1/jobs/${id}?wait=1`).then((r) => json<JobView>(r))),
    );
    assert.deepEqual(new Set(views.map((v) => v.status)), new Set(['queued']));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(warnings, []);
  } finally {
    process.off('warning', onWarning);
    await stack.request(`/v1/jobs/${id}`, { method: 'DELETE' });
  }
});

test('a sync call whose deadline passes while its job waits gets 504, and the job is removed', async () => {
  const res = await stack.request('/extract_text', {
    method: 'POST',
    body: form({ language: 'en' }, [{ field: 'image', bytes: await png(82, 20) }]),
  });
  assert.equal(res.status, 504);
  const body = await json<ProblemDetails>(res);
  assert.equal(body.code, 'TIMEOUT');
  assert.match(body.detail, /removed from the queue/);
  assert.equal(await stack.redis.exists(`${stack.prefix}:ocr:${body.job_id}`), 0);
  assert.equal((await json<JobView>(await stack.request(`/v1/jobs/${body.job_id}`))).status, 'cancelled');
});

test('over MAX_QUEUE_DEPTH submits get 429 with Retry-After, and nothing is queued for them', async () => {
  const accepted: string[] = [];
  let refused: Response | undefined;
  for (let i = 0; i < 10 && !refused; i++) {
    const res = await submit(90 + i);
    if (res.status === 202) accepted.push((await json<JobAccepted>(res)).id);
    else refused = res;
    await new Promise((r) => setTimeout(r, 300)); // past the depth cache
  }
  assert.ok(refused, 'a submit was refused');
  assert.equal(refused.status, 429);
  assert.equal(refused.headers.get('retry-after'), '7');
  assert.equal((await json<ProblemDetails>(refused)).code, 'QUEUE_FULL');
  assert.equal(await queued(), accepted.length);
  for (const id of accepted) await stack.request(`/v1/jobs/${id}`, { method: 'DELETE' });
});

test('sync calls go ahead of queued async jobs', async () => {
  const own = await StackFixture.open({ worker: 'none', gatewayEnv: { SYNC_TIMEOUT_MS: '30000' } });
  try {
    const post = async (path: string, width: number) =>
      own.request(path, {
        method: 'POST',
        body: form({ language: 'en' }, [{ field: 'image', bytes: await png(width, 20) }]),
      });
    const asyncIds: string[] = [];
    for (let i = 0; i < 3; i++) asyncIds.push((await json<JobAccepted>(await post('/v1/jobs', 100 + i))).id);
    const sync = post('/extract_text', 110);
    await new Promise((r) => setTimeout(r, 200));
    // One job at a time, so the order in which the worker takes them shows.
    await own.startWorker('fake', {
      BATCH_MAX_SIZE: '1',
      BATCH_MAX_IN_FLIGHT: '1',
      WORKER_CONCURRENCY: '1',
      OCR_FAKE_DELAY_MS: '150',
    });
    const response = await sync;
    const answeredAt = Date.now();
    assert.equal(response.status, 200);
    assert.match((await json<OcrResult>(response)).text, /^fake 110x20 /);
    const views = await Promise.all(
      asyncIds.map(async (id) => json<JobView>(await own.request(`/v1/jobs/${id}?wait=10`))),
    );
    for (const view of views)
      assert.ok(
        Date.parse(view.finished_at!) > answeredAt - 50,
        `async job ${view.id} finished before the sync call was answered`,
      );
  } finally {
    await own.close();
  }
});
