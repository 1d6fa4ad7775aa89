import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';
import { type ServiceError, credentials, loadPackageDefinition, status } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { Queue } from 'bullmq';
import {
  OCR_SERVICE_NAME,
  OcrError,
  type OcrClient,
  type OcrV1,
  PRIORITY_SYNC,
  QUEUE_NAME,
  ocrMetadata,
} from '@ocr-pool/contracts';
import { PrivateRedis, grpcHealthProbe, until } from '@ocr-pool/dev';
import { KEYS, StackFixture, png } from './stack-fixture.js';

/**
 * The gRPC API over loopback with a real client, a real Redis and a worker process (the fake
 * engine: these tests are about the API and the queue, the real engine's gRPC path is in
 * end-to-end.test.ts).
 */
const AUTH = { API_KEYS: `alice:${KEYS.alice},bob:${KEYS.bob}` };
const alice = (requestId?: string) => ocrMetadata(KEYS.alice, requestId);

function image(data: Uint8Array, filename = 'page.png'): OcrV1.Image {
  return { data: Buffer.from(data), filename };
}

async function rejection(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    return error as ServiceError;
  }
  assert.fail('the call succeeded');
}

function errorCode(error: ServiceError): string | undefined {
  return error.metadata?.get('ocr-error-code')[0]?.toString();
}

