import { ErrorCodes, OcrError } from '@ocr-pool/contracts';

/**
 * Refuses new work while the backlog is over `MAX_QUEUE_DEPTH`, so a flood turns into quick 429s
 * with `Retry-After` instead of a queue no worker pool can drain. The backlog is read from Redis
 * at most every `refreshMs` (one round trip per burst, not per request).
 */
export class QueueDepthGuard {
  private cached: { at: number; backlog: number } | undefined;
  private refreshing: Promise<number> | undefined;

  constructor(
    private readonly readBacklog: () => Promise<number>,
    private readonly maxDepth: number,
    private readonly retryAfterSeconds: number,
    private readonly refreshMs = 250,
  ) {}

  async admit(count = 1): Promise<void> {
    const backlog = await this.backlog();
    if (backlog + count > this.maxDepth) {
      throw new OcrError(
        ErrorCodes.QUEUE_FULL,
        `The queue holds ${backlog} jobs, over its limit of ${this.maxDepth}. Retry in ${this.retryAfterSeconds} s.`,
        { retry_after_seconds: this.retryAfterSeconds },
      );
    }
    if (this.cached) this.cached.backlog += count;
  }

  private async backlog(): Promise<number> {
    if (this.cached && Date.now() - this.cached.at < this.refreshMs) return this.cached.backlog;
    this.refreshing ??= this.readBacklog().finally(() => (this.refreshing = undefined));
    const backlog = await this.refreshing;
    this.cached = { at: Date.now(), backlog };
    return backlog;
  }
}
