import type { JobQueue } from '../repositories/job-queue.js';
import type { QueueSnapshot } from '../metrics/gateway-metrics.js';

/** The queue's counts by state and the age of its oldest waiting job, for the metrics. */
export const QUEUE_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed'] as const;

export async function readQueueSnapshot(queue: JobQueue): Promise<QueueSnapshot> {
  const q = queue.queue;
  const [counts, waiting, prioritized] = await Promise.all([
    q.getJobCounts(...QUEUE_STATES),
    q.getJobs(['waiting'], -1, -1, false),
    q.getJobs(['prioritized'], 0, 0, true),
  ]);
  const oldest = [...waiting, ...prioritized].reduce(
    (min, job) => Math.min(min, job.timestamp),
    Number.POSITIVE_INFINITY,
  );
  return {
    counts: Object.fromEntries(QUEUE_STATES.map((s) => [s, counts[s] ?? 0])),
    oldestWaitingSeconds: Number.isFinite(oldest) ? Math.max(0, (Date.now() - oldest) / 1000) : 0,
  };
}
