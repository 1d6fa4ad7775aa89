import { type Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { type OcrJobData, type OcrResult, QUEUE_NAME } from '@ocr-pool/contracts';

/** The `ocr` BullMQ queue as the gateway uses it: add jobs, look them up, count them. */
export type OcrJob = Job<OcrJobData, OcrResult>;

export interface AddJobOptions {
  priority: number;
  attempts: number;
  backoffMs: number;
  /** Finished jobs (with their result or error) are kept this long. */
  keepSeconds: number;
}

export class JobQueue {
  readonly queue: Queue<OcrJobData, OcrResult>;

  constructor(connection: Redis, prefix: string) {
    this.queue = new Queue<OcrJobData, OcrResult>(QUEUE_NAME, { connection, prefix });
  }

  /**
   * Adds a job. When a job with this id already exists, BullMQ leaves it as it is, but the job it
   * returns carries the data given here, not the stored job's: read the job to see what is stored.
   */
  add(id: string, data: OcrJobData, options: AddJobOptions): Promise<OcrJob> {
    return this.queue.add('ocr', data, {
      jobId: id,
      priority: options.priority,
      attempts: options.attempts,
      backoff: { type: 'exponential', delay: options.backoffMs },
      removeOnComplete: { age: options.keepSeconds },
      removeOnFail: { age: options.keepSeconds },
    });
  }

  async get(id: string): Promise<OcrJob | undefined> {
    return (await this.queue.getJob(id)) ?? undefined;
  }

  /** Removes a job unless a worker holds it (BullMQ then refuses). */
  async remove(id: string): Promise<void> {
    await this.queue.remove(id);
  }

  /** BullMQ's state name for a job (`unknown` when there is no such job). */
  state(id: string): Promise<string> {
    return this.queue.getJobState(id);
  }

  /** Jobs not yet taken by a worker: BullMQ keeps prioritized jobs apart from plain waiting ones. */
  async backlog(): Promise<number> {
    const counts = await this.queue.getJobCounts('waiting', 'prioritized', 'delayed');
    return (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0);
  }

  /** Removes up to `limit` completed and `limit` failed jobs that finished more than `olderThanMs` ago. */
  async removeFinished(olderThanMs: number, limit: number): Promise<number> {
    const removed = await Promise.all(
      (['completed', 'failed'] as const).map((state) => this.queue.clean(olderThanMs, limit, state)),
    );
    return removed.reduce((total, ids) => total + ids.length, 0);
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
