/**
 * Every Redis key this product writes, in one place. BullMQ keeps its own keys under
 * `{prefix}:{queue}:*`; ours sit in the same namespace so that one prefix isolates a deployment
 * (or a test), and a `{hash-tag}` prefix keeps them in one Redis Cluster slot.
 */
export const QUEUE_NAME = 'ocr';
export const DEFAULT_QUEUE_PREFIX = 'bull';

export class RedisKeys {
  readonly base: string;

  constructor(
    readonly prefix: string = DEFAULT_QUEUE_PREFIX,
    readonly queue: string = QUEUE_NAME,
  ) {
    this.base = `${prefix}:${queue}`;
  }

  /**
   * Raw image bytes of a job, deleted when the job ends (and expiring in any case). The content
   * hash in the key means two submissions racing for one idempotent job id never overwrite each
   * other's bytes.
   */
  blob(jobId: string, sha256: string): string {
    return `${this.base}:blob:${jobId}:${sha256.slice(0, 16)}`;
  }

  /**
   * Whether `key` is one of this job's image keys. A worker reads and deletes the key a job's data
   * names: one naming any other key (another job's image, another tenant's) is refused.
   */
  isBlobOf(key: string, jobId: string): boolean {
    const own = `${this.base}:blob:${jobId}:`;
    return key.startsWith(own) && /^[0-9a-f]{16}$/.test(key.slice(own.length));
  }

  /** A batch record: its tenant and job ids. */
  batch(batchId: string): string {
    return `${this.base}:batch:${batchId}`;
  }

  /** Marks a job that was cancelled while queued, so polling says "cancelled" rather than 404. */
  cancelled(jobId: string): string {
    return `${this.base}:cancelled:${jobId}`;
  }

  /** A tenant's token bucket for submissions, shared by every gateway replica. */
  rateLimit(tenant: string): string {
    return `${this.base}:ratelimit:${tenant}`;
  }

  /**
   * Languages the running workers read: a hash, one field per worker (`WorkerLanguages`), so a
   * gateway reads them all in one round trip however many keys the queue holds.
   */
  languages(): string {
    return `${this.base}:languages`;
  }
}