describe('with a worker', () => {
  let stack: StackFixture;
  let client: OcrClient;
  before(async () => {
    stack = await StackFixture.open({ gatewayEnv: AUTH, workerEnv: { OCR_FAKE_DELAY_MS: '20' } });
    client = stack.grpc();
  });
  after(() => stack.close());

  test('ExtractText returns the result of the image it was sent', async () => {
    const result = await client.extractText({ image: image(await png(44, 20)) }, alice());
    assert.match(result.text, /^fake 44x20 /);
    assert.equal(result.width, 44);
    assert.equal(result.height, 20);
    assert.equal(result.text_boxes?.length, 1);
    assert.equal(result.text_boxes?.[0]?.box?.length, 4);
    assert.equal(result.model?.engine, 'fake');
  });

  test('ExtractTextBatch answers in request order, and a bad image fails alone', async () => {
    const response = await client.extractTextBatch(
      {
        images: [
          image(await png(41, 20), 'a.png'),
          image(new TextEncoder().encode('not an image'), 'b.txt'),
          image(await png(43, 20), 'c.png'),
        ],
        options: { language: 'en' },
      },
      alice(),
    );
    assert.deepEqual(
      response.results?.map((r) => r.filename),
      ['a.png', 'b.txt', 'c.png'],
    );
    assert.match(response.results?.[0]?.result?.text ?? '', /^fake 41x20 /);
    assert.equal(response.results?.[1]?.error?.code, 'IMAGE_UNREADABLE');
    assert.match(response.results?.[2]?.result?.text ?? '', /^fake 43x20 /);
    assert.equal(response.succeeded, 2);
    assert.equal(response.failed, 1);
  });

  test('SubmitJob returns at once; GetJob waits for the result; WatchJob streams each status to the end', async () => {
    const submitted = await client.submitJob({ image: image(await png(45, 20)) }, alice());
    // As the job is now: a free worker may already have taken it.
    assert.ok(['JOB_STATUS_QUEUED', 'JOB_STATUS_ACTIVE'].includes(submitted.status), submitted.status);
    assert.ok(submitted.id);

    const watched: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const stream = client.watchJob({ id: submitted.id }, alice());
      stream.on('data', (job: OcrV1.Job__Output) => watched.push(job.status));
      stream.on('error', reject);
      stream.on('end', resolve);
    });
    assert.equal(watched.at(-1), 'JOB_STATUS_COMPLETED');
    assert.equal(new Set(watched).size, watched.length, `each status once: ${watched.join(',')}`);

    const done = await client.getJob({ id: submitted.id, wait_seconds: 5 }, alice());
    assert.equal(done.status, 'JOB_STATUS_COMPLETED');
    assert.match(done.result?.text ?? '', /^fake 45x20 /);
    assert.ok(done.finished_at);
  });

  test('200 concurrent ExtractText calls all succeed, each with its own image', async () => {
    const widths = Array.from({ length: 200 }, (_, i) => 30 + (i % 50));
    const images = await Promise.all(widths.map((w, i) => png(w, 20 + Math.floor(i / 50))));
    const results = await Promise.all(images.map((img) => client.extractText({ image: image(img) }, alice())));
    results.forEach((r, i) => assert.match(r.text, new RegExp(`^fake ${widths[i]}x${20 + Math.floor(i / 50)} `)));
  });

  test('ListLanguages lists what the workers read, with the engine for each', async () => {
    const response = await client.listLanguages({}, alice());
    assert.equal(response.default_language, 'en');
    assert.ok(response.languages?.some((l) => l.code === 'en' && l.engine === 'fake'));
  });

  test('another key cannot see a job: NOT_FOUND, as for an unknown id', async () => {
    const { id } = await client.submitJob({ image: image(await png()) }, alice());
    for (const [key, jobId] of [
      [KEYS.bob, id],
      [KEYS.alice, 'no-such-job'],
    ] as const) {
      const error = await rejection(client.getJob({ id: jobId }, ocrMetadata(key)));
      assert.equal(error.code, status.NOT_FOUND);
      assert.equal(errorCode(error), 'NOT_FOUND');
    }
  });

  test('another key can neither cancel nor watch a job: NOT_FOUND, and the job is untouched', async () => {
    const { id } = await client.submitJob({ image: image(await png(47, 20)) }, alice());
    const cancel = await rejection(client.cancelJob({ id }, ocrMetadata(KEYS.bob)));
    assert.equal(cancel.code, status.NOT_FOUND);
    const watch = await rejection(
      new Promise<void>((resolve, reject) => {
        const stream = client.watchJob({ id }, ocrMetadata(KEYS.bob));
        stream.on('data', () => reject(new Error('bob was sent a status of alice’s job')));
        stream.on('error', reject);
        stream.on('end', resolve);
      }),
    );
    assert.equal(watch.code, status.NOT_FOUND);
    const own = await client.getJob({ id, wait_seconds: 5 }, alice());
    assert.equal(own.status, 'JOB_STATUS_COMPLETED');
  });

  test('a missing or wrong key is UNAUTHENTICATED', async () => {
    for (const metadata of [ocrMetadata(), ocrMetadata('not-a-valid-key-at-all')]) {
      const error = await rejection(client.extractText({ image: image(await png()) }, metadata));
      assert.equal(error.code, status.UNAUTHENTICATED);
    }
  });

  test('a bad image or option is INVALID_ARGUMENT naming what to fix', async () => {
    const bytes = await rejection(client.extractText({ image: image(new TextEncoder().encode('hello')) }, alice()));
    assert.equal(bytes.code, status.INVALID_ARGUMENT);
    assert.equal(errorCode(bytes), 'IMAGE_UNREADABLE');

    const option = await rejection(
      client.extractText(
        { image: image(await png()), options: { language: 'en', confidence_threshold: 1.5 } },
        alice(),
      ),
    );
    assert.equal(option.code, status.INVALID_ARGUMENT);
    assert.equal(option.metadata.get('ocr-error-field')[0], 'confidence_threshold');

    const language = await rejection(
      client.extractText({ image: image(await png()), options: { language: 'klingon' } }, alice()),
    );
    assert.equal(language.code, status.INVALID_ARGUMENT);
    assert.match(language.details, /Installed languages: .*en/);

    const missing = await rejection(client.extractText({}, alice()));
    assert.equal(missing.code, status.INVALID_ARGUMENT);
  });

  test('the health service says SERVING, and reflection lists the services', async () => {
    const health = grpcHealthProbe(stack.gateway.grpcAddress!);
    try {
      assert.equal(await health.check(OCR_SERVICE_NAME), 'SERVING');
    } finally {
      health.close();
    }
    const services = await reflectedServices(stack.gateway.grpcAddress!);
    assert.ok(services.includes(OCR_SERVICE_NAME), services.join(','));
    assert.ok(services.includes('grpc.health.v1.Health'), services.join(','));
  });
});

