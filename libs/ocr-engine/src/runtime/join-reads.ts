import type { ReadLine } from '../pipeline/read-lines.js';
import type { InferenceTask, ReadTask } from './inference-tasks.js';

/**
 * Cross-page batching: when a reading task is about to run, the reads of other pages still
 * waiting in the queue join it (up to `crossPageCrops` crops), so the recogniser batches their
 * lines together by width. This is what turns a worker's batch of jobs into full tensor batches
 * on a GPU; on CPU (`crossPageCrops` 0) every page reads alone.
 */

/** Whether `task` takes the waiting reads of other pages. */
export function joinsOthers(task: InferenceTask): task is ReadTask {
  return task.kind === 'read' && task.params.crossPageCrops > 0;
}

/**
 * A filter for the waiting tasks, shown in queue order, that accepts the reads that fit beside
 * `first`: the same pack and recogniser settings, while the crops stay within the budget. A read
 * that does not fit is skipped, not a stop: a smaller one after it may still fit.
 */
export function fitsBeside(first: ReadTask): (candidate: InferenceTask) => boolean {
  let crops = cropCount(first);
  return (candidate) => {
    if (candidate.kind !== 'read' || !sameSetup(first, candidate)) return false;
    const n = cropCount(candidate);
    if (crops + n > first.params.crossPageCrops) return false;
    crops += n;
    return true;
  };
}

/** One task holding every task's pages, in order. */
export function joinTasks(tasks: readonly ReadTask[]): ReadTask {
  const [first] = tasks;
  if (!first) throw new Error('joinTasks needs at least one task');
  return { ...first, pages: tasks.flatMap((t) => t.pages) };
}

/** The joined task's lines per page, given back to each task it was made of. */
export function splitLines(lines: readonly ReadLine[][], tasks: readonly ReadTask[]): ReadLine[][][] {
  let start = 0;
  return tasks.map((task) => lines.slice(start, (start += task.pages.length)));
}

function cropCount(task: ReadTask): number {
  return task.pages.reduce((sum, page) => sum + page.crops.length, 0);
}

function sameSetup(a: ReadTask, b: ReadTask): boolean {
  return (
    a.pack === b.pack &&
    a.params.maxBatch === b.params.maxBatch &&
    a.params.maxWidthRatio === b.params.maxWidthRatio &&
    a.params.crossPageCrops === b.params.crossPageCrops
  );
}
