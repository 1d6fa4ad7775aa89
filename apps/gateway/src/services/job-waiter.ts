import type { QueueEvents } from 'bullmq';

/**
 * Waits for jobs to finish without one Redis subscription per waiting request: one QueueEvents
 * stream feeds all waiters. Events alone are not trusted (an event published while the stream's
 * connection reconnects is never seen), so each waiter also checks the job's state at once and
 * then every `pollMs` (ARCHITECTURE.md, job lifecycle step 4).
 */
/** What the completion event said, when the job finished by an event: the result rides along. */
export type Finished = { via: 'event'; returnvalue: unknown } | { via: 'state' };

export class JobWaiter {
  private readonly waiters = new Map<string, Set<(finished?: Finished) => void>>();
  private readonly watchers = new Map<string, Set<() => void>>();

  constructor(
    events: QueueEvents,
    private readonly stateOf: (jobId: string) => Promise<string>,
    private readonly pollMs = 1_000,
  ) {
    const wake = ({ jobId }: { jobId: string }): void => this.waiters.get(jobId)?.forEach((check) => check());
    // A completed job's result comes with its event: no read of Redis is needed to answer.
    events.on('completed', ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }) =>
      this.waiters.get(jobId)?.forEach((check) => check({ via: 'event', returnvalue })),
    );
    events.on('failed', wake);
    events.on('removed', wake);
    const changed = ({ jobId }: { jobId: string }): void => this.watchers.get(jobId)?.forEach((notify) => notify());
    for (const event of ['active', 'completed', 'failed', 'removed'] as const) events.on(event, changed);
  }

  get waiting(): number {
    return this.waiters.size;
  }

  /**
   * Resolves once the job has finished (or is gone), or undefined when `timeoutMs` passes or
   * `signal` aborts first. `checkNow: false` skips the first state read, for a waiter registered
   * before its job was added (its events cannot have passed yet); the periodic re-read stays.
   */
  waitUntilFinished(
    jobId: string,
    timeoutMs: number,
    signal?: AbortSignal,
    { checkNow = true }: { checkNow?: boolean } = {},
  ): Promise<Finished | undefined> {
    return new Promise<Finished | undefined>((resolve) => {
      let settled = false;
      const checks = this.waiters.get(jobId) ?? new Set<(finished?: Finished) => void>();
      this.waiters.set(jobId, checks);
      const finish = (finished: Finished | undefined): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timeout);
        clearInterval(poll);
        checks.delete(check);
        if (checks.size === 0) this.waiters.delete(jobId);
        signal?.removeEventListener('abort', onAbort);
        resolve(finished);
      };
      const check = (event?: Finished): void => {
        if (event) return finish(event);
        // A 'failed' event also fires for attempts that will be retried: the state decides.
        this.stateOf(jobId).then(
          (state) => {
            if (state === 'completed' || state === 'failed' || state === 'unknown') finish({ via: 'state' });
          },
          () => undefined,
        );
      };
      const onAbort = (): void => finish(undefined);
      const timeout = setTimeout(() => finish(undefined), timeoutMs);
      const poll = setInterval(check, this.pollMs);
      checks.add(check);
      if (signal?.aborted) return finish(undefined);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (checkNow) check();
    });
  }

  /**
   * Resolves at the job's next event (taken by a worker, finished, removed), after `timeoutMs`, or
   * when `signal` aborts, whichever comes first; callers re-read the job either way.
   */
  nextChange(jobId: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const notifiers = this.watchers.get(jobId) ?? new Set<() => void>();
      this.watchers.set(jobId, notifiers);
      const done = (): void => {
        clearTimeout(timeout);
        notifiers.delete(done);
        if (notifiers.size === 0) this.watchers.delete(jobId);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timeout = setTimeout(done, timeoutMs);
      notifiers.add(done);
      if (signal?.aborted) return done();
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