describe('with no worker taking jobs', () => {
  let stack: StackFixture;
  let client: OcrClient;
  before(async () => {
    stack = await StackFixture.open({
      worker: 'none',
      // Room for the idempotency test's two jobs beside what the tests before it leave counted: the
      // gateway's backlog estimate is up to 250 ms old and only grows between reads.
      gatewayEnv: { ...AUTH, MAX_QUEUE_DEPTH: '5', MAX_IMAGE_BYTES: '4000' },
    });
    client = stack.grpc();
  });
  after(() => stack.close());

  test('sync calls go in ahead of async submissions', async () => {
    const queue = new Queue(QUEUE_NAME, { connection: stack.redis, prefix: stack.prefix });
    try {
      const call = rejection(
        client.extractText({ image: image(await png()) }, alice(), { deadline: Date.now() + 1000 }),
      );
      let waiting: Awaited<ReturnType<typeof queue.getPrioritized>> = [];
      for (let i = 0; i < 50 && waiting.length === 0; i++) {
        waiting = await queue.getPrioritized();
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.equal(waiting[0]?.opts.priority, PRIORITY_SYNC);
      assert.equal((waiting[0]?.data as { api: string }).api, 'grpc');
      assert.equal((await call).code, status.DEADLINE_EXCEEDED);
    } finally {
      await queue.close();
    }
  });

  test('GetJob waits at most until just before its deadline, then answers with the status', async () => {
    const { id } = await client.submitJob({ image: image(await png(47)) }, alice());
    // An answer at all (not DEADLINE_EXCEEDED) is one sent before the deadline.
    const job = await client.getJob({ id, wait_seconds: 30 }, alice(), { deadline: Date.now() + 2_000 });
    assert.equal(job.status, 'JOB_STATUS_QUEUED');
    await client.cancelJob({ id }, alice());
  });

  test('WatchJob ends its stream itself just before the deadline, saying to watch again', async () => {
    const { id } = await client.submitJob({ image: image(await png(48)) }, alice());
    const statuses: string[] = [];
    const error = await new Promise<ServiceError>((resolve, reject) => {
      const stream = client.watchJob({ id }, alice(), { deadline: Date.now() + 2_000 });
      stream.on('data', (job: OcrV1.Job__Output) => statuses.push(job.status));
      stream.on('error', resolve);
      stream.on('end', () => reject(new Error('the watch ended as if its job had finished')));
    });
    assert.deepEqual(statuses, ['JOB_STATUS_QUEUED']);
    assert.equal(error.code, status.DEADLINE_EXCEEDED);
    // Sent by the server (a client-side deadline would say only "Deadline exceeded").
    assert.match(error.details, /watch it again, or poll GetJob/);
    assert.equal(errorCode(error), 'TIMEOUT');
    await client.cancelJob({ id }, alice());
  });

  /** The gateway's count of `method` calls that ended CANCELLED. */
  const cancelledCalls = async (method: string): Promise<number> => {
    const text = await (await stack.request('/metrics')).text();
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`ocr_grpc_requests_total{method="${method}",code="CANCELLED"}`));
    return line ? Number(line.split(' ').pop()) : 0;
  };

  test('a call its client cancels is counted as CANCELLED, not as what the server answered after', async () => {
    const counted = (): Promise<number> => cancelledCalls('ExtractText');
    const before = await counted();
    const bytes = await png(49);
    const done = new Promise<ServiceError>((resolve) => {
      const call = client.stub.extractText({ image: image(bytes) }, alice(), { deadline: Date.now() + 5000 }, (e) =>
        resolve(e!),
      );
      setTimeout(() => call.cancel(), 200);
    });
    assert.equal((await done).code, status.CANCELLED);
    // The server answers once it has removed the queued job.
    let after = before;
    for (let i = 0; i < 50 && after === before; i++) {
      await new Promise((r) => setTimeout(r, 20));
      after = await counted();
    }
    assert.equal(after, before + 1);
  });

  test('a watch its client cancels is counted as CANCELLED, and its job stays queued', async () => {
    const { id } = await client.submitJob({ image: image(await png(52)) }, alice());
    const before = await cancelledCalls('WatchJob');
    const stream = client.watchJob({ id }, alice());
    await new Promise<void>((resolve) => stream.once('data', () => resolve()));
    const ended = new Promise<ServiceError>((resolve) => stream.on('error', resolve));
    stream.cancel();
    assert.equal((await ended).code, status.CANCELLED);
    let after = before;
    for (let i = 0; i < 100 && after === before; i++) {
      await new Promise((r) => setTimeout(r, 20));
      after = await cancelledCalls('WatchJob');
    }
    assert.equal(after, before + 1);
    assert.equal((await client.getJob({ id }, alice())).status, 'JOB_STATUS_QUEUED');
    await client.cancelJob({ id }, alice());
  });

  test('a job no worker has started can be cancelled; a cancelled job reads as cancelled', async () => {
    const { id } = await client.submitJob({ image: image(await png()) }, alice());
    const cancelled = await client.cancelJob({ id }, alice());
    assert.equal(cancelled.status, 'JOB_STATUS_CANCELLED');
    const again = await client.getJob({ id }, alice());
    assert.equal(again.status, 'JOB_STATUS_CANCELLED');
  });

  test('SubmitJob with an idempotency_key returns the first job again; another image under it is ALREADY_EXISTS', async () => {
    const first = await client.submitJob({ image: image(await png(51)), idempotency_key: 'upload-7' }, alice());
    const again = await client.submitJob({ image: image(await png(51)), idempotency_key: 'upload-7' }, alice());
    assert.equal(again.id, first.id);
    // The key is the tenant's own: bob's upload-7 is another job.
    const bobs = await client.submitJob(
      { image: image(await png(51)), idempotency_key: 'upload-7' },
      ocrMetadata(KEYS.bob),
    );
    assert.notEqual(bobs.id, first.id);
    const conflict = await rejection(
      client.submitJob({ image: image(await png(52)), idempotency_key: 'upload-7' }, alice()),
    );
    assert.equal(conflict.code, status.ALREADY_EXISTS);
    assert.equal(errorCode(conflict), 'IDEMPOTENCY_CONFLICT');
    await client.cancelJob({ id: first.id }, alice());
    await client.cancelJob({ id: bobs.id }, ocrMetadata(KEYS.bob));
  });

  test('an image over MAX_IMAGE_BYTES but within the message limit is RESOURCE_EXHAUSTED naming the limit', async () => {
    const error = await rejection(client.submitJob({ image: { data: Buffer.alloc(5000, 7) } }, alice()));
    assert.equal(error.code, status.RESOURCE_EXHAUSTED);
    assert.equal(errorCode(error), 'IMAGE_TOO_LARGE');
    assert.match(error.details, /4000/);
  });

  test('a queue over its depth limit is RESOURCE_EXHAUSTED with a retry hint', async () => {
    const ids = [];
    let error: ServiceError | undefined;
    for (let i = 0; i < 8 && !error; i++) {
      try {
        ids.push((await client.submitJob({ image: image(await png(30 + i)) }, alice())).id);
      } catch (e) {
        error = e as ServiceError;
      }
    }
    assert.equal(error?.code, status.RESOURCE_EXHAUSTED);
    assert.equal(errorCode(error), 'QUEUE_FULL');
    assert.ok(Number(error.metadata.get('retry-after-seconds')[0]) > 0);
    for (const id of ids) await client.cancelJob({ id }, alice());
  });
});

