import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { PrivateRedis, ServiceProcess } from '@ocr-pool/dev';
import { QueueFixture } from './queue-fixture.js';

/**
 * The worker as a real process: killed mid-batch its jobs are taken over by another worker;
 * asked to stop, it finishes the batch in hand and exits cleanly.
 */
const images: Uint8Array[] = [];
before(async () => {
  for (let i = 0; i < 6; i++) {
    images.push(
      new Uint8Array(
        await sharp({ create: { width: 30 + i, height: 20, channels: 3, background: '#fff' } })
          .png()
          .toBuffer(),
      ),
    );
  }
});

/** A worker on `f`'s Redis and prefix, with the fake engine taking `delayMs` per batch. */
function workerEnv(f: { handle: { url: string }; prefix: string }, delayMs: number): Record<string, string> {
  return {
    REDIS_URL: f.handle.url,
    QUEUE_PREFIX: f.prefix,
    OCR_ENGINE: 'fake',
    OCR_FAKE_DELAY_MS: String(delayMs),
    BATCH_MAX_SIZE: '3',
    BATCH_MAX_IN_FLIGHT: '1',
    // Short locks so the test sees a dead worker's jobs come back within seconds.
    LOCK_DURATION_MS: '2000',
    STALLED_INTERVAL_MS: '1000',
  };
}

async function untilActive(f: QueueFixture, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const active = await f.queue.getActiveCount();
    if (active > 0) return active;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('no job became active');
}

test('a worker killed with SIGKILL mid-batch loses nothing: another worker completes its jobs once each', async () => {
  const f = await QueueFixture.open();
  const workers: ServiceProcess[] = [];
  try {
    const first = await ServiceProcess.start('worker', workerEnv(f, 1500));
    workers.push(first);
    const ids = await Promise.all(images.map((image) => f.addJob(image)));
    await untilActive(f);
    await first.stop('SIGKILL');
    const second = await ServiceProcess.start('worker', workerEnv(f, 50));
    workers.push(second);
    const results = await Promise.all(ids.map((id) => f.finished(id, 30_000)));
    assert.deepEqual(
      results.map((r) => r.state),
      ids.map(() => 'completed'),
    );
    // Each image's result is its own: the fake engine's text names the image size.
    results.forEach((r, i) =>
      assert.match((r.returnvalue as { text: string }).text, new RegExp(`^fake ${30 + i}x20 `)),
    );
    const completions = second.logs.filter((line) => line.includes('"job completed"'));
    assert.equal(
      new Set(completions.map((line) => (JSON.parse(line) as { jobId: string }).jobId)).size,
      completions.length,
    );
    // The dead worker already counted the queue wait of the jobs it held; the second counts only
    // the jobs no worker had taken, so the fleet's histogram holds each job once.
    const jobs = await Promise.all(ids.map((id) => f.queue.getJob(id)));
    const rerun = jobs.filter((job) => job!.stalledCounter > 0).length;
    assert.ok(rerun > 0, 'some jobs were taken over from the killed worker');
    const metrics = await (await fetch(`${second.url}/metrics`)).text();
    assert.match(metrics, new RegExp(`^ocr_worker_queue_wait_seconds_count ${ids.length - rerun}$`, 'm'));
  } finally {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await f.close();
  }
});

test('SIGTERM stops taking jobs, finishes the batch in hand, and exits 0', async () => {
  const f = await QueueFixture.open();
  let worker: ServiceProcess | undefined;
  try {
    worker = await ServiceProcess.start('worker', workerEnv(f, 800));
    const ids = await Promise.all(images.map((image) => f.addJob(image)));
    const active = await untilActive(f);
    assert.equal(await worker.stop('SIGTERM'), 0);
    const states = await Promise.all(ids.map(async (id) => (await f.queue.getJob(id))?.getState()));
    assert.equal(states.filter((s) => s === 'active').length, 0, `states after shutdown: ${states.join(',')}`);
    assert.ok(states.filter((s) => s === 'completed').length >= active);
    assert.ok(worker.logs.some((line) => line.includes('finishing the batch in hand')));
  } finally {
    await worker?.stop('SIGKILL');
    await f.close();
  }
});

// One second in, the blocking wait for jobs is broken and its connection waits to reconnect; past
// BullMQ's watchdog (drain delay 5 s + 1 s) the worker is waiting for Redis to come back instead.
for (const downMs of [1_000, 8_000]) {
  test(`a worker stopped ${downMs / 1000} s into a Redis outage is not ready, exits 0 at once, and reports the outage in its JSON log only`, async () => {
    const redis = await PrivateRedis.start();
    let worker: ServiceProcess | undefined;
    try {
      worker = await ServiceProcess.start('worker', {
        ...workerEnv({ handle: { url: redis.url }, prefix: `outage-${process.pid}` }, 50),
        // Past this the worker exits 1 on its own: a close that waits for a connection that is gone.
        SHUTDOWN_TIMEOUT_MS: '15000',
      });
      await redis.stop();
      await new Promise((r) => setTimeout(r, downMs));
      const readiness = await fetch(`${worker.url}/readyz`, { signal: AbortSignal.timeout(5_000) });
      assert.equal(readiness.status, 503, 'readiness answers, and says not ready');
      assert.equal(await worker.stop('SIGTERM'), 0, worker.logs.slice(-5).join('\n'));
      assert.ok(worker.logs.some((line) => line.includes('redis connection error')));
      // BullMQ prints connection errors raw to stderr when nothing listens for them.
      const notJson = worker.logs.filter((line) => !line.startsWith('{'));
      assert.deepEqual(notJson.slice(0, 3), []);
    } finally {
      await worker?.stop('SIGKILL');
      await redis.destroy();
    }
  });
}

