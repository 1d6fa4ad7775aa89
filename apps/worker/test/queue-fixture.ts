import { randomUUID, createHash } from 'node:crypto';
import { Queue } from 'bullmq';
import { pino } from 'pino';
import { JOB_DATA_VERSION, type OcrJobData, type OcrOptions, QUEUE_NAME, RedisKeys } from '@ocr-pool/contracts';
import { QueueConnection } from '@ocr-pool/contracts/redis';
import type { OcrEngine } from '@ocr-pool/ocr-engine';
import { deletePrefix, ensureRedis, type RedisHandle } from '@ocr-pool/dev';
import { OcrWorker } from '../src/processing/ocr-worker.js';
import { WorkerMetrics } from '../src/metrics/worker-metrics.js';

/**
 * A private corner of a real Redis for one test: a unique key prefix, a queue to add jobs to the
 * way the gateway does, and helpers to run an in-process worker against it. `close` removes every
 * key the test wrote.
 */
export class QueueFixture {
  readonly prefix = `test-${randomUUID().slice(0, 8)}`;
  readonly keys = new RedisKeys(this.prefix);
  readonly queue: Queue<OcrJobData>;
  private readonly workers: OcrWorker[] = [];

  private constructor(
    readonly handle: RedisHandle,
    readonly redis: QueueConnection,
  ) {
    this.queue = new Queue<OcrJobData>(QUEUE_NAME, { connection: redis, prefix: this.prefix });
    // Tests that stop Redis would otherwise get every reconnect failure printed raw to stderr.
    redis.on('error', () => undefined);
    this.queue.on('error', () => undefined);
  }

  /** On the test Redis, or on the server at `redisUrl` (a private one a test stops and restarts). */
  static async open(redisUrl = process.env.REDIS_URL): Promise<QueueFixture> {
    const handle = await ensureRedis(redisUrl);
    const fixture = new QueueFixture(handle, new QueueConnection(handle.url));
    return fixture;
  }

  /** Stores `image` as a blob and adds a job for it, as the gateway would. */
  async addJob(
    image: Uint8Array,
    options: Partial<OcrOptions> = {},
    jobOptions: { attempts?: number } = {},
  ): Promise<string> {
    const id = randomUUID();
    const sha = createHash('sha256').update(image).digest('hex');
    const blobKey = this.keys.blob(id, sha);
    await this.redis.set(blobKey, Buffer.from(image), 'EX', 600);
    const data: OcrJobData = {
      v: JOB_DATA_VERSION,
      blobKey,
      options: { language: 'en', confidence_threshold: 0.5, use_angle_cls: true, ...options },
      tenant: 'test',
      api: 'v1',
      submittedAt: Date.now(),
      imageBytes: image.length,
      imageSha256: sha,
    };
    await this.queue.add('ocr', data, {
      jobId: id,
      attempts: jobOptions.attempts ?? 3,
      backoff: { type: 'fixed', delay: 50 },
    });
    return id;
  }

  startWorker(
    engine: OcrEngine,
    overrides: Partial<{
      maxSize: number;
      maxWaitMs: number;
      concurrency: number;
      imageRetentionSeconds: number;
    }> = {},
  ): OcrWorker {
    const maxSize = overrides.maxSize ?? 4;
    const worker = new OcrWorker({
      connection: this.redis,
      prefix: this.prefix,
      engine,
      batch: { maxSize, maxWaitMs: overrides.maxWaitMs ?? 20, maxInFlight: 1 },
      concurrency: overrides.concurrency ?? maxSize * 2,
      lockDurationMs: 5_000,
      stalledIntervalMs: 2_000,
      maxStalledCount: 1,
      imageRetentionSeconds: overrides.imageRetentionSeconds ?? 0,
      metrics: new WorkerMetrics(),
      logger: pino({ level: 'silent' }),
    });
    worker.start();
    this.workers.push(worker);
    return worker;
  }

  async finished(
    id: string,
    timeoutMs = 15_000,
  ): Promise<{ state: string; returnvalue: unknown; failedReason: string | undefined; attemptsMade: number }> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      // State first, then the job: loaded the other way round, a job finishing in between shows
      // as completed with the empty return value it had when it was loaded.
      const state = await this.queue.getJobState(id);
      const job = state === 'completed' || state === 'failed' ? await this.queue.getJob(id) : undefined;
      if (job) {
        return { state, returnvalue: job.returnvalue, failedReason: job.failedReason, attemptsMade: job.attemptsMade };
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`job ${id} did not finish within ${timeoutMs} ms`);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await this.queue.obliterate({ force: true }).catch(() => undefined);
    await deletePrefix(this.handle.url, this.prefix);
    await this.queue.close();
    // BullMQ leaves connections it was given open: they are ours to close.
    await this.redis.quit();
    await this.handle.close();
  }
}
