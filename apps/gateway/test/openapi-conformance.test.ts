import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BatchAccepted, JobAccepted } from '@ocr-pool/contracts';
import { KEYS, StackFixture, form, png } from './stack-fixture.js';
import { OpenApiValidator } from './openapi-validator.js';

/**
 * Every response of the HTTP API, success and error, against the OpenAPI document the gateway
 * serves: clients generate code from that document, so it must describe what they will get.
 */
let stack: StackFixture;
let spec: OpenApiValidator;
before(async () => {
  stack = await StackFixture.open({ gatewayEnv: { API_KEYS: `alice:${KEYS.alice}` } });
  spec = await OpenApiValidator.fetch(stack.url);
});
after(() => stack.close());

/** Sends the request, checks the answer against the document and returns its body. */
async function conforming<T>(
  method: string,
  route: string,
  path: string,
  init: RequestInit & { key?: string } = {},
): Promise<{ status: number; body: T }> {
  const response = await stack.request(path, { ...init, method, key: init.key ?? KEYS.alice });
  const type = response.headers.get('content-type') ?? '';
  const body: unknown = /json/.test(type) ? await response.json() : await response.text();
  assert.deepEqual(spec.problems(method, route, response, body), [], JSON.stringify(body).slice(0, 400));
  return { status: response.status, body: body as T };
}

const image = (fields: Record<string, string> = {}, field = 'image'): Promise<FormData> =>
  png(52, 26).then((bytes) => form(fields, [{ field, bytes }]));

test('submitting and polling a job answer as documented', async () => {
  const accepted = await conforming<JobAccepted>('POST', '/v1/jobs', '/v1/jobs', {
    body: await image({ language: 'en' }),
  });
  assert.equal(accepted.status, 202);
  const done = await conforming<{ status: string }>('GET', '/v1/jobs/{id}', `/v1/jobs/${accepted.body.id}?wait=10`);
  assert.equal(done.body.status, 'completed');
  const late = await conforming('DELETE', '/v1/jobs/{id}', `/v1/jobs/${accepted.body.id}`);
  assert.equal(late.status, 409);
  assert.equal((await conforming('GET', '/v1/jobs/{id}', '/v1/jobs/no-such-job')).status, 404);
});

test('batches answer as documented', async () => {
  const bytes = await png(53, 26);
  const accepted = await conforming<BatchAccepted>('POST', '/v1/batches', '/v1/batches', {
    body: form({ language: 'en' }, [
      { field: 'images', bytes },
      { field: 'images', bytes },
    ]),
  });
  assert.equal(accepted.status, 202);
  let finished = false;
  for (let i = 0; i < 100 && !finished; i++) {
    const view = await conforming<{ status: string }>('GET', '/v1/batches/{id}', `/v1/batches/${accepted.body.id}`);
    finished = view.body.status === 'completed';
    if (!finished) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(finished, 'the batch completed');
});

test("the old service's routes answer as documented, a bad file included", async () => {
  const single = await conforming('POST', '/extract_text', '/extract_text', { body: await image() });
  assert.equal(single.status, 200);
  const batch = form({ language: 'en' }, [
    { field: 'images', bytes: await png(54, 26) },
    { field: 'images', bytes: new Uint8Array(Buffer.from('not an image')), name: 'notes.png' },
  ]);
  const legacy = await conforming<{ failed: number }>('POST', '/extract_text_batch', '/extract_text_batch', {
    body: batch,
  });
  assert.equal(legacy.body.failed, 1);
});

test('refusals are documented problems', async () => {
  const statuses = [
    (await conforming('POST', '/v1/jobs', '/v1/jobs', { body: await image(), key: 'wrong-key-0123456789' })).status,
    (await conforming('POST', '/v1/jobs', '/v1/jobs', { body: await image({ confidence_threshold: '2' }) })).status,
    (
      await conforming('POST', '/v1/jobs', '/v1/jobs', {
        body: form({}, [{ field: 'image', bytes: new Uint8Array(Buffer.from('%PDF-1.7')) }]),
      })
    ).status,
    (await conforming('POST', '/extract_text', '/extract_text', { body: await image({ language: 'klingon' }) })).status,
  ];
  assert.deepEqual(statuses, [401, 422, 415, 422]);
  const reads = [
    (await conforming('GET', '/v1/jobs/{id}', '/v1/jobs/some-job?wait=abc')).status,
    (await conforming('GET', '/v1/jobs/{id}', '/v1/jobs/%E0%A4%A')).status,
    (await conforming('GET', '/v1/languages', '/v1/languages', { key: 'wrong-key-0123456789' })).status,
  ];
  assert.deepEqual(reads, [422, 400, 401]);
});

test('languages, probes and the old health check answer as documented', async () => {
  await conforming('GET', '/v1/languages', '/v1/languages');
  for (const route of ['/health_check', '/healthz', '/livez', '/readyz']) {
    assert.equal((await conforming('GET', route, route)).status, 200, route);
  }
});

test('the checker itself refuses a body the document does not describe', () => {
  const response = new Response(null, { status: 200, headers: { 'content-type': 'application/json' } });
  const wrongAngle = { text: '', overall_confidence: 0, text_boxes: [], lines: [], width: 1, height: 1, angle: 45 };
  const problems = spec.problems('POST', '/extract_text', response, wrongAngle);
  assert.ok(
    problems.some((p) => /\/angle must be equal to one of the allowed values/.test(p)),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => /must have required property 'model'/.test(p)),
    problems.join('\n'),
  );
  const teapot = new Response(null, { status: 418 });
  assert.deepEqual(spec.problems('GET', '/v1/languages', teapot, null), [
    'GET /v1/languages: status 418 is not documented',
  ]);
});
