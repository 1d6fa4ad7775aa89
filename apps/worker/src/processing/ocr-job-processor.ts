import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ErrorCodes, type OcrResult, type RedisKeys, parseJobData } from '@ocr-pool/contracts';
import type { OcrOutcome, OcrRequest } from '@ocr-pool/ocr-engine';
import type { DynamicBatcher } from '../batching/dynamic-batcher.js';
import type { WorkerMetrics } from '../metrics/worker-metrics.js';
import { failureFor } from './job-outcome.js';
import { unreadableReason } from './unreadable-job.js';

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
    if (!this.keys.isBlobOf(data.blobKey, job.id ?? '')) {
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
      this.logger.debug({ jobId: job.id, code: outcome.error.code }, 'image failed');
      throw failureFor(outcome.error.code, outcome.error.message);
    }
    this.metrics.observeResult(outcome.result);
    return outcome.result;
  }
}