test('a worker stopped during a Redis outage with a job in hand acknowledges it when Redis returns, then exits 0', async () => {
  const redis = await PrivateRedis.start({ appendOnly: true });
  const f = await QueueFixture.open(redis.url);
  let worker: ServiceProcess | undefined;
  try {
    worker = await ServiceProcess.start('worker', {
      ...workerEnv(f, 2_000),
      SHUTDOWN_TIMEOUT_MS: '20000',
      // The lock must outlast the outage: its renewals wait for Redis like everything else.
      LOCK_DURATION_MS: '15000',
    });
    const id = await f.addJob(images[0]!);
    await untilActive(f);
    await redis.stop();
    // The worker sees the outage before it is asked to stop.
    await new Promise((r) => setTimeout(r, 300));
    const stopping = worker.stop('SIGTERM');
    await new Promise((r) => setTimeout(r, 1_000));
    await redis.start();
    assert.equal(await stopping, 0, worker.logs.slice(-5).join('\n'));
    assert.equal((await f.finished(id, 5_000)).state, 'completed');
  } finally {
    await worker?.stop('SIGKILL');
    await f.close();
    await redis.destroy();
  }
});

/**
 * A tall page of 120 text lines: over 2 s of real inference on two threads even on the fastest VM
 * seen here (a Zen 5 read 40 such lines in 0.92 s, under the 1 s lock the test needs it to outlast).
 */
async function longPage(): Promise<Uint8Array> {
  const lines = Array.from(
    { length: 120 },
    (_, i) =>
      `<text x="60" y="${80 + i * 60}" font-family="DejaVu Sans" font-size="28" fill="#111">Line ${i + 1}: the quick brown fox jumps over the lazy dog ${1000 + i}</text>`,
  ).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1700" height="7300"><rect width="100%" height="100%" fill="#fff"/>${lines}</svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

test('while the real engine reads a long page, health, readiness and metrics answer and the job lock is renewed', async () => {
  const f = await QueueFixture.open();
  let worker: ServiceProcess | undefined;
  try {
    worker = await ServiceProcess.start(
      'worker',
      {
        REDIS_URL: f.handle.url,
        QUEUE_PREFIX: f.prefix,
        OCR_INFERENCE_THREADS: '2',
        // A lock shorter than the page: only renewals from a free event loop keep the job from stalling.
        LOCK_DURATION_MS: '1000',
        STALLED_INTERVAL_MS: '500',
      },
      120_000,
    );
    const id = await f.addJob(await longPage());
    await untilActive(f);
    const started = Date.now();
    let worst = 0,
      probes = 0;
    while ((await f.queue.getJob(id))?.finishedOn === undefined) {
      for (const path of ['/healthz', '/readyz', '/metrics']) {
        const t0 = performance.now();
        const response = await fetch(`${worker.url}${path}`);
        await response.text();
        worst = Math.max(worst, performance.now() - t0);
        probes++;
        assert.equal(response.status, 200, `${path} answered ${response.status} during the page`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const pageMs = Date.now() - started;
    const job = (await f.queue.getJob(id))!;
    assert.equal(await job.getState(), 'completed');
    assert.ok(pageMs > 1000, `the page took ${pageMs} ms: it must outlast the 1 s lock (make longPage longer)`);
    assert.ok(probes >= 9, `${probes} probes during the page`);
    // Inference on the worker's main thread would hold each answer for the whole model call.
    assert.ok(worst < 250, `a probe waited ${worst.toFixed(0)} ms`);
    assert.equal(job.attemptsStarted, 1, 'the job ran once: its lock never lapsed');
    assert.ok(!worker.logs.some((line) => line.includes('job stalled')));
  } finally {
    await worker?.stop('SIGKILL');
    await f.close();
  }
});

test('a shutdown that times out while the real engine is inside a model run exits 1, with only JSON on its output', async () => {
  const f = await QueueFixture.open();
  let worker: ServiceProcess | undefined;
  try {
    worker = await ServiceProcess.start(
      'worker',
      { REDIS_URL: f.handle.url, QUEUE_PREFIX: f.prefix, OCR_INFERENCE_THREADS: '2', SHUTDOWN_TIMEOUT_MS: '500' },
      120_000,
    );
    const page = await longPage();
    await Promise.all([f.addJob(page), f.addJob(page)]);
    await untilActive(f);
    await new Promise((r) => setTimeout(r, 300));
    // Exiting inside onnxruntime used to die of SIGABRT (exit code null) with C++ text on stderr.
    assert.equal(await worker.stop('SIGTERM'), 1, worker.logs.slice(-5).join('\n'));
    const notJson = worker.logs.filter((line) => {
      try {
        JSON.parse(line);
        return false;
      } catch {
        return true;
      }
    });
    assert.deepEqual(notJson, []);
    assert.ok(worker.logs.some((line) => line.includes('shutdown timed out')));
  } finally {
    await worker?.stop('SIGKILL');
    await f.close();
  }
});
