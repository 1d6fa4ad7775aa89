import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { ErrorCodes, type OcrResult } from '@ocr-pool/contracts';
import { FakeEngine, type OcrEngine, type OcrOutcome, type OcrRequest } from '@ocr-pool/ocr-engine';
import { QueueFixture } from './queue-fixture.js';
import { EngineDeadline } from '../src/processing/engine-deadline.js';

/** The worker against a real Redis, with the fake engine (these tests are about the queue, not OCR). */
let png: Uint8Array;
before(async () => {
  png = new Uint8Array(
    await sharp({ create: { width: 40, height: 20, channels: 3, background: '#fff' } })
      .png()
      .toBuffer(),
  );
});

const limits = { maxBytes: 1 << 20, maxPixels: 1 << 24 };

async function withFixture(run: (f: QueueFixture) => Promise<void>): Promise<void> {
  const fixture = await QueueFixture.open();
  try {
    await run(fixture);
  } finally {
    await fixture.close();
  }
}

test('a job completes with the engine result and its image is deleted afterwards', () =>
  withFixture(async (f) => {
    f.startWorker(new FakeEngine({ limits }));
    const id = await f.addJob(png);
    const done = await f.finished(id);
    assert.equal(done.state, 'completed');
    assert.match((done.returnvalue as OcrResult).text, /^fake 40x20 /);
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(await f.redis.keys(`${f.prefix}:ocr:blob:*`), []);
  }));

test('with an image retention a completed job keeps its image for that long, to be drawn', () =>
  withFixture(async (f) => {
    f.startWorker(new FakeEngine({ limits }), { imageRetentionSeconds: 30 });
    const id = await f.addJob(png);
    assert.equal((await f.finished(id)).state, 'completed');
    await new Promise((r) => setTimeout(r, 100));
    const [key] = await f.redis.keys(`${f.prefix}:ocr:blob:*`);
    assert.ok(key, 'the image is kept');
    const ttl = await f.redis.ttl(key);
    assert.ok(ttl > 0 && ttl <= 30, `ttl ${ttl}`);
  }));

test('jobs that arrive together are read in engine batches', () =>
  withFixture(async (f) => {
    const engine = new FakeEngine({ limits, delayMs: 60 });
    f.startWorker(engine, { maxSize: 4 });
    const ids = await Promise.all(Array.from({ length: 12 }, () => f.addJob(png)));
    await Promise.all(ids.map((id) => f.finished(id)));
    assert.equal(
      engine.batchSizes.reduce((a, b) => a + b, 0),
      12,
    );
    assert.ok(Math.max(...engine.batchSizes) > 1, `batch sizes ${engine.batchSizes.join(',')}`);
    assert.ok(engine.batchSizes.every((size) => size <= 4));
  }));

test('a bad image fails at once with its code, without retries, and its image is deleted', () =>
  withFixture(async (f) => {
    // Retention keeps completed images for drawing; a failed job has nothing to draw.
    f.startWorker(new FakeEngine({ limits }), { imageRetentionSeconds: 30 });
    const id = await f.addJob(new Uint8Array(Buffer.from('definitely not an image')));
    const done = await f.finished(id);
    assert.equal(done.state, 'failed');
    assert.equal(done.attemptsMade, 1);
    assert.match(done.failedReason ?? '', /^IMAGE_UNREADABLE: /);
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(await f.redis.keys(`${f.prefix}:ocr:blob:*`), []);
  }));

test('a job whose image vanished fails with BLOB_MISSING instead of hanging', () =>
  withFixture(async (f) => {
    const id = await f.addJob(png);
    await f.redis.del(...(await f.redis.keys(`${f.prefix}:ocr:blob:*`)));
    f.startWorker(new FakeEngine({ limits }));
    const done = await f.finished(id);
    assert.equal(done.state, 'failed');
    assert.match(done.failedReason ?? '', /^BLOB_MISSING: /);
  }));

test('job data of an unknown version is refused, not crashed on', () =>
  withFixture(async (f) => {
    await f.queue.add('ocr', { v: 99, blobKey: 'x' } as never, { jobId: 'bad-payload' });
    f.startWorker(new FakeEngine({ limits }));
    const done = await f.finished('bad-payload');
    assert.equal(done.state, 'failed');
    assert.match(done.failedReason ?? '', new RegExp(`^${ErrorCodes.JOB_PAYLOAD_INVALID}: `));
  }));

test("job data of another version is refused, and the job's image is deleted with it", () =>
  withFixture(async (f) => {
    const id = await f.addJob(png);
    const key = f.keys.blob(id, (await f.queue.getJob(id))!.data.imageSha256);
    await f.redis.hset(`${f.prefix}:ocr:${id}`, 'data', JSON.stringify({ ...(await f.queue.getJob(id))!.data, v: 2 }));
    f.startWorker(new FakeEngine({ limits }));
    const done = await f.finished(id);
    assert.equal(done.state, 'failed');
    assert.match(done.failedReason ?? '', /^JOB_PAYLOAD_INVALID: The job data is not a version this worker reads/);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(await f.redis.exists(key), 0, 'the image does not wait for its TTL');
  }));

