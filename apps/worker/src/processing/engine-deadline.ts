import { ErrorCodes, OcrError } from '@ocr-pool/contracts';
import type { OcrEngine, OcrOutcome, OcrRequest, PrecisionChoice } from '@ocr-pool/ocr-engine';

/**
 * The engine with a deadline on each call. An inference thread stuck inside a native call never
 * answers and cannot be stopped from JavaScript; without a deadline its jobs stay active for good
 * (the worker keeps renewing their locks). Past the deadline the call's images fail with
 * ENGINE_FAILURE (retried, by another worker), and the engine counts as unable to read from then
 * on: the worker hands jobs back, turns not ready, and its liveness fails after
 * ENGINE_DOWN_RESTART_MS, so Kubernetes starts a fresh process.
 */
export class EngineDeadline implements OcrEngine {
  private stuck = false;

  constructor(
    private readonly inner: OcrEngine,
    private readonly limitMs: number,
    private readonly onStuck: (limitMs: number) => void = () => undefined,
  ) {}

  get id(): string {
    return this.inner.id;
  }

  languages(): ReturnType<OcrEngine['languages']> {
    return this.inner.languages();
  }

  healthy(): boolean {
    return !this.stuck && (this.inner.healthy?.() ?? true);
  }

  usage(): ReturnType<NonNullable<OcrEngine['usage']>> {
    return this.inner.usage?.();
  }

  recognisers(): PrecisionChoice[] {
    return this.inner.recognisers?.() ?? [];
  }

  async recognize(requests: readonly OcrRequest[]): Promise<OcrOutcome[]> {
    if (this.stuck) return this.failAll(requests);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), this.limitMs)));
    try {
      const outcomes = await Promise.race([this.inner.recognize(requests), late]);
      if (outcomes) return outcomes;
      // Calls in flight together time out together: one report for the engine.
      if (!this.stuck) this.onStuck(this.limitMs);
      this.stuck = true;
      return this.failAll(requests);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  async halt(): Promise<void> {
    await this.inner.halt?.();
  }

  private failAll(requests: readonly OcrRequest[]): OcrOutcome[] {
    const error = new OcrError(
      ErrorCodes.ENGINE_FAILURE,
      `The engine did not answer within ${this.limitMs} ms (ENGINE_CALL_TIMEOUT_MS); this worker reads no more images until it is restarted.`,
    );
    return requests.map(() => ({ ok: false, error }));
  }
}
