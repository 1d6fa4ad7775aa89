import { ErrorCodes, OcrError } from '@ocr-pool/contracts';

/**
 * Refuses new work while the backlog is over `MAX_QUEUE_DEPTH`, so a flood turns into quick 429s
 * with `Retry-After` instead of a queue no worker pool can drain. The backlog is read from Redis
 * at most every `refreshMs` (one round trip per burst, not per request).
 */
export class QueueDepthGuard {
  private cached: { at: number; backlog: number } | undefined;
  private refreshing: Promise<{ at: number; backlog: number }> | undefined;

  constructor(
    private readonly readBacklog: () => Promise<number>,
    private readonly maxDepth: number,
    private readonly retryAfterSeconds: number,
    private readonly refreshMs = 250,
  ) {}

  async admit(count = 1): Promise<void> {
    const depth = await this.depth();
    // Checked and counted in one turn of the event loop: requests that awaited the same read
    // cannot all pass on the backlog it found.
    if (depth.backlog + count > this.maxDepth) {
      throw new OcrError(
        ErrorCodes.QUEUE_FULL,
        `The queue holds ${depth.backlog} waiting jobs; ${count === 1 ? 'one more' : `${count} more`} would pass its limit of ${this.maxDepth}. Retry in ${this.retryAfterSeconds} s.`,
        { retry_after_seconds: this.retryAfterSeconds },
      );
    }
    depth.backlog += count;
  }

  private async depth(): Promise<{ at: number; backlog: number }> {
    if (this.cached && Date.now() - this.cached.at < this.refreshMs) return this.cached;
    this.refreshing ??= this.readBacklog()
      .then((backlog) => (this.cached = { at: Date.now(), backlog }))
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }
}