describe('a job a worker has started', () => {
  let stack: StackFixture;
  let client: OcrClient;
  before(async () => {
    stack = await StackFixture.open({ gatewayEnv: AUTH, workerEnv: { OCR_FAKE_DELAY_MS: '3000' } });
    client = stack.grpc();
  });
  after(() => stack.close());

  test('cannot be cancelled: gRPC FAILED_PRECONDITION and HTTP 409 NOT_CANCELLABLE, and it still completes', async () => {
    const { id } = await client.submitJob({ image: image(await png(53)) }, alice());
    const active = await until(async () => (await client.getJob({ id }, alice())).status, 'JOB_STATUS_ACTIVE', 10_000);
    assert.equal(active, 'JOB_STATUS_ACTIVE');
    const error = await rejection(client.cancelJob({ id }, alice()));
    assert.equal(error.code, status.FAILED_PRECONDITION);
    assert.equal(errorCode(error), 'NOT_CANCELLABLE');
    const http = await stack.request(`/v1/jobs/${id}`, { method: 'DELETE', key: KEYS.alice });
    assert.equal(http.status, 409);
    assert.equal(((await http.json()) as { code: string }).code, 'NOT_CANCELLABLE');
    const done = await client.getJob({ id, wait_seconds: 10 }, alice());
    assert.equal(done.status, 'JOB_STATUS_COMPLETED');
  });
});

