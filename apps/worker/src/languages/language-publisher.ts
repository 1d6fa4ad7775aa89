import type { Redis } from 'ioredis';
import { type LanguageAvailability, type RedisKeys } from '@ocr-pool/contracts';
import type { OcrEngine } from '@ocr-pool/ocr-engine';

/**
 * Announces the languages this worker reads, under a key that expires unless refreshed, so
 * gateways can list installed languages and refuse unknown ones at once without ever loading an
 * engine themselves. A worker that dies drops out within `ttlSeconds`.
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
    await this.redis.del(this.keys.languages(this.workerId)).catch(() => undefined);
  }

  private async publish(): Promise<void> {
    await this.redis.set(this.keys.languages(this.workerId), JSON.stringify(this.languages()), 'EX', this.ttlSeconds);
  }
}
