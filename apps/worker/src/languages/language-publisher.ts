import type { Redis } from 'ioredis';
import { type LanguageAvailability, type RedisKeys, type WorkerLanguages, within } from '@ocr-pool/contracts';
import type { OcrEngine } from '@ocr-pool/ocr-engine';

/** The longest `stop` waits to take this worker's entry out. */
const STOP_WAIT_MS = 1_000;

/**
 * Announces the languages this worker reads, as its field of the languages hash with an expiry
 * it refreshes, so gateways can list installed languages and refuse unknown ones at once without
 * ever loading an engine. A worker that dies drops out once its entry expires (`ttlSeconds`).
 */
export class LanguagePublisher {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly workerId: string,
    private readonly engine: OcrEngine,
    private readonly ttlSeconds = 60,
  ) {}

  languages(): LanguageAvailability[] {
    return this.engine.languages().map((l) => ({
      code: l.code,
      name: l.name,
      aliases: [...l.aliases],
      engine: l.engine,
      ...(l.pack ? { pack: l.pack } : {}),
    }));
  }

  async start(): Promise<void> {
    await this.publish();
    this.timer = setInterval(() => void this.publish().catch(() => undefined), (this.ttlSeconds * 1000) / 3);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    // While Redis is away the entry is left to expire: a delete would wait for Redis to return.
    if (this.redis.status !== 'ready') return;
    await within(
      this.redis.hdel(this.keys.languages(), this.workerId).catch(() => 0),
      STOP_WAIT_MS,
      0,
    );
  }

  private async publish(): Promise<void> {
    const entry: WorkerLanguages = { expiresAt: Date.now() + this.ttlSeconds * 1000, languages: this.languages() };
    await this.redis.hset(this.keys.languages(), this.workerId, JSON.stringify(entry));
  }
}
