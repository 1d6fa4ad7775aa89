/**
 * Turns jobs that arrive together into engine batches, like Triton's dynamic batcher. A batch goes
 * out at once when the engine is idle or the batch is full; while other batches run, it goes when
 * nothing more is waiting in the queue, or when its oldest item has waited `maxWaitMs`. A lone job
 * therefore never waits. At most `maxInFlight` batches run at a time; items arriving meanwhile
 * gather into the next batch, so batches grow with load. Each item still gets its own result: the
 * batcher never fails one item for another's sake.
 */
export interface DynamicBatcherOptions<I, O> {
  maxSize: number;
  maxWaitMs: number;
  maxInFlight: number;
  /** Runs one batch; must return one output per input, in order. */
  run: (items: I[]) => Promise<O[]>;
  /** Whether more items are about to arrive (e.g. jobs waiting in Redis). */
  moreWaiting: () => Promise<boolean>;
  onBatch?: (size: number) => void;
}

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

export class DynamicBatcher<I, O> {
  private pending: Array<Pending<I, O>> = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private checking = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: DynamicBatcherOptions<I, O>) {
    if (options.maxSize < 1 || options.maxInFlight < 1) throw new Error('maxSize and maxInFlight must be at least 1');
  }

  get queued(): number {
    return this.pending.length;
  }

  get running(): number {
    return this.inFlight;
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when nothing is pending or running (graceful shutdown). */
  idle(): Promise<void> {
    if (this.pending.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.pending.length === 0 || this.inFlight >= this.options.maxInFlight) return;
    // An idle engine is never kept waiting: the first batch goes at once, with no queue lookup on
    // the latency path. While batches run, what arrives gathers into the next one.
    if (this.pending.length >= this.options.maxSize || this.inFlight === 0) {
      this.flush();
      return;
    }
    if (this.timer || this.checking) return;
    this.checking = true;
    this.options.moreWaiting().then(
      (more) => {
        this.checking = false;
        if (!more) this.flush();
        else if (!this.timer && this.pending.length > 0)
          this.timer = setTimeout(() => this.flush(), this.options.maxWaitMs);
      },
      () => {
        // Unknown queue state: do not hold the batch back.
        this.checking = false;
        this.flush();
      },
    );
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0 || this.inFlight >= this.options.maxInFlight) return;
    const batch = this.pending.splice(0, this.options.maxSize);
    this.inFlight++;
    this.options.onBatch?.(batch.length);
    this.options
      .run(batch.map((p) => p.item))
      .then(
        (outputs) => {
          if (outputs.length !== batch.length)
            throw new Error(`batch of ${batch.length} returned ${outputs.length} results`);
          batch.forEach((p, i) => p.resolve(outputs[i]!));
        },
        (error: unknown) => batch.forEach((p) => p.reject(error)),
      )
      .catch((error: unknown) => batch.forEach((p) => p.reject(error)))
      .finally(() => {
        this.inFlight--;
        this.schedule();
        if (this.pending.length === 0 && this.inFlight === 0)
          this.idleWaiters.splice(0).forEach((resolve) => resolve());
      });
  }
}