describe('deadlines on a saturated queue', () => {
  let stack: StackFixture;
  before(async () => {
    // One slow worker, busy with async jobs for seconds.
    stack = await StackFixture.open({
      gatewayEnv: AUTH,
      workerEnv: { OCR_FAKE_DELAY_MS: '1500', BATCH_MAX_SIZE: '1', BATCH_MAX_IN_FLIGHT: '1', WORKER_CONCURRENCY: '1' },
    });
  });
  after(() => stack.close());

  test('a call whose deadline passes while its job waits gets DEADLINE_EXCEEDED and its job never reaches a worker', async () => {
    const client = stack.grpc();
    const busy = await Promise.all(
      [31, 32].map(async (w) => (await client.submitJob({ image: image(await png(w)) }, alice())).id),
    );
    const queue = new Queue(QUEUE_NAME, { connection: stack.redis, prefix: stack.prefix });
    try {
      while ((await queue.getActiveCount()) === 0) await new Promise((r) => setTimeout(r, 10));
      const error = await rejection(
        client.extractText({ image: image(await png(77)) }, alice('deadline-test'), {
          deadline: Date.now() + 50,
        }),
      );
      assert.equal(error.code, status.DEADLINE_EXCEEDED);
      // The gateway removes the job when the deadline passes: give it a moment, then look.
      await new Promise((r) => setTimeout(r, 100));
      const jobs = await queue.getJobs(['prioritized', 'waiting', 'active', 'completed', 'failed', 'delayed']);
      assert.deepEqual(jobs.map((j) => j.id).sort(), [...busy].sort(), 'only the async jobs remain');
      // Its image is gone too: only the two busy jobs' images are left (the first takes 1.5 s).
      assert.equal((await stack.redis.keys(`${stack.prefix}:ocr:blob:*`)).length, 2);
      // Once the worker has drained the queue, it has read only the two async images.
      for (const id of busy) await client.getJob({ id, wait_seconds: 10 }, alice());
      assert.equal((await queue.getJobs(['completed'])).length, 2);
    } finally {
      await queue.close();
    }
  });
});

test('a synchronous call whose time is up before its image is queued queues nothing, so no worker reads it for no one', async () => {
  const stack = await StackFixture.open({ gatewayEnv: AUTH, workerEnv: { OCR_FAKE_DELAY_MS: '0' } });
  const queue = new Queue(QUEUE_NAME, { connection: stack.redis, prefix: stack.prefix });
  try {
    const request = {
      tenant: 'alice',
      bytes: await png(50),
      options: { language: 'en', confidence_threshold: 0.5, use_angle_cls: true },
      api: 'grpc' as const,
    };
    // A deadline that has passed by the time the gateway's checks end: gRPC gives the handler
    // the time left, and a call that arrives with 1 ms left spends it on the checks.
    for (let i = 0; i < 5; i++) {
      await assert.rejects(
        stack.gateway.jobs.runSync(request, 0),
        (error: unknown) => error instanceof OcrError && error.code === 'TIMEOUT',
      );
    }
    await new Promise((r) => setTimeout(r, 300));
    const metrics = await (await stack.request('/metrics')).text();
    assert.doesNotMatch(metrics, /^ocr_jobs_submitted_total\{api="grpc"\} [1-9]/m);
    const jobs = await queue.getJobs(['prioritized', 'waiting', 'active', 'completed', 'failed', 'delayed']);
    assert.equal(jobs.length, 0);
  } finally {
    await queue.close();
    await stack.close();
  }
});

