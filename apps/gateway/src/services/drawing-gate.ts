import { ErrorCodes, OcrError, Slots } from '@ocr-pool/contracts';

/**
 * Bounds the result drawings (`annotated.png`) one gateway makes at once. Each decodes, draws and
 * encodes an image in memory, tens of MB apiece; without a bound a burst of requests for large
 * images would take the gateway past its memory limit and every request it holds with it. A few
 * run, a few more wait their turn, and the rest are told to come back (503 with Retry-After).
 */
export class DrawingGate {
  private readonly slots: Slots;

  constructor(
    maxRunning: number,
    private readonly maxWaiting: number,
  ) {
    this.slots = new Slots(maxRunning);
  }

  /** `signal`: the request's; a drawing whose client left before its turn is not made. */
  run<T>(draw: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.slots.full && this.slots.waiting >= this.maxWaiting) {
      return Promise.reject(
        new OcrError(
          ErrorCodes.UNAVAILABLE,
          `This gateway is drawing as many results as it may, with ${this.slots.waiting} more waiting; ask again in a moment.`,
          { retry_after_seconds: 1 },
        ),
      );
    }
    return this.slots.run(draw, signal);
  }
}
