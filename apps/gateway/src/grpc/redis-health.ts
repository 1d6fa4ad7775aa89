import type { Redis } from 'ioredis';
import { redisAnswers } from '@ocr-pool/contracts/redis';

/**
 * Follows whether Redis answers, for the gRPC health service: the gateway can do nothing useful
 * without it. Connection events give the change at once; a ping every `intervalMs` catches a
 * Redis that hangs without closing the connection.
 */
export class RedisHealth {
  private healthy: boolean | undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly listeners = new Set<(healthy: boolean) => void>();

  constructor(
    private readonly redis: Redis,
    intervalMs = 1_000,
    private readonly pingTimeoutMs = 1_000,
  ) {
    redis.on('ready', this.onReady);
    redis.on('close', this.onDown);
    redis.on('end', this.onDown);
    this.timer = setInterval(() => void this.check(), intervalMs);
    this.timer.unref();
    void this.check();
  }

  get isHealthy(): boolean {
    return this.healthy === true;
  }

  /** Calls `listener` now with the current state and on every change. */
  onChange(listener: (healthy: boolean) => void): void {
    this.listeners.add(listener);
    listener(this.isHealthy);
  }

  async check(): Promise<boolean> {
    const ok = await redisAnswers(this.redis, this.pingTimeoutMs);
    this.set(ok);
    return ok;
  }

  stop(): void {
    clearInterval(this.timer);
    this.redis.off('ready', this.onReady);
    this.redis.off('close', this.onDown);
    this.redis.off('end', this.onDown);
  }

  private readonly onReady = (): void => void this.check();
  private readonly onDown = (): void => this.set(false);

  private set(healthy: boolean): void {
    if (healthy === this.healthy) return;
    this.healthy = healthy;
    for (const listener of this.listeners) listener(healthy);
  }
}
