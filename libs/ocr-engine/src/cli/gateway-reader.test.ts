import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OcrResult } from '@ocr-pool/contracts';
import { GatewayReader, GatewayRefusedKeyError, RunStoppedError } from './gateway-reader.js';

/**
 * The `--via` client's retry rules against a scripted HTTP server on loopback: each request gets
 * the next scripted answer, so a gateway that refuses, restarts or drops a connection can be
 * played exactly. The real gateway's answers are covered in apps/gateway (ocr-cli-via.test.ts).
 */
type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | 'drop';

interface Seen {
  method: string;
  url: string;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
}

async function scriptedGateway(answers: Answer[]): Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
        authorization: req.headers.authorization,
      });
      const answer = answers.shift() ?? { status: 500, body: { code: 'SCRIPT_ENDED', detail: 'no more answers' } };
      if (answer === 'drop') {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'application/json', connection: 'close', ...answer.headers });
      res.end(JSON.stringify(answer.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const options = { language: 'en', confidence_threshold: 0.5, use_angle_cls: true };
const result = { text: 'hello', lines: ['hello'], overall_confidence: 0.99, text_boxes: [] } as unknown as OcrResult;
const problem = (status: number, code: string, extra: Record<string, unknown> = {}) => ({
  status,
  body: { type: 'about:blank', title: 'x', status, detail: `${code} happened`, code, ...extra },
});

test('a refused submit (503, 429) is retried as Retry-After says, with the same Idempotency-Key, then polled to its result', async () => {
  const gateway = await scriptedGateway([
    { ...problem(503, 'UNAVAILABLE'), headers: { 'retry-after': '2' } },
    problem(429, 'QUEUE_FULL', { retry_after_seconds: 3 }),
    { status: 202, body: { id: 'job-1', status: 'queued' } },
    { status: 200, body: { id: 'job-1', status: 'active' } },
    problem(502, 'HTTP_502'),
    { status: 200, body: { id: 'job-1', status: 'completed', result } },
  ]);
  const sleeps: number[] = [];
  const notices: string[] = [];
  try {
    const reader = new GatewayReader({
      baseUrl: `${gateway.url}/`,
      apiKey: 'key-0123456789abcdef',
      pollSeconds: 5,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      onNotice: (m) => notices.push(m),
    });
    const outcome = await reader.read(new Uint8Array([1, 2, 3]), 'scans/a.png', options);
    assert.deepEqual(outcome, { ok: true, result });
    assert.deepEqual(
      gateway.seen.map((s) => `${s.method} ${s.url}`),
      [
        'POST /v1/jobs',
        'POST /v1/jobs',
        'POST /v1/jobs',
        'GET /v1/jobs/job-1?wait=5',
        'GET /v1/jobs/job-1?wait=5',
        'GET /v1/jobs/job-1?wait=5',
      ],
    );
    const keys = new Set(gateway.seen.filter((s) => s.method === 'POST').map((s) => s.idempotencyKey));
    assert.equal(keys.size, 1, 'one Idempotency-Key for every try of the same image');
    assert.ok([...keys][0]);
    assert.ok(gateway.seen.every((s) => s.authorization === 'Bearer key-0123456789abcdef'));
    assert.deepEqual(sleeps, [2000, 3000, 1000]);
    assert.deepEqual(notices, ['UNAVAILABLE (503): retrying a.png in 2 s', 'QUEUE_FULL (429): retrying a.png in 3 s']);
  } finally {
    await gateway.close();
  }
});

test('an input problem fails the image at once with the gateway code and message; a failed job with its error', async () => {
  const gateway = await scriptedGateway([
    problem(415, 'IMAGE_UNREADABLE'),
    { status: 202, body: { id: 'job-2', status: 'queued' } },
    {
      status: 200,
      body: { id: 'job-2', status: 'failed', error: { code: 'IMAGE_TOO_MANY_PIXELS', message: 'too big' } },
    },
  ]);
  try {
    const reader = new GatewayReader({ baseUrl: gateway.url, sleep: async () => {} });
    assert.deepEqual(await reader.read(new Uint8Array([1]), 'a.txt', options), {
      ok: false,
      error: { code: 'IMAGE_UNREADABLE', message: 'IMAGE_UNREADABLE happened' },
    });
    assert.deepEqual(await reader.read(new Uint8Array([1]), 'b.png', options), {
      ok: false,
      error: { code: 'IMAGE_TOO_MANY_PIXELS', message: 'too big' },
    });
    assert.equal(gateway.seen.length, 3, 'nothing was retried');
  } finally {
    await gateway.close();
  }
});

test('a connection lost after the gateway answered is retried; refusals in a row end after retryForMs', async () => {
  const gateway = await scriptedGateway([
    { status: 202, body: { id: 'job-3', status: 'queued' } },
    'drop',
    { status: 200, body: { id: 'job-3', status: 'completed', result } },
    { status: 202, body: { id: 'job-4', status: 'queued' } },
    problem(503, 'UNAVAILABLE'),
  ]);
  const notices: string[] = [];
  try {
    const reader = new GatewayReader({ baseUrl: gateway.url, sleep: async () => {}, onNotice: (m) => notices.push(m) });
    assert.deepEqual(await reader.read(new Uint8Array([1]), 'a.png', options), { ok: true, result });
    assert.match(notices[0] ?? '', /^lost the gateway \(.+\): retrying in 1 s$/);
    const impatient = new GatewayReader({ baseUrl: gateway.url, retryForMs: 0, sleep: async () => {} });
    assert.deepEqual(await impatient.read(new Uint8Array([1]), 'b.png', options), {
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'UNAVAILABLE happened' },
    });
  } finally {
    await gateway.close();
  }
});

test('a 401 stops the run, on the submit or on a poll, saying what to give', async () => {
  const gateway = await scriptedGateway([
    problem(401, 'UNAUTHORIZED'),
    { status: 202, body: { id: 'job-1', status: 'queued' } },
    problem(401, 'UNAUTHORIZED'),
  ]);
  try {
    const withoutKey = new GatewayReader({ baseUrl: gateway.url, sleep: async () => {} });
    await assert.rejects(
      withoutKey.read(new Uint8Array([1]), 'a.png', options),
      (error: Error) =>
        error instanceof GatewayRefusedKeyError &&
        error instanceof RunStoppedError &&
        /answered 401 UNAUTHORIZED: UNAUTHORIZED happened \(give a key with --key or OCR_API_KEY\)$/.test(
          error.message,
        ),
    );
    const withKey = new GatewayReader({ baseUrl: gateway.url, apiKey: 'revoked-key', sleep: async () => {} });
    await assert.rejects(
      withKey.read(new Uint8Array([1]), 'b.png', options),
      (error: Error) => error instanceof GatewayRefusedKeyError && /check the key given with --key/.test(error.message),
    );
    assert.deepEqual(
      gateway.seen.map((s) => s.method),
      ['POST', 'POST', 'GET'],
      'nothing was retried after a 401',
    );
  } finally {
    await gateway.close();
  }
});
