/**
 * At most `size` pieces of work at once; the rest wait their turn in arrival order. A finished
 * piece hands its slot straight to the next waiter, so a newcomer can never take it in between
 * and run one more than `size`. Whatever the work does, its slot comes back.
 */
export class Slots {
  private running = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly size: number) {}

  /** Every slot is taken: new work would wait. */
  get full(): boolean {
    return this.running >= this.size;
  }

  /** Pieces of work waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Runs `work` in a slot. Aborting `signal` while the work still waits takes it out of the line
   * (it rejects with the signal's reason and never runs): a client gone before its turn costs nothing.
   */
  async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    if (this.full) await this.turn(signal);
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.running--;
    }
  }

  private turn(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const take = (): void => {
        signal?.removeEventListener('abort', leave);
        resolve();
      };
      const leave = (): void => {
        const at = this.queue.indexOf(take);
        if (at >= 0) this.queue.splice(at, 1);
        const reason: unknown = signal!.reason;
        reject(reason instanceof Error ? reason : new Error(String(reason)));
      };
      this.queue.push(take);
      signal?.addEventListener('abort', leave, { once: true });
    });
  }
}
