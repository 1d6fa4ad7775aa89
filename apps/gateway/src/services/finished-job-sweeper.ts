import type { JobQueue } from '../repositories/job-queue.js';

/** Jobs removed per state and sweep; more wait for the next sweep. */
const SWEEP_LIMIT = 1_000;

/**
 * Removes finished jobs (and their results) once they are older than RESULT_TTL_SECONDS. BullMQ
 * applies a job's `removeOnComplete`/`removeOnFail` age only when another job finishes in the same
 * state, so on a quiet queue the last results were kept for good, against what the API promises.
 * Every gateway replica sweeps; a sweep that finds nothing costs one script call per state.
 */
export class FinishedJobSweeper {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<number> | undefined;

  constructor(
    private readonly queue: JobQueue,
    private readonly keepSeconds: number,
    private readonly onError: (error: unknown) => void,
    private readonly everyMs = Math.min(60_000, keepSeconds * 1_000),
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sweep(), this.everyMs);
    this.timer.unref();
  }

  /** Removes what has expired; resolves with how many jobs went. One sweep at a time. */
  sweep(): Promise<number> {
    this.sweeping ??= this.queue
      .removeFinished(this.keepSeconds * 1_000, SWEEP_LIMIT)
      .catch((error: unknown) => {
        this.onError(error);
        return 0;
      })
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  /** No more sweeps; one under way ends with the Redis connection (not waited for: Redis may be down). */
  stop(): void {
    clearInterval(this.timer);
  }
}
