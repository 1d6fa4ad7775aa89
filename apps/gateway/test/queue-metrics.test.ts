import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { QUEUE_NAME } from '@ocr-pool/contracts';
import { PrivateRedis, parseSamples, promtool, sample } from '@ocr-pool/dev';
import { readGatewayConfig } from '../src/config.js';
import { startGateway } from '../src/gateway.js';
import { StackFixture, form, png } from './stack-fixture.js';

/**
 * The gateway's /metrics against a real Redis: the queue gauges equal BullMQ's own counts while
 * jobs sit in every state, the oldest-job age finds the oldest job whichever priority it has, the
 * text passes `promtool check metrics`, and a Redis outage leaves the gauges out instead of failing
 * the scrape or reporting stale numbers.
 */
let stack: StackFixture;
let queue: Queue;
let holder: Worker | undefined;
const connections: Redis[] = [];
/** A connection for a BullMQ worker in this process (blocking commands need maxRetriesPerRequest: null). */
function workerConnection(): Redis {
  const connection = new Redis(stack.handle.url, { maxRetriesPerRequest: null });
  connections.push(connection);
  return connection;
}
before(async () => {
  stack = await StackFixture.open({ worker: 'none' });
  queue = new Queue(QUEUE_NAME, { connection: stack.redis, prefix: stack.prefix });
});
after(async () => {
  await holder?.close(true);
  await queue.close();
  for (const connection of connections) connection.disconnect();
  await stack.close();
});

async function scrape(): Promise<string> {
  const response = await stack.request('/metrics');
  assert.equal(response.status, 200);
  return response.text();
}

test('queue gauges equal the real counts by state while jobs wait, and the oldest job is found in any priority band', async () => {
  // Two finished jobs and one failed, by a worker in this process that then stops.
  for (const name of ['ok', 'ok', 'fail']) await queue.add(name, {}, { attempts: 1 });
  const finisher = new Worker(
    QUEUE_NAME,
    (job) => {
      if (job.name === 'fail') throw new Error('ENGINE_FAILURE: planned');
      return Promise.resolve('done');
    },
    { connection: workerConnection(), prefix: stack.prefix },
  );
  while ((await queue.getCompletedCount()) < 2 || (await queue.getFailedCount()) < 1)
    await new Promise((r) => setTimeout(r, 20));
  await finisher.close();

  // One job held by a worker (active), fetched by hand so that nothing processes it.
  await queue.add('held', {});
  holder = new Worker(QUEUE_NAME, null, { connection: workerConnection(), prefix: stack.prefix });
  assert.ok(await holder.getNextJob('held-by-test'));

  // Waiting without priority, in three priority bands, and delayed. The oldest job (submitted two
  // minutes ago) sits in the last band, behind newer jobs that run before it.
  const submittedLongAgo = Date.now() - 120_000;
  const started = Date.now();
  await queue.add('plain', {});
  await queue.add('plain', {});
  await queue.add('sync', {}, { priority: 1 });
  await queue.add('mid', {}, { priority: 5 });
  await queue.add('old', {}, { priority: 20, timestamp: submittedLongAgo });
  await queue.add('later', {}, { delay: 60_000 });
  await queue.add('later', {}, { delay: 60_000 });
  // And two through the API, as clients submit them (async submissions are prioritized).
  for (const width of [31, 32]) {
    const res = await stack.request('/v1/jobs', {
      method: 'POST',
      body: form({}, [{ field: 'image', bytes: await png(width) }]),
    });
    assert.equal(res.status, 202);
  }

  const text = await scrape();
  const age = (Date.now() - submittedLongAgo) / 1000;
  const samples = parseSamples(text);
  const real = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed');
  const expected = { waiting: 2, prioritized: 5, active: 1, delayed: 2, completed: 2, failed: 1 };
  for (const [state, count] of Object.entries(expected)) {
    assert.equal(real[state], count, `BullMQ counts ${count} ${state}`);
    assert.equal(sample(samples, `ocr_queue_jobs{state="${state}"}`), count, `ocr_queue_jobs{state="${state}"}`);
  }
  const oldest = sample(samples, 'ocr_queue_oldest_waiting_seconds');
  assert.ok(
    oldest >= (started - submittedLongAgo) / 1000 && oldest <= age,
    `oldest waiting ${oldest} s, job age ${age} s`,
  );
  assert.equal(sample(samples, 'ocr_queue_read_errors_total'), 0);
});

test('/metrics passes promtool check metrics with nothing to report', async () => {
  await stack.request('/v1/jobs/nope');
  const check = promtool(['check', 'metrics'], await scrape());
  assert.equal(check.output, '');
  assert.equal(check.status, 0);
});

test('while Redis is down /metrics still answers: queue gauges are left out and the failed read is counted', async () => {
  const redis = await PrivateRedis.start();
  const config = readGatewayConfig({
    REDIS_URL: redis.url,
    QUEUE_PREFIX: 'outage',
    HOST: '127.0.0.1',
    PORT: '0',
    GRPC_PORT: '0',
  });
  const gateway = await startGateway(config, pino({ level: 'silent' }));
  try {
    const before = parseSamples(await (await fetch(`${gateway.url}/metrics`)).text());
    assert.equal(sample(before, 'ocr_queue_jobs{state="waiting"}'), 0);
    await redis.stop();
    const response = await fetch(`${gateway.url}/metrics`);
    assert.equal(response.status, 200);
    const during = parseSamples(await response.text());
    assert.equal([...during.keys()].filter((k) => k.startsWith('ocr_queue_jobs')).length, 0);
    assert.ok(Number.isNaN(sample(during, 'ocr_queue_oldest_waiting_seconds')));
    assert.equal(sample(during, 'ocr_queue_read_errors_total'), 1);
  } finally {
    // Back up before closing, so that closing the gateway's connections never waits on a dead server.
    await redis.start();
    await gateway.close();
    await redis.destroy();
  }
});
