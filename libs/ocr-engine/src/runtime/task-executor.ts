import type { DetectedRegion } from '../pipeline/detect-region.js';
import type { ReadLine } from '../pipeline/read-lines.js';
import type { ClassifyTask, DetectTask, ReadTask } from './inference-tasks.js';
import type { InferenceUsage } from './inference-usage.js';
import type { ExecutionProvider } from './execution-provider.js';

/**
 * Runs inference tasks somewhere: on a pool of worker threads in production, or on the calling
 * thread in tests that want no threads. `priority` orders waiting tasks (lower first), so the
 * engine can finish one page before starting the next instead of interleaving all of them.
 */
export interface TaskExecutor {
  /** How many tasks run at once. */
  readonly concurrency: number;
  /** Where the models run (with OCR_DEVICE=auto, known only once they have loaded). */
  readonly provider: ExecutionProvider;
  run(task: DetectTask, priority: number): Promise<DetectedRegion>;
  run(task: ReadTask, priority: number): Promise<ReadLine[][]>;
  run(task: ClassifyTask, priority: number): Promise<number[][]>;
  /** False while no task can run (no inference thread, and starting one failed). */
  healthy(): boolean;
  /** Thread and model time used since the executor started. */
  usage(): InferenceUsage;
  close(): Promise<void>;
  /** Before a forced exit: start nothing more, let running model calls return (threads only). */
  halt?(): Promise<void>;
}
