import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { pino } from 'pino';
import sharp from 'sharp';
import type {
  BatchAccepted,
  BatchView,
  JobAccepted,
  JobView,
  LanguagesResponse,
  LegacyBatchResponse,
  OcrResult,
  ProblemDetails,
} from '@ocr-pool/contracts';
import { JobQueue } from '../src/repositories/job-queue.js';
import { KEYS, StackFixture, form, json, png } from './stack-fixture.js';

/** The HTTP API against a real Redis and a worker process running the fake engine. */
let stack: StackFixture;
before(async () => {
  stack = await StackFixture.open({
    gatewayEnv: { API_KEYS: `alice:${KEYS.alice},bob:${KEYS.bob}`, MAX_IMAGE_BYTES: '200000' },
  });
});
after(() => stack.close());

const alice = KEYS.alice;

/** Sends bytes as they are and returns the whole answer (for requests fetch will not send). */
function rawRequest(text: string): Promise<string> {
  const { hostname, port } = new URL(stack.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(text));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

async function problem(response: Response, status: number, code: string): Promise<ProblemDetails> {
  assert.equal(
    response.status,
    status,
    `expected ${status} ${code}, got ${response.status}: ${await response.clone().text()}`,
  );
  assert.match(response.headers.get('content-type') ?? '', /application\/problem\+json/);
  const body = await json<ProblemDetails>(response);
  assert.equal(body.code, code);
  assert.equal(body.status, status);
  return body;
}

test('POST /v1/jobs answers 202 with the job id and Location; the result can be long-polled', async () => {
  const res = await stack.request('/v1/jobs', {
    method: 'POST',
    key: alice,
    body: form({ language: 'en' }, [{ field: 'image', bytes: await png(41, 21) }]),
  });
  assert.equal(res.status, 202);
  const accepted = await json<JobAccepted>(res);
  assert.equal(accepted.status, 'queued');
  assert.equal(res.headers.get('location'), `/v1/jobs/${accepted.id}`);
  const view = await json<JobView>(await stack.request(`/v1/jobs/${accepted.id}?wait=10`, { key: alice }));
  assert.equal(view.status, 'completed');
  assert.match(view.result!.text, /^fake 41x21 /);
  assert.ok(view.started_at && view.finished_at);
});

test('a raw image/* body is accepted too, with options in the query', async () => {
  const res = await stack.request('/v1/jobs?confidence_threshold=0.7', {
    method: 'POST',
    key: alice,
    body: await png(42, 22),
    headers: { 'content-type': 'image/png' },
  });
  assert.equal(res.status, 202);
  const view = await json<JobView>(
    await stack.request(`/v1/jobs/${(await json<JobAccepted>(res)).id}?wait=10`, { key: alice }),
  );
  assert.equal(view.status, 'completed', JSON.stringify(view));
  assert.match(view.result!.text, /^fake 42x22 /);
});

test('Idempotency-Key: a retried submit returns the same job; the key with another image is a 409', async () => {
  const image = await png(43, 23);
  const submit = async (bytes: Uint8Array) =>
    stack.request('/v1/jobs', {
      method: 'POST',
      key: alice,
      headers: { 'idempotency-key': 'order-77' },
      body: form({}, [{ field: 'image', bytes }]),
    });
  const first = await json<JobAccepted>(await submit(image));
  const again = await submit(image);
  assert.equal(again.status, 202);
  assert.equal((await json<JobAccepted>(again)).id, first.id);
  const conflict = await problem(await submit(await png(44, 24)), 409, 'IDEMPOTENCY_CONFLICT');
  assert.equal(conflict.job_id, first.id);
});

test('Idempotency-Key: of two different images sent at once under one key, one is accepted and the other is a 409', async () => {
  const submit = async (key: string, bytes: Uint8Array) =>
    stack.request('/v1/jobs', {
      method: 'POST',
      key: alice,
      headers: { 'idempotency-key': key },
      body: form({}, [{ field: 'image', bytes }]),
    });
  const submittedV1 = async () =>
    Number(/ocr_jobs_submitted_total\{api="v1"\} (\d+)/.exec(await (await stack.request('/metrics')).text())?.[1] ?? 0);
  const before = await submittedV1();
  // Every job lookup answers late, so both requests find no job under the key before either adds.
  const lookUp = Object.getOwnPropertyDescriptor(JobQueue.prototype, 'get')!.value as JobQueue['get'];
  JobQueue.prototype.get = async function (this: JobQueue, id: string) {
    const job = await lookUp.call(this, id);
    await new Promise((r) => setTimeout(r, 150));
    return job;
  };
  try {
    const responses = await Promise.all([
      submit('order-race', await png(45, 25)),
      submit('order-race', await png(46, 26)),
    ]);
    assert.deepEqual(responses.map((r) => r.status).sort(), [202, 409]);
    const winner = responses.findIndex((r) => r.status === 202);
    const { id } = await json<JobAccepted>(responses[winner]!);
    const view = await json<JobView>(await stack.request(`/v1/jobs/${id}?wait=10`, { key: alice }));
    assert.match(view.result!.text, new RegExp(`^fake ${45 + winner}x${25 + winner} `));
    // The same image sent twice at once is one job, counted once.
    const same = await png(47, 27);
    const [a, b] = await Promise.all([submit('order-race-same', same), submit('order-race-same', same)]);
    assert.deepEqual([a.status, b.status], [202, 202]);
    assert.equal((await json<JobAccepted>(a)).id, (await json<JobAccepted>(b)).id);
  } finally {
    JobQueue.prototype.get = lookUp;
  }
  assert.equal(await submittedV1(), before + 2);
});

test('a cancel whose removal Redis fails is a 503 to retry, not a 409 saying the job started; ids that are queue keys are 404s', async () => {
  const idle = await StackFixture.open({ worker: 'none' });
  const lookUp = Object.getOwnPropertyDescriptor(JobQueue.prototype, 'get')!.value as JobQueue['get'];
  try {
    const { id } = await json<JobAccepted>(
      await idle.request('/v1/jobs', { method: 'POST', body: form({}, [{ field: 'image', bytes: await png() }]) }),
    );
    // The connection drops between reading the job's state and removing it.
    JobQueue.prototype.get = async function (this: JobQueue, jobId: string) {
      const job = await lookUp.call(this, jobId);
      if (job) job.remove = () => Promise.reject(new Error('Connection is closed.'));
      return job;
    };
    const refused = await problem(await idle.request(`/v1/jobs/${id}`, { method: 'DELETE' }), 503, 'UNAVAILABLE');
    assert.equal(refused.status, 503);
    JobQueue.prototype.get = lookUp;
    assert.equal((await json<JobView>(await idle.request(`/v1/jobs/${id}`))).status, 'queued');
    assert.equal((await idle.request(`/v1/jobs/${id}`, { method: 'DELETE' })).status, 200);
    // BullMQ keeps its own keys beside the jobs' (events, id, ...): as job ids they are unknown jobs.
    for (const reserved of ['events', 'id', 'meta']) {
      await problem(await idle.request(`/v1/jobs/${reserved}`, { method: 'DELETE' }), 404, 'NOT_FOUND');
    }
  } finally {
    JobQueue.prototype.get = lookUp;
    await idle.close();
  }
});

test("another tenant's job is a 404, exactly like a job that does not exist", async () => {
  const { id } = await json<JobAccepted>(
    await stack.request('/v1/jobs', {
      method: 'POST',
      key: alice,
      body: form({}, [{ field: 'image', bytes: await png() }]),
    }),
  );
  const theirs = await problem(await stack.request(`/v1/jobs/${id}`, { key: KEYS.bob }), 404, 'NOT_FOUND');
  const missing = await problem(await stack.request('/v1/jobs/no-such-job', { key: KEYS.bob }), 404, 'NOT_FOUND');
  assert.equal(theirs.detail.replace(id, 'X'), missing.detail.replace('no-such-job', 'X'));
  await problem(await stack.request(`/v1/jobs/${id}`, { method: 'DELETE', key: KEYS.bob }), 404, 'NOT_FOUND');
});

test('a batch of images becomes one job each, tracked together', async () => {
  const images = await Promise.all([50, 51, 52].map((w) => png(w, 20)));
  const res = await stack.request('/v1/batches', {
    method: 'POST',
    key: alice,
    body: form(
      { language: 'en' },
      images.map((bytes, i) => ({ field: 'images', bytes, name: `p${i}.png` })),
    ),
  });
  assert.equal(res.status, 202);
  const batch = await json<BatchAccepted>(res);
  assert.equal(batch.jobs.length, 3);
  let view: BatchView | undefined;
  for (let i = 0; i < 100 && view?.status !== 'completed'; i++) {
    view = await json<BatchView>(await stack.request(`/v1/batches/${batch.id}`, { key: alice }));
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(view!.status, 'completed');
  assert.equal(view!.counts.completed, 3);
  assert.deepEqual(
    view!.jobs.map((j) => j.filename),
    ['p0.png', 'p1.png', 'p2.png'],
  );
  await problem(await stack.request(`/v1/batches/${batch.id}`, { key: KEYS.bob }), 404, 'NOT_FOUND');

  // A job of the batch that is no longer stored keeps its place, as failed with the reason: the
  // batch never reads as completed with fewer jobs than it was given.
  const queue = new JobQueue(stack.redis, stack.prefix);
  try {
    await queue.remove(batch.jobs[1]!.id);
  } finally {
    await queue.close();
  }
  const after = await json<BatchView>(await stack.request(`/v1/batches/${batch.id}`, { key: alice }));
  assert.deepEqual(
    after.jobs.map((j) => [j.id, j.status, j.error?.code]),
    batch.jobs.map((j, i) => [j.id, i === 1 ? 'failed' : 'completed', i === 1 ? 'NOT_FOUND' : undefined]),
  );
  assert.equal(after.status, 'partial');
  assert.deepEqual(after.counts, { queued: 0, active: 0, completed: 2, failed: 1, cancelled: 0 });
});

test('the files of one request together are bounded (MAX_REQUEST_BYTES): a batch over it is a 413 and queues nothing', async () => {
  const small = await StackFixture.open({
    worker: 'none',
    gatewayEnv: { MAX_IMAGE_BYTES: '200000', MAX_REQUEST_BYTES: '300000' },
  });
  try {
    // Noise does not compress: each PNG is about 120 KB, under the per-file limit.
    const noisy = await Promise.all(
      [0, 1, 2].map(async (i) => {
        const pixels = Buffer.alloc(200 * 200 * 3);
        for (let p = 0; p < pixels.length; p++) pixels[p] = ((p * 7919 + i * 104729) % 251) ^ (p >> 3);
        return new Uint8Array(
          await sharp(pixels, { raw: { width: 200, height: 200, channels: 3 } })
            .png()
            .toBuffer(),
        );
      }),
    );
    noisy.forEach((bytes) => assert.ok(bytes.length > 100_000 && bytes.length < 200_000, `${bytes.length} bytes`));
    const refused = await problem(
      await small.request('/v1/batches', {
        method: 'POST',
        body: form(
          {},
          noisy.map((bytes) => ({ field: 'images', bytes })),
        ),
      }),
      413,
      'IMAGE_TOO_LARGE',
    );
    assert.match(refused.detail, /add up to more than 300000 bytes/);
    assert.equal((await small.redis.keys(`${small.prefix}:*`)).filter((k) => k.includes(':blob:')).length, 0);
    // Two of them fit.
    const accepted = await small.request('/v1/batches', {
      method: 'POST',
      body: form(
        {},
        noisy.slice(0, 2).map((bytes) => ({ field: 'images', bytes })),
      ),
    });
    assert.equal(accepted.status, 202);
  } finally {
    await small.close();
  }
});

test('a gateway that starts to stop answers long polls at once with the job as it is', async () => {
  const idle = await StackFixture.open({ worker: 'none', gatewayEnv: { SHUTDOWN_TIMEOUT_MS: '20000' } });
  try {
    const { id } = await json<JobAccepted>(
      await idle.request('/v1/jobs', { method: 'POST', body: form({}, [{ field: 'image', bytes: await png() }]) }),
    );
    const started = Date.now();
    const polled = idle.request(`/v1/jobs/${id}?wait=60`);
    await new Promise((r) => setTimeout(r, 200));
    const closed = idle.gateway.close();
    const view = await json<JobView>(await polled);
    assert.equal(view.status, 'queued');
    // Before, the poll held the shutdown until SHUTDOWN_TIMEOUT_MS and was then cut off.
    assert.ok(Date.now() - started < 5_000, `the poll answered after ${Date.now() - started} ms`);
    await closed;
  } finally {
    await idle.close();
  }
});

test("the old service's client works as written: /extract_text with Python's form values", async () => {
  // requests.post(url, files={"image": f}, data={"language": "korean", "confidence_threshold": 0.5, "use_angle_cls": True})
  const res = await stack.request('/extract_text', {
    method: 'POST',
    key: alice,
    body: form({ language: 'korean', confidence_threshold: '0.5', use_angle_cls: 'True' }, [
      { field: 'image', bytes: await png(60, 30), name: 'receipt.png' },
    ]),
  });
  assert.equal(res.status, 200);
  const result = await json<OcrResult>(res);
  assert.match(result.text, /^fake 60x30 /);
  assert.equal(typeof result.overall_confidence, 'number');
  assert.ok(Array.isArray(result.text_boxes));
  assert.equal(result.language, 'ko');
});

test('/extract_text defaults to Korean like the old service', async () => {
  const result = await json<OcrResult>(
    await stack.request('/extract_text', {
      method: 'POST',
      key: alice,
      body: form({}, [{ field: 'image', bytes: await png(61, 30) }]),
    }),
  );
  assert.equal(result.language, 'ko');
});

test('/extract_text_batch of 20 images answers each, and Node prints no listener-leak warning', async () => {
  const warnings: string[] = [];
  const onWarning = (warning: Error): number => warnings.push(`${warning.name}: ${warning.message}`);
  process.on('warning', onWarning);
  try {
    const images = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => ({ field: 'images', bytes: await png(100 + i, 20) })),
    );
    const res = await stack.request('/extract_text_batch', { method: 'POST', key: alice, body: form({}, images) });
    assert.equal(res.status, 200);
    assert.equal((await json<LegacyBatchResponse>(res)).succeeded, 20);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(warnings, []);
  } finally {
    process.off('warning', onWarning);
  }
});

