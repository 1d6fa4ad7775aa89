import type { DetectedRegion } from '../pipeline/detect-region.js';
import type { ReadLine } from '../pipeline/read-lines.js';
import {
  runTask,
  type ClassifyTask,
  type DetectTask,
  type InferenceTask,
  type InferenceResult,
  type ReadTask,
} from './inference-tasks.js';
import type { PackSessions } from './pack-sessions.js';
import type { TaskExecutor } from './task-executor.js';
import type { ExecutionProvider } from './execution-provider.js';
import { UsageTotals, startTask, type InferenceUsage } from './inference-usage.js';

/**
 * Runs tasks on the calling thread, one at a time. Inference blocks the event loop here, so this
 * is for tests and tools, never for a process that serves requests or holds queue locks.
 */
export class InProcessExecutor implements TaskExecutor {
  readonly concurrency = 1;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly totals = new UsageTotals();

  constructor(private readonly sessions: PackSessions) {}

  healthy(): boolean {
    return true;
  }

  get provider(): ExecutionProvider {
    return this.sessions.provider();
  }

  run(task: DetectTask, priority: number): Promise<DetectedRegion>;
  run(task: ReadTask, priority: number): Promise<ReadLine[][]>;
  run(task: ClassifyTask, priority: number): Promise<number[][]>;
  run(task: InferenceTask): Promise<InferenceResult> {
    const result = this.tail.then(async () => {
      const usage = startTask(this.sessions);
      try {
        return await runTask(this.sessions, task);
      } finally {
        this.totals.add(usage());
      }
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  usage(): InferenceUsage {
    return this.totals.snapshot(this.concurrency);
  }

  async close(): Promise<void> {
    await this.tail;
    await this.sessions.release();
  }
}
