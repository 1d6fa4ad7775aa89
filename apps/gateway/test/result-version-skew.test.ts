import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'bullmq';
import { type JobAccepted, type JobView, type ProblemDetails, QUEUE_NAME } from '@ocr-pool/contracts';
import { StackFixture, form, json, png } from './stack-fixture.js';

/**
 * A worker of another version (here: a BullMQ worker returning last year's result shape) during a
 * rolling update: the gateway reads the result against the contract, so the client gets a failed
 * job with a reason naming the field instead of a half-formed result, on the async and sync paths.
 */
test('a result the gateway cannot read fails the job with INTERNAL_ERROR naming the field; nothing half-formed reaches the client', async () => {
  const stack = await StackFixture.open({ worker: 'none', gatewayEnv: { SYNC_TIMEOUT_MS: '10000' } });
  const connection = stack.redis.duplicate({ maxRetriesPerRequest: null });
  const oldWorker = new Worker(QUEUE_NAME, () => Promise.resolve({ text: 'old shape', confidence: 0.9 }), {
    connection,
    prefix: stack.prefix,
  });
  try {
    const { id } = await json<JobAccepted>(
      await stack.request('/v1/jobs', { method: 'POST', body: form({}, [{ field: 'image', bytes: await png(61) }]) }),
    );
    const view = await json<JobView>(await stack.request(`/v1/jobs/${id}?wait=10`));
    assert.equal(view.status, 'failed');
    assert.equal(view.result, undefined);
    assert.equal(view.error?.code, 'INTERNAL_ERROR');
    assert.match(view.error?.message ?? '', /could not be read \(overall_confidence: .*different versions/);

    const sync = await stack.request('/extract_text', {
      method: 'POST',
      body: form({ language: 'en' }, [{ field: 'image', bytes: await png(62) }]),
    });
    assert.equal(sync.status, 500);
    const problem = await json<ProblemDetails>(sync);
    assert.equal(problem.code, 'INTERNAL_ERROR');
    assert.match(problem.detail, /text_boxes/);
  } finally {
    await oldWorker.close();
    await connection.quit();
    await stack.close();
  }
});
