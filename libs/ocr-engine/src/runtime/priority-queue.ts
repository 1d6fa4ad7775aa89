/** A binary min-heap ordered by `(priority, insertion order)`: equal priorities stay FIFO. */
export class PriorityQueue<T> {
  private readonly heap: Array<{ priority: number; seq: number; value: T }> = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(value: T, priority: number): void {
    this.heap.push({ priority, seq: this.seq++, value });
    let i = this.heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): T | undefined {
    const top = this.heap[0];
    const last = this.heap.pop();
    if (top === undefined || last === undefined) return undefined;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1,
          r = l + 1;
        let m = i;
        if (l < this.heap.length && this.less(l, m)) m = l;
        if (r < this.heap.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top.value;
  }

  /**
   * Shows `accept` every value in queue order, once each, and removes and returns those it takes
   * (in that order). Linear in the queue's size, which is a few tasks per page in flight.
   */
  takeInOrder(accept: (value: T) => boolean): T[] {
    const ordered = [...this.heap].sort((x, y) => x.priority - y.priority || x.seq - y.seq);
    const taken: T[] = [];
    const kept: typeof this.heap = [];
    for (const entry of ordered) {
      if (accept(entry.value)) taken.push(entry.value);
      else kept.push(entry);
    }
    // An array sorted by the heap's order is itself a valid heap.
    if (taken.length > 0) this.heap.splice(0, this.heap.length, ...kept);
    return taken;
  }

  /** Removes and returns everything, in no particular order. */
  drain(): T[] {
    const values = this.heap.map((e) => e.value);
    this.heap.length = 0;
    return values;
  }

  private less(a: number, b: number): boolean {
    const x = this.heap[a]!,
      y = this.heap[b]!;
    return x.priority < y.priority || (x.priority === y.priority && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    [this.heap[a], this.heap[b]] = [this.heap[b]!, this.heap[a]!];
  }
}
