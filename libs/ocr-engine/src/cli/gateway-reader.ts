import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import {
  isFinished,
  type JobAccepted,
  type JobView,
  type OcrOptions,
  type OcrResult,
  type ProblemDetails,
} from '@ocr-pool/contracts';

/**
 * `npm run ocr -- --via URL`: reads images through a running ocr-pool gateway instead of a local
 * engine, with the async API a batch client should use: `POST /v1/jobs`, then `GET /v1/jobs/{id}?wait=N`
 * until the job ends. A full queue (429) or a gateway that is restarting or cannot reach Redis
 * (503), or a connection lost after the gateway once answered, is waited out (as `Retry-After`
 * says, for at most `retryForMs` in a row); each image keeps one `Idempotency-Key` across those
 * retries, so a submit that got through before its answer was lost is not run twice. Input
 * problems (415, 413, 422) fail that image alone with the gateway's code and message. A gateway
 * that never answered at all, or that refuses the API key (401), stops the run: every image would
 * fail the same way.
 */
export type ReadOutcome = { ok: true; result: OcrResult } | Failed;
type Failed = { ok: false; error: { code: string; message: string } };

const failure = ({ code, message }: { code: string; message: string }): Failed => ({
  ok: false,
  error: { code, message },
});

export interface GatewayReaderOptions {
  baseUrl: string;
  apiKey?: string;
  /** Seconds each long poll may wait at the gateway. */
  pollSeconds?: number;
  /** Longest total time to keep retrying a submit that the gateway refuses for now (429, 503). */
  retryForMs?: number;
  /** Told once per wait, e.g. "queue full, retrying in 5 s". */
  onNotice?: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

/** Every image would fail the same way: the run stops with this one message. */
export class RunStoppedError extends Error {}

/** The gateway could not be reached at all. */
export class GatewayUnreachableError extends RunStoppedError {}

/** The gateway refused the API key, or wants one and none was given. */
export class GatewayRefusedKeyError extends RunStoppedError {}

const RETRYABLE = new Set([429, 502, 503, 504]);

export class GatewayReader {
  private readonly base: string;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly retryForMs: number;
  /** The gateway has answered once: a lost connection from now on is a restart, not a wrong URL. */
  private reached = false;

  constructor(private readonly options: GatewayReaderOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.retryForMs = options.retryForMs ?? 600_000;
  }

  async read(image: Uint8Array, file: string, ocr: OcrOptions): Promise<ReadOutcome> {
    const submitted = await this.submit(image, file, ocr);
    if (!submitted.ok) return submitted;
    return this.waitFor(submitted.id);
  }

  private async submit(image: Uint8Array, file: string, ocr: OcrOptions): Promise<{ ok: true; id: string } | Failed> {
    const idempotencyKey = randomUUID();
    const giveUpAt = Date.now() + this.retryForMs;
    // fetch serialises a FormData afresh for each request, so every retry sends the same form.
    const body = new FormData();
    body.set('image', new Blob([image]), basename(file));
    body.set('language', ocr.language);
    body.set('confidence_threshold', String(ocr.confidence_threshold));
    body.set('use_angle_cls', String(ocr.use_angle_cls));
    for (;;) {
      const response = await this.request(
        '/v1/jobs',
        { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } },
        giveUpAt,
      );
      if (response.status === 202) return { ok: true, id: ((await response.json()) as JobAccepted).id };
      if (response.status === 401) throw await this.refusedKey(response);
      if (!RETRYABLE.has(response.status)) return failure(await readProblem(response));
      const failed = await this.waitOut(response, giveUpAt, basename(file));
      if (failed) return failed;
    }
  }