test('/extract_text_batch answers per image, in order, and a bad file fails alone', async () => {
  const res = await stack.request('/extract_text_batch', {
    method: 'POST',
    key: alice,
    body: form({ language: 'en' }, [
      { field: 'images', bytes: await png(70, 20), name: '영수증 a.png' },
      { field: 'images', bytes: new Uint8Array(Buffer.from('plain text')), name: 'b.png' },
      { field: 'images', bytes: await png(71, 20), name: 'c.png' },
    ]),
  });
  assert.equal(res.status, 200);
  const body = await json<LegacyBatchResponse>(res);
  assert.deepEqual([body.total, body.succeeded, body.failed], [3, 2, 1]);
  assert.deepEqual(
    body.results.map((r) => [r.filename, r.success]),
    [
      ['영수증 a.png', true],
      ['b.png', false],
      ['c.png', true],
    ],
  );
  assert.equal(body.results[1]!.error!.code, 'IMAGE_UNREADABLE');
  assert.match(body.results[2]!.result!.text, /^fake 71x20 /);
  // What concerns every image fails the request as a whole, before any is queued.
  const language = await stack.request('/extract_text_batch', {
    method: 'POST',
    key: alice,
    body: form({ language: 'klingon' }, [{ field: 'images', bytes: await png(72, 20), name: 'd.png' }]),
  });
  await problem(language, 422, 'LANGUAGE_UNAVAILABLE');
});

