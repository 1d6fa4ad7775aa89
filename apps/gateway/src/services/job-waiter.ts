import type { QueueEvents } from 'bullmq';

/**
 * Waits for jobs to finish without one Redis subscription per waiting request: one QueueEvents
 * stream feeds all waiters. Events alone are not trusted (an event published while the stream's
 * connection reconnects is never seen), so each waiter also checks the job's state at once and
 * then every `pollMs` (ARCHITECTURE.md, job lifecycle step 4).
 */
export class JobWaiter {
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(
    events: QueueEvents,
    private readonly stateOf: (jobId: string) => Promise<string>,
    private readonly pollMs = 1_000,
  ) {
    const wake = ({ jobId }: { jobId: string }): void => this.waiters.get(jobId)?.forEach((check) => check());
    events.on('completed', wake);
    events.on('failed', wake);
    events.on('removed', wake);
  }

  get waiting(): number {
    return this.waiters.size;
  }

  /** Resolves true once the job has finished (or is gone), false when `timeoutMs` passes or `signal` aborts first. */
  waitUntilFinished(jobId: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      let settled = false;
      const checks = this.waiters.get(jobId) ?? new Set<() => void>();
      this.waiters.set(jobId, checks);
      const finish = (finished: boolean): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timeout);
        clearInterval(poll);
        checks.delete(check);
        if (checks.size === 0) this.waiters.delete(jobId);
        signal?.removeEventListener('abort', onAbort);
        resolve(finished);
      };
      const check = (): void => {
        // A 'failed' event also fires for attempts that will be retried: the state decides.
        this.stateOf(jobId).then(
          (state) => {
            if (state === 'completed' || state === 'failed' || state === 'unknown') finish(true);
          },
          () => undefined,
        );
      };
      const onAbort = (): void => finish(false);
      const timeout = setTimeout(() => finish(false), timeoutMs);
      const poll = setInterval(check, this.pollMs);
      checks.add(check);
      signal?.addEventListener('abort', onAbort, { once: true });
      check();
    });
  }
}
