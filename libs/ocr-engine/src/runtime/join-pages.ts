import type { ClassifyTask, InferenceTask, ReadTask } from './inference-tasks.js';
import { splitByCounts } from './split-by-counts.js';

/**
 * Cross-page batching: when a reading or classifying task is about to run, the tasks of the same
 * kind that other pages have waiting in the queue join it (up to the stage's budget), so the model
 * batches their lines or windows together. This is what turns a worker's batch of jobs into full
 * tensor batches on a GPU; on CPU (budgets 0) every page runs alone.
 */
export type PageTask = ReadTask | ClassifyTask;

/** Whether `task` takes the waiting tasks of other pages. */
export function joinsOthers(task: InferenceTask): task is PageTask {
  return task.kind !== 'detect' && budget(task) > 0;
}

/**
 * A filter for the waiting tasks, shown in queue order, that accepts those that fit beside
 * `first`: the same kind, pack and settings, while the items (crops or windows) stay within the
 * budget. A task that does not fit is skipped, not a stop: a smaller one after it may still fit.
 */
export function fitsBeside(first: PageTask): (candidate: InferenceTask) => boolean {
  let items = itemCount(first);
  return (candidate) => {
    if (candidate.kind !== first.kind || candidate.pack !== first.pack || !sameParams(first, candidate)) return false;
    const n = itemCount(candidate);
    if (items + n > budget(first)) return false;
    items += n;
    return true;
  };
}

/** One task holding every task's pages, in order. */
export function joinTasks(tasks: readonly PageTask[]): PageTask {
  const [first] = tasks;
  if (!first) throw new Error('joinTasks needs at least one task');
  return first.kind === 'read'
    ? { ...first, pages: (tasks as readonly ReadTask[]).flatMap((t) => t.pages) }
    : { ...first, pages: (tasks as readonly ClassifyTask[]).flatMap((t) => t.pages) };
}

/** The joined task's result, one entry per page, given back to each task it was made of. */
export function splitResults<T>(perPage: readonly T[], tasks: readonly PageTask[]): T[][] {
  return splitByCounts(
    perPage,
    tasks.map((task) => task.pages.length),
  );
}

function budget(task: PageTask): number {
  return task.kind === 'read' ? task.params.crossPageCrops : task.params.crossPageWindows;
}

function itemCount(task: PageTask): number {
  return task.kind === 'read'
    ? task.pages.reduce((sum, page) => sum + page.crops.length, 0)
    : task.pages.reduce((sum, windows) => sum + windows.length, 0);
}

function sameParams(a: PageTask, b: PageTask): boolean {
  const keys = Object.keys(a.params) as Array<keyof typeof a.params>;
  return keys.length === Object.keys(b.params).length && keys.every((k) => a.params[k] === b.params[k]);
}