  private async waitFor(id: string): Promise<ReadOutcome> {
    const wait = this.options.pollSeconds ?? 30;
    // Long polls that answer "still running" may go on as long as the job takes; only refusals and
    // lost connections in a row count against retryForMs.
    let giveUpAt = Date.now() + this.retryForMs;
    for (;;) {
      const response = await this.request(`/v1/jobs/${encodeURIComponent(id)}?wait=${wait}`, {}, giveUpAt);
      if (RETRYABLE.has(response.status)) {
        // Polls wait quietly: the image was accepted, and a notice per poll would flood the terminal.
        const failed = await this.waitOut(response, giveUpAt);
        if (failed) return failed;
        continue;
      }
      giveUpAt = Date.now() + this.retryForMs;
      if (response.status === 401) throw await this.refusedKey(response);
      if (!response.ok) return failure(await readProblem(response));
      const view = (await response.json()) as JobView;
      if (!isFinished(view.status)) continue;
      if (view.status === 'completed' && view.result) return { ok: true, result: view.result };
      return {
        ok: false,
        error: view.error ?? {
          code: view.status.toUpperCase(),
          message: view.status === 'completed' ? 'The job completed without a result.' : `The job was ${view.status}.`,
        },
      };
    }
  }

  private async refusedKey(response: Response): Promise<GatewayRefusedKeyError> {
    const { code, message } = await readProblem(response);
    const fix = this.options.apiKey
      ? 'check the key given with --key or OCR_API_KEY'
      : 'give a key with --key or OCR_API_KEY';
    return new GatewayRefusedKeyError(`the gateway at ${this.base} answered 401 ${code}: ${message} (${fix})`);
  }

  /**
   * Waits out a refusal worth retrying as its `Retry-After` says (telling `onNotice` when `what` is
   * named); past `giveUpAt` the refusal is the outcome.
   */
  private async waitOut(response: Response, giveUpAt: number, what?: string): Promise<Failed | undefined> {
    const problem = await readProblem(response);
    if (Date.now() >= giveUpAt) return failure(problem);
    const waitSeconds = retryAfterSeconds(response, problem);
    if (what) this.options.onNotice?.(`${problem.code} (${response.status}): retrying ${what} in ${waitSeconds} s`);
    await this.sleep(waitSeconds * 1000);
    return undefined;
  }

  /** `fetch` with the key, retrying a lost connection once the gateway has answered (until `giveUpAt`). */
  private async request(path: string, init: RequestInit, giveUpAt: number): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.options.apiKey) headers.set('Authorization', `Bearer ${this.options.apiKey}`);
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await fetch(`${this.base}${path}`, { ...init, headers });
        this.reached = true;
        return response;
      } catch (error) {
        const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
        if (!this.reached || Date.now() >= giveUpAt)
          throw new GatewayUnreachableError(`cannot reach the gateway at ${this.base} (${cause})`);
        const waitSeconds = Math.min(2 ** attempt, 10);
        this.options.onNotice?.(`lost the gateway (${cause}): retrying in ${waitSeconds} s`);
        await this.sleep(waitSeconds * 1000);
      }
    }
  }
}

/** The gateway's problem details, or what the status alone says when the body is not one (a proxy's page). */
async function readProblem(response: Response): Promise<{ code: string; message: string; retryAfter?: number }> {
  const text = await response.text();
  try {
    const problem = JSON.parse(text) as Partial<ProblemDetails>;
    if (typeof problem.code === 'string' && typeof problem.detail === 'string') {
      return {
        code: problem.code,
        message: problem.detail,
        ...(typeof problem.retry_after_seconds === 'number' ? { retryAfter: problem.retry_after_seconds } : {}),
      };
    }
  } catch {
    // not JSON
  }
  return {
    code: `HTTP_${response.status}`,
    message: `The gateway answered ${response.status} ${response.statusText}.`,
  };
}

function retryAfterSeconds(response: Response, problem: { retryAfter?: number }): number {
  const header = Number(response.headers.get('retry-after'));
  const seconds = Number.isFinite(header) && header > 0 ? header : (problem.retryAfter ?? 1);
  return Math.min(Math.max(seconds, 1), 60);
}
