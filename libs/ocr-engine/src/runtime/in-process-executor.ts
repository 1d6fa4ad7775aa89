import type { DetectedRegion } from '../pipeline/detect-region.js';
import type { ReadLine } from '../pipeline/read-lines.js';
import {
  runTask,
  type DetectTask,
  type InferenceTask,
  type InferenceResult,
  type ReadTask,
} from './inference-tasks.js';
import type { PackSessions } from './pack-sessions.js';
import type { TaskExecutor } from './task-executor.js';

/**
 * Runs tasks on the calling thread, one at a time. Inference blocks the event loop here, so this
 * is for tests and tools, never for a process that serves requests or holds queue locks.
 */
export class InProcessExecutor implements TaskExecutor {
  readonly concurrency = 1;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly sessions: PackSessions) {}

  run(task: DetectTask, priority: number): Promise<DetectedRegion>;
  run(task: ReadTask, priority: number): Promise<ReadLine[]>;
  run(task: InferenceTask): Promise<InferenceResult> {
    const result = this.tail.then(() => runTask(this.sessions, task));
    this.tail = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    await this.tail;
    await this.sessions.release();
  }
}
