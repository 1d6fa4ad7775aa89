import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { JobAccepted, JobView, ProblemDetails } from '@ocr-pool/contracts';
import { KEYS, StackFixture, form, json, png } from './stack-fixture.js';

/**
 * `GET /v1/jobs/{id}/annotated.png` on a real Redis with a worker process: drawn for the job's
 * tenant only, while the worker keeps the image after completion, and 410 once it is gone.
 */
let stack: StackFixture;
before(async () => {
  stack = await StackFixture.open({
    gatewayEnv: { API_KEYS: `alice:${KEYS.alice},bob:${KEYS.bob}` },
    workerEnv: { IMAGE_RETENTION_SECONDS: '120' },
  });
});
after(() => stack.close());

async function completedJob(): Promise<JobView> {
  const { id } = await json<JobAccepted>(
    await stack.request('/v1/jobs', {
      method: 'POST',
      key: KEYS.alice,
      body: form({ language: 'en' }, [{ field: 'image', bytes: await png(120, 60) }]),
    }),
  );
  const view = await json<JobView>(await stack.request(`/v1/jobs/${id}?wait=20`, { key: KEYS.alice }));
  assert.equal(view.status, 'completed');
  return view;
}

async function problem(res: Response, status: number, code: string): Promise<ProblemDetails> {
  assert.equal(res.status, status);
  assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
  const body = await json<ProblemDetails>(res);
  assert.equal(body.code, code);
  return body;
}

async function blobKeys(id: string): Promise<string[]> {
  return stack.redis.keys(`${stack.prefix}:ocr:blob:${id}:*`);
}

test("a completed job's annotated PNG is the image beside its text panel, kept with a TTL", async () => {
  const view = await completedJob();
  const res = await stack.request(`/v1/jobs/${view.id}/annotated.png`, { key: KEYS.alice });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'image/png');
  const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
  assert.ok(meta.width > 120, 'the panel is to the right of the image');
  assert.ok(meta.height >= 60);
  // The worker kept the image for the retention time instead of deleting it.
  const [key] = await blobKeys(view.id);
  assert.ok(key, 'the image is still in Redis');
  const ttl = await stack.redis.ttl(key);
  assert.ok(ttl > 0 && ttl <= 120, `ttl ${ttl}`);
});

test('a large image is drawn at most 2,000 px on its longest side, its boxes scaled with it', async () => {
  const { id } = await json<JobAccepted>(
    await stack.request('/v1/jobs', {
      method: 'POST',
      key: KEYS.alice,
      body: form({ language: 'en' }, [{ field: 'image', bytes: await png(5000, 2500) }]),
    }),
  );
  assert.equal(
    (await json<JobView>(await stack.request(`/v1/jobs/${id}?wait=20`, { key: KEYS.alice }))).status,
    'completed',
  );
  const res = await stack.request(`/v1/jobs/${id}/annotated.png`, { key: KEYS.alice });
  assert.equal(res.status, 200);
  const drawn = sharp(Buffer.from(await res.arrayBuffer()));
  const meta = await drawn.metadata();
  // 2000 x 1000 of image, the text panel beside it.
  assert.ok(meta.width > 2000 && meta.width < 2600, `drawn ${meta.width} px wide`);
  assert.equal(meta.height, 1000);
  // The fake engine's one box is the whole image: its right edge is drawn at x = 2000, not off the picture.
  const { data, info } = await drawn
    .clone()
    .extract({ left: 1990, top: 500, width: 10, height: 1 })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const coloured = [...Array(info.width).keys()].some((x) => {
    const [r, g, b] = [data[x * info.channels]!, data[x * info.channels + 1]!, data[x * info.channels + 2]!];
    return Math.max(r, g, b) - Math.min(r, g, b) > 60;
  });
  assert.ok(coloured, 'the box outline lies on the scaled image edge');
});

test("another tenant's job is not found, as on every job route", async () => {
  const view = await completedJob();
  await problem(await stack.request(`/v1/jobs/${view.id}/annotated.png`, { key: KEYS.bob }), 404, 'NOT_FOUND');
  await problem(await stack.request(`/v1/jobs/${view.id}/annotated.png`), 401, 'UNAUTHORIZED');
});

test('once the image is gone the drawing answers 410 IMAGE_EXPIRED, and the JSON result stays', async () => {
  const view = await completedJob();
  await stack.redis.del(...(await blobKeys(view.id)));
  const body = await problem(
    await stack.request(`/v1/jobs/${view.id}/annotated.png`, { key: KEYS.alice }),
    410,
    'IMAGE_EXPIRED',
  );
  assert.match(body.detail, /no longer kept/);
  assert.equal((await stack.request(`/v1/jobs/${view.id}`, { key: KEYS.alice })).status, 200);
});

test("a job whose data names another job's image draws nothing of that image", async () => {
  const mine = await completedJob();
  const other = await completedJob();
  const [otherKey] = await blobKeys(other.id);
  const jobKey = `${stack.prefix}:ocr:${mine.id}`;
  const data = JSON.parse((await stack.redis.hget(jobKey, 'data'))!) as Record<string, unknown>;
  await stack.redis.hset(jobKey, 'data', JSON.stringify({ ...data, blobKey: otherKey }));
  await problem(await stack.request(`/v1/jobs/${mine.id}/annotated.png`, { key: KEYS.alice }), 410, 'IMAGE_EXPIRED');
});

test('a job that has not completed answers 409 JOB_NOT_FINISHED, saying whether a result may still come', async () => {
  const idle = await StackFixture.open({ worker: 'none' });
  try {
    const { id } = await json<JobAccepted>(
      await idle.request('/v1/jobs', { method: 'POST', body: form({}, [{ field: 'image', bytes: await png() }]) }),
    );
    const body = await problem(await idle.request(`/v1/jobs/${id}/annotated.png`), 409, 'JOB_NOT_FINISHED');
    assert.match(body.detail, /is queued.*Poll GET/);
    // A job that ended without a result never will have one: no advice to poll for it.
    assert.equal((await idle.request(`/v1/jobs/${id}`, { method: 'DELETE' })).status, 200);
    const ended = await problem(await idle.request(`/v1/jobs/${id}/annotated.png`), 409, 'JOB_NOT_FINISHED');
    assert.match(ended.detail, /is cancelled \(CANCELLED\): it has no result to draw, and never will/);
    assert.doesNotMatch(ended.detail, /Poll/);
  } finally {
    await idle.close();
  }
});