describe('limits and Redis outages', () => {
  let redis: PrivateRedis;
  let stack: StackFixture;
  before(async () => {
    redis = await PrivateRedis.start();
    stack = await StackFixture.open({
      worker: 'none',
      gatewayEnv: { ...AUTH, REDIS_URL: redis.url, GRPC_MAX_MESSAGE_BYTES: '4096' },
    });
  });
  after(async () => {
    await stack.close();
    await redis.destroy();
  });

  test('a message over the size limit is RESOURCE_EXHAUSTED', async () => {
    const client = stack.grpc();
    const error = await rejection(client.extractText({ image: { data: Buffer.alloc(8192, 1) } }, alice()));
    assert.equal(error.code, status.RESOURCE_EXHAUSTED);
  });

  test('with Redis down calls are UNAVAILABLE and health says NOT_SERVING, until Redis returns', async () => {
    const client = stack.grpc();
    const health = grpcHealthProbe(stack.gateway.grpcAddress!);
    const healthIs = (want: string) => until(() => health.check(''), want, 10_000);
    try {
      assert.equal(await healthIs('SERVING'), 'SERVING');
      await redis.stop();
      assert.equal(await healthIs('NOT_SERVING'), 'NOT_SERVING');
      const error = await rejection(client.submitJob({ image: image(await png()) }, alice()));
      assert.equal(error.code, status.UNAVAILABLE);
      await redis.start();
      assert.equal(await healthIs('SERVING'), 'SERVING');
    } finally {
      health.close();
    }
  });
});

/** Lists services the way grpcurl does: the reflection v1 stream, one list_services request. */
async function reflectedServices(address: string): Promise<string[]> {
  const require = createRequire(import.meta.url);
  const root = require.resolve('@grpc/reflection/package.json').replace(/package\.json$/, 'build/proto');
  const definition = loadSync('grpc/reflection/v1/reflection.proto', { keepCase: true, includeDirs: [root] });
  const pkg = loadPackageDefinition(definition) as unknown as {
    grpc: {
      reflection: {
        v1: {
          ServerReflection: new (
            address: string,
            creds: ReturnType<typeof credentials.createInsecure>,
          ) => { ServerReflectionInfo(): Duplex; close(): void };
        };
      };
    };
  };
  const reflection = new pkg.grpc.reflection.v1.ServerReflection(address, credentials.createInsecure());
  try {
    return await new Promise<string[]>((resolve, reject) => {
      const stream = reflection.ServerReflectionInfo();
      stream.on('data', (reply: { list_services_response?: { service: Array<{ name: string }> } }) => {
        resolve(reply.list_services_response?.service.map((s) => s.name) ?? []);
        stream.end();
      });
      stream.on('error', reject);
      stream.write({ list_services: '' });
    });
  } finally {
    reflection.close();
  }
}

describe('shutdown', () => {
  test('closing the gateway answers every waiting call before Redis closes: queued sync jobs are removed (UNAVAILABLE, send again) and watch streams end UNAVAILABLE', async () => {
    const stack = await StackFixture.open({ worker: 'none', gatewayEnv: { ...AUTH, SHUTDOWN_TIMEOUT_MS: '300' } });
    const queue = new Queue(QUEUE_NAME, { connection: stack.redis, prefix: stack.prefix });
    try {
      const client = stack.grpc();
      const calls = [41, 42, 43].map(async (w) =>
        rejection(client.extractText({ image: image(await png(w)) }, alice())),
      );
      const watched = await client.submitJob({ image: image(await png(44)) }, alice());
      const watch = new Promise<ServiceError>((resolve, reject) => {
        const stream = client.watchJob({ id: watched.id }, alice());
        stream.on('data', () => undefined);
        stream.on('error', resolve);
        stream.on('end', () => reject(new Error('the watch ended as if its job had finished')));
      });
      while ((await queue.getPrioritizedCount()) < 4) await new Promise((r) => setTimeout(r, 10));
      await stack.gateway.close();
      for (const error of await Promise.all(calls)) {
        assert.equal(error.code, status.UNAVAILABLE, `${error.code} ${error.details}`);
        assert.match(error.details, /shutting down.*Send it again/);
      }
      assert.equal((await watch).code, status.UNAVAILABLE);
      // Only the async job is left, with its image: the callers that were told to send again have no job running.
      const jobs = await queue.getJobs(['prioritized', 'waiting', 'active', 'completed', 'failed', 'delayed']);
      assert.deepEqual(
        jobs.map((j) => j.id),
        [watched.id],
      );
      assert.equal((await stack.redis.keys(`${stack.prefix}:ocr:blob:*`)).length, 1);
    } finally {
      await queue.close();
      await stack.close();
    }
  });
});
