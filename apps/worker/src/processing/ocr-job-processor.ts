import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ErrorCodes, type OcrResult, type RedisKeys, parseJobData } from '@ocr-pool/contracts';
import type { OcrOutcome, OcrRequest } from '@ocr-pool/ocr-engine';
import type { DynamicBatcher } from '../batching/dynamic-batcher.js';
import type { WorkerMetrics } from '../metrics/worker-metrics.js';
import { failureFor } from './job-outcome.js';
import { unreadableReason } from './unreadable-job.js';
import type { PeerLanguages } from '../languages/peer-languages.js';

/**
 * Thrown for a job in a language this worker cannot read but another running worker can: the job
 * goes back to the queue for it, without spending an attempt.
 */
export class ForAnotherWorker extends Error {
  constructor(readonly language: string) {
    super(`language "${language}" is read by another worker`);
  }
}

/**
 * A job passed on this many times (about a second apart) fails after all: the workers that
 * announce its language are not taking it.
 */
const MAX_PASSES = 100;

/**
 * What the worker does with one job: check its data, fetch its image, hand it to the batcher
 * and turn the engine's outcome into a BullMQ result or failure. The image is read as raw
 * bytes (`getBuffer`): it never passes through JSON.
 */
export class OcrJobProcessor {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly batcher: DynamicBatcher<OcrRequest, OcrOutcome>,
    private readonly metrics: WorkerMetrics,
    private readonly logger: Logger,
    private readonly peers?: PeerLanguages,
  ) {}

  async process(job: Job): Promise<OcrResult> {
    const started = Date.now();
    const unreadable = unreadableReason(job.data);
    if (unreadable !== undefined) {
      throw failureFor(ErrorCodes.JOB_PAYLOAD_INVALID, `The job data is not JSON (${unreadable}).`);
    }
    const parsed = parseJobData(job.data);
    if (!parsed.ok) {
      throw failureFor(
        ErrorCodes.JOB_PAYLOAD_INVALID,
        `The job data is not a version this worker reads: ${parsed.problems}.`,
      );
    }
    const data = parsed.data;
    if (data.blobKey !== this.keys.blob(job.id ?? '', data.imageSha256)) {
      throw failureFor(
        ErrorCodes.JOB_PAYLOAD_INVALID,
        "The job's blobKey is not this job's image key: a worker reads only the image stored for the job.",
      );
    }
    // A retry, or a rerun after its worker died (stalled), would count the same wait again.
    if (job.attemptsMade === 0 && job.stalledCounter === 0) {
      this.metrics.queueWaitSeconds.observe(Math.max(0, started - data.submittedAt) / 1000);
    }
    const image = await this.redis.getBuffer(data.blobKey);
    if (!image) {
      throw failureFor(
        ErrorCodes.BLOB_MISSING,
        'The image for this job is no longer stored (it expired before a worker was free, or was deleted). Submit it again.',
      );
    }
    const outcome = await this.batcher.submit({ image, options: data.options });
    this.metrics.jobSeconds.observe((Date.now() - started) / 1000);
    if (!outcome.ok) {
      if (outcome.error.code === ErrorCodes.LANGUAGE_UNAVAILABLE && (await this.passOn(job, data.options.language))) {
        throw new ForAnotherWorker(data.options.language);
      }
      this.logger.debug({ jobId: job.id, code: outcome.error.code }, 'image failed');
      throw failureFor(outcome.error.code, outcome.error.message);
    }
    this.metrics.observeResult(outcome.result);
    return outcome.result;
  }

  /** Whether to leave the job to another worker (see ForAnotherWorker); on a Redis error, no. */
  private async passOn(job: Job, language: string): Promise<boolean> {
    if (!this.peers || job.attemptsStarted > MAX_PASSES) return false;
    return this.peers.readByAnother(language).catch(() => false);
  }
}
