import { createHash, randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { Redis } from 'ioredis';
import {
  type BatchAccepted,
  type BatchView,
  ErrorCodes,
  JOB_DATA_VERSION,
  type JobAccepted,
  type JobStatus,
  type JobView,
  OcrError,
  type OcrJobData,
  type OcrOptions,
  type OcrResult,
  PRIORITY_ASYNC,
  PRIORITY_SYNC,
  type RedisKeys,
  type SubmitApi,
  findAnnounced,
  isFinished,
  jobStatusFromQueueState,
  lookupLanguage,
  parseOcrResult,
} from '@ocr-pool/contracts';
import type { JobQueue, OcrJob } from '../repositories/job-queue.js';
import { annotateImage } from '@ocr-pool/annotate';
import type { BlobStore } from '../repositories/blob-store.js';
import type { BatchStore } from '../repositories/batch-store.js';
import type { LanguageDirectory } from '../repositories/language-directory.js';
import type { ImageInspector, InspectedImage } from './image-inspector.js';
import type { QueueDepthGuard } from './queue-depth-guard.js';
import type { SubmissionRateLimiter } from './submission-rate-limiter.js';
import type { JobWaiter } from './job-waiter.js';
import { cancelledView, jobView } from './job-views.js';
import type { DrawingGate } from './drawing-gate.js';
import { linkSignals } from './linked-signal.js';

/**
 * The gateway's decisions about jobs, apart from any transport: accept an image (check it, store
 * its bytes, enqueue), show a job to its tenant only, cancel a job that has not started, and wait
 * for a result within a deadline. HTTP and gRPC handlers call this and map its `OcrError`s.
 */
export interface JobServiceSettings {
  blobTtlSeconds: number;
  resultTtlSeconds: number;
  jobAttempts: number;
  retryBackoffMs: number;
  maxWaitSeconds: number;
}

export interface SubmitImage {
  bytes: Uint8Array;
  filename?: string;
}

export interface SubmitRequest extends SubmitImage {
  tenant: string;
  options: OcrOptions;
  api: SubmitApi;
  /** A caller waiting on the line: higher queue priority. */
  sync: boolean;
  idempotencyKey?: string;
  requestId?: string;
  /** The job's id from `jobIdFor`, when the caller needs it before submitting (`runSync` waits on it first). */
  jobId?: string;
  /** Rate and queue depth were already taken for this image, as one of a request's images. */
  admitted?: boolean;
  /** The image's checks, when the caller already ran them. */
  inspected?: InspectedImage;
  /** Epoch ms after which the caller no longer waits: past it, nothing is queued (TIMEOUT). */
  notAfter?: number;
}

export interface JobServiceDeps {
  redis: Redis;
  keys: RedisKeys;
  queue: JobQueue;
  blobs: BlobStore;
  batches: BatchStore;
  languages: LanguageDirectory;
  inspector: ImageInspector;
  depth: QueueDepthGuard;
  rate: SubmissionRateLimiter;
  waiter: JobWaiter;
  drawings: DrawingGate;
  settings: JobServiceSettings;
  onSubmitted?: (api: SubmitApi, count: number) => void;
}

/** Longest side of a drawn result's image (`annotated.png`): enough to read its boxes by eye. */
export const DRAWING_MAX_SIDE = 2_000;

const notFound = (what: string, id: string): OcrError =>
  new OcrError(ErrorCodes.NOT_FOUND, `No ${what} ${id} for this API key.`);

/** BullMQ's refusal to remove a job a worker holds; any other failure of a removal is Redis's. */
const LOCKED_BY_WORKER = 'could not be removed because it is locked';

export class JobService {
  /** Aborted when the gateway starts to stop: long polls answer with what they have, watches end. */
  private readonly stopping = new AbortController();
  /** Aborted near the end of the gateway's shutdown: synchronous waits stop and answer. */
  private readonly abandoning = new AbortController();
  private readonly syncCalls = new Set<Promise<unknown>>();

  constructor(private readonly deps: JobServiceDeps) {
    // Every long poll, watch and sync call listens on these while it runs: hundreds at once are
    // normal load, not the leak Node's default warning (past 10 listeners) is meant to catch.
    setMaxListeners(0, this.stopping.signal, this.abandoning.signal);
  }

  /** The gateway is stopping: long polls answer now with the job as it is, watch streams end. */
  endPolls(): void {
    this.stopping.abort();
  }

  /**
   * Synchronous waits stop: a job no worker has started is removed (its caller gets UNAVAILABLE,
   * to submit again elsewhere), one running is named in a TIMEOUT (to poll). Called before the
   * gateway's connections close, so no caller is cut off without an answer.
   */
  endSyncWaits(): void {
    this.abandoning.abort();
  }

  /** Resolves once every synchronous call in flight has answered, or after `limitMs`. */
  async syncCallsSettled(limitMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.syncCalls]),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, limitMs))),
    ]);
    clearTimeout(timer);
  }

  /** Accepts one image. With an Idempotency-Key, a repeat of the same request returns the first job. */
  async submit(request: SubmitRequest): Promise<JobAccepted> {
    const image = request.inspected ?? (await this.deps.inspector.inspect(request.bytes));
    await this.checkLanguage(request.options.language);
    const id = request.jobId ?? jobIdFor(request);
    if (request.idempotencyKey) {
      const existing = await this.deps.queue.get(id);
      if (existing) return this.sameRequestOrConflict(existing, image.sha256, request.options);
    }
    if (!request.admitted) {
      await this.deps.rate.take(request.tenant);
      await this.deps.depth.admit();
    }
    if (request.notAfter !== undefined && Date.now() >= request.notAfter) {
      // The caller has stopped waiting: a job queued now would run for no one.
      throw new OcrError(
        ErrorCodes.TIMEOUT,
        'The deadline passed before the image was queued; nothing was queued. Retry with a longer deadline.',
      );
    }
    const blobKey = this.deps.keys.blob(id, image.sha256);
    const data = await this.enqueue(id, blobKey, request, image.sha256, request.sync ? PRIORITY_SYNC : PRIORITY_ASYNC);
    if (!request.idempotencyKey) {
      this.deps.onSubmitted?.(request.api, 1);
      return { id, status: 'queued' };
    }
    // Two requests with one key can both find no job above and both add. BullMQ keeps the first
    // and answers the second with the second's own data, so only a read tells them apart.
    const stored = await this.deps.queue.get(id);
    if (stored?.data.blobKey !== blobKey) void this.deps.blobs.delete(blobKey).catch(() => undefined);
    if (!stored)
      throw new OcrError(
        ErrorCodes.IDEMPOTENCY_CONFLICT,
        'The job of this Idempotency-Key was removed while this request was being accepted. Use a new key.',
        { job_id: id },
      );
    const accepted = await this.sameRequestOrConflict(stored, image.sha256, request.options);
    // Counted once, by the request whose add was the one stored.
    const ours =
      stored.data.blobKey === blobKey &&
      stored.data.submittedAt === data.submittedAt &&
      stored.data.requestId === data.requestId;
    if (ours) this.deps.onSubmitted?.(request.api, 1);
    return accepted;
  }

  /** Accepts many images as one batch: all are checked before any is queued. */
  async submitBatch(
    tenant: string,
    images: readonly SubmitImage[],
    options: OcrOptions,
    api: SubmitApi,
  ): Promise<BatchAccepted> {
    if (images.length === 0)
      throw new OcrError(ErrorCodes.REQUEST_INVALID, 'No images: send one or more files in the "images" field.');
    const inspected = await Promise.all(images.map((img, i) => this.deps.inspector.inspect(img.bytes, `images[${i}]`)));
    await this.checkLanguage(options.language);
    await this.deps.rate.take(tenant, images.length);
    await this.deps.depth.admit(images.length);
    const batchId = randomUUID();
    const entries = images.map((img, i) => {
      const id = randomUUID();
      const sha256 = inspected[i]!.sha256;
      return { id, sha256, blobKey: this.deps.keys.blob(id, sha256), img, batchIndex: i };
    });
    const added = await Promise.allSettled(
      entries.map((e) =>
        this.enqueue(e.id, e.blobKey, { ...e.img, tenant, options, api, sync: false }, e.sha256, PRIORITY_ASYNC, {
          batchId,
          batchIndex: e.batchIndex,
        }),
      ),
    );
    try {
      const failed = added.find((a) => a.status === 'rejected');
      if (failed) throw failed.reason;
      await this.deps.batches.save(
        { id: batchId, tenant, jobIds: entries.map((e) => e.id), createdAt: Date.now() },
        this.deps.settings.resultTtlSeconds,
      );
    } catch (error) {
      // The batch is refused as a whole: the images already queued must not run unread.
      entries.forEach((e, i) => {
        if (added[i]!.status === 'fulfilled') this.withdraw(e.id, e.blobKey);
      });
      throw error;
    }
    this.deps.onSubmitted?.(api, images.length);
    return { id: batchId, status: 'queued', jobs: entries.map((e) => ({ id: e.id, status: 'queued' as const })) };
  }

  async view(tenant: string, id: string): Promise<JobView> {
    const found = await this.find(tenant, id);
    return 'job' in found ? jobView(found.job, found.state) : found.gone;
  }

  /** The tenant's job with its state, or the view of a job that is gone (cancelled); 404 otherwise. */
  private async find(tenant: string, id: string): Promise<{ job: OcrJob; state: string } | { gone: JobView }> {
    // State first, then the job: read the other way round, a job finishing in between would
    // show as completed with the result it did not have yet when it was loaded.
    const state = await this.deps.queue.state(id);
    const job = state === 'unknown' ? undefined : await this.deps.queue.get(id);
    if (!job) return { gone: await this.cancelledOr404(tenant, id) };
    if (job.data.tenant !== tenant) throw notFound('job', id);
    return { job, state };
  }

  /**
   * A completed job's result drawn over its image, as PNG. Workers keep a completed job's image
   * for IMAGE_RETENTION_SECONDS; after that the drawing is gone for good (IMAGE_EXPIRED).
   */
  async annotated(tenant: string, id: string, signal?: AbortSignal): Promise<Uint8Array> {
    const found = await this.find(tenant, id);
    const view = 'job' in found ? jobView(found.job, found.state) : found.gone;
    if (!('job' in found) || view.status !== 'completed' || !view.result) {
      throw new OcrError(
        ErrorCodes.JOB_NOT_FINISHED,
        isFinished(view.status)
          ? `Job ${id} is ${view.status}${view.error ? ` (${view.error.code})` : ''}: it has no result to draw, and never will.`
          : `Job ${id} is ${view.status}; only a completed job's result can be drawn. Poll GET /v1/jobs/${id} until it completes.`,
        { job_id: id },
      );
    }
    // Only the image stored for this job: data naming another key (not written by a gateway) draws nothing.
    const { blobKey } = found.job.data;
    const image = this.deps.keys.isBlobOf(blobKey, id) ? await this.deps.blobs.get(blobKey) : undefined;
    if (!image) {
      throw new OcrError(
        ErrorCodes.IMAGE_EXPIRED,
        `The image of job ${id} is no longer kept (workers keep it IMAGE_RETENTION_SECONDS after the job completes); its JSON result is still at GET /v1/jobs/${id}. Submit the image again to draw it.`,
        { job_id: id },
      );
    }
    const result = view.result;
    return this.deps.drawings.run(() => annotateImage(image, result, { maxSide: DRAWING_MAX_SIDE }), signal);
  }

  /**
   * The job's view once it has finished, or after `waitSeconds` (long polling), or at `answerBy`
   * (epoch ms) at the latest.
   */
  async waitForView(
    tenant: string,
    id: string,
    waitSeconds: number,
    signal?: AbortSignal,
    answerBy = Infinity,
  ): Promise<JobView> {
    const first = await this.view(tenant, id);
    const waitMs = Math.min(waitSeconds, this.deps.settings.maxWaitSeconds) * 1000;
    const ms = Math.min(waitMs, answerBy - Date.now());
    if (isFinished(first.status) || !(ms > 0)) return first;
    const stop = linkSignals(this.stopping.signal, signal);
    try {
      await this.deps.waiter.waitUntilFinished(id, ms, stop.signal);
    } finally {
      stop.release();
    }
    return this.view(tenant, id);
  }

  async cancel(tenant: string, id: string): Promise<JobView> {
    const found = await this.find(tenant, id);
    if (!('job' in found)) return found.gone;
    const { job } = found;
    const status = jobStatusFromQueueState(found.state);
    if (status !== 'queued' || !(await this.removeQueued(job))) {
      throw new OcrError(
        ErrorCodes.NOT_CANCELLABLE,
        `Job ${id} has ${status === 'queued' ? 'just started' : status === 'active' ? 'started' : 'finished'} and can no longer be cancelled.`,
        { job_id: id },
      );
    }
    return cancelledView(id, job.data.submittedAt);
  }

  async batchView(tenant: string, id: string): Promise<BatchView> {
    const batch = await this.deps.batches.load(id);
    if (!batch || batch.tenant !== tenant) throw notFound('batch', id);
    // A job of the batch that is no longer stored still has its place; any other failure (Redis)
    // fails the request, so a batch never reads finished from jobs it could not see.
    const views = await Promise.all(
      batch.jobIds.map((jobId) =>
        this.view(tenant, jobId).catch((error: unknown) => {
          if (error instanceof OcrError && error.code === ErrorCodes.NOT_FOUND) return goneView(jobId, batch.createdAt);
          throw error;
        }),
      ),
    );
    const counts: Record<JobStatus, number> = { queued: 0, active: 0, completed: 0, failed: 0, cancelled: 0 };
    for (const v of views) counts[v.status]++;
    const finished = counts.completed + counts.failed + counts.cancelled;
    const status =
      finished < views.length
        ? counts.active > 0 || finished > 0
          ? 'active'
          : 'queued'
        : counts.completed === views.length
          ? 'completed'
          : counts.completed === 0
            ? 'failed'
            : 'partial';
    return { id, status, counts, jobs: views };
  }

  /**
   * Submits at sync priority and waits up to `timeoutMs`. If the deadline passes while the job
   * still waits, it is removed so no worker spends time on it; a job already running is left to
   * finish and its id is returned in the TIMEOUT error, so the caller can poll instead of resubmitting.
   */
  runSync(request: Omit<SubmitRequest, 'sync'>, timeoutMs: number, signal?: AbortSignal): Promise<JobView> {
    // Aborted by the caller, or by the gateway's shutdown (which then answers for the call).
    const stop = linkSignals(this.abandoning.signal, signal);
    const call = this.runSyncTracked(request, timeoutMs, stop.signal, signal);
    this.syncCalls.add(call);
    const done = (): void => {
      this.syncCalls.delete(call);
      stop.release();
    };
    call.then(done, done);
    return call;
  }

  private async runSyncTracked(
    request: Omit<SubmitRequest, 'sync'>,
    timeoutMs: number,
    stop: AbortSignal,
    caller: AbortSignal | undefined,
  ): Promise<JobView> {
    const submittedAt = Date.now();
    // The waiter is in place before the job exists, so the completion event cannot come before
    // it and no read of the job's state is needed: one Redis call less per synchronous request.
    const id = jobIdFor(request);
    const submitFailed = new AbortController();
    const waiting = this.deps.waiter.waitUntilFinished(id, timeoutMs, AbortSignal.any([stop, submitFailed.signal]), {
      checkNow: request.idempotencyKey !== undefined,
    });
    try {
      if (this.abandoning.signal.aborted) throw shuttingDownError();
      await this.submit({ ...request, sync: true, jobId: id, notAfter: submittedAt + timeoutMs });
      this.deps.waiter.added(id);
    } catch (error) {
      submitFailed.abort();
      throw error;
    }
    const finished = await waiting;
    if (finished?.via === 'event') {
      const result = parseResult(finished.returnvalue);
      if (result)
        return { id, status: 'completed', result, submitted_at: new Date(submittedAt).toISOString(), attempts: 1 };
    }
    if (finished) return this.view(request.tenant, id);
    const job = await this.deps.queue.get(id);
    if (job && jobStatusFromQueueState(await job.getState()) === 'queued' && (await this.removeQueued(job))) {
      if (this.abandoning.signal.aborted && !caller?.aborted) throw shuttingDownError();
      throw new OcrError(
        ErrorCodes.TIMEOUT,
        `No worker started the job within ${timeoutMs} ms; it was removed from the queue. Retry later or raise the timeout.`,
        { job_id: id },
      );
    }
    const view = await this.view(request.tenant, id).catch(() => undefined);
    if (view && isFinished(view.status)) return view;
    throw new OcrError(
      ErrorCodes.TIMEOUT,
      `The job did not finish within ${timeoutMs} ms. It is still running: poll GET /v1/jobs/${id} for the result instead of submitting again.`,
      { job_id: id },
    );
  }

  /**
   * Runs one tenant's images synchronously, each on its own: an unreadable image fails alone and
   * the others still read. What concerns the whole request fails it before any image is queued
   * (a language no worker reads, the rate limit, a full queue: the readable images are counted
   * together); a failure that stops it midway (Redis down) withdraws the images still waiting.
   */
  async runSyncEach(
    requests: ReadonlyArray<Omit<SubmitRequest, 'sync'>>,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<SyncOutcome[]> {
    const tenant = requests[0]?.tenant ?? '';
    if (requests.some((r) => r.tenant !== tenant)) throw new Error('runSyncEach takes the images of one tenant');
    const inspected = await Promise.all(
      requests.map((r, i) =>
        this.deps.inspector.inspect(r.bytes, `images[${i}]`).then(
          (image) => ({ ok: true as const, image }),
          (error: unknown) => {
            if (error instanceof OcrError) return { ok: false as const, error };
            throw error;
          },
        ),
      ),
    );
    for (const language of new Set(requests.map((r) => r.options.language))) await this.checkLanguage(language);
    const readable = inspected.filter((i) => i.ok).length;
    if (readable > 0) {
      await this.deps.rate.take(tenant, readable);
      await this.deps.depth.admit(readable);
    }
    const abandoned = new AbortController();
    const stop = signal ? AbortSignal.any([signal, abandoned.signal]) : abandoned.signal;
    // One listener per image of the request (up to MAX_BATCH_FILES), not a leak.
    setMaxListeners(0, stop);
    return Promise.all(
      requests.map(async (request, i): Promise<SyncOutcome> => {
        const check = inspected[i]!;
        if (!check.ok) return { ok: false, error: check.error };
        try {
          const view = await this.runSync({ ...request, admitted: true, inspected: check.image }, timeoutMs, stop);
          return { ok: true, jobId: view.id, result: resultOf(view) };
        } catch (error) {
          if (!(error instanceof OcrError) || WHOLE_REQUEST_FAILURES.has(error.code)) {
            abandoned.abort();
            throw error;
          }
          return { ok: false, error };
        }
      }),
    );
  }

  /**
   * The job's view each time its status changes, ending once it has finished (or `signal` aborts).
   * Woken by queue events, with a re-read every `pollMs` in case an event was missed.
   */
  async *watch(tenant: string, id: string, signal: AbortSignal, pollMs = 1_000): AsyncGenerator<JobView> {
    const stop = linkSignals(this.stopping.signal, signal);
    let finished: boolean;
    try {
      finished = yield* this.watchUntil(tenant, id, stop.signal, pollMs);
    } finally {
      stop.release();
    }
    // Stopped by the gateway's shutdown, not by the caller: tell it to watch again elsewhere.
    if (!finished && !signal.aborted) {
      throw new OcrError(ErrorCodes.UNAVAILABLE, 'This gateway is shutting down: watch the job again.', {
        job_id: id,
        retry_after_seconds: 1,
      });
    }
  }

  /** The views of `watch`; returns true once the job has finished, false when `stop` aborted first. */
  private async *watchUntil(
    tenant: string,
    id: string,
    stop: AbortSignal,
    pollMs: number,
  ): AsyncGenerator<JobView, boolean> {
    let last = '';
    while (!stop.aborted) {
      const view = await this.view(tenant, id);
      const key = `${view.status}:${view.attempts}`;
      if (key !== last) {
        last = key;
        yield view;
      }
      if (isFinished(view.status)) return true;
      await this.deps.waiter.nextChange(id, pollMs, stop);
    }
    return false;
  }

  /** Refuses a language no running worker reads, naming the installed ones (when workers have announced any). */
  async checkLanguage(language: string): Promise<void> {
    const { everywhere: installed, somewhere } = await this.deps.languages.announced();
    if ((installed.length === 0 && somewhere.length === 0) || findAnnounced(installed, language)) return;
    if (findAnnounced(somewhere, language)) {
      throw new OcrError(
        ErrorCodes.LANGUAGE_UNAVAILABLE,
        `Language "${language}" is installed on some workers but not yet on all (a rollout in progress?): any worker may take a job, so it is refused until every worker reads it. Installed everywhere: ${installed.map((l) => l.code).join(', ') || 'none'}.`,
        { field: 'language', installed: installed.map((l) => l.code) },
      );
    }
    const known = lookupLanguage(language);
    const hint = known?.tesseract
      ? ` Installing the Debian package tesseract-ocr-${known.tesseract.replace(/_/g, '-')} on the workers adds ${known.name}.`
      : '';
    throw new OcrError(
      ErrorCodes.LANGUAGE_UNAVAILABLE,
      `Language "${language}" is not installed. Installed languages: ${installed.map((l) => l.code).join(', ')}.${hint}`,
      { field: 'language', installed: installed.map((l) => l.code) },
    );
  }

  /**
   * Stores the image and adds its job. If that fails, a job with a random id is withdrawn: a
   * command that timed out still runs once Redis answers again, and the client, told 503, must
   * not find a job of its own running. An idempotent id may be an earlier request's job, which
   * stays (the client's retry with the same key finds it). Returns the job data it wrote.
   */
  private async enqueue(
    id: string,
    blobKey: string,
    request: SubmitRequest,
    sha256: string,
    priority: number,
    batch?: { batchId: string; batchIndex: number },
  ): Promise<OcrJobData> {
    const { settings } = this.deps;
    // Not awaited before the add: both go down one Redis connection in order, so the image is
    // stored before any worker can see the job, and the two round trips overlap.
    const stored = this.deps.blobs.put(blobKey, request.bytes, settings.blobTtlSeconds);
    const data: OcrJobData = {
      v: JOB_DATA_VERSION,
      blobKey,
      options: request.options,
      tenant: request.tenant,
      api: request.api,
      submittedAt: Date.now(),
      imageBytes: request.bytes.length,
      imageSha256: sha256,
      ...(batch ?? {}),
      ...(request.filename ? { filename: request.filename.slice(0, 512) } : {}),
      ...(request.requestId ? { requestId: request.requestId.slice(0, 128) } : {}),
    };
    try {
      await Promise.all([
        stored,
        this.deps.queue.add(id, data, {
          priority,
          attempts: settings.jobAttempts,
          backoffMs: settings.retryBackoffMs,
          keepSeconds: settings.resultTtlSeconds,
        }),
      ]);
    } catch (error) {
      if (!request.idempotencyKey) this.withdraw(id, blobKey);
      throw error;
    }
    return data;
  }

  private async sameRequestOrConflict(existing: OcrJob, sha256: string, options: OcrOptions): Promise<JobAccepted> {
    if (existing.data.imageSha256 !== sha256 || JSON.stringify(existing.data.options) !== JSON.stringify(options)) {
      throw new OcrError(
        ErrorCodes.IDEMPOTENCY_CONFLICT,
        'This Idempotency-Key was already used with a different image or options. Use a new key for a new request.',
        { job_id: existing.id! },
      );
    }
    return { id: existing.id!, status: jobStatusFromQueueState(await existing.getState()) ?? 'queued' };
  }

  /**
   * Removes a job whose submission failed, without waiting: the removal goes down the same
   * connection after the add, so Redis runs it after the add even when both wait for a stalled
   * Redis. If a worker took the job first, the removal fails and the job runs unread.
   */
  private withdraw(id: string, blobKey: string): void {
    void Promise.allSettled([this.deps.queue.remove(id), this.deps.blobs.delete(blobKey)]);
  }

  private async removeQueued(job: OcrJob): Promise<boolean> {
    try {
      await job.remove();
    } catch (error) {
      if (error instanceof Error && error.message.includes(LOCKED_BY_WORKER)) return false; // it has started
      throw error;
    }
    await this.deps.redis.set(
      this.deps.keys.cancelled(job.id!),
      JSON.stringify({ tenant: job.data.tenant, submittedAt: job.data.submittedAt }),
      'EX',
      this.deps.settings.resultTtlSeconds,
    );
    await this.deps.blobs.delete(job.data.blobKey);
    return true;
  }

  private async cancelledOr404(tenant: string, id: string): Promise<JobView> {
    const raw = await this.deps.redis.get(this.deps.keys.cancelled(id));
    const mark = raw ? (JSON.parse(raw) as { tenant?: string; submittedAt?: number }) : undefined;
    if (!mark || mark.tenant !== tenant) throw notFound('job', id);
    return cancelledView(id, mark.submittedAt ?? Date.now());
  }
}

