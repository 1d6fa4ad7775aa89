import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { type BatchAccepted, type JobAccepted, loggerOptions } from '@ocr-pool/contracts';
import type { ServiceProcess } from '@ocr-pool/dev';
import { KEYS, StackFixture, form, json, png } from './stack-fixture.js';

/**
 * The JSON log lines operators search: one per request from the gateway and one per job state
 * change from the worker, each with the ids to search by (request id from X-Request-Id, job id,
 * batch id), the tenant and a duration, and never an API key.
 */
type Line = Record<string, unknown>;
const gatewayLines: Line[] = [];
let stack: StackFixture;
let worker: ServiceProcess;

before(async () => {
  const logger = pino(loggerOptions('ocr-gateway', 'info', false), {
    write: (line: string) => gatewayLines.push(JSON.parse(line) as Line),
  });
  stack = await StackFixture.open({ worker: 'none', logger, gatewayEnv: { API_KEYS: `alice:${KEYS.alice}` } });
  worker = await stack.startWorker('fake');
});
after(() => stack.close());

const workerLines = (): Line[] =>
  worker.logs.flatMap((l) => {
    try {
      return [JSON.parse(l) as Line];
    } catch {
      return [];
    }
  });

/** Waits for log lines that match (the request line is written when the response has gone). */
async function linesWhere(source: () => Line[], match: (line: Line) => boolean, count = 1): Promise<Line[]> {
  for (let i = 0; i < 200; i++) {
    const found = source().filter(match);
    if (found.length >= count) return found;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(
    `no log line matched among:\n${source()
      .map((l) => JSON.stringify(l))
      .join('\n')}`,
  );
}

test('a request carries its X-Request-Id through the gateway line and every worker line of its job', async () => {
  const requestId = 'trace-7f3a.checkout:42';
  const res = await stack.request('/v1/jobs', {
    method: 'POST',
    key: KEYS.alice,
    headers: { 'x-request-id': requestId },
    body: form({}, [{ field: 'image', bytes: await png(45, 25) }]),
  });
  assert.equal(res.status, 202);
  assert.equal(res.headers.get('x-request-id'), requestId);
  const { id } = await json<JobAccepted>(res);

  const [request] = await linesWhere(
    () => gatewayLines,
    (l) => l.msg === 'request' && l.requestId === requestId,
  );
  assert.equal(request!.route, '/v1/jobs');
  assert.equal(request!.status, 202);
  assert.equal(request!.jobId, id);
  assert.equal(request!.tenant, 'alice');
  assert.equal(typeof request!.durationMs, 'number');
  assert.equal(request!.level, 30);

  const started = await linesWhere(workerLines, (l) => l.msg === 'job started' && l.jobId === id);
  const completed = await linesWhere(workerLines, (l) => l.msg === 'job completed' && l.jobId === id);
  for (const line of [started[0]!, completed[0]!]) {
    assert.equal(line.requestId, requestId);
    assert.equal(line.tenant, 'alice');
    assert.equal(line.attempt, 1);
  }
  assert.equal(typeof started[0]!.queueWaitMs, 'number');
  assert.equal(typeof completed[0]!.durationMs, 'number');
});

test('batch jobs are logged with their batch id; a caller without a usable request id gets a fresh one', async () => {
  const res = await stack.request('/v1/batches', {
    method: 'POST',
    key: KEYS.alice,
    headers: { 'x-request-id': 'not a usable id\u00e9' },
    body: form({}, [
      { field: 'images', bytes: await png(46, 26) },
      { field: 'images', bytes: await png(47, 27) },
    ]),
  });
  assert.equal(res.status, 202);
  const requestId = res.headers.get('x-request-id') ?? '';
  assert.match(requestId, /^[0-9a-f-]{36}$/);
  const batch = await json<BatchAccepted>(res);
  const [request] = await linesWhere(
    () => gatewayLines,
    (l) => l.msg === 'request' && l.requestId === requestId,
  );
  assert.equal(request!.batchId, batch.id);
  const done = await linesWhere(workerLines, (l) => l.msg === 'job completed' && l.batchId === batch.id, 2);
  assert.deepEqual(done.map((l) => l.jobId).sort(), batch.jobs.map((j) => j.id).sort());
  assert.deepEqual(done.map((l) => l.batchIndex).sort(), [0, 1]);
});

test('a refused request is logged with its error code; no line anywhere holds an API key', async () => {
  const res = await stack.request('/v1/jobs/no-such-job', {
    key: KEYS.alice,
    headers: { 'x-request-id': 'missing-1' },
  });
  assert.equal(res.status, 404);
  const [line] = await linesWhere(
    () => gatewayLines,
    (l) => l.requestId === 'missing-1' && l.msg === 'request',
  );
  assert.equal(line!.code, 'NOT_FOUND');
  assert.equal(line!.jobId, 'no-such-job');
  assert.equal(line!.route, '/v1/jobs/:id');

  await stack.request('/v1/languages', { key: 'a-wrong-key-0123456789' });
  const everything = JSON.stringify([...gatewayLines, ...workerLines()]);
  assert.ok(!everything.includes(KEYS.alice), 'the API key is never logged');
  assert.ok(!everything.includes('a-wrong-key-0123456789'), 'a wrong key is never logged either');
});
