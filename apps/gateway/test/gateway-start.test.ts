import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { Agent, type IncomingHttpHeaders, request } from 'node:http';
import { pino } from 'pino';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUE_NAME, RedisKeys } from '@ocr-pool/contracts';
import { PrivateRedis, ServiceProcess, deletePrefix, ensureRedis, freePort } from '@ocr-pool/dev';
import { readGatewayConfig } from '../src/config.js';
import { startGateway } from '../src/gateway.js';
import { StackFixture, form, png } from './stack-fixture.js';

const listen = (port: number): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
const close = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

test('a gRPC port already taken fails the start and releases the HTTP port it had opened', async () => {
  const redis = await ensureRedis(process.env.REDIS_URL);
  const prefix = `start-test-${randomUUID().slice(0, 8)}`;
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  const squatter = await listen(grpcPort);
  try {
    const config = readGatewayConfig({
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      HOST: '127.0.0.1',
      PORT: String(httpPort),
      GRPC_PORT: String(grpcPort),
    });
    await assert.rejects(startGateway(config, pino({ level: 'silent' })), /No address added|EADDRINUSE|bind/i);
    await close(await listen(httpPort));
  } finally {
    await close(squatter);
    await deletePrefix(redis.url, prefix);
    await redis.close();
  }
});

test('a gateway shutting down starts no new request on a kept-alive connection: 503, Retry-After, Connection: close', async () => {
  const stack = await StackFixture.open({ worker: 'none' });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const get = (path: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> =>
    new Promise((resolve, reject) => {
      request(`${stack.url}${path}`, { agent }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
        .on('error', reject)
        .end();
    });
  try {
    const submitted = await stack.request('/v1/jobs', {
      method: 'POST',
      body: form({}, [{ field: 'image', bytes: await png() }]),
    });
    const { id } = (await submitted.json()) as { id: string };
    // A long poll holds the one connection while the gateway starts to shut down (no worker: the job waits).
    const holding = get(`/v1/jobs/${id}?wait=1`);
    await new Promise((r) => setTimeout(r, 200));
    const closing = stack.gateway.close();
    assert.equal((await holding).status, 200, 'the request in flight is answered');
    const late = await get('/v1/languages');
    assert.equal(late.status, 503, late.body);
    assert.equal((JSON.parse(late.body) as { code?: string }).code, 'UNAVAILABLE');
    assert.equal(late.headers['retry-after'], '1');
    assert.equal(late.headers.connection, 'close');
    await closing;
  } finally {
    agent.destroy();
    await stack.close();
  }
});

test('a gateway stopped while Redis is down closes, instead of waiting for a connection that is gone', async () => {
  const redis = await PrivateRedis.start();
  const config = readGatewayConfig({
    REDIS_URL: redis.url,
    QUEUE_PREFIX: `outage-${randomUUID().slice(0, 8)}`,
    HOST: '127.0.0.1',
    PORT: '0',
    GRPC_PORT: '0',
  });
  const gateway = await startGateway(config, pino({ level: 'silent' }));
  try {
    await redis.stop();
    // Its connections now wait between attempts to reconnect, which is where a close used to hang.
    await new Promise((r) => setTimeout(r, 500));
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), 10_000)));
    const outcome = await Promise.race([gateway.close().then(() => 'closed' as const), hung]);
    clearTimeout(timer);
    assert.equal(outcome, 'closed', 'close() finished with Redis down');
    assert.equal((await fetch(`${gateway.url}/healthz`).catch(() => undefined))?.status, undefined, 'HTTP is closed');
  } finally {
    await redis.destroy();
  }
});

