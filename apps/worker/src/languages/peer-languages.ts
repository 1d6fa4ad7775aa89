import type { Redis } from 'ioredis';
import { type RedisKeys, findAnnounced, parseWorkerLanguages } from '@ocr-pool/contracts';

/**
 * What the other running workers of this queue announce they read (their LanguagePublisher
 * entries). Gateways admit a job when any worker reads its language, so a worker that does not
 * (a pool mid-rollout of a new language, a worker without tesseract) asks here before failing it.
 */
export class PeerLanguages {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly ownId: string,
  ) {}

  /** Whether another worker's unexpired announcement names `language`. */
  async readByAnother(language: string): Promise<boolean> {
    const entries = await this.redis.hgetall(this.keys.languages());
    const now = Date.now();
    return Object.entries(entries).some(([workerId, raw]) => {
      if (workerId === this.ownId) return false;
      const entry = parseWorkerLanguages(raw);
      return entry !== undefined && entry.expiresAt > now && findAnnounced(entry.languages, language) !== undefined;
    });
  }
}