test('a path the API has, asked with a method it does not take, is a 405 with Allow; an unknown path a 404', async () => {
  for (const [method, path, allow] of [
    ['PUT', '/v1/jobs', 'POST'],
    ['GET', '/v1/jobs', 'POST'],
    ['PATCH', '/v1/jobs/some-job', 'GET, DELETE, HEAD'],
    ['POST', '/healthz', 'GET, HEAD'],
    ['DELETE', '/openapi.json', 'GET, HEAD'],
    ['GET', '/extract_text', 'POST'],
  ] as const) {
    const res = await stack.request(path, { method, key: alice });
    const body = await problem(res, 405, 'METHOD_NOT_ALLOWED');
    assert.equal(res.headers.get('allow'), allow, `${method} ${path}`);
    assert.match(body.detail, new RegExp(`takes ${allow}`));
  }
  await problem(await stack.request('/v1/nothing-here', { key: alice }), 404, 'NOT_FOUND');
});

test('missing and wrong API keys are 401s that say what to send', async () => {
  const none = await problem(await stack.request('/v1/jobs/x'), 401, 'UNAUTHORIZED');
  assert.match(none.detail, /Authorization: Bearer KEY/);
  await problem(await stack.request('/v1/jobs/x', { key: 'wrong-key-0123456789' }), 401, 'UNAUTHORIZED');
  const viaHeader = await stack.request('/v1/languages', { headers: { 'x-api-key': alice } });
  assert.equal(viaHeader.status, 200);
});

