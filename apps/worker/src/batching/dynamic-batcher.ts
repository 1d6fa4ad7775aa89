/**
 * Turns jobs that arrive together into engine batches, like Triton's dynamic batcher. A batch goes
 * out at once when the engine is idle or the batch is full; while other batches run, it goes when
 * nothing more is waiting in the queue, or when its oldest item has waited `maxWaitMs`. A lone job
 * therefore never waits. At most `maxInFlight` batches run at a time; items arriving meanwhile
 * gather into the next batch, so batches grow with load. Each item still gets its own result: the
 * batcher never fails one item for another's sake. When a whole batch run throws (a crash inside a
 * batched model run takes every image of the batch with it), each item is run again on its own, so
 * only the item that causes the crash fails and its batchmates are not retried for it.
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
  /** A batch of `size` failed as a whole and its items are being run one by one. */
  onIsolate?: (size: number, error: unknown) => void;
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
    this.runBatch(batch)
      .catch((error: unknown) => {
        if (batch.length === 1) return batch[0]!.reject(error);
        this.options.onIsolate?.(batch.length, error);
        return this.runEachAlone(batch);
      })
      .finally(() => {
        this.inFlight--;
        this.schedule();
        if (this.pending.length === 0 && this.inFlight === 0)
          this.idleWaiters.splice(0).forEach((resolve) => resolve());
      });
  }

  private async runBatch(batch: Array<Pending<I, O>>): Promise<void> {
    const outputs = await this.options.run(batch.map((p) => p.item));
    if (outputs.length !== batch.length) throw new Error(`batch of ${batch.length} returned ${outputs.length} results`);
    batch.forEach((p, i) => p.resolve(outputs[i]!));
  }

  /** One at a time, in the slot the failed batch held: isolation must not double the engine's load. */
  private async runEachAlone(batch: Array<Pending<I, O>>): Promise<void> {
    for (const pending of batch) {
      this.options.onBatch?.(1);
      await this.runBatch([pending]).catch((error: unknown) => pending.reject(error));
    }
  }
}
