/**
 * How long the engine has been unable to read, for the liveness probe: a worker whose inference
 * threads cannot be started again hands its jobs back and is not ready, but only a new process
 * (Kubernetes restarts a container whose liveness fails) gets fresh memory and a fresh device.
 * Sampled when asked; a probe every few seconds is enough.
 */
export class EngineWatch {
  private downSince: number | undefined;

  constructor(
    private readonly healthy: () => boolean,
    /** Past this, the process no longer counts as alive. */
    private readonly restartAfterMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** False once the engine has been unable to read for longer than the limit. */
  alive(): boolean {
    if (this.healthy()) {
      this.downSince = undefined;
      return true;
    }
    this.downSince ??= this.now();
    return this.now() - this.downSince <= this.restartAfterMs;
  }
}