test('bad input gets the status and a message that says what to fix', async () => {
  const post = (fields: Record<string, string>, files: Parameters<typeof form>[1]) =>
    stack.request('/v1/jobs', { method: 'POST', key: alice, body: form(fields, files) });
  const image = await png();
  const tooLarge = await problem(
    await post({}, [{ field: 'image', bytes: new Uint8Array(300_000) }]),
    413,
    'IMAGE_TOO_LARGE',
  );
  assert.match(tooLarge.detail, /200000 bytes/);
  await problem(
    await post({}, [{ field: 'image', bytes: new Uint8Array(Buffer.from('hello')) }]),
    415,
    'IMAGE_UNREADABLE',
  );
  const svg = await problem(
    await post({}, [
      { field: 'image', bytes: new Uint8Array(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')) },
    ]),
    415,
    'IMAGE_FORMAT_UNSUPPORTED',
  );
  assert.match(svg.detail, /SVG is not accepted/);
  const threshold = await problem(
    await post({ confidence_threshold: '2' }, [{ field: 'image', bytes: image }]),
    422,
    'INVALID_OPTION',
  );
  assert.equal(threshold.field, 'confidence_threshold');
  const angle = await problem(
    await post({ use_angle_cls: 'maybe' }, [{ field: 'image', bytes: image }]),
    422,
    'INVALID_OPTION',
  );
  assert.equal(angle.field, 'use_angle_cls');
  const unknown = await problem(
    await post({ confidence_treshold: '0.3' }, [{ field: 'image', bytes: image }]),
    422,
    'INVALID_OPTION',
  );
  assert.match(unknown.detail, /Unknown field "confidence_treshold"/);
  const language = await problem(
    await post({ language: 'klingon' }, [{ field: 'image', bytes: image }]),
    422,
    'LANGUAGE_UNAVAILABLE',
  );
  assert.deepEqual(language.installed, ['ch', 'en', 'ko']);
  await problem(await post({ language: 'en' }, []), 400, 'REQUEST_INVALID');
  await problem(await post({}, [{ field: 'file', bytes: image }]), 400, 'REQUEST_INVALID');
  await problem(
    await stack.request('/v1/jobs', {
      method: 'POST',
      key: alice,
      body: '{"image": "x"}',
      headers: { 'content-type': 'application/json' },
    }),
    415,
    'IMAGE_FORMAT_UNSUPPORTED',
  );
  await problem(await stack.request('/v1/jobs', { method: 'POST', key: alice }), 400, 'REQUEST_INVALID');
  await problem(
    await stack.request('/v1/jobs', { method: 'POST', key: alice, headers: { 'content-type': 'image/png' } }),
    400,
    'IMAGE_EMPTY',
  );
  // Without even a Content-Length (fetch always sends one): still an empty image.
  const bare = await rawRequest(
    `POST /v1/jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${alice}\r\nContent-Type: image/png\r\nConnection: close\r\n\r\n`,
  );
  assert.match(bare, /^HTTP\/1\.1 400 /);
  assert.match(bare, /"code":"IMAGE_EMPTY"/);
  await problem(await stack.request('/nope', { key: alice }), 404, 'NOT_FOUND');
});

test('GET /v1/languages lists what the workers announced', async () => {
  const body = await json<LanguagesResponse>(await stack.request('/v1/languages', { key: alice }));
  assert.equal(body.default_language, 'en');
  assert.deepEqual(
    body.languages.map((l) => l.code),
    ['ch', 'en', 'ko'],
  );
  assert.equal(body.languages[0]!.engine, 'fake');
});

test('probes, metrics, OpenAPI and Swagger UI answer without a key', async () => {
  for (const path of ['/healthz', '/livez', '/readyz', '/health_check'])
    assert.equal((await stack.request(path)).status, 200, path);
  const metrics = await (await stack.request('/metrics')).text();
  assert.match(metrics, /ocr_queue_jobs\{state="waiting"\} \d+/);
  assert.match(metrics, /ocr_http_requests_total\{method="POST",route="\/v1\/jobs",status="202"\} \d+/);
  assert.match(metrics, /ocr_jobs_submitted_total\{api="legacy"\} \d+/);
  const doc = await json<{ paths: Record<string, unknown> }>(await stack.request('/openapi.json'));
  for (const path of [
    '/v1/jobs',
    '/v1/jobs/{id}',
    '/v1/jobs/{id}/annotated.png',
    '/v1/batches',
    '/v1/batches/{id}',
    '/v1/languages',
    '/extract_text',
    '/extract_text_batch',
    '/health_check',
    '/healthz',
    '/livez',
    '/readyz',
    '/metrics',
    '/docs',
    '/openapi.json',
  ]) {
    assert.ok(doc.paths[path], `OpenAPI documents ${path}`);
  }
  const docs = await stack.request('/docs');
  assert.match(await docs.text(), /swagger-ui-bundle\.js/);
  assert.equal((await stack.request('/docs/assets/swagger-ui-bundle.js')).status, 200);
});

test('a client that hangs up mid-upload is counted as 499 and logged as no error of ours', async () => {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  const own = await StackFixture.open({ worker: 'none', logger });
  try {
    const counted = async (): Promise<Record<string, number>> => {
      const text = await (await own.request('/metrics')).text();
      const counts: Record<string, number> = {};
      for (const [, code, value] of text.matchAll(
        /^ocr_http_requests_total\{method="POST",route="\/v1\/jobs",status="(\d+)"\} (\d+)/gm,
      ))
        counts[code!] = Number(value);
      return counts;
    };
    const { hostname, port } = new URL(own.url);
    const head =
      '--cut\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n';
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => {
        socket.write(
          `POST /v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=cut\r\nContent-Length: 500000\r\n\r\n${head}`,
        );
        socket.write(Buffer.alloc(100_000, 7), () => setTimeout(() => (socket.destroy(), resolve()), 100));
      });
      socket.on('error', reject);
    });
    let counts: Record<string, number> = {};
    for (let i = 0; i < 50 && !counts['499']; i++) {
      await new Promise((r) => setTimeout(r, 20));
      counts = await counted();
    }
    assert.deepEqual(counts, { '499': 1 });
    const errors = lines.filter((l) => (JSON.parse(l) as { level: number }).level >= 50);
    assert.deepEqual(errors, []);
  } finally {
    await own.close();
  }
});

