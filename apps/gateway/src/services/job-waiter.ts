import type { QueueEvents } from 'bullmq';

/**
 * Waits for jobs to finish without one Redis subscription per waiting request: one QueueEvents
 * stream feeds all waiters. Events alone are not trusted (an event published while the stream's
 * connection reconnects is never seen), so the job's state is also read when a waiter starts and
 * then every `pollMs` (ARCHITECTURE.md, job lifecycle step 4). Those reads are per job, not per
 * waiter: 200 callers long-polling one job cost one read a second, not 200.
 */
/** What the completion event said, when the job finished by an event: the result rides along. */
export type Finished = { via: 'event'; returnvalue: unknown } | { via: 'state' };

type Check = (finished: Finished) => void;

/** The callers waiting on one job, and the one state read they share. */
interface JobWatch {
  checks: Set<Check>;
  poll: NodeJS.Timeout;
  reading: boolean;
  /** Asked for while a read was out: that read may have started before what it was asked about. */
  readAgain: boolean;
  /**
   * Whether the job is known to have been added. Until then a read that finds no job (`unknown`)
   * says nothing: a sync caller waits before its job is added, and a slow Redis can answer a poll
   * sent before the add.
   */
  added: boolean;
}

export class JobWaiter {
  private readonly jobs = new Map<string, JobWatch>();
  private readonly watchers = new Map<string, Set<() => void>>();

  constructor(
    events: QueueEvents,
    private readonly stateOf: (jobId: string) => Promise<string>,
    private readonly pollMs = 1_000,
  ) {
    // A completed job's result comes with its event: no read of Redis is needed to answer.
    events.on('completed', ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }) =>
      this.finishAll(this.jobs.get(jobId), { via: 'event', returnvalue }),
    );
    // A 'failed' event also fires for attempts that will be retried: the state decides.
    const read = ({ jobId }: { jobId: string }): void => this.readState(jobId);
    events.on('failed', read);
    events.on('removed', read);
    const changed = ({ jobId }: { jobId: string }): void => this.watchers.get(jobId)?.forEach((notify) => notify());
    for (const event of ['active', 'completed', 'failed', 'removed'] as const) events.on(event, changed);
  }

  /** Jobs with at least one caller waiting for them to finish. */
  get waiting(): number {
    return this.jobs.size;
  }

  /**
   * Resolves once the job has finished (or is gone), or undefined when `timeoutMs` passes or
   * `signal` aborts first. `checkNow: false` is for a waiter registered before its job is added
   * (its events cannot have passed yet): no first state read, and no job found means nothing until
   * the caller says `added`; the periodic re-read stays.
   */
  waitUntilFinished(
    jobId: string,
    timeoutMs: number,
    signal?: AbortSignal,
    { checkNow = true }: { checkNow?: boolean } = {},
  ): Promise<Finished | undefined> {
    return new Promise<Finished | undefined>((resolve) => {
      if (signal?.aborted) return resolve(undefined);
      const watch = this.watch(jobId);
      if (checkNow) watch.added = true;
      const finish = (finished: Finished | undefined): void => {
        if (!watch.checks.delete(finish)) return;
        if (watch.checks.size === 0) this.unwatch(jobId, watch);
        clearTimeout(timeout);
        signal?.removeEventListener('abort', onAbort);
        resolve(finished);
      };
      const onAbort = (): void => finish(undefined);
      const timeout = setTimeout(onAbort, timeoutMs);
      watch.checks.add(finish);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (checkNow) this.readState(jobId);
    });
  }

  /** The job of a waiter registered with `checkNow: false` has been added: from now on, gone means gone. */
  added(jobId: string): void {
    const watch = this.jobs.get(jobId);
    if (watch) watch.added = true;
  }

  private watch(jobId: string): JobWatch {
    const existing = this.jobs.get(jobId);
    if (existing) return existing;
    const watch: JobWatch = {
      checks: new Set(),
      poll: setInterval(() => this.readState(jobId), this.pollMs),
      reading: false,
      readAgain: false,
      added: false,
    };
    this.jobs.set(jobId, watch);
    return watch;
  }

  private unwatch(jobId: string, watch: JobWatch): void {
    clearInterval(watch.poll);
    if (this.jobs.get(jobId) === watch) this.jobs.delete(jobId);
  }

  private finishAll(watch: JobWatch | undefined, finished: Finished): void {
    if (watch) for (const check of [...watch.checks]) check(finished);
  }

  /** One read of the job's state at a time; asks made while one is out get one more after it. */
  private readState(jobId: string): void {
    const watch = this.jobs.get(jobId);
    if (!watch) return;
    if (watch.reading) {
      watch.readAgain = true;
      return;
    }
    watch.reading = true;
    const added = watch.added;
    this.stateOf(jobId)
      .then(
        (state) => {
          if (state === 'completed' || state === 'failed' || (state === 'unknown' && added))
            this.finishAll(watch, { via: 'state' });
        },
        () => undefined,
      )
      .finally(() => {
        watch.reading = false;
        if (!watch.readAgain) return;
        watch.readAgain = false;
        if (this.jobs.get(jobId) === watch) this.readState(jobId);
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