// As a process, on SIGTERM: one second in, its connections wait between reconnect attempts; eight
// seconds in, the queue-events reader's blocking read and the metrics poll have given up too.
for (const downMs of [1_000, 8_000]) {
  test(`a gateway process stopped ${downMs / 1000} s into a Redis outage is not ready, exits 0 at once, and logs JSON only`, async () => {
    const redis = await PrivateRedis.start();
    let gateway: ServiceProcess | undefined;
    try {
      gateway = await ServiceProcess.start('gateway', {
        REDIS_URL: redis.url,
        QUEUE_PREFIX: `outage-${randomUUID().slice(0, 8)}`,
        HOST: '127.0.0.1',
        // Past this the gateway exits 1 on its own: a close that waits for a connection that is gone.
        SHUTDOWN_TIMEOUT_MS: '15000',
      });
      await redis.stop();
      await new Promise((r) => setTimeout(r, downMs));
      const readiness = await fetch(`${gateway.url}/readyz`, { signal: AbortSignal.timeout(5_000) });
      assert.equal(readiness.status, 503, 'readiness answers, and says not ready');
      const started = Date.now();
      assert.equal(await gateway.stop('SIGTERM'), 0, gateway.logs.slice(-5).join('\n'));
      assert.ok(Date.now() - started < 5_000, `exit took ${Date.now() - started} ms`);
      const notJson = gateway.logs.filter((line) => !line.startsWith('{'));
      assert.deepEqual(notJson.slice(0, 3), []);
    } finally {
      await gateway?.stop('SIGKILL');
      await redis.destroy();
    }
  });
}

test('while Redis is stalled, submits get a 503 with Retry-After within REDIS_COMMAND_TIMEOUT_MS, and an add it held is withdrawn once it answers', async () => {
  const redis = await PrivateRedis.start();
  const prefix = `stall-${randomUUID().slice(0, 8)}`;
  const config = readGatewayConfig({
    REDIS_URL: redis.url,
    QUEUE_PREFIX: prefix,
    HOST: '127.0.0.1',
    PORT: '0',
    GRPC_PORT: '0',
    REDIS_COMMAND_TIMEOUT_MS: '500',
    SYNC_TIMEOUT_MS: '30000',
  });
  const gateway = await startGateway(config, pino({ level: 'silent' }));
  const queue = new Queue(QUEUE_NAME, { connection: { url: redis.url }, prefix });
  const reader = new Redis(redis.url);
  const submit = (path: string, width: number) =>
    fetch(`${gateway.url}${path}`, {
      method: 'POST',
      body: form({ language: 'en' }, [
        { field: path === '/v1/batches' ? 'images' : 'image', bytes: image(width) },
        ...(path === '/v1/batches' ? [{ field: 'images', bytes: image(40) }] : []),
      ]),
      signal: AbortSignal.timeout(10_000),
    });
  const images = [await png(40, 20), await png(41, 20)];
  const image = (width: number) => images[width - 40]!;
  try {
    let accepted = 0;
    for (const path of ['/v1/jobs', '/v1/batches']) {
      // One accepted job; it also fills the gateway's short caches (languages, queue depth), so
      // the next submit's first command to Redis is its add.
      assert.equal((await submit('/v1/jobs', 40)).status, 202);
      accepted++;
      redis.pause();
      const started = Date.now();
      const res = await submit(path, 41);
      assert.equal(res.status, 503, `${path}: ${await res.clone().text()}`);
      assert.equal(((await res.json()) as { code: string }).code, 'UNAVAILABLE');
      assert.equal(res.headers.get('retry-after'), '1');
      assert.ok(Date.now() - started < 3_000, `${path} answered after ${Date.now() - started} ms`);
      redis.resume();
      // The adds the gateway sent run now, and the withdrawals it sent after them run next.
      await new Promise((r) => setTimeout(r, 500));
      const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed');
      const queued = counts.waiting! + counts.prioritized! + counts.active! + counts.delayed!;
      assert.equal(queued, accepted, `${path}: ${JSON.stringify(counts)}`);
      assert.equal((await reader.keys(`${new RedisKeys(prefix).blob('*', '')}*`)).length, accepted);
    }
    // A synchronous call is held no longer than a submit.
    redis.pause();
    const started = Date.now();
    assert.equal((await submit('/extract_text', 41)).status, 503);
    assert.ok(Date.now() - started < 3_000, `/extract_text answered after ${Date.now() - started} ms`);
  } finally {
    redis.resume();
    reader.disconnect();
    await queue.close();
    await gateway.close();
    await redis.destroy();
  }
});