test('a finished job is removed once RESULT_TTL_SECONDS has passed, even on a queue where nothing else finishes', async () => {
  const brief = await StackFixture.open({ gatewayEnv: { RESULT_TTL_SECONDS: '1' } });
  try {
    const { id } = await json<JobAccepted>(
      await brief.request('/v1/jobs', { method: 'POST', body: form({}, [{ field: 'image', bytes: await png(90) }]) }),
    );
    const done = await json<JobView>(await brief.request(`/v1/jobs/${id}?wait=10`));
    assert.equal(done.status, 'completed');
    let status = 200;
    for (let i = 0; i < 40 && status === 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await brief.request(`/v1/jobs/${id}`)).status;
    }
    assert.equal(status, 404, 'the result is gone after its TTL');
    assert.equal(await brief.redis.exists(`${brief.prefix}:ocr:${id}`), 0);
  } finally {
    await brief.close();
  }
});

test('a language only some workers read (a rollout in progress) is refused with 422, saying so', async () => {
  const rollout = await StackFixture.open({ worker: 'none' });
  try {
    const announce = (languages: string[]): string =>
      JSON.stringify({
        expiresAt: Date.now() + 60_000,
        languages: languages.map((code) => ({ code, name: code, aliases: [], engine: 'ppocr' })),
      });
    await rollout.redis.hset(
      `${rollout.prefix}:ocr:languages`,
      'old-worker',
      announce(['en']),
      'new-worker',
      announce(['en', 'ko']),
    );
    const image = await png(95);
    const submit = (language: string): Promise<Response> =>
      rollout.request('/v1/jobs', { method: 'POST', body: form({ language }, [{ field: 'image', bytes: image }]) });
    const refused = await submit('ko');
    assert.equal(refused.status, 422);
    const body = await json<ProblemDetails>(refused);
    assert.equal(body.code, 'LANGUAGE_UNAVAILABLE');
    assert.match(body.detail, /installed on some workers but not yet on all/);
    assert.equal((await submit('en')).status, 202);
    const listed = await json<LanguagesResponse>(await rollout.request('/v1/languages'));
    assert.deepEqual(
      listed.languages.map((l) => l.code),
      ['en'],
    );
  } finally {
    await rollout.close();
  }
});
