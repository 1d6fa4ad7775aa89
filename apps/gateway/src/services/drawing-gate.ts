import { ErrorCodes, OcrError } from '@ocr-pool/contracts';

/**
 * Bounds the result drawings (`annotated.png`) one gateway makes at once. Each decodes, draws and
 * encodes an image in memory, tens of MB apiece; without a bound a burst of requests for large
 * images would take the gateway past its memory limit and every request it holds with it. A few
 * run, a few more wait their turn, and the rest are told to come back (503 with Retry-After).
 */
export class DrawingGate {
  private running = 0;
  private readonly queue: Array<() => void> = [];

  constructor(
    private readonly maxRunning: number,
    private readonly maxWaiting: number,
  ) {}

  async run<T>(draw: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxRunning) {
      if (this.queue.length >= this.maxWaiting) {
        throw new OcrError(
          ErrorCodes.UNAVAILABLE,
          `This gateway is drawing ${this.running} results and has ${this.queue.length} more waiting; ask again in a moment.`,
          { retry_after_seconds: 1 },
        );
      }
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await draw();
    } finally {
      // The slot passes straight to the next waiter, so `running` never dips and lets a newcomer in first.
      const next = this.queue.shift();
      if (next) next();
      else this.running--;
    }
  }
}
