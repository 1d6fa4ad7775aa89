import { DelayedError, type Job, type JobJson, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { QUEUE_NAME, RedisKeys, decodeFailure } from '@ocr-pool/contracts';
import type { QueueConnection } from '@ocr-pool/contracts/redis';
import type { OcrEngine, OcrOutcome, OcrRequest } from '@ocr-pool/ocr-engine';
import { DynamicBatcher } from '../batching/dynamic-batcher.js';
import type { WorkerMetrics } from '../metrics/worker-metrics.js';
import { OcrJobProcessor } from './ocr-job-processor.js';
import { unreadableData } from './unreadable-job.js';

/**
 * The BullMQ worker around the engine: takes jobs from the `ocr` queue, batches them, and
 * deletes each job's image once the job has ended for good. Closing stops taking jobs, lets the
 * batch in hand finish, and acknowledges it.
 */
export interface OcrWorkerOptions {
  connection: QueueConnection;
  prefix: string;
  engine: OcrEngine;
  batch: { maxSize: number; maxWaitMs: number; maxInFlight: number };
  concurrency: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  maxStalledCount: number;
  /** Seconds a completed job's image is kept (for `annotated.png`); 0 deletes it when the job ends. */
  imageRetentionSeconds?: number;
  metrics: WorkerMetrics;
  logger: Logger;
}

/**
 * BullMQ's worker, except that once it is closing it takes no new job. When a Redis outage breaks
 * its blocking wait for jobs, BullMQ asks for a job without looking at `closing`; that request waits
 * in the connection's offline queue until Redis returns, holding the close all that time, and then
 * starts a job on the way out.
 */
class StoppingWorker extends Worker {
  protected override async moveToActive(token: string, name?: string): Promise<Job> {
    // BullMQ's own "no job" is undefined too, whatever its declared type says.
    if (this.closing) return undefined as unknown as Job;
    return super.moveToActive(token, name);
  }

  /** A job whose data is not JSON gets stand-in data the processor fails (see unreadable-job.ts). */
  protected override createJob(raw: JobJson, jobId: string): Job {
    try {
      return super.createJob(raw, jobId);
    } catch (error) {
      return super.createJob({ ...raw, data: unreadableData(error) }, jobId);
    }
  }
}

/** A handed-back job waits this long before any worker takes it again. */
const HAND_BACK_DELAY_MS = 1_000;
/** How often a worker that stopped taking jobs asks whether its engine can read again. */
const ENGINE_RECHECK_MS = 500;

export class OcrWorker {
  private readonly worker: Worker;
  private readonly queue: Queue;
  private readonly keys: RedisKeys;
  readonly batcher: DynamicBatcher<OcrRequest, OcrOutcome>;
  private closing = false;
  /** Set while the worker takes no jobs because its engine cannot read. */
  private engineRecheck: NodeJS.Timeout | undefined;

  constructor(private readonly options: OcrWorkerOptions) {
    const { connection, prefix, metrics, logger } = options;
    this.keys = new RedisKeys(prefix);
    this.queue = new Queue(QUEUE_NAME, { connection, prefix });
    // The queue repeats its connection's errors, which the process logs already; with no listener
    // of its own BullMQ would print each one raw to stderr, outside the JSON log.
    this.queue.on('error', (error) => logger.debug({ err: error.message }, 'queue connection error'));
    this.batcher = new DynamicBatcher<OcrRequest, OcrOutcome>({
      ...options.batch,
      run: (requests) => options.engine.recognize(requests),
      moreWaiting: async () => {
        const counts = await this.queue.getJobCounts('waiting', 'prioritized');
        return (counts.waiting ?? 0) + (counts.prioritized ?? 0) > 0;
      },
      onBatch: (size) => metrics.batchSize.observe(size),
      onIsolate: (size, error) => {
        metrics.batchSplits.inc();
        logger.warn(
          { size, err: error instanceof Error ? error.message : String(error) },
          'a batch failed as a whole; running its images one by one so only the one at fault fails',
        );
      },
    });
    const processor = new OcrJobProcessor(connection, this.keys, this.batcher, metrics, logger);
    this.worker = new StoppingWorker(
      QUEUE_NAME,
      (job: Job, token?: string) =>
        options.engine.healthy?.() === false ? this.handBack(job, token) : processor.process(job),
      {
        connection,
        prefix,
        concurrency: options.concurrency,
        lockDuration: options.lockDurationMs,
        stalledInterval: options.stalledIntervalMs,
        maxStalledCount: options.maxStalledCount,
        autorun: false,
      },
    );
    // One log line per state change of a job, each with the job's id, tenant, batch and request id.
    this.worker.on('active', (job) => {
      logger.info({ ...jobFields(job), queueWaitMs: since(job.timestamp, job.processedOn) }, 'job started');
    });
    this.worker.on('completed', (job) => {
      metrics.jobs.inc({ outcome: 'completed', code: '' });
      logger.info(
        {
          ...jobFields(job),
          durationMs: since(job.processedOn, job.finishedOn),
          totalMs: since(job.timestamp, job.finishedOn),
        },
        'job completed',
      );
      void this.releaseImage(job, this.options.imageRetentionSeconds ?? 0);
    });
    this.worker.on('failed', (job, error) => {
      if (!job) return;
      const { code } = decodeFailure(error.message);
      const final =
        error instanceof UnrecoverableError ||
        error.name === 'UnrecoverableError' ||
        job.attemptsMade >= (job.opts.attempts ?? 1);
      metrics.jobs.inc({ outcome: final ? 'failed' : 'retried', code });
      logger.info(
        { ...jobFields(job), code, final, durationMs: since(job.processedOn, job.finishedOn ?? Date.now()) },
        final ? 'job failed' : 'job will retry',
      );
      if (final) void this.releaseImage(job, 0);
    });
    this.worker.on('stalled', (jobId) => {
      metrics.jobs.inc({ outcome: 'stalled', code: '' });
      logger.warn({ jobId }, 'job stalled: its worker stopped renewing the lock; it will run again');
    });
    this.worker.on('error', (error) => logger.error({ err: error }, 'worker error'));
  }

  start(): void {
    void this.worker.run();
  }

  get running(): boolean {
    return this.worker.isRunning() && !this.closing;
  }

  /**
   * Stops taking jobs, finishes the ones in hand, and closes the queue connection. During a Redis
   * outage it returns once the jobs in hand are acknowledged, which waits for Redis to return: the
   * process's shutdown timeout bounds that wait, and unacknowledged jobs run again elsewhere.
   */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.engineRecheck);
    await this.options.connection.closeOwner(this.worker);
    await this.batcher.idle();
    await this.queue.close();
  }

  /**
   * A job this worker's engine cannot read now goes back to the queue with its attempts untouched,
   * for another worker. Failing it would spend an attempt in milliseconds, and a worker that fails
   * (or hands back) that fast would take most of the queue: the worker also stops taking jobs
   * until its engine can read again.
   */
  private async handBack(job: Job, token?: string): Promise<never> {
    this.pauseWhileEngineDown();
    try {
      await job.moveToDelayed(Date.now() + HAND_BACK_DELAY_MS, token);
    } catch (error) {
      // Still active and locked: when the lock lapses, the stalled check returns the job.
      this.options.logger.warn({ jobId: job.id, err: String(error) }, 'could not hand a job back');
    }
    throw new DelayedError();
  }

  private pauseWhileEngineDown(): void {
    if (this.engineRecheck) return;
    const { logger, engine } = this.options;
    logger.error('the engine cannot read (no inference thread could be started): handing jobs back, taking none');
    void this.worker.pause(true);
    this.engineRecheck = setInterval(() => {
      if (!this.closing && engine.healthy?.() === false) return;
      clearInterval(this.engineRecheck);
      this.engineRecheck = undefined;
      if (this.closing) return;
      logger.info('the engine can read again: taking jobs');
      void this.worker.resume();
    }, ENGINE_RECHECK_MS);
  }

  /**
   * Deletes an ended job's image, or keeps it `keepSeconds` more so its result can be drawn over it.
   * Also for data this worker refused (a newer version, say): its image is still the job's own.
   */
  private async releaseImage(job: Job, keepSeconds: number): Promise<void> {
    const blobKey = (job.data as { blobKey?: unknown } | undefined)?.blobKey;
    if (typeof blobKey !== 'string' || !job.id || !this.keys.isBlobOf(blobKey, job.id)) return;
    try {
      if (keepSeconds > 0) await this.options.connection.expire(blobKey, keepSeconds);
      else await this.options.connection.del(blobKey);
    } catch (error) {
      // The blob has a TTL: a failed delete only keeps it a little longer.
      this.options.logger.warn({ jobId: job.id, err: error }, 'could not delete job image');
    }
  }
}

/** What a job's log lines carry: ids to search by and the tenant (never a key), from its data as far as it is sane. */
function jobFields(job: Job): Record<string, string | number> {
  const data = (job.data ?? {}) as Record<string, unknown>;
  const fields: Record<string, string | number> = { jobId: job.id ?? '', attempt: job.attemptsStarted };
  for (const name of ['tenant', 'batchId', 'requestId', 'api'] as const) {
    const value = data[name];
    if (typeof value === 'string') fields[name] = value.slice(0, 128);
  }
  if (typeof data.batchIndex === 'number') fields.batchIndex = data.batchIndex;
  return fields;
}

function since(start: number | undefined, end: number | undefined): number | undefined {
  return start !== undefined && end !== undefined ? Math.max(0, end - start) : undefined;
}