function shuttingDownError(): OcrError {
  return new OcrError(
    ErrorCodes.UNAVAILABLE,
    'This gateway is shutting down and no worker had started the image; it was not read. Send it again.',
    { retry_after_seconds: 1 },
  );
}

/** A job of a batch that is no longer stored (its result expired, or an operator removed it). */
function goneView(id: string, submittedAt: number): JobView {
  return {
    id,
    status: 'failed',
    submitted_at: new Date(submittedAt).toISOString(),
    attempts: 0,
    error: {
      code: ErrorCodes.NOT_FOUND,
      message: 'This job is no longer stored: its result expired (RESULT_TTL_SECONDS) or it was removed.',
    },
  };
}

export type SyncOutcome = { ok: true; jobId: string; result: OcrResult } | { ok: false; error: OcrError };

const WHOLE_REQUEST_FAILURES: ReadonlySet<string> = new Set([
  ErrorCodes.QUEUE_FULL,
  ErrorCodes.RATE_LIMITED,
  ErrorCodes.UNAVAILABLE,
]);

/** The result of a finished job, or its failure as an error. */
export function resultOf(view: JobView): OcrResult {
  if (view.status === 'completed' && view.result) return view.result;
  if (view.error) throw new OcrError(view.error.code, view.error.message, { job_id: view.id });
  throw new OcrError(ErrorCodes.ENGINE_FAILURE, `Job ${view.id} ended as ${view.status} without a result.`, {
    job_id: view.id,
  });
}

/** The completion event's result, or undefined when it is not one (the job's view then says why). */
function parseResult(value: unknown): OcrResult | undefined {
  const parsed = parseOcrResult(value);
  return parsed.ok ? parsed.result : undefined;
}

/** A new job's id: derived from the tenant and its Idempotency-Key when there is one, else random. */
function jobIdFor(request: Pick<SubmitRequest, 'tenant' | 'idempotencyKey'>): string {
  return request.idempotencyKey ? idempotentJobId(request.tenant, request.idempotencyKey) : randomUUID();
}

/** A job id derived from the tenant and its Idempotency-Key: the same key always means the same job. */
export function idempotentJobId(tenant: string, key: string): string {
  return `idem-${createHash('sha256').update(`${tenant}\u0000${key}`).digest('hex').slice(0, 32)}`;
}