test('job data that is not JSON fails the job with JOB_PAYLOAD_INVALID instead of stalling it forever', () =>
  withFixture(async (f) => {
    const id = await f.addJob(png);
    await f.redis.hset(`${f.prefix}:ocr:${id}`, 'data', '{not json');
    f.startWorker(new FakeEngine({ limits }));
    // Read field by field: BullMQ's getJob would parse the data, and throw, as its worker did.
    for (let i = 0; i < 600 && (await f.queue.getJobState(id)) !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    const [failedReason, attemptsMade] = await f.redis.hmget(`${f.prefix}:ocr:${id}`, 'failedReason', 'atm');
    assert.equal(await f.queue.getJobState(id), 'failed');
    assert.equal(attemptsMade, '1');
    assert.match(failedReason ?? '', /^JOB_PAYLOAD_INVALID: The job data is not JSON \(/);
  }));

test("a job naming another job's image is refused: the worker neither reads nor deletes that key", () =>
  withFixture(async (f) => {
    const victim = await f.addJob(png);
    const victimKey = f.keys.blob(victim, (await f.queue.getJob(victim))!.data.imageSha256);
    await f.queue.remove(victim);
    const id = await f.addJob(png);
    const job = (await f.queue.getJob(id))!;
    await f.redis.hset(`${f.prefix}:ocr:${id}`, 'data', JSON.stringify({ ...job.data, blobKey: victimKey }));
    f.startWorker(new FakeEngine({ limits }));
    const done = await f.finished(id);
    assert.equal(done.state, 'failed');
    assert.match(done.failedReason ?? '', /^JOB_PAYLOAD_INVALID: The job's blobKey is not this job's image key/);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(await f.redis.exists(victimKey), 1, "the other job's image is untouched");
  }));

test('a job in a language this worker does not read fails at once with LANGUAGE_UNAVAILABLE', () =>
  withFixture(async (f) => {
    f.startWorker(new FakeEngine({ limits, languages: ['en'] }));
    const done = await f.finished(await f.addJob(png, { language: 'ko' }));
    assert.equal(done.state, 'failed');
    assert.equal(done.attemptsMade, 1);
    assert.match(done.failedReason ?? '', /^LANGUAGE_UNAVAILABLE: /);
  }));

test('an engine call that never answers releases its job for another worker once ENGINE_CALL_TIMEOUT_MS passes', () =>
  withFixture(async (f) => {
    const stuck = new EngineDeadline(
      new (class extends FakeEngine {
        override recognize(): Promise<OcrOutcome[]> {
          return new Promise<OcrOutcome[]>(() => undefined);
        }
      })({ limits }),
      300,
    );
    f.startWorker(stuck);
    const id = await f.addJob(png);
    let job = await f.queue.getJob(id);
    for (let i = 0; i < 200 && !job?.attemptsMade; i++) {
      await new Promise((r) => setTimeout(r, 20));
      job = await f.queue.getJob(id);
    }
    assert.equal(job?.attemptsMade, 1);
    assert.match(job?.failedReason ?? '', /^ENGINE_FAILURE: The engine did not answer within 300 ms/);
    assert.equal(stuck.healthy(), false);
    // The stuck worker takes no more; a healthy one reads the job.
    f.startWorker(new FakeEngine({ limits }));
    const done = await f.finished(id);
    assert.equal(done.state, 'completed');
  }));

/** Fails the first batch with an engine error, then works. */
class FlakyEngine implements OcrEngine {
  readonly id = 'flaky';
  private calls = 0;
  constructor(private readonly inner: OcrEngine) {}
  languages() {
    return this.inner.languages();
  }
  async recognize(requests: readonly OcrRequest[]): Promise<OcrOutcome[]> {
    if (this.calls++ === 0) {
      const fake = await this.inner.recognize(requests);
      return fake.map(() => ({
        ok: false,
        error: Object.assign(new Error('model crashed'), { code: ErrorCodes.ENGINE_FAILURE, details: {} }),
      })) as never;
    }
    return this.inner.recognize(requests);
  }
  close() {
    return this.inner.close();
  }
}

test('an engine failure is retried and the job then completes', () =>
  withFixture(async (f) => {
    f.startWorker(new FlakyEngine(new FakeEngine({ limits })));
    const id = await f.addJob(png);
    const done = await f.finished(id);
    assert.equal(done.state, 'completed');
    assert.equal(done.attemptsMade, 2);
  }));

test('while its engine can read nothing, a worker hands jobs back with their attempts untouched and takes no more', () =>
  withFixture(async (f) => {
    class BrokenEngine extends FakeEngine {
      broken = true;
      healthy(): boolean {
        return !this.broken;
      }
    }
    const broken = new BrokenEngine({ limits });
    f.startWorker(broken);
    const first = await f.addJob(png, {}, { attempts: 1 });
    let state = '';
    for (let i = 0; i < 100 && state !== 'delayed'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      state = await f.queue.getJobState(first);
    }
    assert.equal(state, 'delayed');
    // A worker that can read takes the jobs: the broken one, always idle, no longer takes any.
    const healthy = new FakeEngine({ limits, delayMs: 50 });
    f.startWorker(healthy);
    const more = await Promise.all(Array.from({ length: 8 }, () => f.addJob(png, {}, { attempts: 1 })));
    const done = await Promise.all([first, ...more].map((id) => f.finished(id, 10_000)));
    assert.deepEqual(
      done.map((d) => [d.state, d.attemptsMade]),
      done.map(() => ['completed', 1]),
    );
    assert.equal(broken.batchSizes.length, 0, 'the broken engine was never asked');
    const handedBack = await Promise.all(
      [first, ...more].map(async (id) => (await f.queue.getJob(id))?.attemptsStarted),
    );
    assert.ok(
      handedBack.filter((started) => (started ?? 0) > 1).length <= 2,
      `starts per job: ${handedBack.join(',')}`,
    );
    // Once it can read again, it takes jobs again.
    broken.broken = false;
    await new Promise((r) => setTimeout(r, 700));
    const later = await Promise.all(Array.from({ length: 6 }, () => f.addJob(png, {}, { attempts: 1 })));
    await Promise.all(later.map((id) => f.finished(id, 10_000)));
    assert.ok(broken.batchSizes.length > 0, 'the repaired worker took jobs again');
  }));
