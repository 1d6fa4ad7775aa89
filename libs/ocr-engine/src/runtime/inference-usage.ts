/**
 * How much of its inference capacity an engine has used since it started. `busySeconds` is
 * thread time spent on tasks (model runs plus the pre- and post-processing around them);
 * `modelSeconds` the part of it inside onnxruntime's `session.run`. Over an interval,
 * busy / (elapsed x threads) says how saturated the threads were, and model / busy how close the
 * pipeline runs to what the models alone cost on this hardware. `recognizerLines /
 * recognizerRuns` is the recogniser's mean batch size: 1 on CPU, tens on a GPU that is fed well
 * (the classifier's the same, in windows).
 */
export interface InferenceUsage extends TaskUsage {
  threads: number;
}

/** Task time, model time and recogniser batches, of one task or summed over many. */
export interface TaskUsage {
  busySeconds: number;
  modelSeconds: number;
  /** Recogniser model calls. */
  recognizerRuns: number;
  /** Line crops those calls read. */
  recognizerLines: number;
  /** Angle classifier model calls. */
  classifierRuns: number;
  /** 48x192 windows those calls classified. */
  classifierWindows: number;
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

/** Running totals of model calls and the items (batch rows) they took. */
export class BatchCounter {
  runs = 0;
  items = 0;

  add(items: number): void {
    this.runs++;
    this.items += items;
  }
}

/** What a thread's sessions count, for `startTask` to read before and after a task. */
export interface UsageClocks {
  modelClock: SecondsCounter;
  recognizerBatches: BatchCounter;
  classifierBatches: BatchCounter;
}

/** Starts timing a task; the returned function says what it has used so far. */
export function startTask({ modelClock, recognizerBatches, classifierBatches }: UsageClocks): () => TaskUsage {
  const started = performance.now();
  const modelBefore = modelClock.seconds;
  const rec = { ...recognizerBatches };
  const cls = { ...classifierBatches };
  return () => ({
    busySeconds: (performance.now() - started) / 1000,
    modelSeconds: modelClock.seconds - modelBefore,
    recognizerRuns: recognizerBatches.runs - rec.runs,
    recognizerLines: recognizerBatches.items - rec.items,
    classifierRuns: classifierBatches.runs - cls.runs,
    classifierWindows: classifierBatches.items - cls.items,
  });
}

/** Totals of task usage, for an executor to report as `InferenceUsage`. */
export class UsageTotals {
  private readonly total: TaskUsage = {
    busySeconds: 0,
    modelSeconds: 0,
    recognizerRuns: 0,
    recognizerLines: 0,
    classifierRuns: 0,
    classifierWindows: 0,
  };

  add(usage: TaskUsage): void {
    for (const key of Object.keys(this.total) as Array<keyof TaskUsage>) this.total[key] += usage[key];
  }

  snapshot(threads: number): InferenceUsage {
    return { threads, ...this.total };
  }
}
