/**
 * How much of its inference capacity an engine has used since it started. `busySeconds` is
 * thread time spent on tasks (model runs plus the pre- and post-processing around them);
 * `modelSeconds` the part of it inside onnxruntime's `session.run`. Over an interval,
 * busy / (elapsed x threads) says how saturated the threads were, and model / busy how close the
 * pipeline runs to what the models alone cost on this hardware.
 */
export interface InferenceUsage extends TaskUsage {
  threads: number;
}

/** Task time and model time, of one task or summed over many. */
export interface TaskUsage {
  busySeconds: number;
  modelSeconds: number;
}

/** A running total of seconds that model runners add to and tasks read around themselves. */
export class SecondsCounter {
  seconds = 0;

  /** Adds the time `work` takes, whether it succeeds or throws. */
  async time<T>(work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.seconds += (performance.now() - started) / 1000;
    }
  }
}

/** Starts timing a task; the returned function says what it has used so far. */
export function startTask(models: SecondsCounter): () => TaskUsage {
  const started = performance.now();
  const modelBefore = models.seconds;
  return () => ({ busySeconds: (performance.now() - started) / 1000, modelSeconds: models.seconds - modelBefore });
}

/** Totals of task usage, for an executor to report as `InferenceUsage`. */
export class UsageTotals {
  private busy = 0;
  private model = 0;

  add(usage: TaskUsage): void {
    this.busy += usage.busySeconds;
    this.model += usage.modelSeconds;
  }

  snapshot(threads: number): InferenceUsage {
    return { threads, busySeconds: this.busy, modelSeconds: this.model };
  }
}
