/**
 * Job states as clients see them. BullMQ's finer states (waiting, prioritized, delayed,
 * waiting-children) are all "queued" to a client: the job has not started.
 */
export const JOB_STATUSES = ['queued', 'active', 'completed', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export function jobStatusFromQueueState(state: string): JobStatus | undefined {
  switch (state) {
    case 'waiting':
    case 'prioritized':
    case 'delayed':
    case 'waiting-children':
    case 'wait':
      return 'queued';
    case 'active':
      return 'active';
    case 'completed':
      return 'completed';
    case 'failed':
      return 'failed';
    default:
      return undefined;
  }
}

export function isFinished(status: JobStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

/**
 * BullMQ priorities: lower runs first. Callers waiting on the line (sync HTTP, gRPC) go ahead of
 * asynchronous submissions, so interactive traffic is never stuck behind a bulk batch.
 */
export const PRIORITY_SYNC = 1;
export const PRIORITY_ASYNC = 10;
