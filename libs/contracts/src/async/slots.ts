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

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.full) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.running--;
    }
  }
}
