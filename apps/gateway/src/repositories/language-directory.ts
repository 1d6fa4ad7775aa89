import type { Redis } from 'ioredis';
import type { LanguageAvailability, RedisKeys } from '@ocr-pool/contracts';

/**
 * The languages running workers announced (see the worker's LanguagePublisher), merged and cached
 * for a few seconds so a burst of requests costs one Redis scan.
 */
export class LanguageDirectory {
  private cache: { at: number; languages: LanguageAvailability[] } | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly maxAgeMs = 5_000,
  ) {}

  async list(): Promise<LanguageAvailability[]> {
    if (this.cache && Date.now() - this.cache.at < this.maxAgeMs) return this.cache.languages;
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', this.keys.languagesPattern(), 'COUNT', 100);
      cursor = next;
      found.push(...batch);
    } while (cursor !== '0');
    const merged = new Map<string, LanguageAvailability>();
    if (found.length > 0) {
      for (const raw of await this.redis.mget(...found)) {
        if (!raw) continue;
        for (const language of JSON.parse(raw) as LanguageAvailability[])
          if (!merged.has(language.code)) merged.set(language.code, language);
      }
    }
    const languages = [...merged.values()].sort((a, b) => a.code.localeCompare(b.code));
    this.cache = { at: Date.now(), languages };
    return languages;
  }
}
